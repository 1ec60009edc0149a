"""Another section words a node's title differently from the tree.

The same goal titled three ways in one document leaves the council (and everyone who quotes the strategy)
to guess which wording was adopted, and a changed wording often changes the meaning: a target group added
or dropped, a partner left out. Titles are compared after tidying what is not wording: Unicode
normalisation, spacing, quote styles, a final period or semicolon, the case of the first letter; a
difference only in form (glued words, punctuation, a misspelt word, a doubled word) is XS105. One finding
per node and wording, naming every section that words it so; the message shows the words that differ.

Bad (the tree's operational goal `1.4` is «Створення гнучкої та сучасної системи догляду за людьми
похилого віку, особами з інвалідністю»):

```yaml
also_stated:
  - node: "1.4"
    section: "6.2"
    code_as_printed: "1.4"
    title_as_printed: Створення гнучкої та сучасної системи догляду за людьми похилого віку, особами з
      інвалідністю відповідно до індивідуальних потреб.
```

Good: both sections give the goal the same title.
"""

from collections.abc import Iterator

from stratplan.check.rules._titles import title_findings
from stratplan.check.rules.base import Finding, Options, Rule
from stratplan.core.diagnostics import Severity
from stratplan.plan.view import PlanView

CODE = "XS104"
NAME = "titled-differently"
SEVERITY = Severity.WARNING


def check(plan: PlanView, _options: Options) -> Iterator[Finding]:
    return title_findings(plan, "wording", ("words", "word"))


RULE = Rule(CODE, NAME, SEVERITY, check, __doc__ or "", needs_complete_plan=True)
