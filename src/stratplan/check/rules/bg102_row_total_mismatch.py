"""A row's printed total differs from the sum of its years.

The "Всього" column of a funding row must equal the sum of the year columns. When some years are
`unknown`, the difference may be theirs: the finding says so.

Bad:

```yaml
planned:
  - years: {2021: 5.0, 2022: 5.0}
    total: 15.0
```

Good:

```yaml
planned:
  - years: {2021: 5.0, 2022: 5.0}
    total: 10.0
```
"""

from collections.abc import Iterator
from decimal import Decimal

from stratplan.check.rules.base import Finding, Options, Rule
from stratplan.core.diagnostics import Severity
from stratplan.core.numbers import plain
from stratplan.model import UNKNOWN
from stratplan.plan.tree import planned_lines
from stratplan.plan.view import PlanView

CODE = "BG102"
NAME = "row-total-mismatch"
SEVERITY = Severity.ERROR


def check(plan: PlanView, _options: Options) -> Iterator[Finding]:
    for node in plan.walk():
        for index, line in enumerate(planned_lines(node)):
            if line.total is None or line.total == UNKNOWN or not line.years:
                continue
            known = [Decimal(v) for v in line.years.values() if v != UNKNOWN]
            unknown_years = sorted(y for y, v in line.years.items() if v == UNKNOWN)
            total = sum(known, Decimal(0))
            gap = Decimal(line.total) - total
            if gap == 0:
                continue
            message = (f"'{node.code}' total {plain(Decimal(line.total))} differs from the sum of its "
                       f"years {plain(total)} by {plain(gap)}")
            if unknown_years and gap > 0:
                message += f"; unknown amounts in {', '.join(map(str, unknown_years))} could explain it"
            facts = (("declared", plain(Decimal(line.total))), ("parts", plain(total)),
                     ("difference", plain(gap)), *((("unknown_years", ", ".join(map(str, unknown_years))),)
                                                            if unknown_years else ()))
            yield Finding(message, node, ("funding", "planned", index, "total"), facts=facts)


RULE = Rule(CODE, NAME, SEVERITY, check, __doc__ or "")
