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

from stratplan.check.rules.base import Finding
from stratplan.core.diagnostics import Severity
from stratplan.plan.loader import LoadedPlan

CODE = "RF104"
NAME = "duplicate-catalog-id"
SEVERITY = Severity.ERROR


def check(plan: LoadedPlan) -> Iterator[Finding]:
    if plan.plan is None:
        return
    for catalog in ("sources", "executors"):
        seen: set[str] = set()
        for index, entry in enumerate(getattr(plan.plan, catalog)):
            if entry.id in seen:
                yield Finding(f"{catalog[:-1]} id '{entry.id}' is defined twice", plan_path=(catalog, index, "id"))
            seen.add(entry.id)
