"""`context.yaml`: the analysis around the plan: statistics, SWOT, scenarios, needs, monitoring."""

from typing import Literal

from pydantic import Field

from stratplan.model.common import Ident, Strict, Text, new_list


class Table(Strict):
    """A table from the document; cells are kept verbatim as text (e.g. "10916,2")."""

    id: Ident
    title: Text = Field(min_length=1)
    columns: list[Text] = Field(min_length=1)
    rows: list[list[Text]] = Field(default_factory=new_list)
    note: Text | None = None


class Swot(Strict):
    """Strengths, weaknesses, opportunities and threats, item by item."""

    strengths: list[Text] = Field(default_factory=new_list)
    weaknesses: list[Text] = Field(default_factory=new_list)
    opportunities: list[Text] = Field(default_factory=new_list)
    threats: list[Text] = Field(default_factory=new_list)
    note: Text | None = None


class Scenario(Strict):
    """A development scenario as the document describes it."""

    title: Text = Field(min_length=1)
    kind: Literal["optimistic", "realistic", "pessimistic", "other"] = "other"
    paragraphs: list[Text] = Field(default_factory=new_list)


class ItemList(Strict):
    """A titled list from the document (challenges, risks, advantages, …)."""

    id: Ident
    title: Text = Field(min_length=1)
    items: list[Text] = Field(default_factory=new_list)


class ReportForm(Strict):
    """The monitoring report form the document prescribes (e.g. Melitopol's Додаток 1)."""

    title: Text = Field(min_length=1)
    columns: list[Text] = Field(min_length=1)


class Monitoring(Strict):
    """The document's monitoring and evaluation provisions."""

    provisions: list[Text] = Field(default_factory=new_list)
    frequency: Text | None = None
    responsible: Text | None = None
    report_form: ReportForm | None = None


class GoalMatrixRow(Strict):
    """One row of a goal matrix: a strategic goal's code, motto and operational goals as listed."""

    goal: Text
    motto: Text | None = None
    operational_goals: list[Text] = Field(default_factory=new_list)


class ContextFile(Strict):
    """`context.yaml`: everything in the document that is not the goal tree."""

    schema_version: Literal[1] = 1
    tables: list[Table] = Field(default_factory=new_list)
    swot: Swot | None = None
    scenarios: list[Scenario] = Field(default_factory=new_list)
    lists: list[ItemList] = Field(default_factory=new_list)
    goal_matrix: list[GoalMatrixRow] = Field(default_factory=new_list)
    monitoring: Monitoring | None = None
    notes: list[Text] = Field(default_factory=new_list)
