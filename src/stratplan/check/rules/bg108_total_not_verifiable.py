"""A declared total exceeds its known parts by money that amounts recorded as `unknown` could make up.

Where the source lost amounts (a garbled table, a cell the conversion dropped), a ВСЬОГО or РАЗОМ row that
is larger than the parts that survive cannot be checked: the difference is unattributed money, not proven
wrong arithmetic. Someone must check the figures against the original document and fill in the unknown
amounts. One finding per declared total, listing the years and the nodes whose amounts are unknown; a
total that its parts exceed, or that no unknown amount could explain, is BG104 (a node's) or BG105 (the
plan's).

Bad:

```yaml
declared_total: {label: "ВСЬОГО:", years: {2021: 30.0}}
operational_goals:
  - code: "1.1"
    tasks:
      - code: "1.1.1"
        funding: {planned: [{years: {2021: 10.0}}]}
      - code: "1.1.2"
        funding: {planned: [{years: {2021: unknown}, note: lost in the dump}]}
```

Good: the amount of 1.1.2 is read from the original document (20.0).
"""

from collections.abc import Iterator
from decimal import Decimal

from stratplan.check.rules.base import Finding, Options, Rule
from stratplan.check.rules.bg101_amount_outside_term import years_text
from stratplan.check.rules.bg105_plan_total_mismatch import plan_years
from stratplan.compute.rollup import YearAmounts, children_years
from stratplan.core.diagnostics import Severity
from stratplan.core.numbers import plain
from stratplan.io.yamlio import DataPath
from stratplan.model import UNKNOWN, AnyNode, DeclaredTotal, children_of
from stratplan.plan.view import PlanView

CODE = "BG108"
NAME = "total-not-verifiable"
SEVERITY = Severity.WARNING


def _unverified(declared: DeclaredTotal, computed: YearAmounts, gaps: dict[int, list[str]]
                ) -> tuple[list[tuple[int | None, Decimal, Decimal]], list[str]]:
    """(year or None for the whole total, declared, known parts) where unknown amounts could explain the gap,
    and the codes whose amounts are unknown."""
    found: list[tuple[int | None, Decimal, Decimal]] = []
    codes: set[str] = set()
    if declared.years:
        for year in sorted(declared.years):
            stated = declared.years[year]
            parts = computed.get(year, Decimal(0))
            if stated != UNKNOWN and Decimal(stated) > parts and gaps.get(year):
                found.append((year, Decimal(stated), parts))
                codes.update(gaps[year])
    elif declared.total is not None and declared.total != UNKNOWN:
        parts = sum(computed.values(), Decimal(0))
        every = {code for year_codes in gaps.values() for code in year_codes}
        if Decimal(declared.total) > parts and every:
            found.append((None, Decimal(declared.total), parts))
            codes.update(every)
    return found, sorted(codes)


def _finding(who: str, declared: DeclaredTotal, found: list[tuple[int | None, Decimal, Decimal]], codes: list[str],
             node: AnyNode | None) -> Finding:
    figures = "; ".join(f"{'in total' if year is None else year}: {plain(stated)} against {plain(parts)}"
                        for year, stated, parts in found)
    first = found[0][0]
    path: DataPath = ("declared_total", "total") if first is None else ("declared_total", "years", first)
    years = years_text([year for year, _, _ in found if year is not None])
    facts = (*((("years", years),) if years else ()), ("unknown", ", ".join(codes)))
    label = f" «{declared.label}»" if declared.label else ""
    message = (f"the declared total{label} of {who} exceeds its known parts ({figures}); unknown amounts of "
               f"{', '.join(codes)} could explain it")
    if node is not None:
        return Finding(message, node, path, key=first is not None, facts=facts)
    return Finding(message, plan_path=path, key=first is not None, facts=facts)


def check(plan: PlanView, _options: Options) -> Iterator[Finding]:
    for node in plan.walk():
        declared = node.declared_total
        if declared is None or not children_of(node):
            continue
        computed, gaps = children_years(plan, node)
        found, codes = _unverified(declared, computed, gaps)
        if found:
            yield _finding(f"'{node.code}'", declared, found, codes, node)
    if plan.meta is not None and plan.meta.declared_total is not None:
        summed, unknown = plan_years(plan)
        found, codes = _unverified(plan.meta.declared_total, summed, unknown)
        if found:
            yield _finding("the plan", plan.meta.declared_total, found, codes, None)


RULE = Rule(CODE, NAME, SEVERITY, check, __doc__ or "")
