"""An item is `completed` but has no completion date.

Without the date, monitoring cannot tell whether the item finished on time.

Bad:

```yaml
status: completed
```

Good:

```yaml
status: completed
completed: 2023-10-15
```
"""

from collections.abc import Iterator

from stratplan.check.rules._monitoring import at, reported_items
from stratplan.check.rules.base import Finding, Options, Rule
from stratplan.core.diagnostics import Severity
from stratplan.plan.view import PlanView

CODE = "MN104"
NAME = "completed-without-date"
SEVERITY = Severity.ERROR


def check(plan: PlanView, _options: Options) -> Iterator[Finding]:
    for entry in reported_items(plan):
        if entry.item.status == "completed" and entry.item.completed is None:
            yield at(entry, f"'{entry.code}' is completed but has no completion date", "status")


RULE = Rule(CODE, NAME, SEVERITY, check, __doc__ or "")
