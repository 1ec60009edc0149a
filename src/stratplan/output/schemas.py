"""JSON Schemas generated from the models: one per file kind, plus the JSON lint output."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import BaseModel, TypeAdapter
from pydantic.json_schema import GenerateJsonSchema, JsonSchemaValue
from pydantic_core import core_schema

from stratplan.model import ContextFile, GoalFile, NodesFile, PlanFile
from stratplan.model.monitoring import MonitoringFile
from stratplan.model.statements import StatementsFile
from stratplan.output.formatters.json_format import JsonLintResult

GOAL_FILE: TypeAdapter[GoalFile | NodesFile] = TypeAdapter(GoalFile | NodesFile)
"""A goal file holds one top-level node, or several under `nodes:`."""

SCHEMAS: dict[str, type[BaseModel] | TypeAdapter[Any]] = {
    "plan.schema.json": PlanFile,
    "goal.schema.json": GOAL_FILE,
    "context.schema.json": ContextFile,
    "statements.schema.json": StatementsFile,
    "monitoring.schema.json": MonitoringFile,
    "lint-result.schema.json": JsonLintResult,
}


class _KeysChecked(GenerateJsonSchema):
    """Mappings whose keys must match a pattern say so with `propertyNames`, not `patternProperties`.

    pydantic puts a key pattern in `patternProperties`, which lets every key that does not match through
    unchecked (a year typed `202` would pass). `propertyNames` checks every key, and `additionalProperties`
    every value.
    """

    def dict_schema(self, schema: core_schema.DictSchema) -> JsonSchemaValue:
        json_schema: dict[str, Any] = super().dict_schema(schema)
        patterns = json_schema.pop("patternProperties", None)
        if patterns:
            ((pattern, values),) = patterns.items()
            json_schema["propertyNames"] = {**json_schema.get("propertyNames", {}), "pattern": pattern}
            json_schema["additionalProperties"] = values
        return json_schema


def _one_or_nodes(schema: dict[str, Any]) -> dict[str, Any]:
    """A goal file is one node, or nodes under `nodes:`: chosen by that key (`if`/`then`/`else`), so that an
    editor reports what is wrong with the file as it is, not with both shapes it could have had."""
    one, several = schema.pop("anyOf")
    return {**schema, "if": {"required": ["nodes"], "type": "object"}, "then": several, "else": one}


def render(model: type[BaseModel] | TypeAdapter[Any], filename: str) -> str:
    """The schema text of a model (or of a union of models), stable byte for byte."""
    if isinstance(model, TypeAdapter):
        schema = _one_or_nodes(model.json_schema(mode="validation", schema_generator=_KeysChecked))
    else:
        schema = model.model_json_schema(mode="validation", schema_generator=_KeysChecked)
    schema = {"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": filename, **schema}
    return json.dumps(schema, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def expected() -> dict[str, str]:
    """Every schema file name with the text it should have."""
    return {name: render(model, name) for name, model in SCHEMAS.items()}


def stale(folder: Path) -> list[str]:
    """Schema files in `folder` that are missing or differ from the models."""
    out = []
    for name, text in expected().items():
        path = folder / name
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            out.append(name)
    return out
