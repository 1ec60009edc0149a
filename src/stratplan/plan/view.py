"""A read-only view of a plan's content: metadata, catalogs, context, monitoring reports and the goal tree
with each node's parent, level and depth. It holds no file positions: rules and computations name a node
and a field, and only the lint engine turns that into `file:line:col`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from stratplan.model import AnyNode, ContextFile, Executor, FundingSource, Level, PlanFile, StrategicGoal, children_of
from stratplan.model import level_of as model_level
from stratplan.model.monitoring import MonitoringFile
from stratplan.model.statements import StatementsFile

T = TypeVar("T")


@dataclass(frozen=True)
class _Place:
    parent: AnyNode | None
    level: Level
    depth: int
    file: str
    display: str


class PlanView:
    """What a plan says, as validated models, with the tree's shape precomputed once."""

    def __init__(self, meta: PlanFile | None, goals: Sequence[StrategicGoal], *, context: ContextFile | None = None,
                 monitoring: Mapping[str, MonitoringFile] | None = None, goal_files: Sequence[str] = (),
                 complete: bool = True, folder_name: str = "", statements: StatementsFile | None = None) -> None:
        self.meta = meta
        self.goals: tuple[StrategicGoal, ...] = tuple(goals)
        self.context = context
        self.statements = statements
        """What the document states about the tree outside its implementation plan (`statements.yaml`), if given."""
        self.monitoring: dict[str, MonitoringFile] = dict(monitoring or {})
        self.complete = complete
        """False when part of the goal tree could not be read: rules that judge the whole plan stay silent."""
        self._folder_name = folder_name
        self._places: dict[int, _Place] = {}
        self._order: list[AnyNode] = []
        self._memo: dict[str, Any] = {}
        files = list(goal_files) + [""] * (len(self.goals) - len(goal_files))
        for goal, file in zip(self.goals, files, strict=True):
            self._index(goal, file)

    def _index(self, goal: StrategicGoal, file: str) -> None:
        stack: list[tuple[AnyNode, AnyNode | None, int, str]] = [(goal, None, 0, f"SG{goal.code}")]
        while stack:
            node, parent, depth, display = stack.pop()
            self._places[id(node)] = _Place(parent, model_level(node), depth, file, display)
            self._order.append(node)
            stack.extend((child, node, depth + 1, f"{display} › {child.code}") for child in reversed(children_of(node)))

    @property
    def slug(self) -> str:
        """The community slug, or the folder name when plan.yaml did not load."""
        return self.meta.community.slug if self.meta else self._folder_name

    @property
    def sources(self) -> list[FundingSource]:
        """The funding-source catalog (empty without plan.yaml)."""
        return list(self.meta.sources) if self.meta else []

    @property
    def executors(self) -> list[Executor]:
        """The executor catalog (empty without plan.yaml)."""
        return list(self.meta.executors) if self.meta else []

    def walk(self) -> Iterator[AnyNode]:
        """Every node of the tree, depth first, in document order."""
        return iter(self._order)

    def parent(self, node: AnyNode) -> AnyNode | None:
        """The node's parent; None for a top-level node."""
        return self._places[id(node)].parent

    def ancestors(self, node: AnyNode) -> Iterator[AnyNode]:
        """The node's parent, its parent's parent, and so on up to the top."""
        current = self.parent(node)
        while current is not None:
            yield current
            current = self.parent(current)

    def children(self, node: AnyNode | None) -> list[AnyNode]:
        """Direct children in document order; the top-level nodes for None."""
        return list(self.goals) if node is None else children_of(node)

    def level(self, node: AnyNode) -> Level:
        """The node's level, e.g. `task`."""
        return self._places[id(node)].level

    def depth(self, node: AnyNode) -> int:
        """0 for a top-level node, 1 for its children, and so on."""
        return self._places[id(node)].depth

    def file(self, node: AnyNode) -> str:
        """The plan file the node is written in, relative to the plan folder (`goals/sg1.yaml`)."""
        return self._places[id(node)].file

    def display(self, node: AnyNode) -> str:
        """The node's path for people: `SG1 › 1.2 › 1.2.3`."""
        return self._places[id(node)].display

    def node(self, code: str) -> AnyNode | None:
        """The node with this code (the first one, should two share it)."""
        by_code: dict[str, AnyNode] = self.memo("by_code", _by_code)
        return by_code.get(code)

    def contains(self, node: AnyNode) -> bool:
        """True when the node belongs to this plan's tree."""
        return id(node) in self._places

    def memo(self, name: str, compute: Callable[[PlanView], T]) -> T:
        """`compute(self)`, computed once: two dozen rules share one walk, one list of texts, one rollup."""
        if name not in self._memo:
            self._memo[name] = compute(self)
        return self._memo[name]  # type: ignore[no-any-return]


def _by_code(view: PlanView) -> dict[str, AnyNode]:
    found: dict[str, AnyNode] = {}
    for node in view.walk():
        found.setdefault(node.code, node)
    return found
