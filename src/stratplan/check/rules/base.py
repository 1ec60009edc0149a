"""What a rule is: a stable code, a name, a default severity, its documentation, the options it declares,
and a check function that looks at a read-only plan view and yields findings (a node and a field, never a
file position: the engine locates them)."""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from stratplan.core.diagnostics import Severity, UsageError
from stratplan.io.yamlio import DataPath
from stratplan.model import AnyNode
from stratplan.plan.view import PlanView

FAMILIES = {
    "ST": "structure",
    "RF": "references",
    "TM": "terms",
    "BG": "budget",
    "IN": "indicators",
    "TX": "text",
    "XS": "statements: the tree against the document's other sections (statements.yaml)",
    "MN": "monitoring",
}


@dataclass(frozen=True)
class Finding:
    """What a rule reports: a message about a node's field, or about a path in plan.yaml, context.yaml,
    statements.yaml or a report (`doc`: `plan`, `context`, `statements` or a file's name in the plan)."""

    message: str
    node: AnyNode | None = None
    field: DataPath = ()
    plan_path: DataPath | None = None
    key: bool = False
    hint: str = ""
    doc: str = "plan"
    facts: tuple[tuple[str, str], ...] = ()  # the figures of the message (year, money as plain decimals), for reports
    subject: str = ""  # the code of the node a finding located in a plan file is about (a statements.yaml entry)


@dataclass(frozen=True)
class Option:
    """A setting a rule declares: its configuration key, default, how a configured value is read, and what it means."""

    name: str
    default: Any
    parse: Callable[[Any, str], Any]
    doc: str


Options = Mapping[str, Any]
"""A rule's options by name, configured values over declared defaults."""

Check = Callable[[PlanView, Options], Iterator[Finding]]


@dataclass(frozen=True)
class Rule:
    """A registered rule; its module docstring is its user documentation."""

    code: str
    name: str
    severity: Severity
    check: Check
    doc: str
    options: tuple[Option, ...] = ()
    needs_complete_plan: bool = False
    """The rule judges the plan as a whole (a total over every goal, a catalog entry no node uses, a gap in the
    goals' numbering, a reported code no node has): it is not run while a goal file failed to load, where it
    would report only what is missing."""
    summary: str = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "doc", inspect.cleandoc(self.doc or ""))
        object.__setattr__(self, "summary", self.doc.splitlines()[0] if self.doc else "")

    @property
    def family(self) -> str:
        """The two-letter family of the code, e.g. `BG`."""
        return self.code[:2]

    def run(self, plan: PlanView, configured: Options) -> Iterator[Finding]:
        """The rule's findings, with its options taken from the configuration or their defaults."""
        return self.check(plan, {o.name: configured.get(o.name, o.default) for o in self.options})


def percentage(value: Any, where: str) -> Decimal:
    """An option value that is a percentage of 0 or more (`25`, `12.5`); `where` names it in messages."""
    if isinstance(value, bool) or not isinstance(value, (int, float, Decimal, str)):
        raise UsageError(f"{where} must be a percentage such as 25")
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        raise UsageError(f"{where} must be a percentage such as 25, got {value!r}") from None
    if not number.is_finite() or number < 0:
        raise UsageError(f"{where} must be a percentage of 0 or more, got {value!r}")
    return number
