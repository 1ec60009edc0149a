"""A term starts after it ends.

Bad:

```yaml
term: {start: 2025, end: 2022}
```

Good:

```yaml
term: {start: 2022, end: 2025}
```
"""

from collections.abc import Iterator

from stratplan.check.rules.base import Finding, Options, Rule
from stratplan.core.diagnostics import Severity
from stratplan.plan.tree import known_term
from stratplan.plan.view import PlanView

CODE = "TM101"
NAME = "term-start-after-end"
SEVERITY = Severity.ERROR


def check(plan: PlanView, _options: Options) -> Iterator[Finding]:
    for node in plan.walk():
        term = known_term(node)
        if term is None or term.start is None or term.end is None:
            continue
        start = (term.start, term.start_half or 1)
        end = (term.end, term.end_half or 2)
        if start > end:
            yield Finding(f"term of '{node.code}' starts ({term.start}) after it ends ({term.end})", node, ("term",))


RULE = Rule(CODE, NAME, SEVERITY, check, __doc__ or "")
