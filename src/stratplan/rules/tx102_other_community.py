"""Text names another community's council or hromada.

Strategies are often adapted from a neighbour's; a left-over "Первомайської міської ради" in
Melitopol's plan assigns work to the wrong council.

Bad (in Melitopol's plan):

```yaml
title: Рішення виконавчого комітету Первомайської міської ради
```

Good:

```yaml
title: Рішення виконавчого комітету Мелітопольської міської ради
```
"""

import re
from collections.abc import Iterator

from stratplan.diagnostics import Severity
from stratplan.loader import LoadedPlan
from stratplan.rules.base import Finding
from stratplan.text import plan_texts

CODE = "TX102"
NAME = "other-community-name"
SEVERITY = Severity.WARNING

COMMUNITY = re.compile(
    r"\b([А-ЯІЇЄҐ][а-яіїєґ'’ʼ-]+?(?:ськ|цьк|зьк))(?:а|ої|ій|у|ою|ий|ого|ому|им|ої)\s+"
    r"(?:міськ|селищн|сільськ)\w*\s+(?:рад|територіальн|громад|ТГ|ОТГ)\w*",
)
STEM_LENGTH = 6


def _stem(word: str) -> str:
    return word.lower()[:STEM_LENGTH]


def check(plan: LoadedPlan) -> Iterator[Finding]:
    if plan.plan is None:
        return
    own = _stem(plan.plan.community.name)
    for field in plan_texts(plan):
        for match in COMMUNITY.finditer(field.text):
            if _stem(match.group(1)) != own:
                message = f"text names another community: «{match.group(0)}»"
                if field.node is None:
                    yield Finding(message, plan_path=field.path, doc=field.doc)
                else:
                    yield Finding(message, field.node, field.path)
