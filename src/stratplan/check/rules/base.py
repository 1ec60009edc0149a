"""What a rule is: a stable code, a name, a default severity, documentation, and a check function."""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from types import ModuleType

from stratplan.core.diagnostics import Severity
from stratplan.io.yamlio import DataPath
from stratplan.model import AnyNode

FAMILIES = {
    "ST": "structure",
    "RF": "references",
    "TM": "terms",
    "BG": "budget",
    "IN": "indicators",
    "TX": "text",
    "MN": "monitoring",
}


@dataclass(frozen=True)
class Finding:
    """What a rule reports: a message about a node's field, or about a path in plan.yaml."""

    message: str
    node: AnyNode | None = None
    field: DataPath = ()
    plan_path: DataPath | None = None
    key: bool = False
    hint: str = ""
    doc: str = "plan"
    facts: tuple[tuple[str, str], ...] = ()  # the figures of the message (year, money as plain decimals), for reports


CheckFn = Callable[..., Iterator[Finding]]


@dataclass(frozen=True)
class Rule:
    """A registered rule; its module docstring is its user documentation."""

    code: str
    name: str
    severity: Severity
    summary: str
    doc: str
    check: CheckFn
    needs_config: bool = False
    needs_complete_plan: bool = False
    """The rule judges the plan as a whole (a total over every goal, a catalog entry no node uses, a gap in the
    goals' numbering, a reported code no node has): it is not run while a goal file failed to load, where it
    would report only what is missing (module constant NEEDS_COMPLETE_PLAN = True)."""

    @property
    def family(self) -> str:
        """The two-letter family of the code, e.g. `BG`."""
        return self.code[:2]

    @classmethod
    def from_module(cls, module: ModuleType) -> Rule:
        """Build a rule from a module defining CODE, NAME, SEVERITY, check() and a docstring."""
        doc = inspect.cleandoc(module.__doc__ or "")
        return cls(
            code=module.CODE,
            name=module.NAME,
            severity=module.SEVERITY,
            summary=doc.splitlines()[0] if doc else "",
            doc=doc,
            check=module.check,
            needs_config=len(inspect.signature(module.check).parameters) == 2,
            needs_complete_plan=getattr(module, "NEEDS_COMPLETE_PLAN", False),
        )
