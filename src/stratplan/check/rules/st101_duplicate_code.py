"""Two nodes of one plan share a code.

Codes identify goals, tasks and measures in reports, monitoring files and reviews; a repeated code makes
every one of those ambiguous.

Bad:

```yaml
tasks:
  - code: "1.1.1"
    title: Створити раду
  - code: "1.1.1"
    title: Придбати обладнання
```

Good:

```yaml
tasks:
  - code: "1.1.1"
    title: Створити раду
  - code: "1.1.2"
    title: Придбати обладнання
```
"""

from collections.abc import Iterator

from stratplan.check.rules.base import Finding, Options, Rule
from stratplan.core.diagnostics import Severity
from stratplan.model import AnyNode
from stratplan.plan.view import PlanView

CODE = "ST101"
NAME = "duplicate-code"
SEVERITY = Severity.ERROR




def check(plan: PlanView, _options: Options) -> Iterator[Finding]:
    first_seen: dict[str, AnyNode] = {}
    for node in plan.walk():
        first = first_seen.setdefault(node.code, node)
        if first is not node:
            # The first node is named by its level and file, never by its line: a message with a position would
            # change with every edit above it, and `stratplan changes` would report an unchanged finding as changed.
            level = plan.level(first).replace("_", " ")
            yield Finding(f"code '{node.code}' is already used by a {level} in {plan.file(first)}", node,
                          ("code",))


RULE = Rule(CODE, NAME, SEVERITY, check, __doc__ or "")
