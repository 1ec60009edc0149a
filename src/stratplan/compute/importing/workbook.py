"""A workbook written by `stratplan export --format xlsx`, read back into plan files: the Excel round trip.

The hidden sheet `plan` holds each file of the plan as data (`io.plaindata`), so nothing the sheets do not show
is lost (notes, indicator targets, declared totals, catalogs, context, statements). Then what people edit is
read from the sheets they see, cell by cell, and wins where it differs from what the export wrote:

* a level sheet (`strategic_goal`, …, `measure`): `title`, `term_start`/`term_end` (years), `term` (the span,
  `2021–2023`, `2023-H2–2024`, `2024-Q1`, `2024-03-01–2024-12-31`, or `unknown`), `term_as_written`,
  `executors` and `sources` (catalog names or ids, separated by `; `), `indicators` (separated by `; `);
* the `planned` sheet: each planned line's `source`, `marker`, `share`, `note`, its amount per year and its
  `total` (a number, `unknown`, or empty for none); a row with a new line number adds a line.

An unchanged cell keeps the file's value exactly (digits, targets and all), so importing an unedited export
gives the same plan, and `stratplan changes` between the two shows exactly the cells that were edited.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Any

from stratplan.compute.importing.draft import Draft, ImportProblem, Settings, Summary, refuse_formulas
from stratplan.io import plaindata
from stratplan.io.tables import Cell, Table, TableFile
from stratplan.model import CHILD_KEYS, LEVELS, UNKNOWN, Term

DATA_SHEET = "plan"
PLANNED_SHEET = "planned"
DATA_HEADER = ["community", "file", "part", "data"]
JOIN = "; "
_END = re.compile(r"(\d{4})(?:-(H[12]|Q[1-4]|\d{2}-\d{2}))?")


def _sheet(found: TableFile, name: str) -> Table | None:
    return next((t for t in found.tables if t.name == f"sheet '{name}'"), None)


def is_export(found: TableFile) -> bool:
    """True when the workbook is one `stratplan export --format xlsx` wrote (its hidden sheet `plan` of data)."""
    table = _sheet(found, DATA_SHEET)
    return table is not None and bool(table.rows) and [c.text for c in table.rows[0]] == DATA_HEADER


def _records(table: Table) -> list[dict[str, Cell]]:
    """The sheet's rows as {header: cell}."""
    if not table.rows:
        return []
    names = {cell.col: cell.text for cell in table.rows[0]}
    return [{names[cell.col]: cell for cell in row if cell.col in names} for row in table.rows[1:] if row]


def _text(record: dict[str, Cell], name: str) -> str:
    cell = record.get(name)
    return cell.text if cell is not None else ""


def read_export(found: TableFile, settings: Settings) -> Draft:
    """The plan files of an exported workbook, with the edits made in its visible sheets."""
    data_sheet = _sheet(found, DATA_SHEET)
    assert data_sheet is not None
    refuse_formulas(found, found.tables)
    chunks: dict[str, dict[str, list[tuple[int, str]]]] = {}
    for record in _records(data_sheet):
        part = record.get("part")
        number = int(part.number) if part is not None and part.number is not None else 0
        chunks.setdefault(_text(record, "community"), {}).setdefault(_text(record, "file"), []).append(
            (number, _text(record, "data")))
    slug = settings.slug if settings.slug in chunks else (next(iter(chunks)) if len(chunks) == 1 else None)
    if slug is None:
        raise ImportProblem(f"{found.file}: the workbook holds the plans {', '.join(sorted(chunks))}; import one of "
                            "them by naming the new folder after it (--out plans/<slug>)")
    files: dict[str, Any] = {}
    for name, pieces in chunks[slug].items():
        try:
            files[name] = plaindata.loads("".join(text for _n, text in sorted(pieces)))
        except plaindata.PlainDataError as exc:
            raise ImportProblem(f"{found.file}: sheet '{DATA_SHEET}', the data of {name} is damaged ({exc}); export "
                                "the plan again") from None
    document = files.get("plan.yaml", {}).get("document", {})
    summary = Summary(found.file, "an export of stratplan", 0, unit=str(document.get("money_unit", "thousand_uah")))
    edits = _Edits(found, slug, files, summary)
    edits.levels()
    edits.planned()
    summary.nodes = {level: sum(1 for n, lv in edits.nodes.values() if lv == level) for level in LEVELS
                     if any(lv == level for _n, lv in edits.nodes.values())}
    return Draft(files, summary)


class _Edits:
    def __init__(self, found: TableFile, slug: str, files: dict[str, Any], summary: Summary) -> None:
        self.found, self.slug, self.files, self.summary = found, slug, files, summary
        plan = files.get("plan.yaml", {})
        self.executors = plan.get("executors", [])
        self.sources = plan.get("sources", [])
        self.nodes: dict[str, tuple[dict[str, Any], str]] = {}
        for name, data in files.items():
            if name.startswith("goals/"):
                for top in data.get("nodes", [data]) if isinstance(data, dict) else []:
                    self._index(top, self._top_level(plan))

    @staticmethod
    def _top_level(plan: dict[str, Any]) -> str:
        return next((level for level in LEVELS if level in plan.get("levels", {})), LEVELS[0])

    def _index(self, node: dict[str, Any], level: str) -> None:
        self.nodes[str(node.get("code"))] = (node, level)
        for key, child_level in CHILD_KEYS.items():
            for child in node.get(key, []):
                self._index(child, child_level)

    def _count(self, cell: Cell | None, changed: bool) -> None:
        if cell is None:
            return
        self.summary.read += 1
        self.summary.placed += 1
        if changed:
            self.summary.warnings.append(f"a cell edited since the export: {cell.where}")

    # --- the level sheets ---------------------------------------------------------------------------------

    def levels(self) -> None:
        for level in LEVELS:
            table = _sheet(self.found, level)
            if table is None:
                continue
            for record in _records(table):
                if _text(record, "community") != self.slug:
                    continue
                code = _text(record, "code")
                if code not in self.nodes:
                    raise ImportProblem(f"{self.found.file}: {record['code'].where}: no node {code} in the plan's data; "
                                        "add nodes in the plan files, not in the workbook")
                node, _level = self.nodes[code]
                self.summary.rows += 1
                self._title(node, record)
                self._indicators(node, record)
                self._names(node, record, "executors", self.executors, lambda e: e.get("abbreviation") or e["name"])
                self._names(node, record, "sources", self.sources, lambda s: s["name"])
                self._term(node, record)

    def _title(self, node: dict[str, Any], record: dict[str, Cell]) -> None:
        cell = record.get("title")
        changed = cell is not None and cell.text != node.get("title")
        if changed:
            assert cell is not None
            node["title"] = cell.text
        self._count(cell, changed)

    def _indicators(self, node: dict[str, Any], record: dict[str, Cell]) -> None:
        cell = record.get("indicators")
        old = node.get("indicators", [])
        texts = [i if isinstance(i, str) else i["text"] for i in old]
        shown = cell.text if cell is not None else ""
        changed = shown != JOIN.join(texts)
        if changed:
            by_text = {t: i for t, i in zip(texts, old, strict=True)}
            node["indicators"] = [by_text.get(part, part) for part in shown.split(JOIN) if part.strip()]
            if not node["indicators"]:
                del node["indicators"]
        self._count(cell, changed)

    def _names(self, node: dict[str, Any], record: dict[str, Cell], column: str, catalog: list[dict[str, Any]],
               shown_name: Any) -> None:
        cell = record.get(column)
        by_id = {entry["id"]: entry for entry in catalog}
        holder = node.get("funding", {}) if column == "sources" else node
        ids = list(holder.get(column, []))
        expected = JOIN.join(shown_name(by_id[i]) if i in by_id else i for i in ids)
        shown = cell.text if cell is not None else ""
        changed = shown != expected
        if changed:
            assert cell is not None or not shown
            lookup: dict[str, str] = {}
            for entry in catalog:
                for key in (entry["id"], entry.get("name"), entry.get("abbreviation")):
                    if key:
                        lookup.setdefault(key, entry["id"])
            new = []
            for part in (p.strip() for p in shown.split(JOIN)):
                if not part:
                    continue
                if part not in lookup:
                    where = cell.where if cell is not None else column
                    raise ImportProblem(f"{self.found.file}: {where}: «{part}» is not in the plan's catalog of "
                                        f"{column}; use a name or id from plan.yaml, separated by '{JOIN}'")
                new.append(lookup[part])
            if column == "sources":
                funding = node.setdefault("funding", {})
                if new:
                    funding["sources"] = new
                else:
                    funding.pop("sources", None)
            elif new:
                node["executors"] = new
            else:
                node.pop("executors", None)
        self._count(cell, changed)

    def _term(self, node: dict[str, Any], record: dict[str, Cell]) -> None:
        old = node.get("term")
        term = Term.model_validate(old) if old is not None else None
        known = term is not None and not term.unknown and term.start is not None and term.end is not None
        expected_span = term.span() if known and term is not None else (UNKNOWN if term is not None else "")
        span_cell = record.get("term")
        shown = span_cell.text if span_cell is not None else ""
        span_changed = shown != expected_span and not (old is None and shown == UNKNOWN)
        if span_changed:
            assert span_cell is not None or not shown
            node["term"] = self._parse_span(shown, span_cell, old)
            if node["term"] is None:
                del node["term"]
        self._count(span_cell, span_changed)
        for end in ("start", "end"):
            cell = record.get(f"term_{end}")
            value = getattr(term, end) if known and term is not None else None
            changed = False
            if not span_changed and cell is not None and cell.number is not None and value is not None \
                    and int(cell.number) != value:
                changed = True
                new = dict(node["term"])
                new[end] = int(cell.number)
                for finer in ("half", "quarter", "date"):
                    new.pop(f"{end}_{finer}", None)
                node["term"] = new
            self._count(cell, changed)
        written = record.get("term_as_written")
        current = node.get("term") or {}
        as_written = written.text if written is not None else ""
        changed = bool(current) and as_written != (current.get("as_written") or "")
        if changed:
            node["term"] = {**current, "as_written": as_written} if as_written else \
                {k: v for k, v in current.items() if k != "as_written"}
        self._count(written, changed)

    def _parse_span(self, text: str, cell: Cell | None, old: dict[str, Any] | None) -> dict[str, Any] | None:
        if not text:
            return None
        if text == UNKNOWN:
            return {"unknown": True, **({"note": old["note"]} if old and "note" in old else {})}
        ends = text.split("–")
        if len(ends) > 2 or not all(_END.fullmatch(e.strip()) for e in ends):
            where = cell.where if cell is not None else "term"
            raise ImportProblem(f"{self.found.file}: {where}: the term «{text}» is not a span such as 2021–2023, "
                                "2023-H2–2024, 2024-Q1 or 2024-03-01–2024-12-31")
        start, end = ends[0].strip(), ends[-1].strip()
        term: dict[str, Any] = {}
        for name, value in (("start", start), ("end", end)):
            found = _END.fullmatch(value)
            assert found is not None
            year, finer = int(found.group(1)), found.group(2)
            if finer is None:
                term[name] = year
            elif finer.startswith("H"):
                term[name], term[f"{name}_half"] = year, int(finer[1])
            elif finer.startswith("Q"):
                term[name], term[f"{name}_quarter"] = year, int(finer[1])
            else:
                term[name], term[f"{name}_date"] = year, dt.date.fromisoformat(value)
        if old and "as_written" in old:
            term["as_written"] = old["as_written"]
        return term

    # --- the planned sheet --------------------------------------------------------------------------------

    def planned(self) -> None:
        table = _sheet(self.found, PLANNED_SHEET)
        if table is None or not table.rows:
            return
        header = {cell.col: cell.text for cell in table.rows[0]}
        years = {col: int(name) for col, name in header.items() if name.isdigit()}
        for record in _records(table):
            if _text(record, "community") != self.slug:
                continue
            code = _text(record, "code")
            if code not in self.nodes:
                raise ImportProblem(f"{self.found.file}: {record['code'].where}: no node {code} in the plan's data")
            node, _level = self.nodes[code]
            line_cell = record.get("line")
            number = int(line_cell.number) if line_cell is not None and line_cell.number is not None else 0
            lines = node.setdefault("funding", {}).setdefault("planned", [])
            if number < 1 or number > len(lines) + 1:
                where = line_cell.where if line_cell is not None else code
                raise ImportProblem(f"{self.found.file}: {where}: line {number} of {code} does not follow its "
                                    f"{len(lines)} planned line(s)")
            if number == len(lines) + 1:
                lines.append({})
            line = lines[number - 1]
            for name in ("source", "marker", "note"):
                cell = record.get(name)
                shown = cell.text if cell is not None else ""
                changed = shown != (line.get(name) or "")
                if changed:
                    line[name] = shown
                    if not shown:
                        del line[name]
                self._count(cell, changed)
            share = record.get("share")
            self._amount_into(line, "share", share, allow_unknown=False)
            cells = {cell.col: cell for row in [list(record.values())] for cell in row}
            old_years = dict(line.get("years", {}))
            new_years = dict(old_years)
            for col, year in years.items():
                self._amount_into(new_years, year, cells.get(col), allow_unknown=True)
            if new_years != old_years or list(new_years) != list(old_years):
                line["years"] = dict(sorted(new_years.items()))
                if not line["years"]:
                    del line["years"]
            self._amount_into(line, "total", record.get("total"), allow_unknown=True)

    def _amount_into(self, holder: dict[Any, Any], key: Any, cell: Cell | None, *, allow_unknown: bool) -> None:
        old = holder.get(key)
        if cell is None or (not cell.text.strip() and cell.number is None):
            changed = old is not None
            if changed:
                del holder[key]
            return
        if cell.number is not None:
            new: Decimal | str = cell.number
        elif allow_unknown and cell.text.strip() == UNKNOWN:
            new = UNKNOWN
        else:
            raise ImportProblem(f"{self.found.file}: {cell.where}: «{cell.text}» is not an amount"
                                + (" or unknown" if allow_unknown else ""))
        same = (isinstance(old, Decimal) and isinstance(new, Decimal) and old == new) or old == new
        if not same:
            holder[key] = new
        self._count(cell, not same)
