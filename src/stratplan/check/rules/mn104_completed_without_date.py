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
from stratplan.check.rules.base import Finding
from stratplan.core.diagnostics import Severity
from stratplan.plan.loader import LoadedPlan

CODE = "MN104"
NAME = "completed-without-date"
SEVERITY = Severity.ERROR


def check(plan: LoadedPlan) -> Iterator[Finding]:
    for entry in reported_items(plan):
        if entry.item.status == "completed" and entry.item.completed is None:
            yield at(entry, f"'{entry.code}' is completed but has no completion date", "status")
