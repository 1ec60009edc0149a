"""The table of every field of the plan format in `docs/plan-format.md`, generated from the models.

`python -m stratplan.output.fieldsdoc docs/plan-format.md` (part of `make docs`) rewrites the part of the file
between the `fields:start` and `fields:end` markers; a test keeps it equal to what the models say.
"""

from __future__ import annotations

import datetime as dt
import sys
import types
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Annotated, Any, Literal, Union, get_args, get_origin

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from stratplan.model import CHILD_KEYS, ContextFile, GoalFile, NodesFile, PlanFile
from stratplan.model.common import FIRST_YEAR
from stratplan.model.monitoring import MonitoringFile

START, END = "<!-- fields:start -->", "<!-- fields:end -->"
FILES: tuple[tuple[str, type[BaseModel]], ...] = (
    ("plan.yaml", PlanFile),
    ("goals/*.yaml (one node)", GoalFile),
    ("goals/*.yaml (nodes:)", NodesFile),
    ("context.yaml", ContextFile),
    ("monitoring/*.yaml", MonitoringFile),
)
SCALARS = {str: "text", int: "integer", bool: "true/false", Decimal: "number", dt.date: "date (YYYY-MM-DD)"}


def _strip(annotation: Any) -> tuple[Any, bool]:
    """The type behind Annotated and `| None`, and whether None was allowed."""
    while get_origin(annotation) is Annotated:
        annotation = get_args(annotation)[0]
    if get_origin(annotation) in (Union, types.UnionType):
        choices = [a for a in get_args(annotation) if a is not type(None)]
        nullable = len(choices) != len(get_args(annotation))
        if len(choices) == 1:
            return (choices[0] if _is_year(choices[0]) else _strip(choices[0])[0]), nullable
        return Union[tuple(choices)], nullable  # noqa: UP007 - a runtime union of the remaining choices
    return annotation, False


def type_text(annotation: Any) -> str:
    """A field's type for people: `text`, `` `a` \\| `b` ``, `list of text`, `year → amount`, `mapping`."""
    if _is_year(annotation):
        return "year"
    kind, _nullable = _strip(annotation)
    if _is_year(kind):
        return "year"
    origin, args = get_origin(kind), get_args(kind)
    if origin is Literal:
        return " \\| ".join(f"`{value}`" for value in args)
    if origin in (Union, types.UnionType):
        return " or ".join(type_text(a) for a in args)
    if origin is list:
        inner = _strip(args[0])[0]
        return "list of mappings" if _model(inner) else f"list of {type_text(args[0])}"
    if origin is dict:
        return f"{type_text(args[0])} → {type_text(args[1])}"
    if _model(kind):
        return "mapping"
    return SCALARS.get(kind, getattr(kind, "__name__", str(kind)))


def _is_year(annotation: Any, metadata: list[Any] | None = None) -> bool:
    """True for a year: an integer limited to the years a plan may name."""
    found = list(metadata or [])
    while get_origin(annotation) is Annotated:
        annotation, *extra = get_args(annotation)
        found += extra
    bounds = [m for item in found for m in (item, *getattr(item, "metadata", []))]
    return annotation is int and any(getattr(m, "ge", None) == FIRST_YEAR for m in bounds)


def _model(kind: Any) -> type[BaseModel] | None:
    return kind if isinstance(kind, type) and issubclass(kind, BaseModel) else None


def _inner_model(annotation: Any) -> tuple[type[BaseModel] | None, bool]:
    """The model a field holds (alone, in a list or as a mapping's values), and whether it is a collection."""
    kind, _nullable = _strip(annotation)
    origin, args = get_origin(kind), get_args(kind)
    if origin in (list, dict):
        return _model(_strip(args[-1])[0]), True
    return _model(kind), False


def _need(info: FieldInfo) -> str:
    if info.is_required():
        return "required"
    default = info.get_default(call_default_factory=True)
    if default in (None, [], {}):
        return ""
    return f"default `{str(default).lower() if isinstance(default, bool) else default}`"


def rows(model: type[BaseModel], prefix: str = "") -> Iterator[tuple[str, str, str, str]]:
    """(field path, type, required or default, description) of every field below a model; children nodes are
    named once, not repeated."""
    for name, info in model.model_fields.items():
        path = f"{prefix}{name}"
        inner, many = _inner_model(info.annotation)
        description = " ".join((info.description or (inner.__doc__ if inner else "") or "").split())
        if name in CHILD_KEYS or name == "nodes":
            yield path, "list of nodes", _need(info), description
            continue
        kind = "year" if _is_year(info.annotation, info.metadata) else type_text(info.annotation)
        yield path, kind, _need(info), description
        if inner is not None:
            yield from rows(inner, f"{path}{'[]' if many else ''}.")


def render() -> str:
    """The generated part: one table per file kind."""
    out = [START, "", "<!-- generated from the models by `make docs`; do not edit by hand -->"]
    for title, model in FILES:
        out += ["", f"#### `{title}`", "", "| field | type | required / default | meaning |", "|---|---|---|---|"]
        out += [f"| `{path}` | {kind} | {need} | {description} |" for path, kind, need, description in rows(model)]
    return "\n".join([*out, "", END])


def update(text: str) -> str:
    """The document with its generated part replaced."""
    before, _, rest = text.partition(START)
    _, _, after = rest.partition(END)
    return before + render() + after


def main(argv: list[str]) -> int:
    """Rewrite the generated part of the given file (print it when none is given)."""
    if len(argv) > 1:
        path = Path(argv[1])
        path.write_text(update(path.read_text(encoding="utf-8")), encoding="utf-8")
    else:
        sys.stdout.write(render() + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
