"""Schema validation of one parsed file: a model instance, or located diagnostics in the user's words
(unknown key with "did you mean", missing key, wrong value), each with the node path it concerns."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from typing import Any

from pydantic import BaseModel, ValidationError

from stratplan.core.diagnostics import FINDINGS_PER_FILE_AND_CODE, Diagnostic, Location, Severity, more_findings
from stratplan.io.yamlio import DataPath, LoadedYaml
from stratplan.model import PlanFile
from stratplan.model.plan import RENAMED_KEYS

CHILD_KEYS = ("operational_goals", "tasks", "measures", "nodes")
"""Keys of node lists: a path through them is named by the nodes' codes (`SG2 › 2.1`), not by the key."""
RENAMED = {"community": "the issuer is written 'issuer:' (with 'type: community', 'district' or 'oblast')"}
"""Keys of earlier versions of the format, with what to write instead."""


MAX_SUGGESTED_LENGTH = 64
"""A key longer than this is no misspelling of a field name: no suggestion is searched for it."""


def _did_you_mean(word: str, choices: Iterable[str]) -> str:
    if len(word) > MAX_SUGGESTED_LENGTH:
        return ""
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f"; did you mean '{close[0]}'?" if close else ""


def _actual_path(data: Any, loc: tuple[Any, ...]) -> DataPath:
    """The part of a pydantic error location that exists in the data (drops union/validator tags)."""
    path: list[str | int] = []
    current = data
    for part in loc:
        if isinstance(current, dict) and part in current:
            path.append(part)
            current = current[part]
        elif isinstance(current, dict) and isinstance(part, str) and part.isdigit() and int(part) in current:
            path.append(int(part))
            current = current[int(part)]
        elif isinstance(current, list) and isinstance(part, int) and 0 <= part < len(current):
            path.append(part)
            current = current[part]
        elif isinstance(current, dict) and (same := [k for k in current if str(k) == str(part)]):
            path.append(same[0])  # pydantic shows keys such as None as text
            current = current[same[0]]
    return tuple(path)


def describe_path(data: Any, path: DataPath, prefix: str = "") -> str:
    """Display path like `SG2 › 2.1 › 2.1.3 › funding` from a data path inside a goal file."""
    parts = [prefix] if prefix else []
    current = data
    for part in path:
        if isinstance(current, dict):
            current = current.get(part)
        elif isinstance(current, list) and isinstance(part, int):
            current = current[part]
        else:
            current = None
        if isinstance(part, int) and isinstance(current, dict) and isinstance(current.get("code"), str):
            parts.append(current["code"])
        elif isinstance(part, str) and part not in CHILD_KEYS:
            parts.append(part)
        elif isinstance(part, int) and not (parts and parts[-1] in CHILD_KEYS):
            parts.append(f"[{part}]")
    return " › ".join(parts)


def _fields_of(model: type[BaseModel], data: Any, path: DataPath) -> list[str]:
    """Known keys at a data path, for 'did you mean' (walks nested models by annotation)."""
    current: Any = model
    for part in path:
        if isinstance(part, int):
            continue
        if not (isinstance(current, type) and issubclass(current, BaseModel)) or part not in current.model_fields:
            return []
        annotation = current.model_fields[part].annotation
        current = _model_in(annotation)
    if isinstance(current, type) and issubclass(current, BaseModel):
        return list(current.model_fields)
    return []


def _model_in(annotation: Any) -> Any:
    stack = [annotation]
    while stack:
        item = stack.pop()
        if isinstance(item, type) and issubclass(item, BaseModel):
            return item
        stack.extend(getattr(item, "__args__", ()) or ())
    return None


def _schema_diagnostics(model: type[BaseModel], doc: LoadedYaml, exc: ValidationError, prefix: str) -> list[Diagnostic]:
    """Pydantic's errors in the user's words; past FINDINGS_PER_FILE_AND_CODE of a code only counted (a file of
    240,000 unknown keys costs what 100 do, not 16 seconds)."""
    out = []
    over: dict[str, int] = {}
    listed: dict[str, int] = {}
    for error in exc.errors(include_url=False, include_context=False):
        code = _CODES.get(error["type"], "SC103")
        if listed.get(code, 0) >= FINDINGS_PER_FILE_AND_CODE:
            over[code] = over.get(code, 0) + 1
            continue
        listed[code] = listed.get(code, 0) + 1
        path = _actual_path(doc.data, tuple(error["loc"]))
        where = describe_path(doc.data, path, prefix)
        kind = error["type"]
        if kind == "extra_forbidden":
            key = str(error["loc"][-1])
            known = _fields_of(model, doc.data, path[:-1])
            msg = f"unknown key '{key}'" + (f"; {RENAMED[key]}" if key in RENAMED and not path[:-1] else
                                              _did_you_mean(key, known))
            loc, code = doc.location(path, key=True), "SC101"
        elif kind == "missing":
            msg = f"missing required key '{error['loc'][-1]}'"
            loc, code = doc.location(path), "SC102"
        else:
            msg = _plain_message(error)
            on_key = kind == "invalid_key" or tuple(error["loc"][-1:]) == ("[key]",)
            loc, code = doc.location(path, key=on_key), "SC103"
        out.append(Diagnostic(code, msg, Severity.ERROR, loc, name="schema", path=where))
    out += [more_findings(code, Severity.ERROR, doc.file, count) for code, count in sorted(over.items())]
    return out


_CODES = {"extra_forbidden": "SC101", "missing": "SC102"}


def _plain_message(error: Any) -> str:
    msg = str(error["msg"])
    for prefix in ("Value error, ", "Assertion failed, "):
        msg = msg.removeprefix(prefix)
    value = error.get("input")
    if isinstance(value, (str, int)) and not isinstance(value, bool) and len(str(value)) <= 60:
        msg = f"{msg} (got {value!r})"
    return msg


def _renamed(model: type[BaseModel], doc: LoadedYaml) -> list[Diagnostic]:
    """An info for each key of an earlier version of the format that the model read under its new name."""
    renamed = RENAMED_KEYS if model is PlanFile else {}
    return [Diagnostic("SC201", f"'{old}' is now '{new}'; rename the key (its meaning is unchanged)", Severity.INFO,
                       doc.location((old,), key=True), name="schema", path=old)
            for old, new in renamed.items() if old in doc.data and new not in doc.data]


def validate_doc(model: type[BaseModel], doc: LoadedYaml, prefix: str = "") -> tuple[Any, list[Diagnostic]]:
    """Validate one file's data against a model; return the instance or schema diagnostics."""
    if doc.data is None:
        return None, [Diagnostic("LD115", "file is empty: expected a mapping of plan data", Severity.ERROR,
                                 Location(doc.file, 1, 1))]
    if not isinstance(doc.data, dict):
        return None, [Diagnostic("SC103", "expected a mapping at the top of the file", Severity.ERROR,
                                 doc.location(()))]
    try:
        return model.model_validate(doc.data), _renamed(model, doc)
    except ValidationError as exc:
        return None, _schema_diagnostics(model, doc, exc, prefix)
    except RecursionError:
        return None, [Diagnostic("LD109", "structure too deep to validate", Severity.ERROR, doc.location(()))]
