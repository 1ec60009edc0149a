"""Field-by-field comparison of one node before and after, with the flags the edits raise."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from stratplan.compute.changes.model import FieldChange, Flag
from stratplan.model import UNKNOWN, AnyNode, DeclaredTotal, Indicator, Term
from stratplan.model.common import Amount

WEAKER_WHEN_HIGHER = "decrease"


@dataclass
class Diff:
    """Field changes and flags collected while comparing one node."""

    where: str
    changes: list[FieldChange] = field(default_factory=list)
    flags: list[Flag] = field(default_factory=list)

    def text(self, name: str, before: str | None, after: str | None, subject: str = "") -> None:
        """Record a text field when it differs."""
        if (before or "") != (after or ""):
            self.changes.append(FieldChange(name, before or "", after or "", subject))

    def value(self, name: str, before: str, after: str, subject: str = "", kind: str = "text") -> None:
        """Record an already formatted value when it differs."""
        if before != after:
            self.changes.append(FieldChange(name, before, after, subject, kind))

    def flag(self, name: str, message: str) -> None:
        """Raise a flag at this node."""
        self.flags.append(Flag(name, self.where, message))


def term_text(term: Term | None) -> str:
    """A term as `2021-2023`, `2021` for one year, `H2 2021` for a half-year, `unknown` or empty."""
    if term is None:
        return ""
    if term.unknown or term.start is None or term.end is None:
        return UNKNOWN
    start = f"H{term.start_half} {term.start}" if term.start_half else str(term.start)
    end = f"H{term.end_half} {term.end}" if term.end_half else str(term.end)
    return start if start == end else f"{start}-{end}"


def _term_later(before: Term | None, after: Term | None) -> bool:
    if before is None or after is None or before.unknown or after.unknown:
        return False
    starts = ((before.start or 0, before.start_half or 1), (after.start or 0, after.start_half or 1))
    ends = ((before.end or 0, before.end_half or 2), (after.end or 0, after.end_half or 2))
    return starts[1] > starts[0] or ends[1] > ends[0]


def amount_text(value: Amount | None) -> str:
    """A money value as plain dot-decimal text, `unknown`, or empty when absent."""
    if value is None:
        return ""
    return UNKNOWN if value == UNKNOWN else f"{Decimal(value):f}"


def _number(value: Decimal | None) -> str:
    return "" if value is None else f"{value:f}"


def _flag_text(value: bool | None) -> str:
    return "" if value is None else str(value).lower()


def number_words(value: Decimal) -> str:
    """A number for a sentence, with a decimal comma: `35`, `12,5`."""
    return f"{value:f}".replace(".", ",")


def compare_node(base: AnyNode, head: AnyNode, where: str) -> Diff:
    """Every field change of a node edited in place (children are compared on their own)."""
    diff = Diff(where)
    diff.text("title", base.title, head.title)
    diff.text("motto", getattr(base, "motto", None), getattr(head, "motto", None))
    diff.text("expected result", base.expected_result, head.expected_result)
    diff.text("printed number", base.as_numbered, head.as_numbered)
    _term(diff, base.term, head.term)
    _listed(diff, "executors", base.executors, head.executors)
    _sources(diff, base, head)
    _indicators(diff, base.indicators, head.indicators)
    declared(diff, "declared total", base.declared_total, head.declared_total)
    _unknown_amounts(diff, base, head)
    _row_totals(diff, base, head)
    diff.text("funding note", base.funding.note if base.funding else None, head.funding.note if head.funding else None)
    _notes(diff, base.notes, head.notes)
    return diff


def _term(diff: Diff, before: Term | None, after: Term | None) -> None:
    shown = term_text(before), term_text(after)
    if before != after and shown[0] == shown[1]:
        shown = (_term_words(before), _term_words(after))
    diff.value("term", *shown)
    if _term_later(before, after):
        diff.flag("term-later", f"term {shown[0]} → {shown[1]}")


def _term_words(term: Term | None) -> str:
    if term is None:
        return ""
    return f"{term_text(term)} ({term.as_written or term.note or ''})".replace(" ()", "")


def _listed(diff: Diff, name: str, before: Iterable[str], after: Iterable[str]) -> None:
    old, new = list(before), list(after)
    if old != new:
        diff.changes.append(FieldChange(name, ", ".join(old), ", ".join(new)))


def _named_sources(node: AnyNode) -> list[str]:
    if node.funding is None:
        return []
    named = list(node.funding.sources)
    return named + [s for s in (line.source for line in node.funding.planned) if s and s not in named]


def _sources(diff: Diff, base: AnyNode, head: AnyNode) -> None:
    old, new = _named_sources(base), _named_sources(head)
    _listed(diff, "sources", old, new)
    dropped, gained = [s for s in old if s not in new], [s for s in new if s not in old]
    if dropped and gained:
        diff.flag("source-switched", f"funding source {', '.join(dropped)} → {', '.join(gained)}")


def _pair_indicators(before: list[Indicator], after: list[Indicator]) -> tuple[list[tuple[Indicator, Indicator]],
                                                                                 list[Indicator], list[Indicator]]:
    """Indicators paired by text; the rest paired in order when as many were removed as added."""
    texts = {i.text for i in after}
    pairs = [(old, next(i for i in after if i.text == old.text)) for old in before if old.text in texts]
    old_rest = [i for i in before if i.text not in texts]
    new_rest = [i for i in after if i.text not in {o.text for o in before}]
    if len(old_rest) == len(new_rest):
        return pairs + list(zip(old_rest, new_rest, strict=True)), [], []
    return pairs, old_rest, new_rest


def _indicators(diff: Diff, before: list[Indicator], after: list[Indicator]) -> None:
    pairs, removed, added = _pair_indicators(before, after)
    for old, new in pairs:
        _indicator(diff, old, new)
    for old in removed:
        diff.value("indicator", old.text, "")
        if old.targets:
            diff.flag("target-removed", f"indicator removed with its targets: {old.text}")
    for new in added:
        diff.value("indicator", "", new.text)


def _indicator(diff: Diff, old: Indicator, new: Indicator) -> None:
    diff.text("indicator", old.text, new.text)
    subject = new.text
    for name in ("unit", "direction", "note"):
        diff.text(f"indicator {name}", getattr(old, name), getattr(new, name), subject)
    diff.value("indicator cumulative", _flag_text(old.cumulative), _flag_text(new.cumulative), subject)
    diff.value("indicator baseline", _number(old.baseline), _number(new.baseline), subject, "number")
    diff.value("indicator baseline year", str(old.baseline_year or ""), str(new.baseline_year or ""), subject)
    for year in sorted(set(old.targets) | set(new.targets)):
        before, after = old.targets.get(year), new.targets.get(year)
        diff.value(f"target {year}", _number(before), _number(after), subject, "number")
        _target_flag(diff, new, year, before, after)


def _target_flag(diff: Diff, indicator: Indicator, year: int, before: Decimal | None, after: Decimal | None) -> None:
    if before is None or before == after:
        return
    if after is None:
        diff.flag("target-removed", f"target {year} ({number_words(before)}) removed: {indicator.text}")
        return
    weaker = after > before if indicator.direction == WEAKER_WHEN_HIGHER else after < before
    if weaker:
        direction = indicator.direction or "no direction: read as increase"
        diff.flag("target-lowered", f"target {year} {number_words(before)} → {number_words(after)} ({direction}): "
                                    f"{indicator.text}")


def declared(diff: Diff, name: str, before: DeclaredTotal | None, after: DeclaredTotal | None) -> None:
    """Label, total and years of a declared total (ВСЬОГО, РАЗОМ)."""
    old = before or DeclaredTotal()
    new = after or DeclaredTotal()
    diff.text(f"{name} label", old.label, new.label)
    diff.value(name, amount_text(old.total), amount_text(new.total), kind="money")
    for year in sorted(set(old.years) | set(new.years)):
        diff.value(f"{name} {year}", amount_text(old.years.get(year)), amount_text(new.years.get(year)), kind="money")


def _cells(node: AnyNode) -> dict[tuple[int, str], str]:
    """Own planned amounts by (year, line source) as text; the rollup compares the known ones."""
    cells: dict[tuple[int, str], str] = {}
    for line in node.funding.planned if node.funding else []:
        for year, amount in line.years.items():
            cells[(year, line.source or "")] = amount_text(amount)
    return cells


def _unknown_amounts(diff: Diff, base: AnyNode, head: AnyNode) -> None:
    """Amounts that became or stopped being `unknown` (known-to-known changes are money deltas)."""
    old, new = _cells(base), _cells(head)
    for year, source in sorted(set(old) | set(new)):
        before, after = old.get((year, source), ""), new.get((year, source), "")
        if before != after and UNKNOWN in (before, after):
            label = f"amount {year}" + (f" {source}" if source else "")
            diff.value(label, before, after, kind="money")


def _row_totals(diff: Diff, base: AnyNode, head: AnyNode) -> None:
    def totals(node: AnyNode) -> dict[str, str]:
        return {line.source or "": amount_text(line.total) for line in (node.funding.planned if node.funding else [])}

    old, new = totals(base), totals(head)
    for source in sorted(set(old) | set(new)):
        label = "row total" + (f" {source}" if source else "")
        diff.value(label, old.get(source, ""), new.get(source, ""), kind="money")


def _notes(diff: Diff, before: list[str], after: list[str]) -> None:
    for note in before:
        if note not in after:
            diff.value("note", note, "")
    for note in after:
        if note not in before:
            diff.value("note", "", note)
