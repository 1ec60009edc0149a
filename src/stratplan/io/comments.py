"""The comments of a loaded YAML file and the line each one is about.

A comment starts at a `#` outside every scalar the loader saw (so not in quoted text, plain text such as
`C# code` or a block scalar's lines, but on a block scalar's `|` or `>` header line) and runs to the end of its
line. A trailing comment is about its own
line; a comment alone on its line is about the next line with content. Lines end at CRLF, CR or LF, as in
YAML 1.2 and the loader's positions.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from dataclasses import dataclass

from stratplan.io.yamlio import LoadedYaml

_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n|$)")


@dataclass(frozen=True)
class Comment:
    """A comment: its text from `#` (trailing blanks removed), where it starts (1-based), and the line it covers."""

    text: str
    line: int
    col: int
    standalone: bool
    covers: int | None
    """The line the comment is about: its own when trailing; when standalone, the next line with content, or None."""


def comments(doc: LoadedYaml) -> list[Comment]:
    """Every comment of a loaded file, in file order."""
    spans = sorted(doc.scalar_spans)
    starts = [start for start, _ in spans]
    found: list[tuple[str, int, int, bool]] = []
    content_lines: list[int] = []
    for number, (offset, line) in enumerate(_lines(doc.text), start=1):
        col = _comment_start(line, offset, starts, spans)
        has_content = bool((line if col < 0 else line[:col]).strip())
        if has_content:
            content_lines.append(number)
        if col >= 0:
            found.append((line[col:].rstrip(), number, col + 1, not has_content))
    return [Comment(text, line, col, standalone, _next_content_line(line, content_lines) if standalone else line)
            for text, line, col, standalone in found]


def _lines(text: str) -> Iterator[tuple[int, str]]:
    """Each line's start offset and its text without the line break."""
    for match in _LINE.finditer(text):
        if match.start() == len(text) and match.start() > 0:
            return
        yield match.start(), match.group().rstrip("\r\n")


def _comment_start(line: str, offset: int, starts: list[int], spans: list[tuple[int, int]]) -> int:
    """Column (0-based) of the `#` that starts a comment on this line, or -1: a `#` outside every scalar, or on
    the header line of a block scalar (`key: |  # comment`), whose span the loader starts at the `|` or `>`."""
    col = line.find("#")
    while col >= 0:
        at = offset + col
        index = bisect.bisect_right(starts, at) - 1
        if index < 0 or not spans[index][0] <= at < spans[index][1] or _in_block_header(line, offset, spans[index][0]):
            return col
        col = line.find("#", spans[index][1] - offset)
    return -1


def _in_block_header(line: str, offset: int, span_start: int) -> bool:
    """True when the scalar starting at span_start is a block scalar whose header is on this line."""
    return span_start >= offset and line[span_start - offset] in "|>"


def _next_content_line(line: int, content_lines: list[int]) -> int | None:
    index = bisect.bisect_right(content_lines, line)
    return content_lines[index] if index < len(content_lines) else None
