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
from stratplan.plan.tree import known_term
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
        assert term.start is not None and term.end is not None
        assert outer.start is not None and outer.end is not None
        inner_span = ((term.start, term.start_half or 1), (term.end, term.end_half or 2))
        outer_span = ((outer.start, outer.start_half or 1), (outer.end, outer.end_half or 2))
        if inner_span[0] < outer_span[0] or inner_span[1] > outer_span[1]:
            which = "parent" if parent is plan.parent(node) else "ancestor"
            yield Finding(f"term {term.start}–{term.end} of '{node.code}' is outside its {which} "
                          f"'{parent.code}' ({outer.start}–{outer.end})", node, ("term",))


RULE = Rule(CODE, NAME, SEVERITY, check, __doc__ or "")
