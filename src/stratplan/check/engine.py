"""The lint engine of one loaded plan: its load and schema diagnostics, every enabled rule over the plan's
read-only view, findings located at file:line:col (only here), suppressions applied, sorted. Pure: prints
nothing."""

from __future__ import annotations

from dataclasses import replace

from stratplan.check import suppressions
from stratplan.check.config import LintConfig
from stratplan.check.rules import RULES, Finding, Rule
from stratplan.core.diagnostics import Diagnostic, Location, Severity, capped, unique_sorted
from stratplan.io.paths import CONTEXT_FILE, PLAN_FILE
from stratplan.plan.loader import LoadedPlan


def _locate(plan: LoadedPlan, rule: Rule, finding: Finding, severity: Severity) -> Diagnostic:
    if finding.node is not None:
        location = plan.location(finding.node, finding.field, key=finding.key)
        path = " › ".join([plan.view.display(finding.node), *[str(p) for p in finding.field if not isinstance(p, int)]][:4])
    else:
        file_name = {"plan": PLAN_FILE, "context": CONTEXT_FILE}.get(finding.doc)
        doc = plan.doc(file_name or finding.doc)
        path_in_plan = finding.plan_path or ()
        location = doc.location(path_in_plan, key=finding.key) if doc else Location(plan.display_root)
        path = " › ".join([finding.doc, *[str(p) for p in path_in_plan if not isinstance(p, int)]])
    return Diagnostic(rule.code, finding.message, severity, location, name=rule.name, path=path, hint=finding.hint,
                      extra=(*_node_of(finding), *finding.facts))


def _node_of(finding: Finding) -> tuple[tuple[str, str], ...]:
    """("node", code) of the node a finding is about, a tree node or a monitoring report's item."""
    if finding.node is not None:
        return (("node", finding.node.code),)
    where = finding.plan_path or ()
    return (("node", str(where[1])),) if len(where) > 1 and where[0] == "items" else ()


def _held_back(plan: LoadedPlan) -> set[str]:
    """Rules not run on this plan: those that judge the whole plan, when part of its goal tree did not load."""
    return set() if plan.view.complete else {code for code, rule in RULES.items() if rule.needs_complete_plan}


def run_rules(plan: LoadedPlan, config: LintConfig) -> list[Diagnostic]:
    """Run every enabled rule over a loaded plan (not those held back, see `Rule.needs_complete_plan`)."""
    found: list[Diagnostic] = []
    held_back = _held_back(plan)
    for rule in RULES.values():
        if not config.enabled(rule.code) or rule.code in held_back:
            continue
        severity = config.severity_of(rule.code, rule.severity)
        findings = rule.run(plan.view, config.options)
        found.extend(_locate(plan, rule, finding, severity) for finding in findings)
    return found


def lint_plan(plan: LoadedPlan, config: LintConfig) -> list[Diagnostic]:
    """Schema and rule diagnostics of one loaded plan, suppressions applied."""
    diagnostics = list(plan.diagnostics)
    if plan.view.meta is not None or plan.view.goals:
        diagnostics.extend(run_rules(plan, config))
    found: list[suppressions.Suppression] = []
    for doc in plan.docs.values():
        items, problems = suppressions.find(doc)
        found.extend(items)
        diagnostics.extend(problems)
    held_back = _held_back(plan)

    def ran(code: str) -> bool:  # a suppression of a rule that did not run is not unused
        return config.enabled(code) and not any(code in (held, held[:2]) for held in held_back)

    return suppressions.apply(diagnostics, found, set(RULES), ran)


def _configured(diagnostic: Diagnostic, config: LintConfig) -> Diagnostic | None:
    if diagnostic.code in RULES or diagnostic.code[:2] == "SP":
        if not config.enabled(diagnostic.code) and diagnostic.code[:2] != "SP":
            return None
        return replace(diagnostic, severity=config.severity_of(diagnostic.code, diagnostic.severity))
    return diagnostic


def configured_diagnostics(plan: LoadedPlan, config: LintConfig) -> list[Diagnostic]:
    """What `validate` reports for one loaded plan: configured, deduplicated, sorted, and at most
    FINDINGS_PER_FILE_AND_CODE of one code in one file (`capped`)."""
    return capped(unique_sorted(d for d in (_configured(d, config) for d in lint_plan(plan, config)) if d is not None))

