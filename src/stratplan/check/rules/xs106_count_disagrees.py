"""A narrative count of goals disagrees with the tree.

"Реалізація Плану дій складається з трьох пріоритетів" in a plan with four priorities: either a priority
was added without updating the text or the text was copied from another document. `statements.yaml`
records the count (`counts`: the sentence, the level, the number and, for children of one node, its
`scope`).

Bad (the tree has four strategic goals):

```yaml
counts:
  - section: "3"
    text: Реалізація Плану дій складається з трьох пріоритетів розвитку
    level: strategic_goal
    count: 3
```

Good: the text says four.
"""

from collections.abc import Iterator

from stratplan.check.rules._statements import in_scope, level_name
from stratplan.check.rules.base import Finding, Options, Rule
from stratplan.core.diagnostics import Severity
from stratplan.plan.view import PlanView

CODE = "XS106"
NAME = "count-disagrees"
SEVERITY = Severity.ERROR


def check(plan: PlanView, _options: Options) -> Iterator[Finding]:
    statements = plan.statements
    if statements is None:
        return
    for index, count in enumerate(statements.counts):
        found = len(in_scope(plan, count.level, count.scope))
        if found != count.count:
            where = f"'{count.scope}' has" if count.scope else "the tree has"
            yield Finding(f"section {count.section} counts {count.count} {level_name(count.level, count.count)} "
                          f"(«{count.text}»), {where} {found}", plan_path=("counts", index, "count"),
                          doc="statements", subject=count.scope or "")


RULE = Rule(CODE, NAME, SEVERITY, check, __doc__ or "", needs_complete_plan=True)
