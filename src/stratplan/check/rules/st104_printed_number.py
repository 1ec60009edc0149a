"""The implementation plan prints a node's number differently from its code.

`as_numbered` keeps the number the source document printed when it differs from the code the plan uses
(a repeated, skipped or garbled number in the original). Two items printed with one number, or a number
that is not the item's place, make every reference to the item ambiguous: the document must be corrected.
A row printed without a number (`as_numbered: ""`) is ST105.

Bad:

```yaml
- code: "1.1.4"
  as_numbered: "1.1.3"
```

Good:

```yaml
- code: "1.1.4"
```
"""

from collections.abc import Iterator

from stratplan.check.rules.base import Finding, Options, Rule
from stratplan.core.diagnostics import Severity
from stratplan.plan.view import PlanView

CODE = "ST104"
NAME = "printed-number-differs"
SEVERITY = Severity.ERROR


def _normal(number: str) -> str:
    return number.strip().rstrip(".").replace(" ", "")


def check(plan: PlanView, _options: Options) -> Iterator[Finding]:
    for node in plan.walk():
        printed = node.as_numbered
        if printed is not None and printed.strip() and _normal(printed) != node.code \
                and not node.code.endswith("." + _normal(printed)):
            yield Finding(f"the document prints '{node.code}' as '{printed}'", node, ("as_numbered",))


RULE = Rule(CODE, NAME, SEVERITY, check, __doc__ or "")
