"""JSON Schemas generated from the models: one per file kind, plus the JSON lint output."""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import BaseModel

from stratplan.formatters.json_format import JsonLintResult
from stratplan.models import ContextFile, PlanFile, StrategicGoal
from stratplan.models.monitoring import MonitoringFile

SCHEMAS: dict[str, type[BaseModel]] = {
    "plan.schema.json": PlanFile,
    "goal.schema.json": StrategicGoal,
    "context.schema.json": ContextFile,
    "monitoring.schema.json": MonitoringFile,
    "lint-result.schema.json": JsonLintResult,
}


def render(model: type[BaseModel], filename: str) -> str:
    """The schema text of a model, stable byte for byte."""
    schema = model.model_json_schema(mode="validation")
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
