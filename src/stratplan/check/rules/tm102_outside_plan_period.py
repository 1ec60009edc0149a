"""A term reaches outside the plan's period.

A strategy for 2021–2027 cannot schedule work in 2028; such a term is a typo or a sign the plan needs
a new period.

Bad (plan period 2021–2027):

```yaml
term: {start: 2026, end: 2028}
```

Good:

```yaml
term: {start: 2026, end: 2027}
```
"""

from collections.abc import Iterator

from stratplan.check.rules.base import Finding, Options, Rule
from stratplan.core.diagnostics import Severity
from stratplan.plan.tree import known_term
from stratplan.plan.view import PlanView

CODE = "TM102"
NAME = "term-outside-plan-period"
SEVERITY = Severity.ERROR


def check(plan: PlanView, _options: Options) -> Iterator[Finding]:
    if plan.meta is None:
        return
    document = plan.meta.document
    period = document.strategy_period or document.period
    for node in plan.walk():
        term = known_term(node)
        if term is None or term.start is None or term.end is None:
            continue
        if term.start < period.start or term.end > period.end:
            yield Finding(f"term {term.start}–{term.end} of '{node.code}' is outside the plan period "
                          f"{period.start}–{period.end}", node, ("term",))


RULE = Rule(CODE, NAME, SEVERITY, check, __doc__ or "")
