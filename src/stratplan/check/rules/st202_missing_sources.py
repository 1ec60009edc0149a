"""A funded item names no funding source while the plan funds items individually.

When a plan gives funding sources item by item, an item without any source (on itself or an ancestor)
cannot be budgeted. Plans that only list sources in general (an action plan's overall list) are not
checked.

Bad:

```yaml
- code: "1.1.2"
  title: Придбати обладнання
```

Good:

```yaml
- code: "1.1.2"
  title: Придбати обладнання
  funding:
    sources: [local_budget]
```
"""

from collections.abc import Iterator

from stratplan.check.rules.base import Finding
from stratplan.core.diagnostics import Severity
from stratplan.model import StrategicGoal, children_of
from stratplan.plan.loader import LoadedPlan

CODE = "ST202"
NAME = "missing-funding-source"
SEVERITY = Severity.WARNING


def _sourced(plan: LoadedPlan, node: object) -> bool:
    current: object | None = node
    while current is not None:
        funding = getattr(current, "funding", None)
        if funding is not None and funding.sources:
            return True
        current = plan.refs[id(current)].parent
    return False


def _sourced_self(node: object) -> bool:
    funding = getattr(node, "funding", None)
    return funding is not None and bool(funding.sources)


def check(plan: LoadedPlan) -> Iterator[Finding]:
    if not any(_sourced_self(n) for n in plan.walk()):
        return
    for node in plan.walk():
        if isinstance(node, StrategicGoal) or children_of(node):
            continue
        if not _sourced(plan, node):
            yield Finding(f"'{node.code}' names no funding source", node, ("code",))
