"""SARIF 2.1.0 output for code-scanning tools."""

from __future__ import annotations

import json
import os
from typing import Any, TextIO
from urllib.parse import quote

from stratplan import __version__
from stratplan.check.catalogue import problem_codes
from stratplan.core.diagnostics import LintResult, Severity

LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"


def _rules() -> list[dict[str, Any]]:
    return [{"id": c.code, "name": c.name, "shortDescription": {"text": c.summary},
             "fullDescription": {"text": c.doc or c.summary}, "defaultConfiguration": {"level": LEVEL[c.severity]}}
            for c in problem_codes()]


def artifact_uri(path: str) -> str:
    """A displayed path as a relative URI reference: `/` separators, anything but unreserved characters
    percent-encoded (a name shown as `x\\xff.yaml` becomes `x%5Cxff.yaml`)."""
    if os.sep == "\\":  # pragma: no cover - Windows separators
        path = path.replace("\\", "/")
    return quote(path, safe="/-._~!$&'()*+,;=:@")


def _result(d: Any) -> dict[str, Any]:
    region = {"startLine": d.location.line, "startColumn": d.location.col} if d.location.located else None
    physical: dict[str, Any] = {"artifactLocation": {"uri": artifact_uri(d.location.file)}}
    if region:
        physical["region"] = region
    return {"ruleId": d.code, "level": LEVEL[d.severity], "message": {"text": d.message},
            "locations": [{"physicalLocation": physical}]}


def to_data(result: LintResult) -> dict[str, Any]:
    """The SARIF log as Python data."""
    return {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": "stratplan", "version": __version__, "rules": _rules()}},
            "results": [_result(d) for d in result.diagnostics],
        }],
    }


def write(result: LintResult, stream: TextIO) -> None:
    stream.write(json.dumps(to_data(result), ensure_ascii=False, indent=2))
    stream.write("\n")
