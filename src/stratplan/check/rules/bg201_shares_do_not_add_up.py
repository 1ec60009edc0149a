"""A node's co-financing shares do not add up to 100 %.

Where a document splits an item's money between sources by percentage ("на засадах співфінансування:
70 % — обласний бюджет, 30 % — бюджети громад"), each planned line carries its source's `share`. The
shares of one node must add up to 100: otherwise a share is missing or wrong, and the money each
source owes cannot be known. An error: the data contradicts itself.

Bad:

```yaml
funding:
  planned:
    - {source: oblast_budget, share: 70}
    - {source: local_budget, share: 20}
```

Good:

```yaml
funding:
  planned:
    - {source: oblast_budget, share: 70}
    - {source: local_budget, share: 30}
```
"""

from collections.abc import Iterator
from decimal import Decimal

from stratplan.check.rules.base import Finding, Options, Rule
from stratplan.core.diagnostics import Severity
from stratplan.core.numbers import HUNDRED, plain
from stratplan.plan.tree import planned_lines
from stratplan.plan.view import PlanView

CODE = "BG201"
NAME = "shares-do-not-add-up"
SEVERITY = Severity.ERROR


def check(plan: PlanView, _options: Options) -> Iterator[Finding]:
    for node in plan.walk():
        shares = [(index, line.share) for index, line in enumerate(planned_lines(node)) if line.share is not None]
        if not shares:
            continue
        total = sum((Decimal(share) for _index, share in shares), Decimal(0))
        if total != HUNDRED:
            listed = " + ".join(plain(Decimal(share)) for _index, share in shares)
            yield Finding(f"the co-financing shares of '{node.code}' add up to {plain(total)} % ({listed}), not 100",
                          node, ("funding", "planned", shares[0][0], "share"),
                          facts=(("shares", listed), ("difference", plain(HUNDRED - total))))


RULE = Rule(CODE, NAME, SEVERITY, check, __doc__ or "")
