"""Another section numbers a node differently from the tree.

A strategy states its tree several times (a goals table, a goal matrix, the implementation plan); the same
task numbered 1.1.1 in one and 1.1.4 in another makes every reference to it ambiguous: reports, monitoring
and council decisions cite numbers. `statements.yaml` records how each other section numbers the node
(`code_as_printed`); the tree follows the implementation plan. A node whose parent is itself numbered
differently in that section, and whose own number follows the parent's there, is not reported again: the
parent's finding is the one cause.

Bad (the tree's task `1.1.4`):

```yaml
also_stated:
  - node: "1.1.4"
    section: "6.2"
    code_as_printed: "1.1.1"
    title_as_printed: Організувати на системній основі …
```

Good: both sections number it `1.1.4` (or the document is corrected, and the entry with it).
"""

from collections.abc import Iterator

from stratplan.check.rules._statements import printed_number, tree_section_name
from stratplan.check.rules.base import Finding, Options, Rule
from stratplan.core.diagnostics import Severity
from stratplan.plan.view import PlanView

CODE = "XS101"
NAME = "numbered-differently"
SEVERITY = Severity.ERROR


def check(plan: PlanView, _options: Options) -> Iterator[Finding]:
    statements = plan.statements
    if statements is None:
        return
    printed: dict[tuple[str, str], str] = {
        (e.section, e.node): printed_number(e.code_as_printed) for e in statements.also_stated
        if e.node is not None and e.code_as_printed.strip()}
    for index, entry in enumerate(statements.also_stated):
        node = plan.node(entry.node) if entry.node is not None else None
        number = printed.get((entry.section, node.code)) if node is not None else None
        if node is None or number is None or number == node.code:
            continue
        parent = plan.parent(node)
        above = printed.get((entry.section, parent.code)) if parent is not None else None
        if parent is not None and above is not None and above != parent.code \
                and number == f"{above}.{node.code.rsplit('.', 1)[-1]}":
            continue  # follows its parent's number there: the parent's finding is the cause
        yield Finding(f"section {entry.section} numbers '{node.code}' as «{entry.code_as_printed.strip()}», "
                      f"{tree_section_name(statements)} as '{node.code}'",
                      plan_path=("also_stated", index, "code_as_printed"), doc="statements", subject=node.code)


RULE = Rule(CODE, NAME, SEVERITY, check, __doc__ or "", needs_complete_plan=True)
