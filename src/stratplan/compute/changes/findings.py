"""Validation findings introduced, changed or resolved by a change: both sides' findings compared by identity.

A finding's identity is its rule code, node path and file, never its line (which shifts with every edit
above it). Same identity and same message: still there, not reported. Same identity, other message (a
declared total that misses its parts by a different amount): changed. Otherwise introduced or resolved.

The caller lints each side (`Findings`), so comparing plans needs no linter.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from stratplan.compute.changes.model import DECLARED_TOTAL_RULES, FindingChange, Flag
from stratplan.core.diagnostics import Diagnostic
from stratplan.plan.loader import LoadedPlan

Place = tuple[str, str, str]
Found = tuple[Place, Diagnostic]
Findings = Callable[[LoadedPlan], Sequence[Diagnostic]]
"""What `validate` reports for one side's plan; the caller lints, so this package needs no linter."""


def _place(plan: LoadedPlan, diagnostic: Diagnostic) -> Place:
    file = diagnostic.location.file.removeprefix(plan.display_root).lstrip("/")
    return diagnostic.code, diagnostic.path, file


def _found(plan: LoadedPlan | None, findings: Findings) -> list[Found]:
    return [(_place(plan, d), d) for d in findings(plan)] if plan else []


def _unmatched(items: list[Found], others: Sequence[Found]) -> list[Found]:
    """Items without a counterpart of the same place and message in others (each counterpart used once)."""
    pool = [(place, d.message) for place, d in others]
    left = []
    for place, diagnostic in items:
        if (place, diagnostic.message) in pool:
            pool.remove((place, diagnostic.message))
        else:
            left.append((place, diagnostic))
    return left


def _change(status: str, diagnostic: Diagnostic, before: str = "") -> FindingChange:
    return FindingChange(status, diagnostic.code, diagnostic.severity.label, str(diagnostic.location), diagnostic.path,
                         diagnostic.message, before)


def finding_changes(old: LoadedPlan | None, new: LoadedPlan | None, findings: Findings) -> list[FindingChange]:
    """Introduced, changed and resolved findings (each group in the order `findings` reports them)."""
    before, after = _found(old, findings), _found(new, findings)
    gone = _unmatched(before, after)
    introduced, changed = [], []
    for place, diagnostic in _unmatched(after, before):
        earlier = next((i for i, (p, _) in enumerate(gone) if p == place), None)
        if earlier is None:
            introduced.append(_change("introduced", diagnostic))
        else:
            changed.append(_change("changed", diagnostic, gone.pop(earlier)[1].message))
    return introduced + changed + [_change("resolved", d) for _, d in gone]


def finding_flags(found: list[FindingChange]) -> list[Flag]:
    """finding-introduced and finding-resolved per finding; declared-total-mismatch where a total misses its parts."""
    flags = []
    for item in found:
        where, text = item.path or item.location, f"{item.code} {item.message}"
        if item.status != "resolved" and item.code in DECLARED_TOTAL_RULES:
            flags.append(Flag("declared-total-mismatch", where, text))
        if item.status != "changed":
            flags.append(Flag(f"finding-{item.status}", where, text))
    return flags
