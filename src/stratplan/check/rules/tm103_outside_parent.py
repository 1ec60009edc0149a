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
from stratplan.plan.tree import known_term, nearest_with_term, term_days, term_years
from stratplan.plan.view import PlanView

CODE = "TM103"
NAME = "term-outside-parent"
SEVERITY = Severity.ERROR


def check(plan: PlanView, _options: Options) -> Iterator[Finding]:
    nearest = nearest_with_term(plan)
    for node in plan.walk():
        parent = nearest[id(node)]
        days = term_days(plan, node)
        if days is None or parent is None:
            continue
        outer = term_days(plan, parent)
        assert outer is not None
        if days[0] < outer[0] or days[1] > outer[1]:  # terms as days: halves, quarters and dates compare exactly
            term, parent_term = known_term(node), known_term(parent)
            assert term is not None and parent_term is not None
            which = "parent" if parent is plan.parent(node) else "ancestor"
            yield Finding(f"term {term_years(term)} of '{node.code}' is outside its {which} "
                          f"'{parent.code}' ({term_years(parent_term)})", node, ("term",))


RULE = Rule(CODE, NAME, SEVERITY, check, __doc__ or "")
