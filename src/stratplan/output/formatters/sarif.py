"""SARIF 2.1.0 output for code-scanning tools."""

from __future__ import annotations

import os
from typing import Any, TextIO
from urllib.parse import quote

from stratplan import __version__
from stratplan.check.catalogue import problem_codes
from stratplan.core.diagnostics import Diagnostic, LintResult, Severity
from stratplan.output.formatters import jsonstream

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


def _result(d: Diagnostic) -> dict[str, Any]:
    region = {"startLine": d.location.line, "startColumn": d.location.col} if d.location.located else None
    physical: dict[str, Any] = {"artifactLocation": {"uri": artifact_uri(d.location.file)}}
    if region:
        physical["region"] = region
    return {"ruleId": d.code, "level": LEVEL[d.severity], "message": {"text": d.message},
            "locations": [{"physicalLocation": physical}]}


def _frame(result: LintResult, results: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": "stratplan", "version": __version__, "rules": _rules()}},
            "results": results,
        }],
    }


def to_data(result: LintResult) -> dict[str, Any]:
    """The SARIF log as Python data."""
    return _frame(result, [_result(d) for d in result.diagnostics])


def _item(d: Diagnostic, indent: str) -> str:
    """`_result(d)` as `json.dumps(..., indent=2)` writes it in the list, starting at `indent`."""
    t = jsonstream.text
    i1, i2, i3, i4, i5 = (indent + "  " * n for n in range(1, 6))
    location = d.location
    region = (f',\n{i4}"region": {{\n{i5}"startLine": {int(location.line)},\n{i5}"startColumn": {int(location.col)}\n'
              f'{i4}}}') if location.located else ""
    return (f'{indent}{{\n{i1}"ruleId": {t(d.code)},\n{i1}"level": {t(LEVEL[d.severity])},\n{i1}"message": {{\n'
            f'{i2}"text": {t(d.message)}\n{i1}}},\n{i1}"locations": [\n{i2}{{\n{i3}"physicalLocation": {{\n'
            f'{i4}"artifactLocation": {{\n{i5}"uri": {t(artifact_uri(location.file))}\n{i4}}}{region}\n{i3}}}\n'
            f'{i2}}}\n{i1}]\n{indent}}}')


def write(result: LintResult, stream: TextIO) -> None:
    """`to_data(result)` as indented JSON, the results written as they are formatted (see `jsonstream`)."""
    jsonstream.write(stream, _frame(result, []), "results", result.diagnostics, _item)
