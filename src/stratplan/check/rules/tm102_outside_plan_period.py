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
from stratplan.plan.tree import known_term, term_years
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
        first, last = (term.first_day(), term.last_day()) if term is not None else (None, None)
        if term is None or first is None or last is None:
            continue
        if first.year < period.start or last.year > period.end:
            yield Finding(f"term {term_years(term)} of '{node.code}' is outside the plan period "
                          f"{period.start}–{period.end}", node, ("term",))


RULE = Rule(CODE, NAME, SEVERITY, check, __doc__ or "")
