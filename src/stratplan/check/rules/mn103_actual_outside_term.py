"""Actual money is reported for a period outside the node's term.

Spending on an item in a year its term does not cover means the term or the report is wrong.

Bad (term 2021–2022, report for 2023):

```yaml
items:
  "1.1.1":
    actual: {local_budget: 5.0}
```

Good: report the money under the item whose term covers 2023, or correct the term.
"""

from collections.abc import Iterator

from stratplan.check.rules._monitoring import at, effective_term, reported_items
from stratplan.check.rules.base import Finding, Options, Rule
from stratplan.core.diagnostics import Severity
from stratplan.plan.tree import term_years
from stratplan.plan.view import PlanView

CODE = "MN103"
NAME = "actual-outside-term"
SEVERITY = Severity.WARNING


def check(plan: PlanView, _options: Options) -> Iterator[Finding]:
    for entry in reported_items(plan):
        if entry.node is None or not any(v is not None for v in entry.item.actual.values()):
            continue
        term = effective_term(plan, entry.node)
        period = entry.report.period
        if term is not None and not term.overlaps(period.start, period.end):
            yield at(entry, f"'{entry.code}' reports money in {period.label}, outside its term {term_years(term)}",
                     "actual", key=True)


RULE = Rule(CODE, NAME, SEVERITY, check, __doc__ or "")
