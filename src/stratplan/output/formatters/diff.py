"""Output of `stratplan diff`: planned against actual as tables, Markdown, CSV and JSON."""

from __future__ import annotations

import csv
import json
from decimal import Decimal
from typing import Any, TextIO

from stratplan.compute.monitoring import Comparison, Execution, MoneyLine
from stratplan.core.numbers import amount_text, plain, uah
from stratplan.core.numbers import percent_text as shown_percent
from stratplan.output.export import CSV_LINE_END, neutralise
from stratplan.output.formatters.markdown import md_escape
from stratplan.output.formatters.tables import Column, console_for, print_table
from stratplan.output.formatters.terminal import printable

MONEY_HEADERS = ("code", "level", "source", "planned", "actual", "variance", "variance %")
SCHEDULE_HEADERS = ("code", "finding", "term", "status", "detail")
INDICATOR_HEADERS = ("code", "#", "indicator", "direction", "cumulative", "target", "actual", "achievement")
CSV_COLUMNS = ("community", "period", "section", "code", "level", "source", "planned", "actual", "variance",
               "variance_percent", "kind", "status", "detail")


def _money(value: Decimal | None) -> str:
    return "" if value is None else uah(value)


def _planned(line: MoneyLine) -> str:
    return amount_text(line.planned, line.planned_unknown)


def money_rows(result: Comparison) -> list[list[str]]:
    """Rows of the money table."""
    return [[m.code, m.level, m.source, _planned(m), _money(m.actual), _money(m.variance),
             shown_percent(m.variance_percent)] for m in result.money]


def execution_rows(table: dict[str, Execution]) -> list[list[str]]:
    """Rows of an execution-rate table (by level or by source)."""
    return [[key, amount_text(e.shown_planned, e.planned_unknown), uah(e.actual) if e.reported else "not reported",
             shown_percent(e.rate)] for key, e in sorted(table.items())]


def schedule_rows(result: Comparison) -> list[list[str]]:
    """Rows of the schedule table."""
    return [[s.code, s.kind, s.term, s.status, s.detail] for s in result.schedule]


def indicator_rows(result: Comparison) -> list[list[str]]:
    """Rows of the indicator table."""
    return [[i.code, str(i.position), i.text, i.direction, {True: "yes", False: "no", None: "unspecified"}[i.cumulative],
             uah(i.target), _money(i.actual), shown_percent(i.achievement)] for i in result.indicators]


UNITS = {"thousand_uah": "thousand UAH", "uah": "UAH"}


def _sections(result: Comparison) -> list[tuple[str, tuple[str, ...], list[list[str]]]]:
    return [
        (f"Money: planned against actual, {UNITS[result.unit]}", MONEY_HEADERS, money_rows(result)),
        ("Actual money where none was planned", ("code", "source", "actual"),
         [[m.code, m.source, _money(m.actual)] for m in result.actual_without_plan]),
        ("Planned money with no actual reported", ("code", "source", "planned"),
         [[m.code, m.source, _planned(m)] for m in result.plan_without_actual]),
        ("Execution by level", ("level", "planned", "actual", "execution"), execution_rows(result.by_level)),
        ("Execution by source", ("source", "planned", "actual", "execution"), execution_rows(result.by_source)),
        ("Schedule", SCHEDULE_HEADERS, schedule_rows(result)),
        ("Indicators", INDICATOR_HEADERS, indicator_rows(result)),
    ]


def _heading(result: Comparison) -> str:
    flag = " (illustrative figures)" if result.illustrative else ""
    return f"{result.community}, period {result.period.label}{flag}: {result.file}"


WRAPPING = {"indicator", "detail", "source", "term"}  # free text; codes, levels and figures stay on one line
RIGHT = {"planned", "actual", "variance", "variance %", "target", "achievement", "execution"}


def write_table(results: list[Comparison], stream: TextIO) -> None:
    """Rich tables, one set per plan, as wide as the terminal (free text wraps between words)."""
    console = console_for(stream)
    for result in results:
        console.print(printable(_heading(result)))
        for title, headers, rows in _sections(result):
            if not rows:
                console.print(f"{title}: none")
                continue
            print_table(console, title, [Column(h, right=h in RIGHT, wrap=h in WRAPPING) for h in headers], rows)
        for note in result.notes:
            console.print(printable(f"note: {note}"))


def write_markdown(results: list[Comparison], stream: TextIO) -> None:
    """The same sections in Markdown."""
    for result in results:
        stream.write(f"## {md_escape(_heading(result))}\n\n")
        for title, headers, rows in _sections(result):
            stream.write(f"### {title}\n\n")
            if not rows:
                stream.write("None.\n\n")
                continue
            stream.write("| " + " | ".join(headers) + " |\n|" + "---|" * len(headers) + "\n")
            stream.writelines("| " + " | ".join(md_escape(c) for c in row) + " |\n" for row in rows)
            stream.write("\n")
        stream.writelines(f"- {md_escape(note)}\n" for note in result.notes)


def write_csv(results: list[Comparison], stream: TextIO) -> None:
    """A long table: one row per money line, schedule finding and indicator."""
    writer = csv.writer(stream, lineterminator=CSV_LINE_END)
    writer.writerow(CSV_COLUMNS)
    for r in results:
        base = [r.community, r.period.label]
        for m in r.money:
            writer.writerow([*base, "money", m.code, m.level, m.source, _plain(m.planned), _plain(m.actual),
                             _plain(m.variance), _plain(m.variance_percent), "", "", ""])
        for s in r.schedule:
            writer.writerow([*base, "schedule", s.code, "", "", "", "", "", "", s.kind, s.status, neutralise(s.detail)])
        for i in r.indicators:
            writer.writerow([*base, "indicator", i.code, "", "", plain(i.target), _plain(i.actual), "",
                             _plain(i.achievement), i.direction, "", neutralise(i.text)])


def _plain(value: Decimal | None) -> str:
    return "" if value is None else plain(value)


def to_data(result: Comparison) -> dict[str, Any]:
    """One plan's comparison as JSON-ready data (amounts as strings with a dot decimal)."""
    return {
        "community": result.community, "period": result.period.label, "file": result.file, "unit": result.unit,
        "illustrative": result.illustrative,
        "money": [{"code": m.code, "level": m.level, "source": m.source, "planned": _plain(m.planned) or None,
                   "planned_unknown": m.planned_unknown, "actual": _plain(m.actual) or None,
                   "variance": _plain(m.variance) or None, "variance_percent": _plain(m.variance_percent) or None}
                  for m in result.money],
        "execution": {name: {k: {"planned": plain(e.planned), "planned_unknown": e.planned_unknown,
                                 "actual": plain(e.actual) if e.reported else None, "rate": _plain(e.rate) or None}
                             for k, e in sorted(table.items())}
                      for name, table in (("by_level", result.by_level), ("by_source", result.by_source))},
        "actual_without_plan": [f"{m.code}/{m.source}" for m in result.actual_without_plan],
        "plan_without_actual": [f"{m.code}/{m.source}" for m in result.plan_without_actual],
        "schedule": [s.__dict__ for s in result.schedule],
        "indicators": [{**i.__dict__, "target": plain(i.target), "actual": _plain(i.actual) or None,
                        "achievement": _plain(i.achievement) or None} for i in result.indicators],
        "notes": result.notes,
    }


def write_json(results: list[Comparison], stream: TextIO) -> None:
    """JSON with a version and one object per plan."""
    units = {result.unit for result in results}
    data = {"version": 1, "unit": units.pop() if len(units) == 1 else "per_plan", "plans": [to_data(r) for r in results]}
    stream.write(json.dumps(data, ensure_ascii=False, indent=2))
    stream.write("\n")
