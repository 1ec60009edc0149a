"""Actual money is reported from a source the node does not name.

Money spent from a source the plan never assigned to the item is either a mistyped source id or a
real change of financing the council should hear about.

Bad (the node names only `local_budget`):

```yaml
actual:
  state_budget: 120.0
```

Good:

```yaml
actual:
  local_budget: 120.0
```
"""

from collections.abc import Iterator

from stratplan.check.rules._monitoring import at, planned_for, reported_items
from stratplan.check.rules.base import Finding, Options, Rule
from stratplan.compute.rollup import ALL
from stratplan.core.diagnostics import Severity
from stratplan.plan.view import PlanView

CODE = "MN102"
NAME = "actual-source-not-planned"
SEVERITY = Severity.WARNING


def check(plan: PlanView, _options: Options) -> Iterator[Finding]:
    for entry in reported_items(plan):
        if entry.node is None:
            continue
        named = set(entry.node.funding.sources) if entry.node.funding else set()
        named |= set(planned_for(plan, entry.node, entry.report.period.year)[0])
        for source, amount in entry.item.actual.items():
            if amount is not None and source != ALL and source not in named:
                yield at(entry, f"'{entry.code}' reports money from '{source}', a source it does not name",
                         "actual", source, key=True)


RULE = Rule(CODE, NAME, SEVERITY, check, __doc__ or "")
