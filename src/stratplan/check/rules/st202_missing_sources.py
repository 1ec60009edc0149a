"""A work item names no funding source of its own while the plan gives sources row by row.

When the implementation plan has a sources column, an item whose cell is empty cannot be budgeted, and a
council adopting the plan does not know who pays. A parent's sources do not fill the gap: a task printed
with an empty cell under an operational goal funded from the local budget is still an empty cell. Only a
row that has no cell of its own (`shared: [sources]` in `statements.yaml`: its parent's cell spans it, or no
entry of the cell can be tied to it) takes its parent's; then the parent's cell is what is checked, and an
empty one is reported once, on the parent. Every item at the bottom of the tree (a task without measures, a
measure, an operational goal without tasks) is checked; plans that name no source on any row (a general list
for the whole plan) are not.

Bad:

```yaml
- code: "1.3"
  funding: {sources: [local_budget]}
  tasks:
    - code: "1.3.4"
      title: Впровадження послуги підтриманого проживання
```

Good:

```yaml
- code: "1.3"
  funding: {sources: [local_budget]}
  tasks:
    - code: "1.3.4"
      title: Впровадження послуги підтриманого проживання
      funding: {sources: [local_budget]}
```
"""

from collections.abc import Iterator

from stratplan.check.rules._statements import cell_owner, printed_row
from stratplan.check.rules.base import Finding, Options, Rule
from stratplan.core.diagnostics import Severity
from stratplan.model import AnyNode
from stratplan.plan.view import PlanView

CODE = "ST202"
NAME = "missing-funding-source"
SEVERITY = Severity.ERROR


def _sourced(node: AnyNode) -> bool:
    return node.funding is not None and bool(node.funding.sources)


def check(plan: PlanView, _options: Options) -> Iterator[Finding]:
    if not any(_sourced(n) for n in plan.walk()):
        return
    owners: dict[int, tuple[AnyNode, list[str]]] = {}
    for node in plan.walk():
        if plan.level(node) == "strategic_goal" or plan.children(node) or _sourced(node):
            continue
        owner = cell_owner(plan, node, "sources")
        if not _sourced(owner):
            sharing = owners.setdefault(id(owner), (owner, []))[1]
            if owner is not node:
                sharing.append(node.code)
    for owner, sharing in owners.values():
        row = printed_row(plan, owner)
        printed = " (its sources cell is empty)" if row is not None and row.sources == [] else ""
        shared = f"; {', '.join(sharing)} share{'s' if len(sharing) == 1 else ''} its cell" if sharing else ""
        yield Finding(f"'{owner.code}' names no funding source of its own{printed}{shared}", owner, ("code",))


RULE = Rule(CODE, NAME, SEVERITY, check, __doc__ or "")
