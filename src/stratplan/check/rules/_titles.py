"""Titles of a node as other sections state them, grouped by wording: what XS104 and XS105 report."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from stratplan.check.rules._statements import Difference, difference, shown_difference, tidy, tree_section_name
from stratplan.check.rules.base import Finding
from stratplan.plan.view import PlanView


@dataclass
class _Group:
    node: str
    first: int
    stated: str
    title: str
    sections: list[str]


def title_findings(plan: PlanView, kind: Difference, verb: tuple[str, str]) -> Iterator[Finding]:
    """One finding per node and wording: the sections that word the node this way, and how it differs (`verb`: the
    verb after one section and after several, e.g. `("words", "word")`)."""
    statements = plan.statements
    if statements is None:
        return
    groups: dict[tuple[str, str], _Group] = {}
    for index, entry in enumerate(statements.also_stated):
        node = plan.node(entry.node) if entry.node is not None else None
        if node is None or difference(entry.title_as_printed, node.title) != kind:
            continue
        group = groups.setdefault((node.code, tidy(entry.title_as_printed)),
                                  _Group(node.code, index, entry.title_as_printed, node.title, []))
        if entry.section not in group.sections:
            group.sections.append(entry.section)
    tree = tree_section_name(statements)
    for group in sorted(groups.values(), key=lambda g: g.first):
        where = " and ".join(group.sections)
        label, says = ("section", verb[0]) if len(group.sections) == 1 else ("sections", verb[1])
        yield Finding(f"{label} {where} {says} '{group.node}' otherwise than {tree}: "
                      f"{shown_difference(group.stated, group.title)}",
                      plan_path=("also_stated", group.first, "title_as_printed"), doc="statements", subject=group.node)
