"""Read-only helpers over a loaded plan's tree that several rules and computations share."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from stratplan.model import UNKNOWN, AnyNode, DeclaredTotal, PlannedLine, children_of
from stratplan.model.common import Term
from stratplan.plan.view import PlanView

YearAmounts = dict[int, Decimal]


def sibling_groups(plan: PlanView) -> Iterator[tuple[AnyNode | None, list[AnyNode]]]:
    """Each parent (None for the top level) with its direct children."""
    yield None, list(plan.goals)
    for node in plan.walk():
        kids = children_of(node)
        if kids:
            yield node, kids


def planned_lines(node: AnyNode) -> list[PlannedLine]:
    """The node's own planned lines (empty when it has no funding or no amounts)."""
    return list(node.funding.planned) if node.funding else []


def own_years(node: AnyNode) -> tuple[YearAmounts, set[int]]:
    """Known amounts per year on the node's own lines, and the years where an amount is unknown."""
    known: YearAmounts = {}
    unknown: set[int] = set()
    for line in planned_lines(node):
        for year, amount in line.years.items():
            if amount == UNKNOWN:
                unknown.add(year)
            else:
                known[year] = known.get(year, Decimal(0)) + Decimal(amount)
    return known, unknown


def effective_years(node: AnyNode) -> tuple[YearAmounts, dict[int, list[AnyNode]]]:
    """Amounts the node carries: its own lines when it has any, else the sum of its children.

    Also returns, per year, the nodes whose unknown amounts make that year's figure incomplete.
    """
    if planned_lines(node):
        known, unknown = own_years(node)
        return known, {year: [node] for year in sorted(unknown)}
    return children_years(node)


def children_years(node: AnyNode) -> tuple[YearAmounts, dict[int, list[AnyNode]]]:
    """What the node's children carry, added up per year, with the nodes whose amounts are unknown."""
    total: YearAmounts = {}
    gaps: dict[int, list[AnyNode]] = {}
    for child in children_of(node):
        known, child_gaps = effective_years(child)
        for year, amount in known.items():
            total[year] = total.get(year, Decimal(0)) + amount
        for year, nodes in child_gaps.items():
            gaps.setdefault(year, []).extend(nodes)
    return total, gaps


def has_unknown_amount(node: AnyNode) -> bool:
    """True when any of the node's own lines has an unknown year amount or total."""
    return any(line.total == UNKNOWN or UNKNOWN in line.years.values() for line in planned_lines(node))


def declared_year_sum(total: DeclaredTotal) -> tuple[Decimal, bool]:
    """Sum of a declared total's known year figures, and whether any year is unknown."""
    known = [Decimal(v) for v in total.years.values() if v != UNKNOWN]
    return sum(known, Decimal(0)), len(known) != len(total.years)


def plan_period(plan: PlanView) -> tuple[int, int] | None:
    """The plan's period as (start, end) years, when plan.yaml loaded."""
    if plan.meta is None:
        return None
    period = plan.meta.document.period
    return period.start, period.end


def known_term(node: AnyNode) -> Term | None:
    """The node's term when it is given and not unknown."""
    term = node.term
    if term is None or term.unknown or term.start is None or term.end is None:
        return None
    return term
