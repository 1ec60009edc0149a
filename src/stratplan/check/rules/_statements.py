"""What the statement rules (XS) share: how titles are compared, how a printed number is read, and where the
entries of statements.yaml are."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from difflib import SequenceMatcher
from functools import lru_cache
from typing import Literal

from stratplan.model import AnyNode, Level
from stratplan.model.statements import Column, Row, StatementsFile
from stratplan.plan.view import PlanView

_QUOTES = str.maketrans({**{c: '"' for c in "«»“”„‟\""}, **{c: "'" for c in "’‘`ʼ'"}})
_QUOTE = re.compile("[«»“”„‟\"’‘`ʼ']")
"""Any character of _QUOTES: `str.translate` looks each character up in a dict, so a title is searched first."""
_SPACE_BEFORE = re.compile(r"\s+([,.;:)])")
_SPACE_AFTER = re.compile(r"([(])\s+")
_WORD = re.compile(r"\w+")
TYPO_DISTANCE = 2  # letters that may differ between two long words that are the same word misspelt
TYPO_MIN_LENGTH = 5  # shorter words are different words however few letters differ

Difference = Literal["same", "form", "wording"]


@lru_cache(maxsize=16384)  # a plan states a title in several sections, and two rules compare each
def tidy(text: str) -> str:
    """A title as compared: Unicode NFC, one space between words, none before `,.;:)` or after `(`, one kind of
    double and of single quote, no final period, semicolon, comma or colon, the first letter in lower case (a
    list item in running text starts lower case)."""
    normal = unicodedata.normalize("NFC", text)
    tidied = " ".join((normal.translate(_QUOTES) if _QUOTE.search(normal) else normal).split())
    tidied = _SPACE_AFTER.sub(r"\1", _SPACE_BEFORE.sub(r"\1", tidied)).rstrip(" .;,:")
    return tidied[:1].lower() + tidied[1:]


def _words(text: str) -> list[str]:
    return _WORD.findall(unicodedata.normalize("NFC", text).casefold())


def _distance(first: str, second: str) -> int:
    """Letters to insert, delete or replace to turn one word into the other (Levenshtein)."""
    previous = list(range(len(second) + 1))
    for i, a in enumerate(first, 1):
        current = [i]
        for j, b in enumerate(second, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a != b)))
        previous = current
    return previous[-1]


def _typo(first: str, second: str) -> bool:
    return min(len(first), len(second)) >= TYPO_MIN_LENGTH and _distance(first, second) <= TYPO_DISTANCE


def _doubled(words: Sequence[str], start: int, end: int) -> bool:
    """The words [start:end] repeat the words right before or right after them."""
    size = end - start
    return list(words[start:end]) in (list(words[start - size:start]), list(words[end:end + size]))


@lru_cache(maxsize=16384)  # XS104 and XS105 ask the same question of every entry
def difference(stated: str, title: str) -> Difference:
    """How a title stated elsewhere differs from the tree's: not at all once tidied (`same`), only in form (words
    glued or split, punctuation, case, a misspelt long word, a doubled word), or in its wording."""
    if tidy(stated) == tidy(title):
        return "same"
    ours, theirs = _words(stated), _words(title)
    if "".join(ours) == "".join(theirs):
        return "form"
    for tag, i1, i2, j1, j2 in SequenceMatcher(a=ours, b=theirs, autojunk=False).get_opcodes():
        if tag == "equal":
            continue
        if tag == "replace" and i2 - i1 == j2 - j1 and all(map(_typo, ours[i1:i2], theirs[j1:j2])):
            continue
        if (tag == "delete" and _doubled(ours, i1, i2)) or (tag == "insert" and _doubled(theirs, j1, j2)):
            continue
        if tag == "replace" and "".join(ours[i1:i2]) == "".join(theirs[j1:j2]):
            continue
        return "wording"
    return "form"


MAX_SHOWN = 3
SNIPPET = 60


def _quoted(words: Sequence[str]) -> str:
    text = " ".join(words)
    return f"«{text if len(text) <= SNIPPET else text[:SNIPPET - 1] + '…'}»"


def shown_difference(stated: str, title: str) -> str:
    """The words that differ, as `«tree's» → «stated»`, `adds «…»`, `leaves out «…»` (at most three changes)."""
    ours, theirs = tidy(stated).split(), tidy(title).split()
    changes = []
    for tag, i1, i2, j1, j2 in SequenceMatcher(a=theirs, b=ours, autojunk=False).get_opcodes():
        if tag == "replace":
            changes.append(f"{_quoted(theirs[i1:i2])} → {_quoted(ours[j1:j2])}")
        elif tag == "insert":
            changes.append(f"adds {_quoted(ours[j1:j2])}")
        elif tag == "delete":
            changes.append(f"leaves out {_quoted(theirs[i1:i2])}")
    more = f" and {len(changes) - MAX_SHOWN} more" if len(changes) > MAX_SHOWN else ""
    return "; ".join(changes[:MAX_SHOWN]) + more


def printed_number(printed: str) -> str:
    """A number as printed, read as a code: spaces and final periods dropped (`2 .` → `2`, `1.1.1.` → `1.1.1`)."""
    return re.sub(r"\s+", "", printed).rstrip(".")


def level_name(level: Level, count: int = 1) -> str:
    """`task`, `operational goals`: a level as words."""
    name = level.replace("_", " ")
    return name if count == 1 else name + "s"


def tree_section_name(statements: StatementsFile) -> str:
    """How messages name the implementation plan: `the tree (7.1)`, or `the tree`."""
    section = statements.tree_section
    return f"the tree ({section.id})" if section is not None else "the tree"


def in_scope(plan: PlanView, level: Level, scope: str | None) -> list[AnyNode]:
    """The nodes of a level, below the scope node (its children at that level), or in the whole tree."""
    nodes = [n for n in plan.walk() if plan.level(n) == level]
    if scope is None:
        return nodes
    top = plan.node(scope)
    return [n for n in nodes if top is not None and any(a is top for a in plan.ancestors(n))]


def _rows_by_node(plan: PlanView) -> dict[str, Row]:
    statements = plan.statements
    return {row.node: row for row in statements.rows} if statements is not None else {}


def printed_row(plan: PlanView, node: AnyNode) -> Row | None:
    """The implementation plan's row of a node as printed, when statements.yaml records it."""
    rows: dict[str, Row] = plan.memo("rows_by_node", _rows_by_node)
    return rows.get(node.code)


def cell_owner(plan: PlanView, node: AnyNode, column: Column) -> AnyNode:
    """The node whose cell of this column a node's row shows: itself, or (for a row that shares the cell) the
    nearest ancestor with a cell of its own."""
    current = node
    while True:
        row = printed_row(plan, current)
        parent = plan.parent(current)
        if parent is None or row is None or column not in row.shared:
            return current
        current = parent
