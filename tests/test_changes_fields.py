"""`stratplan changes` compares every field of every model: the next field a model gains cannot be forgotten.

Every field path of the node models, PlanFile and ContextFile is listed with how it is compared: generically
(named from its path) or by the entry of `fields.FIELDS` that governs it, which gives its reason. Changing any
one field alone is reported. A field added to a model (here `priority`) is reported without touching the
changes package.
"""

from __future__ import annotations

import io
import types
from dataclasses import replace
from datetime import date
from decimal import Decimal
from typing import Annotated, Any, Literal, Union, get_args, get_origin

import pytest
from pydantic import BaseModel, create_model

from conftest import FIXTURES
from stratplan.compute.changes import FieldChange, Side, compare
from stratplan.compute.changes.fields import FIELDS, compare_context, compare_node, compare_plan_file
from stratplan.model import (
    CHILD_KEYS,
    ContextFile,
    DeclaredTotal,
    Funding,
    FundingSource,
    GoalFile,
    Indicator,
    Node,
    PlanFile,
    PlannedLine,
    Term,
)
from stratplan.model.context import Swot
from stratplan.model.plan import Decision
from stratplan.output.formatters import changes_text
from stratplan.plan.loader import LoadedPlan, load_plan
from stratplan.plan.view import PlanView

NODE_LEVELS: tuple[type[BaseModel], ...] = (GoalFile, Node)  # one node model at every level; a goal file adds its version
ROOTS: dict[str, tuple[type[BaseModel], ...]] = {"node": NODE_LEVELS, "plan": (PlanFile,), "context": (ContextFile,)}

# Fields with one possible value: no edit can change them alone (`schema_version: 1`).
FIXED = {"node.schema_version", "plan.schema_version", "context.schema_version"}


def _inner(annotation: Any) -> Any:
    """The type behind Annotated[...] and `X | None`."""
    while get_origin(annotation) is Annotated:
        annotation = get_args(annotation)[0]
    if get_origin(annotation) in (Union, types.UnionType):
        choices = [a for a in get_args(annotation) if a is not type(None)]
        return _inner(choices[0])
    return annotation


def _model(annotation: Any) -> type[BaseModel] | None:
    """The model a field holds, alone or as the items of a list or the values of a mapping."""
    kind = _inner(annotation)
    if get_origin(kind) in (list, dict):
        kind = _inner(get_args(kind)[-1])
    return kind if isinstance(kind, type) and issubclass(kind, BaseModel) else None


def _fields(models: tuple[type[BaseModel], ...]) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for model in models:
        for name, info in model.model_fields.items():
            found.setdefault(name, info.annotation)
    return found


def field_paths(root: str, models: tuple[type[BaseModel], ...]) -> list[str]:
    """Every field path below a root, `*` for an item of a list or mapping of models (children nodes left out:
    they are nodes of their own)."""
    paths = []
    for name, annotation in _fields(models).items():
        path = f"{root}.{name}"
        paths.append(path)
        inner = _model(annotation)
        if inner is not None and not (path in FIELDS and FIELDS[path].skip):
            item = path + (".*" if get_origin(_inner(annotation)) in (list, dict) else "")
            paths += field_paths(item, (inner,))
    return paths


ALL_PATHS = [p for root, models in ROOTS.items() for p in field_paths(root, models)]


def governing(path: str) -> tuple[str, str]:
    """The table entry deciding how a path is compared (the nearest at or above it), or ('', 'generic')."""
    parts = path.split(".")
    for end in range(len(parts), 0, -1):
        key = ".".join(parts[:end])
        if key in FIELDS:
            handling = FIELDS[key]
            how = "skipped" if handling.skip else "handled" if handling.compare else "named"
            return key, how
    return "", "generic"


def test_every_field_is_compared_generically_or_listed_with_a_reason() -> None:
    table = {path: governing(path) for path in ALL_PATHS}
    assert [key for key in FIELDS if key not in ALL_PATHS and key not in ROOTS] == []  # no entry for a field gone
    assert [key for key, handling in FIELDS.items() if len(handling.reason) < 20] == []
    assert {path for path, (_, how) in table.items() if how == "generic"} >= {
        "node.title", "node.expected_result", "node.notes", "node.funding.note", "node.declared_total.label",
        "node.declared_total.note", "plan.document.decision.number", "plan.sources.*.name", "plan.stages.*.end",
        "plan.values"}
    # A handler that interprets part of a model leaves the rest to the generic comparison (see the next test).
    assert [table[p] for p in ("node.term.note", "node.indicators.*.unit", "node.funding.planned.*.note")] == [
        ("node.term", "handled"), ("node.indicators", "handled"), ("node.funding.planned", "handled")]
    assert table["context.swot.threats"] == ("context", "handled")
    skipped = sorted(path for path, (key, how) in table.items() if how == "skipped" and key == path)
    assert skipped == ["node.code", "node.funding.planned.*.source", "node.funding.planned.*.years", "node.measures",
                       "node.operational_goals", "node.tasks"]


def _sample(annotation: Any, variant: int) -> Any:
    """A value of the type, different for variant 0 and 1 where the type allows it (no validation needed)."""
    kind = _inner(annotation)
    origin, args = get_origin(kind), get_args(kind)
    if origin is Literal:
        return args[variant % len(args)]
    if origin is list:
        return [_sample(args[0], variant)]
    if origin is dict:
        return {_sample(args[0], variant): _sample(args[1], variant)}
    if isinstance(kind, type) and issubclass(kind, BaseModel):  # children are nodes of their own: none in a sample
        return kind.model_construct(**{n: [] if n in CHILD_KEYS else _sample(f.annotation, variant)
                                       for n, f in kind.model_fields.items()})
    samples: dict[Any, Any] = {str: f"value {variant}", bool: variant == 1, int: 2020 + variant,
                               Decimal: Decimal(10 + variant), date: date(2020, 1, 1 + variant)}
    return samples[kind]


def _edited(value: Any, path: list[str], new: Any) -> Any:
    """`value` with the field at `path` (the first item for `*`) replaced by `new`."""
    if not path:
        return new
    head, rest = path[0], path[1:]
    if head == "*":
        if isinstance(value, dict):
            key = next(iter(value))
            return {**value, key: _edited(value[key], rest, new)}
        return [_edited(value[0], rest, new), *value[1:]]
    return value.model_copy(update={head: _edited(getattr(value, head), rest, new)})


def _annotation(models: tuple[type[BaseModel], ...], path: list[str]) -> Any:
    annotation: Any = _fields(models)[path[0]]
    for part in path[1:]:
        if part != "*":
            model = _model(annotation)
            assert model is not None
            annotation = model.model_fields[part].annotation
    return annotation


def _compare(root: str, before: Any, after: Any) -> list[FieldChange]:
    if root == "node":
        return compare_node(before, after, "X").changes
    return (compare_plan_file if root == "plan" else compare_context)(before, after).changes


LEAVES = [p for p in ALL_PATHS if _model(_annotation(ROOTS[p.split(".")[0]], p.split(".")[1:])) is None]


@pytest.mark.parametrize("path", LEAVES)
def test_changing_any_one_field_alone_is_reported(path: str) -> None:
    """Each field's value changed alone on a full sample: reported, unless its table entry says why not here."""
    root, *parts = path.split(".")
    models = ROOTS[root]
    owner = next(m for m in models if parts[0] in m.model_fields)
    annotation = _annotation(models, parts)
    base = _sample(owner, 0)
    head = _edited(base, parts, _sample(annotation, 1))
    if path in FIXED:
        assert _sample(annotation, 1) == _sample(annotation, 0)
        return
    assert head != base
    key, how = governing(path)
    changes = _compare(root, base, head)
    if how == "skipped":
        assert FIELDS[key].reason
    else:
        assert changes, f"{path}: changed alone, nothing reported"
        assert all(change.field for change in changes)


def _with_priority(model: type[BaseModel]) -> type[BaseModel]:
    """The model as it would be with a new optional field."""
    return create_model(model.__name__, __base__=model, priority=(str | None, None))


def _prioritised(value: BaseModel) -> BaseModel:
    return _with_priority(type(value)).model_construct(**dict(value), priority="висока")


@pytest.fixture(scope="module")
def sample() -> LoadedPlan:
    return load_plan(FIXTURES / "sample")


INDICATOR = "Кількість отримувачів послуги денного догляду"
NESTED = [  # (model, root, where in it, the change reported)
    (Node, "node", [], FieldChange("priority", "", "висока")),
    (Indicator, "node", ["indicators", "*"], FieldChange("indicator priority", "", "висока", INDICATOR)),
    (Term, "node", ["term"], FieldChange("term priority", "", "висока")),
    (Funding, "node", ["funding"], FieldChange("funding priority", "", "висока")),
    (PlannedLine, "node", ["funding", "planned", "*"], FieldChange("row priority local_budget", "", "висока")),
    (PlanFile, "plan", [], FieldChange("priority", "", "висока")),
    (Decision, "plan", ["document", "decision"], FieldChange("document decision priority", "", "висока")),
    (FundingSource, "plan", ["sources", "*"], FieldChange("source local_budget priority", "", "висока")),
    (DeclaredTotal, "plan", ["declared_total"], FieldChange("plan declared total priority", "", "висока")),
    (ContextFile, "context", [], FieldChange("context priority", "", "висока")),
    (Swot, "context", ["swot"], FieldChange("context swot priority", "", "висока")),
]


@pytest.mark.parametrize(("model", "root", "where", "reported"), NESTED, ids=[m.__name__ for m, *_ in NESTED])
def test_a_field_added_to_any_model_is_reported(sample: LoadedPlan, model: type[BaseModel], root: str,
                                                where: list[str], reported: FieldChange) -> None:
    view = sample.view
    base = {"node": view.goals[0].operational_goals[0].tasks[0], "plan": view.meta, "context": view.context}[root]
    inner = base
    for part in where:
        inner = inner[0] if part == "*" else getattr(inner, part)
    assert type(inner) is model
    assert _compare(root, base, _edited(base, where, _prioritised(inner))) == [reported]


def test_a_plan_whose_task_gains_a_field_shows_it_in_changes(sample: LoadedPlan) -> None:
    """Two plans differing only by a new model field, through the whole comparison and the text format."""
    view = sample.view
    goal = view.goals[0]
    task = _prioritised(goal.operational_goals[0].tasks[0])
    edited = _edited(goal, ["operational_goals", "*", "tasks"], [task, *goal.operational_goals[0].tasks[1:]])
    head = replace(sample, view=PlanView(view.meta, [edited], context=view.context, monitoring=view.monitoring))
    report = compare(Side("base"), Side("head"), {"sample": sample}, {"sample": head}, lambda plan: [])
    out = io.StringIO()
    changes_text.write(report, out)
    assert out.getvalue() == """\
Plan changes: base → head

sample (sample) Зразківська міська територіальна громада: changed
  net planned money: 0,0 тис. грн (130,5 → 130,5)
  nodes: 1 changed
    changed task 1.1.1 Відкрити відділення денного догляду
      priority: — → висока

Net planned money: 0,0 тис. грн (sample)
Flags: none
"""
