"""The document prints a node's number differently from its code.

`as_numbered` keeps the number the source document printed when it differs from the code the plan uses
(a repeated, skipped or garbled number in the original). The finding keeps that slip of the document
visible to anyone who quotes the plan.

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
SEVERITY = Severity.WARNING


def _normal(number: str) -> str:
    return number.strip().rstrip(".").replace(" ", "")


def check(plan: PlanView, _options: Options) -> Iterator[Finding]:
    for node in plan.walk():
        printed = node.as_numbered
        if printed is not None and _normal(printed) != node.code and not node.code.endswith("." + _normal(printed)):
            shown = f"as '{printed}'" if printed.strip() else "without a number"
            yield Finding(f"the document prints '{node.code}' {shown}", node, ("as_numbered",))


RULE = Rule(CODE, NAME, SEVERITY, check, __doc__ or "")
