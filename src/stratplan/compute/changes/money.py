"""Planned money before and after, from the rollup's computed amounts, and the flags its redistribution raises.

The rollup counts a node's own lines when it has any, otherwise its children's, so a task whose measures
split its money is not counted twice here either.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from stratplan.compute.changes.model import Flag, MoneyDelta
from stratplan.compute.rollup import ALL, in_thousands, plan_budget
from stratplan.core.numbers import money as money_text
from stratplan.core.numbers import signed
from stratplan.model import Level
from stratplan.plan.loader import LoadedPlan

Cells = dict[tuple[int, str], Decimal]
EVERY_LEVEL: tuple[Level, ...] = ("strategic_goal", "operational_goal", "task", "measure")


@dataclass
class Money:
    """One side's computed money: per node code and for the whole plan, by (year, source)."""

    nodes: dict[str, Cells] = field(default_factory=dict)
    plan: Cells = field(default_factory=dict)


def money_of(plan: LoadedPlan | None, unit: str = "thousand_uah") -> Money:
    """The rollup's computed amounts of every node and of the plan (nothing for a missing plan), in the plan's unit,
    or converted to thousand UAH when `unit` says so and the plan's is UAH."""
    money = Money()
    if plan is None:
        return money
    own = plan.view.money_unit
    for row in plan_budget(plan.view, EVERY_LEVEL).rows:
        if row.basis != "computed" or not isinstance(row.year, int):
            continue
        cells = money.plan if row.level == "plan" else money.nodes.setdefault(row.code, {})
        amount = row.amount if own == unit else in_thousands(row.amount, own)
        cells[(row.year, row.source)] = cells.get((row.year, row.source), Decimal(0)) + amount
    return money


def total(cells: Cells) -> Decimal:
    """All years and sources together."""
    return sum(cells.values(), Decimal(0))


def deltas(before: Cells, after: Cells) -> list[MoneyDelta]:
    """The (year, source) cells that differ, in year and source order."""
    zero = Decimal(0)
    return [MoneyDelta(year, source, before.get((year, source), zero), after.get((year, source), zero))
            for year, source in sorted(set(before) | set(after))
            if before.get((year, source), zero) != after.get((year, source), zero)]



def _by(cells: Cells, part: Callable[[tuple[int, str]], int | str]) -> dict[int | str, Decimal]:
    grouped: dict[int | str, Decimal] = {}
    for key, amount in cells.items():
        grouped[part(key)] = grouped.get(part(key), Decimal(0)) + amount
    return grouped


def _shifts(before: dict[int | str, Decimal], after: dict[int | str, Decimal]) -> str:
    zero = Decimal(0)
    keys = sorted(set(before) | set(after), key=str)
    return ", ".join(f"{key} {signed(after.get(key, zero) - before.get(key, zero))}" for key in keys
                     if after.get(key, zero) != before.get(key, zero))


def moved_flags(before: Cells, after: Cells, where: str) -> list[Flag]:
    """money-moved-years and money-moved-sources when the total is unchanged but its distribution is not."""
    if before == after or total(before) != total(after) or not before:
        return []
    flags = []
    years = _shifts(_by(before, lambda k: k[0]), _by(after, lambda k: k[0]))
    if years:
        flags.append(Flag("money-moved-years", where, f"{years} (total {money_text(total(after))} unchanged)"))
    old_sources, new_sources = _by(before, lambda k: k[1]), _by(after, lambda k: k[1])
    sources = _shifts(old_sources, new_sources)
    if sources and ALL not in old_sources and ALL not in new_sources:
        flags.append(Flag("money-moved-sources", where, f"{sources} (total {money_text(total(after))} unchanged)"))
    return flags


def plan_flags(before: Cells, after: Cells, raised: Iterable[Flag]) -> list[Flag]:
    """Plan-level redistribution flags, unless a node of the plan already raised the same flag."""
    seen = {flag.name for flag in raised}
    return [flag for flag in moved_flags(before, after, "plan") if flag.name not in seen]
