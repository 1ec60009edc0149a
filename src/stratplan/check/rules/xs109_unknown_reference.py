"""statements.yaml names a node, section or source the plan does not have, or disagrees with the tree.

Every entry is keyed to the tree: a node code the tree lacks, a section not declared in `sections`, a level
that is not the node's, a funding source not in the catalog or not among the node's own sources, or a
section stated twice for one node, means the statements no longer describe this plan (a node renumbered
without its statements, a typo), and every rule that compares sections would compare the wrong things.

Bad:

```yaml
also_stated:
  - {node: "1.9", section: "6.2", code_as_printed: "1.9", title_as_printed: …}   # the tree has no 1.9
```

Good: the entry names a node of the tree, in a declared section.
"""

from collections.abc import Iterator

from stratplan.check.rules.base import Finding, Options, Rule
from stratplan.core.diagnostics import Severity
from stratplan.io.yamlio import DataPath
from stratplan.model.statements import StatementsFile
from stratplan.plan.view import PlanView

CODE = "XS109"
NAME = "statements-do-not-fit-tree"
SEVERITY = Severity.ERROR


def _a(level: str) -> str:
    name = level.replace("_", " ")
    return f"an {name}" if name[0] in "aeiou" else f"a {name}"


def _finding(message: str, path: DataPath, subject: str = "") -> Finding:
    return Finding(message, plan_path=path, doc="statements", subject=subject)


def _sections(plan: PlanView, statements: StatementsFile) -> Iterator[Finding]:
    declared = {s.id for s in statements.sections}
    if sum(s.tree for s in statements.sections) > 1:
        yield _finding("more than one section is marked as the tree", ("sections",))
    sections: list[tuple[str, list[str]]] = [
        ("also_stated", [e.section for e in statements.also_stated]), ("counts", [c.section for c in statements.counts]),
        ("lists", [n.section for n in statements.lists])]
    for name, named in sections:
        for index, section in enumerate(named):
            if section not in declared:
                yield _finding(f"section {section!r} is not declared in 'sections'", (name, index, "section"))
    scopes = [("counts", [c.scope for c in statements.counts]), ("lists", [n.scope for n in statements.lists])]
    for name, codes in scopes:
        for index, scope in enumerate(codes):
            if scope is not None and plan.node(scope) is None:
                yield _finding(f"the tree has no node '{scope}'", (name, index, "scope"))


def _nodes(plan: PlanView, statements: StatementsFile) -> Iterator[Finding]:
    seen: set[tuple[str, str]] = set()
    for index, entry in enumerate(statements.also_stated):
        if entry.node is None:
            if entry.parent is not None and plan.node(entry.parent) is None:
                yield _finding(f"the tree has no node '{entry.parent}'", ("also_stated", index, "parent"))
            continue
        node = plan.node(entry.node)
        if node is None:
            yield _finding(f"the tree has no node '{entry.node}'", ("also_stated", index, "node"))
        elif entry.level is not None and entry.level != plan.level(node):
            yield _finding(f"'{entry.node}' is {_a(plan.level(node))}, not {_a(entry.level)}",
                           ("also_stated", index, "level"), entry.node)
        elif (entry.section, entry.node) in seen:
            yield _finding(f"section {entry.section} states '{entry.node}' twice", ("also_stated", index, "node"),
                           entry.node)
        seen.add((entry.section, entry.node))


def _rows(plan: PlanView, statements: StatementsFile) -> Iterator[Finding]:
    catalog = {s.id for s in plan.sources}
    for index, row in enumerate(statements.rows):
        node = plan.node(row.node)
        if node is None:
            yield _finding(f"the tree has no node '{row.node}'", ("rows", index, "node"))
            continue
        own = set(node.funding.sources) if node.funding is not None else set()
        for s_index, printed in enumerate(row.sources or []):
            if printed.source not in catalog:
                yield _finding(f"unknown funding source '{printed.source}'", ("rows", index, "sources", s_index,
                                                                             "source"), row.node)
            elif printed.source not in own:
                yield _finding(f"the row of '{row.node}' prints '{printed.source}', which the node does not list "
                               "among its sources", ("rows", index, "sources", s_index, "source"), row.node)


def check(plan: PlanView, _options: Options) -> Iterator[Finding]:
    statements = plan.statements
    if statements is None:
        return
    yield from _sections(plan, statements)
    yield from _nodes(plan, statements)
    yield from _rows(plan, statements)


RULE = Rule(CODE, NAME, SEVERITY, check, __doc__ or "", needs_complete_plan=True)
