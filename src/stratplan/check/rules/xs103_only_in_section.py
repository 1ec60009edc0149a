"""A section lists a node the tree does not have.

A goals table or narrative that names an operational goal the implementation plan has no row for promises
something the plan does not deliver (or the plan lost it). `statements.yaml` records such an item as an
`also_stated` entry without a `node`, with its `level` and, where it has one, the `parent` it is listed
under.

Bad:

```yaml
also_stated:
  - section: "6.1"
    code_as_printed: ""
    title_as_printed: розширення каналів та інструментів зворотнього зв'язку з отримувачами соціальних послуг
    level: operational_goal
    parent: "3"
```

Good: the tree has the operational goal (and the entry names it), or the section is corrected.
"""

from collections.abc import Iterator

from stratplan.check.rules._statements import level_name
from stratplan.check.rules.base import Finding, Options, Rule
from stratplan.core.diagnostics import Severity
from stratplan.plan.view import PlanView

CODE = "XS103"
NAME = "only-in-section"
SEVERITY = Severity.ERROR


def check(plan: PlanView, _options: Options) -> Iterator[Finding]:
    statements = plan.statements
    if statements is None:
        return
    for index, entry in enumerate(statements.also_stated):
        if entry.node is not None or entry.level is None:
            continue
        under = f" under '{entry.parent}'" if entry.parent else ""
        yield Finding(f"section {entry.section} lists {level_name(entry.level)} «{entry.title_as_printed}»{under}, "
                      "which the tree does not have", plan_path=("also_stated", index, "title_as_printed"),
                      doc="statements", subject=entry.parent or "")


RULE = Rule(CODE, NAME, SEVERITY, check, __doc__ or "", needs_complete_plan=True)
