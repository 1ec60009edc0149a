"""Sibling numbers skip or repeat.

Siblings are numbered 1, 2, 3, … under their parent. A skipped number usually means an item was lost
(in an edit or in the source document); a repeated one that two items collide.

Bad:

```yaml
tasks:
  - code: "1.1.1"
  - code: "1.1.3"
```

Good:

```yaml
tasks:
  - code: "1.1.1"
  - code: "1.1.2"
```
"""

from collections.abc import Iterator

from stratplan.check.rules.base import Finding
from stratplan.core.diagnostics import Severity
from stratplan.plan.loader import LoadedPlan
from stratplan.plan.tree import sibling_groups

CODE = "ST103"
NAME = "numbering-gap"
SEVERITY = Severity.WARNING
NEEDS_COMPLETE_PLAN = True  # not run while a goal file fails to load: the goal that did not load leaves a gap


def check(plan: LoadedPlan) -> Iterator[Finding]:
    for _parent, children in sibling_groups(plan):
        expected = 1
        for child in children:
            last = child.code.split(".")[-1]
            if not last.isdigit():
                continue
            number = int(last)
            if number > expected:
                missing = ", ".join(str(n) for n in range(expected, number))
                yield Finding(f"numbering skips {missing} before '{child.code}'", child, ("code",))
            elif number < expected:
                yield Finding(f"number {number} of '{child.code}' repeats or goes back (expected {expected})",
                              child, ("code",))
            expected = max(expected, number) + 1
