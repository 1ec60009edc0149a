"""A row of the implementation plan words a funding source otherwise than the catalog.

«Бюджет ОТГ (1)» on one row and «Бюджет ТГ (1)» on the next, a code left out, a word missing: a reader
cannot be sure the rows mean the same source, and a budget officer totalling by source has to guess. The
catalog (`sources` in plan.yaml) gives each source's name and code as the document defines it;
`statements.yaml` records a row's sources cell item by item where it words them otherwise (`rows`). One
finding per source and wording, naming the rows.

Bad (the catalog names `local_budget` «Бюджет ТГ», code «(1)»):

```yaml
rows:
  - node: "1.2.5"
    sources: [{source: local_budget, as_printed: Бюджет ОТГ (1)}]
```

Good: every row prints «Бюджет ТГ (1)».
"""

from collections.abc import Iterator

from stratplan.check.rules.base import Finding, Options, Rule
from stratplan.core.diagnostics import Severity
from stratplan.plan.view import PlanView

CODE = "XS108"
NAME = "source-worded-differently"
SEVERITY = Severity.INFO


def check(plan: PlanView, _options: Options) -> Iterator[Finding]:
    statements = plan.statements
    if statements is None:
        return
    catalog = {s.id: f"{s.name} {s.code}" if s.code else s.name for s in plan.sources}
    groups: dict[tuple[str, str], tuple[tuple[int, int], list[str]]] = {}
    for r_index, row in enumerate(statements.rows):
        for s_index, printed in enumerate(row.sources or []):
            wording = catalog.get(printed.source)
            if wording is None or " ".join(printed.as_printed.split()) == " ".join(wording.split()):
                continue
            _first, nodes = groups.setdefault((printed.source, printed.as_printed), ((r_index, s_index), []))
            if row.node not in nodes:
                nodes.append(row.node)
    for (source, as_printed), ((r_index, s_index), nodes) in sorted(groups.items(), key=lambda item: item[1][0]):
        rows = "the row of {} prints" if len(nodes) == 1 else "the rows of {} print"
        yield Finding(f"{rows.format(', '.join(nodes))} '{source}' as «{as_printed}», the catalog as "
                      f"«{catalog[source]}»", plan_path=("rows", r_index, "sources", s_index, "as_printed"),
                      doc="statements", subject=nodes[0])


RULE = Rule(CODE, NAME, SEVERITY, check, __doc__ or "", needs_complete_plan=True)
