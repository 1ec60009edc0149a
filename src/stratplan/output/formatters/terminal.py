"""Text made safe for a terminal or a CI log: no control characters, so no escape sequences run."""

from __future__ import annotations

import re

CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def printable(text: str) -> str:
    """Control characters (ANSI/OSC escape sequences, BEL, backspace, C1 codes) shown as `?`; line breaks
    and tabs become spaces."""
    if text.isprintable():  # the common case, checked in C: no control character, line break or tab
        return text
    return CONTROL.sub("?", text.replace("\r\n", " ").replace("\n", " ").replace("\t", " "))
