"""A row of the implementation plan is printed without a number while its siblings are numbered.

Every plan marks a row the document prints without a number with `as_numbered: ""`. Among numbered
siblings such a row was probably numbered once and lost it (in an edit or in the conversion of the
document), and whoever cites it must guess its number. A level the document does not number at all (all
siblings unnumbered, e.g. strategic goals printed as headings) is the document's form, not a slip, and is
not reported.

Bad (its siblings are printed «Завдання 3.3.1», «Завдання 3.3.3»):

```yaml
- code: "3.3.2"
  as_numbered: ""
  title: Впровадити практику проведення заходів з систематичного обміну досвідом
```

Good: the document prints «Завдання 3.3.2» (and `as_numbered` is left out).
"""

from collections.abc import Iterator

from stratplan.check.rules.base import Finding, Options, Rule
from stratplan.core.diagnostics import Severity
from stratplan.plan.tree import sibling_groups
from stratplan.plan.view import PlanView

CODE = "ST105"
NAME = "unnumbered-row"
SEVERITY = Severity.WARNING


def _unnumbered(printed: str | None) -> bool:
    return printed is not None and not printed.strip()


def check(plan: PlanView, _options: Options) -> Iterator[Finding]:
    for _parent, children in sibling_groups(plan):
        if all(_unnumbered(child.as_numbered) for child in children):
            continue
        for child in children:
            if _unnumbered(child.as_numbered):
                yield Finding(f"the document prints '{child.code}' without a number, its siblings with one", child,
                              ("as_numbered",))


RULE = Rule(CODE, NAME, SEVERITY, check, __doc__ or "")
