"""io.roundtrip: ruamel.yaml's round trip behind a small interface (load, dump, reorder, quoting styles)."""

from __future__ import annotations

import pytest

from stratplan.io.roundtrip import RoundTripError, double_quoted, dump_round_trip, load_round_trip, reorder, style


def test_numbers_dates_booleans_and_nulls_come_back_as_written() -> None:
    text = "a: 010.50  # kept\nb: [+30, 0x1F, 1e3, ~, True, 2021-01-05]\n"
    assert dump_round_trip(load_round_trip(text)) == text


def test_line_ends_become_lf() -> None:
    assert dump_round_trip(load_round_trip("a: 1  # one\r\nb: 2\rc: 3\r\n")) == "a: 1  # one\nb: 2\nc: 3\n"


def test_sequences_are_indented_under_their_key_and_nested_ones_aligned() -> None:
    assert dump_round_trip(load_round_trip("a:\n- - x\n  - y\n- z\n")) == "a:\n  - - x\n    - y\n  - z\n"


def test_reorder_moves_each_key_with_its_comment() -> None:
    tree = load_round_trip("b: 2  # about b\na: 1  # about a\n")
    reorder(tree, ["a", "b"])
    assert dump_round_trip(tree) == "a: 1  # about a\nb: 2  # about b\n"


def test_reorder_refuses_a_plain_dict() -> None:
    with pytest.raises(TypeError, match="not a round-trip mapping: dict"):
        reorder({"a": 1}, ["a"])


def test_styles_and_double_quoting() -> None:
    tree = load_round_trip("p: x\ns: 'x'\nd: \"x\"\nl: |\n  x\nf: >\n  x\n")
    assert {key: style(value) for key, value in tree.items()} == {
        "p": "plain", "s": "single", "d": "double", "l": "literal", "f": "folded"}
    tree["s"] = double_quoted(tree["s"])
    assert style(tree["s"]) == "double"
    assert dump_round_trip(tree).split("\n")[1] == 's: "x"'


def test_unreadable_text_raises_round_trip_error_naming_the_cause() -> None:
    with pytest.raises(RoundTripError, match=r"^ScannerError: while scanning a quoted scalar"):
        load_round_trip("a: 'open\n")
