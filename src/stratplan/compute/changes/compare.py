"""Compare two sets of loaded plans: pair the plans, then their nodes, fields, money and findings."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence

from stratplan.compute.changes import money
from stratplan.compute.changes.fields import compare_context, compare_node, compare_plan_file
from stratplan.compute.changes.findings import Findings, finding_changes, finding_flags
from stratplan.compute.changes.match import Entry, Matching, Pair, flatten, match
from stratplan.compute.changes.model import (
    FLAGS,
    ChangeReport,
    Flag,
    GoalMoney,
    NodeChange,
    PlanChanges,
    Side,
)
from stratplan.compute.rollup import THOUSAND_UAH
from stratplan.core.diagnostics import Diagnostic, Severity
from stratplan.plan.loader import LoadedPlan, code_key
from stratplan.plan.tree import carries_money

LOADER_CODES = ("LD", "SC", "PL")


def compare(base: Side, head: Side, base_plans: Mapping[str, LoadedPlan], head_plans: Mapping[str, LoadedPlan],
            findings: Findings) -> ChangeReport:
    """Every plan's changes from base to head; plans are paired by folder, then by community slug.

    `findings` gives a plan's validation findings (what `validate` reports for it), for either side.
    """
    report = ChangeReport(base, head)
    for key, old, new in pair_plans(base_plans, head_plans):
        report.plans.append(compare_plan(key, old, new, findings))
    return report


def pair_plans(base: Mapping[str, LoadedPlan], head: Mapping[str, LoadedPlan]
               ) -> Iterator[tuple[str, LoadedPlan | None, LoadedPlan | None]]:
    """(key, base plan, head plan) by folder key; a plan whose folder moved is paired by its slug."""
    for key, old, new in pair_keys(list(base), list(head), lambda k: base[k].slug, lambda k: head[k].slug):
        yield key, base[old] if old is not None else None, head[new] if new is not None else None


def pair_keys(base: Sequence[str], head: Sequence[str], base_slug: Callable[[str], str],
              head_slug: Callable[[str], str]) -> list[tuple[str, str | None, str | None]]:
    """(key, base key, head key) of each pair, sorted by key: plans by folder key, then a plan found on one side only
    paired with one of the other side's by slug (a renamed folder). Slugs are asked only of plans found on one
    side, once each, and only when both sides have such plans."""
    in_base, in_head = set(base), set(head)
    old_only = [k for k in base if k not in in_head]
    new_only = [k for k in head if k not in in_base]
    renamed: dict[str, str] = {}
    if old_only and new_only:
        old_slugs = {k: base_slug(k) for k in old_only}
        for new_key in new_only:
            slug = head_slug(new_key)
            same = [k for k in old_only if old_slugs[k] == slug and k not in renamed.values()]
            if len(same) == 1:
                renamed[new_key] = same[0]
    pairs = []
    for key in sorted((in_base | in_head) - set(renamed.values())):
        old = renamed.get(key, key)
        pairs.append((key, old if old in in_base else None, key if key in in_head else None))
    return pairs


def _load_errors(plan: LoadedPlan) -> list[Diagnostic]:
    return [d for d in plan.diagnostics if d.severity is Severity.ERROR]


def compare_plan(key: str, old: LoadedPlan | None, new: LoadedPlan | None, findings: Findings) -> PlanChanges:
    """What changed in one plan (either side may be missing); `findings` as for `compare`."""
    shown = new or old
    assert shown is not None
    meta = shown.view.meta
    changes = PlanChanges(key, shown.slug, meta.issuer.name if meta else shown.slug, "changed")
    changes.findings = finding_changes(old, new, findings)
    if old is not None and new is not None and (_load_errors(old) or _load_errors(new)):
        changes.status = "load-failed"  # money, totals and rule findings of a half-loaded tree would mislead
        changes.findings = [f for f in changes.findings if f.code[:2] in LOADER_CODES]
        changes.flags = [Flag("load-failed", "plan", _load_failure(old, new)), *finding_flags(changes.findings)]
        return changes
    changes.flags += finding_flags(changes.findings)
    units = {side.view.money_unit for side in (old, new) if side is not None}
    changes.unit = units.pop() if len(units) == 1 else THOUSAND_UAH  # a plan that changed its unit: thousand UAH
    before, after = money.money_of(old, changes.unit), money.money_of(new, changes.unit)
    _plan_money(changes, before, after)
    if old is None or new is None:
        _whole_plan(changes, old, new)
    else:
        _compare_trees(changes, old, new, before, after)
    if changes.status == "changed" and not (changes.nodes or changes.plan_fields or changes.findings or changes.money):
        changes.status = "unchanged"
    return changes


def _load_failure(old: LoadedPlan, new: LoadedPlan) -> str:
    parts = []
    for side, plan in (("base", old), ("head", new)):
        errors = _load_errors(plan)
        if errors:
            first = errors[0]
            parts.append(f"{side}: {len(errors)} error(s), first {first.location}: {first.code} {first.message}")
    return "; ".join(parts)


def _whole_plan(changes: PlanChanges, old: LoadedPlan | None, new: LoadedPlan | None) -> None:
    plan = new or old
    assert plan is not None
    changes.status = "added" if new is not None else "removed"
    changes.node_count = sum(1 for _ in plan.view.walk())
    if old is not None and new is None:
        changes.flags.insert(0, Flag("node-removed", "plan", f"the whole plan was removed ({changes.node_count} nodes)"))


def _plan_money(changes: PlanChanges, before: money.Money, after: money.Money) -> None:
    changes.money = money.deltas(before.plan, after.plan)
    changes.money_before, changes.money_after = money.total(before.plan), money.total(after.plan)
    changes.has_amounts = bool(before.plan or after.plan)


def _compare_trees(changes: PlanChanges, old: LoadedPlan, new: LoadedPlan, before: money.Money,
                   after: money.Money) -> None:
    base_entries, head_entries = flatten(old), flatten(new)
    matching = match(base_entries, head_entries)
    changes.node_count = len(head_entries)
    for pair in matching.pairs:
        _pair_change(changes, pair, before, after)
    _one_sided(changes, matching, base_entries, head_entries, before, after)
    changes.nodes.sort(key=lambda n: (code_key(n.code), n.kind))
    changes.plan_fields = compare_plan_file(old.view.meta, new.view.meta).changes + compare_context(old.view.context,
                                                                                              new.view.context).changes
    node_flags = [f for f in changes.flags if f.where != "plan"]
    changes.flags += money.plan_flags(before.plan, after.plan, node_flags)
    changes.goals = _goals(base_entries, head_entries, before, after)
    _sort_flags(changes)


def _pair_change(changes: PlanChanges, pair: Pair, before: money.Money, after: money.Money) -> None:
    base, head = pair.base, pair.head
    if pair.kind == "same":
        return
    if pair.kind in ("moved", "renumbered"):
        changes.nodes.append(NodeChange(pair.kind, head.level, head.node.code, head.node.title, base.node.code,
                                        base.parent, head.parent, carried=len(pair.carried)))
        return
    diff = compare_node(base.node, head.node, head.node.code)
    cells_before, cells_after = before.nodes.get(base.node.code, {}), after.nodes.get(head.node.code, {})
    carries = carries_money(base.node) or carries_money(head.node)
    deltas = money.deltas(cells_before, cells_after) if carries else []
    if carries:
        diff.flags += money.moved_flags(cells_before, cells_after, head.node.code)
    changes.flags += diff.flags
    if diff.changes or deltas:
        changes.nodes.append(NodeChange("changed", head.level, head.node.code, head.node.title,
                                        fields=tuple(diff.changes), money=tuple(deltas)))


def _one_sided(changes: PlanChanges, matching: Matching, base_entries: dict[str, Entry],
               head_entries: dict[str, Entry], before: money.Money, after: money.Money) -> None:
    removed = {e.key for e in matching.removed}
    for entry in matching.removed:
        if entry.parent in removed:
            continue
        inside = _count_inside(base_entries, entry.key)
        cells = before.nodes.get(entry.node.code, {})
        changes.nodes.append(NodeChange("removed", entry.level, entry.node.code, entry.node.title,
                                        old_parent=entry.parent, money=tuple(money.deltas(cells, {})), carried=inside))
        changes.flags.append(Flag("node-removed", entry.node.code, _removed_message(entry, inside)))
    added = {e.key for e in matching.added}
    for entry in matching.added:
        if entry.parent in added:
            continue
        cells = after.nodes.get(entry.node.code, {})
        changes.nodes.append(NodeChange("added", entry.level, entry.node.code, entry.node.title,
                                        new_parent=entry.parent, money=tuple(money.deltas({}, cells)),
                                        carried=_count_inside(head_entries, entry.key)))


def _removed_message(entry: Entry, inside: int) -> str:
    level = entry.level.replace("_", " ")
    return f"{level} removed: {entry.node.title}" + (f" (with {inside} nodes under it)" if inside else "")


def _count_inside(entries: dict[str, Entry], key: str) -> int:
    return sum(1 + _count_inside(entries, child) for child in entries[key].children)


def _goals(base_entries: dict[str, Entry], head_entries: dict[str, Entry], before: money.Money,
           after: money.Money) -> list[GoalMoney]:
    tops = {e.node.code: e for e in (*base_entries.values(), *head_entries.values()) if not e.parent}
    goals = []
    for code in sorted(tops, key=code_key):
        old, new = before.nodes.get(code, {}), after.nodes.get(code, {})
        if old != new:
            goals.append(GoalMoney(code, tops[code].node.title, money.total(old), money.total(new), tops[code].level))
    return goals


def _sort_flags(changes: PlanChanges) -> None:
    order = {name: index for index, name in enumerate(FLAGS)}
    changes.flags.sort(key=lambda f: (order[f.name], f.where == "plan", code_key(f.where) if f.where else ()))
