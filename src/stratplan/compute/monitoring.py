"""Planned against actual: money, schedule and indicators of one plan for one monitoring period.

Planned money for a period is the node's planned amount for the period's year (a half-year is
compared with its year's plan, and says so). Percentages are exact Decimals rounded half-up to one
decimal only where they are shown.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from stratplan.compute.rollup import ALL, PlanBudget, carried, effective_years, plan_budget
from stratplan.compute.years import Progress
from stratplan.core.diagnostics import UsageError
from stratplan.core.numbers import HUNDRED, percent
from stratplan.model import AnyNode, Indicator
from stratplan.model.common import FIRST_YEAR, LAST_YEAR, Term
from stratplan.model.monitoring import ItemReport, MonitoringFile, Period
from stratplan.plan.tree import carries_money
from stratplan.plan.view import PlanView

PERIOD = re.compile(r"^(?P<year>\d{4})(?:-H(?P<half>[12]))?$")


def parse_period(text: str) -> Period:
    """`2023` or `2023-H1`/`2023-H2`; UsageError otherwise."""
    match = PERIOD.match(text.strip())
    if not match:
        raise UsageError(f"period {text!r} is not a year like 2023 or a half-year like 2023-H1")
    if not FIRST_YEAR <= int(match.group("year")) <= LAST_YEAR:
        raise UsageError(f"period {text!r}: the year must be from {FIRST_YEAR} to {LAST_YEAR}")
    half = int(match.group("half")) if match.group("half") else None
    return Period(year=int(match.group("year")), half=half)


def effective_term(plan: PlanView, node: AnyNode) -> Term | None:
    """The node's known term, or the nearest ancestor's (each parent's worked out once)."""
    term = node.term
    if term is not None and term.known:
        return term
    parent = plan.parent(node)
    if parent is None:
        return None
    kept: dict[int, Term | None] = plan.memo("effective_term", lambda _plan: {})
    if id(parent) not in kept:
        kept[id(parent)] = effective_term(plan, parent)
    return kept[id(parent)]


def is_item(plan: PlanView, node: AnyNode) -> bool:
    """True for what is monitored: every node but a strategic goal that groups others."""
    return plan.level(node) != "strategic_goal" or plan.is_leaf(node)


def active_nodes(plan: PlanView, period: Period) -> list[AnyNode]:
    """Items whose term (or an ancestor's) runs on some day of the period."""
    out: list[AnyNode] = []
    for node in plan.walk():
        if not is_item(plan, node):
            continue
        term = effective_term(plan, node)
        if term is not None and term.overlaps(period.start, period.end):
            out.append(node)
    return out


def term_unknown_items(plan: PlanView) -> list[AnyNode]:
    """Items with no known term, on themselves or above: declared `unknown`, or a leaf no term reaches. They
    are shown everywhere as "term unknown", never left out."""
    return [node for node in plan.walk() if is_item(plan, node) and effective_term(plan, node) is None
            and ((node.term is not None and node.term.unknown) or plan.is_leaf(node))]


def planned_for(plan: PlanView, node: AnyNode, year: int) -> tuple[dict[str, Decimal], bool]:
    """Planned money of a node for a year by source, and whether some of it is unknown."""
    known, unknown = carried(plan, node)
    by_source: dict[str, Decimal] = {}
    for row_year, source, amount in known:
        if row_year == year:
            by_source[source] = by_source.get(source, Decimal(0)) + amount
    return by_source, any(y == year for y, _source, _code in unknown)


@dataclass(frozen=True)
class MoneyLine:
    """Planned against actual for one node and source in the period's year."""

    code: str
    level: str
    title: str
    source: str
    planned: Decimal | None
    actual: Decimal | None
    planned_unknown: bool = False

    @property
    def variance(self) -> Decimal | None:
        """Actual minus planned, when both are known."""
        if self.planned is None or self.actual is None:
            return None
        return self.actual - self.planned

    @property
    def variance_percent(self) -> Decimal | None:
        """Variance as a percentage of the plan; None for no plan or a zero plan."""
        variance = self.variance
        return None if variance is None or self.planned is None else percent(variance, self.planned)


@dataclass(frozen=True)
class ScheduleItem:
    """A schedule finding: overdue, completed late, or not started though due."""

    code: str
    title: str
    kind: str
    term: str
    status: str
    detail: str


@dataclass(frozen=True)
class IndicatorLine:
    """Target against actual for one indicator with a numeric target for the period's year."""

    code: str
    position: int
    text: str
    direction: str
    cumulative: bool | None
    target: Decimal
    actual: Decimal | None
    achievement: Decimal | None


@dataclass
class Execution:
    """Planned and actual money over a group (a level or a source), and the execution rate.

    `planned_unknown` says that part of the planned money is unknown, so `planned` is incomplete.
    """

    planned: Decimal = Decimal(0)
    actual: Decimal = Decimal(0)
    reported: bool = False
    planned_unknown: bool = False

    @property
    def shown_planned(self) -> Decimal | None:
        """The planned figure to show: None where nothing of it is known (never a zero standing for unknown)."""
        return None if self.planned_unknown and self.planned == 0 else self.planned

    @property
    def rate(self) -> Decimal | None:
        """Actual as a percentage of planned; None while no actual figure is reported."""
        return percent(self.actual, self.planned) if self.reported else None


@dataclass
class Comparison:
    """Everything `stratplan diff` reports for one plan and period."""

    community: str
    period: Period
    file: str
    illustrative: bool
    money: list[MoneyLine] = field(default_factory=list)
    by_level: dict[str, Execution] = field(default_factory=dict)
    by_source: dict[str, Execution] = field(default_factory=dict)
    by_goal: dict[str, Execution] = field(default_factory=dict)
    """Per top-level goal (strategic goal) by code: planned from the rollup, actual counted once per branch."""
    schedule: list[ScheduleItem] = field(default_factory=list)
    indicators: list[IndicatorLine] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    progress: Progress | None = None
    """Across years (`diff --since`, the report): set by the caller from `compute.progress`."""
    unit: str = "thousand_uah"
    """The money unit of the plan and its monitoring report."""

    @property
    def actual_without_plan(self) -> list[MoneyLine]:
        """Money spent where nothing (or zero) was planned."""
        return [m for m in self.money if m.actual and not m.planned and not m.planned_unknown]

    @property
    def plan_without_actual(self) -> list[MoneyLine]:
        """Money planned where no actual figure was reported."""
        return [m for m in self.money if m.planned and m.actual is None]


def _money_lines(plan: PlanView, node: AnyNode, report: ItemReport | None, year: int) -> list[MoneyLine]:
    planned, unknown = planned_for(plan, node, year)
    actual = {k: v for k, v in (report.actual if report else {}).items() if v is not None}
    lines = []
    for source in sorted(set(planned) | set(actual)):
        lines.append(MoneyLine(node.code, plan.level(node), node.title, source, planned.get(source),
                               actual.get(source), unknown))
    if not lines and unknown:
        lines.append(MoneyLine(node.code, plan.level(node), node.title, ALL, None, None, True))
    return lines


def _is_carrier(node: AnyNode) -> bool:
    return carries_money(node)


def _term_text(term: Term | None) -> str:
    if term is None:
        return "unknown"
    return term.as_written or term.span()


def _ended(term: Term) -> str:
    """When a term ended, for a message: `in 2023` for a whole year, `on 30.06.2023` otherwise."""
    last = term.last_day()
    assert last is not None
    return f"in {term.end}" if term.years_only else f"on {last:%d.%m.%Y}"


def _began(term: Term) -> str:
    first = term.first_day()
    assert first is not None
    return f"in {term.start}" if term.years_only else f"on {first:%d.%m.%Y}"


def _schedule(plan: PlanView, node: AnyNode, report: ItemReport | None, period: Period) -> list[ScheduleItem]:
    """Overdue, completed late and not started, comparing the term's days with the period's."""
    term = effective_term(plan, node)
    first, last = (term.first_day(), term.last_day()) if term is not None else (None, None)
    if term is None or first is None or last is None:
        return []
    status = (report.status if report else None) or "not reported"
    text = _term_text(term)
    out = []
    if last <= period.end and status not in ("completed", "cancelled"):
        out.append(ScheduleItem(node.code, node.title, "overdue", text, status,
                                f"term ended {_ended(term)}, not completed by {period.end:%d.%m.%Y}"))
    if report and report.completed and report.completed > last:
        out.append(ScheduleItem(node.code, node.title, "completed_late", text, status,
                                f"completed {report.completed:%d.%m.%Y}, term ended {_ended(term)}"))
    if first <= period.end < last and status in ("not_started", "not reported"):
        out.append(ScheduleItem(node.code, node.title, "not_started", text, status,
                                f"term began {_began(term)}, not started by {period.end:%d.%m.%Y}"))
    return out


def achievement(indicator: Indicator, target: Decimal, actual: Decimal) -> Decimal | None:
    """Achievement in percent: actual/target for `increase` (and unset), target/actual for `decrease`.

    `maintain` is 100 when the actual equals the target, otherwise actual/target. None when the
    divisor is zero.
    """
    if indicator.direction == "decrease":
        return HUNDRED if actual == 0 and target == 0 else percent(target, actual)
    return percent(actual, target)


def _indicator_lines(node: AnyNode, report: ItemReport | None, year: int) -> list[IndicatorLine]:
    lines = []
    for position, indicator in enumerate(node.indicators, start=1):
        target = indicator.targets.get(year)
        if target is None:
            continue
        actual = report.indicators.get(position) if report else None
        lines.append(IndicatorLine(node.code, position, indicator.text, indicator.direction or "increase",
                                   indicator.cumulative, Decimal(target), actual,
                                   None if actual is None else achievement(indicator, Decimal(target), actual)))
    return lines


def compare(plan: PlanView, file: str, report: MonitoringFile, budget: PlanBudget | None = None) -> Comparison:
    """Planned against actual for every node the period concerns or the report mentions.

    Planned money by source is the budget rollup's (`budget`, computed when not given)."""
    year = report.period.year
    result = Comparison(plan.slug, report.period, file, report.illustrative, unit=plan.money_unit)
    if report.period.half:
        result.notes.append(f"half-year period: actual money is compared with the plan for the whole of {year}")
    mentioned = set(report.items)
    active = {id(node) for node in active_nodes(plan, report.period)}
    for node in plan.walk():
        item = report.items.get(node.code)
        concerned = id(node) in active or node.code in mentioned
        # Money planned for the year counts (as in the budget) even where the item's term does not cover it (BG101).
        if (_is_carrier(node) and (concerned or _plans_money_in(node, year))) or (
                item and any(v is not None for v in item.actual.values())):
            result.money += _money_lines(plan, node, item, year)
        if concerned:
            result.schedule += _schedule(plan, node, item, report.period)
            result.indicators += _indicator_lines(node, item, year)
    _execution(plan, result)
    _planned_by_source(budget or plan_budget(plan, []), year, result.by_source)
    _planned_by_goal(plan, year, result.by_goal)
    if any(line.cumulative is None for line in result.indicators):
        result.notes.append("indicators without 'cumulative' are compared as per-period targets")
    if any(line.cumulative for line in result.indicators):
        result.notes.append("cumulative indicators are compared here with the period's own value; "
                            "'diff --since' compares their running totals with the targets")
    return result


def _plans_money_in(node: AnyNode, year: int) -> bool:
    return any(year in line.years for line in node.funding.planned) if node.funding else False


def _execution(plan: PlanView, result: Comparison) -> None:
    """Execution per level (each level is a complete view) and actual money per source and per top-level goal
    (top-most lines only, so a task and the measures that split its money are not counted twice)."""
    with_money = {line.code for line in result.money}
    nodes = {node.code: node for node in plan.walk()}
    for line in result.money:
        level = result.by_level.setdefault(line.level, Execution())
        level.planned_unknown = level.planned_unknown or line.planned_unknown
        if line.planned is None and line.actual is None:
            continue
        level.planned += line.planned or Decimal(0)
        _add_actual(level, line)
        if not _has_ancestor_in(plan, nodes[line.code], with_money):
            _add_actual(result.by_source.setdefault(line.source, Execution()), line)
            _add_actual(result.by_goal.setdefault(_top(plan, nodes[line.code]).code, Execution()), line)


def _top(plan: PlanView, node: AnyNode) -> AnyNode:
    """The top-level goal the node belongs to (the node itself at the top)."""
    *_, top = (node, *plan.ancestors(node))
    return top


def _planned_by_goal(plan: PlanView, year: int, by_goal: dict[str, Execution]) -> None:
    """Planned money per top-level goal for the year, from the rollup."""
    for goal in plan.goals:
        years, gaps = effective_years(plan, goal)
        if year in years or year in gaps:
            group = by_goal.setdefault(goal.code, Execution())
            group.planned += years.get(year, Decimal(0))
            group.planned_unknown = group.planned_unknown or year in gaps


def _add_actual(group: Execution, line: MoneyLine) -> None:
    group.actual += line.actual or Decimal(0)
    group.reported = group.reported or line.actual is not None


def _planned_by_source(budget: PlanBudget, year: int, by_source: dict[str, Execution]) -> None:
    """Planned money per source from the budget rollup, the computation every other figure of the plan uses."""
    for row in budget.rows:
        if row.level == "plan" and row.basis == "computed" and row.year == year:
            by_source.setdefault(row.source, Execution()).planned += row.amount
    for item in budget.unknown:
        if item.level == "plan" and item.basis == "computed" and item.year == year:
            by_source.setdefault(item.source, Execution()).planned_unknown = True


def _has_ancestor_in(plan: PlanView, node: AnyNode, codes: set[str]) -> bool:
    return any(ancestor.code in codes for ancestor in plan.ancestors(node))


def find_report(plan: PlanView, period: Period) -> tuple[str, MonitoringFile] | None:
    """The plan's monitoring report for a period, if there is one."""
    for file, report in sorted(plan.monitoring.items()):
        if report.period == period:
            return file, report
    return None
