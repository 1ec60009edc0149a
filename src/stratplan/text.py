"""Where plan text lives: every user-facing text field of a plan, with the path that locates it."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from stratplan.loader import LoadedPlan
from stratplan.models import AnyNode
from stratplan.yamlio import DataPath


@dataclass(frozen=True)
class TextField:
    """One text value: the node it belongs to (None for plan.yaml) and its path."""

    text: str
    node: AnyNode | None
    path: DataPath


def node_texts(node: AnyNode) -> Iterator[TextField]:
    """Title, expected result and indicator texts of a node (notes are ours, not the document's)."""
    yield TextField(node.title, node, ("title",))
    if node.expected_result:
        yield TextField(node.expected_result, node, ("expected_result",))
    motto = getattr(node, "motto", None)
    if motto:
        yield TextField(motto, node, ("motto",))
    for index, indicator in enumerate(node.indicators):
        yield TextField(indicator.text, node, ("indicators", index))


def plan_texts(plan: LoadedPlan) -> Iterator[TextField]:
    """Every document text of plan.yaml and the goal tree."""
    if plan.plan is not None:
        meta = plan.plan
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
