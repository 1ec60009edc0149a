"""`statements.yaml`: what the source document states about its goal tree outside the implementation plan.

A strategy states its tree several times: a goals table, a goal matrix, narrative lists and counts, and the
implementation plan the goal tree follows. This optional file keeps every other statement as data keyed to
the tree's node codes, so that rules can compare the sections with each other: a node numbered or titled
differently in another section, a node a section leaves out, a narrative count that disagrees with the tree.
It also keeps the implementation plan's cells as printed where they differ from the data (a source's
wording) or are empty, and which cells a row shares with its parent's row.

Text is verbatim from the document. `line` fields are lines of the source dump the plan was made from (its
`document.source_file`), kept so that a reader can check the entry; no rule reads them.
"""

from typing import Literal

from pydantic import Field, model_validator

from stratplan.model.common import Code, Flag, Ident, Strict, Text, new_list
from stratplan.model.plan import SCHEMA_VERSION, Level

Line = int
"""A 1-based line of the source dump."""

Column = Literal["term", "sources", "executors"]
"""A cell of an implementation-plan row that `rows` can describe."""


class Section(Strict):
    """A section of the document that states (part of) the goal tree."""

    id: Text = Field(min_length=1, description="The section as printed (`6.2`, `II`), or a short name (`matrix`).")
    title: Text = Field(min_length=1, description="The section's heading as printed.")
    states: list[Level] = Field(default_factory=new_list, description="The levels it lists: every node of these levels "
                                "is expected to appear in it (an `also_stated` entry, or the tree itself).")
    tree: Flag = Field(False, description="The implementation plan: the section the goal tree follows.")
    lines: list[Line] = Field(default_factory=new_list, max_length=2, description="First and last line in the dump.")


class AlsoStated(Strict):
    """A node as another section states it: its number and title as printed there."""

    node: Code | None = Field(None, description="The tree's node; left out for an item only this section has.")
    section: Text = Field(min_length=1, description="The `id` of a section in `sections`.")
    code_as_printed: Text = Field(description="The number as printed (without the level's label, e.g. «Завдання»), "
                                  "\"\" when unnumbered.")
    title_as_printed: Text = Field(min_length=1)
    level: Level | None = Field(None, description="The level; required when `node` is left out.")
    parent: Code | None = Field(None, description="For an item only this section has: the node it is listed under.")
    line: Line | None = None

    @model_validator(mode="after")
    def _level_of_unknown_node(self) -> "AlsoStated":
        if self.node is None and self.level is None:
            raise ValueError("an item the tree does not have (no 'node') needs its 'level'")
        return self


class Count(Strict):
    """A narrative count of nodes, e.g. «складається з трьох пріоритетів»."""

    section: Text = Field(min_length=1)
    text: Text = Field(min_length=1, description="The sentence (or its part) as printed.")
    level: Level
    count: int = Field(ge=0, strict=True)
    scope: Code | None = Field(None, description="The node whose children are counted; left out for the whole tree.")
    line: Line | None = None


class ListItem(Strict):
    """One item of a narrative list, as printed."""

    code_as_printed: Text = ""
    title_as_printed: Text = Field(min_length=1)
    line: Line | None = None


class NamedList(Strict):
    """A narrative list that names goals without stating them one by one (its items match no node by number)."""

    section: Text = Field(min_length=1)
    text: Text | None = Field(None, description="The sentence that introduces the list, as printed.")
    level: Level
    scope: Code | None = Field(None, description="The node whose children are listed; left out for the whole tree.")
    items: list[ListItem] = Field(default_factory=new_list)
    line: Line | None = None


class PrintedSource(Strict):
    """A funding source as a row prints it."""

    source: Ident = Field(description="The catalog entry it names.")
    as_printed: Text = Field(min_length=1)


class Row(Strict):
    """A row of the implementation plan, where its cells as printed differ from the data or are empty."""

    node: Code
    term: Text | None = Field(None, description="The term cell as printed; \"\" when it is empty.")
    sources: list[PrintedSource] | None = Field(None, description="The sources cell item by item as printed; [] "
                                                "when it is empty.")
    executors: Text | None = Field(None, description="The executors cell as printed; \"\" when it is empty.")
    shared: list[Column] = Field(default_factory=new_list, description="Cells the row has none of its own of: its "
                                 "parent's cell spans it, or no entry of that cell can be tied to it.")
    line: Line | None = None


class StatementsFile(Strict):
    """`statements.yaml`: the document's other statements of the goal tree, and its printed cells."""

    schema_version: Literal[1] = SCHEMA_VERSION
    sections: list[Section] = Field(default_factory=new_list)
    also_stated: list[AlsoStated] = Field(default_factory=new_list)
    counts: list[Count] = Field(default_factory=new_list)
    lists: list[NamedList] = Field(default_factory=new_list)
    rows: list[Row] = Field(default_factory=new_list)
    notes: list[Text] = Field(default_factory=new_list)

    def section(self, section_id: str) -> Section | None:
        """The section with this id."""
        return next((s for s in self.sections if s.id == section_id), None)

    @property
    def tree_section(self) -> Section | None:
        """The implementation plan's section, when one is marked `tree: true`."""
        return next((s for s in self.sections if s.tree), None)
