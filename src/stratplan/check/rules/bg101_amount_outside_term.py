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
from stratplan.plan.tree import known_term, plan_period, planned_lines, term_days, term_years
from stratplan.plan.view import PlanView

CODE = "BG101"
NAME = "amount-outside-term"
SEVERITY = Severity.ERROR

Outside = dict[int, DataPath]
"""Years outside the term (or period), each with where its first amount is written."""


def _outside(plan: PlanView, node: AnyNode) -> tuple[Outside, Outside]:
    """The years a node plans known money in outside the plan period, and outside its term (within the period)."""
    period = plan_period(plan)
    days = term_days(node)
    beyond_period: Outside = {}
    beyond_term: Outside = {}
    for index, line in enumerate(planned_lines(node)):
        for year in sorted(y for y, amount in line.years.items() if amount != UNKNOWN):
            where = ("funding", "planned", index, "years", year)
            if period and not period[0] <= year <= period[1]:
                beyond_period.setdefault(year, where)
            elif days is not None and not days[0].year <= year <= days[1].year:  # no day of the year in the term
                beyond_term.setdefault(year, where)
    return beyond_period, beyond_term


Below = tuple[frozenset[int], frozenset[int]]
NOTHING_BELOW: Below = (frozenset(), frozenset())


def _outside_below(plan: PlanView, found: dict[int, tuple[Outside, Outside]]) -> dict[int, Below]:
    """The years outside the period and outside the term that some node below a node plans money in, by `id` of the
    node (left out when there are none)."""
    below: dict[int, Below] = {}
    for node in reversed(list(plan.walk())):  # depth first, reversed: every node's descendants come before it
        beyond_period: set[int] = set()
        beyond_term: set[int] = set()
        for child in children_of(node):
            child_period, child_term = below.get(id(child), NOTHING_BELOW)
            beyond_period |= child_period | found[id(child)][0].keys()
            beyond_term |= child_term | found[id(child)][1].keys()
        if beyond_period or beyond_term:
            below[id(node)] = (frozenset(beyond_period), frozenset(beyond_term))
    return below


def years_text(years: list[int]) -> str:
    """`2023–2027` for a run of years, `2021, 2025` otherwise."""
    if len(years) > 2 and years == list(range(years[0], years[-1] + 1)):
        return f"{years[0]}–{years[-1]}"
    return ", ".join(str(year) for year in years)


def check(plan: PlanView, _options: Options) -> Iterator[Finding]:
    found = {id(node): _outside(plan, node) for node in plan.walk()}
    below = _outside_below(plan, found)
    period = plan_period(plan)
    for node in plan.walk():
        for kind, outside in enumerate(found[id(node)]):
            years = sorted(y for y in outside if y not in below.get(id(node), NOTHING_BELOW)[kind])
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
