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

from stratplan.check.rules.base import Finding, Options, Rule
from stratplan.core.diagnostics import Severity
from stratplan.plan.tree import sibling_groups
from stratplan.plan.view import PlanView

CODE = "ST103"
NAME = "numbering-gap"
SEVERITY = Severity.WARNING


LISTED = 5
"""Up to this many skipped numbers are listed; more are written as a range (`2.1.1.10000000` skips 1–9999999)."""


def _skipped(first: int, stop: int) -> str:
    """The numbers from `first` to `stop - 1`, listed or as a range: the message never grows with the gap."""
    if stop - first <= LISTED:
        return ", ".join(str(n) for n in range(first, stop))
    return f"{first}–{stop - 1} ({stop - first} numbers)"


def check(plan: PlanView, _options: Options) -> Iterator[Finding]:
    for _parent, children in sibling_groups(plan):
        expected = 1
        for child in children:
            last = child.code.split(".")[-1]
            if not last.isdigit():
                continue
            number = int(last)
            if number > expected:
                yield Finding(f"numbering skips {_skipped(expected, number)} before '{child.code}'", child, ("code",))
            elif number < expected:
                yield Finding(f"number {number} of '{child.code}' repeats or goes back (expected {expected})",
                              child, ("code",))
            expected = max(expected, number) + 1


RULE = Rule(CODE, NAME, SEVERITY, check, __doc__ or "", needs_complete_plan=True)
