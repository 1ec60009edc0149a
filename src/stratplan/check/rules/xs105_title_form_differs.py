"""Another section prints a node's title with the same words in another form.

Words glued together («громадина» for «громади на»), a misspelt or differently inflected word, a doubled
word, other punctuation: the meaning is the same, the text is not, and a quotation of the strategy will not
match the adopted document. Differences of spacing, quote style, a final period and the case of the first
letter are not reported at all; a difference of wording is XS104.

Bad (the tree's `1.1.1.3` is «Придбати обладнання для проведення розширених відеоконференційв системі Zoom
та інших.»):

```yaml
also_stated:
  - node: "1.1.1.3"
    section: II
    code_as_printed: 1.1.1.3.
    title_as_printed: Придбати обладнання для проведення розширених відеоконференцій в системі Zoom та інших.
```

Good: the two texts are the same.
"""

from collections.abc import Iterator

from stratplan.check.rules._titles import title_findings
from stratplan.check.rules.base import Finding, Options, Rule
from stratplan.core.diagnostics import Severity
from stratplan.plan.view import PlanView

CODE = "XS105"
NAME = "title-form-differs"
SEVERITY = Severity.INFO


def check(plan: PlanView, _options: Options) -> Iterator[Finding]:
    return title_findings(plan, "form", ("prints", "print"))


RULE = Rule(CODE, NAME, SEVERITY, check, __doc__ or "", needs_complete_plan=True)
