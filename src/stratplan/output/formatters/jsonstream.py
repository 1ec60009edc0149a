"""Indented JSON written a piece at a time: the document's small frame through `json.dumps`, its one long list
(the findings) item by item, so a national run never holds the whole document, or one dict per finding, in memory.

The text is byte for byte what `json.dumps(data, ensure_ascii=False, indent=2)` gives (tests compare), which the
formats used to write in one piece: the frame is dumped with the list left empty, and the items are spliced in
where it stands, each written from a template with the same separators and indentation.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from json.encoder import encode_basestring  # what json.dumps(ensure_ascii=False) uses
from typing import Any, TextIO, TypeVar

T = TypeVar("T")
CHUNK = 2000
"""Items joined into one `write`: one call per item would cost more than the formatting."""

text: Callable[[str], str] = encode_basestring
"""A JSON string literal, exactly as `json.dumps(..., ensure_ascii=False)` writes it."""


def write(stream: TextIO, frame: dict[str, Any], key: str, items: Iterable[T], item: Callable[[T, str], str]) -> None:
    """Write `frame` as indented JSON, with `items` as the list under `key` (empty in `frame`, and the only
    `"key": []` in it), each written by `item(value, indent)` as an indented JSON value starting at `indent`; then a
    line break."""
    whole = json.dumps(frame, ensure_ascii=False, indent=2)
    marker = f"{encode_basestring(key)}: []"
    before, found, after = whole.partition(marker)
    if not found:  # pragma: no cover - the callers always leave the list empty
        raise ValueError(f"no empty {key!r} list in the frame")
    outer = before[before.rfind("\n") + 1:]  # the key's indentation
    indent = outer + "  "
    opening = before + marker[:-1] + "\n"  # up to `"key": [`
    started, chunk = False, []
    for value in items:
        chunk.append(item(value, indent))
        if len(chunk) >= CHUNK:
            stream.write((",\n" if started else opening) + ",\n".join(chunk))
            started, chunk = True, []
    if chunk:
        stream.write((",\n" if started else opening) + ",\n".join(chunk))
        started = True
    stream.write(f"\n{outer}]{after}\n" if started else whole + "\n")
