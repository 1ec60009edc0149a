"""Output of `stratplan changes`: the JSON format and what the text and Markdown formats share.

Numbers arrive computed; this only lays them out. The escapers here treat every piece of plan text as
hostile: in Markdown it cannot mention people, link issues, inject HTML or break a table.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Sequence
from decimal import Decimal
from typing import Any, TextIO

from stratplan.compute.changes import ChangeReport, FieldChange, FindingChange, Flag, MoneyDelta, NodeChange, PlanChanges, Side
from stratplan.core.numbers import decimal_comma, plain, signed, tidy
from stratplan.core.numbers import money as money_text
from stratplan.output.formatters.terminal import printable

UNITS = {"thousand_uah": "тис. грн", "uah": "грн"}
FINDING_FLAGS = ("finding-introduced", "finding-resolved")
TITLE_CHARS, VALUE_CHARS = 150, 300

_MD_SPECIAL = re.compile(r"([\\`*_\[\]~])")
_GH_REF = re.compile(r"\b(GH)-(?=\d)", re.IGNORECASE)

Escape = Callable[[str], str]


def plain_text(text: str) -> str:
    """Text for a terminal: control characters (escape sequences) shown as `?`, line breaks as spaces."""
    return printable(text)


def html_text(text: str) -> str:
    """Plan text inside HTML (`<summary>`): no tags, no @mentions, no issue links."""
    text = plain_text(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _GH_REF.sub("\\1\u200b-", text.replace("@", "@\u200b").replace("#", "#\u200b"))


def md_text(text: str) -> str:
    """Plan text inside Markdown, also in a table cell: no emphasis, links, HTML, mentions or cell breaks."""
    text = plain_text(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = _MD_SPECIAL.sub(r"\\\1", text).replace("|", "\\|")
    text = text.replace("://", ":\u200b//").replace("www.", "www\u200b.")  # no autolinks
    return _GH_REF.sub("\\1\u200b-", text.replace("@", "@\u200b").replace("#", "#\u200b"))


def md_code(text: str) -> str:
    """A code, id or flag name as inline code (they are plain by their schema; backticks are dropped anyway)."""
    return f"`{plain_text(text).replace('`', '')}`"


def clip(text: str, limit: int) -> str:
    """Text cut to `limit` characters with an ellipsis."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def level_name(level: str) -> str:
    """`operational_goal` as `operational goal`."""
    return level.replace("_", " ")


def shown_value(change: FieldChange, value: str) -> str:
    """A field's value for people: money as `10 916,2`, numbers with a decimal comma, `—` when absent."""
    if not value:
        return "—"
    if change.kind == "money" and value != "unknown":
        return money_text(Decimal(value))
    if change.kind == "number":
        return decimal_comma(Decimal(value))
    return value


def side_label(side: Side) -> str:
    """`HEAD~1 (1a2b3c4)`, `folder old/` or `working tree`."""
    if side.commit:
        return f"{side.label} ({side.commit[:7]})"
    return f"folder {side.folder}" if side.folder else side.label


def headline(report: ChangeReport) -> str:
    """`Net planned money: −160,0 тис. грн (melitopol)`, one part per plan that changed."""
    parts = []
    for plan in report.plans:
        if plan.status == "unchanged":
            continue
        amount = f"{signed(plan.money_change)} {UNITS[plan.unit]}" if plan.has_amounts else "no amounts"
        amount = "not compared" if plan.status == "load-failed" else amount
        parts.append(f"{amount} ({plan.community})")
    return "Net planned money: " + "; ".join(parts) if parts else "No plan changed."


def identical_line(report: ChangeReport) -> str:
    """`1459 plans unchanged (the same files on both sides, not compared)`; empty when every plan was compared."""
    count = len(report.identical)
    if not count:
        return ""
    return f"{count} plan{'s' if count != 1 else ''} unchanged (the same files on both sides, not compared)"


def flag_summary(report: ChangeReport, name: Escape) -> str:
    """`term-later ×1, money-moved-years ×1`."""
    return ", ".join(f"{name(flag)} ×{count}" for flag, count in report.flag_counts().items())


def node_counts(plan: PlanChanges) -> str:
    """`2 changed, 1 moved` (kinds that occur, in a fixed order)."""
    kinds = ("changed", "added", "removed", "moved", "renumbered")
    return ", ".join(f"{plan.count(k)} {k}" for k in kinds if plan.count(k)) or "none"


def node_heading(node: NodeChange, esc: Escape, code: Escape, title_chars: int | None = None) -> str:
    """`moved task 1.1.3 → 1.2.2 Title (from 1.1 to 1.2), with 2 nodes under it`."""
    title = node.title if title_chars is None else clip(node.title, title_chars)
    codes = f"{code(node.old_code)} → {code(node.code)}" if node.old_code else code(node.code)
    text = f"{node.kind} {level_name(node.level)} {codes} {esc(plain_text(title))}"
    if node.kind == "moved":
        text += f" (from {code(node.old_parent) if node.old_parent else 'top'} to {code(node.new_parent)})"
    if node.carried:
        text += f", with {node.carried} node{'s' if node.carried > 1 else ''} under it"
    return text


def field_line(change: FieldChange, esc: Escape, value_chars: int | None = None) -> str:
    """`target 2023 (Кількість …): 35 → 30`."""
    def shown(value: str) -> str:
        text = shown_value(change, value)
        return esc(text if value_chars is None else clip(text, value_chars))

    subject = f" ({esc(clip(change.subject, 80))})" if change.subject else ""
    return f"{esc(change.field)}{subject}: {shown(change.before)} → {shown(change.after)}"


def shift(before: Decimal, after: Decimal) -> str:
    """`800,0 → 700,0 (−100,0)`."""
    return f"{money_text(before)} → {money_text(after)} ({signed(after - before)})"


def money_line(delta: MoneyDelta, code: Escape) -> str:
    """`money 2024 local_budget: 800,0 → 700,0 (−100,0)`."""
    return f"money {delta.year} {code(delta.source)}: {shift(delta.before, delta.after)}"


def flag_line(flag: Flag, esc: Escape, code: Escape) -> str:
    """`term-later 1.1.1: term 2021-2023 → 2021-2024`."""
    return f"{code(flag.name)} {esc(flag.where)}: {esc(flag.message)}"


def money_summary(plan: PlanChanges) -> str:
    """`+10,0 тис. грн (130,50 → 140,50)`."""
    if plan.status == "load-failed":
        return "not compared: a side does not load"
    if not plan.has_amounts:
        return "no amounts on either side"
    return (f"{signed(plan.money_change)} {UNITS[plan.unit]} ({money_text(plan.money_before)} → "
            f"{money_text(plan.money_after)})")


def listed_flags(plan: PlanChanges) -> list[Flag]:
    """Flags shown one by one; finding flags are counted, their findings are listed in their own section."""
    return [f for f in plan.flags if f.name not in FINDING_FLAGS]


def finding_counts(plan: PlanChanges) -> str:
    """`1 introduced, 2 changed, 0 resolved`."""
    return ", ".join(f"{sum(1 for f in plan.findings if f.status == s)} {s}" for s in ("introduced", "changed", "resolved"))


def finding_line(item: FindingChange, esc: Escape, code: Escape, value_chars: int | None = None) -> str:
    """`introduced plans/x/goals/sg1.yaml:9:23: BG104 [warning] SG1 › declared_total: message (was: message)`."""
    def shown(text: str) -> str:
        return esc(text if value_chars is None else clip(text, value_chars))

    path = f" {esc(item.path)}:" if item.path else ""
    was = f" (was: {shown(item.before)})" if item.before else ""
    return f"{item.status} {esc(item.location)}: {code(item.code)} [{item.severity}]{path} {shown(item.message)}{was}"


def _plain(value: Decimal) -> str:
    return plain(tidy(value))


def _money_data(delta: MoneyDelta) -> dict[str, Any]:
    return {"year": delta.year, "source": delta.source, "before": _plain(delta.before), "after": _plain(delta.after),
            "change": _plain(delta.change)}


def _node_data(node: NodeChange) -> dict[str, Any]:
    return {"kind": node.kind, "level": node.level, "code": node.code, "old_code": node.old_code or None,
            "title": node.title, "old_parent": node.old_parent or None, "new_parent": node.new_parent or None,
            "carried": node.carried,
            "fields": [{"field": f.field, "subject": f.subject or None, "kind": f.kind, "before": f.before or None,
                        "after": f.after or None} for f in node.fields],
            "money": [_money_data(d) for d in node.money]}


def _plan_data(plan: PlanChanges) -> dict[str, Any]:
    return {
        "key": plan.key, "community": plan.community, "name": plan.name, "status": plan.status, "unit": plan.unit,
        "node_count": plan.node_count,
        "money": {"has_amounts": plan.has_amounts, "before": _plain(plan.money_before),
                  "after": _plain(plan.money_after), "change": _plain(plan.money_change),
                  "cells": [_money_data(d) for d in plan.money]},
        "goals": [{"code": g.code, "title": g.title, "before": _plain(g.before), "after": _plain(g.after),
                   "change": _plain(g.change)} for g in plan.goals],
        "flags": [{"flag": f.name, "where": f.where, "message": f.message} for f in plan.flags],
        "nodes": [_node_data(n) for n in plan.nodes],
        "plan_fields": [{"field": f.field, "kind": f.kind, "before": f.before or None, "after": f.after or None}
                        for f in plan.plan_fields],
        "findings": [{"status": f.status, "code": f.code, "severity": f.severity, "location": f.location,
                      "path": f.path, "message": f.message, "before": f.before or None} for f in plan.findings],
    }


def _side_data(side: Side) -> dict[str, Any]:
    return {"label": side.label, "commit": side.commit or None, "folder": side.folder or None}


def write_json(report: ChangeReport, stream: TextIO) -> None:
    """Everything, with amounts as plain dot-decimal strings (exact)."""
    units = {plan.unit for plan in report.plans}
    data = {"version": 1, "unit": units.pop() if len(units) == 1 else "per_plan", "base": _side_data(report.base),
            "head": _side_data(report.head),
            "flags": report.flag_counts(), "plans": [_plan_data(p) for p in report.plans],
            "identical": report.identical}
    stream.write(json.dumps(data, ensure_ascii=False, indent=2))
    stream.write("\n")


def limited(items: Sequence[Any], budget: int | None) -> tuple[Sequence[Any], int]:
    """The first `budget` items (all when None) and how many were left out."""
    if budget is None or len(items) <= budget:
        return items, 0
    return items[:budget], len(items) - budget


def joined(parts: Iterable[str]) -> str:
    """Lines joined with newlines, ending with one."""
    return "".join(f"{part}\n" for part in parts)
