"""The generated JSON Schemas accept every plan file the project ships, as an editor would check it.

Every plan, context, statements, monitoring, fixture and example file is read with the project's YAML loader and
checked against its schema by a real JSON Schema validator (`jsonschema`, draft 2020-12). JSON objects
have string keys, so mapping keys (years, indicator positions) are turned into strings first, as an
editor's YAML language server sees them. Files the tests mean to be invalid are listed in INVALID with
the reason; each of them must still be rejected.
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator, ValidationError

from conftest import REPO
from stratplan.io.yamlio import load_bytes

SCHEMAS = REPO / "schemas"
INVALID = {
    "tests/fixtures/broken/context.yaml": "the broken fixture misspells 'strengths' (SC101)",
}


def _kind(path: Path) -> str:
    if path.parent.name == "goals":
        return "goal"
    if path.parent.name == "monitoring" or path.parent.parent.name == "examples":
        return "monitoring"
    return path.stem


def _files() -> list[Path]:
    roots = [*sorted((REPO / "plans").glob("*/")), *sorted((REPO / "tests" / "fixtures").glob("*/")),
             REPO / "tests" / "malformed" / "_base"]
    files: list[Path] = []
    for root in roots:
        files += [p for p in (root / "plan.yaml", root / "context.yaml", root / "statements.yaml") if p.is_file()]
        files += sorted((root / "goals").glob("*.yaml")) + sorted((root / "monitoring").glob("*.yaml"))
    return files + sorted((REPO / "examples" / "monitoring").glob("*.yaml"))


def as_json(value: Any) -> Any:
    """Loaded YAML as a JSON document: keys as strings (numbers stay exact decimals, which are JSON numbers)."""
    if isinstance(value, dict):
        return {str(k): as_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [as_json(v) for v in value]
    return value


def _errors(path: Path) -> list[str]:
    schema = json.loads((SCHEMAS / f"{_kind(path)}.schema.json").read_text(encoding="utf-8"))
    document = as_json(load_bytes(path.read_bytes(), str(path)).data)
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in Draft202012Validator(schema).iter_errors(document)]


def test_the_corpus_is_all_there() -> None:
    names = {p.relative_to(REPO).as_posix() for p in _files()}
    assert {"plans/melitopol/goals/sg1.yaml", "plans/pervomaisk/context.yaml", "tests/fixtures/monitored/monitoring/2022.yaml",
            "examples/monitoring/melitopol-2023.yaml", "tests/malformed/_base/plan.yaml", *INVALID} <= names
    assert len(names) > 20


@pytest.mark.parametrize("path", _files(), ids=lambda p: p.relative_to(REPO).as_posix())
def test_file_matches_its_schema(path: Path) -> None:
    name = path.relative_to(REPO).as_posix()
    if name in INVALID:
        assert _errors(path), f"{name} should be rejected: {INVALID[name]}"
    else:
        assert _errors(path) == []


def _leaves(error: ValidationError) -> list[str]:
    """The innermost messages: an `anyOf` with `null` wraps what is really wrong."""
    inner = [e for e in error.context or [] if e.validator != "type" or e.validator_value != "null"]
    return [m for e in inner for m in _leaves(e)] if inner else [error.message]


def _goal_errors(goal: dict[str, Any]) -> list[str]:
    schema = json.loads((SCHEMAS / "goal.schema.json").read_text(encoding="utf-8"))
    return [m for e in Draft202012Validator(schema).iter_errors(as_json(goal)) for m in _leaves(e)]


def test_the_schema_keeps_what_the_models_refuse_out() -> None:
    line = {"years": {2021: Decimal("5.0"), 2022: "unknown"}, "total": "unknown"}
    good = {"code": "1", "title": "Ціль", "indicators": ["Кількість послуг", {"text": "Черга"}],
            "funding": {"planned": [line]}}
    assert _goal_errors(good) == []
    assert _goal_errors({**good, "funding": {"planned": [{"years": {21: Decimal(5)}}]}}) == [
        "'21' does not match '^(199[1-9]|20[0-9][0-9]|2100)$'"]
    assert _goal_errors({**good, "funding": {"planned": [{"years": {2021: "5,0"}}]}}) == [
        "'5,0' is not of type 'number'", "'unknown' was expected"]
    assert _goal_errors({**good, "indicators": [7]}) == ["7 is not of type 'string'", "7 is not of type 'object'"]
