"""The expected result repeats the title word for word.

An expected result should say what will be different when the item is done; one that restates the
title gives monitoring nothing to check.

Bad:

```yaml
title: Запровадити послугу денного догляду
expected_result: Запровадити послугу денного догляду
```

Good:

```yaml
title: Запровадити послугу денного догляду
expected_result: Послугу денного догляду отримують 20 осіб
```
"""

from collections.abc import Iterator

from stratplan.check.rules.base import Finding, Options, Rule
from stratplan.core.diagnostics import Severity
from stratplan.plan.view import PlanView

CODE = "TX106"
NAME = "result-repeats-title"
SEVERITY = Severity.WARNING


def _normal(text: str) -> str:
    return " ".join(text.lower().split()).rstrip(".;:")


def check(plan: PlanView, _options: Options) -> Iterator[Finding]:
    for node in plan.walk():
        if node.expected_result and _normal(node.expected_result) == _normal(node.title):
            yield Finding(f"the expected result of '{node.code}' repeats its title", node, ("expected_result",))


RULE = Rule(CODE, NAME, SEVERITY, check, __doc__ or "")
