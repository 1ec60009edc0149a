"""Budget rollup: planned money by node, year and funding source, computed exactly, next to declared totals.

Every sum is Python's exact decimal addition, never float: a node's rows are grouped in plain Python,
and where pandas builds a table for analysts (`PlanBudget.frame`) amounts enter and
leave it as `Decimal` objects (object dtype).

A node's computed amount is its own planned lines when it has any, otherwise the sum of its
children's; so a task whose measures break its money down is not counted twice. A line without a
`source` is attributed to the node's single funding source when it names exactly one (on itself or
the nearest ancestor that names any); otherwise its source is `all` (not broken down by source).

A line that gives only a `total` (no `years`) is money for the whole period, not split by year: its
rows have the year `all` and the basis `period_total`. An amount written `unknown` is never counted as
zero: it becomes an `UnknownAmount` of the node (and of every node and plan above it that carries it),
so every sum it is part of can say that it is incomplete. A funding marker (у межах кошторисних
призначень, …) is not an amount either: it is counted as a `MarkerRow` naming the nodes that carry it.

Declared totals are kept as printed, overall and per source (`by_source`), each a `declared` row.
Amounts are in the plan's money unit (`PlanBudget.unit`); `in_thousands` converts exactly where plans of
different units are added up.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING

from stratplan.core.numbers import tidy
from stratplan.model import UNKNOWN, AnyNode, DeclaredTotal, Level, PlannedLine
from stratplan.model.common import Amount as AmountValue
from stratplan.plan.tree import carries_money, planned_lines
from stratplan.plan.view import PlanView

if TYPE_CHECKING:  # pandas is imported where it computes, so commands that never total money start fast
    import pandas as pd

ALL = "all"
ALL_YEARS = "all"
THOUSAND_UAH = "thousand_uah"
SHOWN_STATUSES = ("amounts", "declared_only", "markers_only")
"""Statuses of a plan whose budget has something to show: amounts, only declared totals, only funding markers."""


def in_thousands(amount: Decimal, unit: str) -> Decimal:
    """An amount in thousand UAH: exact (a shift of the decimal point), whatever the plan's unit."""
    return amount if unit == THOUSAND_UAH else amount.scaleb(-3)


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
class UnknownAmount:
    """A cell whose money is unknown, wholly or in part: a node's (or the plan's) year and source.

    `basis` is `computed` (planned amounts lost in the source, `nodes` names them) or `declared` (a declared
    total's figure is unknown); the year is `all` for a whole-period figure.
    """

    community: str
    level: str
    code: str
    year: int | str
    source: str
    basis: str
    nodes: tuple[str, ...] = ()


@dataclass(frozen=True)
class MarkerRow:
    """Funding a node (or the plan) carries as a marker instead of an amount, from a source: the nodes with it."""

    community: str
    level: str
    code: str
    source: str
    marker: str
    nodes: tuple[str, ...]


@dataclass(frozen=True)
class Gap:
    """Declared minus computed for one node (or the plan), year and source (`all`: every source together), with
    nodes whose amounts are unknown."""

    community: str
    level: str
    code: str
    year: int
    declared: Decimal
    computed: Decimal
    unknown_nodes: tuple[str, ...]
    source: str = "all"

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
    unknown: list[UnknownAmount] = field(default_factory=list)
    markers: list[MarkerRow] = field(default_factory=list)
    unit: str = THOUSAND_UAH
    issuer: str = "community"

    def frame(self) -> pd.DataFrame:
        """The tidy rows as a DataFrame (amount column holds Decimal objects)."""
        import pandas as pd

        columns = ["community", "level", "code", "year", "source", "amount", "basis"]
        return pd.DataFrame([r.__dict__ for r in self.rows], columns=columns)


def decimal_sum(values: Iterable[Decimal]) -> Decimal:
    """Exact sum of Decimal objects (pandas would otherwise be free to choose a float path)."""
    return sum(values, Decimal(0))


def _source_of(plan: PlanView, node: AnyNode, line_source: str | None) -> str:
    return line_source or _named_source(plan, node)


def _named_source(plan: PlanView, node: AnyNode) -> str:
    """The single source the node names, or else the nearest ancestor that names any (`all` when that one names
    several, or when none names any); each parent's worked out once."""
    sources = node.funding.sources if node.funding is not None else []
    if sources:
        return sources[0] if len(sources) == 1 else ALL
    parent = plan.parent(node)
    if parent is None:
        return ALL
    kept: dict[int, str] = plan.memo("named_source", lambda _plan: {})
    if id(parent) not in kept:
        kept[id(parent)] = _named_source(plan, parent)
    return kept[id(parent)]


Known = tuple[int | str, str, Decimal]
"""(year, or `all` for money given only for the whole period; source; amount)."""
Missing = tuple[int | str, str, str]
"""(year or `all`; source; code of the node whose amount is unknown)."""


def _line_cells(plan: PlanView, node: AnyNode, line: PlannedLine) -> tuple[list[Known], list[Missing]]:
    source = _source_of(plan, node, line.source)
    if not line.years:  # only a total: money for the whole period, not split by year
        if line.total is None:
            return [], []
        if line.total == UNKNOWN:
            return [], [(ALL_YEARS, source, node.code)]
        return [(ALL_YEARS, source, Decimal(line.total))], []
    known: list[Known] = []
    missing: list[Missing] = []
    for year, amount in sorted(line.years.items()):
        if amount == UNKNOWN:
            missing.append((year, source, node.code))
        else:
            known.append((year, source, Decimal(amount)))
    return known, missing


def own_cells(plan: PlanView, node: AnyNode) -> tuple[list[Known], list[Missing]]:
    """The money on the node's own planned lines, and what is unknown there."""
    known: list[Known] = []
    missing: list[Missing] = []
    for line in planned_lines(node):
        line_known, line_missing = _line_cells(plan, node, line)
        known += line_known
        missing += line_missing
    return known, missing


def carried(plan: PlanView, node: AnyNode) -> tuple[list[Known], list[Missing]]:
    """The money the node carries: its own lines when it has any, else its children's; and what is unknown.

    The one rollup every figure comes from (rules, budget, report, monitoring, changes); computed once per node.
    """
    kept: dict[int, tuple[list[Known], list[Missing]]] = plan.memo("carried", lambda _plan: {})
    found = kept.get(id(node))
    if found is None:
        found = own_cells(plan, node) if carries_money(node) else children_cells(plan, node)
        kept[id(node)] = found
    return found


Marked = tuple[str, str, str]
"""(source; marker; code of the node whose line carries it)."""


def carried_markers(plan: PlanView, node: AnyNode) -> list[Marked]:
    """The funding markers the node carries: on its own lines when they carry money, else its children's."""
    kept: dict[int, list[Marked]] = plan.memo("carried_markers", lambda _plan: {})
    found = kept.get(id(node))
    if found is None:
        if carries_money(node):
            found = [(_source_of(plan, node, line.source), line.marker, node.code)
                     for line in planned_lines(node) if line.marker is not None]
        else:
            found = [item for child in plan.children(node) for item in carried_markers(plan, child)]
        kept[id(node)] = found
    return found


def _marker_rows(community: str, level: str, code: str, marked: list[Marked]) -> list[MarkerRow]:
    groups: dict[tuple[str, str], dict[str, None]] = {}  # the nodes of each group once each, in order (a dict's keys)
    for source, marker, node in marked:
        groups.setdefault((source, marker), {})[node] = None
    return [MarkerRow(community, level, code, source, marker, tuple(nodes))
            for (source, marker), nodes in sorted(groups.items())]


def children_cells(plan: PlanView, node: AnyNode) -> tuple[list[Known], list[Missing]]:
    """What the node's children carry together, and what is unknown under them."""
    known: list[Known] = []
    missing: list[Missing] = []
    for child in plan.children(node):
        child_known, child_missing = carried(plan, child)
        known += child_known
        missing += child_missing
    return known, missing


YearAmounts = dict[int, Decimal]
"""Known money per year (money given only for the whole period is left out)."""


def by_year(cells: tuple[list[Known], list[Missing]]) -> tuple[YearAmounts, dict[int, list[str]]]:
    """Cells added up per year, and per year the codes of nodes whose amounts are unknown."""
    known, missing = cells
    years: YearAmounts = {}
    for year, _source, amount in known:
        if isinstance(year, int):
            years[year] = years.get(year, Decimal(0)) + amount
    gaps: dict[int, list[str]] = {}
    for year, _source, code in missing:
        if isinstance(year, int):
            gaps.setdefault(year, []).append(code)
    return years, gaps


def effective_years(plan: PlanView, node: AnyNode) -> tuple[YearAmounts, dict[int, list[str]]]:
    """What the node carries per year, and per year the nodes whose amounts are unknown."""
    return by_year(carried(plan, node))


def children_years(plan: PlanView, node: AnyNode) -> tuple[YearAmounts, dict[int, list[str]]]:
    """What the node's children carry per year, and per year the nodes whose amounts are unknown."""
    return by_year(children_cells(plan, node))


def own_years(plan: PlanView, node: AnyNode) -> tuple[YearAmounts, set[int]]:
    """The node's own lines per year, and the years where an own amount is unknown."""
    years, gaps = by_year(own_cells(plan, node))
    return years, set(gaps)


def year_order(year: int | str) -> tuple[bool, int]:
    """Years in order, the whole period (`all`) after them."""
    return (True, 0) if isinstance(year, str) else (False, year)


def _sum_rows(community: str, level: str, code: str, carried: list[Known]) -> list[Amount]:
    # A group-by of a few dozen rows: plain Python, in pandas' order (sorted keys, rows in document order
    # within a group). Importing pandas would cost a one-plan report more than its whole rollup.
    groups: dict[tuple[int | str, str], list[Decimal]] = {}
    for year, source, amount in carried:
        groups.setdefault((year, source), []).append(amount)
    return [Amount(community, level, code, year, str(source), decimal_sum(amounts),
                   "computed" if isinstance(year, int) else "period_total")
            for (year, source), amounts in sorted(groups.items(), key=lambda kv: (year_order(kv[0][0]), kv[0][1]))]


def _unknown_rows(community: str, level: str, code: str, missing: list[Missing]) -> list[UnknownAmount]:
    groups: dict[tuple[int | str, str], dict[str, None]] = {}  # the nodes of each group once each, in order
    for year, source, node in missing:
        groups.setdefault((year, source), {})[node] = None
    return [UnknownAmount(community, level, code, year, source, "computed", tuple(nodes))
            for (year, source), nodes in sorted(groups.items(), key=lambda kv: (year_order(kv[0][0]), kv[0][1]))]


Figures = tuple[str, dict[int, AmountValue], AmountValue | None]
"""A declared figure set: (source, or `all`; amounts by year; the whole-period total)."""


def declared_figures(total: DeclaredTotal) -> list[Figures]:
    """A declared total's printed rows: every source together (`all`), then each source of `by_source`."""
    return [(ALL, dict(total.years), total.total), *((s.source, dict(s.years), s.total) for s in total.by_source)]


def _declared_unknown(community: str, level: str, code: str, total: DeclaredTotal) -> list[UnknownAmount]:
    found = []
    for source, years, whole in declared_figures(total):
        lost: list[int | str] = [year for year, value in sorted(years.items()) if value == UNKNOWN]
        if whole == UNKNOWN:
            lost.append(ALL_YEARS)
        found += [UnknownAmount(community, level, code, year, source, "declared") for year in lost]
    return found


def _declared_rows(community: str, level: str, code: str, total: DeclaredTotal) -> list[Amount]:
    rows = []
    for source, years, whole in declared_figures(total):
        rows += [Amount(community, level, code, year, source, Decimal(value), "declared")
                 for year, value in sorted(years.items()) if value != UNKNOWN]
        if whole is not None and whole != UNKNOWN:
            rows.append(Amount(community, level, code, ALL_YEARS, source, Decimal(whole), "declared"))
    return rows


def split_by_source(cells: list[Known], year: int) -> bool:
    """True when every amount of the year is attributed to a source, so the year can be compared source by source."""
    return all(source != ALL for y, source, _a in cells if y == year)


def _gaps(community: str, level: str, code: str, declared: DeclaredTotal, carried: list[Known],
          unknown: list[Missing]) -> list[Gap]:
    gaps = []
    for source, years, _whole in declared_figures(declared):
        for year, value in sorted(years.items()):
            if value == UNKNOWN or (source != ALL and not split_by_source(carried, year)):
                continue
            computed = sum((a for y, s, a in carried if y == year and source in (ALL, s)), Decimal(0))
            nodes = tuple(sorted({c for y, s, c in unknown if y == year and source in (ALL, s)}))
            if Decimal(value) != computed:
                gaps.append(Gap(community, level, code, year, Decimal(value), computed, nodes, source))
    return gaps


def _status(plan: PlanView) -> str:
    """What the plan gives: amounts, only declared totals, only funding markers, only sources, or nothing."""
    lines = [line for n in plan.walk() for line in planned_lines(n)]
    if any(line.years or line.total is not None for line in lines):
        return "amounts"
    if (plan.meta is not None and plan.meta.declared_total is not None) or any(
            n.declared_total is not None for n in plan.walk()):
        return "declared_only"
    if any(line.marker is not None for line in lines):
        return "markers_only"
    if any(n.funding is not None and n.funding.sources for n in plan.walk()):
        return "sources_only"
    return "no_funding"


TOP = "top"
"""Asked for as a level: the plan's top-level nodes, whatever their level (strategic goals, directions, measures)."""


def plan_budget(plan: PlanView, levels: Iterable[Level | str]) -> PlanBudget:
    """Computed rows for every node at the given levels (`TOP`: the top-level nodes) and for the plan; declared
    rows, funding markers and gaps."""
    meta = plan.meta
    wanted = set(levels)
    budget = PlanBudget(
        community=plan.slug,
        name=meta.issuer.name if meta else plan.slug,
        title=meta.document.title if meta else "",
        sources={s.id: (s.name, s.kind) for s in meta.sources} if meta else {},
        nodes={n.code: (plan.level(n), n.title) for n in plan.walk()},
        status=_status(plan),
        unit=plan.money_unit,
        issuer=meta.issuer.type if meta else "community",
    )
    plan_carried: list[Known] = []
    plan_unknown: list[Missing] = []
    plan_marked: list[Marked] = []
    for node in plan.walk():
        level = plan.level(node)
        own, unknown = carried(plan, node)
        if plan.depth(node) == 0:
            plan_carried += own
            plan_unknown += unknown
            plan_marked += carried_markers(plan, node)
        if level in wanted or (TOP in wanted and plan.depth(node) == 0):
            budget.rows += _sum_rows(plan.slug, level, node.code, own)
            budget.unknown += _unknown_rows(plan.slug, level, node.code, unknown)
            budget.markers += _marker_rows(plan.slug, level, node.code, carried_markers(plan, node))
            if node.declared_total is not None:
                budget.rows += _declared_rows(plan.slug, level, node.code, node.declared_total)
                budget.unknown += _declared_unknown(plan.slug, level, node.code, node.declared_total)
        if node.declared_total is not None and (own or unknown):  # no amounts below: unchecked, not 0
            budget.gaps += _gaps(plan.slug, level, node.code, node.declared_total, own, unknown)
    budget.rows += _sum_rows(plan.slug, "plan", "", plan_carried)
    budget.unknown += _unknown_rows(plan.slug, "plan", "", plan_unknown)
    budget.markers += _marker_rows(plan.slug, "plan", "", plan_marked)
    if meta is not None and meta.declared_total is not None:
        budget.rows += _declared_rows(plan.slug, "plan", "", meta.declared_total)
        budget.unknown += _declared_unknown(plan.slug, "plan", "", meta.declared_total)
        if plan_carried or plan_unknown:
            budget.gaps += _gaps(plan.slug, "plan", "", meta.declared_total, plan_carried, plan_unknown)
    return budget


def filter_year(budget: PlanBudget, year: int | None) -> PlanBudget:
    """The same budget restricted to one year (whole-period figures dropped: declared totals, period-only lines)."""
    if year is None:
        return budget
    rows = [r for r in budget.rows if r.year == year]
    gaps = [g for g in budget.gaps if g.year == year]
    unknown = [u for u in budget.unknown if u.year == year]
    return PlanBudget(budget.community, budget.name, budget.title, budget.sources, budget.nodes, rows, gaps,
                      budget.status, unknown, budget.markers, budget.unit, budget.issuer)


@dataclass(frozen=True)
class BudgetLine:
    """A pivoted row: a node's (or the plan's) money by year for one source and basis, with its total.

    `unknown` holds the years (`all` for a whole-period figure) where some or all of the money is unknown:
    a figure shown for such a year, and the total, are incomplete.
    """

    level: str
    code: str
    source: str
    basis: str
    years: dict[int, Decimal]
    total: Decimal | None
    unknown: frozenset[int | str] = frozenset()


LineKey = tuple[str, str, str, str]


def _line_key(level: str, code: str, source: str, basis: str, by_source: bool) -> LineKey:
    return level, code, source if by_source or basis == "declared" else ALL, basis


def _line_total(amounts: dict[int | str, Decimal], years: dict[int, Decimal], missing: set[int | str]) -> Decimal | None:
    """The whole-period figure where there is one (a printed total, a period-only line), else the sum of the years
    shown: a view of one year totals that year."""
    if ALL_YEARS in amounts:
        return amounts[ALL_YEARS]
    if ALL_YEARS in missing or not years:
        return None
    return decimal_sum(years.values())


def budget_lines(budget: PlanBudget, by_source: bool = False) -> list[BudgetLine]:
    """The tidy rows pivoted by year: one line per node (or the plan), source and basis, unknown cells marked.

    Without `by_source`, computed money is added up over its sources (declared totals have none).
    """
    cells: dict[LineKey, dict[int | str, Decimal]] = {}
    missing: dict[LineKey, set[int | str]] = {}
    for row in budget.rows:
        cell = cells.setdefault(_line_key(row.level, row.code, row.source, row.basis, by_source), {})
        cell[row.year] = cell.get(row.year, Decimal(0)) + row.amount
    for item in budget.unknown:
        basis = item.basis if item.basis == "declared" or isinstance(item.year, int) else "period_total"
        key = _line_key(item.level, item.code, item.source, basis, by_source)
        cells.setdefault(key, {})
        missing.setdefault(key, set()).add(item.year)
    lines = []
    for key, amounts in cells.items():
        years = {y: v for y, v in amounts.items() if isinstance(y, int)}
        gone = missing.get(key, set())
        lines.append(BudgetLine(*key, years, _line_total(amounts, years, gone), frozenset(gone)))
    return lines


@dataclass(frozen=True)
class KindLine:
    """One plan's computed money from one shared kind of source, by year, and its total; `community` is the issuer's
    slug (a community's, district's or oblast's), `issuer` its type."""

    community: str
    kind: str
    years: dict[int, Decimal]
    total: Decimal
    issuer: str = "community"


def common_unit(budgets: list[PlanBudget]) -> str:
    """The money unit the plans share, else thousand UAH (what plans of different units are converted to)."""
    units = {budget.unit for budget in budgets}
    return units.pop() if len(units) == 1 else THOUSAND_UAH


def kind_lines(budgets: list[PlanBudget]) -> tuple[list[int], list[KindLine]]:
    """Across plans: computed money per community and shared source kind (local budget, state budget, ...) by
    year, so plans whose catalogs name their sources differently can be added up; and the years that occur.

    In the plans' common unit; when their units differ, every amount is converted to thousand UAH (exactly)."""
    unit = common_unit(budgets)
    cells: dict[tuple[str, str], dict[int, Decimal]] = {}
    issuers = {budget.community: budget.issuer for budget in budgets}
    for budget in budgets:
        for row in budget.rows:
            if row.level == "plan" and row.basis == "computed" and isinstance(row.year, int):
                kind = budget.sources.get(row.source, ("", ALL))[1]
                years = cells.setdefault((budget.community, kind), {})
                amount = row.amount if budget.unit == unit else tidy(in_thousands(row.amount, budget.unit))
                years[row.year] = years.get(row.year, Decimal(0)) + amount
    lines = [KindLine(community, kind, dict(sorted(values.items())), decimal_sum(values.values()), issuers[community])
             for (community, kind), values in sorted(cells.items())]
    return sorted({year for line in lines for year in line.years}), lines
