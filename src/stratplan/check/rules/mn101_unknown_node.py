"""A monitoring report names a code the plan does not have.

Reports are keyed by node code; a mistyped or outdated code reports on nothing, and the real item
looks unreported.

Bad:

```yaml
items:
  "1.1.9":
    status: completed
```

Good:

```yaml
items:
  "1.1.2":
    status: completed
```
"""

import difflib
from collections.abc import Iterator

from stratplan.check.rules._monitoring import at, reported_items
from stratplan.check.rules.base import Finding, Options, Rule
from stratplan.core.diagnostics import Severity
from stratplan.plan.view import PlanView

CODE = "MN101"
NAME = "unknown-node-code"
SEVERITY = Severity.ERROR


def check(plan: PlanView, _options: Options) -> Iterator[Finding]:
    codes = [node.code for node in plan.walk()]
    for entry in reported_items(plan):
        if entry.node is None:
            close = difflib.get_close_matches(entry.code, codes, n=1)
            hint = f"did you mean '{close[0]}'?" if close else "use a code from the plan"
            yield at(entry, f"the plan has no node '{entry.code}'", key=True, hint=hint)


RULE = Rule(CODE, NAME, SEVERITY, check, __doc__ or "", needs_complete_plan=True)
