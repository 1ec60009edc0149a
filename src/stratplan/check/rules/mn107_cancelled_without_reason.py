"""An item is `cancelled` (or `postponed`) without a comment giving the reason.

Bad:

```yaml
status: cancelled
```

Good:

```yaml
status: cancelled
comment: Послугу передано обласному центру, рішення виконкому № 123 від 12.05.2023.
```
"""

from collections.abc import Iterator

from stratplan.check.rules._monitoring import at, reported_items
from stratplan.check.rules.base import Finding, Options, Rule
from stratplan.core.diagnostics import Severity
from stratplan.plan.view import PlanView

CODE = "MN107"
NAME = "cancelled-without-reason"
SEVERITY = Severity.WARNING


def check(plan: PlanView, _options: Options) -> Iterator[Finding]:
    for entry in reported_items(plan):
        status = entry.item.status
        if status in ("cancelled", "postponed") and not (entry.item.comment or "").strip():
            yield at(entry, f"'{entry.code}' is {status} without a comment giving the reason", "status")


RULE = Rule(CODE, NAME, SEVERITY, check, __doc__ or "")
