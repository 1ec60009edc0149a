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

from stratplan.check.rules.base import Finding, Options, Rule
from stratplan.core.diagnostics import Severity
from stratplan.plan.view import PlanView

CODE = "TX103"
NAME = "empty-title"
SEVERITY = Severity.ERROR


def check(plan: PlanView, _options: Options) -> Iterator[Finding]:
    for node in plan.walk():
        if not node.title.strip():
            yield Finding(f"'{node.code}' has an empty title", node, ("title",))


RULE = Rule(CODE, NAME, SEVERITY, check, __doc__ or "")
