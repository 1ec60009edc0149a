"""The lint pipeline: load -> schema -> rules -> suppressions -> sorted results. Pure: prints nothing.

Over many plans, `lint_paths` takes unchanged plans' diagnostics from a content-hash cache and lints the
rest in worker processes; results are merged in plan order and sorted, so the output is the same
whatever the cache holds and however many jobs run.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path

from stratplan import batch, suppressions
from stratplan.cache import CachedLint, ResultCache, config_fingerprint, decode_lint, encode_lint
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


def _unique_sorted(diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
    unique = {(d.sort_key(), d.severity): d for d in diagnostics}
    return sorted(unique.values(), key=Diagnostic.sort_key)


def configured_diagnostics(plan: LoadedPlan, config: LintConfig) -> list[Diagnostic]:
    """What `validate` reports for one loaded plan: configured, deduplicated and sorted."""
    return _unique_sorted(d for d in (_configured(d, config) for d in lint_plan(plan, config)) if d is not None)


def lint_root(root: Path, config: LintConfig) -> CachedLint:
    """Load and lint one plan folder: its configured diagnostics and how many files it read."""
    plan = load_plan(root)
    return CachedLint(configured_diagnostics(plan, config), len(plan.docs))


@dataclass(frozen=True)
class LintJob:
    """`validate` as a per-plan job for `batch.run`: configured diagnostics, cached per config."""

    config: LintConfig
    kind: str = "lint"

    def asked(self) -> str:
        return config_fingerprint(self.config)

    def compute(self, root: Path) -> CachedLint:
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
    found, problems = find_plan_roots(paths)
    roots = list({display_path(root): root for root in reversed(found)}.values())[::-1]  # one per displayed folder
    result = LintResult(diagnostics=_unique_sorted(problems), plans=roots)
    entries, result.cached = batch.run(LintJob(config), roots, jobs, cache, progress)
    # Each plan's diagnostics come deduplicated and sorted, and no two plans share a displayed file, so one sort
    # of the concatenation (runs already in order) gives the same result as deduplicating it all again.
    for entry in entries:
        result.files += entry.files
        result.diagnostics.extend(entry.diagnostics)
    result.diagnostics.sort(key=Diagnostic.sort_key)
    return result
