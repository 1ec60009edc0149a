"""Money is planned in a year outside the node's term or the plan period.

An amount for 2026 on a task that runs 2021–2022 is either a wrong term or money in the wrong column.

Bad:

```yaml
term: {start: 2021, end: 2022}
funding:
  planned:
    - years: {2021: 5.0, 2026: 5.0}
```

Good:

```yaml
term: {start: 2021, end: 2022}
funding:
  planned:
    - years: {2021: 5.0, 2022: 5.0}
```
"""

from collections.abc import Iterator

from stratplan.check.rules.base import Finding, Options, Rule
from stratplan.core.diagnostics import Severity
from stratplan.model import UNKNOWN
from stratplan.plan.tree import known_term, plan_period, planned_lines, term_years
from stratplan.plan.view import PlanView

CODE = "BG101"
NAME = "amount-outside-term"
SEVERITY = Severity.WARNING


def check(plan: PlanView, _options: Options) -> Iterator[Finding]:
    period = plan_period(plan)
    for node in plan.walk():
        term = known_term(node)
        for index, line in enumerate(planned_lines(node)):
            for year in sorted(y for y, amount in line.years.items() if amount != UNKNOWN):
                where = ("funding", "planned", index, "years", year)
                if period and not period[0] <= year <= period[1]:
                    yield Finding(f"'{node.code}' plans money in {year}, outside the plan period "
                                  f"{period[0]}–{period[1]}", node, where, key=True,
                                  facts=(("year", str(year)), ("period", f"{period[0]}–{period[1]}")))
                elif term is not None and not term.covers(year):
                    yield Finding(f"'{node.code}' plans money in {year}, outside its term {term_years(term)}",
                                  node, where, key=True, facts=(("year", str(year)), ("term", term_years(term))))


RULE = Rule(CODE, NAME, SEVERITY, check, __doc__ or "")
