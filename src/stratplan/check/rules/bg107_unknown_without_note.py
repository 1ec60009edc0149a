"""An amount is recorded as `unknown` with no note saying why.

`unknown` is for figures the source lost; a reader must learn what happened to it, or the gap looks
like an oversight.

Bad:

```yaml
planned:
  - years: {2021: unknown}
```

Good:

```yaml
planned:
  - years: {2021: unknown}
    note: the 2021 cell of this row is lost in the text dump of the document
```
"""

from collections.abc import Iterator

from stratplan.check.rules.base import Finding, Options, Rule
from stratplan.core.diagnostics import Severity
from stratplan.model import UNKNOWN
from stratplan.plan.tree import planned_lines
from stratplan.plan.view import PlanView

CODE = "BG107"
NAME = "unknown-without-note"
SEVERITY = Severity.WARNING


def check(plan: PlanView, _options: Options) -> Iterator[Finding]:
    for node in plan.walk():
        has_note = bool(node.notes) or (node.funding is not None and node.funding.note)
        for index, line in enumerate(planned_lines(node)):
            lost = line.total == UNKNOWN or UNKNOWN in line.years.values()
            if lost and not (has_note or line.note):
                yield Finding(f"'{node.code}' has an unknown amount and no note saying why", node,
                              ("funding", "planned", index))


RULE = Rule(CODE, NAME, SEVERITY, check, __doc__ or "")
