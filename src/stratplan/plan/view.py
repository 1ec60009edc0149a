"""A read-only view of a plan's content: metadata, catalogs, context, monitoring reports and the goal tree
with each node's parent, level and depth. It holds no file positions: rules and computations name a node
and a field, and only the lint engine turns that into `file:line:col`.

A node's level comes from the plan and the tree, never from the node's type: a top-level node is of the
plan's first used level (`levels:` in plan.yaml; all four when plan.yaml did not load), a child of the
level of the key it sits under (`tasks` → `task`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

from stratplan.model import (
    CHILD_KEYS,
    LEVELS,
    AnyNode,
    ContextFile,
    Executor,
    FundingSource,
    Level,
    PlanFile,
    child_groups,
    children_of,
)
from stratplan.model.statements import StatementsFile

if TYPE_CHECKING:
    from stratplan.model.monitoring import MonitoringFile  # built only when a plan has reports (plan.loader)

T = TypeVar("T")
DISPLAY_PREFIX = {"strategic_goal": "SG"}
"""How a top-level node's path starts for people: `SG1 › 1.2` in a plan of strategic goals, `1 › 1.2` otherwise."""


@dataclass(frozen=True)
class _Place:
    parent: AnyNode | None
    level: Level
    depth: int
    file: str
    display: str
    key: str


class PlanView:
    """What a plan says, as validated models, with the tree's shape precomputed once."""

    def __init__(self, meta: PlanFile | None, goals: Sequence[AnyNode], *, context: ContextFile | None = None,
                 monitoring: Mapping[str, MonitoringFile] | None = None, goal_files: Sequence[str] = (),
                 complete: bool = True, folder_name: str = "", statements: StatementsFile | None = None) -> None:
        self.meta = meta
        self.goals: tuple[AnyNode, ...] = tuple(goals)
        """The top-level nodes (strategic goals in a strategy; directions, tasks or measures in a programme)."""
        self.used_levels: tuple[Level, ...] = meta.levels.used if meta is not None else LEVELS  # type: ignore[assignment]
        """The levels the document uses, top-down (all four when plan.yaml did not load)."""
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

    def _index(self, goal: AnyNode, file: str) -> None:
        top = self.top_level
        stack: list[tuple[AnyNode, AnyNode | None, int, str, Level, str]] = [
            (goal, None, 0, f"{DISPLAY_PREFIX.get(top, '')}{goal.code}", top, "")]
        while stack:
            node, parent, depth, display, level, key = stack.pop()
            self._places[id(node)] = _Place(parent, level, depth, file, display, key)
            self._order.append(node)
            below = [(child, node, depth + 1, f"{display} › {child.code}", CHILD_KEYS[child_key], child_key)
                     for child_key, kids in child_groups(node) for child in kids]
            stack.extend(reversed(below))

    @property
    def top_level(self) -> Level:
        """The level of the top-level nodes: the first level the document uses."""
        return self.used_levels[0]

    def level_name(self, level: str) -> str:
        """The document's own name of a level (`Напрям`), else the level id in words (`strategic goal`)."""
        name = getattr(self.meta.levels, level, None) if self.meta is not None else None
        return name if isinstance(name, str) else level.replace("_", " ")

    def key(self, node: AnyNode) -> str:
        """The key the node sits under in its parent (`tasks`); empty for a top-level node."""
        return self._places[id(node)].key

    @property
    def slug(self) -> str:
        """The issuer's slug, or the folder name when plan.yaml did not load."""
        return self.meta.issuer.slug if self.meta else self._folder_name

    @property
    def money_unit(self) -> str:
        """The unit of every amount of the plan: `thousand_uah` (the default) or `uah`."""
        return self.meta.document.money_unit if self.meta else "thousand_uah"

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
        """The node's level, e.g. `task`: from where it sits in the tree, never from its type."""
        return self._places[id(node)].level

    def is_leaf(self, node: AnyNode) -> bool:
        """True when the node has no children."""
        return not children_of(node)

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
