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
        if term is None:
            continue
        first, last = term.first_day(), term.last_day()
        if first is not None and last is not None and first > last:
            start, end = (term.start_text(), term.end_text()) if not term.years_only else (str(term.start), str(term.end))
            yield Finding(f"term of '{node.code}' starts ({start}) after it ends ({end})", node, ("term",))


RULE = Rule(CODE, NAME, SEVERITY, check, __doc__ or "")
