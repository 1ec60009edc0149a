"""Two catalog entries share an id.

Bad:

```yaml
executors:
  - {id: uszn, name: УСЗН}
  - {id: uszn, name: ЦНСП}
```

Good:

```yaml
executors:
  - {id: uszn, name: УСЗН}
  - {id: cnsp, name: ЦНСП}
```
"""

from collections.abc import Iterator

from stratplan.check.rules.base import Finding, Options, Rule
from stratplan.core.diagnostics import Severity
from stratplan.plan.view import PlanView

CODE = "RF104"
NAME = "duplicate-catalog-id"
SEVERITY = Severity.ERROR


def check(plan: PlanView, _options: Options) -> Iterator[Finding]:
    if plan.meta is None:
        return
    for catalog in ("sources", "executors"):
        seen: set[str] = set()
        for index, entry in enumerate(getattr(plan.meta, catalog)):
            if entry.id in seen:
                yield Finding(f"{catalog[:-1]} id '{entry.id}' is defined twice", plan_path=(catalog, index, "id"))
            seen.add(entry.id)


RULE = Rule(CODE, NAME, SEVERITY, check, __doc__ or "")
