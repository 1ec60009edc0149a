"""Items of an action plan run past (or start before) the action plan's year.

An action plan for 2021 lists what is done in 2021. A measure with a term of 2021–2026 starts in the year
but repeats the strategy instead of planning the year; at the year's end monitoring cannot say whether it
was done. Whether to cut it to the year or keep it as the year's share of longer work is a decision for the
people who adopt the plan. One finding per parent, listing its items and their terms as written; an item that
lies entirely outside the year is TM106.

Bad (action plan for 2021):

```yaml
measures:
  - code: "1.1.1"
    term: {start: 2021, end: 2026, as_written: 2021-2026 роки}
```

Good:

```yaml
measures:
  - code: "1.1.1"
    term: {start: 2021, end: 2021, start_half: 2, end_half: 2, as_written: ІІ півріччя 2021}
```
"""

from collections.abc import Iterator

from stratplan.check.rules._action_year import year_findings
from stratplan.check.rules.base import Finding, Options, Rule
from stratplan.core.diagnostics import Severity
from stratplan.plan.view import PlanView

CODE = "TM104"
NAME = "past-action-plan-year"
SEVERITY = Severity.WARNING


def check(plan: PlanView, _options: Options) -> Iterator[Finding]:
    return year_findings(plan, "past", ("runs past", "run past"))


RULE = Rule(CODE, NAME, SEVERITY, check, __doc__ or "")
