"""Human-readable output for terminals (rich), grouped by file, with a summary line."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TextIO

from rich.console import Console
from rich.text import Text

from stratplan.diagnostics import Severity
from stratplan.formatters.concise import one_line
from stratplan.linter import LintResult

STYLE = {Severity.ERROR: "bold red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}


def summary(result: LintResult) -> str:
    """One line: how many files and plans, and findings by severity."""
    counts = ", ".join(f"{result.count(s)} {s.label}{'s' if result.count(s) != 1 else ''}"
                       for s in (Severity.ERROR, Severity.WARNING, Severity.INFO))
    return f"{len(result.plans)} plan(s), {result.files} file(s) checked: {counts}"


Segments = list[tuple[str, str]]  # (text, rich style) pieces of one output line


def _lines(result: LintResult) -> Iterator[Segments]:
    """Every output line as styled pieces, grouped by file, then the summary."""
    current = None
    for d in result.diagnostics:
        if d.location.file != current:
            current = d.location.file
            yield [(one_line(current), "bold underline")]
        line = [("  ", ""), (f"{d.location.line}:{d.location.col}" if d.location.located else "file", "dim"), ("  ", ""),
                (f"{d.severity.label:<7}", STYLE[d.severity]), (f" {d.code} ", "bold"), (one_line(d.message), "")]
        if d.path:
            line.append((f"  ({one_line(d.path)})", "dim"))
        yield line
        if d.hint:
            yield [(f"      hint: {one_line(d.hint)}", "dim")]
    yield [(summary(result), "bold")]


def write(result: LintResult, stream: TextIO) -> None:
    console = Console(file=stream, highlight=False, soft_wrap=True, emoji=False, markup=False)
    if console.color_system is None:  # a pipe, a file or NO_COLOR: the same text, without rich's per-line cost
        stream.writelines("".join(text for text, _style in line) + "\n" for line in _lines(result))
        return
    for line in _lines(result):
        console.print(Text.assemble(*line))
