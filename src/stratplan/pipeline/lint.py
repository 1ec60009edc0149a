"""Linting many plans: `lint_paths` takes unchanged plans' diagnostics from a content-hash cache and
lints the rest (`stratplan.check.engine`) in worker processes; results are merged in plan order and sorted,
so the output is the same whatever the cache holds and however many jobs run. Pure: prints nothing.

This module imports no model, rule or parser, so a warm run over cached plans never loads them.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from stratplan.check.config import LintConfig
from stratplan.core import collector
from stratplan.core.diagnostics import Diagnostic, LintResult, unique_sorted
from stratplan.core.numbers import exact
from stratplan.io.cache import ResultCache
from stratplan.io.paths import find_plan_roots
from stratplan.pipeline import batch
from stratplan.pipeline.entries import CachedLint, decode_lint, encode_lint


def config_fingerprint(config: LintConfig) -> str:
    """Everything of a config that changes what `validate` reports (not where it was read from)."""
    return json.dumps(config.as_data(), ensure_ascii=False, sort_keys=True, default=str)


@dataclass(frozen=True)
class LintJob:
    """`validate` as a per-plan job for `batch.run`: configured diagnostics, cached per config."""

    config: LintConfig
    kind: str = "lint"

    def asked(self) -> str:
        return config_fingerprint(self.config)

    @exact
    def compute(self, root: Path) -> tuple[CachedLint, Mapping[str, bytes]]:
        with collector.paused():  # imported here, so a warm run over cached plans never loads the rules and models
            from stratplan.check.engine import configured_diagnostics
            from stratplan.plan.loader import load_plan

        plan = load_plan(root)
        return CachedLint(configured_diagnostics(plan, self.config), len(plan.docs)), plan.read_digests

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
