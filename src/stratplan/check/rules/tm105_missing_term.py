"""A work item has no term of its own, or its term is unknown.

A term is when the council expects the work done; without it monitoring cannot say whether the item is on
time. `term: {unknown: true}` records that the document's term cell is empty (or lost): that is the finding,
not a way around it. An ancestor's term does not fill the gap: a task with an empty term cell under a goal
for 2022–2027 still has none. Only a row that has no term cell of its own (`shared: [term]` in
`statements.yaml`) takes its parent's, and then the parent's term is what is checked. Every item at the
bottom of the tree is checked, and any node whose term is `unknown`.

Bad:

```yaml
- code: "2.1.5"
  title: Забезпечення проходження корекційних програм
  term: {unknown: true, note: the term cell is empty in the document}
```

Good:

```yaml
- code: "2.1.5"
  title: Забезпечення проходження корекційних програм
  term: {start: 2022, end: 2027}
```
"""

from collections.abc import Iterator

from stratplan.check.rules._statements import cell_owner
from stratplan.check.rules.base import Finding, Options, Rule
from stratplan.core.diagnostics import Severity
from stratplan.model import AnyNode
from stratplan.plan.view import PlanView

CODE = "TM105"
NAME = "missing-term"
SEVERITY = Severity.ERROR


def _missing(node: AnyNode) -> bool:
    return node.term is None or node.term.unknown


def _finding(node: AnyNode, sharing: list[str]) -> Finding:
    shared = f"; {', '.join(sharing)} share{'s' if len(sharing) == 1 else ''} its term cell" if sharing else ""
    if node.term is not None:
        return Finding(f"the term of '{node.code}' is unknown{shared}", node, ("term",), hint=node.term.note or "")
    return Finding(f"'{node.code}' has no term{shared}", node, ("code",))


def check(plan: PlanView, _options: Options) -> Iterator[Finding]:
    owners: dict[int, tuple[AnyNode, list[str]]] = {}
    for node in plan.walk():
        leaf = plan.level(node) != "strategic_goal" and not plan.children(node)
        if not _missing(node) or not (leaf or node.term is not None):
            continue
        owner = cell_owner(plan, node, "term") if leaf else node
        if _missing(owner):
            sharing = owners.setdefault(id(owner), (owner, []))[1]
            if owner is not node:
                sharing.append(node.code)
    for owner, sharing in owners.values():
        yield _finding(owner, sharing)


RULE = Rule(CODE, NAME, SEVERITY, check, __doc__ or "")
