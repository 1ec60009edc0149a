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

from stratplan.check.rules.base import Finding, Options, Rule
from stratplan.core.diagnostics import Severity
from stratplan.plan.view import PlanView
from stratplan.plan.wording import plan_texts

CODE = "TX102"
NAME = "other-community-name"
SEVERITY = Severity.ERROR

COMMUNITY = re.compile(
    r"\b([А-ЯІЇЄҐ][а-яіїєґ'’ʼ-]+?(?:ськ|цьк|зьк))(?:а|ої|ій|у|ою|ий|ого|ому|им|ої)\s+"
    r"(?:міськ|селищн|сільськ)\w*\s+(?:рад|територіальн|громад|ТГ|ОТГ)\w*",
)
STEM_LENGTH = 6


def _own_stem(name: str) -> tuple[str, bool]:
    """The community's adjective stem (e.g. `мелітопольськ`), or a prefix when the name has another shape."""
    match = COMMUNITY.search(name)
    if match:
        return match.group(1).lower(), True
    return name.lower()[:STEM_LENGTH], False


def _is_other(stem: str, own: str, exact: bool) -> bool:
    return stem.lower() != own if exact else not stem.lower().startswith(own)


def check(plan: PlanView, _options: Options) -> Iterator[Finding]:
    if plan.meta is None:
        return
    own, exact = _own_stem(plan.meta.issuer.name)
    for field in plan_texts(plan):
        text = field.text
        if "міськ" not in text and "селищн" not in text and "сільськ" not in text:
            continue  # COMMUNITY needs one of these: a substring test is much quicker than the search
        for match in COMMUNITY.finditer(text):
            if _is_other(match.group(1), own, exact):
                message = f"text names another community: «{match.group(0)}»"
                if field.node is None:
                    yield Finding(message, plan_path=field.path, doc=field.doc)
                else:
                    yield Finding(message, field.node, field.path)


RULE = Rule(CODE, NAME, SEVERITY, check, __doc__ or "")
