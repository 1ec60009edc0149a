"""`path:line:col: CODE message`, one line per finding, for editors and grep."""

from __future__ import annotations

from typing import TextIO

from stratplan.formatters.terminal import printable
from stratplan.linter import LintResult


def one_line(text: str) -> str:
    """One terminal-safe line: whitespace collapsed, control characters shown as `?`."""
    return " ".join(printable(text).split())


def write(result: LintResult, stream: TextIO) -> None:
    for d in result.diagnostics:
        stream.write(f"{d.location}: {d.code} [{d.severity.label}] {one_line(d.message)}\n")
