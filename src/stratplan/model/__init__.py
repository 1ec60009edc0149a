"""Pydantic models of a plan's files; every model forbids unknown keys.

The model modules do without `from __future__ import annotations`: with it, pydantic compiles and evaluates every
field's annotation from its text when it builds the models, 3 ms of every start of the command line (a model that
refers to itself or to a later one names it in quotes)."""

from stratplan.model.common import (
    MARKER_WORDS,
    MARKERS,
    UNKNOWN,
    Amount,
    DeclaredTotal,
    Funding,
    Indicator,
    Marker,
    PlannedLine,
    SourceTotal,
    Term,
)
from stratplan.model.context import ContextFile
from stratplan.model.plan import (
    CHILD_KEYS,
    LEVEL_KEYS,
    LEVELS,
    AnyNode,
    Executor,
    FundingSource,
    GoalFile,
    Issuer,
    Level,
    Node,
    NodesFile,
    PlanFile,
    child_groups,
    children_of,
    goal_file_model,
)

__all__ = [
    "CHILD_KEYS",
    "LEVELS",
    "LEVEL_KEYS",
    "MARKERS",
    "MARKER_WORDS",
    "UNKNOWN",
    "Amount",
    "AnyNode",
    "ContextFile",
    "DeclaredTotal",
    "Executor",
    "Funding",
    "FundingSource",
    "GoalFile",
    "Indicator",
    "Issuer",
    "Level",
    "Marker",
    "Node",
    "NodesFile",
    "PlanFile",
    "PlannedLine",
    "SourceTotal",
    "Term",
    "child_groups",
    "children_of",
    "goal_file_model",
]
