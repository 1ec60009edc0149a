"""A node names an executor that is not in the plan's catalog.

Executors are listed once in `plan.yaml` under `executors:` with their full name and the document's
abbreviation, and referred to by id.

Bad:

```yaml
executors: [usnz]
```

Good:

```yaml
executors: [uszn]
```
"""

import difflib
from collections.abc import Iterator

from stratplan.check.rules.base import Finding, Options, Rule
from stratplan.core.diagnostics import Severity
from stratplan.plan.view import PlanView

CODE = "RF102"
NAME = "unknown-executor"
SEVERITY = Severity.ERROR


def check(plan: PlanView, _options: Options) -> Iterator[Finding]:
    if plan.meta is None:
        return
    known = [e.id for e in plan.meta.executors]
    for node in plan.walk():
        for index, executor in enumerate(node.executors):
            if executor not in known:
                close = difflib.get_close_matches(executor, known, n=1)
                hint = f"did you mean '{close[0]}'?" if close else "add it to 'executors' in plan.yaml"
                yield Finding(f"unknown executor '{executor}' in '{node.code}'", node, ("executors", index), hint=hint)


RULE = Rule(CODE, NAME, SEVERITY, check, __doc__ or "")
