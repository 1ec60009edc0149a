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


class StratplanError(Exception):
    """The only exception type the library lets escape: carries located diagnostics."""

    def __init__(self, diagnostics: list[Diagnostic], hint: str = "") -> None:
        super().__init__("; ".join(f"{d.location}: {d.message}" for d in diagnostics))
        self.diagnostics = diagnostics
        self.hint = hint  # what to do about all of them, e.g. "fix these errors first"


class UsageError(Exception):
    """Bad command-line use or configuration: exit code 2."""
