"""Text names the strategy with a period other than the plan's.

A plan for 2021–2026 whose text calls it "Стратегія … на 2021-2023 роки" contradicts itself: one of
the two periods is a left-over from an earlier draft or another community's document. The period is found
also where the document glues «на» to the word before it («громадина 2021-2023 роки»).

Bad (strategy period 2021–2026):

```yaml
values:
  - Реалізація Стратегії розвитку громади на 2021-2023 роки
```

Good:

```yaml
values:
  - Реалізація Стратегії розвитку громади на 2021-2026 роки
```
"""

import re
from collections.abc import Iterator

from stratplan.check.rules.base import Finding, Options, Rule
from stratplan.core.diagnostics import Severity
from stratplan.plan.view import PlanView
from stratplan.plan.wording import plan_texts

CODE = "TX105"
NAME = "strategy-period-in-text"
SEVERITY = Severity.ERROR

STRATEGY_PERIOD = re.compile(r"Стратегі\w*\b[^.;:]{0,200}?на\s+(\d{4})\s*[-–—]\s*(\d{4})\s*(?:рок|рр|р\.)",
                             re.IGNORECASE)
"""«Стратегі…», then within the sentence «на» (also glued to the word before it: «громадина») and a period."""


def check(plan: PlanView, _options: Options) -> Iterator[Finding]:
    if plan.meta is None:
        return
    document = plan.meta.document
    period = document.strategy_period or document.period
    for field in plan_texts(plan):
        text = field.text
        if "-" not in text and "–" not in text and "—" not in text:
            continue  # STRATEGY_PERIOD needs a dash between the years (dashes have no case): skip the search
        for match in STRATEGY_PERIOD.finditer(text):
            start, end = int(match.group(1)), int(match.group(2))
            if (start, end) != (period.start, period.end):
                message = (f"text names the strategy for {start}–{end}, the plan's period is "
                           f"{period.start}–{period.end}: «{match.group(0)[-60:]}»")
                if field.node is None:
                    yield Finding(message, plan_path=field.path, doc=field.doc)
                else:
                    yield Finding(message, field.node, field.path)


RULE = Rule(CODE, NAME, SEVERITY, check, __doc__ or "")
