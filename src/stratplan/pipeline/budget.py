"""`budget` over many plans as a per-plan job for `batch.run`: each plan's rows at the asked levels, cached
per content and levels, with the plan's load errors instead of rows when it does not load."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any, cast

from stratplan.compute.rollup import ALL_YEARS, Amount, Gap, MarkerRow, PlanBudget, UnknownAmount, plan_budget
from stratplan.core.diagnostics import Diagnostic, Severity
from stratplan.core.numbers import exact
from stratplan.io.cache import FORMAT as CACHE_FORMAT
from stratplan.model import Level
from stratplan.pipeline.entries import diagnostic_rows, diagnostics_from_rows


@dataclass(frozen=True)
class BudgetOutcome:
    """One plan folder's budget, or the errors that keep it from having one."""

    errors: list[Diagnostic]
    budget: PlanBudget | None


def _year(value: Any) -> int | str:
    if type(value) is int or value == ALL_YEARS:
        return cast(int | str, value)
    raise ValueError(f"bad year {value!r}")


def encode_budget(outcome: BudgetOutcome) -> str:
    """A budget outcome as cache entry text (amounts as exact decimal strings)."""
    budget = outcome.budget
    data: dict[str, Any] = {"format": CACHE_FORMAT, "errors": diagnostic_rows(outcome.errors), "budget": None}
    if budget is not None:
        data["budget"] = {
            "community": budget.community, "name": budget.name, "title": budget.title, "status": budget.status,
            "sources": budget.sources, "nodes": budget.nodes,
            "rows": [[r.community, r.level, r.code, r.year, r.source, str(r.amount), r.basis] for r in budget.rows],
            "gaps": [[g.community, g.level, g.code, g.year, str(g.declared), str(g.computed), list(g.unknown_nodes),
                      g.source] for g in budget.gaps],
            "unknown": [[u.community, u.level, u.code, u.year, u.source, u.basis, list(u.nodes)] for u in budget.unknown],
            "markers": [[m.community, m.level, m.code, m.source, m.marker, list(m.nodes)] for m in budget.markers],
            "unit": budget.unit,
            "issuer": budget.issuer,
        }
    return json.dumps(data, ensure_ascii=False)


def _text(value: Any) -> str:
    if type(value) is not str:
        raise ValueError(f"expected text, got {value!r}")
    return value


def _amount(value: Any) -> Decimal:
    """An amount back from its text: finite and of a size an amount can have (anything else is not our entry)."""
    amount = Decimal(_text(value))
    if not amount.is_finite() or abs(amount.adjusted()) > 40:
        raise ValueError(f"bad amount {value!r}")
    return amount


def _pairs(data: Any) -> dict[str, tuple[str, str]]:
    return {_text(k): (_text(a), _text(b)) for k, (a, b) in data.items()}


def decode_budget(text: str) -> BudgetOutcome:
    """A budget outcome back from `encode_budget`; ValueError (or TypeError) when it is not exactly that."""
    data = json.loads(text)
    if data.get("format") != CACHE_FORMAT:
        raise ValueError("not a stratplan budget cache entry")
    errors = diagnostics_from_rows(data["errors"])
    found = data["budget"]
    if found is None:
        return BudgetOutcome(errors, None)
    rows = [Amount(_text(c), _text(lv), _text(code), _year(y), _text(s), _amount(a), _text(b))
            for c, lv, code, y, s, a, b in found["rows"]]
    gaps = [Gap(_text(c), _text(lv), _text(code), cast(int, _year(y)), _amount(d), _amount(v),
                tuple(_text(n) for n in nodes), _text(s)) for c, lv, code, y, d, v, nodes, s in found["gaps"]]
    unknown = [UnknownAmount(_text(c), _text(lv), _text(code), _year(y), _text(s), _text(b), tuple(_text(n) for n in nodes))
               for c, lv, code, y, s, b, nodes in found["unknown"]]
    markers = [MarkerRow(_text(c), _text(lv), _text(code), _text(s), _text(m), tuple(_text(n) for n in nodes))
               for c, lv, code, s, m, nodes in found["markers"]]
    budget = PlanBudget(_text(found["community"]), _text(found["name"]), _text(found["title"]), _pairs(found["sources"]),
                        _pairs(found["nodes"]), rows, gaps, _text(found["status"]), unknown, markers,
                        _text(found["unit"]), _text(found["issuer"]))
    return BudgetOutcome(errors, budget)


@dataclass(frozen=True)
class BudgetJob:
    """`budget` as a per-plan job for `batch.run`: a plan's rows at the asked levels, cached per levels."""

    levels: tuple[Level | str, ...]
    kind: str = "budget"

    def asked(self) -> str:
        return json.dumps(sorted(self.levels))

    @exact
    def compute(self, root: Path) -> tuple[BudgetOutcome, Mapping[str, bytes]]:
        from stratplan.plan.loader import load_plan

        plan = load_plan(root)
        errors = [d for d in plan.diagnostics if d.severity is Severity.ERROR]
        return BudgetOutcome(errors, None if errors else plan_budget(plan.view, self.levels)), plan.read_digests

    def encode(self, result: BudgetOutcome) -> str:
        return encode_budget(result)

    def decode(self, text: str) -> BudgetOutcome:
        return decode_budget(text)
