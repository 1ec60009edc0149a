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

from stratplan.diagnostics import Severity
from stratplan.loader import LoadedPlan
from stratplan.models import AnyNode
from stratplan.rules.base import Finding

CODE = "ST101"
NAME = "duplicate-code"
SEVERITY = Severity.ERROR


def check(plan: LoadedPlan) -> Iterator[Finding]:
    first_seen: dict[str, AnyNode] = {}
    for node in plan.walk():
        first = first_seen.setdefault(node.code, node)
        if first is not node:  # only a duplicate needs the first one's location
            yield Finding(f"code '{node.code}' is already used at {plan.ref(first).location()}", node, ("code",))
