"""`path:line:col: CODE message`, one line per finding, for editors and grep."""

from __future__ import annotations

from typing import TextIO

from stratplan.core.diagnostics import LintResult, Severity
from stratplan.output.formatters.terminal import printable


def one_line(text: str) -> str:
    """One terminal-safe line: whitespace collapsed, control characters shown as `?`."""
    return " ".join(printable(text).split())


def write(result: LintResult, stream: TextIO) -> None:
    labels = {s: s.label for s in Severity}
    stream.writelines(f"{one_line(str(d.location))}: {d.code} [{labels[d.severity]}] {one_line(d.message)}\n"
                      for d in result.diagnostics)
