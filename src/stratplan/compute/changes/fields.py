"""What changed in a node, in plan.yaml and in context.yaml, field by field: every model field is compared.

The walk (`walk.py`) goes through the models' fields and compares each generically, named from its path
(`funding note`, `document decision number`, `source local_budget name`). `FIELDS` is the one table of the
fields that mean more, or are not compared where they are, each with its reason; a field a model gains is
compared without touching this package. `tests/test_changes_fields.py` checks every field of every model is
compared or listed here.
"""

from __future__ import annotations

from stratplan.compute.changes import handlers
from stratplan.compute.changes.walk import At, Diff, Handling, compare_model, compare_root, handled, named, skipped
from stratplan.model import AnyNode, ContextFile, PlanFile

CHILDREN = "children are matched and compared as nodes of their own (see match.py)"
DECLARED = "a figure the document prints (ВСЬОГО, РАЗОМ): money, which may be unknown"

FIELDS: dict[str, Handling] = {
    # Tree nodes (strategic goals, operational goals, tasks, measures): `node.*`.
    "node.code": skipped("the key nodes are matched by: a new code is a node renumbered or moved, or one removed "
                         "and one added"),
    "node.operational_goals": skipped(CHILDREN),
    "node.tasks": skipped(CHILDREN),
    "node.measures": skipped(CHILDREN),
    "node.as_numbered": named("printed number", "the number as the document prints it, apart from the code"),
    "node.term": handled(handlers.term, "one span (`2021-2023`, `H2 2021`); `term-later` when it starts or ends "
                                        "later"),
    "node.executors": handled(handlers.joined, "one list, as the document prints it (`uszn, tsnsp → uszn`)"),
    "node.funding.sources": handled(handlers.funding_sources, "with the sources of the node's planned lines; "
                                    "`source-switched` when a source replaced another", name="sources"),
    "node.funding.planned": handled(handlers.planned_lines, "lines paired by source; known amounts are the rollup's "
                                    "money deltas, amounts that became or stopped being unknown are listed by year "
                                    "and source"),
    "node.funding.planned.*.source": skipped("the key lines are paired by: money under another source is a money "
                                             "delta, a source the node did not name a change of its sources"),
    "node.funding.planned.*.years": skipped("compared by node.funding.planned, as money deltas and unknown amounts"),
    "node.funding.planned.*.total": handled(handlers.money, "the row's printed total (Всього): " + DECLARED,
                                            name="{parent} total"),
    "node.indicators": handled(handlers.indicators, "paired by text, else by position, and compared field by field "
                               "about their text; `target-removed` when one with targets goes"),
    "node.indicators.*.text": handled(handlers.indicator_text, "the indicator itself, so no subject",
                                      name="{parent}"),
    "node.indicators.*.targets": handled(handlers.targets, "per year; `target-lowered` when weakened for the "
                                         "indicator's direction, `target-removed`", name="target"),
    "node.declared_total.total": handled(handlers.money, DECLARED, name="{parent}"),
    "node.declared_total.years": handled(handlers.money_by_year, DECLARED, name="{parent}"),
    # plan.yaml: `plan.*`.
    "plan.declared_total": named("plan declared total", "the plan's total, told apart from the nodes' ones"),
    "plan.declared_total.total": handled(handlers.money, DECLARED, name="{parent}"),
    "plan.declared_total.years": handled(handlers.money_by_year, DECLARED, name="{parent}"),
    # context.yaml: `context`.
    "context": handled(handlers.sections, "long analysis text (tables, SWOT, scenarios): lists by their length, "
                                          "so a PR comment stays short; mappings key by key, text as is"),
}
"""The fields with a meaning of their own, by path (`*` is an item of a list or mapping); the rest is generic."""

ORDER: dict[str, tuple[str, ...]] = {
    "node": ("title", "motto", "expected_result", "as_numbered", "term", "executors", "funding.sources",
             "indicators", "declared_total", "funding.planned", "funding.note", "notes"),
    "node.indicators.*": ("text", "unit", "direction", "note"),
    "plan": ("declared_total", "sources", "executors"),
}
"""Where the changes are listed in another order than the model's fields: what a node is, when, by whom, from
which sources and measured how, then its figures and notes. Fields not listed follow in the model's order."""


def compare_node(base: AnyNode, head: AnyNode, where: str) -> Diff:
    """Every field change of a node edited in place, and the flags they raise (children are compared on their own)."""
    diff = Diff(where, FIELDS, ORDER)
    compare_model(diff, At(("node",), ""), base, head)
    return diff


def compare_plan_file(base: PlanFile | None, head: PlanFile | None) -> Diff:
    """Changes of plan.yaml: declared total, catalogs by id, and every other section."""
    diff = Diff("plan", FIELDS, ORDER)
    if base is not None and head is not None:
        compare_model(diff, At(("plan",), ""), base, head)
    return diff


def compare_context(base: ContextFile | None, head: ContextFile | None) -> Diff:
    """Changes of context.yaml, section by section (statistics, SWOT, scenarios, lists, monitoring, …)."""
    diff = Diff("context", FIELDS, ORDER)
    compare_root(diff, At(("context",), "context"), base, head)
    return diff
