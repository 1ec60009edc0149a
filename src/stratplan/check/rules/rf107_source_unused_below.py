"""A node lists a funding source that nothing below it names.

A strategic goal listing the oblast budget while none of its operational goals or tasks does promises
money no item plans to use: the source is left over, or the items that need it forgot it. Compared only
where the node's descendants name sources of their own (rows that name none are ST202's).

Bad:

```yaml
code: "1"
funding: {sources: [local_budget, oblast_budget]}
operational_goals:
  - code: "1.1"
    funding: {sources: [local_budget]}
```

Good: an item below names the oblast budget, or the goal does not.
"""

from collections.abc import Iterator

from stratplan.check.rules.base import Finding, Options, Rule
from stratplan.check.rules.rf106_source_not_in_parent import own_sources
from stratplan.core.diagnostics import Severity
from stratplan.model import AnyNode, children_of
from stratplan.plan.view import PlanView

CODE = "RF107"
NAME = "source-unused-below"
SEVERITY = Severity.WARNING


def _below(node: AnyNode) -> set[str]:
    found: set[str] = set()
    stack = list(children_of(node))
    while stack:
        current = stack.pop()
        found.update(own_sources(current))
        stack.extend(children_of(current))
    return found


def check(plan: PlanView, _options: Options) -> Iterator[Finding]:
    for node in plan.walk():
        mine = own_sources(node)
        below = _below(node) if mine and children_of(node) else set()
        if not below:
            continue
        for index, source in enumerate(mine):
            if source not in below:
                yield Finding(f"'{node.code}' lists '{source}', which nothing below it names", node,
                              ("funding", "sources", index))


RULE = Rule(CODE, NAME, SEVERITY, check, __doc__ or "")
