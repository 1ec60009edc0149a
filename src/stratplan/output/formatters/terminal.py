"""Text made safe for a terminal or a CI log: no control characters, so no escape sequences run (the functions
live in `core.text`, which the command line uses too)."""

from __future__ import annotations

from stratplan.core.text import CONTROL, printable

__all__ = ["CONTROL", "printable"]
