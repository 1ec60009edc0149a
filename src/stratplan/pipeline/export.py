"""`export -f csv|json|xlsx` over many plans as a per-plan job for `batch.stream`: each plan's rows (one per node),
its community and document metadata, and for xlsx its budget sheet rows, cached per content; or the plan's load
errors. The writers take the parts as they come, so no loaded plan is kept."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any, get_args

from stratplan.core.diagnostics import Diagnostic, Severity
from stratplan.core.numbers import exact
from stratplan.io.cache import FORMAT as CACHE_FORMAT
from stratplan.model import UNKNOWN
from stratplan.output.export import COLUMNS, BudgetRow, DataRow, PlannedRow
from stratplan.pipeline.entries import diagnostic_rows, diagnostics_from_rows


@dataclass(frozen=True)
class ExportPart:
    """One plan folder's part of the export, or the errors that keep it from loading."""

    errors: list[Diagnostic]
    rows: list[dict[str, str]] = field(default_factory=list)
    community: dict[str, Any] = field(default_factory=dict)
    document: dict[str, Any] | None = None
    budget: list[BudgetRow] = field(default_factory=list)
    planned: list[PlannedRow] = field(default_factory=list)
    data: list[DataRow] = field(default_factory=list)


def _text(value: Any) -> str:
    if type(value) is not str:
        raise ValueError(f"expected text, got {value!r}")
    return value


def _year(value: Any) -> int | str:
    if type(value) is int or type(value) is str:
        return value
    raise ValueError(f"bad year {value!r}")


def encode_export(part: ExportPart) -> str:
    """A part as cache entry text (amounts as exact decimal strings)."""
    budget = [[b.community, b.level, b.code, b.title, b.basis, [[y, str(a)] for y, a in b.years.items()],
               None if b.total is None else str(b.total), sorted(b.unknown, key=lambda y: (type(y) is str, str(y))),
               b.unit, b.marker] for b in part.budget]
    planned = [[p.community, p.code, p.line, p.source, p.marker, _optional(p.share), p.note,
                [[y, str(a)] for y, a in p.years.items()], _optional(p.total), p.unit] for p in part.planned]
    return json.dumps({"format": CACHE_FORMAT, "errors": diagnostic_rows(part.errors),
                       "rows": [[row[c] for c in COLUMNS] for row in part.rows], "community": part.community,
                       "document": part.document, "budget": budget, "planned": planned,
                       "data": [list(d) for d in part.data]}, ensure_ascii=False)


def _optional(value: Decimal | str | None) -> str | None:
    return None if value is None else str(value)


def _amount(value: Any) -> Decimal | str:
    """An amount from its text: the word `unknown`, or an exact decimal."""
    text = _text(value)
    return text if text == UNKNOWN else Decimal(text)


def _maybe_text(value: Any) -> str | None:
    return None if value is None else _text(value)


def decode_export(text: str) -> ExportPart:
    """A part back from `encode_export`; ValueError (or TypeError, KeyError) when it is not exactly that."""
    data = json.loads(text)
    if data.get("format") != CACHE_FORMAT or type(data.get("community")) is not dict:
        raise ValueError("not a stratplan export cache entry")
    document = data["document"]
    if document is not None and type(document) is not dict:
        raise ValueError("bad document")
    rows = []
    for values in data["rows"]:
        if len(values) != len(COLUMNS):
            raise ValueError("bad row")
        rows.append({name: _text(value) for name, value in zip(COLUMNS, values, strict=True)})
    budget = [BudgetRow(_text(c), _text(lv), _text(code), _text(title), _text(basis),
                        {_year_int(y): Decimal(_text(a)) for y, a in years},
                        None if total is None else Decimal(_text(total)), frozenset(_year(y) for y in unknown),
                        _text(unit), _text(marker))
              for c, lv, code, title, basis, years, total, unknown, unit, marker in data["budget"]]
    planned = [PlannedRow(_text(c), _text(code), _year_int(line), _maybe_text(source), _maybe_text(marker),
                          None if share is None else Decimal(_text(share)), _maybe_text(note),
                          {_year_int(y): _amount(a) for y, a in years}, None if total is None else _amount(total),
                          _text(unit))
               for c, code, line, source, marker, share, note, years, total, unit in data["planned"]]
    files = [(_text(c), _text(name), _year_int(index), _text(part)) for c, name, index, part in data["data"]]
    return ExportPart(diagnostics_from_rows(data["errors"]), rows, data["community"], document, budget, planned, files)


def _year_int(value: Any) -> int:
    if type(value) is not int:
        raise ValueError(f"bad year {value!r}")
    return value


@dataclass(frozen=True)
class ExportJob:
    """`export` as a per-plan job: a plan's rows and metadata, with its budget, planned and file data sheets' rows when
    `budget` (xlsx)."""

    budget: bool = False
    kind: str = "export"

    def asked(self) -> str:
        return json.dumps(["rows", "budget,planned,data" if self.budget else ""])

    @exact
    def compute(self, root: Path) -> tuple[ExportPart, Mapping[str, bytes]]:
        from stratplan.compute.rollup import plan_budget
        from stratplan.model import Level
        from stratplan.output.export import data_records, pivot_rows, plan_head, planned_records, rows
        from stratplan.plan.loader import load_plan

        plan = load_plan(root)
        errors = [d for d in plan.diagnostics if d.severity is Severity.ERROR]
        if errors:
            return ExportPart(errors), plan.read_digests
        community, document = plan_head(plan.view)
        if not self.budget:
            return ExportPart([], rows(plan.view), community, document), plan.read_digests
        budget = pivot_rows(plan_budget(plan.view, get_args(Level)))
        return (ExportPart([], rows(plan.view), community, document, budget, planned_records(plan.view),
                           data_records(plan.view)), plan.read_digests)

    def encode(self, result: ExportPart) -> str:
        return encode_export(result)

    def decode(self, text: str) -> ExportPart:
        return decode_export(text)
