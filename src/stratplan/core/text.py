"""Text made safe for any output: names from the file system or git shown without undecodable bytes or control
characters, and terminal text without escape sequences.

A file name on Linux is bytes; Python hands a name that is not UTF-8 over as text holding lone surrogates
(`\\udcff` for the byte 0xFF), which no UTF-8 output can carry (JSON and SARIF would hold raw 0xFF, or the
write fails). A control character in a name (ESC, BEL) would run as a terminal or CI-log escape sequence.
`escaped_name` writes both as backslash escapes (`x\\xff.yaml`, `\\x1b`), the same way everywhere a path is shown.
"""

from __future__ import annotations

import re

CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
"""Control characters other than tab and line feed: C0, DEL and C1 (ANSI/OSC escape sequences, BEL, backspace)."""
_ODD_IN_NAME = re.compile(r"[\x00-\x1f\x7f-\x9f\ud800-\udfff]")


def printable(text: str) -> str:
    """Control characters (ANSI/OSC escape sequences, BEL, backspace, C1 codes) shown as `?`; line breaks
    and tabs become spaces."""
    if text.isprintable():  # the common case, checked in C: no control character, line break or tab
        return text
    text = text.replace("\r\n", " ").replace("\n", " ").replace("\t", " ")
    return CONTROL.sub("?", text).encode("utf-8", "replace").decode("utf-8")  # lone surrogates, too


def odd_name(name: str) -> bool:
    """True when a file name holds bytes that are not UTF-8 or a control character."""
    return _ODD_IN_NAME.search(name) is not None


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    code = ord(char)
    if 0xDC80 <= code <= 0xDCFF:  # a byte that is not UTF-8, as Python's file system encoding hands it over
        return f"\\x{code - 0xDC00:02x}"
    if code > 0xFF:  # any other lone surrogate
        return f"\\u{code:04x}"
    return f"\\x{code:02x}"


def escaped_name(name: str) -> str:
    """A file name or path as text any output can carry: undecodable bytes and control characters as `\\xNN`."""
    if name.isprintable():
        return name
    return _ODD_IN_NAME.sub(_escape, name)
