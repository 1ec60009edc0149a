"""The amounts under a node do not add up to the total it declares.

A strategic goal's ВСЬОГО row must equal, year by year, the sum of what its tasks and measures plan, and
each source's row of it (`by_source`) the sum of what they plan from that source, where their money is
split by source: a printed total that does not is wrong, or one of its parts is. Where amounts below are
recorded as `unknown` (lost in the source) and could make up the difference, the total is not proven
wrong: that is BG108. When the parts give no amounts at all, there is nothing to compare the total with.

Bad:

```yaml
declared_total: {label: "ВСЬОГО:", years: {2021: 30.0}}
operational_goals:
  - code: "1.1"
    tasks:
      - code: "1.1.1"
        funding: {planned: [{years: {2021: 10.0}}]}
```

Good:

```yaml
declared_total: {label: "ВСЬОГО:", years: {2021: 10.0}}
```
"""

from collections.abc import Iterator
from decimal import Decimal

from stratplan.check.rules.base import Finding, Options, Rule
from stratplan.compute.rollup import Known, Missing, YearAmounts, by_year, children_cells, split_by_source
from stratplan.core.diagnostics import Severity
from stratplan.core.numbers import plain
from stratplan.model import UNKNOWN, AnyNode, DeclaredTotal
from stratplan.plan.view import PlanView

CODE = "BG104"
NAME = "children-do-not-add-up"
SEVERITY = Severity.ERROR


def _total_only(node: AnyNode, declared: DeclaredTotal, computed: YearAmounts,
                gaps: dict[int, list[str]]) -> Iterator[Finding]:
    """A declared total without years: compare it with everything the parts plan."""
    if declared.total is None or declared.total == UNKNOWN:
        return
    parts = sum(computed.values(), Decimal(0))
    gap = Decimal(declared.total) - parts
    unknown = sorted({code for codes in gaps.values() for code in codes})
    if gap == 0 or (unknown and gap > 0):  # unknown amounts could explain it: BG108
        return
    message = (f"'{node.code}' declares {plain(Decimal(declared.total))} in total, its parts add up to "
               f"{plain(parts)} (difference {plain(gap)})")
    yield Finding(message, node, ("declared_total", "total"), facts=_facts(Decimal(declared.total), parts, gap, []))


def _facts(declared: Decimal, parts: Decimal, gap: Decimal, unknown: list[str], year: int | None = None
           ) -> tuple[tuple[str, str], ...]:
    figures = [("declared", plain(declared)), ("parts", plain(parts)), ("difference", plain(gap))]
    return (*((("year", str(year)),) if year is not None else ()), *figures,
            *((("unknown", ", ".join(unknown)),) if unknown else ()))


def _by_source(node: AnyNode, declared: DeclaredTotal, known: list[Known], missing: list[Missing]) -> Iterator[Finding]:
    """Each source's declared row against what the parts plan from that source, in years split by source."""
    for index, entry in enumerate(declared.by_source):
        for year, stated in sorted(entry.years.items()):
            if stated == UNKNOWN or not split_by_source(known, year):
                continue
            parts = sum((a for y, s, a in known if y == year and s == entry.source), Decimal(0))
            gap = Decimal(stated) - parts
            if gap == 0:
                continue
            if gap > 0 and any(y == year and s == entry.source for y, s, _c in missing):
                continue  # unknown amounts from that source could explain it: not proven wrong (BG108's case)
            message = (f"'{node.code}' declares {plain(Decimal(stated))} from '{entry.source}' for {year}, its parts "
                       f"add up to {plain(parts)} from it (difference {plain(gap)})")
            yield Finding(message, node, ("declared_total", "by_source", index, "years", year), key=True,
                          facts=(("source", entry.source), *_facts(Decimal(stated), parts, gap, [], year)))


def check(plan: PlanView, _options: Options) -> Iterator[Finding]:
    for node in plan.walk():
        declared = node.declared_total
        if declared is None or not plan.children(node):
            continue
        known, missing = children_cells(plan, node)
        if not known and not missing:  # the parts give no amounts: the total is not contradicted, only unchecked
            continue
        yield from _by_source(node, declared, known, missing)
        computed, gaps = by_year((known, missing))
        if not declared.years:
            yield from _total_only(node, declared, computed, gaps)
            continue
        for year in sorted(set(declared.years) | set(computed)):
            stated = declared.years.get(year)
            if stated == UNKNOWN:
                continue
            gap = Decimal(stated or 0) - computed.get(year, Decimal(0))
            if gap == 0 or (gap > 0 and gaps.get(year)):  # unknown amounts could explain it: BG108
                continue
            message = (f"'{node.code}' declares {plain(Decimal(stated or 0))} for {year}, its parts add up "
                       f"to {plain(computed.get(year, Decimal(0)))} (difference {plain(gap)})")
            field = ("declared_total", "years", year) if year in declared.years else ("declared_total",)
            yield Finding(message, node, field, key=year in declared.years,
                          facts=_facts(Decimal(stated or 0), computed.get(year, Decimal(0)), gap, [], year))


RULE = Rule(CODE, NAME, SEVERITY, check, __doc__ or "")
