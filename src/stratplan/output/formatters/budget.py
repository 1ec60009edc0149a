"""Budget output: rich table, Markdown, tidy CSV and JSON. Numbers arrive computed; this only lays out."""

from __future__ import annotations

import csv
import json
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, TextIO

from rich.console import Console

from stratplan.compute.rollup import (
    ALL,
    ALL_YEARS,
    SHOWN_STATUSES,
    Amount,
    Gap,
    MarkerRow,
    PlanBudget,
    UnknownAmount,
    budget_lines,
    common_unit,
    kind_lines,
)
from stratplan.core.numbers import amount_text, plain, uah
from stratplan.model import MARKER_WORDS
from stratplan.output.export import CSV_LINE_END, neutralise
from stratplan.output.formatters.markdown import md_escape
from stratplan.output.formatters.tables import Column, console_for, print_table
from stratplan.output.formatters.terminal import printable

CSV_COLUMNS = ("community", "level", "code", "year", "source", "amount", "basis", "unit")
STATUS_TEXT = {
    "sources_only": "the plan names funding sources for its items but gives no amounts",
    "no_funding": "the plan gives no amounts and names no funding source for any item",
}
STATUS_NOTES = {
    "declared_only": "the items give no amounts: the totals are shown as the document declares them, with nothing "
                     "to check them against",
    "markers_only": "the items give no amounts, only how they are funded (" + ", ".join(MARKER_WORDS.values()) + ")",
}
UNIT_TITLES = {"thousand_uah": "thousand UAH (тис. грн)", "uah": "UAH (грн)"}
KIND_UNIT = {"thousand_uah": "thousand UAH", "uah": "UAH"}
ISSUER_WORDS = {"community": "громада", "district": "район", "oblast": "область"}




@dataclass(frozen=True)
class Line:
    """One row of the human-readable table: a label, amounts per year and their total, unknown years marked."""

    code: str
    label: str
    source: str
    basis: str
    years: dict[int, Decimal]
    total: Decimal | None
    unknown: frozenset[int | str] = frozenset()


BASIS_ORDER = {"computed": 0, "period_total": 1, "declared": 2, "difference": 3, **{m: 4 for m in MARKER_WORDS}}


def _lines(budget: PlanBudget, by_source: bool) -> list[Line]:
    lines = [Line(b.code, _label(budget, b.level, b.code), b.source, b.basis, b.years, b.total, b.unknown)
             for b in budget_lines(budget, by_source)]
    lines += _difference_lines(budget)
    lines += [Line(m.code, _label(budget, m.level, m.code), m.source if by_source else ALL, m.marker, {}, None)
              for m in _markers(budget, by_source)]
    catalog = {source: rank for rank, source in enumerate(budget.sources)}

    def order(line: Line) -> tuple[bool, tuple[int, ...], int, int, str]:
        # Declared rows as the document prints them: its sources in catalog order, then every source together.
        rank = (len(catalog) if line.source == ALL else catalog.get(line.source, -1)) if line.basis == "declared" else 0
        return line.code == "", _code_key(line.code), BASIS_ORDER[line.basis], rank, line.source

    return sorted(lines, key=order)


def _markers(budget: PlanBudget, by_source: bool) -> list[MarkerRow]:
    """Funding markers per node (and plan) and source, merged over the sources unless shown by source."""
    if by_source:
        return list(budget.markers)
    merged: dict[tuple[str, str, str], MarkerRow] = {}
    for row in budget.markers:
        key = (row.level, row.code, row.marker)
        seen = merged.get(key)
        nodes = row.nodes if seen is None else (*seen.nodes, *(n for n in row.nodes if n not in seen.nodes))
        merged[key] = MarkerRow(row.community, row.level, row.code, ALL, row.marker, nodes)
    return list(merged.values())


def marker_text(marker: str, nodes: int, plan: bool) -> str:
    """A funding marker as the document prints it; for the plan's row, with the number of items that carry it."""
    return f"{MARKER_WORDS[marker]} ({nodes})" if plan else MARKER_WORDS[marker]


def _label(budget: PlanBudget, level: str, code: str) -> str:
    return "plan total" if level == "plan" else budget.nodes.get(code, ("", ""))[1]


def _difference_lines(budget: PlanBudget) -> list[Line]:
    """Declared minus computed per node and year, for the nodes shown whose figures differ."""
    shown = {(r.level, r.code) for r in budget.rows if r.basis == "declared"}
    grouped: dict[tuple[str, str, str], dict[int, Decimal]] = {}
    for gap in budget.gaps:
        if (gap.level, gap.code) in shown:
            grouped.setdefault((gap.level, gap.code, gap.source), {})[gap.year] = gap.difference
    return [Line(code, _label(budget, level, code), source, "difference", years, sum(years.values(), Decimal(0)))
            for (level, code, source), years in grouped.items()]


def _code_key(code: str) -> tuple[int, ...]:
    return tuple(int(p) if p.isdigit() else 0 for p in code.split(".")) if code else ()


def _years(budget: PlanBudget) -> list[int]:
    """The year columns: every year with money, known or unknown."""
    years = [r.year for r in budget.rows] + [u.year for u in budget.unknown]
    return sorted({year for year in years if isinstance(year, int)})


def _source_name(budget: PlanBudget, source: str) -> str:
    return "all sources" if source == ALL else budget.sources.get(source, (source, ""))[0]


KIND_NAMES = {"local_budget": "local budget", "state_budget": "state budget", "oblast_budget": "oblast budget",
              "attracted": "international/attracted funds", "other": "other", ALL: "not split by source"}


def gap_notes(budget: PlanBudget) -> list[str]:
    """One sentence per difference between declared and computed figures."""
    notes = []
    for gap in budget.gaps:
        where = f"goal {gap.code}" if gap.code else "the plan"
        source = "" if gap.source == ALL else f" ({_source_name(budget, gap.source)})"
        text = (f"{where}, {gap.year}{source}: declared {uah(gap.declared)}, computed {uah(gap.computed)}, "
                f"difference {uah(gap.difference)}")
        if gap.unattributed:
            text += f" unattributed: amounts of {', '.join(gap.unknown_nodes)} are unknown in the source"
        notes.append(text)
    return notes



def _cells(line: Line, years: Sequence[int], budget: PlanBudget | None = None) -> list[str]:
    if line.basis in MARKER_WORDS:
        counted = next((len(m.nodes) for m in _markers(budget, line.source != ALL) if m.code == line.code
                        and m.marker == line.basis and m.source == line.source), 0) if budget is not None else 0
        return [*([""] * len(years)), marker_text(line.basis, counted, line.code == "")]
    cells = [amount_text(line.years.get(y), y in line.unknown) for y in years]
    return [*cells, amount_text(line.total, bool(line.unknown))]


def _notes(budget: PlanBudget) -> list[str]:
    return ([STATUS_NOTES[budget.status]] if budget.status in STATUS_NOTES else []) + gap_notes(budget)


def _heading(budget: PlanBudget) -> str:
    return f"{budget.name}: {budget.title}" if budget.title else budget.name


def write_table(budgets: list[PlanBudget], stream: TextIO, by_source: bool, by_year: bool = True) -> None:
    """Rich tables, one per plan, with totals row and column, as wide as the terminal (titles wrap)."""
    console = console_for(stream)
    for budget in budgets:
        console.print(printable(_heading(budget)))
        if budget.status not in SHOWN_STATUSES:
            console.print(f"  {STATUS_TEXT[budget.status]}; nothing to total.")
            continue
        years = _years(budget) if by_year else []
        columns = [Column("code"), Column("title", wrap=True), Column("source", wrap=True), Column("basis"),
                   *(Column(str(year), right=True) for year in years), Column("total", right=True)]
        rows = [[line.code or "—", line.label, _source_name(budget, line.source), line.basis,
                 *_cells(line, years, budget)] for line in _lines(budget, by_source)]
        print_table(console, f"planned money, {UNIT_TITLES[budget.unit]}", columns, rows, keep=4)
        for note in _notes(budget):
            console.print(printable(f"  {note}"))
    if len(budgets) > 1 and any(b.status == "amounts" for b in budgets):
        _kind_table(budgets, console)


def _kind_table(budgets: list[PlanBudget], console: Console) -> None:
    years, lines = kind_lines(budgets)
    columns = [Column("issuer", wrap=True), Column("source kind", wrap=True),
               *(Column(str(year), right=True) for year in years), Column("total", right=True)]
    rows: list[list[str]] = []
    totals: dict[int, Decimal] = {}
    for line in lines:
        rows.append([f"{line.community} ({ISSUER_WORDS[line.issuer]})", KIND_NAMES.get(line.kind, line.kind),
                     *[uah(line.years[y]) if y in line.years else "" for y in years], uah(line.total)])
        for year, value in line.years.items():
            totals[year] = totals.get(year, Decimal(0)) + value
    rows.append(["all", "all", *[uah(totals[y]) if y in totals else "" for y in years], uah(sum(totals.values(), Decimal(0)))])
    unit = common_unit(budgets)
    print_table(console, f"all plans: computed planned money by source kind, {KIND_UNIT[unit]}", columns, rows, keep=2)
    converted = sorted(b.community for b in budgets if b.unit != unit)
    if converted:
        console.print(printable(f"  amounts in UAH converted exactly to thousand UAH: {', '.join(converted)}"))
    without = [b.name for b in budgets if b.status != "amounts"]
    if without:
        console.print(printable("  without amounts: " + "; ".join(without)))


def write_markdown(budgets: list[PlanBudget], stream: TextIO, by_source: bool, by_year: bool = True) -> None:
    """The same tables in Markdown, for documents."""
    for budget in budgets:
        stream.write(f"## {md_escape(_heading(budget))}\n\n")
        if budget.status not in SHOWN_STATUSES:
            stream.write(f"{STATUS_TEXT[budget.status].capitalize()}; nothing to total.\n\n")
            continue
        years = _years(budget) if by_year else []
        header = ["code", "title", "source", "basis", *map(str, years), "total"]
        stream.write(f"Planned money, {UNIT_TITLES[budget.unit]}.\n\n")
        stream.write("| " + " | ".join(header) + " |\n")
        stream.write("|" + "---|" * 4 + "---:|" * (len(years) + 1) + "\n")
        for line in _lines(budget, by_source):
            cells = [line.code or "—", md_escape(line.label), md_escape(_source_name(budget, line.source)), line.basis,
                     *_cells(line, years, budget)]
            stream.write("| " + " | ".join(cells) + " |\n")
        notes = _notes(budget)
        if notes:
            stream.write("\n" + "".join(f"- {md_escape(n)}\n" for n in notes))
        stream.write("\n")


def write_csv(budgets: list[PlanBudget], stream: TextIO) -> None:
    """Tidy long table: one row per community, level, code, year, source and basis."""
    writer = csv.writer(stream, lineterminator=CSV_LINE_END)
    writer.writerow(CSV_COLUMNS)
    for budget in budgets:
        for row in budget.rows:
            writer.writerow([neutralise(row.community), row.level, neutralise(row.code), row.year,
                             neutralise(row.source), plain(row.amount), row.basis, budget.unit])
        for item in budget.unknown:
            writer.writerow([neutralise(item.community), item.level, neutralise(item.code), item.year,
                             neutralise(item.source), "", unknown_basis(item), budget.unit])
        for marked in budget.markers:
            writer.writerow([neutralise(marked.community), marked.level, neutralise(marked.code), ALL_YEARS,
                             neutralise(marked.source), "", marked.marker, budget.unit])


def _row_data(row: Amount) -> dict[str, Any]:
    return {"community": row.community, "level": row.level, "code": row.code, "year": row.year,
            "source": row.source, "amount": plain(row.amount), "basis": row.basis}


def _marker_data(row: MarkerRow) -> dict[str, Any]:
    return {"community": row.community, "level": row.level, "code": row.code, "year": ALL_YEARS, "source": row.source,
            "amount": None, "basis": row.marker, "nodes": list(row.nodes)}


def unknown_basis(item: UnknownAmount) -> str:
    """`unknown` for planned money lost in the source, `declared_unknown` for a declared total's lost figure."""
    return "declared_unknown" if item.basis == "declared" else "unknown"


def _unknown_data(item: UnknownAmount) -> dict[str, Any]:
    return {"community": item.community, "level": item.level, "code": item.code, "year": item.year,
            "source": item.source, "amount": None, "basis": unknown_basis(item), "unknown_nodes": list(item.nodes)}


def _gap_data(gap: Gap) -> dict[str, Any]:
    return {"level": gap.level, "code": gap.code, "year": gap.year, "source": gap.source, "declared": plain(gap.declared),
            "computed": plain(gap.computed), "difference": plain(gap.difference), "unattributed": gap.unattributed,
            "unknown_nodes": list(gap.unknown_nodes)}


def write_json(budgets: list[PlanBudget], stream: TextIO) -> None:
    """JSON: per plan its metadata, status, tidy rows and the declared-vs-computed gaps."""
    units = {b.unit for b in budgets}
    data = {"version": 1, "unit": units.pop() if len(units) == 1 else "per_plan", "plans": [{
        "community": b.community, "name": b.name, "title": b.title, "status": b.status, "unit": b.unit,
        "sources": {k: {"name": v[0], "kind": v[1]} for k, v in sorted(b.sources.items())},
        "rows": [_row_data(r) for r in b.rows] + [_unknown_data(u) for u in b.unknown] +
                [_marker_data(m) for m in b.markers],
        "gaps": [_gap_data(g) for g in b.gaps],
    } for b in budgets]}
    stream.write(json.dumps(data, ensure_ascii=False, indent=2))
    stream.write("\n")
