"""A declared total (ВСЬОГО, РАЗОМ) differs from the sum of its own years, or its sources do not add up to it.

A declared total is checked against itself as printed: its total against its years, each source's
row (`by_source`: обласний бюджет, бюджети громад, …) likewise, and the sources together against the
total, year by year and for the whole period. Years or sources that are `unknown` cannot be checked.

Bad:

```yaml
declared_total:
  label: "ВСЬОГО:"
  total: 100.0
  years: {2021: 40.0, 2022: 50.0}
```

Bad (the sources add up to 45.0 for 2021):

```yaml
declared_total:
  years: {2021: 40.0}
  by_source:
    - {source: oblast_budget, years: {2021: 30.0}}
    - {source: local_budget, years: {2021: 15.0}}
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
from stratplan.io.yamlio import DataPath
from stratplan.model import UNKNOWN, AnyNode, DeclaredTotal
from stratplan.model.common import Amount
from stratplan.plan.view import PlanView

CODE = "BG103"
NAME = "declared-total-mismatch"
SEVERITY = Severity.ERROR


def _finding(message: str, node: AnyNode | None, where: DataPath, facts: tuple[tuple[str, str], ...],
             key: bool = False) -> Finding:
    if node is not None:
        return Finding(message, node, where, key=key, facts=facts)
    return Finding(message, plan_path=where, key=key, facts=facts)


def _facts(declared: Decimal, parts: Decimal, gap: Decimal) -> tuple[tuple[str, str], ...]:
    return ("declared", plain(declared)), ("parts", plain(parts)), ("difference", plain(gap))


def _years_against_total(total: Amount | None, years: dict[int, Amount], what: str, node: AnyNode | None,
                         where: DataPath) -> Iterator[Finding]:
    if total is None or total == UNKNOWN or not years:
        return
    known = [Decimal(v) for v in years.values() if v != UNKNOWN]
    summed = sum(known, Decimal(0))
    gap = Decimal(total) - summed
    if gap != 0:
        message = (f"{what} total {plain(Decimal(total))} differs from the sum of its years {plain(summed)} by "
                   f"{plain(gap)}" + ("; some years are unknown" if len(known) != len(years) else ""))
        yield _finding(message, node, where, _facts(Decimal(total), summed, gap))


def _sources_against_total(total: DeclaredTotal, what: str, node: AnyNode | None) -> Iterator[Finding]:
    """The sources' rows added up, year by year and over the period, against the total's own figures."""
    sources = total.by_source
    if not sources:
        return
    for year, stated in sorted(total.years.items()):
        parts = [s.years.get(year) for s in sources]
        if stated == UNKNOWN or any(p is None or p == UNKNOWN for p in parts):
            continue
        summed = sum((Decimal(p) for p in parts if p is not None and p != UNKNOWN), Decimal(0))
        gap = Decimal(stated) - summed
        if gap != 0:
            yield _finding(f"{what} total for {year} {plain(Decimal(stated))} differs from the sum of its sources "
                           f"{plain(summed)} by {plain(gap)}", node, ("declared_total", "years", year),
                           (("year", str(year)), *_facts(Decimal(stated), summed, gap)), key=True)
    wholes = [s.total for s in sources]
    if total.total is None or total.total == UNKNOWN or any(w is None or w == UNKNOWN for w in wholes):
        return
    summed = sum((Decimal(w) for w in wholes if w is not None and w != UNKNOWN), Decimal(0))
    gap = Decimal(total.total) - summed
    if gap != 0:
        yield _finding(f"{what} total {plain(Decimal(total.total))} differs from the sum of its sources' totals "
                       f"{plain(summed)} by {plain(gap)}", node, ("declared_total", "total"),
                       _facts(Decimal(total.total), summed, gap))


def _mismatches(total: DeclaredTotal, what: str, node: AnyNode | None = None) -> Iterator[Finding]:
    yield from _years_against_total(total.total, total.years, what, node, ("declared_total", "total"))
    for index, source in enumerate(total.by_source):
        yield from _years_against_total(source.total, source.years, f"{what} '{source.source}'", node,
                                        ("declared_total", "by_source", index, "total"))
    yield from _sources_against_total(total, what, node)


def check(plan: PlanView, _options: Options) -> Iterator[Finding]:
    if plan.meta is not None and plan.meta.declared_total is not None:
        yield from _mismatches(plan.meta.declared_total, "the plan's declared")
    for node in plan.walk():
        if node.declared_total is not None:
            yield from _mismatches(node.declared_total, f"'{node.code}' declared", node)


RULE = Rule(CODE, NAME, SEVERITY, check, __doc__ or "")
