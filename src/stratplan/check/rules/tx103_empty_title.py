"""A node has an empty title.

Bad:

```yaml
- code: "1.1.1"
  title: ""
```

Good:

```yaml
- code: "1.1.1"
  title: Створення міжвідомчої координаційної ради
```
"""

from collections.abc import Iterator

from stratplan.check.rules.base import Finding
from stratplan.core.diagnostics import Severity
from stratplan.plan.loader import LoadedPlan

CODE = "TX103"
NAME = "empty-title"
SEVERITY = Severity.ERROR


def check(plan: LoadedPlan) -> Iterator[Finding]:
    for node in plan.walk():
        if not node.title.strip():
            yield Finding(f"'{node.code}' has an empty title", node, ("title",))
