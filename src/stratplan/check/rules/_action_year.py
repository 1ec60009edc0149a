"""Items of an action plan against its year, grouped by parent: what TM104 and TM106 report."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Literal

from stratplan.check.rules.base import Finding
from stratplan.model import AnyNode
from stratplan.plan.tree import known_term, term_years
from stratplan.plan.view import PlanView

Placement = Literal["inside", "past", "outside"]


def placement(node: AnyNode, year: int) -> Placement | None:
    """Where a node's known term lies against the year: inside it, partly outside (running past or starting
    before it), or entirely outside; None without a known term."""
    term = known_term(node)
    first, last = (term.first_day(), term.last_day()) if term is not None else (None, None)
    if first is None or last is None:
        return None
    if first.year == last.year == year:  # the term's days (a half-year, a quarter, dates) lie within the year
        return "inside"
    if last.year < year or first.year > year:
        return "outside"
    return "past"


def _shown(node: AnyNode) -> str:
    term = known_term(node)
    assert term is not None
    return term.as_written or (f"{term.start}" if term.start == term.end and term.years_only else term_years(term))


def _listed(nodes: list[AnyNode]) -> str:
    """`1.1.1, 1.1.2 (2021-2026 роки); 1.1.3 (2021-2022 роки)`: codes grouped by the term as written."""
    by_term: dict[str, list[str]] = {}
    for node in nodes:
        by_term.setdefault(_shown(node), []).append(node.code)
    return "; ".join(f"{', '.join(codes)} ({term})" for term, codes in by_term.items())


def _items(plan: PlanView, nodes: list[AnyNode]) -> str:
    levels = {plan.level(node) for node in nodes}
    name = levels.pop().replace("_", " ") if len(levels) == 1 else "item"
    return f"{len(nodes)} {name}{'s' if len(nodes) > 1 else ''}"


def year_findings(plan: PlanView, kind: Placement, says: tuple[str, str]) -> Iterator[Finding]:
    """One finding per parent: its children whose term lies `kind` (past or outside) the action plan year. `says`
    is the verb phrase after one item and after several."""
    if plan.meta is None or plan.meta.document.kind != "action_plan" or plan.meta.document.action_plan_year is None:
        return
    year = plan.meta.document.action_plan_year
    groups: dict[int, tuple[AnyNode | None, list[AnyNode]]] = {}
    for node in plan.walk():
        if placement(node, year) == kind:
            parent = plan.parent(node)
            groups.setdefault(id(parent), (parent, []))[1].append(node)
    for parent, nodes in groups.values():
        verb = says[0] if len(nodes) == 1 else says[1]
        under = f" of '{parent.code}'" if parent is not None else ""
        message = f"{_items(plan, nodes)}{under} {verb} the action plan year {year}: {_listed(nodes)}"
        facts = (("year", str(year)), ("nodes", ", ".join(node.code for node in nodes)))
        if parent is not None:
            yield Finding(message, parent, ("code",), facts=facts)
        else:
            yield Finding(message, nodes[0], ("term",), facts=facts)
