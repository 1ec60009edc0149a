"""The lint pipeline: load -> schema -> rules -> suppressions -> sorted results. Pure: prints nothing.

Over many plans, `lint_paths` takes unchanged plans' diagnostics from a content-hash cache and lints the
rest in worker processes; results are merged in plan order and sorted, so the output is the same
whatever the cache holds and however many jobs run.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path

from stratplan import suppressions
from stratplan.cache import CachedLint, LintCache, plan_key
from stratplan.config import LintConfig
from stratplan.diagnostics import Diagnostic, Location, Severity
from stratplan.loader import CONTEXT_FILE, PLAN_FILE, LoadedPlan, display_path, find_plan_roots, load_plan
from stratplan.rules import RULES, Finding, Rule


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


def _locate(plan: LoadedPlan, rule: Rule, finding: Finding, severity: Severity) -> Diagnostic:
    if finding.node is not None:
        ref = plan.ref(finding.node)
        location = ref.location(finding.field, key=finding.key)
        path = " › ".join([ref.display, *[str(p) for p in finding.field if not isinstance(p, int)]][:4])
    else:
        file_name = {"plan": PLAN_FILE, "context": CONTEXT_FILE}.get(finding.doc)
        doc = plan.docs.get(str(Path(plan.display_root) / file_name)) if file_name else plan.docs.get(finding.doc)
        path_in_plan = finding.plan_path or ()
        location = doc.location(path_in_plan, key=finding.key) if doc else Location(plan.display_root)
        path = " › ".join([finding.doc, *[str(p) for p in path_in_plan if not isinstance(p, int)]])
    return Diagnostic(rule.code, finding.message, severity, location, name=rule.name, path=path, hint=finding.hint)


def run_rules(plan: LoadedPlan, config: LintConfig) -> list[Diagnostic]:
    """Run every enabled rule over a loaded plan."""
    found: list[Diagnostic] = []
    for rule in RULES.values():
        if not config.enabled(rule.code):
            continue
        severity = config.severity_of(rule.code, rule.severity)
        findings = rule.check(plan, config) if rule.needs_config else rule.check(plan)
        found.extend(_locate(plan, rule, finding, severity) for finding in findings)
    return found


def lint_plan(plan: LoadedPlan, config: LintConfig) -> list[Diagnostic]:
    """Schema and rule diagnostics of one loaded plan, suppressions applied."""
    diagnostics = list(plan.diagnostics)
    if plan.plan is not None or plan.goals:
        diagnostics.extend(run_rules(plan, config))
    found: list[suppressions.Suppression] = []
    for doc in plan.docs.values():
        items, problems = suppressions.find(doc)
        found.extend(items)
        diagnostics.extend(problems)
    return suppressions.apply(diagnostics, found, set(RULES), config.enabled)


def _configured(diagnostic: Diagnostic, config: LintConfig) -> Diagnostic | None:
    if diagnostic.code in RULES or diagnostic.code[:2] == "SP":
        if not config.enabled(diagnostic.code) and diagnostic.code[:2] != "SP":
            return None
        return replace(diagnostic, severity=config.severity_of(diagnostic.code, diagnostic.severity))
    return diagnostic


def configured_diagnostics(plan: LoadedPlan, config: LintConfig) -> list[Diagnostic]:
    """What `validate` reports for one loaded plan: configured, deduplicated and sorted."""
    found = [d for d in (_configured(d, config) for d in lint_plan(plan, config)) if d is not None]
    unique = {(d.sort_key(), d.severity): d for d in found}
    return sorted(unique.values(), key=Diagnostic.sort_key)


def lint_root(root: Path, config: LintConfig) -> CachedLint:
    """Load and lint one plan folder: its configured diagnostics and how many files it read."""
    plan = load_plan(root)
    found = [d for d in (_configured(d, config) for d in lint_plan(plan, config)) if d is not None]
    return CachedLint(found, len(plan.docs))


def default_jobs() -> int:
    """Worker processes by default: the CPUs this process may run on."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not on Linux
        return max(1, os.cpu_count() or 1)


_FEW_PLANS = 4  # below this, starting workers costs more than it saves


def _lint_many(roots: Sequence[Path], config: LintConfig, jobs: int, done: Callable[[], None]) -> Iterable[CachedLint]:
    if jobs <= 1 or len(roots) < _FEW_PLANS:
        for root in roots:
            yield lint_root(root, config)
            done()
        return
    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else None
    chunk = max(1, min(16, len(roots) // (jobs * 8)))
    with ProcessPoolExecutor(min(jobs, len(roots)), mp_context=multiprocessing.get_context(method)) as pool:
        for entry in pool.map(lint_root, roots, [config] * len(roots), chunksize=chunk):
            yield entry
            done()


def lint_paths(paths: Iterable[Path], config: LintConfig, jobs: int = 1, cache: LintCache | None = None,
               progress: Callable[[int], None] | None = None) -> LintResult:
    """Lint every plan the paths name; sorted, deduplicated diagnostics.

    `jobs` worker processes lint the plans the cache does not hold; `progress` is called with the
    number of plans finished so far (cached plans count at once).
    """
    roots, problems = find_plan_roots(paths)
    result = LintResult(diagnostics=list(problems), plans=list(roots))
    entries: dict[int, CachedLint] = {}
    keys: dict[int, str] = {}
    for index, root in enumerate(roots):
        key = plan_key(root, display_path(root), config) if cache is not None else None
        hit = cache.get(key) if cache is not None and key is not None else None
        if hit is not None:
            entries[index] = hit
        elif key is not None:
            keys[index] = key
    result.cached = len(entries)
    finished = [len(entries)]
    if progress is not None:
        progress(finished[0])

    def done() -> None:
        finished[0] += 1
        if progress is not None:
            progress(finished[0])

    missing = [i for i in range(len(roots)) if i not in entries]
    for index, entry in zip(missing, _lint_many([roots[i] for i in missing], config, jobs, done), strict=True):
        entries[index] = entry
        if cache is not None and index in keys:
            cache.put(keys[index], entry)
    for index in range(len(roots)):
        result.files += entries[index].files
        result.diagnostics.extend(entries[index].diagnostics)
    unique = {(d.sort_key(), d.severity): d for d in result.diagnostics}
    result.diagnostics = sorted(unique.values(), key=Diagnostic.sort_key)
    return result
