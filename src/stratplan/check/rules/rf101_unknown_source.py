"""A node refers to a funding source that is not in the plan's catalog.

Sources are listed once in `plan.yaml` under `sources:` and referred to by id; a misspelt id would
silently drop money from every total by source.

Bad:

```yaml
funding:
  sources: [local_budjet]
```

Good:

```yaml
funding:
  sources: [local_budget]
```
"""

import difflib
from collections.abc import Iterator

from stratplan.check.rules.base import Finding, Options, Rule
from stratplan.core.diagnostics import Severity
from stratplan.plan.view import PlanView

CODE = "RF101"
NAME = "unknown-funding-source"
SEVERITY = Severity.ERROR


def _suggest(word: str, known: list[str]) -> str:
    close = difflib.get_close_matches(word, known, n=1)
    return f"did you mean '{close[0]}'?" if close else "add it to 'sources' in plan.yaml"


def check(plan: PlanView, _options: Options) -> Iterator[Finding]:
    if plan.meta is None:
        return
    known = [s.id for s in plan.meta.sources]
    for node in plan.walk():
        if node.funding is None:
            continue
        for index, source in enumerate(node.funding.sources):
            if source not in known:
                yield Finding(f"unknown funding source '{source}' in '{node.code}'", node,
                              ("funding", "sources", index), hint=_suggest(source, known))
        for index, line in enumerate(node.funding.planned):
            if line.source is not None and line.source not in known:
                yield Finding(f"unknown funding source '{line.source}' in '{node.code}'", node,
                              ("funding", "planned", index, "source"), hint=_suggest(line.source, known))
    yield from _declared(plan, known)


def _declared(plan: PlanView, known: list[str]) -> Iterator[Finding]:
    """The sources of declared totals' per-source rows."""
    assert plan.meta is not None
    if plan.meta.declared_total is not None:
        for index, entry in enumerate(plan.meta.declared_total.by_source):
            if entry.source not in known:
                yield Finding(f"unknown funding source '{entry.source}' in the plan's declared total",
                              plan_path=("declared_total", "by_source", index, "source"),
                              hint=_suggest(entry.source, known))
    for node in plan.walk():
        for index, entry in enumerate(node.declared_total.by_source if node.declared_total else []):
            if entry.source not in known:
                yield Finding(f"unknown funding source '{entry.source}' in the declared total of '{node.code}'", node,
                              ("declared_total", "by_source", index, "source"), hint=_suggest(entry.source, known))


RULE = Rule(CODE, NAME, SEVERITY, check, __doc__ or "")
