"""An indicator value is reported for a position the node does not have.

Indicator values are keyed by the indicator's 1-based position in the node's list.

Bad (the node has two indicators):

```yaml
indicators:
  3: 15
```

Good:

```yaml
indicators:
  2: 15
```
"""

from collections.abc import Iterator

from stratplan.check.rules._monitoring import at, reported_items
from stratplan.check.rules.base import Finding, Options, Rule
from stratplan.core.diagnostics import Severity
from stratplan.plan.view import PlanView

CODE = "MN108"
NAME = "unknown-indicator-position"
SEVERITY = Severity.ERROR


def check(plan: PlanView, _options: Options) -> Iterator[Finding]:
    for entry in reported_items(plan):
        if entry.node is None:
            continue
        count = len(entry.node.indicators)
        for position in sorted(entry.item.indicators):
            if not 1 <= position <= count:
                yield at(entry, f"'{entry.code}' has {count} indicator(s); there is no position {position}",
                         "indicators", position, key=True)


RULE = Rule(CODE, NAME, SEVERITY, check, __doc__ or "")
