"""Changes of plan.yaml (declared total, catalogs, other sections) and of context.yaml (by section)."""

from __future__ import annotations

import json
from typing import Any

from stratplan.compute.changes.fields import Diff, declared
from stratplan.model import ContextFile, PlanFile

PLAN_SECTIONS = ("community", "document", "levels", "stages", "vision", "mission", "values", "principles", "notes")


def _compact(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(", ", ": "))


def _catalog(diff: Diff, name: str, before: dict[str, dict[str, Any]], after: dict[str, dict[str, Any]]) -> None:
    """Catalog entries added or removed (shown by name), and the fields of those kept."""
    for key in sorted(set(before) | set(after)):
        old, new = before.get(key), after.get(key)
        if old is None or new is None:
            diff.value(f"{name} {key}", _compact((old or {}).get("name")), _compact((new or {}).get("name")))
            continue
        _fields(diff, f"{name} {key}", old, new)


def _fields(diff: Diff, name: str, before: Any, after: Any) -> None:
    """A value's change, mapping by mapping down to the values that differ (`document decision number`)."""
    if isinstance(before, dict) and isinstance(after, dict):
        for part in sorted(set(before) | set(after)):
            _fields(diff, f"{name} {part}", before.get(part), after.get(part))
    else:
        diff.value(name, _compact(before), _compact(after))


def _by_id(items: list[Any]) -> dict[str, dict[str, Any]]:
    return {item.id: item.model_dump(mode="json", exclude={"id"}) for item in items}


def compare_plan_file(base: PlanFile | None, head: PlanFile | None) -> Diff:
    """Changes of plan.yaml: declared total, funding source and executor catalogs, and the other sections."""
    diff = Diff("plan")
    if base is None or head is None:
        return diff
    declared(diff, "plan declared total", base.declared_total, head.declared_total)
    _catalog(diff, "source", _by_id(base.sources), _by_id(head.sources))
    _catalog(diff, "executor", _by_id(base.executors), _by_id(head.executors))
    old, new = base.model_dump(mode="json"), head.model_dump(mode="json")
    for name in PLAN_SECTIONS:
        _fields(diff, name, old.get(name), new.get(name))
    return diff


def _size(value: Any) -> str:
    return f"{len(value)} item{'s' if len(value) != 1 else ''}" if value else ""


def _section(diff: Diff, name: str, before: Any, after: Any) -> None:
    """A context section's change: mappings key by key, lists by their length, text as it is."""
    if before == after:
        return
    if isinstance(before, dict) and isinstance(after, dict):
        for part in sorted(set(before) | set(after)):
            _section(diff, f"{name} {part}", before.get(part), after.get(part))
    elif isinstance(before, list | None) and isinstance(after, list | None) and (before or after):
        old, new = _size(before or []), _size(after or [])
        diff.value(name, old, new if new != old else f"{new}, edited")
    else:
        diff.value(name, _compact(before), _compact(after))


def compare_context(base: ContextFile | None, head: ContextFile | None) -> Diff:
    """Sections of context.yaml that changed (statistics, SWOT, scenarios, lists, monitoring, …)."""
    diff = Diff("context")
    old = base.model_dump(mode="json") if base else {}
    new = head.model_dump(mode="json") if head else {}
    for name in ContextFile.model_fields:
        _section(diff, f"context {name}", old.get(name), new.get(name))
    return diff
