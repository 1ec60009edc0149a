"""The result of comparing two versions of plans: plain, immutable values that formatters lay out."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

FLAGS: dict[str, str] = {
    "load-failed": "a side has YAML or schema errors, so its goal tree is not compared",
    "node-removed": "a strategic goal, operational goal, task or measure was removed (not moved or renumbered)",
    "target-lowered": "an indicator's target was weakened: lowered, or raised for a `decrease` indicator",
    "target-removed": "an indicator that had targets, or one year's target, was removed",
    "term-later": "a term starts or ends later",
    "money-moved-years": "a node's (or the plan's) total is unchanged but its money moved between years",
    "money-moved-sources": "a node's (or the plan's) total is unchanged but its money moved between funding sources",
    "source-switched": "a node dropped a funding source and named another instead",
    "declared-total-mismatch": "a declared total (ВСЬОГО, РАЗОМ, a row's Всього) does not match its changed parts "
                               "(a BG102-BG105 or BG108 finding introduced, or one whose figures changed)",
    "finding-introduced": "a validation finding the base did not have",
    "finding-resolved": "a validation finding of the base is gone",
}
"""Every flag with what it means; names are stable (CI refers to them with --fail-on)."""

DECLARED_TOTAL_RULES = ("BG102", "BG103", "BG104", "BG105", "BG108")


@dataclass(frozen=True)
class FieldChange:
    """One field's value before and after; empty when absent.

    `subject` names what inside the node changed (an indicator's text). `kind` says how to show the values:
    `text` as is, `money` and `number` are plain dot decimals (money may also be `unknown`).
    """

    field: str
    before: str
    after: str
    subject: str = ""
    kind: str = "text"


@dataclass(frozen=True)
class MoneyDelta:
    """Planned money of one year and funding source (`all` when not split) before and after."""

    year: int
    source: str
    before: Decimal
    after: Decimal

    @property
    def change(self) -> Decimal:
        """After minus before."""
        return self.after - self.before


@dataclass(frozen=True)
class Flag:
    """Something a reviewer must not miss: a flag name from FLAGS, where it happened, and what."""

    name: str
    where: str
    message: str


@dataclass(frozen=True)
class NodeChange:
    """A node added, removed, moved, renumbered or changed in place.

    `code` is the node's code after the change (before it, for a removed node); `old_code` its code before
    a move or renumbering. `carried` counts descendants that went with it (moved along, or added or
    removed together) and are not listed on their own.
    """

    kind: str
    level: str
    code: str
    title: str
    old_code: str = ""
    old_parent: str = ""
    new_parent: str = ""
    fields: tuple[FieldChange, ...] = ()
    money: tuple[MoneyDelta, ...] = ()
    carried: int = 0


@dataclass(frozen=True)
class GoalMoney:
    """A top-level node's (a strategic goal's) computed planned money (all years and sources) before and after."""

    code: str
    title: str
    before: Decimal
    after: Decimal
    level: str = "strategic_goal"

    @property
    def change(self) -> Decimal:
        """After minus before."""
        return self.after - self.before


@dataclass(frozen=True)
class FindingChange:
    """A validation finding that appeared (`introduced`), disappeared (`resolved`, located in the base), or is
    still there with another message (`changed`; `before` is the base's message)."""

    status: str
    code: str
    severity: str
    location: str
    path: str
    message: str
    before: str = ""


@dataclass
class PlanChanges:
    """What changed in one plan; `status` is changed, unchanged, added, removed or load-failed."""

    key: str
    community: str
    name: str
    status: str
    nodes: list[NodeChange] = field(default_factory=list)
    plan_fields: list[FieldChange] = field(default_factory=list)
    goals: list[GoalMoney] = field(default_factory=list)
    money: list[MoneyDelta] = field(default_factory=list)
    money_before: Decimal = Decimal(0)
    money_after: Decimal = Decimal(0)
    has_amounts: bool = False
    unit: str = "thousand_uah"
    """The unit of the money figures: the plan's, or thousand UAH when the change switched the plan's unit."""
    findings: list[FindingChange] = field(default_factory=list)
    flags: list[Flag] = field(default_factory=list)
    node_count: int = 0

    @property
    def money_change(self) -> Decimal:
        """Net change of the plan's computed planned money."""
        return self.money_after - self.money_before

    def count(self, kind: str) -> int:
        """How many listed node changes are of this kind."""
        return sum(1 for n in self.nodes if n.kind == kind)


@dataclass(frozen=True)
class Side:
    """One side of the comparison as the user named it: a revision (with its commit), a folder, or the work tree."""

    label: str
    commit: str = ""
    folder: str = ""


@dataclass
class ChangeReport:
    """Every plan's changes between a base and a head."""

    base: Side
    head: Side
    plans: list[PlanChanges] = field(default_factory=list)
    identical: list[str] = field(default_factory=list)
    """The keys of plans with the same files on both sides: not loaded, not compared, not in `plans`."""

    def flag_counts(self) -> dict[str, int]:
        """How often each flag was raised, in the order of FLAGS."""
        counts = {name: 0 for name in FLAGS}
        for plan in self.plans:
            for flag in plan.flags:
                counts[flag.name] += 1
        return {name: n for name, n in counts.items() if n}
