"""Children sit under a level the plan does not use, or not below their parent's level.

`levels:` in plan.yaml names the levels the document uses, top-down (any of `strategic_goal`,
`operational_goal`, `task`, `measure`). A goal file's node is of the first of them, and a node's
children sit under the key of a level the plan uses and that lies below the node's own
(`operational_goals`, `tasks`, `measures`). Anything else is a level the document does not have, or
the tree upside down: codes and totals would be read at the wrong level, so it is an error.

Bad (plan.yaml says `levels: {strategic_goal: "Напрям", measure: "Захід"}`):

```yaml
code: "1"
title: Підтримка сімей
tasks:
  - code: "1.1"
    title: Виплата допомоги
```

Good:

```yaml
code: "1"
title: Підтримка сімей
measures:
  - code: "1.1"
    title: Виплата допомоги
```
"""

from collections.abc import Iterator

from stratplan.check.rules.base import Finding, Options, Rule
from stratplan.core.diagnostics import Severity
from stratplan.model import CHILD_KEYS, LEVELS, child_groups
from stratplan.plan.view import PlanView

CODE = "ST301"
NAME = "level-not-in-plan"
SEVERITY = Severity.ERROR


def check(plan: PlanView, _options: Options) -> Iterator[Finding]:
    used = plan.used_levels
    names = ", ".join(used)
    for node in plan.walk():
        level = plan.level(node)
        for key, _children in child_groups(node):
            child = CHILD_KEYS[key]
            if child not in used:
                yield Finding(f"'{node.code}' has {key}, a level the plan does not use (levels: {names})", node,
                              (key,), key=True, hint="move them under a level the plan uses, or name this level "
                              "in 'levels' of plan.yaml")
            elif LEVELS.index(child) <= LEVELS.index(level):
                yield Finding(f"'{node.code}' is a {level.replace('_', ' ')} and cannot hold {key} (levels: {names})",
                              node, (key,), key=True, hint="children sit under a level below their parent's")


RULE = Rule(CODE, NAME, SEVERITY, check, __doc__ or "")
