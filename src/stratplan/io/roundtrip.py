"""ruamel.yaml's round-trip mode, kept to this module: load a file into an editable tree and dump it back.

The tree holds mappings (dict subclasses that keep key order and comments), sequences (list subclasses)
and scalars. Text keeps its quoting style; numbers, dates, booleans and nulls keep their exact source
text, so dumping never reformats digits. The dump uses two-space indentation with sequences indented under
their key (`  - item`), aligns nested sequences as `- - item`, never wraps lines and writes LF line ends.
Importing this module imports ruamel.yaml: import it lazily where start-up time matters.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from typing import Any, Literal

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap
from ruamel.yaml.constructor import RoundTripConstructor
from ruamel.yaml.emitter import Emitter
from ruamel.yaml.error import YAMLError
from ruamel.yaml.nodes import ScalarNode
from ruamel.yaml.representer import RoundTripRepresenter
from ruamel.yaml.scalarstring import (
    DoubleQuotedScalarString,
    FoldedScalarString,
    LiteralScalarString,
    SingleQuotedScalarString,
)

Style = Literal["plain", "single", "double", "literal", "folded"]

_NO_WRAP = 1 << 30
_CR_BREAK = re.compile(r"\r\n?")
_VERBATIM_TAGS = ("null", "bool", "int", "float", "timestamp")
_FAILURES = (YAMLError, ValueError, TypeError, KeyError, AttributeError, IndexError, RecursionError)


class RoundTripError(Exception):
    """ruamel.yaml could not read or write a document; the message names the underlying error."""


@dataclass(frozen=True)
class Verbatim:
    """A plain non-text scalar (number, date, boolean, null) kept as its exact source text."""

    tag: str
    text: str


def _construct_verbatim(_constructor: RoundTripConstructor, node: ScalarNode) -> Verbatim:
    return Verbatim(str(node.tag), str(node.value))


def _represent_verbatim(representer: RoundTripRepresenter, data: Verbatim) -> Any:
    return representer.represent_scalar(data.tag, data.text, style=None)


class _Constructor(RoundTripConstructor):
    """Round-trip constructor that keeps the text of numbers, dates, booleans and nulls: never reformat digits."""


class _Representer(RoundTripRepresenter):
    """Round-trip representer that writes Verbatim scalars as they were read."""


for _tag in _VERBATIM_TAGS:
    _Constructor.add_constructor(f"tag:yaml.org,2002:{_tag}", _construct_verbatim)
_Representer.add_representer(Verbatim, _represent_verbatim)


class _Emitter(Emitter):
    """Writes a block sequence inside a sequence as `- - item` with the inner dashes aligned (ruamel: `-   - item`)."""

    def expect_block_sequence(self) -> None:
        if self.mapping_context or self.indent is None:
            super().expect_block_sequence()
            return
        self.increase_indent(flow=False, sequence=True)
        self.indent = (self.indent or 0) - (self.best_sequence_indent - 2)
        self.state = self._expect_first_nested_item

    def _expect_first_nested_item(self) -> None:
        if self.event.comment and self.event.comment[1]:  # a comment line before it: start on a new line
            self.expect_block_sequence_item(first=True)
            return
        self.write_indicator("-", True, indention=True)
        self.states.append(self.expect_block_sequence_item)
        self.expect_node(sequence=True)


def _round_trip_yaml() -> YAML:
    yaml = YAML(typ="rt", pure=True)
    yaml.Constructor = _Constructor
    yaml.Representer = _Representer
    yaml.Emitter = _Emitter
    yaml.preserve_quotes = True
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.width = _NO_WRAP
    return yaml


def load_round_trip(text: str) -> Any:
    """The editable tree of a YAML document; RoundTripError when ruamel.yaml cannot read it."""
    try:
        # YAML reads CRLF and CR as LF; ruamel would keep the CRs in comments
        return _round_trip_yaml().load(_CR_BREAK.sub("\n", text))
    except _FAILURES as exc:
        raise RoundTripError(f"{type(exc).__name__}: {exc}") from exc


def dump_round_trip(tree: Any) -> str:
    """The text of a tree made by load_round_trip (and edited); RoundTripError when ruamel.yaml cannot write it."""
    stream = io.StringIO()
    try:
        _round_trip_yaml().dump(tree, stream)
    except _FAILURES as exc:
        raise RoundTripError(f"{type(exc).__name__}: {exc}") from exc
    return stream.getvalue()


def reorder(mapping: dict[Any, Any], keys: list[Any]) -> None:
    """Put a round-trip mapping's keys in the given order (all of its keys), each with its comments."""
    if not isinstance(mapping, CommentedMap):
        raise TypeError(f"not a round-trip mapping: {type(mapping).__name__}")
    if keys != list(mapping):
        for key in keys:
            mapping.move_to_end(key)


_STYLES: tuple[tuple[type[str], Style], ...] = (
    (DoubleQuotedScalarString, "double"), (SingleQuotedScalarString, "single"),
    (LiteralScalarString, "literal"), (FoldedScalarString, "folded"))


def style(text: str) -> Style:
    """How a text scalar of a round-trip tree was written."""
    return next((name for kind, name in _STYLES if isinstance(text, kind)), "plain")


def double_quoted(text: str) -> str:
    """Text that dumps double-quoted."""
    quoted: str = DoubleQuotedScalarString(str(text))
    return quoted
