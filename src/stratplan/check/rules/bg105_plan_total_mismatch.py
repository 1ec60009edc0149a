"""The plan's declared total (РАЗОМ) differs from the goals' totals.

The grand total of a plan must equal, year by year, the sum of its strategic goals (its top-level
nodes): their declared totals (ВСЬОГО) where they print one, otherwise what their parts add up to; and
each source's row of it (`by_source`) the goals' money from that source, where it is split by source.
Where a goal's figure is incomplete because amounts are `unknown` that could make up the difference, the
total is not proven wrong: that is BG108. A plan whose goals give no amounts at all (a programme
passport's totals without its measures table) is not reported: its totals are unchecked, not contradicted.

Bad (two goals declaring 10.0 and 20.0 for 2021):

```yaml
declared_total: {label: "РАЗОМ:", years: {2021: 40.0}}
```

Good:

```yaml
declared_total: {label: "РАЗОМ:", years: {2021: 30.0}}
```
"""

from collections.abc import Iterator
from decimal import Decimal

from stratplan.check.rules.base import Finding, Options, Rule
from stratplan.compute.rollup import ALL, YearAmounts, carried, effective_years, split_by_source
from stratplan.core.diagnostics import Severity
from stratplan.core.numbers import plain
from stratplan.model import UNKNOWN, AnyNode
from stratplan.plan.view import PlanView

CODE = "BG105"
NAME = "plan-total-mismatch"
SEVERITY = Severity.ERROR


def goal_years(plan: PlanView, goal: AnyNode) -> tuple[YearAmounts, dict[int, list[str]]]:
    """A goal's figure per year (declared where printed) and, per year, codes whose amounts are unknown."""
    computed, unknown = effective_years(plan, goal)
    declared = goal.declared_total
    if declared is None or not declared.years:
        return computed, unknown
    years: YearAmounts = {}
    for year, value in declared.years.items():
        if value == UNKNOWN:
            unknown.setdefault(year, []).append(goal.code)
        else:
            years[year] = Decimal(value)
            unknown.pop(year, None)
    return years, unknown


def _facts(declared: Decimal, parts: Decimal, gap: Decimal, year: int | None = None) -> tuple[tuple[str, str], ...]:
    return (*((("year", str(year)),) if year is not None else ()), ("declared", plain(declared)),
            ("parts", plain(parts)), ("difference", plain(gap)))


def plan_years(plan: PlanView) -> tuple[YearAmounts, dict[int, list[str]]]:
    """The goals' figures summed per year, and per year the codes whose amounts are unknown."""
    summed: YearAmounts = {}
    unknown: dict[int, list[str]] = {}
    for goal in plan.goals:
        years, goal_unknown = goal_years(plan, goal)
        for year, amount in years.items():
            summed[year] = summed.get(year, Decimal(0)) + amount
        for year, codes in goal_unknown.items():
            unknown.setdefault(year, []).extend(codes)
    return summed, unknown


def _gives_money(plan: PlanView, goal: AnyNode) -> bool:
    known, missing = carried(plan, goal)
    return bool(known or missing) or goal.declared_total is not None


def _source_figure(plan: PlanView, goal: AnyNode, source: str, year: int) -> tuple[Decimal, list[str]] | None:
    """A goal's money from one source in a year (declared where it prints sources, else computed), with the codes
    whose amounts are unknown; None when its money that year is not split by source."""
    declared = goal.declared_total
    if declared is not None and declared.by_source:
        value = next((entry.years.get(year) for entry in declared.by_source if entry.source == source), None)
        if value == UNKNOWN:
            return Decimal(0), [goal.code]
        return Decimal(value or 0), []
    known, missing = carried(plan, goal)
    if not split_by_source(known, year) or any(y == year and s == ALL for y, s, _c in missing):
        return None
    return (sum((a for y, s, a in known if y == year and s == source), Decimal(0)),
            [c for y, s, c in missing if y == year and s == source])


def _by_source(plan: PlanView) -> Iterator[Finding]:
    assert plan.meta is not None and plan.meta.declared_total is not None
    for index, entry in enumerate(plan.meta.declared_total.by_source):
        for year, stated in sorted(entry.years.items()):
            figures = [_source_figure(plan, goal, entry.source, year) for goal in plan.goals]
            if stated == UNKNOWN or any(figure is None for figure in figures):
                continue
            summed = sum((f[0] for f in figures if f is not None), Decimal(0))
            codes = [code for f in figures if f is not None for code in f[1]]
            gap = Decimal(stated) - summed
            if gap != 0 and not (gap > 0 and codes):  # unknown amounts could explain it: not proven wrong (BG108)
                yield Finding(f"the plan declares {plain(Decimal(stated))} from '{entry.source}' for {year}, its goals "
                              f"add up to {plain(summed)} from it (difference {plain(gap)})",
                              plan_path=("declared_total", "by_source", index, "years", year), key=True,
                              facts=(("source", entry.source), *_facts(Decimal(stated), summed, gap, year)))


def check(plan: PlanView, _options: Options) -> Iterator[Finding]:
    if plan.meta is None or plan.meta.declared_total is None:
        return
    if not any(_gives_money(plan, goal) for goal in plan.goals):
        return  # nothing to check the declared total against: the goals give no amounts, not zero
    yield from _by_source(plan)
    declared = plan.meta.declared_total
    summed, unknown = plan_years(plan)
    if not declared.years:
        if declared.total is None or declared.total == UNKNOWN:
            return
        parts = sum(summed.values(), Decimal(0))
        gap = Decimal(declared.total) - parts
        if gap != 0 and not (gap > 0 and any(unknown.values())):  # unknown amounts could explain it: BG108
            yield Finding(f"the plan declares {plain(Decimal(declared.total))} in total, its goals add up to "
                          f"{plain(parts)} (difference {plain(gap)})",
                          plan_path=("declared_total", "total"), facts=_facts(Decimal(declared.total), parts, gap))
        return
    for year in sorted(set(declared.years) | set(summed)):
        stated = declared.years.get(year)
        if stated == UNKNOWN:
            continue
        gap = Decimal(stated or 0) - summed.get(year, Decimal(0))
        if gap != 0 and not (gap > 0 and unknown.get(year)):  # unknown amounts could explain it: BG108
            yield Finding(f"the plan declares {plain(Decimal(stated or 0))} for {year}, its goals add up to "
                          f"{plain(summed.get(year, Decimal(0)))} (difference {plain(gap)})",
                          plan_path=("declared_total", "years", year), key=True,
                          facts=_facts(Decimal(stated or 0), summed.get(year, Decimal(0)), gap, year))


RULE = Rule(CODE, NAME, SEVERITY, check, __doc__ or "", needs_complete_plan=True)
