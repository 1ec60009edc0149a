"""Money is planned in a year outside the node's term or the plan period.

An amount for 2026 on a task that runs 2021–2022 is either a wrong term or money in the wrong column: the
plan contradicts itself. One finding per node, listing the years. A task whose money is its measures' is
not reported for the years one of its measures is reported for: the measure's amount is the one cause.

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
from stratplan.io.yamlio import DataPath
from stratplan.model import UNKNOWN, AnyNode, children_of
from stratplan.plan.tree import known_term, plan_period, planned_lines, term_years
from stratplan.plan.view import PlanView

CODE = "BG101"
NAME = "amount-outside-term"
SEVERITY = Severity.ERROR

Outside = dict[int, DataPath]
"""Years outside the term (or period), each with where its first amount is written."""


def _outside(plan: PlanView, node: AnyNode) -> tuple[Outside, Outside]:
    """The years a node plans known money in outside the plan period, and outside its term (within the period)."""
    period = plan_period(plan)
    term = known_term(node)
    beyond_period: Outside = {}
    beyond_term: Outside = {}
    for index, line in enumerate(planned_lines(node)):
        for year in sorted(y for y, amount in line.years.items() if amount != UNKNOWN):
            where = ("funding", "planned", index, "years", year)
            if period and not period[0] <= year <= period[1]:
                beyond_period.setdefault(year, where)
            elif term is not None and not term.covers(year):
                beyond_term.setdefault(year, where)
    return beyond_period, beyond_term


def _descendants(node: AnyNode) -> Iterator[AnyNode]:
    stack = list(children_of(node))
    while stack:
        current = stack.pop()
        yield current
        stack.extend(children_of(current))


def years_text(years: list[int]) -> str:
    """`2023–2027` for a run of years, `2021, 2025` otherwise."""
    if len(years) > 2 and years == list(range(years[0], years[-1] + 1)):
        return f"{years[0]}–{years[-1]}"
    return ", ".join(str(year) for year in years)


def check(plan: PlanView, _options: Options) -> Iterator[Finding]:
    found = {id(node): _outside(plan, node) for node in plan.walk()}
    period = plan_period(plan)
    for node in plan.walk():
        below = [found[id(n)] for n in _descendants(node)]
        for kind, outside in enumerate(found[id(node)]):
            years = sorted(y for y in outside if not any(y in other[kind] for other in below))
            if not years:
                continue
            shown = years_text(years)
            if kind == 0:
                assert period is not None
                span = f"{period[0]}–{period[1]}"
                message, facts = f"outside the plan period {span}", (("years", shown), ("period", span))
            else:
                term = known_term(node)
                assert term is not None
                span = term_years(term)
                message, facts = f"outside its term {span}", (("years", shown), ("term", span))
            yield Finding(f"'{node.code}' plans money in {shown}, {message}", node, outside[years[0]], key=True,
                          facts=facts)


RULE = Rule(CODE, NAME, SEVERITY, check, __doc__ or "")
