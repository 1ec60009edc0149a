"""The plan's declared total (РАЗОМ) differs from the goals' totals.

The grand total of a plan must equal, year by year, the sum of its strategic goals: their declared
totals (ВСЬОГО) where they print one, otherwise what their parts add up to. Where a goal's figure is
incomplete because amounts are `unknown` that could make up the difference, the total is not proven wrong:
that is BG108.

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
from stratplan.compute.rollup import YearAmounts, effective_years
from stratplan.core.diagnostics import Severity
from stratplan.core.numbers import plain
from stratplan.model import UNKNOWN, StrategicGoal
from stratplan.plan.view import PlanView

CODE = "BG105"
NAME = "plan-total-mismatch"
SEVERITY = Severity.ERROR


def goal_years(plan: PlanView, goal: StrategicGoal) -> tuple[YearAmounts, dict[int, list[str]]]:
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


def check(plan: PlanView, _options: Options) -> Iterator[Finding]:
    if plan.meta is None or plan.meta.declared_total is None:
        return
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
