"""The lint engine of one loaded plan: its load and schema diagnostics, every enabled rule over the plan's
read-only view, findings located at file:line:col (only here), suppressions applied, sorted. Pure: prints
nothing."""

from __future__ import annotations

from dataclasses import replace

from stratplan.check import suppressions
from stratplan.check.config import LintConfig
from stratplan.check.rules import RULES, Finding, Rule
from stratplan.core.diagnostics import (
    FINDINGS_PER_FILE_AND_CODE,
    Diagnostic,
    Location,
    Severity,
    capped,
    more_findings,
    unique_sorted,
)
from stratplan.io.paths import CONTEXT_FILE, PLAN_FILE, STATEMENTS_FILE
from stratplan.plan.loader import LoadedPlan

EARLY_LIMIT = 4 * FINDINGS_PER_FILE_AND_CODE
"""Findings of one rule in one file kept before suppressions and deduplication (which may drop some of them); the
rest are only counted, so 100,000 findings of a rule cost what 400 do. `capped` then lists the first 100."""


def _place(plan: LoadedPlan, finding: Finding) -> Location:
    """Where a finding is written."""
    if finding.node is not None:
        return plan.location(finding.node, finding.field, key=finding.key)
    file_name = {"plan": PLAN_FILE, "context": CONTEXT_FILE, "statements": STATEMENTS_FILE}.get(finding.doc)
    doc = plan.doc(file_name or finding.doc)
    return doc.location(finding.plan_path or (), key=finding.key) if doc else Location(plan.display_root)


def _locate(plan: LoadedPlan, rule: Rule, finding: Finding, severity: Severity, location: Location) -> Diagnostic:
    if finding.node is not None:
        path = " › ".join([plan.view.display(finding.node), *[str(p) for p in finding.field if not isinstance(p, int)]][:4])
    else:
        path_in_plan = finding.plan_path or ()
        named = [str(p) for p in path_in_plan if not isinstance(p, int)]
        path = " › ".join([finding.doc, *named[:1], *([finding.subject] if finding.subject else []), *named[1:]])
    return Diagnostic(rule.code, finding.message, severity, location, name=rule.name, path=path, hint=finding.hint,
                      extra=(*_node_of(finding), *finding.facts))


def _node_of(finding: Finding) -> tuple[tuple[str, str], ...]:
    """("node", code) of the node a finding is about, a tree node or a monitoring report's item."""
    if finding.node is not None:
        return (("node", finding.node.code),)
    if finding.subject:
        return (("node", finding.subject),)
    where = finding.plan_path or ()
    return (("node", str(where[1])),) if len(where) > 1 and where[0] == "items" else ()


def _held_back(plan: LoadedPlan) -> set[str]:
    """Rules not run on this plan: those that judge the whole plan, when part of its goal tree did not load."""
    return set() if plan.view.complete else {code for code, rule in RULES.items() if rule.needs_complete_plan}


def run_rules(plan: LoadedPlan, config: LintConfig,
              directives: list[suppressions.Suppression] | None = None) -> list[Diagnostic]:
    """Run every enabled rule over a loaded plan (not those held back, see `Rule.needs_complete_plan`).

    Past EARLY_LIMIT findings of a rule in one file, the earliest are kept and the others counted in one summary
    line (`more_findings`), unless a suppression in that file names the rule (`directives`): every finding it
    could silence is kept, so it is never reported unused for want of one."""
    found: list[Diagnostic] = []
    held_back = _held_back(plan)
    silenced = {(d.file, code) for d in directives or () for code in d.codes}
    for rule in RULES.values():
        if not config.enabled(rule.code) or rule.code in held_back:
            continue
        severity = config.severity_of(rule.code, rule.severity)
        by_file: dict[str, list[tuple[Location, Finding]]] = {}
        for finding in rule.run(plan.view, config.options):
            location = _place(plan, finding)
            by_file.setdefault(location.file, []).append((location, finding))
        for file, items in by_file.items():
            if len(items) > EARLY_LIMIT and not {(file, rule.code), (file, rule.code[:2])} & silenced:
                items.sort(key=lambda item: (item[0].line, item[0].col))
                found.append(more_findings(rule.code, severity, file, len(items) - EARLY_LIMIT))
                del items[EARLY_LIMIT:]
            found.extend(_locate(plan, rule, finding, severity, location) for location, finding in items)
    return found


def lint_plan(plan: LoadedPlan, config: LintConfig) -> list[Diagnostic]:
    """Schema and rule diagnostics of one loaded plan, suppressions applied."""
    diagnostics = list(plan.diagnostics)
    found: list[suppressions.Suppression] = []
    problems: list[Diagnostic] = []
    for doc in plan.docs.values():
        items, wrong = suppressions.find(doc)
        found.extend(items)
        problems.extend(wrong)
    if plan.view.meta is not None or plan.view.goals:
        diagnostics.extend(run_rules(plan, config, found))
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

