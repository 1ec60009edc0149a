"""The plan: metadata and catalogs (`plan.yaml`) and the goal tree (`goals/*.yaml`).

A plan's tree has one to four levels, named by the document (`levels:`): some of the canonical levels
`strategic_goal`, `operational_goal`, `task` and `measure`, always in that order, never one it does not
use. Every node is the same model (`Node`); what level a node is follows from where it sits: a goal file's
node (or each node of its `nodes:` list) is of the plan's first level, and a node's children sit under the
key of a lower level (`operational_goals`, `tasks`, `measures`). `stratplan.plan.view.PlanView.level` says it.
"""

from typing import Annotated, Any, Literal

from pydantic import Field, model_validator

from stratplan.model.common import (
    Code,
    Date,
    DeclaredTotal,
    Flag,
    Funding,
    Ident,
    Indicators,
    Strict,
    Term,
    Text,
    Year,
    new_list,
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
    """`community` (громада, the default), `district` (район) or `oblast` (область)."""
    name: Text = Field(min_length=1)
    """The issuer's name as the document writes it."""
    oblast: Text | None = Field(default=None, min_length=1)
    """The oblast of a community or district (required for them)."""
    district: Text | None = Field(default=None, min_length=1)
    """The district of a community, where the document names it."""
    katottg: Katottg | None = None
    """Its КАТОТТГ code: `UA` and 17 digits."""
    slug: Ident
    """The plan's identifier: Latin lower case, digits and `_` (the folder's name)."""

    @model_validator(mode="after")
    def _oblast_of_a_community_or_district(self) -> "Issuer":
        if self.type != "oblast" and self.oblast is None:
            raise ValueError(f"a {self.type} needs its 'oblast' (e.g. \"Запорізька область\")")
        return self


class Decision(Strict):
    """The act that adopted the document, as far as the document gives it."""

    body: Text | None = None
    """The council or body that adopted it."""
    date: Date | None = None
    """Its date."""
    number: Text | None = None
    """Its number."""
    title: Text | None = None
    """Its title."""


class Amendment(Strict):
    """A decision that changed the document, and what it changed."""

    decision: Decision
    """The amending decision."""
    summary: Text | None = None
    """What it changed."""


class Period(Strict):
    """A span of whole years, in order."""

    start: Year
    """First year."""
    end: Year
    """Last year."""

    @model_validator(mode="after")
    def _in_order(self) -> "Period":
        if self.end < self.start:
            raise ValueError(f"the period {self.start}–{self.end} ends before it starts")
        return self


class Stage(Strict):
    """An implementation stage of the strategy (Pervomaisk has three)."""

    code: Code
    """The stage's number."""
    title: Text | None = None
    """Its name."""
    start: Year
    """First year."""
    end: Year
    """Last year."""
    description: Text | None = None
    """How the document describes it."""


class LevelLabels(Strict):
    """The levels the document uses, each with the document's name for it ("Пріоритет розвитку", "Напрям",
    "Захід"); a level it does not use is left out. At least one."""

    strategic_goal: Text | None = Field(default=None, min_length=1)
    """The document's name of its top level of goals ("Стратегічна ціль", "Пріоритет", "Напрям")."""
    operational_goal: Text | None = Field(default=None, min_length=1)
    """The name of the level below ("Операційна ціль")."""
    task: Text | None = Field(default=None, min_length=1)
    """The name of tasks ("Завдання")."""
    measure: Text | None = Field(default=None, min_length=1)
    """The name of measures ("Захід", "Заходи")."""

    @model_validator(mode="after")
    def _at_least_one(self) -> "LevelLabels":
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
    """The title as printed."""
    kind: DocumentKind
    """`strategy`, `action_plan` or `programme`."""
    kind_as_written: Text | None = None
    """The kind in the document's words ("Комплексна програма")."""
    status: Status | None = None
    """`draft`, `adopted` or `amended` (with `amendments`)."""
    decision: Decision | None = None
    """The adopting decision."""
    amendments: list[Amendment] = Field(default_factory=new_list)
    """The decisions that amended it."""
    period: Period
    """The years it covers."""
    action_plan_year: Year | None = None
    """An action plan's year."""
    strategy_period: Period | None = None
    """An action plan's strategy's years."""
    money_unit: MoneyUnit = "thousand_uah"
    """The unit of every amount: `thousand_uah` (тис. грн, the default) or `uah` (грн)."""
    source_file: Text | None = None
    """The file the plan was transcribed from."""

    @model_validator(mode="after")
    def _amended_by_a_decision(self) -> "Document":
        if self.status == "amended" and not self.amendments:
            raise ValueError("status 'amended' needs the amending decisions in 'amendments'")
        return self


class FundingSource(Strict):
    """A funding source from the plan's catalog, as the document writes it."""

    id: Ident
    """The id nodes use."""
    name: Text = Field(min_length=1)
    """The source as the document writes it."""
    code: Text | None = None
    """The document's code for it ("(1)")."""
    kind: SourceKind
    """`local_budget`, `state_budget`, `oblast_budget`, `attracted` or `other`."""


class Executor(Strict):
    """A responsible executor from the plan's catalog."""

    id: Ident
    """The id nodes use."""
    name: Text = Field(min_length=1)
    """The executor's full name."""
    abbreviation: Text | None = None
    """The abbreviation the document uses."""


RENAMED_KEYS = {"community": "issuer"}
"""plan.yaml keys of earlier versions of the format, read as their new names (the loader says to rename them)."""


class PlanFile(Strict):
    """`plan.yaml`: the plan's metadata, statements and catalogs."""

    @model_validator(mode="before")
    @classmethod
    def _earlier_names(cls, data: Any) -> Any:
        """`community:` (before districts and oblasts could adopt plans) is read as `issuer:` of a community."""
        if isinstance(data, dict) and any(old in data and new not in data for old, new in RENAMED_KEYS.items()):
            return {RENAMED_KEYS.get(key, key) if RENAMED_KEYS.get(key) not in data else key: value
                    for key, value in data.items()}
        return data

    schema_version: Literal[1] = SCHEMA_VERSION
    """The format's version: 1."""
    issuer: Issuer
    """Who adopts the plan."""
    document: Document
    """The document."""
    levels: LevelLabels
    """The levels the document uses, with its names for them."""
    stages: list[Stage] = Field(default_factory=new_list)
    """Implementation stages."""
    vision: Text | None = None
    """The vision statement."""
    mission: Text | None = None
    """The mission statement."""
    values: list[Text] = Field(default_factory=new_list)
    """Values, as listed."""
    principles: list[Text] = Field(default_factory=new_list)
    """Principles, as listed."""
    sources: list[FundingSource] = Field(default_factory=new_list)
    """The catalog of funding sources."""
    executors: list[Executor] = Field(default_factory=new_list)
    """The catalog of executors."""
    declared_total: DeclaredTotal | None = None
    """The plan's printed grand total (РАЗОМ)."""
    totals_only: Flag = False
    """True when the copy holds only the document's declared totals (a programme passport without its measures
    table): the plan then has no goals folder, and the loader does not ask for one (PL103)."""
    notes: list[Text] = Field(default_factory=new_list)
    """Notes on the transcription (not the document's text)."""


class Node(Strict):
    """A node of the goal tree at any level (strategic goal, operational goal, task, measure, or what the
    document calls them): what it is, its term, executors, funding and indicators, and its children under
    the key of their level."""

    code: Code
    """A stable code extending the parent's (`"1"`, `"1.2"`), quoted."""
    title: Text
    """The text as the document writes it."""
    motto: Text | None = None
    """A goal's motto (the goal matrix prints one)."""
    as_numbered: Text | None = None
    """The number as the implementation plan prints it, where it differs from `code`; `""` for a row printed without
    a number."""
    expected_result: Text | None = None
    """The expected result, as written."""
    indicators: Indicators = Field(default_factory=new_list)
    """Result indicators: text, or a mapping with targets."""
    term: Term | None = None
    """When it runs; a node without one runs in its parent's term."""
    executors: list[Ident] = Field(default_factory=new_list)
    """Ids from the executor catalog."""
    funding: Funding | None = None
    """Funding sources and planned money."""
    declared_total: DeclaredTotal | None = None
    """A total the document prints for the node (ВСЬОГО)."""
    notes: list[Text] = Field(default_factory=new_list)
    """Notes on the transcription, prose only (what the dump lost, how a garbled cell was read); what another section
    states about the node is data in `statements.yaml`."""
    operational_goals: list["Node"] = Field(default_factory=new_list)
    """Children at the operational-goal level."""
    tasks: list["Node"] = Field(default_factory=new_list)
    """Children at the task level."""
    measures: list["Node"] = Field(default_factory=new_list)
    """Children at the measure level."""


class GoalFile(Node):
    """`goals/<name>.yaml` holding one top-level node (of the plan's first level) with its subtree."""

    schema_version: Literal[1] = SCHEMA_VERSION
    """The format's version: 1."""


class NodesFile(Strict):
    """`goals/<name>.yaml` holding several top-level nodes, e.g. the measures of a one-level programme."""

    schema_version: Literal[1] = SCHEMA_VERSION
    """The format's version: 1."""
    nodes: list[Node] = Field(min_length=1)
    """Top-level nodes, of the plan's first level."""
    notes: list[Text] = Field(default_factory=new_list)
    """Notes on the transcription."""


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
