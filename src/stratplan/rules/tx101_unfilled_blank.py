"""Text contains an unfilled blank such as `____`.

Templates leave blanks for names, dates and numbers; one left in an adopted plan means a value was
never filled in.

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

from stratplan.diagnostics import Severity
from stratplan.loader import LoadedPlan
from stratplan.rules.base import Finding
from stratplan.text import plan_texts

CODE = "TX101"
NAME = "unfilled-blank"
SEVERITY = Severity.WARNING

BLANK = re.compile(r"_{3,}|…{2,}|\.{5,}")
SHORTEST_BLANKS = ("___", "……", ".....")  # a text with none of these cannot match BLANK; `in` is much quicker


def check(plan: LoadedPlan) -> Iterator[Finding]:
    for field in plan_texts(plan):
        if not any(blank in field.text for blank in SHORTEST_BLANKS):
            continue
        match = BLANK.search(field.text)
        if match:
            snippet = field.text[max(0, match.start() - 30): match.end() + 10].strip()
            finding = f"unfilled blank '{match.group()}' in text: «{snippet}»"
            if field.node is None:
                yield Finding(finding, plan_path=field.path, doc=field.doc)
            else:
                yield Finding(finding, field.node, field.path)
