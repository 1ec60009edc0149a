"""Plain result types every layer can import: severities, locations and diagnostics."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import IntEnum
from pathlib import Path


class Severity(IntEnum):
    """How serious a finding is; ordered so that comparisons mean 'at least as serious'."""

    INFO = 1
    WARNING = 2
    ERROR = 3

    @property
    def label(self) -> str:
        """Lower-case name as users write it in config and see it in output."""
        return self.name.lower()

    @classmethod
    def parse(cls, text: str) -> Severity:
        """Severity from its lower-case name; raises ValueError on anything else."""
        try:
            return cls[text.strip().upper()]
        except KeyError:
            raise ValueError(f"unknown severity {text!r}; use error, warning or info") from None


@dataclass(frozen=True, order=True)
class Location:
    """A 1-based line and column in a file."""

    file: str
    line: int = 0
    col: int = 0

    def __str__(self) -> str:
        if self.line <= 0:
            return self.file
        return f"{self.file}:{self.line}:{self.col}"

    @property
    def located(self) -> bool:
        """True when the location points at a line, not only a file."""
        return self.line > 0


@dataclass(frozen=True)
class Diagnostic:
    """One finding: a stable code, a message, where, and (for tree findings) the model path."""

    code: str
    message: str
    severity: Severity
    location: Location
    name: str = ""
    path: str = ""
    hint: str = ""
    extra: tuple[tuple[str, str], ...] = field(default=(), compare=False)

    def sort_key(self) -> tuple[str, int, int, str, str]:
        """Order by file, line, column, code, message: stable across runs."""
        loc = self.location
        return (loc.file, loc.line, loc.col, self.code, self.message)


@dataclass(frozen=True)
class BaselineUse:
    """What a baseline did to a run: its file, how many findings it held back, and its entries no finding
    matched any more (for plans this run checked), described for people."""

    file: str
    matched: int
    stale: tuple[str, ...] = ()


@dataclass
class LintResult:
    """Diagnostics of one run over one or more plans, with the plan folders that were checked."""

    diagnostics: list[Diagnostic] = field(default_factory=list)
    plans: list[Path] = field(default_factory=list)
    files: int = 0
    cached: int = 0
    baseline: BaselineUse | None = None

    def count(self, severity: Severity) -> int:
        """How many diagnostics have exactly this severity."""
        return sum(1 for d in self.diagnostics if d.severity == severity)

    def fails(self, level: Severity) -> bool:
        """True when any diagnostic is at or above the failing level."""
        return any(d.severity >= level for d in self.diagnostics)


def unique_sorted(diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
    """Diagnostics without repeats (same place, code, message and severity), in output order."""
    unique = {(d.sort_key(), d.severity): d for d in diagnostics}
    return sorted(unique.values(), key=Diagnostic.sort_key)


FINDINGS_PER_FILE_AND_CODE = 100
"""At most this many findings of one code are listed for one file; one more line says how many are not."""
MORE = "more"
"""The `extra` key of a summary line: how many findings it stands for."""


def more_findings(code: str, severity: Severity, file: str, count: int, limit: int = FINDINGS_PER_FILE_AND_CODE) -> Diagnostic:
    """The line that stands for `count` findings of a code in a file beyond the first `limit`."""
    return Diagnostic(code, f"{count} more {code} findings in this file are not listed (only the first {limit} of each "
                      "code are)", severity, Location(file), name=MORE, extra=((MORE, str(count)),))


def capped(diagnostics: Iterable[Diagnostic], limit: int = FINDINGS_PER_FILE_AND_CODE) -> list[Diagnostic]:
    """Diagnostics in output order with at most `limit` of one code in one file, and for each code and file over
    the limit one summary (`more_findings`) counting the others; earlier summaries are merged into it.

    A file with 240,000 unknown keys is 100 lines and one summary, not 240,000 lines (62 MB)."""
    kept: list[Diagnostic] = []
    shown: dict[tuple[str, str], int] = {}
    hidden: dict[tuple[str, str], tuple[int, Severity]] = {}
    for d in diagnostics:
        group = (d.location.file, d.code)
        more = dict(d.extra).get(MORE) if d.name == MORE else None
        if more is None and shown.get(group, 0) < limit:
            shown[group] = shown.get(group, 0) + 1
            kept.append(d)
            continue
        count, severity = hidden.get(group, (0, d.severity))
        hidden[group] = (count + (int(more) if more is not None else 1), max(severity, d.severity))
    if not hidden:
        return kept
    kept += [more_findings(code, severity, file, count, limit) for (file, code), (count, severity) in hidden.items()]
    return sorted(kept, key=Diagnostic.sort_key)


class StratplanError(Exception):
    """The only exception type the library lets escape: carries located diagnostics."""

    def __init__(self, diagnostics: list[Diagnostic], hint: str = "") -> None:
        super().__init__("; ".join(f"{d.location}: {d.message}" for d in diagnostics))
        self.diagnostics = diagnostics
        self.hint = hint  # what to do about all of them, e.g. "fix these errors first"


class UsageError(Exception):
    """Bad command-line use or configuration: exit code 2."""
