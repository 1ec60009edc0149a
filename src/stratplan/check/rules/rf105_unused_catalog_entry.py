"""A catalog entry is never referred to.

An executor or source that no node uses is usually a leftover or a misspelt reference elsewhere.
Plans whose document lists sources only in general (no node names a source) are not checked for
sources.

Bad:

```yaml
executors:
  - {id: old_department, name: Відділ, що більше не існує}
```

Good: every catalog entry is named by at least one node.
"""

from collections.abc import Iterator

from stratplan.check.rules.base import Finding, Options, Rule
from stratplan.core.diagnostics import Severity
from stratplan.plan.view import PlanView

CODE = "RF105"
NAME = "unused-catalog-entry"
SEVERITY = Severity.INFO


def check(plan: PlanView, _options: Options) -> Iterator[Finding]:
    if plan.meta is None:
        return
    used_executors = {e for node in plan.walk() for e in node.executors}
    used_sources: set[str] = set()
    for node in plan.walk():
        if node.funding is not None:
            used_sources.update(node.funding.sources)
            used_sources.update(line.source for line in node.funding.planned if line.source)
    for total in (plan.meta.declared_total, *(node.declared_total for node in plan.walk())):
        used_sources.update(entry.source for entry in (total.by_source if total else []))
    for index, executor in enumerate(plan.meta.executors):
        if executor.id not in used_executors:
            yield Finding(f"executor '{executor.id}' is not named by any node", plan_path=("executors", index, "id"))
    if not used_sources:
        return
    for index, source in enumerate(plan.meta.sources):
        if source.id not in used_sources:
            yield Finding(f"funding source '{source.id}' is not named by any node", plan_path=("sources", index, "id"))


RULE = Rule(CODE, NAME, SEVERITY, check, __doc__ or "", needs_complete_plan=True)
