"""A term reaches outside the term of its parent.

A measure cannot run longer than the task it serves. Either the child's or the parent's term is wrong. A
parent without a known term (a heading row) is skipped: the node is compared with its nearest ancestor that
has one. A node inside its parent is not compared with the ancestors above: when the parent itself lies
outside its own parent, that is the one finding.

Bad:

```yaml
term: {start: 2021, end: 2022}
measures:
  - code: "1.1.1.1"
    term: {start: 2021, end: 2023}
```

Good:

```yaml
term: {start: 2021, end: 2023}
measures:
  - code: "1.1.1.1"
    term: {start: 2021, end: 2023}
```
"""

from collections.abc import Iterator

from stratplan.check.rules.base import Finding, Options, Rule
from stratplan.core.diagnostics import Severity
from stratplan.plan.tree import known_term, term_years
from stratplan.plan.view import PlanView

CODE = "TM103"
NAME = "term-outside-parent"
SEVERITY = Severity.ERROR


def check(plan: PlanView, _options: Options) -> Iterator[Finding]:
    for node in plan.walk():
        parent = next((a for a in plan.ancestors(node) if known_term(a) is not None), None)
        term = known_term(node)
        outer = known_term(parent) if parent is not None else None
        if term is None or outer is None or parent is None:
            continue
        first, last, outer_first, outer_last = term.first_day(), term.last_day(), outer.first_day(), outer.last_day()
        assert first is not None and last is not None and outer_first is not None and outer_last is not None
        if first < outer_first or last > outer_last:  # terms as days: halves, quarters and dates compare exactly
            which = "parent" if parent is plan.parent(node) else "ancestor"
            yield Finding(f"term {term_years(term)} of '{node.code}' is outside its {which} "
                          f"'{parent.code}' ({term_years(outer)})", node, ("term",))


RULE = Rule(CODE, NAME, SEVERITY, check, __doc__ or "")
