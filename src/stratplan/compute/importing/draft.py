"""A draft plan from an implementation table: goal / task / measure rows, their cells placed in the model.

Rows are read top-down after the header (and a goal row printed above the header):

* a row labelled «Стратегічна ціль 1», «Пріоритет розвитку 1.», «Операційна ціль 1.1», «Завдання 1.1.1», «Захід
  1.1.1.1» is a node of that level with that code; the label is the level's name as the document prints it;
* a row numbered `1.` or `1.1.1` without a label is an item of the lowest level (measure) under the last node;
* a row without label or number is a node of the level above the next labelled row, numbered from it (as
  Pervomaisk prints its strategic goals), with `as_numbered: ""`;
* «Всього»/«ВСЬОГО» rows are the declared total of the current top-level node, «РАЗОМ» rows the plan's.

A task cell that lists its measures («Заходи:» then `1.1.1.1. …` paragraphs) gives the measures too; then
each other cell of the row lists the task's value and then each measure's, paragraph by paragraph, and is
split so only when it has exactly one non-empty paragraph per node (otherwise the whole cell stays with the
task when it is one value, or goes into a note). Amounts are exact; a dash is "no amount"; an empty amount
cell in a table that gives amounts is `unknown`, with a note. Anything not placed goes into a note on the
node it belongs to (or the plan), and the summary counts every cell: read = placed + left over.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from stratplan.compute.importing import cells as read
from stratplan.compute.importing.columns import Header, Mapping, find_header
from stratplan.io.draftyaml import Flow, Plain, Sourced
from stratplan.io.tables import Cell, Table, TableFile
from stratplan.model import LEVEL_KEYS, LEVELS

LABELS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("strategic_goal", re.compile(r"(стратегічн\w* ціл\w*|стратегічн\w* напрям\w*|пріоритет\w*(?: розвитку)?|"
                                  r"напрям\w*(?: діяльності)?)\s*(?:№\s*)?(\d+)(?:\.|(?=\s|$))\s*(.*)", re.I | re.S)),
    ("operational_goal", re.compile(r"(операційн\w* ціл\w*|оперативн\w* ціл\w*)\s*(?:№\s*)?(\d+(?:\.\d+)*)(?:\.|(?=\s|$))"
                                    r"\s*(.*)", re.I | re.S)),
    ("task", re.compile(r"(завдання)\s*(?:№\s*)?(\d+(?:\.\d+)*)(?:\.|(?=\s|$))\s*(.*)", re.I | re.S)),
    ("measure", re.compile(r"(захід|заходи)\s*(?:№\s*)?(\d+(?:\.\d+)*)(?:\.|(?=\s|$))\s*(.*)", re.I | re.S)),
)
TOTAL = re.compile(r"(всього|усього|разом|загалом)\b", re.I)
PLAN_TOTAL = re.compile(r"(разом|загалом|всього по (?:програмі|стратегії|плану))\b", re.I)
NUMBERED = re.compile(r"(\d+(?:\.\d+)*)\.?(?:\s+|$)(.*)", re.S)
MEASURES_LABEL = re.compile(r"(заходи|захід)\s*:?\s*$", re.I)
LEVEL_WORDS = {"strategic_goal": "Стратегічна ціль", "operational_goal": "Операційна ціль", "task": "Завдання",
               "measure": "Захід"}
FORMAT = "the plan format's version"
TEXT_ROLES = ("indicators", "expected_result", "term", "executors", "sources")


@dataclass(frozen=True)
class Settings:
    """What the user says about the document: the issuer, the kind, the title, the period, the slug."""

    slug: str
    columns: Mapping
    issuer_type: str = "community"
    issuer_name: str | None = None
    oblast: str | None = None
    district: str | None = None
    kind: str | None = None
    title: str | None = None
    period: tuple[int, int] | None = None


@dataclass(frozen=True)
class LeftOver:
    """A cell (or part of one) not placed in the plan: where, what it says, why, and the node whose note has it."""

    where: str
    text: str
    reason: str
    node: str


@dataclass
class Summary:
    """How many cells were read, placed and left over (read = placed + left_over; empty cells apart)."""

    file: str
    table: str
    rows: int
    read: int = 0
    placed: int = 0
    empty: int = 0
    left_over: list[LeftOver] = field(default_factory=list)
    nodes: dict[str, int] = field(default_factory=dict)
    unit: str = ""
    warnings: list[str] = field(default_factory=list)

    def as_data(self) -> dict[str, Any]:
        """The summary as plain data (JSON output)."""
        return {"file": self.file, "table": self.table, "rows": self.rows, "cells": {
            "read": self.read, "placed": self.placed, "left_over": len(self.left_over), "empty": self.empty},
            "nodes": self.nodes, "money_unit": self.unit, "warnings": self.warnings,
            "left_over": [{"where": x.where, "node": x.node, "reason": x.reason, "text": x.text} for x in self.left_over]}


@dataclass
class Draft:
    """The plan files as plain data with sources (`io.draftyaml`), by path inside the plan folder, and the summary."""

    files: dict[str, dict[str, Any]]
    summary: Summary


class ImportProblem(Exception):
    """The table cannot be made into a plan (no header, no title column, no row); the message says what to do."""


@dataclass
class _Node:
    level: str
    code: str
    where: str
    title: str = ""
    title_where: str = ""
    printed: str | None = None  # as_numbered, when it differs from the code
    motto: Sourced | None = None
    fields: dict[str, Any] = field(default_factory=dict)
    years: dict[int, Sourced] = field(default_factory=dict)
    total: Sourced | None = None
    declared: dict[str, Any] | None = None
    notes: list[str] = field(default_factory=list)
    children: list[_Node] = field(default_factory=list)
    parent: _Node | None = None


@dataclass
class _Row:
    """One data row, classified."""

    index: int
    kind: str  # node, numbered, unnumbered, total, plan_total, heading, empty
    cells: list[Cell]
    level: str = ""
    code: str = ""
    label: str = ""
    title_cell: Cell | None = None
    title_lines: list[str] = field(default_factory=list)
    gap: bool = False  # an unlabelled row read as the sibling its neighbours' numbers leave out


class _Builder:
    def __init__(self, table: Table, header: Header, settings: Settings, warnings: list[str]) -> None:
        self.table, self.header, self.settings = table, header, settings
        self.roles = header.roles
        self.years = sorted(r for r in set(self.roles.values()) if isinstance(r, int))
        self.status: dict[str, str] = {}  # cell where -> placed | left
        self.summary = Summary(table.file, table.name, len(table.rows), unit=header.unit or "", warnings=warnings)
        self.level_names: dict[str, tuple[str, str]] = {}  # level -> (name, where)
        self.sources: dict[str, dict[str, Any]] = {}  # printed name -> catalog entry (with where)
        self.executors: dict[str, dict[str, Any]] = {}
        self.roots: list[_Node] = []
        self.codes: set[str] = set()
        self.plan_notes: list[str] = []
        self.plan_total: dict[str, Any] | None = None
        self.heading: list[tuple[str, str]] = []  # (text, where)
        self.has_amounts = False

    # --- bookkeeping --------------------------------------------------------------------------------------

    def placed(self, cell: Cell) -> None:
        self.status.setdefault(cell.where, "placed")

    def left(self, cell: Cell, node: _Node | None, reason: str, text: str | None = None) -> None:
        shown = read.squeeze(cell.text if text is None else text)
        self.status[cell.where] = "left"
        owner = node.code if node else "plan"
        self.summary.left_over.append(read_left(cell, shown, reason, owner))
        note = f"Not placed: {cell.where} ({self._column_name(cell)}) reads «{shown}»: {reason}."
        (node.notes if node else self.plan_notes).append(note)

    def _column_name(self, cell: Cell) -> str:
        role = self.roles.get(cell.col)
        return f"column {cell.col}" + (f", {role}" if role is not None else ", not recognised")

    # --- rows -------------------------------------------------------------------------------------------

    def run(self) -> None:
        rows = [self._classify(index, row) for index, row in enumerate(self.table.rows)
                if not self.header.first <= index <= self.header.last]
        for cell in self.header.used:
            self.placed(cell)
        for cell in self.header.unknown:
            self.left(cell, None, "a header the importer does not recognise; map it with --columns "
                      "(e.g. --columns \"N=skip\" or a role)")
        if self.header.unit_cell is not None:
            self.placed(self.header.unit_cell)
        self.has_amounts = any(read.amount(p) is not None for row in rows if row.kind in ("node", "numbered",
                                                                                             "unnumbered")
                               for cell in row.cells if isinstance(self.roles.get(cell.col), int) or
                               self.roles.get(cell.col) == "total" for p in read.paragraphs(cell.text)) or any(
            cell.number is not None for row in rows for cell in row.cells)
        self._resolve_unnumbered(rows)
        stack: list[_Node] = []
        for row in rows:
            if row.kind == "heading":
                for cell in row.cells:
                    if cell.text.strip():
                        self.heading.append((read.squeeze(cell.text), cell.where))
                        self.placed(cell)
                continue
            if row.kind == "empty":
                continue
            if row.kind in ("total", "plan_total"):
                self._total(row, stack)
                continue
            node = self._node(row, stack)
            if node is not None:
                self._fill(node, row)

    def _classify(self, index: int, cells: list[Cell]) -> _Row:
        if not any(c.text.strip() or c.formula for c in cells):
            return _Row(index, "empty", cells)
        title_cell = next((c for c in cells if self.roles.get(c.col) == "title"), None)
        number_cell = next((c for c in cells if self.roles.get(c.col) == "number"), None)
        wide = len(cells) == 1 and cells[0].span > 1
        if title_cell is None and wide:
            title_cell = cells[0]
        if title_cell is None:
            return _Row(index, "heading" if index < self.header.first else "orphan", cells)
        lines = read.paragraphs(title_cell.text)
        first = lines[0] if lines else ""
        row = _Row(index, "node", cells, title_cell=title_cell)
        for level, pattern in LABELS:
            found = pattern.fullmatch(first)
            if found:
                row.level, row.code, row.label = level, found.group(2), found.group(1)
                row.title_lines = ([found.group(3)] if found.group(3).strip() else []) + lines[1:]
                return row
        if TOTAL.match(first):
            row.kind = "plan_total" if PLAN_TOTAL.match(first) else "total"
            row.label = first
            return row
        if index < self.header.first:
            return _Row(index, "heading", cells)
        number = read.squeeze(number_cell.text) if number_cell is not None else ""
        found = NUMBERED.fullmatch(number) if number else NUMBERED.fullmatch(first)
        if found and (number or found.group(2)):
            row.kind, row.level, row.code = "numbered", "measure", found.group(1)
            row.title_lines = lines if number else ([found.group(2)] if found.group(2) else []) + lines[1:]
            return row
        row.kind, row.title_lines = ("unnumbered" if lines else "orphan"), lines
        if "number" in self.roles.values() and not number:  # the number column is empty (or absent) in this row
            row.kind = "numbered_lost" if lines else "orphan"
            row.level = "measure"
        return row

    def _resolve_unnumbered(self, rows: list[_Row]) -> None:
        for position, row in enumerate(rows):
            if row.kind != "unnumbered":
                continue
            following = next((r for r in rows[position + 1:] if r.kind == "node"), None)
            before = next((r for r in reversed(rows[:position]) if r.kind == "node"), None)
            if following is None:
                row.kind = "orphan"
                continue
            if before is not None and before.level == following.level:
                # between two siblings numbered n and n + 2: the row is sibling n + 1, printed without its label
                prev, nxt = before.code.split("."), following.code.split(".")
                if prev[:-1] == nxt[:-1] and prev[-1].isdigit() and nxt[-1].isdigit() and \
                        int(nxt[-1]) - int(prev[-1]) == 2:
                    row.level, row.code = following.level, ".".join([*prev[:-1], str(int(prev[-1]) + 1)])
                    row.gap = True
                else:
                    row.kind = "orphan"
                continue
            if LEVELS.index(following.level) == 0:
                row.kind = "orphan"
                continue
            row.level = LEVELS[LEVELS.index(following.level) - 1]
            parts = following.code.split(".")
            row.code = ".".join(parts[:-1]) if len(parts) > 1 else ""
            if not row.code:
                row.kind = "orphan"

    def _node(self, row: _Row, stack: list[_Node]) -> _Node | None:
        assert row.title_cell is not None
        if row.kind == "orphan":
            parent = stack[-1] if stack else None
            for cell in row.cells:
                if cell.text.strip():
                    self.left(cell, parent, "a row without a label, a number or a level the importer can tell")
            return None
        level = row.level
        while stack and LEVELS.index(stack[-1].level) >= LEVELS.index(level):
            stack.pop()
        parent = stack[-1] if stack else None
        code, printed = row.code, None
        if row.kind == "numbered" and "." not in code and parent is not None:
            code = f"{parent.code}.{code}"
            printed = None
        if row.kind == "numbered_lost":
            siblings = len(parent.children) if parent else len(self.roots)
            code = f"{parent.code}.{siblings + 1}" if parent else str(siblings + 1)
            printed = ""
        if row.kind == "unnumbered":
            printed = ""
        if code in self.codes:
            printed = row.code
            base = parent.code if parent else ""
            number = (len(parent.children) if parent else len(self.roots)) + 1
            while (code := f"{base}.{number}" if base else str(number)) in self.codes:
                number += 1
        self.codes.add(code)
        node = _Node(level, code, row.title_cell.where, parent=parent, printed=printed)
        if row.kind == "numbered_lost":
            node.notes.append(f"The number cell of this row ({row.title_cell.where}) is empty; the code {code} is its "
                              "position among its siblings.")
        elif row.kind == "unnumbered" and row.gap:
            node.notes.append(f"The row ({row.title_cell.where}) is printed without a label or number; it is read as "
                              f"the {level.replace('_', ' ')} {code}, the number its neighbours' numbers leave out.")
        elif row.kind == "unnumbered":
            node.notes.append(f"The row ({row.title_cell.where}) is printed without a label or number; it is read as "
                              f"the {level.replace('_', ' ')} {code} because the next labelled row is numbered under it.")
        elif printed:
            node.notes.append(f"Printed as {printed} ({row.title_cell.where}), a number already used; the code "
                              f"{code} is its position among its siblings.")
        if row.label:
            self._level_name(level, row.label, row.title_cell.where)
        elif row.kind in ("numbered", "numbered_lost") and self.header.title_header:
            self._level_name(level, self.header.title_header, "the header of the title column")
        (parent.children if parent else self.roots).append(node)
        stack.append(node)
        return node

    def _level_name(self, level: str, label: str, where: str) -> None:
        if level not in self.level_names:
            name = read.squeeze(label)
            if name.isupper():
                name = name[:1] + name[1:].lower()
            self.level_names[level] = (name, where)

    # --- a node's cells -------------------------------------------------------------------------------

    def _fill(self, node: _Node, row: _Row) -> None:
        assert row.title_cell is not None
        measures = self._title(node, row)
        group = [node, *measures]
        covered = {col for cell in row.cells for col in range(cell.col, cell.last_col + 1)}
        for col, kind in sorted(self.roles.items()):
            if col not in covered and (isinstance(kind, int) or kind == "total"):  # a spreadsheet stores no empty cell
                self._empty_amount(group, Cell(row.index + 1, col, "", self.table.locate(row.index + 1, col)), kind)
        for cell in row.cells:
            if cell is row.title_cell:
                continue
            role = self.roles.get(cell.col)
            if not cell.text.strip() and cell.formula is None and cell.number is None:
                if isinstance(role, int) or role == "total":
                    self._empty_amount(group, cell, role)
                continue
            if role is None or role == "skip":
                self.left(cell, node, "the column's header is not recognised" if role is None else
                          "the column is mapped to skip")
            elif role == "number":
                self.placed(cell)
            elif role == "note":
                self.left(cell, node, "the model has no field for this column")
            elif isinstance(role, int) or role == "total":
                self._amounts(group, cell, role)
            else:
                self._text(group, cell, role)

    def _title(self, node: _Node, row: _Row) -> list[_Node]:
        """The node's title (and motto), and the measures its cell lists; marks the title cell placed."""
        cell = row.title_cell
        assert cell is not None
        lines = list(row.title_lines)
        measure_lines: list[str] = []
        if node.level != "measure":
            child = re.compile(rf"{re.escape(node.code)}\.\d+")
            label_at = next((i for i, line in enumerate(lines) if MEASURES_LABEL.fullmatch(line)), None)
            first_at = next((i for i, line in enumerate(lines) if child.match(line)), None)
            if label_at is not None and (first_at is None or label_at < first_at):
                self._level_name("measure", lines[label_at].rstrip(" :"), cell.where)
                measure_lines, lines = lines[label_at + 1:], lines[:label_at]
            elif first_at is not None:
                measure_lines, lines = lines[first_at:], lines[:first_at]
        if lines and len(lines) > 1 and lines[-1].startswith("«") and lines[-1].endswith("»"):
            node.motto = Sourced(lines[-1], f"{cell.where}, last paragraph")
            lines = lines[:-1]
        node.title = read.squeeze(" ".join(lines))
        node.title_where = cell.where
        self.placed(cell)
        if not node.title:
            node.title = f"(без назви) {node.code}"
            node.notes.append(f"The title cell ({cell.where}) gives no title after the label; write the title.")
        return self._measures(node, measure_lines, cell)

    def _measures(self, task: _Node, lines: list[str], cell: Cell) -> list[_Node]:
        text = " ".join(lines)
        prefix = re.escape(task.code)
        pieces = re.split(rf"(?:^|\s)({prefix}\.\d+)\.?(?=\s|[А-ЯІЇЄҐA-Z«])", text)
        found: list[_Node] = []
        if pieces[0].strip():
            self.left(cell, task, "text after «Заходи:» before the first numbered measure", pieces[0])
        for index in range(1, len(pieces), 2):
            code, title = pieces[index], read.squeeze(pieces[index + 1])
            printed = None
            if code in self.codes:
                printed, number = code, len(task.children) + 1
                while (code := f"{task.code}.{number}") in self.codes:
                    number += 1
            self.codes.add(code)
            measure = _Node("measure", code, cell.where, title=title, title_where=f"{cell.where}, measure "
                            f"{len(found) + 1}", printed=printed, parent=task)
            if printed:
                measure.notes.append(f"Printed as {printed} ({cell.where}), a number already used; the code {code} "
                                     "is its position in the task.")
            task.children.append(measure)
            found.append(measure)
        return found

    def _split(self, group: list[_Node], cell: Cell, role: str | int) -> list[tuple[_Node, str, str]]:
        """(node, paragraph, where) for each paragraph of the cell when it has one per node of the group (the task
        and its measures), or all to the first node when the group is one node or the cell one paragraph. Otherwise
        the first paragraph is the task's (a row lists the task first) and the rest goes into the task's note."""
        lines = read.paragraphs(cell.text)
        if len(group) == 1:
            return [(group[0], cell.text, cell.where)]
        continued = any(line.endswith((",", ";", "/")) for line in lines)
        if continued and role in ("executors", "sources"):  # a name list wrapped over paragraphs: join it first
            joined = read.join_continued(cell.text.split("\n"))
            if len(joined) == len(group):
                return [(node, line, f"{cell.where}, line {i + 1} (paragraphs ending in a comma joined)")
                        for i, (node, line) in enumerate(zip(group, joined, strict=True))]
            lines = joined
        if len(lines) == len(group):
            return [(node, line, f"{cell.where}, paragraph {i + 1}") for i, (node, line) in
                    enumerate(zip(group, lines, strict=True))]
        if len(lines) == 1:
            return [(group[0], lines[0], cell.where)]
        self.left(cell, group[0], f"{len(lines)} paragraphs for the {len(group)} nodes of the row (the task and its "
                  "measures): the first is read as the task's, which of the others belongs to which measure cannot be "
                  "told", " / ".join(lines[1:]))
        return [(group[0], lines[0], f"{cell.where}, paragraph 1")]

    def _text(self, group: list[_Node], cell: Cell, role: str) -> None:
        ok = True
        for node, text, where in self._split(group, cell, role):
            ok = self._value(node, role, text, where) and ok
        if ok:
            self.placed(cell)
        elif self.status.get(cell.where) != "left":
            self.status[cell.where] = "left"
            self.summary.left_over.append(read_left(cell, read.squeeze(cell.text), "part of the cell is not understood",
                                                    group[0].code))

    def _value(self, node: _Node, role: str, text: str, where: str) -> bool:
        if role == "indicators":
            node.fields.setdefault("indicators", []).extend(Sourced(line, where) for line in read.paragraphs(text))
        elif role == "expected_result":
            node.fields["expected_result"] = Sourced(read.squeeze(text), where)
        elif role == "term":
            term = read.term(text)
            if term is None:
                node.notes.append(f"Not placed: {where} (term) reads «{read.squeeze(text)}»: not a term the importer "
                                  "reads (years, a half-year or a quarter).")
                node.fields["term"] = Sourced(Flow({"unknown": True, "note": f"the document prints «"
                                                    f"{read.squeeze(text)}»"}), where)
                return False
            node.fields["term"] = Sourced(Flow(_term(term)), where)
        elif role == "executors":
            ids = [self._catalog(self.executors, name, where, "executor") for name in read.names(text)]
            node.fields.setdefault("executors", []).extend(Sourced(i, where) for i in dict.fromkeys(ids))
        elif role == "sources":
            ids = [self._catalog(self.sources, name, where, "source") for name in read.names(text)]
            node.fields.setdefault("sources", []).extend(Sourced(i, where) for i in dict.fromkeys(ids))
        return True

    def _catalog(self, catalog: dict[str, dict[str, Any]], printed: str, where: str, kind: str) -> str:
        name, code = read.source_code(printed) if kind == "source" else (printed, None)
        if name in catalog:
            return str(catalog[name]["id"].value)
        taken = {str(entry["id"].value) for entry in catalog.values()}
        if kind == "source":
            source_kind = read.source_kind(name)
            ident = source_kind if source_kind not in taken and source_kind != "other" else read.identifier(name, taken)
            entry: dict[str, Any] = {"id": Sourced(ident, where), "name": Sourced(name, where)}
            if code:
                entry["code"] = Sourced(code, where)
            entry["kind"] = Sourced(source_kind, f"from the words of «{name}»")
        else:
            ident = read.identifier(name, taken)
            entry = {"id": Sourced(ident, where), "name": Sourced(name, where)}
        catalog[name] = entry
        return ident

    def _amounts(self, group: list[_Node], cell: Cell, role: str | int) -> None:
        if cell.formula is not None:
            self.left(cell, group[0], f"the cell holds a formula ({cell.formula}), which is never evaluated: type its "
                      "value", cell.formula)
            self._set(group[0], role, Sourced(Plain("unknown"), f"{cell.where}: a formula, not evaluated"))
            return
        if cell.number is not None:
            self._set(group[0], role, Sourced(cell.number, cell.where))
            self.placed(cell)
            return
        parts = self._split(group, cell, role)
        understood = True
        for node, text, where in parts:
            lines = read.paragraphs(text)
            if len(lines) != 1:
                understood = False
                continue
            if read.is_dash(lines[0]):
                continue
            value = read.amount(lines[0])
            if value is None:
                understood = False
                continue
            self._set(node, role, Sourced(value, where))
        if understood:
            self.placed(cell)
        elif self.status.get(cell.where) != "left":
            self.left(cell, group[0], "not an amount, a dash or one amount per node")

    def _set(self, node: _Node, role: str | int, value: Sourced) -> None:
        if role == "total":
            node.total = value
        else:
            assert isinstance(role, int)
            node.years[role] = value

    def _empty_amount(self, group: list[_Node], cell: Cell, role: str | int) -> None:
        if not self.has_amounts:
            return
        why = f"{cell.where}: empty in the document, while the table gives amounts"
        task = group[0]
        self._set(task, role, Sourced(Plain("unknown"), why))
        for measure in group[1:]:
            if measure.years or measure.total is not None:
                self._set(measure, role, Sourced(Plain("unknown"), why))
        column = "Всього" if role == "total" else str(role)
        note = f"The {column} cell of the row ({cell.where}) is empty in the document: the amount is unknown."
        task.notes.append(note)

    def _total(self, row: _Row, stack: list[_Node]) -> None:
        assert row.title_cell is not None
        label_cell = row.title_cell
        total: dict[str, Any] = {"label": Sourced(row.label, label_cell.where)}
        self.placed(label_cell)
        years: dict[int, Any] = {}
        owner = next((n for n in stack if n.parent is None), None) if row.kind == "total" else None
        for cell in row.cells:
            if cell is label_cell:
                continue
            role = self.roles.get(cell.col)
            if not (isinstance(role, int) or role == "total"):
                if cell.text.strip():
                    self.left(cell, owner, "a cell of a total row outside the amount columns")
                continue
            text = read.squeeze(cell.text)
            if cell.number is not None:
                value: Any = Sourced(cell.number, cell.where)
                self.placed(cell)
            elif cell.formula is not None:
                self.left(cell, owner, f"the cell holds a formula ({cell.formula}), never evaluated", cell.formula)
                value = Sourced(Plain("unknown"), f"{cell.where}: a formula, not evaluated")
            elif not text or read.is_dash(text):
                if text:
                    self.placed(cell)
                continue
            else:
                amount = read.amount(text)
                if amount is None:
                    self.left(cell, owner, "not an amount")
                    continue
                value = Sourced(amount, cell.where)
                self.placed(cell)
            if role == "total":
                total["total"] = value
            else:
                assert isinstance(role, int)
                years[role] = value
        if years:
            total["years"] = dict(sorted(years.items()))
        if owner is None:
            self.plan_total = total
        else:
            owner.declared = total


def read_left(cell: Cell, text: str, reason: str, node: str) -> LeftOver:
    """A left-over record."""
    return LeftOver(cell.where, text, reason, node)


def _term(term: read.Term) -> dict[str, Any]:
    data: dict[str, Any] = {"start": term.start, "end": term.end}
    for name in ("start_half", "end_half", "start_quarter", "end_quarter", "as_written"):
        value = getattr(term, name)
        if value is not None:
            data[name] = value
    return data


def choose_table(found: TableFile, mapping: Mapping) -> tuple[Table, Header]:
    """The first table whose header is recognised; ImportProblem naming the file when none is."""
    for table in found.tables:
        if not table.rows:
            continue
        header = find_header(table, mapping)
        if header is not None:
            return table, header
    extra = "".join(f"; {w}" for w in found.warnings)
    if not found.tables:
        raise ImportProblem(f"{found.file}: no table found (an implementation plan is a table of goals, tasks and "
                            f"measures){extra}")
    raise ImportProblem(f"{found.file}: no table with a header the importer recognises (column names such as "
                        "«Назва заходу», «Термін виконання», «Всього», years); name the columns with --columns "
                        f"\"HEADER=ROLE,...\" or \"N=ROLE\"{extra}")


def refuse_formulas(found: TableFile, tables: list[Table]) -> None:
    """ImportProblem naming the cells that hold a formula, if any: never evaluated, so never imported."""
    formulas = [c for table in tables for c in table.cells() if c.formula is not None]
    if formulas:
        listed = ", ".join(f"{c.where} ({c.formula})" for c in formulas[:5])
        more = f" and {len(formulas) - 5} more" if len(formulas) > 5 else ""
        raise ImportProblem(f"{found.file}: {len(formulas)} cell(s) hold a formula, which the importer never evaluates: "
                            f"{listed}{more}; replace each with its value (copy, paste values) and import again"
                            + "".join(f"; {w}" for w in found.warnings))


def build(found: TableFile, settings: Settings) -> Draft:
    """The draft plan of the file's implementation table; ImportProblem when there is none."""
    table, header = choose_table(found, settings.columns)
    refuse_formulas(found, [table])
    if "title" not in header.roles.values():
        raise ImportProblem(f"{found.file}: {table.name}: the header (rows {header.first + 1}–{header.last + 1}) names "
                            "no column of titles; name it with --columns, e.g. --columns \"1=title\"")
    builder = _Builder(table, header, settings, list(found.warnings))
    builder.run()
    if not builder.roots:
        raise ImportProblem(f"{found.file}: {table.name}: no goal, task or measure row found below the header")
    return _files(builder, settings)


def _files(builder: _Builder, settings: Settings) -> Draft:
    summary = builder.summary
    for row in builder.table.rows:
        for cell in row:
            if not cell.text.strip() and cell.number is None and cell.formula is None:
                summary.empty += 1
                continue
            summary.read += 1
            if builder.status.get(cell.where) == "placed":
                summary.placed += 1
            elif cell.where not in builder.status:
                builder.left(cell, None, "a cell outside the rows the importer reads")
    summary.left_over.sort(key=lambda x: (_position(x.where), x.where))
    seen: dict[str, LeftOver] = {}
    for item in summary.left_over:
        seen.setdefault(item.where, item)
    summary.left_over = list(seen.values())
    levels = [level for level in LEVELS if level in _levels(builder.roots)]
    summary.nodes = {level: sum(1 for n in _walk(builder.roots) if n.level == level) for level in levels}
    plan = _plan_file(builder, settings, levels)
    files: dict[str, dict[str, Any]] = {"plan.yaml": plan}
    top = levels[0]
    if len(builder.roots) == 1 or top != "strategic_goal":
        if top == "strategic_goal":
            files[f"goals/{_file_name(builder.roots[0].code)}.yaml"] = _node_data(builder.roots[0], True)
        else:
            files["goals/nodes.yaml"] = {"schema_version": Sourced(1, FORMAT),
                                         "nodes": [_node_data(n, False) for n in builder.roots]}
    else:
        for node in builder.roots:
            files[f"goals/{_file_name(node.code)}.yaml"] = _node_data(node, True)
    return Draft(files, summary)


def _position(where: str) -> tuple[int, ...]:
    return tuple(int(n) for n in re.findall(r"\d+", where))


def _file_name(code: str) -> str:
    return "sg" + re.sub(r"[^0-9a-z]+", "_", code.lower())


def _walk(nodes: list[_Node]) -> list[_Node]:
    out: list[_Node] = []
    for node in nodes:
        out.append(node)
        out += _walk(node.children)
    return out


def _levels(nodes: list[_Node]) -> set[str]:
    return {n.level for n in _walk(nodes)}


def _node_data(node: _Node, top: bool) -> dict[str, Any]:
    data: dict[str, Any] = {"schema_version": Sourced(1, FORMAT)} if top else {}
    data["code"] = Sourced(node.code, node.where)
    data["title"] = Sourced(node.title, node.title_where or node.where)
    if node.motto is not None:
        data["motto"] = node.motto
    if node.printed is not None:
        data["as_numbered"] = Sourced(node.printed, node.where)
    for name in ("expected_result", "indicators", "term", "executors"):
        if name in node.fields:
            data[name] = node.fields[name]
    funding: dict[str, Any] = {}
    if "sources" in node.fields:
        funding["sources"] = node.fields["sources"]
    if node.years or node.total is not None:
        line: dict[str, Any] = {}
        if node.years:
            line["years"] = dict(sorted(node.years.items()))
        if node.total is not None:
            line["total"] = node.total
        funding["planned"] = [line]
    if funding:
        data["funding"] = funding
    if node.declared is not None:
        data["declared_total"] = node.declared
    if node.notes:
        data["notes"] = list(node.notes)
    for level in LEVELS[LEVELS.index(node.level) + 1:]:
        children = [c for c in node.children if c.level == level]
        if children:
            data[LEVEL_KEYS[level]] = [_node_data(c, False) for c in children]
    return data


def _plan_file(builder: _Builder, settings: Settings, levels: list[str]) -> dict[str, Any]:
    notes = list(builder.plan_notes)
    issuer: dict[str, Any] = {}
    if settings.issuer_type != "community":
        issuer["type"] = settings.issuer_type
    if settings.issuer_name:
        issuer["name"] = Sourced(settings.issuer_name, "given with the command")
    else:
        issuer["name"] = Sourced("НАЗВА ГРОМАДИ", "not in the table: replace (import --community NAME)")
        notes.append("The issuer's name is not in the table: replace the placeholder in issuer.name.")
    if settings.issuer_type != "oblast":
        if settings.oblast:
            issuer["oblast"] = Sourced(settings.oblast, "given with the command")
        else:
            issuer["oblast"] = Sourced("НАЗВА ОБЛАСТІ", "not in the table: replace (import --oblast NAME)")
            notes.append("The oblast is not in the table: replace the placeholder in issuer.oblast.")
    if settings.district:
        issuer["district"] = Sourced(settings.district, "given with the command")
    issuer["slug"] = Sourced(settings.slug, "the folder's name")
    heading = " ".join(text for text, _ in builder.heading) or " ".join(builder.table.heading)
    heading_where = builder.heading[0][1] if builder.heading else f"the paragraphs above {builder.table.name}"
    if settings.title:
        title = Sourced(settings.title, "given with the command")
    elif heading:
        title = Sourced(read.squeeze(heading), heading_where)
        notes.append("The document's title is the heading printed above the table; replace it with the title as "
                     "the document prints it.")
    else:
        title = Sourced("НАЗВА ДОКУМЕНТА", "not in the table: replace (import --title TEXT)")
        notes.append("The document's title is not in the table: replace the placeholder.")
    kind = settings.kind or _kind(heading)
    period = settings.period
    period_where = "given with the command"
    if period is None and builder.years:
        period = (builder.years[0], builder.years[-1])
        period_where = "the years of the header"
    if period is None:
        terms = [n.fields["term"].value.items for n in _walk(builder.roots) if "term" in n.fields
                 and "start" in n.fields["term"].value.items]
        if terms:
            period = (min(t["start"] for t in terms), max(t["end"] for t in terms))
            period_where = "the span of the terms in the table"
            notes.append("The period is the span of the items' terms (the table has no year columns); check it "
                         "against the document.")
    if period is None:
        raise ImportProblem(f"{builder.table.file}: the table gives no years (no year columns, no terms); give the "
                            "period with --period 2024-2026")
    document: dict[str, Any] = {"title": title, "kind": Sourced(kind, "given with the command" if settings.kind else
                                                                 "from the heading's words (default strategy)"),
                                "status": Sourced("draft", "made by stratplan import: set it once checked"),
                                "period": Sourced(Flow({"start": period[0], "end": period[1]}), period_where)}
    if kind == "action_plan":
        document["action_plan_year"] = Sourced(period[0], period_where)
    unit = builder.header.unit
    if unit is not None:
        assert builder.header.unit_cell is not None
        document["money_unit"] = Sourced(unit, builder.header.unit_cell.where)
    elif builder.years:
        notes.append("The header names no money unit (тис. грн or грн): thousand UAH assumed; check it.")
    document["source_file"] = Sourced(builder.table.file, "the file imported")
    level_map: dict[str, Any] = {}
    for level in levels:
        name, where = builder.level_names.get(level, (LEVEL_WORDS[level], "not printed: the usual word"))
        level_map[level] = Sourced(name, where)
    plan: dict[str, Any] = {"schema_version": Sourced(1, FORMAT), "issuer": issuer, "document": document, "levels": level_map}
    if builder.sources:
        plan["sources"] = list(builder.sources.values())
    if builder.executors:
        plan["executors"] = list(builder.executors.values())
    if builder.plan_total is not None:
        plan["declared_total"] = builder.plan_total
    notes.append(f"Drafted by stratplan import from {builder.table.file}, {builder.table.name}: every value's comment "
                 "says where it was read; check each against the document.")
    plan["notes"] = notes
    return plan


def _kind(heading: str) -> str:
    text = heading.lower()
    if "план дій" in text or "план заходів" in text:
        return "action_plan"
    if "програм" in text:
        return "programme"
    return "strategy"


def amounts_of(draft: Draft) -> dict[tuple[str, int | str], Decimal | str]:
    """Every amount of the draft's nodes by (code, year or `total`), for tests and the summary."""
    out: dict[tuple[str, int | str], Decimal | str] = {}

    def visit(data: dict[str, Any]) -> None:
        code = data["code"].value
        for line in data.get("funding", {}).get("planned", []):
            for year, value in line.get("years", {}).items():
                out[(code, year)] = _plain(value.value)
            if "total" in line:
                out[(code, "total")] = _plain(line["total"].value)
        for key in LEVEL_KEYS.values():
            for child in data.get(key, []):
                visit(child)

    for path, data in draft.files.items():
        if path.startswith("goals/"):
            for node in data.get("nodes", [data]):
                visit(node)
    return out


def _plain(value: Any) -> Decimal | str:
    return value.text if isinstance(value, Plain) else Decimal(value)
