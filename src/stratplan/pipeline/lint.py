"""Linting many plans: `lint_paths` takes unchanged plans' diagnostics from a content-hash cache and
lints the rest (`stratplan.check.engine`) in worker processes; results are merged in plan order and sorted,
so the output is the same whatever the cache holds and however many jobs run. Pure: prints nothing.

This module imports no model, rule or parser, so a warm run over cached plans never loads them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from stratplan.check.config import LintConfig
from stratplan.core.diagnostics import Diagnostic, Severity
from stratplan.io.cache import CachedLint, ResultCache, config_fingerprint, decode_lint, encode_lint
from stratplan.io.paths import find_plan_roots
from stratplan.pipeline import batch


@dataclass
class LintResult:
    """Diagnostics of one run over one or more plans, with the plan folders that were checked."""

    diagnostics: list[Diagnostic] = field(default_factory=list)
    plans: list[Path] = field(default_factory=list)
    files: int = 0
    cached: int = 0

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


@dataclass(frozen=True)
class LintJob:
    """`validate` as a per-plan job for `batch.run`: configured diagnostics, cached per config."""

    config: LintConfig
    kind: str = "lint"

    def asked(self) -> str:
        return config_fingerprint(self.config)

    def compute(self, root: Path) -> CachedLint:
        from stratplan.check.engine import lint_root

        return lint_root(root, self.config)

    def encode(self, result: CachedLint) -> str:
        return encode_lint(result)

    def decode(self, text: str) -> CachedLint:
        return decode_lint(text)


def lint_paths(paths: Iterable[Path], config: LintConfig, jobs: int = 1, cache: ResultCache | None = None,
               progress: Callable[[int], None] | None = None) -> LintResult:
    """Lint every plan the paths name; sorted, deduplicated diagnostics.

    `jobs` worker processes lint the plans the cache does not hold; `progress` is called with the
    number of plans finished so far (cached plans count at once).
    """
    roots, problems = find_plan_roots(paths)
    result = LintResult(diagnostics=unique_sorted(problems), plans=roots)
    entries, result.cached = batch.run(LintJob(config), roots, jobs, cache, progress)
    # Each plan's diagnostics come deduplicated and sorted, and no two plans share a displayed file, so one sort
    # of the concatenation (runs already in order) gives the same result as deduplicating it all again.
    for entry in entries:
        result.files += entry.files
        result.diagnostics.extend(entry.diagnostics)
    result.diagnostics.sort(key=Diagnostic.sort_key)
    return result
