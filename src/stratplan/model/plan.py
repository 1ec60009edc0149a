"""The plan: metadata and catalogs (`plan.yaml`) and the goal tree (`goals/*.yaml`)."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator

from stratplan.model.common import (
    Code,
    Date,
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
SourceKind = Literal["local_budget", "state_budget", "oblast_budget", "attracted", "other"]

SCHEMA_VERSION: Literal[1] = 1


class Community(Strict):
    """The territorial community (громада) the plan belongs to."""

    name: Text = Field(min_length=1)
    oblast: Text = Field(min_length=1)
    slug: Ident


class Decision(Strict):
    """The act that adopted the document, as far as the document gives it."""

    body: Text | None = None
    date: Date | None = None
    number: Text | None = None
    title: Text | None = None


class Period(Strict):
    """A span of whole years, in order."""

    start: Year
    end: Year

    @model_validator(mode="after")
    def _in_order(self) -> Period:
        if self.end < self.start:
            raise ValueError(f"the period {self.start}–{self.end} ends before it starts")
        return self


class Stage(Strict):
    """An implementation stage of the strategy (Pervomaisk has three)."""

    code: Code
    title: Text | None = None
    start: Year
    end: Year
    description: Text | None = None


class LevelLabels(Strict):
    """How the document names each level, e.g. "Пріоритет розвитку" vs "Стратегічна ціль"."""

    strategic_goal: Text
    operational_goal: Text
    task: Text | None = None
    measure: Text | None = None


class Document(Strict):
    """The source document: its title and kind, the adopting decision, periods and money unit."""

    title: Text = Field(min_length=1)
    kind: Literal["strategy", "action_plan"]
    decision: Decision | None = None
    period: Period
    action_plan_year: Year | None = None
    strategy_period: Period | None = None
    money_unit: Literal["thousand_uah"] = "thousand_uah"
    source_file: Text | None = None


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
    community: Community
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
    """Fields every level of the goal tree shares."""

    code: Code
    title: Text
    as_numbered: Text | None = None
    expected_result: Text | None = None
    indicators: Indicators = Field(default_factory=list)
    term: Term | None = None
    executors: list[Ident] = Field(default_factory=list)
    funding: Funding | None = None
    declared_total: DeclaredTotal | None = None
    notes: list[Text] = Field(default_factory=list)


class Measure(Node):
    """A measure (захід): the lowest level."""


class Task(Node):
    """A task (завдання), optionally broken into measures."""

    measures: list[Measure] = Field(default_factory=list)


class OperationalGoal(Node):
    """An operational goal; holds tasks, or measures directly (Starobilsk)."""

    tasks: list[Task] = Field(default_factory=list)
    measures: list[Measure] = Field(default_factory=list)


class StrategicGoal(Node):
    """`goals/<n>.yaml`: a strategic goal (or development priority) with its subtree."""

    schema_version: Literal[1] = SCHEMA_VERSION
    motto: Text | None = None
    operational_goals: list[OperationalGoal] = Field(default_factory=list)


AnyNode = StrategicGoal | OperationalGoal | Task | Measure


def level_of(node: AnyNode) -> Level:
    """The level name of a tree node."""
    if isinstance(node, StrategicGoal):
        return "strategic_goal"
    if isinstance(node, OperationalGoal):
        return "operational_goal"
    if isinstance(node, Task):
        return "task"
    return "measure"


def children_of(node: AnyNode) -> list[AnyNode]:
    """Direct children in document order."""
    if isinstance(node, StrategicGoal):
        return list(node.operational_goals)
    if isinstance(node, OperationalGoal):
        return [*node.tasks, *node.measures]
    if isinstance(node, Task):
        return list(node.measures)
    return []
