"""What monitoring rules share: every report of a plan with its items, located in its own file, and the planned
figures they are checked against (`compute.monitoring`, imported on first use: only a plan with monitoring reports
needs it, and a one-plan `validate` of one without starts a few milliseconds sooner)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from stratplan.check.rules.base import Finding
from stratplan.io.yamlio import DataPath
from stratplan.model import AnyNode
from stratplan.plan.view import PlanView

if TYPE_CHECKING:
    from decimal import Decimal

    from stratplan.model.common import Term
    from stratplan.model.monitoring import ItemReport, MonitoringFile


@dataclass(frozen=True)
class ReportedItem:
    """One item of one monitoring report, with the node it reports on (None when the code is unknown)."""

    file: str
    report: MonitoringFile
    code: str
    item: ItemReport
    node: AnyNode | None


def reported_items(plan: PlanView) -> Iterator[ReportedItem]:
    """Every item of every monitoring report of the plan, in file and code order (listed once per plan: eight
    rules go through them)."""
    return iter(plan.memo("reported_items", _reported_items))


def _reported_items(plan: PlanView) -> list[ReportedItem]:
    if not plan.monitoring:
        return []
    nodes = {node.code: node for node in plan.walk()}
    return [ReportedItem(file, report, code, item, nodes.get(code))
            for file, report in sorted(plan.monitoring.items()) for code, item in report.items.items()]


def at(entry: ReportedItem, message: str, *path: str | int, key: bool = False, hint: str = "") -> Finding:
    """A finding located at a field of the item in its monitoring file."""
    where: DataPath = ("items", entry.code, *path)
    return Finding(message, plan_path=where, doc=entry.file, key=key, hint=hint)


def planned_for(plan: PlanView, node: AnyNode, year: int) -> tuple[dict[str, Decimal], bool]:
    """Planned money of a node for a year by source, and whether some of it is unknown (`compute.monitoring`)."""
    from stratplan.compute.monitoring import planned_for as planned

    return planned(plan, node, year)


def effective_term(plan: PlanView, node: AnyNode) -> Term | None:
    """The node's known term, or the nearest ancestor's (`compute.monitoring`)."""
    from stratplan.compute.monitoring import effective_term as term

    return term(plan, node)
