"""Human-readable output for terminals (rich), grouped by file, with a summary line."""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import TextIO

from stratplan.core.diagnostics import LintResult, Severity
from stratplan.output.formatters.concise import one_line

STYLE = {Severity.ERROR: "bold red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}


def summary(result: LintResult) -> str:
    """One line: how many files and plans, and findings by severity."""
    counts = ", ".join(f"{result.count(s)} {s.label}{'s' if result.count(s) != 1 else ''}"
                       for s in (Severity.ERROR, Severity.WARNING, Severity.INFO))
    line = f"{len(result.plans)} plan(s), {result.files} file(s) checked: {counts}"
    if result.baseline is not None:
        known = result.baseline
        line += f"; {known.matched} known in the baseline {known.file} not shown, {len(known.stale)} stale"
    return line


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


def _surely_plain(stream: TextIO) -> bool:
    """True when rich would certainly not colour the stream: not a terminal, and no variable forcing one."""
    forced = any(name in os.environ for name in ("FORCE_COLOR", "TTY_COMPATIBLE"))
    return not forced and not (hasattr(stream, "isatty") and stream.isatty())


def write(result: LintResult, stream: TextIO) -> None:
    if _surely_plain(stream):  # a pipe or a file (a pre-commit hook): no need to import rich to know it
        _write_plain(result, stream)
        return
    from rich.console import Console
    from rich.text import Text

    console = Console(file=stream, highlight=False, soft_wrap=True, emoji=False, markup=False)
    if console.color_system is None:  # NO_COLOR or a dumb terminal: the same text, without rich's per-line cost
        _write_plain(result, stream)
        return
    for line in _lines(result):
        console.print(Text.assemble(*line))


def _write_plain(result: LintResult, stream: TextIO) -> None:
    stream.writelines("".join(text for text, _style in line) + "\n" for line in _lines(result))
