"""A node plans money itself and its children plan a different amount.

When a task row carries amounts and its measures carry amounts too, the measures should split the
task's money, not add to it. A difference per year means one of the two is wrong (or counted twice).

Bad:

```yaml
funding: {planned: [{years: {2021: 10.0}}]}
measures:
  - code: "1.1.1.1"
    funding: {planned: [{years: {2021: 7.0}}]}
```

Good:

```yaml
funding: {planned: [{years: {2021: 10.0}}]}
measures:
  - code: "1.1.1.1"
    funding: {planned: [{years: {2021: 10.0}}]}
```
"""

from collections.abc import Iterator
from decimal import Decimal

from stratplan.check.rules.base import Finding, Options, Rule
from stratplan.compute.rollup import children_years, own_years
from stratplan.core.diagnostics import Severity
from stratplan.core.numbers import plain
from stratplan.plan.tree import carries_money
from stratplan.plan.view import PlanView

CODE = "BG106"
NAME = "own-and-children-amounts-differ"
SEVERITY = Severity.ERROR


def check(plan: PlanView, _options: Options) -> Iterator[Finding]:
    for node in plan.walk():
        if not carries_money(node):
            continue
        parts, gaps = children_years(plan, node)
        if not parts and not gaps:  # the children plan nothing: the node's own lines stand alone
            continue
        own, own_unknown = own_years(plan, node)
        unknown = set(own_unknown) | set(gaps)
        for year in sorted(set(own) | set(parts)):
            gap = own.get(year, Decimal(0)) - parts.get(year, Decimal(0))
            if gap != 0 and year not in unknown:
                yield Finding(f"'{node.code}' plans {plain(own.get(year, Decimal(0)))} for {year}, its parts "
                              f"plan {plain(parts.get(year, Decimal(0)))} (difference {plain(gap)})",
                              node, ("funding", "planned"),
                              facts=(("year", str(year)), ("own", plain(own.get(year, Decimal(0)))),
                                     ("parts", plain(parts.get(year, Decimal(0)))),
                                     ("difference", plain(gap))))


RULE = Rule(CODE, NAME, SEVERITY, check, __doc__ or "")
