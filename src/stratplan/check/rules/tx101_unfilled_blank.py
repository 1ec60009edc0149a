"""Text contains an unfilled blank such as `____`.

Templates leave blanks for names, dates and numbers; one left in an adopted plan means a value was
never filled in: a target without its figure cannot be monitored. A blank is three or more underscores,
two or more ellipses, five or more dots, or a single underscore at the end of a word («онлайн_»).

Bad:

```yaml
title: Провести навчання для ____ працівників
```

Good:

```yaml
title: Провести навчання для 5 працівників
```
"""

import re
from collections.abc import Iterator

from stratplan.check.rules.base import Finding, Options, Rule
from stratplan.core.diagnostics import Severity
from stratplan.plan.view import PlanView
from stratplan.plan.wording import plan_texts

CODE = "TX101"
NAME = "unfilled-blank"
SEVERITY = Severity.ERROR

BLANK = re.compile(r"_{3,}|…{2,}|\.{5,}|(?<=[^\W\d_])_(?!\w)")


def check(plan: PlanView, _options: Options) -> Iterator[Finding]:
    for field in plan_texts(plan):
        text = field.text
        if "_" not in text and "……" not in text and "....." not in text:
            continue  # BLANK needs one of these: a substring test is much quicker than the search
        match = BLANK.search(text)
        if match:
            snippet = field.text[max(0, match.start() - 30): match.end() + 10].strip()
            finding = f"unfilled blank '{match.group()}' in text: «{snippet}»"
            if field.node is None:
                yield Finding(finding, plan_path=field.path, doc=field.doc)
            else:
                yield Finding(finding, field.node, field.path)


RULE = Rule(CODE, NAME, SEVERITY, check, __doc__ or "")
