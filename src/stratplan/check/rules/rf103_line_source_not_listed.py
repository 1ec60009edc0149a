"""A planned line names a source the node does not list among its sources.

Bad:

```yaml
funding:
  sources: [local_budget]
  planned:
    - source: state_budget
      years: {2022: 100.0}
```

Good:

```yaml
funding:
  sources: [local_budget, state_budget]
  planned:
    - source: state_budget
      years: {2022: 100.0}
```
"""

from collections.abc import Iterator

from stratplan.check.rules.base import Finding, Options, Rule
from stratplan.core.diagnostics import Severity
from stratplan.plan.view import PlanView

CODE = "RF103"
NAME = "planned-source-not-listed"
SEVERITY = Severity.ERROR


def check(plan: PlanView, _options: Options) -> Iterator[Finding]:
    for node in plan.walk():
        funding = node.funding
        if funding is None or not funding.sources:
            continue
        for index, line in enumerate(funding.planned):
            if line.source is not None and line.source not in funding.sources:
                yield Finding(f"'{node.code}' plans money from '{line.source}', which its sources do not list",
                              node, ("funding", "planned", index, "source"))


RULE = Rule(CODE, NAME, SEVERITY, check, __doc__ or "")
