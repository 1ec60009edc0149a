"""Fields whose change means more than its value: terms, money, funding sources, indicators and their targets.

Each handler compares one field of two versions (see `walk.Compare`), records what a reviewer reads and
raises the flags the change calls for; what it does not interpret itself goes back to the generic walk.
`fields.FIELDS` says which field each handler is for.
"""

from __future__ import annotations

from decimal import Decimal
from itertools import zip_longest
from typing import Any

from pydantic import BaseModel

from stratplan.compute.changes.walk import At, Diff, compare_model, compare_value, field_names, text
from stratplan.core.numbers import decimal_comma, plain
from stratplan.model import UNKNOWN, Funding, Indicator, PlannedLine, Term
from stratplan.model.common import Amount

WEAKER_WHEN_HIGHER = "decrease"
TERM_TEXT_FIELDS = ("start", "end", "start_half", "end_half", "start_quarter", "end_quarter", "start_date",
                    "end_date", "unknown")  # what `term_text` shows of a term


def _end_text(term: Term, end: str) -> str:
    date, half, quarter = (getattr(term, f"{end}_{kind}") for kind in ("date", "half", "quarter"))
    if date is not None:
        return str(date.isoformat())
    if half is not None:
        return f"H{half} {getattr(term, end)}"
    if quarter is not None:
        return f"Q{quarter} {getattr(term, end)}"
    return str(getattr(term, end))


def term_text(term: Term | None) -> str:
    """A term as `2021-2023`, `2021` for one year, `H2 2021` for a half-year, `Q1 2024` for a quarter, a date
    `2024-03-01`, `unknown` or empty."""
    if term is None:
        return ""
    if not term.known:
        return UNKNOWN
    start, end = _end_text(term, "start"), _end_text(term, "end")
    return start if start == end else f"{start}-{end}"


def _term_later(before: Term | None, after: Term | None) -> bool:
    if before is None or after is None or not before.known or not after.known:
        return False
    starts, ends = (before.first_day(), after.first_day()), (before.last_day(), after.last_day())
    assert None not in starts and None not in ends
    return starts[1] > starts[0] or ends[1] > ends[0]  # type: ignore[operator]


def term(diff: Diff, at: At, before: Term | None, after: Term | None) -> None:
    """`term: 2021-2023 → 2021-2024`, flagged `term-later` when it starts or ends later.

    The document's wording (`as_written`) goes with a changed term and is shown when only it changed;
    the other fields (a note) are compared generically.
    """
    shown = term_text(before), term_text(after)
    diff.value(at, *shown)
    if _term_later(before, after):
        diff.flag("term-later", f"term {shown[0]} → {shown[1]}")
    if before != after:
        compare_model(diff, at, before, after, skip=(*TERM_TEXT_FIELDS, "as_written") if shown[0] != shown[1] else ())


def amount_text(value: Amount | None) -> str:
    """A money value as plain dot-decimal text, `unknown`, or empty when absent."""
    if value is None:
        return ""
    return UNKNOWN if value == UNKNOWN else plain(Decimal(value))


def money(diff: Diff, at: At, before: Amount | None, after: Amount | None) -> None:
    """A declared figure: money, which may be `unknown`."""
    diff.value(at, amount_text(before), amount_text(after), kind="money")


def money_by_year(diff: Diff, at: At, before: dict[int, Amount] | None, after: dict[int, Amount] | None) -> None:
    """Declared figures by year: `declared total 2024`."""
    old, new = before or {}, after or {}
    for year in sorted(set(old) | set(new)):
        money(diff, at.item(f"{at.label} {year}"), old.get(year), new.get(year))


def joined(diff: Diff, at: At, before: list[str] | None, after: list[str] | None) -> None:
    """A list read as one value, as the document prints it: `uszn, tsnsp → uszn`."""
    diff.value(at, ", ".join(before or []), ", ".join(after or []))


def _named_sources(funding: Funding | None) -> list[str]:
    """The sources a node names: its list, then the sources of its planned lines that the list leaves out."""
    if funding is None:
        return []
    named = list(funding.sources)
    return named + [s for s in (line.source for line in funding.planned) if s and s not in named]


def funding_sources(diff: Diff, at: At, _before: list[str] | None, _after: list[str] | None) -> None:
    """`sources: local_budget → attracted`, its lines' sources included; `source-switched` when one replaced another."""
    old, new = _named_sources(at.owners[0]), _named_sources(at.owners[1])
    joined(diff, at, old, new)
    dropped, gained = [s for s in old if s not in new], [s for s in new if s not in old]
    if dropped and gained:
        diff.flag("source-switched", f"funding source {', '.join(dropped)} → {', '.join(gained)}")


LinePair = tuple[str, PlannedLine | None, PlannedLine | None]


def _pair_lines(before: list[PlannedLine], after: list[PlannedLine]) -> list[LinePair]:
    """Planned lines paired by source (`""` for none; a repeated source in order), in source order."""
    def by_source(lines: list[PlannedLine]) -> dict[str, list[PlannedLine]]:
        grouped: dict[str, list[PlannedLine]] = {}
        for line in lines:
            grouped.setdefault(line.source or "", []).append(line)
        return grouped

    old, new = by_source(before), by_source(after)
    return [(source, a, b) for source in sorted(set(old) | set(new))
            for a, b in zip_longest(old.get(source, []), new.get(source, []))]


def planned_lines(diff: Diff, at: At, before: list[PlannedLine] | None, after: list[PlannedLine] | None) -> None:
    """Amounts that became or stopped being `unknown` (`amount 2024 local_budget`), by year and source, then
    each line's other fields (`row total local_budget`). Known amounts are money deltas from the rollup."""
    pairs = _pair_lines(before or [], after or [])
    unknown = []
    for source, old, new in pairs:
        old_years, new_years = old.years if old else {}, new.years if new else {}
        for year in set(old_years) | set(new_years):
            was, now = amount_text(old_years.get(year)), amount_text(new_years.get(year))
            if was != now and UNKNOWN in (was, now):
                unknown.append((year, source, was, now))
    for year, source, was, now in sorted(unknown):
        diff.value(at.item(f"amount {year}", _tail(source)), was, now, kind="money")
    for source, old, new in pairs:
        compare_value(diff, at.item("row", _tail(source)), old, new)


def _tail(source: str) -> str:
    return f" {source}" if source else ""


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


def indicators(diff: Diff, at: At, before: list[Indicator] | None, after: list[Indicator] | None) -> None:
    """Indicators paired by text (else by position), each compared field by field about its text; one
    removed or added is shown by its text, and `target-removed` when it had targets."""
    pairs, removed, added = _pair_indicators(before or [], after or [])
    item = at.item("indicator", subject="")
    for old, new in pairs:
        compare_value(diff, item.about(new.text), old, new)
    for old in removed:
        diff.value(item, old.text, "")
        if old.targets:
            diff.flag("target-removed", f"indicator removed with its targets: {old.text}")
    for new in added:
        diff.value(item, "", new.text)


def indicator_text(diff: Diff, at: At, before: str | None, after: str | None) -> None:
    """The indicator itself, reworded: shown without a subject (it is the subject)."""
    diff.value(at.about(""), text(before), text(after))



def targets(diff: Diff, at: At, before: dict[int, Decimal] | None, after: dict[int, Decimal] | None) -> None:
    """`target 2024` per year; `target-lowered` when weakened for the indicator's direction, `target-removed`."""
    old, new = before or {}, after or {}
    indicator: Indicator = at.owners[1]
    for year in sorted(set(old) | set(new)):
        diff.value(at.item(f"{at.label} {year}"), text(old.get(year)), text(new.get(year)), kind="number")
        _target_flag(diff, indicator, year, old.get(year), new.get(year))


def _target_flag(diff: Diff, indicator: Indicator, year: int, before: Decimal | None, after: Decimal | None) -> None:
    if before is None or before == after:
        return
    if after is None:
        diff.flag("target-removed", f"target {year} ({decimal_comma(before)}) removed: {indicator.text}")
        return
    weaker = after > before if indicator.direction == WEAKER_WHEN_HIGHER else after < before
    if weaker:
        direction = indicator.direction or "no direction: read as increase"
        diff.flag("target-lowered", f"target {year} {decimal_comma(before)} → {decimal_comma(after)} ({direction}): "
                                    f"{indicator.text}")


def sections(diff: Diff, at: At, before: Any, after: Any) -> None:
    """context.yaml's way: models and mappings key by key, lists by their length (`3 items → 4 items`), text as is."""
    if before == after:
        return
    if isinstance(before, BaseModel) or isinstance(after, BaseModel):
        for name in field_names(before, after):
            sections(diff, at.child(name), getattr(before, name, None), getattr(after, name, None))
    elif isinstance(before, list) or isinstance(after, list):
        was, now = _size(before or []), _size(after or [])
        diff.value(at, was, now if now != was else f"{now}, edited")
    elif isinstance(before, dict) or isinstance(after, dict):
        old, new = before or {}, after or {}
        for key in sorted(set(old) | set(new)):
            sections(diff, at.item(f"{at.label} {key}"), old.get(key), new.get(key))
    else:
        diff.value(at, text(before), text(after))


def _size(value: list[Any]) -> str:
    return f"{len(value)} item{'s' if len(value) != 1 else ''}" if value else ""
