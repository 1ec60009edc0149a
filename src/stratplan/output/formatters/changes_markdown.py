"""`stratplan changes --format markdown`: a PR comment or job summary.

A bold headline of the net money change, the flag counts, then per plan collapsible `<details>` sections
(flags open). Plan text is escaped (`md_text`, `html_text`). The whole stays under the limit: when the full
report is longer, every list is cut to as many first items as fit, and says how many it left out.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any, TextIO

from stratplan.compute.changes import ChangeReport, PlanChanges
from stratplan.core.numbers import money as money_text
from stratplan.core.numbers import signed
from stratplan.output.formatters.changes import (
    TITLE_CHARS,
    VALUE_CHARS,
    clip,
    field_line,
    finding_counts,
    finding_line,
    flag_line,
    flag_summary,
    headline,
    html_text,
    identical_line,
    joined,
    limited,
    listed_flags,
    md_code,
    md_text,
    money_line,
    money_summary,
    node_counts,
    node_heading,
    side_label,
)

MARKDOWN_LIMIT = 60_000
CUT_NOTE = "the rest is cut to keep this under {limit:,} characters; `stratplan changes --format json` has everything"


def _cut(left_out: int, limit: int) -> Iterator[str]:
    if left_out:
        yield f"- … and {left_out} more: {CUT_NOTE.format(limit=limit)}"


def _section(summary: str, body: list[str], opened: bool = False) -> Iterator[str]:
    yield f"<details{' open' if opened else ''}><summary>{summary}</summary>"
    yield ""
    yield from body
    yield ""
    yield "</details>"
    yield ""


def _items(items: Sequence[Any], budget: int | None, limit: int) -> tuple[Sequence[Any], list[str]]:
    shown, left_out = limited(items, budget)
    return shown, list(_cut(left_out, limit))


def _flags(plan: PlanChanges, budget: int | None, limit: int) -> Iterator[str]:
    flags, cut = _items(listed_flags(plan), budget, limit)
    body = [f"- {flag_line(flag, lambda t: md_text(clip(t, VALUE_CHARS)), md_code)}" for flag in flags] + cut
    if listed_flags(plan):
        yield from _section(f"Flags ({len(listed_flags(plan))})", body, opened=True)


def _row(*cells: str) -> str:
    return "| " + " | ".join(cells) + " |"


def _money(plan: PlanChanges, budget: int | None, limit: int) -> Iterator[str]:
    if not plan.money and not plan.goals:
        return
    cells, cut = _items(plan.money, budget, limit)
    body = [_row("year", "source", "before", "after", "change"), "|---:|---|---:|---:|---:|"]
    body += [_row(str(d.year), md_code(d.source), money_text(d.before), money_text(d.after), signed(d.change))
             for d in cells]
    body += ["", *cut] if cut else []
    if plan.goals:
        body += ["", _row(plan.goals[0].level.replace("_", " "), "before", "after", "change"), "|---|---:|---:|---:|"]
        body += [_row(f"{md_code(g.code)} {md_text(clip(g.title, TITLE_CHARS))}", money_text(g.before),
                      money_text(g.after), signed(g.change)) for g in plan.goals]
    yield from _section(f"Money: {html_text(money_summary(plan))}", body)


def _nodes(plan: PlanChanges, budget: int | None, limit: int) -> Iterator[str]:
    nodes, cut = _items(plan.nodes, budget, limit)
    body = []
    for node in nodes:
        body.append(f"- {node_heading(node, md_text, md_code, TITLE_CHARS)}")
        body += [f"  - {field_line(change, md_text, VALUE_CHARS)}" for change in node.fields]
        body += [f"  - {money_line(delta, md_code)}" for delta in node.money]
    body += cut
    fields, cut = _items(plan.plan_fields, budget, limit)
    if fields:
        body += ["", "plan.yaml and context.yaml:", ""]
        body += [f"- {field_line(change, md_text, VALUE_CHARS)}" for change in fields] + cut
    if plan.nodes or plan.plan_fields:
        yield from _section(f"Nodes: {node_counts(plan)}" + (", plan files changed" if plan.plan_fields else ""), body)


def _findings(plan: PlanChanges, budget: int | None, limit: int) -> Iterator[str]:
    found, cut = _items(plan.findings, budget, limit)
    body = [f"- {finding_line(item, md_text, md_code, VALUE_CHARS)}" for item in found] + cut
    if plan.findings:
        yield from _section(f"Findings: {finding_counts(plan)}", body)


def _plan(plan: PlanChanges, budget: int | None, limit: int) -> Iterator[str]:
    yield f"#### {md_text(plan.key)}: {md_text(plan.name)} ({plan.status})"
    yield ""
    if plan.status in ("added", "removed"):
        yield f"{plan.node_count} nodes {plan.status} with the plan; net planned money {md_text(money_summary(plan))}."
        yield ""
    yield from _flags(plan, budget, limit)
    yield from _money(plan, budget, limit)
    yield from _nodes(plan, budget, limit)
    yield from _findings(plan, budget, limit)


def _head(report: ChangeReport) -> list[str]:
    lines = [f"### Plan changes: {md_text(side_label(report.base))} → {md_text(side_label(report.head))}", "",
             f"**{md_text(headline(report))}**", ""]
    summary = flag_summary(report, md_code)
    lines += [f"Flags: {summary}" if summary else "Flags: none", ""]
    lines += [identical_line(report), ""] if report.identical else []
    return lines


def render_with(report: ChangeReport, budget: int | None, limit: int) -> str:
    """The report with every list cut to `budget` items (None: all)."""
    lines = _head(report)
    for plan in report.plans:
        if plan.status != "unchanged":
            lines += _plan(plan, budget, limit)
    return joined(lines)


def _longest_list(report: ChangeReport) -> int:
    return max((len(items) for plan in report.plans
                for items in (plan.nodes, plan.flags, plan.findings, plan.money, plan.plan_fields)), default=0)


def render(report: ChangeReport, limit: int = MARKDOWN_LIMIT) -> str:
    """The fullest rendering that fits in `limit` characters: all items, else as many per list as fit."""
    text = render_with(report, None, limit)
    if len(text) <= limit:
        return text
    low, high = 0, _longest_list(report)  # the length grows with the budget: search the largest that fits
    while low < high:
        middle = (low + high + 1) // 2
        if len(render_with(report, middle, limit)) <= limit:
            low = middle
        else:
            high = middle - 1
    text = render_with(report, low, limit)
    if len(text) <= limit:
        return text
    note = f"\n… {CUT_NOTE.format(limit=limit)}\n"
    return text[: text.rfind("\n", 0, limit - len(note)) + 1] + note


def write(report: ChangeReport, stream: TextIO, limit: int = MARKDOWN_LIMIT) -> None:
    """Write the Markdown report."""
    stream.write(render(report, limit))
