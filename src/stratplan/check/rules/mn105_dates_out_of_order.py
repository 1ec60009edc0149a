"""Reported dates are out of order or after the reporting period.

An item cannot be completed before it started, and a report for 2023 cannot record what happens
after 31.12.2023.

Bad:

```yaml
started: 2023-09-01
completed: 2023-03-01
```

Good:

```yaml
started: 2023-03-01
completed: 2023-09-01
```
"""

from collections.abc import Iterator

from stratplan.check.rules._monitoring import at, reported_items
from stratplan.check.rules.base import Finding, Options, Rule
from stratplan.core.diagnostics import Severity
from stratplan.plan.view import PlanView

CODE = "MN105"
NAME = "dates-out-of-order"
SEVERITY = Severity.ERROR


def check(plan: PlanView, _options: Options) -> Iterator[Finding]:
    for entry in reported_items(plan):
        item, end = entry.item, entry.report.period.end
        if item.started and item.completed and item.completed < item.started:
            yield at(entry, f"'{entry.code}' is completed ({item.completed:%d.%m.%Y}) before it started "
                            f"({item.started:%d.%m.%Y})", "completed")
        for field in ("started", "completed"):
            value = getattr(item, field)
            if value is not None and value > end:
                yield at(entry, f"'{entry.code}' {field} date {value:%d.%m.%Y} is after the period's end "
                                f"{end:%d.%m.%Y}", field)


RULE = Rule(CODE, NAME, SEVERITY, check, __doc__ or "")
