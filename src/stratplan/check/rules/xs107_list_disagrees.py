"""A narrative list of goals disagrees with the tree.

A monitoring section that lists three priorities to be monitored, none of them a priority of the plan,
monitors something else than the plan adopts. `statements.yaml` records such a list (`lists`) when its
items state no node one by one; its items are matched with the tree's nodes of that level (in `scope`, or
in the whole tree) by title, ignoring form. One finding per list: how many it lists against the tree, and
the items that match no node.

Bad (the tree's four strategic goals are titled otherwise):

```yaml
lists:
  - section: "4"
    level: strategic_goal
    items:
      - {code_as_printed: "1.", title_as_printed: Підвищення рівня доступності соціальних послуг.}
```

Good: the list names the plan's own goals, all of them.
"""

from collections.abc import Iterator

from stratplan.check.rules._statements import difference, in_scope, level_name
from stratplan.check.rules.base import Finding, Options, Rule
from stratplan.core.diagnostics import Severity
from stratplan.plan.view import PlanView

CODE = "XS107"
NAME = "list-disagrees"
SEVERITY = Severity.ERROR


def check(plan: PlanView, _options: Options) -> Iterator[Finding]:
    statements = plan.statements
    if statements is None:
        return
    for index, named in enumerate(statements.lists):
        nodes = in_scope(plan, named.level, named.scope)
        unmatched = [item.title_as_printed for item in named.items
                     if not any(difference(item.title_as_printed, node.title) != "wording" for node in nodes)]
        if len(named.items) == len(nodes) and not unmatched:
            continue
        where = f"'{named.scope}' has" if named.scope else "the tree has"
        message = (f"section {named.section} lists {len(named.items)} {level_name(named.level, len(named.items))}, "
                   f"{where} {len(nodes)}")
        if unmatched:
            message += "; no " + level_name(named.level) + " of the tree matches " + ", ".join(
                f"«{title}»" for title in unmatched)
        yield Finding(message, plan_path=("lists", index, "items"), doc="statements", subject=named.scope or "")


RULE = Rule(CODE, NAME, SEVERITY, check, __doc__ or "", needs_complete_plan=True)
