"""Field-by-field comparison of two pydantic models, driven by their `model_fields`, so no field can be forgotten.

A value is found by its path from a root (`node.term`, `plan.document.decision.number`; `*` is an item of a
list or mapping) and named for people from that path (`document decision number`). A field with a meaning
of its own has a `Handling` in the table the caller gives (`fields.FIELDS`); every other field is compared
here: models field by field, mappings key by key, lists of models with an `id` by id, other lists by
position, lists of plain values as items removed and added, plain values as text.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal
from typing import Any

from pydantic import BaseModel

from stratplan.compute.changes.model import FieldChange, Flag
from stratplan.core.numbers import plain
from stratplan.model import UNKNOWN

Compare = Callable[["Diff", "At", Any, Any], None]
"""A handler: records what the change of one field's value (before, after; None when absent) means."""
Path = tuple[str, ...]
SUMMARY_FIELDS = ("title", "name", "text")  # what an item added or removed is shown by, when it has one


@dataclass(frozen=True)
class Handling:
    """What one field means to the comparison, and why it is not simply compared generically.

    `compare` None: compared generically (under `name`), unless `skip`. `name` replaces the name derived
    from the path; `{parent}` in it stands for the name of what holds the field.
    """

    reason: str
    compare: Compare | None = None
    name: str = ""
    skip: bool = False


def handled(compare: Compare, reason: str, name: str = "") -> Handling:
    """A field compared by its own handler."""
    return Handling(reason, compare, name)


def named(name: str, reason: str) -> Handling:
    """A field compared generically under another name."""
    return Handling(reason, name=name)


def skipped(reason: str) -> Handling:
    """A field not compared where it is: the reason says where it is handled, or why not at all."""
    return Handling(reason, skip=True)


def words(name: str) -> str:
    """`expected_result` as `expected result`."""
    return name.replace("_", " ")


def singular(label: str) -> str:
    """The name of one item of a list: `context swot threats` → `context swot threat`, `notes` → `note`."""
    head, _, last = label.rpartition(" ")
    if last.endswith("ies"):
        last = last[:-3] + "y"
    elif last.endswith("sses"):
        last = last[:-2]
    elif last.endswith("s") and not last.endswith("ss"):
        last = last[:-1]
    return f"{head} {last}" if head else last


@dataclass(frozen=True)
class At:
    """Where a value is: its table path, its name for people (`label` + `tail`), what it is about (`subject`),
    and the two models holding it (`owners`, for a handler that needs its neighbours)."""

    path: Path
    label: str
    tail: str = ""
    subject: str = ""
    owners: tuple[Any, Any] = (None, None)

    @property
    def key(self) -> str:
        """The path as the table spells it: `node.indicators.*.targets`."""
        return ".".join(self.path)

    @property
    def name(self) -> str:
        """The name people read: `row total local_budget`."""
        return self.label + self.tail

    def item(self, label: str, tail: str | None = None, subject: str | None = None) -> At:
        """An item of this list or mapping, named `label`."""
        return At((*self.path, "*"), label, self.tail if tail is None else tail,
                  self.subject if subject is None else subject)

    def child(self, name: str, label: str | None = None, owners: tuple[Any, Any] = (None, None)) -> At:
        """A field of this model, named `label` (default: this name and the field's, `document decision`)."""
        if label is None:
            label = " ".join(part for part in (self.label, words(name)) if part)
        return At((*self.path, name), label, self.tail, self.subject, owners)

    def about(self, subject: str) -> At:
        """The same place, about another subject (`""` for none)."""
        return replace(self, subject=subject)


@dataclass
class Diff:
    """Field changes and flags collected while comparing one node, plan.yaml or context.yaml.

    `table` holds the fields with a meaning of their own, by path; `order` the presentation order of a
    model's fields where it is not the model's (paths relative to the model, by the model's path).
    """

    where: str
    table: Mapping[str, Handling]
    order: Mapping[str, Sequence[str]] = field(default_factory=dict)
    found: list[tuple[Path, FieldChange]] = field(default_factory=list)
    flags: list[Flag] = field(default_factory=list)

    @property
    def changes(self) -> list[FieldChange]:
        """The field changes, in presentation order."""
        return [change for _, change in self.found]

    def value(self, at: At, before: str, after: str, kind: str = "text") -> None:
        """Record an already formatted value when it differs."""
        if before != after:
            self.found.append((at.path, FieldChange(at.name, before, after, at.subject, kind)))

    def flag(self, name: str, message: str) -> None:
        """Raise a flag at this node."""
        self.flags.append(Flag(name, self.where, message))

    def branch(self) -> Diff:
        """An empty Diff of the same place and rules, to be merged back."""
        return Diff(self.where, self.table, self.order)

    def merge(self, other: Diff, at: At, order: Sequence[str]) -> None:
        """Take another Diff's findings, its changes sorted by `order` (paths relative to `at`; the rest last)."""
        ranks = [tuple(entry.split(".")) for entry in order]

        def rank(path: Path) -> int:
            inside = path[len(at.path):]
            return next((i for i, prefix in enumerate(ranks) if inside[:len(prefix)] == prefix), len(ranks))

        self.found += sorted(other.found, key=lambda item: rank(item[0]))
        self.flags += other.flags


def text(value: Any) -> str:
    """A plain value as text: empty when absent, `true`/`false`, numbers in plain dot-decimal, dates ISO."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        return plain(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, BaseModel | list | dict):
        return json.dumps(_plain(value), ensure_ascii=False, sort_keys=True, separators=(", ", ": "), default=text)
    return str(value)


def _plain(value: Any) -> Any:
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json", exclude_defaults=True)
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    return value


def kind_of(before: Any, after: Any) -> str:
    """How a plain value is shown: `number` for decimals, `money` for a decimal that is or was `unknown` (an
    amount), else `text`."""
    values = {type(v) for v in (before, after) if v is not None}
    if Decimal not in values:
        return "text"
    return "money" if UNKNOWN in (before, after) else "number"


def summary(value: Any) -> str:
    """An item added or removed, in one line: its title, name or text when it has one, else all of it."""
    if isinstance(value, BaseModel):
        shown = next((getattr(value, f) for f in SUMMARY_FIELDS if isinstance(getattr(value, f, None), str)), None)
        if shown:
            return str(shown)
    return text(value)


def field_names(before: Any, after: Any) -> list[str]:
    """The fields of either model, in the order of their model (after's first)."""
    names = [*(type(after).model_fields if isinstance(after, BaseModel) else ())]
    return names + [n for n in (type(before).model_fields if isinstance(before, BaseModel) else ()) if n not in names]


def compare_root(diff: Diff, at: At, before: Any, after: Any) -> None:
    """Compare two versions of a whole file's model, by the root's own handling if the table has one."""
    handling = diff.table.get(at.key)
    if handling is not None and handling.compare is not None:
        handling.compare(diff, at, before, after)
    else:
        compare_value(diff, at, before, after)


def compare_model(diff: Diff, at: At, before: Any, after: Any, skip: Iterable[str] = ()) -> None:
    """Field by field (those in `skip` left out), in the table's presentation order for this model if any."""
    order = diff.order.get(at.key)
    target = diff.branch() if order else diff
    left_out = set(skip)
    for name in field_names(before, after):
        if name not in left_out:
            compare_field(target, at, name, getattr(before, name, None), getattr(after, name, None), (before, after))
    if order:
        diff.merge(target, at, order)


def compare_field(diff: Diff, at: At, name: str, before: Any, after: Any, owners: tuple[Any, Any]) -> None:
    """One field of a model: by its handling in the table, else generically."""
    handling = diff.table.get(f"{at.key}.{name}")
    label = handling.name.replace("{parent}", at.label) if handling is not None and handling.name else None
    child = at.child(name, label, owners)
    if handling is not None and handling.skip:
        return
    if handling is not None and handling.compare is not None:
        handling.compare(diff, child, before, after)
    else:
        compare_value(diff, child, before, after)


def compare_value(diff: Diff, at: At, before: Any, after: Any) -> None:
    """The generic comparison of any value (see the module docstring)."""
    if before == after:
        return
    if isinstance(before, BaseModel) or isinstance(after, BaseModel):
        compare_model(diff, at, before, after)
    elif isinstance(before, dict) or isinstance(after, dict):
        compare_mapping(diff, at, before or {}, after or {})
    elif isinstance(before, list) or isinstance(after, list):
        compare_list(diff, at, before or [], after or [])
    else:
        diff.value(at, text(before), text(after), kind_of(before, after))


def compare_mapping(diff: Diff, at: At, before: Mapping[Any, Any], after: Mapping[Any, Any]) -> None:
    """Key by key, in key order: `targets 2024`."""
    for key in sorted(set(before) | set(after)):
        compare_value(diff, at.item(f"{at.label} {key}"), before.get(key), after.get(key))


def compare_list(diff: Diff, at: At, before: list[Any], after: list[Any]) -> None:
    """Models with an `id` by id, other models and lists by position, plain values as items removed and added."""
    items = [*before, *after]
    if all(isinstance(item, BaseModel) and "id" in type(item).model_fields for item in items):
        _by_id(diff, at, before, after)
    elif any(isinstance(item, BaseModel | list | dict) for item in items):
        _by_position(diff, at, before, after)
    else:
        _items(diff, at, before, after)


def _one_sided(diff: Diff, at: At, before: Any, after: Any) -> bool:
    """An item on one side only, shown by its summary; False when both sides have it."""
    if before is not None and after is not None:
        return False
    diff.value(at, summary(before), summary(after))
    return True


def _by_id(diff: Diff, at: At, before: list[Any], after: list[Any]) -> None:
    """Catalog entries: `source local_budget name`; one added or removed is shown by its name."""
    old, new = {item.id: item for item in before}, {item.id: item for item in after}
    for key in sorted(set(old) | set(new)):
        item = at.item(f"{singular(at.label)} {key}")
        if not _one_sided(diff, item, old.get(key), new.get(key)):
            compare_value(diff, item, old[key], new[key])


def _by_position(diff: Diff, at: At, before: list[Any], after: list[Any]) -> None:
    """`stage 2 end`: items of the same position compared; one past the other side's end shown by its summary."""
    for index in range(max(len(before), len(after))):
        old = before[index] if index < len(before) else None
        new = after[index] if index < len(after) else None
        item = at.item(f"{singular(at.label)} {index + 1}")
        if not _one_sided(diff, item, old, new):
            compare_value(diff, item, old, new)


def _items(diff: Diff, at: At, before: list[Any], after: list[Any]) -> None:
    """`note: text → —` for an item removed, `note: — → text` for one added; a reordering shows both lists."""
    old, new = Counter(text(v) for v in before), Counter(text(v) for v in after)
    removed, added = old - new, new - old
    if not removed and not added:
        diff.value(at, ", ".join(text(v) for v in before), ", ".join(text(v) for v in after))
        return
    item = at.item(singular(at.label))
    for value in removed.elements():
        diff.value(item, value, "")
    for value in added.elements():
        diff.value(item, "", value)
