"""Revision-to-revision semantic diff of plans: what a change means, not which YAML lines it touched.

Pure: takes two sets of loaded plans and a way to get a plan's validation findings (the caller lints), returns a
`ChangeReport`; reading revisions is `stratplan.io.git`'s job.
"""

from stratplan.compute.changes.compare import compare, compare_plan, pair_plans
from stratplan.compute.changes.findings import Findings
from stratplan.compute.changes.model import (
    FLAGS,
    ChangeReport,
    FieldChange,
    FindingChange,
    Flag,
    GoalMoney,
    MoneyDelta,
    NodeChange,
    PlanChanges,
    Side,
)

__all__ = [
    "FLAGS",
    "ChangeReport",
    "FieldChange",
    "FindingChange",
    "Findings",
    "Flag",
    "GoalMoney",
    "MoneyDelta",
    "NodeChange",
    "PlanChanges",
    "Side",
    "compare",
    "compare_plan",
    "pair_plans",
]
