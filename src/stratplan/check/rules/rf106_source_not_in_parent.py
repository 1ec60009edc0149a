"""A child lists a funding source its parent does not list.

A parent's sources say where the money for everything under it comes from; a task funded from the state
budget under an operational goal funded only from the local budget contradicts it: either the parent's
cell is incomplete or the child's source is wrong. Only sources a node names itself are compared, with those
of its nearest ancestor that names any (a heading row without a sources cell is skipped).

Bad:

```yaml
- code: "1.2"
  funding: {sources: [local_budget, attracted]}
  tasks:
    - code: "1.2.1"
      funding: {sources: [local_budget, state_budget]}
```

Good:

```yaml
- code: "1.2"
  funding: {sources: [local_budget, state_budget, attracted]}
```
"""

from collections.abc import Iterator

from stratplan.check.rules.base import Finding, Options, Rule
from stratplan.core.diagnostics import Severity
from stratplan.model import AnyNode
from stratplan.plan.view import PlanView

CODE = "RF106"
NAME = "source-not-in-parent"
SEVERITY = Severity.ERROR


def own_sources(node: AnyNode) -> list[str]:
    """The sources a node names itself."""
    return list(node.funding.sources) if node.funding is not None else []


def check(plan: PlanView, _options: Options) -> Iterator[Finding]:
    for node in plan.walk():
        mine = own_sources(node)
        parent = next((a for a in plan.ancestors(node) if own_sources(a)), None)
        if not mine or parent is None:
            continue
        extra = [source for source in mine if source not in own_sources(parent)]
        if extra:
            which = "parent" if parent is plan.parent(node) else "ancestor"
            index = mine.index(extra[0])
            yield Finding(f"'{node.code}' lists {', '.join(repr(s) for s in extra)}, which its {which} "
                          f"'{parent.code}' does not list", node, ("funding", "sources", index))


RULE = Rule(CODE, NAME, SEVERITY, check, __doc__ or "")
