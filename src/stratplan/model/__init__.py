"""Pydantic models of a plan's files; every model forbids unknown keys."""

from stratplan.model.common import (
    UNKNOWN,
    Amount,
    DeclaredTotal,
    Funding,
    Indicator,
    PlannedLine,
    Term,
)
from stratplan.model.context import ContextFile
from stratplan.model.plan import (
    LEVELS,
    AnyNode,
    Executor,
    FundingSource,
    Level,
    Measure,
    OperationalGoal,
    PlanFile,
    StrategicGoal,
    Task,
    children_of,
    level_of,
)

__all__ = [
    "LEVELS",
    "UNKNOWN",
    "Amount",
    "AnyNode",
    "ContextFile",
    "DeclaredTotal",
    "Executor",
    "Funding",
    "FundingSource",
    "Indicator",
    "Level",
    "Measure",
    "OperationalGoal",
    "PlanFile",
    "PlannedLine",
    "StrategicGoal",
    "Task",
    "Term",
    "children_of",
    "level_of",
]
