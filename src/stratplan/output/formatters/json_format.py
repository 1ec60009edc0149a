"""Versioned JSON output, described by `schemas/lint-result.schema.json`."""

from __future__ import annotations

import json
from collections import Counter
from typing import Any, Literal, TextIO

from pydantic import BaseModel, ConfigDict

from stratplan.core.diagnostics import Diagnostic, LintResult, Severity

FORMAT_VERSION = 1


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


def _diagnostic(d: Diagnostic) -> dict[str, Any]:
    return {"code": d.code, "name": d.name, "severity": d.severity.label, "message": d.message,
            "file": d.location.file, "line": d.location.line, "column": d.location.col, "path": d.path, "hint": d.hint}


def to_data(result: LintResult) -> dict[str, Any]:
    """The JSON document as Python data; its shape is `JsonLintResult` (tests validate output against it)."""
    counts = Counter(d.severity for d in result.diagnostics)
    data: dict[str, Any] = {
        "version": FORMAT_VERSION,
        "tool": "stratplan",
        "summary": {"plans": len(result.plans), "files": result.files, **{s.label: counts[s] for s in reversed(Severity)}},
        "diagnostics": [_diagnostic(d) for d in result.diagnostics],
    }
    if result.baseline is not None:
        data["baseline"] = {"file": result.baseline.file, "known": result.baseline.matched,
                            "stale": list(result.baseline.stale)}
    return data


def write(result: LintResult, stream: TextIO) -> None:
    # json.dumps then one write: json.dump would call write once per token (seconds for a national corpus)
    stream.write(json.dumps(to_data(result), ensure_ascii=False, indent=2))
    stream.write("\n")
