"""io.comments: which text is a comment, and which line each comment covers."""

from __future__ import annotations

import pytest

from stratplan.io.comments import Comment, comments
from stratplan.io.yamlio import parse_text, parse_text_reference

PARSERS = [parse_text, parse_text_reference]


def _comments(text: str) -> list[tuple[str, int, int, bool, int | None]]:
    found = [comments(parse(text, "f.yaml")) for parse in PARSERS]
    assert found[0] == found[1]  # both parser paths give the same scalar spans, so the same comments
    return [(c.text, c.line, c.col, c.standalone, c.covers) for c in found[0]]


def test_a_trailing_comment_covers_its_own_line() -> None:
    assert _comments("a: 1\nb: 2   # about b   \n") == [("# about b", 2, 8, False, 2)]


def test_a_standalone_comment_covers_the_next_line_with_content() -> None:
    text = "a: 1\n  # about b\n\n# also about b\n   \nb: 2\n"
    assert _comments(text) == [("# about b", 2, 3, True, 6), ("# also about b", 4, 1, True, 6)]


def test_a_standalone_comment_with_nothing_after_it_covers_no_line() -> None:
    assert _comments("a: 1\n# the end\n") == [("# the end", 2, 1, True, None)]
    assert _comments("# only a comment") == [("# only a comment", 1, 1, True, None)]


def test_a_hash_in_a_block_scalar_is_text_and_its_lines_are_content() -> None:
    text = "a: |\n  text\n  # not a comment\n# about b\nb: 1\n"
    assert _comments(text) == [("# about b", 4, 1, True, 5)]
    assert _comments("# about a\na: >-\n  # text\n") == [("# about a", 1, 1, True, 2)]


def test_a_comment_on_a_block_scalar_header_line_is_a_comment() -> None:
    text = "a: |-  # about a\n  # text\nb:\n  - >2  # about the item\n     x\n"
    assert _comments(text) == [("# about a", 1, 8, False, 1), ("# about the item", 4, 9, False, 4)]


def test_a_hash_in_quotes_or_plain_text_is_text() -> None:
    text = "a: '# text'  # one\nb: \"x # y\" # two\nc: C# code # three\nd: [\"#\", x#y]\n"
    assert _comments(text) == [("# one", 1, 14, False, 1), ("# two", 2, 12, False, 2), ("# three", 3, 12, False, 3)]


def test_the_rest_of_the_line_belongs_to_the_first_comment() -> None:
    assert _comments("a: 1  # see # stratplan: x\n") == [("# see # stratplan: x", 1, 7, False, 1)]


def test_a_comment_inside_a_flow_collection() -> None:
    assert _comments("a: [1,  # one\n  # two\n  2]\n") == [("# one", 1, 9, False, 1), ("# two", 2, 3, True, 3)]


@pytest.mark.parametrize("newline", ["\r\n", "\r"])
def test_crlf_and_cr_line_ends_count_lines_as_the_loader_does(newline: str) -> None:
    text = newline.join(["a: 1  # one", "# two", "b: |", "  # text", "c: 2", ""])
    doc = parse_text(text, "f.yaml")
    assert (doc.position(("b",)).line, doc.position(("c",)).line) == (3, 5)
    assert comments(doc) == [Comment("# one", 1, 7, False, 1), Comment("# two", 2, 1, True, 3)]


def test_a_file_without_comments() -> None:
    assert _comments("") == []
    assert _comments("a: 1\n") == []
