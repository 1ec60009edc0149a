"""Items of an action plan lie entirely outside the action plan's year.

An action plan for 2021 that lists a measure for 2022–2024 plans nothing for 2021 with it: the measure
belongs in a later year's plan, or the plan contradicts its own period (and often its own text, «впродовж
2021 року»). One finding per parent, listing its items and their terms as written; an item that starts in
the year and runs past it is TM104.

Bad (action plan for 2021):

```yaml
measures:
  - code: "1.4.1"
    term: {start: 2022, end: 2022, as_written: 2022 рік}
```

Good: the measure moves to the action plan for 2022.
"""

from collections.abc import Iterator

from stratplan.check.rules._action_year import year_findings
from stratplan.check.rules.base import Finding, Options, Rule
from stratplan.core.diagnostics import Severity
from stratplan.plan.view import PlanView

CODE = "TM106"
NAME = "outside-action-plan-year"
SEVERITY = Severity.ERROR


def check(plan: PlanView, _options: Options) -> Iterator[Finding]:
    return year_findings(plan, "outside", ("lies entirely outside", "lie entirely outside"))


RULE = Rule(CODE, NAME, SEVERITY, check, __doc__ or "")
