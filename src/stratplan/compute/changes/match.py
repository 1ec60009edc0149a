"""Pair the nodes of two versions of a goal tree: by code, and by content where a node moved or was renumbered.

1. A node whose code, parent and whole subtree are unchanged is the same node: nothing to report.
2. Among the rest, level by level from the strategic goals down, a subtree whose content (everything but
   the codes and printed numbers) appears exactly once on each side is the same subtree under a new code:
   *moved* when its parent changed, *renumbered* when only its code did. Its descendants go with it.
3. Among the rest, nodes with the same code and level are the same node, edited in place.
4. What is left was removed (base only) or added (head only).
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field

from stratplan.model import CHILD_KEYS, LEVELS, AnyNode
from stratplan.plan.loader import LoadedPlan
from stratplan.plan.view import PlanView

CONTENT_EXCLUDED = {"code", "as_numbered", "schema_version", *CHILD_KEYS}


@dataclass(frozen=True)
class Entry:
    """A node of one side with its key (the code; `code#2` for a repeated code), level, parent and fingerprint."""

    key: str
    node: AnyNode
    level: str
    parent: str
    goal: str
    subtree: str
    children: tuple[str, ...]


@dataclass(frozen=True)
class Pair:
    """A base node and its head counterpart; `kind` is same, moved, renumbered or changed."""

    kind: str
    base: Entry
    head: Entry
    carried: tuple[str, ...] = ()  # head keys of descendants that moved with it


@dataclass
class Matching:
    """The outcome: pairs, and the keys only one side has."""

    pairs: list[Pair] = field(default_factory=list)
    removed: list[Entry] = field(default_factory=list)
    added: list[Entry] = field(default_factory=list)


def own_content(node: AnyNode) -> str:
    """The node's own content, without code, printed number and children, as canonical JSON."""
    data = node.model_dump(mode="json", exclude=CONTENT_EXCLUDED)
    return json.dumps(data, ensure_ascii=False, sort_keys=True)


def _digest(*parts: str) -> str:
    return hashlib.sha256("\0".join(parts).encode("utf-8")).hexdigest()


def flatten(plan: LoadedPlan) -> dict[str, Entry]:
    """Every node of the plan by key, in document order."""
    entries: dict[str, Entry] = {}
    seen: Counter[str] = Counter()
    for goal in plan.view.goals:
        _add(plan.view, goal, "", goal.code, entries, seen)
    return entries


def _add(view: PlanView, node: AnyNode, parent: str, goal: str, entries: dict[str, Entry], seen: Counter[str]) -> Entry:
    seen[node.code] += 1
    key = node.code if seen[node.code] == 1 else f"{node.code}#{seen[node.code]}"
    kids = [_add(view, child, key, goal, entries, seen) for child in view.children(node)]
    level = view.level(node)
    subtree = _digest(level, own_content(node), *[k.subtree for k in kids])
    entry = Entry(key, node, level, parent, goal, subtree, tuple(k.key for k in kids))
    entries[key] = entry
    return entry


def _descendants(entries: dict[str, Entry], key: str) -> Iterator[str]:
    for child in entries[key].children:
        yield child
        yield from _descendants(entries, child)


class _Matcher:
    def __init__(self, base: dict[str, Entry], head: dict[str, Entry]) -> None:
        self.base, self.head = base, head
        self.free_base = dict.fromkeys(base)
        self.free_head = dict.fromkeys(head)
        self.result = Matching()

    def pair(self, kind: str, base_key: str, head_key: str, carried: tuple[str, ...] = ()) -> None:
        del self.free_base[base_key], self.free_head[head_key]
        self.result.pairs.append(Pair(kind, self.base[base_key], self.head[head_key], carried))

    def unchanged(self) -> None:
        for key in list(self.free_base):
            mine, theirs = self.base[key], self.head.get(key)
            if theirs is not None and key in self.free_head and theirs.subtree == mine.subtree \
                    and theirs.parent == mine.parent:
                self.pair("same", key, key)

    def by_content(self) -> None:
        for level in LEVELS:
            base_keys = self._unique(self.base, self.free_base, level)
            head_keys = self._unique(self.head, self.free_head, level)
            for subtree, base_key in base_keys.items():
                head_key = head_keys.get(subtree)
                if head_key is not None and self._whole(base_key, head_key):
                    self._pair_subtree(base_key, head_key)

    def _unique(self, entries: dict[str, Entry], free: dict[str, None], level: str) -> dict[str, str]:
        counts = Counter(entries[k].subtree for k in free if entries[k].level == level)
        return {entries[k].subtree: k for k in free if entries[k].level == level and counts[entries[k].subtree] == 1}

    def _whole(self, base_key: str, head_key: str) -> bool:
        """True when neither subtree has a descendant paired already."""
        return all(k in self.free_base for k in _descendants(self.base, base_key)) and \
            all(k in self.free_head for k in _descendants(self.head, head_key))

    def _pair_subtree(self, base_key: str, head_key: str) -> None:
        base_entry, head_entry = self.base[base_key], self.head[head_key]
        kind = "renumbered" if base_entry.parent == head_entry.parent else "moved"
        carried = tuple(_descendants(self.head, head_key))
        self.pair(kind, base_key, head_key, carried)
        for mine, theirs in zip(_descendants(self.base, base_key), carried, strict=True):
            self.pair("same", mine, theirs)

    def by_code(self) -> None:
        for key in list(self.free_base):
            theirs = self.head.get(key)
            if theirs is not None and key in self.free_head and theirs.level == self.base[key].level:
                self.pair("changed", key, key)

    def finish(self) -> Matching:
        self.result.removed = [self.base[k] for k in self.free_base]
        self.result.added = [self.head[k] for k in self.free_head]
        return self.result


def match(base: dict[str, Entry], head: dict[str, Entry]) -> Matching:
    """Pair the nodes of two flattened trees (see the module docstring for the order of the passes)."""
    matcher = _Matcher(base, head)
    matcher.unchanged()
    matcher.by_content()
    matcher.by_code()
    return matcher.finish()
