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

from stratplan.check.rules.base import Finding, Options, Rule
from stratplan.core.diagnostics import Severity
from stratplan.model import AnyNode
from stratplan.plan.view import PlanView

CODE = "ST202"
NAME = "missing-funding-source"
SEVERITY = Severity.WARNING


def _sourced(plan: PlanView, node: AnyNode) -> bool:
    return any(item.funding is not None and item.funding.sources for item in (node, *plan.ancestors(node)))


def _sourced_self(node: object) -> bool:
    funding = getattr(node, "funding", None)
    return funding is not None and bool(funding.sources)


def check(plan: PlanView, _options: Options) -> Iterator[Finding]:
    if not any(_sourced_self(n) for n in plan.walk()):
        return
    for node in plan.walk():
        if plan.level(node) == "strategic_goal" or plan.children(node):
            continue
        if not _sourced(plan, node):
            yield Finding(f"'{node.code}' names no funding source", node, ("code",))


RULE = Rule(CODE, NAME, SEVERITY, check, __doc__ or "")
