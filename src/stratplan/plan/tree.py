"""Read-only helpers over a loaded plan's tree that several rules and computations share."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from stratplan.model import AnyNode, PlannedLine
from stratplan.model.common import Term
from stratplan.plan.view import PlanView


def sibling_groups(plan: PlanView) -> Iterator[tuple[AnyNode | None, list[AnyNode]]]:
    """Each parent (None for the top level) with its direct children."""
    yield None, list(plan.goals)
    for node in plan.walk():
        kids = plan.children(node)
        if kids:
            yield node, kids


def planned_lines(node: AnyNode) -> list[PlannedLine]:
    """The node's own planned lines (empty when it has no funding or no amounts)."""
    return list(node.funding.planned) if node.funding else []


def carries_money(node: AnyNode) -> bool:
    """True when the node's own lines give amounts (known or unknown) or a funding marker: then the node's money
    is its own, not its children's. A line with only a source or a share carries nothing."""
    return any(line.carries_money for line in planned_lines(node))


def plan_period(plan: PlanView) -> tuple[int, int] | None:
    """The plan's period as (start, end) years, when plan.yaml loaded."""
    if plan.meta is None:
        return None
    period = plan.meta.document.period
    return period.start, period.end


def term_years(term: Term) -> str:
    """A term in a message: its years (`2021–2023`, halves left out as they always were), or its span when an
    end is a quarter or a date (`2024-Q1–2024-Q3`, `2024-03-01–2024-12-31`)."""
    finer = (term.start_quarter, term.end_quarter, term.start_date, term.end_date)
    return term.span() if any(v is not None for v in finer) else f"{term.start}–{term.end}"


def known_term(node: AnyNode) -> Term | None:
    """The node's term when it is given and not unknown."""
    term = node.term
    return term if term is not None and term.known else None


Days = tuple[dt.date, dt.date]
"""A known term's first and last day."""


def term_days(node: AnyNode) -> Days | None:
    """The first and last day of the node's known term; None when it has none."""
    term = known_term(node)
    first, last = (term.first_day(), term.last_day()) if term is not None else (None, None)
    return (first, last) if first is not None and last is not None else None
