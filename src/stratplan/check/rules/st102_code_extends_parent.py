"""A node's code does not extend its parent's code by one part.

A task `1.2.3` belongs under operational goal `1.2`; a code that does not start with the parent's code,
or that skips or adds levels, means the node was pasted in the wrong place or mistyped.

Bad:

```yaml
code: "1.2"
tasks:
  - code: "1.3.1"
```

Good:

```yaml
code: "1.2"
tasks:
  - code: "1.2.1"
```
"""

from collections.abc import Iterator

from stratplan.check.rules.base import Finding, Options, Rule
from stratplan.core.diagnostics import Severity
from stratplan.plan.tree import sibling_groups
from stratplan.plan.view import PlanView

CODE = "ST102"
NAME = "code-not-extending-parent"
SEVERITY = Severity.ERROR


def check(plan: PlanView, _options: Options) -> Iterator[Finding]:
    for parent, children in sibling_groups(plan):
        for child in children:
            parts = child.code.split(".")
            expected_prefix = parent.code.split(".") if parent else []
            if parts[:-1] != expected_prefix:
                shape = f"'{parent.code}.N'" if parent else "a single number"
                yield Finding(f"code '{child.code}' should be {shape} to sit under "
                              f"{'its parent ' + repr(parent.code) if parent else 'the plan'}", child, ("code",))


RULE = Rule(CODE, NAME, SEVERITY, check, __doc__ or "")
