"""Versioned JSON output, described by `schemas/lint-result.schema.json`: its models (the writer is `json_output`,
which imports no pydantic, so a warm `validate -f json` does not pay for it)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict

from stratplan.output.formatters.json_output import FORMAT_VERSION, to_data, write


class JsonDiagnostic(BaseModel):
    """One finding in JSON output."""

    model_config = ConfigDict(extra="forbid")
    code: str
    name: str
    severity: Literal["error", "warning", "info"]
    message: str
    file: str
    line: int
    column: int
    path: str
    hint: str


class JsonSummary(BaseModel):
    """Counts by severity."""

    model_config = ConfigDict(extra="forbid")
    plans: int
    files: int
    error: int
    warning: int
    info: int


class JsonBaseline(BaseModel):
    """With `--baseline`: the baseline file, how many findings it held back, and its stale entries."""

    model_config = ConfigDict(extra="forbid")
    file: str
    known: int
    stale: list[str]


class JsonLintResult(BaseModel):
    """The whole JSON document `stratplan validate --format json` prints."""

    model_config = ConfigDict(extra="forbid")
    version: Literal[1]
    tool: Literal["stratplan"]
    summary: JsonSummary
    diagnostics: list[JsonDiagnostic]
    baseline: JsonBaseline | None = None


__all__ = ["FORMAT_VERSION", "JsonBaseline", "JsonDiagnostic", "JsonLintResult", "JsonSummary", "to_data", "write"]
