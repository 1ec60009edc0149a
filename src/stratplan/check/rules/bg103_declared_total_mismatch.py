"""A declared total (ВСЬОГО, РАЗОМ) differs from the sum of its own years.

Bad:

```yaml
declared_total:
  label: "ВСЬОГО:"
  total: 100.0
  years: {2021: 40.0, 2022: 50.0}
```

Good:

```yaml
declared_total:
  label: "ВСЬОГО:"
  total: 90.0
  years: {2021: 40.0, 2022: 50.0}
```
"""

from collections.abc import Iterator
from decimal import Decimal

from stratplan.check.rules.base import Finding, Options, Rule
from stratplan.core.diagnostics import Severity
from stratplan.core.numbers import plain
from stratplan.model import UNKNOWN, AnyNode, DeclaredTotal
from stratplan.plan.tree import declared_year_sum
from stratplan.plan.view import PlanView

CODE = "BG103"
NAME = "declared-total-mismatch"
SEVERITY = Severity.ERROR


def _mismatch(total: DeclaredTotal, what: str, node: AnyNode | None = None) -> Finding | None:
    if total.total is None or total.total == UNKNOWN or not total.years:
        return None
    summed, has_unknown = declared_year_sum(total)
    gap = Decimal(total.total) - summed
    if gap == 0:
        return None
    text = f"{what} total {plain(Decimal(total.total))} differs from the sum of its years " \
           f"{plain(summed)} by {plain(gap)}"
    facts = (("declared", plain(Decimal(total.total))), ("parts", plain(summed)),
             ("difference", plain(gap)))
    where = ("declared_total", "total")
    message = text + ("; some years are unknown" if has_unknown else "")
    return Finding(message, node, where, facts=facts) if node else Finding(message, plan_path=where, facts=facts)


def check(plan: PlanView, _options: Options) -> Iterator[Finding]:
    if plan.meta is not None and plan.meta.declared_total is not None:
        found = _mismatch(plan.meta.declared_total, "the plan's declared")
        if found:
            yield found
    for node in plan.walk():
        if node.declared_total is not None:
            found = _mismatch(node.declared_total, f"'{node.code}' declared", node)
            if found:
                yield found


RULE = Rule(CODE, NAME, SEVERITY, check, __doc__ or "")
