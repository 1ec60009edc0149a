"""A work item lacks indicators or executors.

Every item at the bottom of the tree (a task without measures, a measure, an operational goal without
tasks) is what someone does: it needs at least one indicator or expected result, and a responsible
executor, or monitoring cannot say whether it happened. An item may take them from an ancestor (a task's
indicators covering its measures): whether that is enough is a human decision. A plan that names no executor
anywhere gets one finding on `plan.yaml` instead of one per item. A missing term is TM105.

Bad:

```yaml
- code: "1.1.1"
  title: Створити раду
```

Good:

```yaml
- code: "1.1.1"
  title: Створити раду
  indicators: [Створено раду]
  executors: [uszn]
```
"""

from collections.abc import Iterator

from stratplan.check.rules.base import Finding, Options, Rule
from stratplan.core.diagnostics import Severity
from stratplan.model import AnyNode
from stratplan.plan.view import PlanView

CODE = "ST201"
NAME = "missing-required-field"
SEVERITY = Severity.WARNING


def _ancestors_have(plan: PlanView, node: AnyNode, attr: str) -> bool:
    return any(getattr(ancestor, attr) for ancestor in plan.ancestors(node))


def check(plan: PlanView, _options: Options) -> Iterator[Finding]:
    names_executors = any(node.executors for node in plan.walk())
    if not names_executors and plan.meta is not None and plan.goals:
        yield Finding("the plan names no responsible executor for any item", plan_path=("executors",))
    for node in plan.walk():
        if plan.level(node) == "strategic_goal" or plan.children(node):
            continue
        missing = []
        if not node.indicators and not node.expected_result and not _ancestors_have(plan, node, "indicators"):
            missing.append("indicators")
        if names_executors and not node.executors and not _ancestors_have(plan, node, "executors"):
            missing.append("executors")
        if missing:
            yield Finding(f"'{node.code}' has no {', no '.join(missing)}", node, ("code",))


RULE = Rule(CODE, NAME, SEVERITY, check, __doc__ or "")
