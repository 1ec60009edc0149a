"""Two children of one parent have the same title.

Identical titles under one parent are a copy-paste slip or the same item listed twice.

Bad:

```yaml
measures:
  - {code: "1.1.1", title: Інформування населення}
  - {code: "1.1.2", title: Інформування населення}
```

Good: each sibling says what is different about it.
"""

from collections.abc import Iterator

from stratplan.check.rules.base import Finding, Options, Rule
from stratplan.core.diagnostics import Severity
from stratplan.plan.tree import sibling_groups
from stratplan.plan.view import PlanView

CODE = "TX104"
NAME = "duplicate-title"
SEVERITY = Severity.WARNING


def _normal(title: str) -> str:
    return " ".join(title.lower().split()).rstrip(".;")


def check(plan: PlanView, _options: Options) -> Iterator[Finding]:
    for _parent, children in sibling_groups(plan):
        seen: dict[str, str] = {}
        for child in children:
            key = _normal(child.title)
            if not key:
                continue
            if key in seen:
                yield Finding(f"'{child.code}' has the same title as '{seen[key]}'", child, ("title",))
            else:
                seen[key] = child.code


RULE = Rule(CODE, NAME, SEVERITY, check, __doc__ or "")
