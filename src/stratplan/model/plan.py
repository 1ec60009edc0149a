"""The plan: metadata and catalogs (`plan.yaml`) and the goal tree (`goals/*.yaml`).

A plan's tree has one to four levels, named by the document (`levels:`): some of the canonical levels
`strategic_goal`, `operational_goal`, `task` and `measure`, always in that order, never one it does not
use. Every node is the same model (`Node`); what level a node is follows from where it sits: a goal file's
node (or each node of its `nodes:` list) is of the plan's first level, and a node's children sit under the
key of a lower level (`operational_goals`, `tasks`, `measures`). `stratplan.plan.view.PlanView.level` says it.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from pydantic import Field, model_validator

from stratplan.model.common import (
    Code,
    DeclaredTotal,
    Funding,
    Ident,
    Indicators,
    Strict,
    Term,
    Text,
    Year,
)

LEVELS = ("strategic_goal", "operational_goal", "task", "measure")
Level = Literal["strategic_goal", "operational_goal", "task", "measure"]
CHILD_KEYS: dict[str, Level] = {"operational_goals": "operational_goal", "tasks": "task", "measures": "measure"}
"""The keys a node's children sit under, with the level of the children under each."""
LEVEL_KEYS: dict[str, str] = {level: key for key, level in CHILD_KEYS.items()}
SourceKind = Literal["local_budget", "state_budget", "oblast_budget", "attracted", "other"]
IssuerType = Literal["community", "district", "oblast"]
DocumentKind = Literal["strategy", "action_plan", "programme"]
Status = Literal["draft", "adopted", "amended"]
MoneyUnit = Literal["uah", "thousand_uah"]
Katottg = Annotated[str, Field(pattern=r"^UA[0-9]{17}$")]
"""A code of the КАТОТТГ classifier of territories: `UA` and 17 digits (the form only is checked)."""

SCHEMA_VERSION: Literal[1] = 1


class Issuer(Strict):
    """Who adopts the plan: a territorial community (громада), a district (район) or an oblast (область)."""

    type: IssuerType = "community"
    name: Text = Field(min_length=1)
    oblast: Text | None = Field(default=None, min_length=1)
    district: Text | None = Field(default=None, min_length=1)
    katottg: Katottg | None = None
    slug: Ident

    @model_validator(mode="after")
    def _oblast_of_a_community_or_district(self) -> Issuer:
        if self.type != "oblast" and self.oblast is None:
            raise ValueError(f"a {self.type} needs its 'oblast' (e.g. \"Запорізька область\")")
        return self


class Decision(Strict):
    """The act that adopted the document, as far as the document gives it."""

    body: Text | None = None
    date: dt.date | None = None
    number: Text | None = None
    title: Text | None = None


class Amendment(Strict):
    """A decision that changed the document, and what it changed."""

    decision: Decision
    summary: Text | None = None


class Period(Strict):
    """A span of whole years."""

    start: Year
    end: Year


class Stage(Strict):
    """An implementation stage of the strategy (Pervomaisk has three)."""

    code: Code
    title: Text | None = None
    start: Year
    end: Year
    description: Text | None = None


class LevelLabels(Strict):
    """The levels the document uses, each with the document's name for it ("Пріоритет розвитку", "Напрям",
    "Захід"); a level it does not use is left out. At least one."""

    strategic_goal: Text | None = Field(default=None, min_length=1)
    operational_goal: Text | None = Field(default=None, min_length=1)
    task: Text | None = Field(default=None, min_length=1)
    measure: Text | None = Field(default=None, min_length=1)

    @model_validator(mode="after")
    def _at_least_one(self) -> LevelLabels:
        if not self.used:
            raise ValueError(f"name at least one level the document uses: {', '.join(LEVELS)}")
        return self

    @property
    def used(self) -> tuple[Level, ...]:
        """The levels the document uses, top-down."""
        return tuple(level for level in LEVELS if getattr(self, level) is not None)  # type: ignore[misc]


class Document(Strict):
    """The source document: its title and kind, status, the adopting and amending decisions, periods and
    money unit."""

    title: Text = Field(min_length=1)
    kind: DocumentKind
    kind_as_written: Text | None = None
    status: Status | None = None
    decision: Decision | None = None
    amendments: list[Amendment] = Field(default_factory=list)
    period: Period
    action_plan_year: Year | None = None
    strategy_period: Period | None = None
    money_unit: MoneyUnit = "thousand_uah"
    source_file: Text | None = None

    @model_validator(mode="after")
    def _amended_by_a_decision(self) -> Document:
        if self.status == "amended" and not self.amendments:
            raise ValueError("status 'amended' needs the amending decisions in 'amendments'")
        return self


class FundingSource(Strict):
    """A funding source from the plan's catalog, as the document writes it."""

    id: Ident
    name: Text = Field(min_length=1)
    code: Text | None = None
    kind: SourceKind


class Executor(Strict):
    """A responsible executor from the plan's catalog."""

    id: Ident
    name: Text = Field(min_length=1)
    abbreviation: Text | None = None


class PlanFile(Strict):
    """`plan.yaml`: the plan's metadata, statements and catalogs."""

    schema_version: Literal[1] = SCHEMA_VERSION
    issuer: Issuer
    document: Document
    levels: LevelLabels
    stages: list[Stage] = Field(default_factory=list)
    vision: Text | None = None
    mission: Text | None = None
    values: list[Text] = Field(default_factory=list)
    principles: list[Text] = Field(default_factory=list)
    sources: list[FundingSource] = Field(default_factory=list)
    executors: list[Executor] = Field(default_factory=list)
    declared_total: DeclaredTotal | None = None
    notes: list[Text] = Field(default_factory=list)


class Node(Strict):
    """A node of the goal tree at any level (strategic goal, operational goal, task, measure, or what the
    document calls them): what it is, its term, executors, funding and indicators, and its children under
    the key of their level."""

    code: Code
    title: Text
    motto: Text | None = None
    as_numbered: Text | None = None
    expected_result: Text | None = None
    indicators: Indicators = Field(default_factory=list)
    term: Term | None = None
    executors: list[Ident] = Field(default_factory=list)
    funding: Funding | None = None
    declared_total: DeclaredTotal | None = None
    notes: list[Text] = Field(default_factory=list)
    operational_goals: list[Node] = Field(default_factory=list)
    tasks: list[Node] = Field(default_factory=list)
    measures: list[Node] = Field(default_factory=list)


class GoalFile(Node):
    """`goals/<name>.yaml` holding one top-level node (of the plan's first level) with its subtree."""

    schema_version: Literal[1] = SCHEMA_VERSION


class NodesFile(Strict):
    """`goals/<name>.yaml` holding several top-level nodes, e.g. the measures of a one-level programme."""

    schema_version: Literal[1] = SCHEMA_VERSION
    nodes: list[Node] = Field(min_length=1)
    notes: list[Text] = Field(default_factory=list)


AnyNode = Node


def goal_file_model(data: Any) -> type[GoalFile] | type[NodesFile]:
    """The model of a goal file's data: a list of top-level nodes under `nodes:`, else one node."""
    return NodesFile if isinstance(data, dict) and "nodes" in data else GoalFile


def child_groups(node: Node) -> list[tuple[str, list[Node]]]:
    """The node's children by the key they sit under, in the order of the levels (empty groups left out)."""
    return [(key, list(getattr(node, key))) for key in CHILD_KEYS if getattr(node, key)]


def children_of(node: Node) -> list[Node]:
    """Direct children in document order (operational goals, then tasks, then measures)."""
    return [*node.operational_goals, *node.tasks, *node.measures]
