"""A section that lists a level leaves out one of its nodes.

When the goals table lists every task and the implementation plan has one more, the two sections disagree
on what the strategy contains; a council adopting the document must say which is right. A section in
`statements.yaml` that `states` a level is expected to list every node of it (an `also_stated` entry for
each). A node whose parent the section leaves out too is not reported again: the parent's finding is the one
cause.

Bad (section 6.2 states tasks, and has no entry for task `1.1.1` of the tree):

```yaml
sections:
  - {id: "6.2", title: 6.2 Цілі та завдання, states: [strategic_goal, operational_goal, task]}
also_stated:
  - {node: "1.1.2", section: "6.2", code_as_printed: "1.1.1", title_as_printed: …}
```

Good: section 6.2 lists task `1.1.1` too (or does not claim to state tasks).
"""

from collections.abc import Iterator

from stratplan.check.rules._statements import level_name
from stratplan.check.rules.base import Finding, Options, Rule
from stratplan.core.diagnostics import Severity
from stratplan.plan.view import PlanView

CODE = "XS102"
NAME = "missing-from-section"
SEVERITY = Severity.ERROR


def check(plan: PlanView, _options: Options) -> Iterator[Finding]:
    statements = plan.statements
    if statements is None:
        return
    for section in statements.sections:
        if section.tree or not section.states:
            continue
        listed = {e.node for e in statements.also_stated if e.section == section.id and e.node is not None}
        missing = {n.code for n in plan.walk() if plan.level(n) in section.states and n.code not in listed}
        for node in plan.walk():
            parent = plan.parent(node)
            if node.code in missing and not (parent is not None and parent.code in missing):
                yield Finding(f"section {section.id} does not list {level_name(plan.level(node))} '{node.code}', "
                              f"though it lists the {level_name(plan.level(node), 2)}", node, ("code",))


RULE = Rule(CODE, NAME, SEVERITY, check, __doc__ or "", needs_complete_plan=True)
