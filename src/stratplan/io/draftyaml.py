"""Plan files written from plain data with a comment on each value, through ruamel.yaml's round trip.

`stratplan import` builds each file as mappings, lists and `Sourced` values (a value and where it was read);
`render` writes it in the plans' layout (two-space indentation, codes and text double-quoted, amounts with
their digits as given) with `# where` after each sourced value, so a reviewer can check every value against
the document. A `Flow` mapping (a term) is written on one line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from stratplan.io.roundtrip import Verbatim, double_quoted, dump_round_trip

_TWO_SPACES = re.compile(r'(?m)([^ ]) # ([^"\n]*)$')  # ruamel leaves one space before some comments: always two


@dataclass(frozen=True)
class Sourced:
    """A value and where it came from (`table 1, row 7, column 9`), written as a trailing comment."""

    value: Any
    where: str


@dataclass(frozen=True)
class Flow:
    """A mapping written on one line (`{start: 2021, end: 2022}`)."""

    items: dict[str, Any]


@dataclass(frozen=True)
class Plain:
    """Text written unquoted (`unknown`)."""

    text: str


def render(data: dict[str, Any], header: str = "") -> str:
    """The YAML text of a file: `header` (comment lines without `#`) first, then the data."""
    tree = _node(data)
    text = _TWO_SPACES.sub(r"\1  # \2", dump_round_trip(tree))
    lines = [f"# {line}" if line else "#" for line in header.splitlines()]
    return "\n".join(lines) + ("\n" if lines else "") + text


def _comment(where: str) -> str:
    return where.replace("\n", " ")


def _node(value: Any) -> Any:
    if isinstance(value, Sourced):
        return _node(value.value)
    if isinstance(value, Flow):
        mapping = CommentedMap((key, _node(item)) for key, item in value.items.items())
        mapping.fa.set_flow_style()
        return mapping
    if isinstance(value, dict):
        mapping = CommentedMap()
        for key, item in value.items():
            mapping[key] = _node(item)
            if isinstance(item, Sourced):
                mapping.yaml_add_eol_comment(_comment(item.where), key)
        return mapping
    if isinstance(value, list):
        seq = CommentedSeq(_node(item) for item in value)
        for index, item in enumerate(value):
            if isinstance(item, Sourced):
                seq.yaml_add_eol_comment(_comment(item.where), index)
        return seq
    return _scalar(value)


def _scalar(value: Any) -> Any:
    if isinstance(value, Plain):
        return value.text
    if isinstance(value, bool):
        return Verbatim("tag:yaml.org,2002:bool", "true" if value else "false")
    if isinstance(value, int):
        return Verbatim("tag:yaml.org,2002:int", str(value))
    if isinstance(value, Decimal):
        text = format(value, "f")
        return Verbatim("tag:yaml.org,2002:float" if "." in text else "tag:yaml.org,2002:int", text)
    if isinstance(value, date):
        return Verbatim("tag:yaml.org,2002:timestamp", value.isoformat())
    if isinstance(value, str):
        return double_quoted(value)
    if value is None:
        return Verbatim("tag:yaml.org,2002:null", "null")
    raise TypeError(f"cannot write {type(value).__name__} to a plan file")
