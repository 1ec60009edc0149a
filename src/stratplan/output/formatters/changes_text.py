"""`stratplan changes --format text`: one block per plan, indented, for a terminal."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TextIO

from stratplan.compute.changes import ChangeReport, PlanChanges
from stratplan.output.formatters.changes import (
    field_line,
    finding_counts,
    finding_line,
    flag_line,
    flag_summary,
    headline,
    identical_line,
    joined,
    listed_flags,
    money_line,
    money_summary,
    node_counts,
    node_heading,
    plain_text,
    shift,
    side_label,
)


def _same(text: str) -> str:
    return text


def _plan_lines(plan: PlanChanges) -> Iterator[str]:
    yield f"{plain_text(plan.key)} ({plain_text(plan.community)}) {plain_text(plan.name)}: {plan.status}"
    if plan.status in ("added", "removed"):
        yield f"  {plan.node_count} nodes {plan.status} with the plan"
    yield f"  net planned money: {money_summary(plan)}"
    for delta in plan.money:
        yield f"    {money_line(delta, _same).removeprefix('money ')}"
    if plan.goals:
        yield f"  {plan.goals[0].level.replace('_', ' ')}s:"
    for goal in plan.goals:
        yield f"    {goal.code} {plain_text(goal.title)}: {shift(goal.before, goal.after)}"
    flags = listed_flags(plan)
    if flags:
        yield "  flags:"
    for flag in flags:
        yield f"    {flag_line(flag, plain_text, _same)}"
    yield from _node_lines(plan)
    if plan.findings:
        yield f"  findings: {finding_counts(plan)}"
    for item in plan.findings:
        yield f"    {finding_line(item, plain_text, _same)}"


def _node_lines(plan: PlanChanges) -> Iterator[str]:
    if plan.nodes:
        yield f"  nodes: {node_counts(plan)}"
    for node in plan.nodes:
        yield f"    {node_heading(node, plain_text, _same)}"
        for change in node.fields:
            yield f"      {field_line(change, plain_text)}"
        for delta in node.money:
            yield f"      {money_line(delta, _same)}"
    if plan.plan_fields:
        yield "  plan.yaml and context.yaml:"
    for change in plan.plan_fields:
        yield f"    {field_line(change, plain_text)}"


def write(report: ChangeReport, stream: TextIO) -> None:
    """The whole report as indented text; ends with the headline and the flag counts."""
    lines = [f"Plan changes: {plain_text(side_label(report.base))} → {plain_text(side_label(report.head))}", ""]
    for plan in report.plans:
        if plan.status != "unchanged":
            lines += [*_plan_lines(plan), ""]
    lines.append(headline(report))
    summary = flag_summary(report, _same)
    lines.append(f"Flags: {summary}" if summary else "Flags: none")
    lines += [identical_line(report)] if report.identical else []
    stream.write(joined(lines))
