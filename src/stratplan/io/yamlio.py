"""The only module that reads YAML: a hardened YAML 1.2 loader that keeps a position map.

It drives ruamel.yaml's parser event by event and builds plain Python data itself, iteratively, so that
tags, anchors, aliases, directives, duplicate keys, deep nesting and huge numbers are refused with a
file:line:col diagnostic instead of being interpreted. Floats become exact `Decimal`.

Two parsers feed the same builder: libyaml's C parser (through PyYAML, when it is built with it) is the
fast path, about 15 times quicker; ruamel.yaml's pure-Python YAML 1.2 parser is the reference. Both yield
the same events with the same marks on plan files, and any file the fast path cannot build cleanly (a
syntax error, a refused construct, a directive) is parsed again by the reference parser, so every
diagnostic comes from the reference path. tests/test_parallel.py holds the two paths to that.

Neither parser is right everywhere, so both paths share what decides between them: directives are refused
before either parser runs (any directive, reserved ones such as `%FOO` too), a stream of nothing but comments
and `...` is empty, and after the build `_check_layout` refuses what one parser accepts wrongly or the two read
differently: a `#` glued to a value (`"a"# x`, `[x]#c`), a comment glued to a block indicator (`>#`), a
continued value or flow collection not indented past its block parent (a flow continuation at column 0), a tab
in indentation or inside unquoted text, `?` and `:` without a space in a flow collection. Tabs YAML 1.2 allows as
separation (`key:\tvalue`, `-\t-1`, a tab on a blank line or after a value) are read on both paths: libyaml
reads them, and where ruamel refuses them the text is read again with those tabs as spaces (the same positions).
tests/test_yaml_suite.py runs the whole yaml-test-suite (402 cases) through both paths.
"""

from __future__ import annotations

import bisect
import importlib
import os
import re
from array import array
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from itertools import accumulate
from typing import TYPE_CHECKING, Any

from stratplan.core.diagnostics import Diagnostic, Location, Severity, StratplanError
from stratplan.core.numbers import decimal_comma_advice

if TYPE_CHECKING:  # ruamel is imported where the reference parser runs: most files never need it
    from ruamel.yaml.error import MarkedYAMLError

MAX_BYTES = 5 * 1024 * 1024
MAX_DEPTH = 64
MAX_NODES = 500_000
MAX_NUMBER_CHARS = 64

PathKey = str | int
DataPath = tuple[PathKey, ...]

_NULL = re.compile(r"^(?:~|null|Null|NULL|)$")
_BOOL = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_INT = re.compile(r"^[-+]?[0-9]+$")
_OCT = re.compile(r"^0o[0-7]+$")
_HEX = re.compile(r"^0x[0-9a-fA-F]+$")
_FLOAT = re.compile(r"^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$")
_SPECIAL_FLOAT = re.compile(r"^(?:[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$")
_NUMBERS: tuple[tuple[re.Pattern[str], Callable[[str], Any]], ...] = (  # _INT before _FLOAT: both accept "12"
    (_INT, int), (_FLOAT, Decimal), (_OCT, lambda v: int(v[2:], 8)), (_HEX, lambda v: int(v[2:], 16)))
_NUMBER_FIRST = frozenset("+-.0123456789")
"""Every first character of a number (_INT, _FLOAT, _OCT, _HEX and _SPECIAL_FLOAT): nothing else is one."""
_NULL_OR_BOOL_FIRST = frozenset({"", "~", "n", "N", "t", "T", "f", "F", "\n"})
"""Every first character (or none) of a null or a bool: a plain scalar starting otherwise, and not as a number, is
text. ("\n" because the `$` of _NULL also matches before a final line break.)"""


_RESOLVED_FIRST = _NUMBER_FIRST | _NULL_OR_BOOL_FIRST
"""First characters (or none) of a plain scalar `resolve_plain` must look at: a number, a null, a bool or a lone
'-'. Any other plain scalar is text as written."""

_CORE_TAG = "tag:yaml.org,2002:"
_DIRECTIVE = re.compile(r"(?:\A|(?<=[\r\n]))%")
_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_UNSAFE_BREAK = re.compile("[\x85\u2028\u2029]")


def _c_parser() -> Any:
    """libyaml's event parser from PyYAML, or None (not installed, built without libyaml, or switched off)."""
    if os.environ.get("STRATPLAN_PURE_YAML"):
        return None
    try:
        libyaml = importlib.import_module("yaml._yaml")
    except ImportError:  # pragma: no cover - PyYAML without libyaml: the reference parser does everything
        return None
    return getattr(libyaml, "CParser", None)


_C_PARSER = _c_parser()


@dataclass(slots=True)  # not frozen: one is made per YAML node, and a frozen one costs three times as much to make
class Pos:
    """A 1-based position and the character offset it came from."""

    line: int
    col: int
    index: int = 0


@dataclass
class LoadedYaml:
    """Data of one YAML file with the position of every key and value, by data path.

    Positions are kept as character offsets into `text` (one int per node; a file of 100,000 nodes would otherwise
    hold 100,000 Pos objects) and turned into lines and columns when asked: both parsers' marks are these offsets'
    lines and columns (tests/test_parallel.py checks it on every file it parses)."""

    file: str
    text: str
    data: Any
    values: dict[DataPath, int] = field(default_factory=dict)
    """Where each node starts, by data path: a character offset into `text`."""
    keys: dict[DataPath, int] = field(default_factory=dict)
    """Where the key of each mapping entry starts, by the entry's data path."""
    span_starts: array[int] = field(default_factory=lambda: array("q"))
    span_ends: array[int] = field(default_factory=lambda: array("q"))
    """Where each scalar starts and ends (character offsets), in file order."""
    _line_starts: array[int] | None = field(default=None, repr=False, compare=False)

    @property
    def scalar_spans(self) -> list[tuple[int, int]]:
        """(start, end) of every scalar, in file order."""
        return list(zip(self.span_starts, self.span_ends, strict=True))

    def pos_at(self, index: int) -> Pos:
        """The line and column of a character offset (line breaks: CRLF, CR, LF, as the parsers count them)."""
        starts = self._line_starts
        if starts is None:
            starts = self._line_starts = _line_starts(self.text)
        line = bisect.bisect_right(starts, index)
        return Pos(line, index - starts[line - 1] + 1, index)

    def position(self, path: DataPath, *, key: bool = False) -> Pos:
        """Position of the longest known prefix of `path` (key position when asked and known)."""
        for end in range(len(path), -1, -1):
            prefix = path[:end]
            if key and prefix in self.keys:
                return self.pos_at(self.keys[prefix])
            if prefix in self.values:
                return self.pos_at(self.values[prefix])
        return Pos(1, 1)

    def location(self, path: DataPath, *, key: bool = False) -> Location:
        """File location of a data path."""
        pos = self.position(path, key=key)
        return Location(self.file, pos.line, pos.col)


def _line_starts(text: str) -> array[int]:
    """Where each line of the text starts (line breaks: CRLF, CR, LF). Without a CR, from the lengths of the lines
    (all in C: a tenth of the time of matching every break, which a file with a finding pays once)."""
    if "\r" in text:
        return array("q", [0, *(brk.end() for brk in _LINE_BREAK.finditer(text))])
    starts = array("q", [0])
    starts.extend(accumulate(map((1).__add__, map(len, text.split("\n")[:-1]))))
    return starts


def _diag(code: str, file: str, pos: Pos, message: str, hint: str = "") -> Diagnostic:
    return Diagnostic(code, message, Severity.ERROR, Location(file, pos.line, pos.col), hint=hint)


def _fail(code: str, file: str, pos: Pos, message: str, hint: str = "") -> StratplanError:
    return StratplanError([_diag(code, file, pos, message, hint)])


def _pos_of_offset(text: str, offset: int) -> Pos:
    """1-based position of a character offset; CRLF, CR and LF are line breaks, as in YAML 1.2."""
    line, start = 1, 0
    for brk in _LINE_BREAK.finditer(text, 0, offset):
        line, start = line + 1, brk.end()
    return Pos(line, offset - start + 1, offset)


def decode(raw: bytes, file: str) -> str:
    """UTF-8 text (BOM allowed); anything else is refused with the byte position."""
    if len(raw) > MAX_BYTES:
        raise _fail("LD102", file, Pos(0, 0), f"file is {len(raw)} bytes, over the {MAX_BYTES}-byte limit",
                    "split the plan into smaller files")
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise _fail("LD101", file, Pos(1, 1), "file is UTF-16 encoded; plans must be UTF-8",
                    "re-save the file as UTF-8")
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        good = raw[: exc.start].decode("utf-8", errors="replace")
        pos = _pos_of_offset(good, len(good))
        raise _fail("LD101", file, pos, f"not valid UTF-8 at byte {exc.start} (0x{raw[exc.start]:02x})",
                    "re-save the file as UTF-8") from None
    nul = text.find("\x00")
    if nul >= 0:
        raise _fail("LD113", file, _pos_of_offset(text, nul), "file contains a NUL byte: it is binary, not YAML")
    odd = ("\x85" in text or "\u2028" in text or "\u2029" in text) and _UNSAFE_BREAK.search(text)  # `in` is quicker
    if odd:
        raise _fail("LD103", file, _pos_of_offset(text, odd.start()),
                    f"U+{ord(odd.group()):04X} is not a line break in YAML 1.2, but some parsers and editors treat it as one",
                    "use ordinary line breaks (LF) and remove the character")
    return text


def _mark_pos(mark: Any) -> Pos:
    if mark is None:
        return Pos(1, 1)
    return Pos(int(mark.line) + 1, int(mark.column) + 1, int(getattr(mark, "index", 0) or 0))


def resolve_plain(value: str, file: str, mark: Any) -> Any:
    """Resolve a plain scalar by the YAML 1.2 core schema; floats become Decimal. `mark` (the parser's, where the
    scalar starts) places a refusal."""
    first = value[:1]
    if value == "-":
        raise _fail("LD103", file, _mark_pos(mark), "YAML syntax error: a lone '-' is not a value", "quote it: '-', or remove it")
    if first not in _NUMBER_FIRST:
        if first not in _NULL_OR_BOOL_FIRST:
            return value  # most plain scalars are prose: skip the patterns
        return None if _NULL.match(value) else _BOOL.get(value, value)
    for pattern, convert in _NUMBERS:
        if pattern.match(value):
            if len(value) > MAX_NUMBER_CHARS:
                raise _fail("LD111", file, _mark_pos(mark),
                            f"number has {len(value)} characters, over the limit of {MAX_NUMBER_CHARS}",
                            "quote it if it is meant as text")
            try:
                return convert(value)
            except InvalidOperation:  # pragma: no cover - the regex admits only valid decimals
                raise _fail("LD111", file, _mark_pos(mark), f"cannot read number {value!r}") from None
    if _SPECIAL_FLOAT.match(value):
        raise _fail("LD111", file, _mark_pos(mark), f"{value} is not a finite number", "write a finite amount or 'unknown'")
    return value


# Event kinds. Events are told apart by class name: ruamel's and PyYAML's event classes share their names and
# fields; `_kind` remembers each class it has seen so the hot loop pays one dict lookup per event.
_SCALAR, _MAPPING, _SEQUENCE, _END, _DOCUMENT, _ALIAS, _OTHER = range(7)
_KIND_BY_NAME = {"ScalarEvent": _SCALAR, "MappingStartEvent": _MAPPING, "SequenceStartEvent": _SEQUENCE,
                 "MappingEndEvent": _END, "SequenceEndEvent": _END, "DocumentStartEvent": _DOCUMENT, "AliasEvent": _ALIAS}
_KIND_BY_CLASS: dict[type, int] = {}


def _kind(event_class: type) -> int:
    kind = _KIND_BY_CLASS[event_class] = _KIND_BY_NAME.get(event_class.__name__, _OTHER)
    return kind


_NO_KEY: Any = object()
"""The mapping being built waits for a key (the next scalar is a key, not a value)."""

_DIGITS = frozenset("0123456789")
_KEY_WITHOUT_VALUE = re.compile(r"[0-9]+\s*[,}]")
"""An integer key that ends its flow-mapping entry (no ':'): in `{2024: 100,0}` the `0`."""
_WHOLE_PART = re.compile(r"[-+]?[0-9]{1,3}(?:[ \u00a0][0-9]{3})+$|[-+]?[0-9]+$")
"""The whole part before a decimal comma, digit groups included (`10 916` of `10 916,2`)."""


def decimal_comma(text: str, index: int) -> tuple[int, str] | None:
    """Where a number written with a decimal comma starts, and the number, when the integer key at `index` of a
    flow mapping is its decimal part: `{2024: 100,0}` reads as {2024: 100, 0: null}. The comma follows a digit
    directly and the key has no value; `{2024: 100, 2025: 5}` and `{2024: 100,2025: 5}` are not this."""
    if index < 2 or text[index - 1] != "," or text[index - 2] not in _DIGITS:
        return None
    key = _KEY_WITHOUT_VALUE.match(text, index)
    if key is None:
        return None
    line_start = max(text.rfind("\n", 0, index), text.rfind("\r", 0, index)) + 1
    whole = _WHOLE_PART.search(text, line_start, index - 1)
    assert whole is not None  # a digit precedes the comma
    decimals = key.group().rstrip(",} \t\r\n")
    return whole.start(), f"{whole.group()},{decimals}"


class _Mark:
    """A parser mark (0-based line and column, character index) the fast path computes itself."""

    __slots__ = ("column", "index", "line")

    def __init__(self, line: int, column: int, index: int) -> None:
        self.line, self.column, self.index = line, column, index


_BLANKS_AND_COMMENTS = re.compile(r"(?:[ \r\n]+|(?<=[ \r\n])#[^\r\n]*)*")


def _next_token_mark(text: str, mark: Any) -> _Mark:
    """Where ruamel marks an empty block mapping value, from libyaml's mark right after its ':': at the start of
    the next token (the next key, a `-` or the end of the stream), past blanks, line breaks and comments. Raise
    _NeedsReference for what this does not cover (a tab, an explicit `?` key or empty `:` key next, a document
    marker, a `#` glued to the ':'): the reference parser reads those."""
    index = mark.index
    if text[index - 1: index] != ":":
        raise _NeedsReference
    at = _BLANKS_AND_COMMENTS.match(text, index).end()  # type: ignore[union-attr]  # the pattern matches ""
    following = text[at: at + 1]
    if following and (following in "\t#" or (following in "?:" and text[at + 1: at + 2] in ("", " ", "\t", "\r", "\n"))
                      or (text[at: at + 3] in ("---", "...") and text[at - 1: at] in ("\r", "\n"))):
        raise _NeedsReference
    breaks = text.count("\n", index, at) + text.count("\r", index, at) - text.count("\r\n", index, at)
    if not breaks:
        return _Mark(mark.line, mark.column + at - index, at)
    line_start = max(text.rfind("\n", index, at), text.rfind("\r", index, at)) + 1
    return _Mark(mark.line + breaks, at - line_start, at)


class _Builder:
    """Builds data from parser events with an explicit stack; records positions.

    `refuse_empty` is set for libyaml's events: libyaml marks an empty mapping value right after the ':', ruamel
    at the next token. In a block mapping the fast path moves the mark there itself (`_next_token_mark`; blank
    monitoring files, as `monitor init` writes them, are mostly empty values); anywhere else (a flow collection,
    an empty key, an unusual next token) it hands the file to the reference parser.
    """

    def __init__(self, file: str, *, refuse_empty: bool = False, text: str = "") -> None:
        self.file = file
        self.text = text  # the source, for diagnostics that look at how a value was written
        self.refuse_empty = refuse_empty
        self.result = LoadedYaml(file=file, text="", data=None)
        self.documents = 0
        self.directive_pos: Pos | None = None
        self.tabs = "\t" in text
        # What the checks both paths share (`_check_layout`) look at once the events are built:
        self.continued: list[tuple[int, int, int, bool]] = []
        """(start, end, n, flow) of a quoted or plain scalar or a flow collection running over several lines, whose
        nearest block ancestor's entries are at column n (0-based): each later line must be indented past n."""
        self.tabbed: list[tuple[int, int, int, bool, bool]] = []
        """(index, column, n, block collection, block key) of a node whose line has a tab before it (only when the
        text has tabs)."""
        self.blocks: list[int] = []
        """Where each block scalar (`|`, `>`) starts, at its indicator."""
        self.misread: list[int] = []
        """Scalars in a flow collection that libyaml and ruamel misread or read differently: `?x` (an explicit key
        without a space), a plain key ending in ':' (`{omitted value:,}`), a value right after a ':' that follows a space
        (`{"a" :b}`; `{"a":b}` is read alike)."""
        self.styled: list[tuple[int, int]] = []
        """Spans of the quoted and block scalars (only when the text has tabs: a tab there is content)."""
        self.empty_values = 0
        """Empty values the fast path placed itself (where libyaml's mark is moved to where ruamel puts it)."""

    def feed(self, events: Iterable[Any]) -> None:
        """Build the data of the event stream.

        This loop runs once per YAML node of every file (a quarter of a million times for 60 plans), so it is
        written for speed: the container being filled lives in local variables (`container`, `path`,
        `key`...) and the enclosing ones are saved on `stack`; the usual
        case (a new text key, a value placed) is inline and every refusal goes to a helper that raises.
        """
        result = self.result
        values, keys, span_start, span_end = result.values, result.keys, result.span_starts.append, result.span_ends.append
        file, refuse_empty, kind_by_class, resolved_first = self.file, self.refuse_empty, _KIND_BY_CLASS, _RESOLVED_FIRST
        text, tabs, continued, blocks = self.text, self.tabs, self.continued.append, self.blocks.append
        stack: list[tuple[Any, DataPath, bool, Any, int, set[Any] | None, int, bool, int, int]] = []
        container: Any = None  # None: the document's top value comes next
        path: DataPath = ()
        is_list = False
        key: Any = _NO_KEY  # in a mapping: the key whose value comes next
        key_at = 0  # where the key whose value comes next starts
        seen: set[Any] | None = None  # non-text keys of the mapping, by type (text keys are looked up in it)
        block_col = -1  # the column of the nearest block collection's entries (-1: none, the top level)
        flow = False  # the container is a flow collection ([...], {...})
        start, start_line = 0, 0  # where the container starts
        nodes = 0
        for event in events:
            kind = kind_by_class.get(type(event))
            if kind is None:
                kind = _kind(type(event))
            if kind <= _SEQUENCE:
                mark = event.start_mark
                at = mark.index
                nodes += 1
                if nodes > MAX_NODES or event.anchor is not None or event.tag is not None:
                    self._refuse_node(event, _mark_pos(mark), nodes)
                if kind == _SCALAR:
                    value = event.value
                    style = event.style
                    if not style and value[:1] in resolved_first:  # else prose, which resolves to itself
                        value = resolve_plain(value, file, mark)
                    end_mark = event.end_mark
                    end = end_mark.index
                    if end == at and refuse_empty:  # an empty value: libyaml marks it elsewhere than ruamel
                        if flow or container is None or (not is_list and key is _NO_KEY):
                            raise _NeedsReference
                        if not is_list:  # ruamel marks an empty mapping value at the next token
                            mark = end_mark = _next_token_mark(text, mark)
                            at = end = mark.index
                        self.empty_values += 1
                    span_start(at)
                    span_end(end)
                    if tabs and style:
                        self.styled.append((at, end))
                    if style and style in "|>":
                        blocks(at)
                    elif end_mark.line != mark.line and block_col >= 0:
                        continued((at, end, block_col, False))
                    # in a flow collection, the cheap test first: most scalars there follow ' ', '{' or '['
                    if flow and (text[at - 1: at] in ("?", ":") or (not style and event.value[-1:] == ":")) \
                            and event.value and self._misread(event.value, style, at, start):
                        self.misread.append(at)
                else:
                    value = {} if kind == _MAPPING else []
                if tabs and "\t" in text[at - mark.column: at]:
                    self.tabbed.append((at, mark.column, block_col, kind != _SCALAR and not event.flow_style,
                                        key is _NO_KEY and not is_list and not flow and container is not None))
                # Place the node: the top value, a list item, a mapping key or a mapping value.
                if container is None:
                    child: DataPath = ()
                    result.data = value
                    values[child] = at
                elif is_list:
                    child = (*path, len(container))
                    container.append(value)
                    values[child] = at
                elif key is _NO_KEY:
                    if kind == _SCALAR and type(value) is str and value not in container:
                        key, key_at = value, at  # the usual key: text not used before in this mapping
                    else:
                        key, key_at = self._key(value, _mark_pos(mark), container, seen), at
                    continue
                else:
                    child = (*path, key)
                    container[key] = value
                    values[child] = at
                    keys[child] = key_at
                    key = _NO_KEY
                if kind != _SCALAR:
                    if len(stack) >= MAX_DEPTH:
                        raise _fail("LD109", file, _mark_pos(mark), f"nesting deeper than {MAX_DEPTH} levels",
                                    "flatten the structure; plan files are at most a few levels deep")
                    stack.append((container, path, is_list, key, key_at, seen, block_col, flow, start, start_line))
                    container, path, is_list, key = value, child, kind == _SEQUENCE, _NO_KEY
                    seen = None if is_list else set()
                    flow, start, start_line = bool(event.flow_style), at, mark.line
                    if not flow:
                        block_col = mark.column
            elif kind == _END:
                if flow and block_col >= 0 and event.start_mark.line != start_line:
                    continued((start, event.start_mark.index + 1, block_col, True))
                container, path, is_list, key, key_at, seen, block_col, flow, start, start_line = stack.pop()
            elif kind == _DOCUMENT:
                self._document_start(event)
            elif kind == _ALIAS:
                raise _fail("LD106", file, _mark_pos(event.start_mark), f"alias *{event.anchor} is not allowed",
                            "write the value out in full; plans do not use anchors or aliases")

    def _misread(self, value: str, style: str | None, index: int, start: int) -> bool:
        """Whether a scalar in a flow collection (starting at `start`) is written in a way libyaml and ruamel read
        differently, or both misread (see `misread`)."""
        text = self.text
        before = text[index - 1: index]
        if (not style and value[-1] == ":") or before == "?":
            return True
        # a value right after ':': `{"a":b}` both read alike, but not `{"a" :b}`, nor `["a":b]` (a pair in a sequence)
        return before == ":" and (text[index - 2: index - 1] in (" ", "\t", "\r", "\n") or text[start: start + 1] != "{")

    def _document_start(self, event: Any) -> None:
        pos = _mark_pos(event.start_mark)
        self.documents += 1
        if self.documents > 1:
            raise _fail("LD107", self.file, pos, "a plan file holds one YAML document; found a second one",
                        "remove the '---' separator or split the file")
        if getattr(event, "version", None) or getattr(event, "tags", None):
            pos = self.directive_pos or pos
            raise _fail("LD104", self.file, pos, "YAML directives (%YAML, %TAG) are not allowed",
                        "delete the directive line; plans are YAML 1.2")

    def _refuse_node(self, event: Any, pos: Pos, nodes: int) -> None:
        """Raise the diagnostic for a node over the node limit, with an anchor, or with a tag."""
        if nodes > MAX_NODES:
            raise _fail("LD110", self.file, pos, f"more than {MAX_NODES} YAML nodes in one file")
        if event.anchor is not None:
            raise _fail("LD106", self.file, pos, f"anchor &{event.anchor} is not allowed",
                        "write the value out in full; plans do not use anchors or aliases")
        tag = event.tag
        shown = "!!" + tag[len(_CORE_TAG):] if tag.startswith(_CORE_TAG) else tag
        raise _fail("LD105", self.file, pos, f"tag {shown} is not allowed", "remove the tag; types come from the schema")

    def _key(self, key: Any, pos: Pos, mapping: dict[Any, Any], seen: set[Any] | None) -> Any:
        """A mapping key that is not new text: refuse collections and duplicates; a Decimal key becomes text."""
        if isinstance(key, (dict, list)):
            raise _fail("LD112", self.file, pos, "a mapping key must be a plain value, not a mapping or list")
        if isinstance(key, Decimal):
            key = str(key)
        if type(key) is int:
            self._refuse_decimal_comma(pos)
        if isinstance(key, str):
            duplicate = key in mapping
        else:  # 1 and true are equal as dict keys but different keys in YAML: compare them with their type
            assert seen is not None
            hashable = (type(key).__name__, key)
            duplicate = hashable in seen
            seen.add(hashable)
        if duplicate:
            raise _fail("LD108", self.file, pos, f"duplicate key {key!r} in this mapping",
                        "keep one of the two entries")
        return key

    def _refuse_decimal_comma(self, pos: Pos) -> None:
        """Refuse an integer key that is the decimal part of an amount written with a comma, at the amount."""
        found = decimal_comma(self.text, pos.index)
        if found is not None:
            start, number = found
            whole, decimals = number.split(",")
            raise _fail("LD117", self.file, Pos(pos.line, pos.col - (pos.index - start), start),
                        f"{number} has a decimal comma, which YAML reads as {whole} and a key {decimals}; "
                        f"{decimal_comma_advice(number)}")


def _syntax_error(exc: MarkedYAMLError, file: str) -> StratplanError:
    mark = exc.problem_mark or exc.context_mark
    problem_text = exc.problem or ""
    if exc.context_mark is not None and ("end of stream" in problem_text or "<stream end>" in problem_text):
        mark = exc.context_mark  # an unclosed quote or bracket: point at where it opens, not at the end of the file
    pos = _mark_pos(mark)
    problem = exc.problem or str(exc).splitlines()[0]
    context = f" ({exc.context})" if exc.context else ""
    tabbed = "\\t" in problem or "\t" in problem or "tab" in problem
    hint = "YAML forbids tabs for indentation; use spaces" if tabbed else "check the indentation and quoting around this position"
    return _fail("LD103", file, pos, f"YAML syntax error: {problem}{context}", hint)


_FLOW_BOMB = re.compile(r"[\[{](?:[ \t\r\n]*[\[{]){" + str(2 * MAX_DEPTH) + "}")


def _refuse_flow_bomb(text: str, file: str) -> None:
    """Refuse a long run of directly nested flow openers by parsing only the text up to it.

    ruamel's scanner keeps a possible simple key per open flow collection and rescans them for every
    token, so a run of thousands of `[` costs a second before the depth limit is reached. The prefix
    holds more openers than the limit, so the ordinary depth check fails on it, at the same position
    and with the same message as on the whole text.
    """
    if text.count("[") + text.count("{") <= 2 * MAX_DEPTH:
        return  # too few openers for the pattern; counting is much quicker than searching
    match = _FLOW_BOMB.search(text)
    if match:
        from ruamel.yaml import YAML
        from ruamel.yaml.error import YAMLError

        builder = _Builder(file, text=text[: match.end()])
        try:
            builder.feed(YAML(typ="safe", pure=True).parse(text[: match.end()]))
        except StratplanError:
            raise
        except (YAMLError, RecursionError, ValueError, AssertionError, KeyError, TypeError, IndexError):
            pass
        raise _fail("LD109", file, _pos_of_offset(text, match.start()), f"nesting deeper than {MAX_DEPTH} levels",
                    "flatten the structure; plan files are at most a few levels deep")


def _prescan(text: str, file: str) -> bool:
    """Refuse a directive at the start of the stream, any directive (`%YAML`, `%TAG`, a reserved `%FOO`), before
    either parser sees it; True when the stream holds nothing but comments, blank lines and document end markers
    (`...`): an empty file, which one parser would refuse and the other accept."""
    start, line, size = 0, 1, len(text)
    while start < size:
        brk = _LINE_BREAK.search(text, start)
        stop = brk.start() if brk else size
        content = text[start:stop]
        stripped = content.lstrip(" \t")
        if stripped and not stripped.startswith("#"):
            if content.startswith("%"):
                raise _fail("LD104", file, Pos(line, 1, start), "YAML directives (%YAML, %TAG and reserved ones such as "
                            "%FOO) are not allowed", "delete the directive line; plans are YAML 1.2")
            if not (content == "..." or content.startswith(("... ", "...\t"))):
                return False
        line, start = line + 1, brk.end() if brk else size
    return True


def parse_text(text: str, file: str) -> LoadedYaml:
    """Parse YAML text into data and positions; raise StratplanError, never anything else."""
    _refuse_flow_bomb(text, file)
    if _prescan(text, file):
        return LoadedYaml(file=file, text=text, data=None)
    # The same test as `_DIRECTIVE.search(text) is None`, at a fraction of the cost of the regex on a long text.
    directive = text.startswith("%") or "\n%" in text or "\r%" in text
    if not directive and _C_PARSER is not None:
        fast = parse_text_fast(text, file)
        if fast is not None:
            return fast
    return parse_text_reference(text, file)


class _NeedsReference(Exception):
    """The fast path met something whose marks libyaml places differently: parse with the reference."""


_LEADING_BLANK_IN_BLOCK = re.compile(r"[|>][0-9+-]*[ \t]*(?:#[^\r\n]*)?(?:\r\n|\r|\n)[ \t]*[ \t](?:\r\n|\r|\n)")
"""A block scalar whose first line is blank but not empty: ruamel and libyaml disagree about which of these are
valid (yaml-test-suite 4QFQ, DWX9, S98Z, T26H), so the fast path leaves them to the reference parser."""


def parse_text_fast(text: str, file: str) -> LoadedYaml | None:
    """The C-parser path: the loaded file when it builds without any problem, else None (ask the reference)."""
    # most plan files hold neither indicator: two scans for a character are far quicker than the pattern's search
    if _C_PARSER is None or (("|" in text or ">" in text) and _LEADING_BLANK_IN_BLOCK.search(text)):
        return None
    builder = _Builder(file, refuse_empty=True, text=text)
    parser = _C_PARSER(text)
    try:
        builder.feed(iter(parser.get_event, None))  # get_event gives None after the stream's end
        top = builder.result.values.get(())
        if builder.blocks and (top is None or top == builder.blocks[0]):
            return None  # a block scalar as the whole document: the parsers read a '#' at column 0 differently
        if builder.documents:
            _check_layout(builder, text)
    except Exception:  # noqa: BLE001 - any problem is reported by the reference parser, with its exact wording
        return None
    finally:
        parser.dispose()
    return _finish(builder, text)


def _ruamel_events(text: str) -> Any:
    from ruamel.yaml import YAML

    return YAML(typ="safe", pure=True).parse(text)


def parse_text_reference(text: str, file: str) -> LoadedYaml:
    """The reference path: ruamel.yaml's pure-Python YAML 1.2 parser; the source of every syntax diagnostic.

    ruamel's scanner refuses tabs YAML 1.2 allows as separation (`key:\tvalue`, `-\t-1`, a tab at the end of a
    line or on a blank line). When it refuses a text with tabs, the text is read again with every tab that is not
    part of a value replaced by a space (the same length, so every position holds); the layout checks then judge
    the tabs on the original text, and a tab in indentation is refused there."""
    from ruamel.yaml.error import MarkedYAMLError, YAMLError
    from ruamel.yaml.reader import ReaderError

    if _prescan(text, file):
        return LoadedYaml(file=file, text=text, data=None)
    builder = _Builder(file, text=text)
    directive = _DIRECTIVE.search(text)
    if directive:
        builder.directive_pos = _pos_of_offset(text, directive.start())
    try:
        try:
            builder.feed(_ruamel_events(text))
        except MarkedYAMLError:
            if "\t" not in text:
                raise
            retried = _without_separating_tabs(text, file)
            if retried is None:
                raise
            builder = retried
        if builder.documents:
            _check_layout(builder, text)
    except StratplanError:
        raise
    except MarkedYAMLError as exc:
        raise _syntax_error(exc, file) from None
    except ReaderError as exc:
        char = exc.character if isinstance(exc.character, int) else ord(str(exc.character)[:1] or "\0")
        raise _fail("LD103", file, _pos_of_offset(text, int(exc.position)),
                    f"control character U+{char:04X} is not allowed in YAML", "delete the character") from None
    except (YAMLError, RecursionError, ValueError, AssertionError, KeyError, TypeError, IndexError,
            AttributeError, UnicodeError, MemoryError) as exc:
        raise _fail("LD103", file, _pos_of_offset(text, len(text)), f"YAML could not be read: {type(exc).__name__}: {exc}",
                    "check the file's syntax near the end of the last valid entry") from None
    return _finish(builder, text)


def _without_separating_tabs(text: str, file: str) -> _Builder | None:
    """The reference parser's build of a text whose tabs outside values are read as spaces, or None when ruamel
    refuses that too (the original error stands). Tabs inside quoted and block scalars, and between the words of a
    plain scalar, are values and stay; positions do not move (one character for one)."""
    tabs = [m.start() for m in re.finditer("\t", text)]
    spaced = text.replace("\t", " ")
    first = _Builder(file, text=text)  # the original text: what the checks look at, at the same positions
    try:
        first.feed(_ruamel_events(spaced))
    except Exception:  # noqa: BLE001 - the original error is the one to report
        return None
    spans = _Spans(first, text)
    kept = [p for p in tabs if _tab_is_content(text, p, spans)]
    if not kept or any(not spans.in_styled(p) for p in kept):
        return first  # nothing to keep, or a tab inside unquoted text, which the layout checks refuse
    chars = list(spaced)
    for p in kept:
        chars[p] = "\t"
    partly = "".join(chars)
    second = _Builder(file, text=text)
    try:
        second.feed(_ruamel_events(partly))
    except Exception:  # noqa: BLE001
        return None
    return second


def _inside(starts: Sequence[int], ends: Sequence[int], index: int) -> bool:
    """Whether `index` is inside one of the spans (`starts[i]` to `ends[i]`, in order of their starts)."""
    at = bisect.bisect_right(starts, index) - 1
    return at >= 0 and index < ends[at]


class _Spans:
    """A builder's scalar spans, all and quoted or block ones, ready to be searched."""

    def __init__(self, built: _Builder, text: str) -> None:
        self.all_starts, self.all_ends = built.result.span_starts, built.result.span_ends
        self.styled_starts, self.styled_ends = [a for a, _ in built.styled], [b for _, b in built.styled]
        self.blocks, self.text = built.blocks, text

    def in_styled(self, index: int) -> bool:
        """Inside a quoted scalar, or in a block scalar's text (not on its indicator's line)."""
        if not _inside(self.styled_starts, self.styled_ends, index):
            return False
        at = bisect.bisect_right(self.blocks, index) - 1
        return at < 0 or _LINE_BREAK.search(self.text, self.blocks[at], index) is not None

    def in_any(self, index: int) -> bool:
        return _inside(self.all_starts, self.all_ends, index)


def _tab_is_content(text: str, index: int, spans: _Spans) -> bool:
    """Whether a tab is part of a value: inside a quoted or block scalar, or between two words of a plain one."""
    if spans.in_styled(index):
        return True
    if not spans.in_any(index):
        return False
    line_start = max(text.rfind("\n", 0, index), text.rfind("\r", 0, index)) + 1
    brk = _LINE_BREAK.search(text, index)
    line_end = brk.start() if brk else len(text)
    return bool(text[line_start:index].strip(" \t")) and bool(text[index:line_end].strip(" \t"))


def _layout_error(file: str, text: str, index: int, message: str, hint: str) -> tuple[int, Diagnostic]:
    return index, _diag("LD103", file, _pos_of_offset(text, index), f"YAML syntax error: {message}", hint)


_TAB_HINT = "YAML indents with spaces; use spaces before the value"


def _check_layout(builder: _Builder, text: str) -> None:
    """What neither parser checks (or only one does), checked on both paths alike, so they agree: a comment needs
    whitespace before its `#`; a block scalar's indicator is followed by a space before a comment; a line that
    continues a quoted or plain value or a flow collection is indented past the entries of its block parent; a tab
    in a line's indentation is refused where it would be indentation. The first problem in the text is raised."""
    file = builder.file
    found: list[tuple[int, Diagnostic]] = []
    hash_at = _comment_without_space(text, builder.result.span_starts, builder.result.span_ends)
    if hash_at is not None:
        found.append(_layout_error(file, text, hash_at, "'#' starts a comment only after a space or at the start of "
                                   "a line", "put a space before '#', or quote the value"))
    for start in builder.blocks:
        after = start + 1
        while after < len(text) and text[after] in "0123456789+-":
            after += 1
        if text[after:after + 1] == "#":
            found.append(_layout_error(file, text, after, "a comment after a block scalar's indicator needs a space "
                                       "before '#'", "write '| # comment' or '> # comment'"))
            break
    for start, end, column, flow in builder.continued:
        bad = _badly_continued(text, start, end, column, flow)
        if bad is not None:
            tab = text[bad] == "\t"
            found.append(_layout_error(file, text, bad, "a tab in the indentation" if tab else
                                       f"this line continues a value and must be indented past column {column + 1}",
                                       _TAB_HINT if tab else "indent the continued value, or write it on one line"))
            break
    for index, column, parent, block_collection, block_key in builder.tabbed:
        line_start = index - column
        lead = text[line_start:index]
        if block_collection:  # `-\t- x`, `?\tkey:`: a tab would count in the collection's indentation
            found.append(_layout_error(file, text, line_start + lead.index("\t"), "a tab before a block collection "
                                       "(it would be part of its indentation)", _TAB_HINT))
            break
        indent = len(lead) - len(lead.lstrip(" \t"))
        if "\t" not in lead[:indent]:
            continue  # the tab separates (`- \tx`, `key:\tvalue`): allowed
        spaces = len(lead) - len(lead.lstrip(" "))
        if (block_key and indent == len(lead)) or spaces <= parent:
            found.append(_layout_error(file, text, line_start + spaces, "a tab in the indentation", _TAB_HINT))
            break
    if builder.tabs:
        searched = _Spans(builder, text)
        at = text.find("\t")
        while at >= 0:
            if not searched.in_styled(at) and _tab_is_content(text, at, searched):
                found.append(_layout_error(file, text, at, "a tab inside unquoted text (the reference parser cannot "
                                           "read it)", "quote the text, or write a space"))
                break
            at = text.find("\t", at + 1)
    for index in builder.misread[:1]:
        found.append(_layout_error(file, text, index, "in [...] or {...}, '?' and ':' need a space after them here "
                                   "(both parsers would misread it)", "write '? key' and 'key: value', or quote the text"))
    if found:
        raise StratplanError([min(found, key=lambda item: item[0])[1]])


def _comment_without_space(text: str, starts: Sequence[int], ends: Sequence[int]) -> int | None:
    """Where a `#` outside every scalar follows a character other than whitespace (`"value"#x`, `]#x`), if any."""
    at = text.find("#")
    if at < 0:
        return None
    comment_end = -1
    while at >= 0:
        if at >= comment_end and not _inside(starts, ends, at):
            if at and text[at - 1] not in " \t\r\n\ufeff":
                return at
            brk = _LINE_BREAK.search(text, at)
            comment_end = brk.start() if brk else len(text)
        at = text.find("#", at + 1)
    return None


def _badly_continued(text: str, start: int, end: int, column: int, flow: bool) -> int | None:
    """The first line after the first of a value spanning `start`..`end` whose indentation (spaces, before any tab)
    does not reach past `column`: where its first tab or character is; blank lines and, in a flow collection,
    comment lines are left alone."""
    for brk in _LINE_BREAK.finditer(text, start, end):
        line = brk.end()
        if line >= end:
            break
        stop = _LINE_BREAK.search(text, line)
        rest = text[line: stop.start() if stop else len(text)]
        first = rest.lstrip(" \t")
        if not first or (flow and first.startswith("#")):
            continue
        spaces = len(rest) - len(rest.lstrip(" "))
        if spaces <= column:
            return line + spaces
    return None


def _finish(builder: _Builder, text: str) -> LoadedYaml:
    result = builder.result
    result.text = text
    if builder.documents == 0:
        result.data = None
    return result


def load_bytes(raw: bytes, file: str) -> LoadedYaml:
    """Decode and parse one file's bytes."""
    return parse_text(decode(raw, file), file)
