"""Budget rollup: planned money by node, year and funding source, computed exactly, next to declared totals.

Every sum is Python's exact decimal addition, never float: a node's rows are grouped in plain Python,
and where pandas builds the tables over many plans (`PlanBudget.frame`, `by_kind`) amounts enter and
leave it as `Decimal` objects (object dtype).

A node's computed amount is its own planned lines when it has any, otherwise the sum of its
children's; so a task whose measures break its money down is not counted twice. A line without a
`source` is attributed to the node's single funding source when it names exactly one (on itself or
the nearest ancestor that names any); otherwise its source is `all` (not broken down by source).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from stratplan.cache import FORMAT as CACHE_FORMAT
from stratplan.cache import diagnostic_rows, diagnostics_from_rows
from stratplan.diagnostics import Diagnostic, Severity
from stratplan.loader import LoadedPlan
from stratplan.models import UNKNOWN, AnyNode, DeclaredTotal, Level, children_of, level_of
from stratplan.tree import planned_lines

if TYPE_CHECKING:  # pandas is imported where it computes, so commands that never total money start fast
    import pandas as pd

ALL = "all"
ALL_YEARS = "all"


@dataclass(frozen=True)
class Amount:
    """One tidy row: a node's (or the plan's) money for a year and source, computed or declared."""

    community: str
    level: str
    code: str
    year: int | str
    source: str
    amount: Decimal
    basis: str


@dataclass(frozen=True)
class Gap:
    """Declared minus computed for one node (or the plan) and year, with nodes whose amounts are unknown."""

    community: str
    level: str
    code: str
    year: int
    declared: Decimal
    computed: Decimal
    unknown_nodes: tuple[str, ...]

    @property
    def difference(self) -> Decimal:
        """Declared minus computed."""
        return self.declared - self.computed

    @property
    def unattributed(self) -> bool:
        """True when unknown amounts below the node can explain the gap."""
        return self.difference != 0 and bool(self.unknown_nodes)


@dataclass
class PlanBudget:
    """Everything the budget command shows for one plan."""

    community: str
    name: str
    title: str
    sources: dict[str, tuple[str, str]]
    nodes: dict[str, tuple[str, str]]
    rows: list[Amount] = field(default_factory=list)
    gaps: list[Gap] = field(default_factory=list)
    status: str = "amounts"

    def frame(self) -> pd.DataFrame:
        """The tidy rows as a DataFrame (amount column holds Decimal objects)."""
        import pandas as pd

        columns = ["community", "level", "code", "year", "source", "amount", "basis"]
        return pd.DataFrame([r.__dict__ for r in self.rows], columns=columns)


def decimal_sum(values: Iterable[Decimal]) -> Decimal:
    """Exact sum of Decimal objects (pandas would otherwise be free to choose a float path)."""
    return sum(values, Decimal(0))


def _source_of(plan: LoadedPlan, node: AnyNode, line_source: str | None) -> str:
    if line_source:
        return line_source
    current: AnyNode | None = node
    while current is not None:
        if current.funding is not None and current.funding.sources:
            return current.funding.sources[0] if len(current.funding.sources) == 1 else ALL
        current = plan.ref(current).parent
    return ALL


def carried(plan: LoadedPlan, node: AnyNode) -> tuple[list[tuple[int, str, Decimal]], list[tuple[int, str]]]:
    """(year, source, amount) the node carries, and (year, code) of unknown amounts under it."""
    if planned_lines(node):
        known, unknown = [], []
        for line in planned_lines(node):
            source = _source_of(plan, node, line.source)
            for year, amount in sorted(line.years.items()):
                if amount == UNKNOWN:
                    unknown.append((year, node.code))
                else:
                    known.append((year, source, Decimal(amount)))
        return known, unknown
    known_all: list[tuple[int, str, Decimal]] = []
    unknown_all: list[tuple[int, str]] = []
    for child in children_of(node):
        known, unknown = carried(plan, child)
        known_all += known
        unknown_all += unknown
    return known_all, unknown_all


def _sum_rows(community: str, level: str, code: str, carried: list[tuple[int, str, Decimal]]) -> list[Amount]:
    # A group-by of a few dozen rows: plain Python, in pandas' order (sorted keys, rows in document order
    # within a group). Importing pandas would cost a one-plan report more than its whole rollup.
    groups: dict[tuple[int, str], list[Decimal]] = {}
    for year, source, amount in carried:
        groups.setdefault((year, source), []).append(amount)
    return [Amount(community, level, code, int(year), str(source), decimal_sum(amounts), "computed")
            for (year, source), amounts in sorted(groups.items())]


def _declared_rows(community: str, level: str, code: str, total: DeclaredTotal) -> list[Amount]:
    rows = [Amount(community, level, code, year, ALL, Decimal(value), "declared")
            for year, value in sorted(total.years.items()) if value != UNKNOWN]
    if total.total is not None and total.total != UNKNOWN:
        rows.append(Amount(community, level, code, ALL_YEARS, ALL, Decimal(total.total), "declared"))
    return rows


def _gaps(community: str, level: str, code: str, declared: DeclaredTotal, carried: list[tuple[int, str, Decimal]],
          unknown: list[tuple[int, str]]) -> list[Gap]:
    gaps = []
    for year, value in sorted(declared.years.items()):
        if value == UNKNOWN:
            continue
        computed = sum((a for y, _s, a in carried if y == year), Decimal(0))
        nodes = tuple(sorted({c for y, c in unknown if y == year}))
        if Decimal(value) != computed:
            gaps.append(Gap(community, level, code, year, Decimal(value), computed, nodes))
    return gaps


def _status(plan: LoadedPlan) -> str:
    if any(planned_lines(n) for n in plan.walk()):
        return "amounts"
    if any(n.funding is not None and n.funding.sources for n in plan.walk()):
        return "sources_only"
    return "no_funding"


def plan_budget(plan: LoadedPlan, levels: Iterable[Level]) -> PlanBudget:
    """Computed rows for every node at the given levels and for the plan; declared rows and gaps."""
    meta = plan.plan
    wanted = set(levels)
    budget = PlanBudget(
        community=plan.slug,
        name=meta.community.name if meta else plan.slug,
        title=meta.document.title if meta else "",
        sources={s.id: (s.name, s.kind) for s in meta.sources} if meta else {},
        nodes={n.code: (level_of(n), n.title) for n in plan.walk()},
        status=_status(plan),
    )
    plan_carried: list[tuple[int, str, Decimal]] = []
    plan_unknown: list[tuple[int, str]] = []
    for node in plan.walk():
        level = level_of(node)
        own, unknown = carried(plan, node)
        if level == "strategic_goal":
            plan_carried += own
            plan_unknown += unknown
        if level in wanted:
            budget.rows += _sum_rows(plan.slug, level, node.code, own)
            if node.declared_total is not None:
                budget.rows += _declared_rows(plan.slug, level, node.code, node.declared_total)
        if node.declared_total is not None:
            budget.gaps += _gaps(plan.slug, level, node.code, node.declared_total, own, unknown)
    budget.rows += _sum_rows(plan.slug, "plan", "", plan_carried)
    if meta is not None and meta.declared_total is not None:
        budget.rows += _declared_rows(plan.slug, "plan", "", meta.declared_total)
        budget.gaps += _gaps(plan.slug, "plan", "", meta.declared_total, plan_carried, plan_unknown)
    return budget


def filter_year(budget: PlanBudget, year: int | None) -> PlanBudget:
    """The same budget restricted to one year (declared all-year totals dropped)."""
    if year is None:
        return budget
    rows = [r for r in budget.rows if r.year == year]
    gaps = [g for g in budget.gaps if g.year == year]
    return PlanBudget(budget.community, budget.name, budget.title, budget.sources, budget.nodes, rows, gaps,
                      budget.status)


def by_kind(budgets: list[PlanBudget]) -> pd.DataFrame:
    """Plan-level computed money per community, year and shared source kind (for several plans at once)."""
    records = []
    for budget in budgets:
        for row in budget.rows:
            if row.level == "plan" and row.basis == "computed":
                kind = budget.sources.get(row.source, ("", ALL))[1]
                records.append({"community": budget.community, "year": row.year, "kind": kind, "amount": row.amount})
    import pandas as pd

    frame = pd.DataFrame(records, columns=["community", "year", "kind", "amount"])
    if frame.empty:
        return frame
    grouped = frame.groupby(["community", "year", "kind"], sort=True)["amount"].agg(decimal_sum)
    return grouped.reset_index()


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
            "gaps": [[g.community, g.level, g.code, g.year, str(g.declared), str(g.computed), list(g.unknown_nodes)]
                     for g in budget.gaps],
        }
    return json.dumps(data, ensure_ascii=False)


def _text(value: Any) -> str:
    if type(value) is not str:
        raise ValueError(f"expected text, got {value!r}")
    return value


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
    rows = [Amount(_text(c), _text(lv), _text(code), _year(y), _text(s), Decimal(_text(a)), _text(b))
            for c, lv, code, y, s, a, b in found["rows"]]
    gaps = [Gap(_text(c), _text(lv), _text(code), cast(int, _year(y)), Decimal(_text(d)), Decimal(_text(v)),
                tuple(_text(n) for n in nodes)) for c, lv, code, y, d, v, nodes in found["gaps"]]
    budget = PlanBudget(_text(found["community"]), _text(found["name"]), _text(found["title"]), _pairs(found["sources"]),
                        _pairs(found["nodes"]), rows, gaps, _text(found["status"]))
    return BudgetOutcome(errors, budget)


@dataclass(frozen=True)
class BudgetJob:
    """`budget` as a per-plan job for `batch.run`: a plan's rows at the asked levels, cached per levels."""

    levels: tuple[Level, ...]
    kind: str = "budget"

    def asked(self) -> str:
        return json.dumps(sorted(self.levels))

    def compute(self, root: Path) -> BudgetOutcome:
        from stratplan.loader import load_plan

        plan = load_plan(root)
        errors = [d for d in plan.diagnostics if d.severity is Severity.ERROR]
        return BudgetOutcome(errors, None if errors else plan_budget(plan, self.levels))

    def encode(self, result: BudgetOutcome) -> str:
        return encode_budget(result)

    def decode(self, text: str) -> BudgetOutcome:
        return decode_budget(text)
