"""Where plan text lives: every user-facing text field of a plan, with the path that locates it."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from stratplan.io.yamlio import DataPath
from stratplan.model import AnyNode
from stratplan.plan.view import PlanView


@dataclass(frozen=True)
class TextField:
    """One text value: the node it belongs to (None for plan.yaml) and its path."""

    text: str
    node: AnyNode | None
    path: DataPath
    doc: str = "plan"


def node_texts(node: AnyNode) -> Iterator[TextField]:
    """Title, expected result and indicator texts of a node (notes are ours, not the document's)."""
    yield TextField(node.title, node, ("title",))
    if node.expected_result:
        yield TextField(node.expected_result, node, ("expected_result",))
    if node.motto:  # the goal matrix prints one for each strategic goal
        yield TextField(node.motto, node, ("motto",))
    for index, indicator in enumerate(node.indicators):
        yield TextField(indicator.text, node, ("indicators", index))


def plan_texts(plan: PlanView) -> Iterator[TextField]:
    """Every document text of plan.yaml and the goal tree (collected once per plan: several rules read them)."""
    return iter(plan.memo("texts", lambda p: list(_plan_texts(p))))


def _plan_texts(plan: PlanView) -> Iterator[TextField]:
    if plan.meta is not None:
        meta = plan.meta
        yield TextField(meta.document.title, None, ("document", "title"))
        for key in ("vision", "mission"):
            value = getattr(meta, key)
            if value:
                yield TextField(value, None, (key,))
        for key in ("values", "principles"):
            for index, value in enumerate(getattr(meta, key)):
                yield TextField(value, None, (key, index))
    for node in plan.walk():
        yield from node_texts(node)
    yield from context_texts(plan)


def context_texts(plan: PlanView) -> Iterator[TextField]:
    """Prose of context.yaml: SWOT items, scenarios, titled lists, goal matrix, monitoring provisions."""
    context = plan.context
    if context is None:
        return
    if context.swot is not None:
        for key in ("strengths", "weaknesses", "opportunities", "threats"):
            for index, item in enumerate(getattr(context.swot, key)):
                yield TextField(item, None, ("swot", key, index), "context")
    for s_index, scenario in enumerate(context.scenarios):
        for index, paragraph in enumerate(scenario.paragraphs):
            yield TextField(paragraph, None, ("scenarios", s_index, "paragraphs", index), "context")
    for l_index, item_list in enumerate(context.lists):
        for index, item in enumerate(item_list.items):
            yield TextField(item, None, ("lists", l_index, "items", index), "context")
    if context.monitoring is not None:
        for index, provision in enumerate(context.monitoring.provisions):
            yield TextField(provision, None, ("monitoring", "provisions", index), "context")
