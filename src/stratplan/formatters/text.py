"""Human-readable output for terminals (rich), grouped by file, with a summary line."""

from __future__ import annotations

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


def write(result: LintResult, stream: TextIO) -> None:
    console = Console(file=stream, highlight=False, soft_wrap=True, emoji=False, markup=False)
    current = None
    for d in result.diagnostics:
        if d.location.file != current:
            current = d.location.file
            console.print(Text(one_line(current), style="bold underline"))
        line = Text("  ")
        line.append(f"{d.location.line}:{d.location.col}" if d.location.located else "file", style="dim")
        line.append("  ")
        line.append(f"{d.severity.label:<7}", style=STYLE[d.severity])
        line.append(f" {d.code} ", style="bold")
        line.append(one_line(d.message))
        if d.path:
            line.append(f"  ({one_line(d.path)})", style="dim")
        console.print(line)
        if d.hint:
            console.print(Text(f"      hint: {one_line(d.hint)}", style="dim"))
    console.print(Text(summary(result), style="bold"))
