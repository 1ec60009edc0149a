"""An item of an action plan runs outside the action plan's year.

An action plan for 2021 lists what is done in 2021. An item with a term of 2021–2026 repeats the
strategy instead of planning the year; monitoring cannot judge it at the year's end.

Bad (action plan for 2021):

```yaml
term: {start: 2021, end: 2026, as_written: 2021-2026 роки}
```

Good:

```yaml
term: {start: 2021, end: 2021, start_half: 2, end_half: 2, as_written: ІІ півріччя 2021}
```
"""

from collections.abc import Iterator

from stratplan.check.rules.base import Finding, Options, Rule
from stratplan.core.diagnostics import Severity
from stratplan.plan.tree import known_term, term_years
from stratplan.plan.view import PlanView

CODE = "TM104"
NAME = "outside-action-plan-year"
SEVERITY = Severity.WARNING


def check(plan: PlanView, _options: Options) -> Iterator[Finding]:
    if plan.meta is None or plan.meta.document.kind != "action_plan":
        return
    year = plan.meta.document.action_plan_year
    if year is None:
        return
    for node in plan.walk():
        term = known_term(node)
        first, last = (term.first_day(), term.last_day()) if term is not None else (None, None)
        if term is not None and first is not None and last is not None and (first.year != year or last.year != year):
            shown = term.as_written or term_years(term)
            yield Finding(f"'{node.code}' runs {shown}, outside the action plan year {year}", node, ("term",))


RULE = Rule(CODE, NAME, SEVERITY, check, __doc__ or "")
