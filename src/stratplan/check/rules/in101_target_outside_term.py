"""An indicator sets a target for a year outside the node's term or the plan period.

Bad:

```yaml
term: {start: 2021, end: 2022}
indicators:
  - text: Кількість навчених працівників
    targets: {2025: 5}
```

Good:

```yaml
term: {start: 2021, end: 2022}
indicators:
  - text: Кількість навчених працівників
    targets: {2022: 5}
```
"""

from collections.abc import Iterator

from stratplan.check.rules.base import Finding, Options, Rule
from stratplan.core.diagnostics import Severity
from stratplan.plan.tree import known_term, plan_period
from stratplan.plan.view import PlanView

CODE = "IN101"
NAME = "target-outside-term"
SEVERITY = Severity.ERROR


def check(plan: PlanView, _options: Options) -> Iterator[Finding]:
    period = plan_period(plan)
    for node in plan.walk():
        term = known_term(node)
        for index, indicator in enumerate(node.indicators):
            for year in sorted(indicator.targets):
                outside_period = period is not None and not period[0] <= year <= period[1]
                if outside_period or (term is not None and not term.covers(year)):
                    yield Finding(f"indicator target for {year} is outside the term of '{node.code}'", node,
                                  ("indicators", index, "targets", year), key=True)


RULE = Rule(CODE, NAME, SEVERITY, check, __doc__ or "")
