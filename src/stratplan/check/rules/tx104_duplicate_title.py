"""Two nodes of the tree have the same title.

Identical titles are a copy-paste slip (an operational goal given its neighbour's title), or the same work
listed twice; either way a reader citing the title cannot tell which item is meant. Titles are compared
anywhere in the tree, ignoring case, spacing and a final period or semicolon. One finding per title, at its
second occurrence, naming every node that has it.

Bad:

```yaml
- code: "3.1"
  title: Використання наявного та впровадження нових підходів інформування населення
- code: "3.2"
  title: Використання наявного та впровадження нових підходів інформування населення
```

Good: each node says what is different about it.
"""

import unicodedata
from collections.abc import Iterator

from stratplan.check.rules.base import Finding, Options, Rule
from stratplan.core.diagnostics import Severity
from stratplan.model import AnyNode
from stratplan.plan.view import PlanView

CODE = "TX104"
NAME = "duplicate-title"
SEVERITY = Severity.WARNING


def _normal(title: str) -> str:
    return " ".join(unicodedata.normalize("NFC", title).lower().split()).rstrip(".;")


def check(plan: PlanView, _options: Options) -> Iterator[Finding]:
    groups: dict[str, list[AnyNode]] = {}
    for node in plan.walk():
        key = _normal(node.title)
        if key:
            groups.setdefault(key, []).append(node)
    for nodes in groups.values():
        if len(nodes) < 2:
            continue
        first, *others = nodes
        listed = ", ".join(f"'{node.code}'" for node in others)
        verb = "has" if len(others) == 1 else "have"
        yield Finding(f"{listed} {verb} the same title as '{first.code}'", others[0], ("title",),
                      facts=(("nodes", ", ".join(node.code for node in nodes)),))


RULE = Rule(CODE, NAME, SEVERITY, check, __doc__ or "")
