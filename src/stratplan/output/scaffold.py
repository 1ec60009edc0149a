"""`stratplan monitor init`: a monitoring file to fill in, with the plan's figures as comments."""

from __future__ import annotations

import json
import re
from decimal import Decimal

from stratplan.compute.monitoring import active_nodes, effective_term, planned_for, term_unknown_items
from stratplan.compute.rollup import ALL, carried_markers
from stratplan.core.numbers import decimal_comma
from stratplan.model import MARKER_WORDS, AnyNode
from stratplan.model.monitoring import STATUSES, Period
from stratplan.plan.view import PlanView

SCHEMA_LINE = "# yaml-language-server: $schema=../../../schemas/monitoring.schema.json"
UNITS = {"thousand_uah": "thousand UAH", "uah": "UAH"}
COMMENT_WIDTH = 90


_NOT_IN_A_COMMENT = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]")
"""What a one-line YAML comment cannot hold, or the loader refuses: control characters (a line break among them),
NEL, line and paragraph separators, a BOM, non-characters."""


def _comment(text: str) -> str:
    """Plan text made safe for a one-line YAML comment: whitespace collapsed, anything a comment cannot hold as `?`."""
    flat = _NOT_IN_A_COMMENT.sub("?", " ".join(text.split()))
    return flat if len(flat) <= COMMENT_WIDTH else flat[: COMMENT_WIDTH - 1] + "…"


def _money(value: Decimal) -> str:
    return decimal_comma(value)


def _sources(plan: PlanView, node: AnyNode, year: int) -> tuple[list[str], str]:
    planned, unknown = planned_for(plan, node, year)
    listed = list(node.funding.sources) if node.funding else []
    keys = sorted(set(planned) | (set(listed) if not planned else set()))
    shown = ", ".join(f"{k} {_money(v)}" for k, v in sorted(planned.items()))
    if unknown:
        shown = f"{shown}, the rest unknown in the source" if shown else "unknown in the source"
    markers = "; ".join(dict.fromkeys(MARKER_WORDS[marker] for _source, marker, _code in carried_markers(plan, node)))
    if markers:
        shown = f"{shown}; {markers}" if shown else markers
    return keys, f"planned {year}: {shown or 'no amount'}"


def _item(plan: PlanView, node: AnyNode, year: int) -> list[str]:
    term = effective_term(plan, node)
    term_text = (term.as_written or term.span()) if term else "unknown"
    lines = [f"  {json.dumps(node.code)}:  # {plan.level(node)}: {_comment(node.title)} | term {_comment(term_text)}",
             f"    status:  # {' | '.join(STATUSES)}",
             "    started:  # actual start date, YYYY-MM-DD",
             "    completed:  # actual completion date, YYYY-MM-DD"]
    keys, planned = _sources(plan, node, year)
    if keys:
        lines.append(f"    actual:  # {UNITS[plan.money_unit]}; {planned}")
        lines += [f"      {key}:" for key in keys]
    else:
        lines.append(f"    actual: {{}}  # {UNITS[plan.money_unit]}; {planned}; add a source id (or {ALL}) if money was "
                     "spent")
    targets = [(i, ind) for i, ind in enumerate(node.indicators, start=1)]
    if targets:
        lines.append("    indicators:  # actual values by indicator position")
        for position, indicator in targets:
            target = indicator.targets.get(year)
            aim = f" (target {year}: {_money(Decimal(target))})" if target is not None else ""
            lines.append(f"      {position}:  # {_comment(indicator.text)}{aim}")
    lines.append("    comment:")
    return lines


def scaffold(plan: PlanView, period: Period) -> str:
    """The text of a monitoring file for every node active in the period, and every one whose term is unknown
    (said so in its comment), actual fields empty."""
    period_yaml = f"{{year: {period.year}, half: {period.half}}}" if period.half else f"{{year: {period.year}}}"
    lines = [SCHEMA_LINE, "schema_version: 1", f"period: {period_yaml}", "items:"]
    listed = {id(node) for node in (*active_nodes(plan, period), *term_unknown_items(plan))}
    nodes = [node for node in plan.walk() if id(node) in listed]
    for node in nodes:
        lines += _item(plan, node, period.year)
    if not nodes:
        lines[-1] = "items: {}  # no node of the plan is active in this period"
    return "\n".join(lines) + "\n"
