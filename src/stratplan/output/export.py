"""One row per node of the goal tree, for spreadsheets (CSV, xlsx) and programs (JSON).

Columns keep their names across versions (`community` is the issuer's slug, whether a community, a district
or an oblast); new ones are added at the end: `term` (the span, with halves, quarters or dates, or `unknown`),
`markers` (funding stated without an amount) and `shares` (co-financing percentages by source).
"""

from __future__ import annotations

import csv
import datetime as dt
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, BinaryIO, TextIO, get_args

import xlsxwriter
from xlsxwriter.format import Format
from xlsxwriter.worksheet import Worksheet

from stratplan.compute.monitoring import term_unknown_items
from stratplan.compute.rollup import PlanBudget, budget_lines, plan_budget
from stratplan.core.numbers import plain
from stratplan.io import plaindata
from stratplan.model import LEVELS, MARKER_WORDS, UNKNOWN, AnyNode, GoalFile, Level
from stratplan.plan.view import PlanView

COLUMNS = ("community", "level", "code", "parent", "title", "term_start", "term_end", "term_as_written",
           "executors", "sources", "indicators", "term", "markers", "shares")
JOIN = "; "
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
# RFC 4180 line ends: with CRLF as the terminator the csv module quotes every cell holding a CR or LF,
# so a carriage return in plan text cannot start a new record (with LF alone it would stay unquoted).
CSV_LINE_END = "\r\n"


def _term(node: AnyNode, unknown: bool) -> tuple[str, str, str, str]:
    """Start and end years, the wording and the span of the node's own term; `unknown` where it is unknown, or
    where no term is given for the item or above it."""
    term = node.term
    if term is None:
        return ("unknown", "unknown", "", UNKNOWN) if unknown else ("", "", "", "")
    if term.unknown:
        return "unknown", "unknown", term.as_written or "", UNKNOWN
    return str(term.start), str(term.end), term.as_written or "", term.span()


def _markers(node: AnyNode) -> str:
    lines = node.funding.planned if node.funding else []
    return JOIN.join(dict.fromkeys(line.marker for line in lines if line.marker is not None))


def _shares(node: AnyNode) -> str:
    lines = node.funding.planned if node.funding else []
    return JOIN.join(f"{line.source or 'all'} {plain(line.share)}" for line in lines if line.share is not None)


def _executor_names(plan: PlanView, node: AnyNode) -> list[str]:
    catalog = {e.id: (e.abbreviation or e.name) for e in plan.meta.executors} if plan.meta else {}
    return [catalog.get(e, e) for e in node.executors]


def _source_names(plan: PlanView, node: AnyNode) -> list[str]:
    catalog = {s.id: s.name for s in plan.meta.sources} if plan.meta else {}
    return [catalog.get(s, s) for s in (node.funding.sources if node.funding else [])]


def rows(plan: PlanView) -> list[dict[str, str]]:
    """Rows of one plan in document order."""
    out = []
    unknown = {id(node) for node in term_unknown_items(plan)}
    for node in plan.walk():
        parent = plan.parent(node)
        start, end, written, span = _term(node, id(node) in unknown)
        out.append({
            "community": plan.slug,
            "level": plan.level(node),
            "code": node.code,
            "parent": parent.code if parent is not None else "",
            "title": node.title,
            "term_start": start,
            "term_end": end,
            "term_as_written": written,
            "executors": JOIN.join(_executor_names(plan, node)),
            "sources": JOIN.join(_source_names(plan, node)),
            "indicators": JOIN.join(i.text for i in node.indicators),
            "term": span,
            "markers": _markers(node),
            "shares": _shares(node),
        })
    return out


def neutralise(cell: str) -> str:
    """Make a cell inert in spreadsheets: text that would start a formula gets a leading apostrophe."""
    return "'" + cell if cell.startswith(FORMULA_TRIGGERS) else cell


def write_csv(plans: Iterable[PlanView], stream: TextIO) -> None:
    """CSV with a header row; every cell neutralised against formula injection."""
    write_csv_rows((rows(plan) for plan in plans), stream)


def write_csv_rows(plans: Iterable[list[dict[str, str]]], stream: TextIO) -> None:
    """`write_csv` from each plan's `rows`, written as they come."""
    writer = csv.DictWriter(stream, fieldnames=COLUMNS, lineterminator=CSV_LINE_END)
    writer.writeheader()
    for plan_rows in plans:
        for row in plan_rows:
            writer.writerow({k: neutralise(v) for k, v in row.items()})


def plan_head(plan: PlanView) -> tuple[dict[str, Any], dict[str, Any] | None]:
    """A plan's community and document metadata as `write_json` writes them."""
    meta = plan.meta
    return (meta.issuer.model_dump(mode="json") if meta else {"slug": plan.slug},
            meta.document.model_dump(mode="json", exclude_none=True) if meta else None)


def write_json(plans: Iterable[PlanView], stream: TextIO) -> None:
    """JSON: per plan its community and document metadata, and the rows."""
    write_json_parts(((*plan_head(plan), rows(plan)) for plan in plans), stream)


def write_json_parts(plans: Iterable[tuple[dict[str, Any], dict[str, Any] | None, list[dict[str, str]]]],
                     stream: TextIO) -> None:
    """`write_json` from each plan's `plan_head` and `rows`, written as they come, laid out as one
    `json.dumps(..., indent=2)` of the whole."""
    stream.write('{\n  "version": 1,\n  "plans": [')
    number = 0
    for number, (community, document, plan_rows) in enumerate(plans, start=1):
        text = json.dumps({"community": community, "document": document, "rows": plan_rows}, ensure_ascii=False,
                          indent=2)
        stream.write(("\n    " if number == 1 else ",\n    ") + text.replace("\n", "\n    "))
    stream.write("\n  ]\n}\n" if number else "]\n}\n")


BUDGET_SHEET = "budget"
BUDGET_COLUMNS = ("community", "level", "code", "title", "basis")
UNIT_COLUMN = "unit"  # after the total: each plan's money unit (thousand_uah or uah)
NUMERIC_COLUMNS = ("term_start", "term_end")
MONEY_FORMAT = "#,##0.0##"
FIXED_CREATED = dt.datetime(2000, 1, 1)  # same plans, same bytes: no clock in the file
MIN_WIDTH, MAX_WIDTH = 6, 60  # column widths in characters: the longest cell (or header) plus a margin, within these


@dataclass(frozen=True)
class BudgetRow:
    """One row of the budget pivot: a node (or the plan) and its money by year, computed or declared."""

    community: str
    level: str
    code: str
    title: str
    basis: str
    years: dict[int, Decimal]
    total: Decimal | None
    unknown: frozenset[int | str] = frozenset()
    unit: str = "thousand_uah"
    marker: str = ""


def pivot_rows(budget: PlanBudget) -> list[BudgetRow]:
    """One plan's rows of the budget sheet, in document order (the plan last)."""
    return _pivot_rows(budget)


def _pivot_rows(budget: PlanBudget) -> list[BudgetRow]:
    order = {code: index for index, code in enumerate(budget.nodes)}

    def title(level: str, code: str) -> str:
        return "plan total" if level == "plan" else budget.nodes[code][1]

    def document_order(row: BudgetRow) -> tuple[bool, int, bool, str]:  # nodes as the plan lists them, the plan last
        return row.code == "", order.get(row.code, 0), bool(row.marker), row.basis

    rows = [BudgetRow(budget.community, line.level, line.code, title(line.level, line.code), line.basis, line.years,
                      line.total, line.unknown, budget.unit) for line in budget_lines(budget)]
    rows += [BudgetRow(budget.community, m.level, m.code, title(m.level, m.code), m.marker, {}, None, frozenset(),
                       budget.unit, MARKER_WORDS[m.marker] + (f" ({len(m.nodes)})" if m.level == "plan" else ""))
             for m in budget.markers]
    return sorted(rows, key=document_order)


def budget_pivot(plans: Iterable[PlanView]) -> tuple[list[int], list[BudgetRow]]:
    """Every node's planned money by year (computed, and declared where the document prints a total), and the years."""
    rows = [row for plan in plans for row in _pivot_rows(plan_budget(plan, get_args(Level)))]
    years = {year for row in rows for year in row.years} | {y for row in rows for y in row.unknown if isinstance(y, int)}
    return sorted(years), rows


class _Sheet:
    """A worksheet written cell by cell with explicit types: text is always a string cell, never a formula."""

    def __init__(self, sheet: Worksheet, formats: dict[str, Format]) -> None:
        self.sheet, self.formats, self.row = sheet, formats, 0
        self.widths: dict[int, int] = {}

    def _seen(self, col: int, shown: str) -> None:
        self.widths[col] = max(self.widths.get(col, 0), len(shown))

    def text(self, col: int, value: str) -> None:
        # write_string stores a string cell whatever the text starts with; the quote prefix also keeps
        # Excel from turning it into a formula when someone edits the cell.
        cell_format = self.formats["quoted"] if value.startswith(FORMULA_TRIGGERS) else None
        self.sheet.write_string(self.row, col, value, cell_format)
        self._seen(col, value)

    def whole(self, col: int, value: int) -> None:
        self.sheet.write_number(self.row, col, value)
        self._seen(col, str(value))

    def money(self, col: int, value: Decimal) -> None:
        # The xlsx boundary: spreadsheet cells are binary doubles, so the exact Decimal becomes a float
        # here and nowhere else; plan amounts have far fewer than the 15 significant digits a double keeps.
        self.sheet.write_number(self.row, col, float(value), self.formats["money"])
        self._seen(col, f"{value:,f}")

    def header(self, names: Iterable[str]) -> None:
        for col, name in enumerate(names):
            self.sheet.write_string(self.row, col, name, self.formats["header"])
            self._seen(col, name)
        self.sheet.freeze_panes(1, 0)
        self.row += 1

    def finish(self) -> None:
        """Column widths from the longest cell, and an autofilter over the header and every data row."""
        for col, longest in sorted(self.widths.items()):
            self.sheet.set_column(col, col, min(max(longest + 2, MIN_WIDTH), MAX_WIDTH))
        self.sheet.autofilter(0, 0, max(self.row - 1, 0), max(self.widths, default=0))


def _write_level(sheet: _Sheet, rows_of_level: Iterable[dict[str, str]]) -> None:
    sheet.header(COLUMNS)
    for row in rows_of_level:
        for col, name in enumerate(COLUMNS):
            value = row[name]
            if name in NUMERIC_COLUMNS and value.isdigit():
                sheet.whole(col, int(value))
            elif value:
                sheet.text(col, value)
        sheet.row += 1


def _write_budget(sheet: _Sheet, years: list[int], budget_rows: Iterable[BudgetRow]) -> None:
    """Numbers where the money is known; under a row with unknown parts, a row saying `unknown` in those cells."""
    sheet.header([*BUDGET_COLUMNS, *(str(y) for y in years), "total", UNIT_COLUMN])
    total = len(BUDGET_COLUMNS) + len(years)
    for row in budget_rows:
        if row.marker:  # funding stated without an amount: its words where the total would be, never a 0
            _budget_cells(sheet, row, row.basis)
            sheet.text(total, row.marker)
            sheet.text(total + 1, row.unit)
            sheet.row += 1
        if row.years or row.total is not None:
            _budget_cells(sheet, row, row.basis)
            for offset, year in enumerate(years):
                if year in row.years:
                    sheet.money(len(BUDGET_COLUMNS) + offset, row.years[year])
            if row.total is not None:
                sheet.money(total, row.total)
            sheet.text(total + 1, row.unit)
            sheet.row += 1
        if row.unknown:
            _budget_cells(sheet, row, "declared_unknown" if row.basis == "declared" else "unknown")
            for offset, year in enumerate(years):
                if year in row.unknown:
                    sheet.text(len(BUDGET_COLUMNS) + offset, UNKNOWN)
            sheet.text(total, UNKNOWN)
            sheet.text(total + 1, row.unit)
            sheet.row += 1


def _budget_cells(sheet: _Sheet, row: BudgetRow, basis: str) -> None:
    for col, value in enumerate((row.community, row.level, row.code, row.title, basis)):
        sheet.text(col, value)


PLANNED_SHEET = "planned"
PLANNED_COLUMNS = ("community", "code", "line", "source", "marker", "share", "note")
DATA_SHEET = "plan"
DATA_COLUMNS = ("community", "file", "part", "data")


def planned_rows(plan: PlanView) -> list[tuple[AnyNode, int, Any]]:
    """(node, line number from 1, planned line) for every planned line of the plan, in document order."""
    return [(node, index, line) for node in plan.walk() for index, line in
            enumerate(node.funding.planned if node.funding else [], start=1)]


@dataclass(frozen=True)
class PlannedRow:
    """One planned line of a node as the `planned` sheet shows it (amounts exact, `unknown` as the word)."""

    community: str
    code: str
    line: int
    source: str | None
    marker: str | None
    share: Decimal | None
    note: str | None
    years: dict[int, Decimal | str]
    total: Decimal | str | None
    unit: str


def planned_records(plan: PlanView) -> list[PlannedRow]:
    """The `planned` sheet's rows of one plan, in document order."""
    return [PlannedRow(plan.slug, node.code, index, line.source, line.marker, line.share, line.note, dict(line.years),
                       line.total, plan.money_unit) for node, index, line in planned_rows(plan)]


def _write_planned(sheet: _Sheet, years: list[int], records: Iterable[PlannedRow]) -> None:
    """One row per planned line, the amounts as numbers (`unknown` as text) in a column per year: the money to edit
    in Excel and import back."""
    sheet.header([*PLANNED_COLUMNS, *(str(y) for y in years), "total", UNIT_COLUMN])
    first = len(PLANNED_COLUMNS)
    for record in records:
        for col, value in enumerate((record.community, record.code)):
            sheet.text(col, value)
        sheet.whole(2, record.line)
        for col, text in ((3, record.source), (4, record.marker), (6, record.note)):
            if text:
                sheet.text(col, text)
        if record.share is not None:
            sheet.money(5, record.share)
        for offset, year in enumerate(years):
            _amount(sheet, first + offset, record.years.get(year))
        _amount(sheet, first + len(years), record.total)
        sheet.text(first + len(years) + 1, record.unit)
        sheet.row += 1


def _amount(sheet: _Sheet, col: int, value: Decimal | str | None) -> None:
    if value == UNKNOWN:
        sheet.text(col, UNKNOWN)
    elif isinstance(value, Decimal):
        sheet.money(col, value)


def plan_files_data(plan: PlanView) -> dict[str, Any]:
    """Each file of the plan as plain data, as the files give it (what `stratplan import` of the workbook writes
    back): plan.yaml, the goal files, context.yaml and statements.yaml (monitoring reports are not carried)."""
    files: dict[str, Any] = {}
    if plan.meta is not None:
        files["plan.yaml"] = plan.meta.model_dump(mode="python", exclude_unset=True)
    by_file: dict[str, list[AnyNode]] = {}
    for goal in plan.goals:
        by_file.setdefault(plan.file(goal), []).append(goal)
    for name, goals in by_file.items():
        dumped = [goal.model_dump(mode="python", exclude_unset=True) for goal in goals]
        files[name] = dumped[0] if len(goals) == 1 and isinstance(goals[0], GoalFile) else \
            {"schema_version": 1, "nodes": [{k: v for k, v in d.items() if k != "schema_version"} for d in dumped]}
    if plan.context is not None:
        files["context.yaml"] = plan.context.model_dump(mode="python", exclude_unset=True)
    if plan.statements is not None:
        files["statements.yaml"] = plan.statements.model_dump(mode="python", exclude_unset=True)
    return files


DataRow = tuple[str, str, int, str]
"""A row of the hidden `plan` sheet: community, file, part number from 1, the part's text."""


def data_records(plan: PlanView) -> list[DataRow]:
    """The plan's files as plain data (`io.plaindata`), cut into parts a cell holds."""
    return [(plan.slug, name, index, part) for name, data in plan_files_data(plan).items()
            for index, part in enumerate(plaindata.parts(plaindata.dumps(data)), start=1)]


def _write_plan_data(sheet: _Sheet, records: Iterable[DataRow]) -> None:
    """The plans' files as data: what import needs beyond the sheets people edit (notes, targets, declared totals,
    catalogs, context). Hidden."""
    sheet.header(DATA_COLUMNS)
    for community, name, index, part in records:
        sheet.text(0, community)
        sheet.text(1, name)
        sheet.whole(2, index)
        sheet.text(3, part)
        sheet.row += 1


def write_xlsx(plans: Iterable[PlanView], stream: BinaryIO) -> None:
    """A workbook: one sheet per level with the export columns, a budget sheet (nodes by years, as numbers), the
    planned lines to edit (`planned`) and, hidden, each plan's files as data (`plan`), so import gives the plan back."""
    write_xlsx_parts((xlsx_part(plan) for plan in plans), stream)


XlsxPart = tuple[list[dict[str, str]], list["BudgetRow"], list["PlannedRow"], list["DataRow"]]
"""One plan's share of the workbook: its level rows, budget pivot rows, planned lines and file data rows."""


def xlsx_part(plan: PlanView) -> XlsxPart:
    """What `write_xlsx_parts` takes of one plan."""
    return rows(plan), _pivot_rows(plan_budget(plan, get_args(Level))), planned_records(plan), data_records(plan)


def write_xlsx_parts(plans: Iterable[XlsxPart], stream: BinaryIO) -> None:
    """`write_xlsx` from each plan's part (`xlsx_part`), taken as they come: they wait in temporary files, sheet by
    sheet, until every plan has come (the sheets are written one after another, as before). The workbook itself is
    held by xlsxwriter until it is written."""
    import pickle
    import tempfile
    from contextlib import ExitStack

    with ExitStack() as stack:
        spools = {name: stack.enter_context(tempfile.TemporaryFile())
                  for name in (*LEVELS, BUDGET_SHEET, PLANNED_SHEET, DATA_SHEET)}
        years: set[int] = set()
        planned_years: set[int] = set()
        for plan_rows, budget_rows, planned, data in plans:
            for row in plan_rows:
                if row["level"] in LEVELS:
                    pickle.dump(row, spools[row["level"]])
            for budget_row in budget_rows:
                years.update(budget_row.years)
                years.update(y for y in budget_row.unknown if isinstance(y, int))
                pickle.dump(budget_row, spools[BUDGET_SHEET])
            for line in planned:
                planned_years.update(line.years)
                pickle.dump(line, spools[PLANNED_SHEET])
            for data_row in data:
                pickle.dump(data_row, spools[DATA_SHEET])
        options = {"strings_to_formulas": False, "strings_to_numbers": False, "strings_to_urls": False,
                   "constant_memory": True}  # rows go to disk as written: memory does not grow with the plans
        workbook = xlsxwriter.Workbook(stream, options)
        workbook.set_properties({"created": FIXED_CREATED})
        formats = {"header": workbook.add_format({"bold": True}),
                   "money": workbook.add_format({"num_format": MONEY_FORMAT}),
                   "quoted": workbook.add_format({"quote_prefix": True})}
        for level in LEVELS:
            sheet = _Sheet(workbook.add_worksheet(level), formats)
            _write_level(sheet, _replayed(spools[level]))
            sheet.finish()
        sheet = _Sheet(workbook.add_worksheet(BUDGET_SHEET), formats)
        _write_budget(sheet, sorted(years), _replayed(spools[BUDGET_SHEET]))
        sheet.finish()
        sheet = _Sheet(workbook.add_worksheet(PLANNED_SHEET), formats)
        _write_planned(sheet, sorted(planned_years), _replayed(spools[PLANNED_SHEET]))
        sheet.finish()
        hidden = workbook.add_worksheet(DATA_SHEET)
        sheet = _Sheet(hidden, formats)
        _write_plan_data(sheet, _replayed(spools[DATA_SHEET]))
        sheet.finish()
        hidden.hide()
        workbook.close()


def _replayed(spool: Any) -> Iterator[Any]:
    """What was pickled into a temporary file of this process, in order."""
    import pickle

    spool.seek(0)
    while True:
        try:
            yield pickle.load(spool)  # written by this process a moment ago, never read from elsewhere
        except EOFError:
            return
