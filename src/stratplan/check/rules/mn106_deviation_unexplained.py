"""Actual money deviates from the plan by more than the threshold and no comment explains it.

The working group reports deviations to the council; a large one without an explanation is the
first question a councillor asks. The threshold is `deviation_threshold` in the configuration
(percent, default 25).

Bad (planned 100.0):

```yaml
actual: {local_budget: 40.0}
```

Good:

```yaml
actual: {local_budget: 40.0}
comment: Тендер перенесено на 2024 рік, решту коштів повернуто до бюджету.
```
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from stratplan.check.rules._monitoring import at, planned_for, reported_items
from stratplan.check.rules.base import Finding, Option, Options, Rule, percentage
from stratplan.core.diagnostics import Severity
from stratplan.core.numbers import percent
from stratplan.core.numbers import percent_text as shown_percent
from stratplan.plan.view import PlanView

CODE = "MN106"
NAME = "deviation-unexplained"
SEVERITY = Severity.WARNING


def check(plan: PlanView, options: Options) -> Iterator[Finding]:
    threshold = options["deviation_threshold"]
    for entry in reported_items(plan):
        if entry.node is None or (entry.item.comment or "").strip():
            continue
        planned, _unknown = planned_for(plan, entry.node, entry.report.period.year)
        for source, actual in sorted(entry.item.actual.items()):
            plan_amount = planned.get(source)
            if actual is None or not plan_amount:
                continue
            deviation = percent(actual - plan_amount, plan_amount)
            if deviation is not None and abs(deviation) > threshold:
                yield at(entry, f"'{entry.code}' {source}: actual deviates from the plan by {shown_percent(deviation)} "
                                f"(threshold {threshold} %) with no comment", "actual", source)


RULE = Rule(CODE, NAME, SEVERITY, check, __doc__ or "",
            options=(Option("deviation_threshold", Decimal(25), percentage,
                            "percent of the plan an actual amount may deviate by without a comment"),))
