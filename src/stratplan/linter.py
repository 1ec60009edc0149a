"""The lint pipeline: load -> schema -> rules -> suppressions -> sorted results. Pure: prints nothing."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path

from stratplan import suppressions
from stratplan.config import LintConfig
from stratplan.diagnostics import Diagnostic, Location, Severity
from stratplan.loader import CONTEXT_FILE, PLAN_FILE, LoadedPlan, find_plan_roots, load_plan
from stratplan.rules import RULES, Finding, Rule


@dataclass
class LintResult:
    """Diagnostics of one run over one or more plans, with the plans that were read."""

    diagnostics: list[Diagnostic] = field(default_factory=list)
    plans: list[LoadedPlan] = field(default_factory=list)
    files: int = 0

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


def lint_paths(paths: Iterable[Path], config: LintConfig) -> LintResult:
    """Lint every plan the paths name; sorted, deduplicated diagnostics."""
    roots, problems = find_plan_roots(paths)
    result = LintResult(diagnostics=list(problems))
    for root in roots:
        plan = load_plan(root)
        result.plans.append(plan)
        result.files += len(plan.docs)
        for diagnostic in lint_plan(plan, config):
            configured = _configured(diagnostic, config)
            if configured is not None:
                result.diagnostics.append(configured)
    unique = {(d.sort_key(), d.severity): d for d in result.diagnostics}
    result.diagnostics = sorted(unique.values(), key=Diagnostic.sort_key)
    return result
