"""The plan's declared total (РАЗОМ) differs from the goals' totals.

The grand total of a plan must equal, year by year, the sum of its strategic goals: their declared
totals (ВСЬОГО) where they print one, otherwise what their parts add up to.

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

from stratplan.diagnostics import Severity
from stratplan.loader import LoadedPlan
from stratplan.models import UNKNOWN, StrategicGoal
from stratplan.rules.base import Finding
from stratplan.tree import YearAmounts, effective_years, format_amount

CODE = "BG105"
NAME = "plan-total-mismatch"
SEVERITY = Severity.WARNING


def _goal_years(goal: StrategicGoal) -> YearAmounts:
    if goal.declared_total is not None:
        return {y: Decimal(v) for y, v in goal.declared_total.years.items() if v != UNKNOWN}
    return effective_years(goal)[0]


def check(plan: LoadedPlan) -> Iterator[Finding]:
    if plan.plan is None or plan.plan.declared_total is None:
        return
    declared = plan.plan.declared_total
    summed: YearAmounts = {}
    for goal in plan.goals:
        for year, amount in _goal_years(goal).items():
            summed[year] = summed.get(year, Decimal(0)) + amount
    for year in sorted(set(declared.years) | set(summed)):
        stated = declared.years.get(year)
        if stated == UNKNOWN:
            continue
        gap = Decimal(stated or 0) - summed.get(year, Decimal(0))
        if gap != 0:
            yield Finding(f"the plan declares {format_amount(Decimal(stated or 0))} for {year}, its goals add up to "
                          f"{format_amount(summed.get(year, Decimal(0)))} (difference {format_amount(gap)})",
                          plan_path=("declared_total", "years", year), key=True)
