"""Mapping keys and plain scalars in the YAML builder: text keys are checked for duplicates against the mapping
itself, other keys by type and value, and both parser paths agree on every case."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from stratplan.core.diagnostics import StratplanError
from stratplan.io import yamlio

PARSERS = [yamlio.parse_text, yamlio.parse_text_reference]


def _load(parse: Any, text: str) -> Any:
    try:
        return parse(text, "f.yaml").data
    except StratplanError as exc:
        return [(d.code, d.message, d.location.line, d.location.col) for d in exc.diagnostics]


@pytest.mark.parametrize(("text", "expected"), [
    ("1: a\n'1': b\n", {1: "a", "1": "b"}),  # a number and a text key are different keys
    ("1: a\ntrue: b\n", {1: "b"}),  # different YAML keys, equal as Python keys: not a duplicate
    ("1.5: a\n'1.5': b\n", [("LD108", "duplicate key '1.5' in this mapping", 2, 1)]),  # a decimal key is text
    ("~: a\nnull: b\n", [("LD108", "duplicate key None in this mapping", 2, 1)]),
    ("2022: a\n0x7E6: b\n", [("LD108", "duplicate key 2022 in this mapping", 2, 1)]),
    ("a: 1\nb: {a: 2}\nb: 3\n", [("LD108", "duplicate key 'b' in this mapping", 3, 1)]),
    ("? [a]\n: b\n", [("LD112", "a mapping key must be a plain value, not a mapping or list", 1, 3)]),
])
def test_mapping_keys(text: str, expected: Any) -> None:
    for parse in PARSERS:
        assert _load(parse, text) == expected, parse.__name__


@pytest.mark.parametrize(("plain", "expected"), [
    ("Розвиток громади", "Розвиток громади"), ("nothing", "nothing"), ("true", True), ("False", False),
    ("~", None), ("Null", None), ("12abc", "12abc"), ("-3", -3), ("+1", 1), (".5", Decimal("0.5")),
    ("0o17", 15), ("0x1F", 31), ("1e3", Decimal("1E+3")), ("0x", "0x"), ("-x", "-x"), ("...x", "...x"),
])
def test_plain_scalars(plain: str, expected: Any) -> None:
    for parse in PARSERS:
        value = _load(parse, f"v: {plain}\n")["v"]
        assert (type(value), value) == (type(expected), expected), parse.__name__


@pytest.mark.parametrize("text", ["a: 1\nb: 2\n", "a: 1\r\nb: 2\r\n", "a: 1\rb: 2\r", "a: 1\n\n\nb: 2", "", "x",
                                  "a: 1\r\n\nb: 2\r", "заголовок: «текст»\nb: 2\n"])
def test_a_position_is_the_line_and_column_of_its_offset(text: str) -> None:
    """`pos_at` against counting by hand (CRLF, CR and LF are line breaks), at every offset of the text."""
    from stratplan.io.yamlio import LoadedYaml

    loaded = LoadedYaml(file="f.yaml", text=text, data=None)
    line, column = 1, 1
    for index in range(len(text) + 1):
        assert (loaded.pos_at(index).line, loaded.pos_at(index).col) == (line, column), index
        char = text[index: index + 1]
        if char == "\n" or (char == "\r" and text[index + 1: index + 2] != "\n"):
            line, column = line + 1, 1
        else:
            column += 1
