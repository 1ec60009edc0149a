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
from stratplan.model import AnyNode
from stratplan.plan.tree import Days, known_term, term_days, term_years
from stratplan.plan.view import PlanView

CODE = "TM103"
NAME = "term-outside-parent"
SEVERITY = Severity.ERROR


def _nearest_with_term(plan: PlanView, node: AnyNode, kept: dict[int, AnyNode | None]) -> AnyNode | None:
    """The node's nearest ancestor with a known term, remembered for each parent without one in `kept`."""
    parent = plan.parent(node)
    if parent is None or known_term(parent) is not None:
        return parent
    if id(parent) not in kept:
        kept[id(parent)] = _nearest_with_term(plan, parent, kept)
    return kept[id(parent)]


def check(plan: PlanView, _options: Options) -> Iterator[Finding]:
    above: dict[int, AnyNode | None] = {}
    outer_days: dict[int, Days | None] = {}  # only the nodes compared with: a few parents, not every measure
    for node in plan.walk():
        parent = _nearest_with_term(plan, node, above)
        days = term_days(node) if parent is not None else None
        if days is None or parent is None:
            continue
        if id(parent) not in outer_days:
            outer_days[id(parent)] = term_days(parent)
        outer = outer_days[id(parent)]
        assert outer is not None
        if days[0] < outer[0] or days[1] > outer[1]:  # terms as days: halves, quarters and dates compare exactly
            term, parent_term = known_term(node), known_term(parent)
            assert term is not None and parent_term is not None
            which = "parent" if parent is plan.parent(node) else "ancestor"
            yield Finding(f"term {term_years(term)} of '{node.code}' is outside its {which} "
                          f"'{parent.code}' ({term_years(parent_term)})", node, ("term",))


RULE = Rule(CODE, NAME, SEVERITY, check, __doc__ or "")
