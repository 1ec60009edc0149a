"""Versioned JSON output of `validate` (its shape: `json_format.JsonLintResult`, `schemas/lint-result.schema.json`),
written as the findings are formatted (see `jsonstream`)."""

from __future__ import annotations

from collections import Counter
from typing import Any, TextIO

from stratplan.core.diagnostics import Diagnostic, LintResult, Severity
from stratplan.output.formatters import jsonstream

FORMAT_VERSION = 1


def _diagnostic(d: Diagnostic) -> dict[str, Any]:
    return {"code": d.code, "name": d.name, "severity": d.severity.label, "message": d.message,
            "file": d.location.file, "line": d.location.line, "column": d.location.col, "path": d.path, "hint": d.hint}


def _frame(result: LintResult, diagnostics: list[dict[str, Any]]) -> dict[str, Any]:
    counts = Counter(d.severity for d in result.diagnostics)
    data: dict[str, Any] = {
        "version": FORMAT_VERSION,
        "tool": "stratplan",
        "summary": {"plans": len(result.plans), "files": result.files, **{s.label: counts[s] for s in reversed(Severity)}},
        "diagnostics": diagnostics,
    }
    if result.baseline is not None:
        data["baseline"] = {"file": result.baseline.file, "known": result.baseline.matched,
                            "stale": list(result.baseline.stale)}
    return data


def to_data(result: LintResult) -> dict[str, Any]:
    """The JSON document as Python data; its shape is `JsonLintResult` (tests validate output against it)."""
    return _frame(result, [_diagnostic(d) for d in result.diagnostics])


def _item(d: Diagnostic, indent: str) -> str:
    """`_diagnostic(d)` as `json.dumps(..., indent=2)` writes it in the list, starting at `indent`."""
    t, i = jsonstream.text, indent + "  "
    return (f'{indent}{{\n{i}"code": {t(d.code)},\n{i}"name": {t(d.name)},\n{i}"severity": {t(d.severity.label)},\n'
            f'{i}"message": {t(d.message)},\n{i}"file": {t(d.location.file)},\n{i}"line": {int(d.location.line)},\n'
            f'{i}"column": {int(d.location.col)},\n{i}"path": {t(d.path)},\n{i}"hint": {t(d.hint)}\n{indent}}}')


def write(result: LintResult, stream: TextIO) -> None:
    """`to_data(result)` as indented JSON, the findings written as they are formatted (see `jsonstream`)."""
    jsonstream.write(stream, _frame(result, []), "diagnostics", result.diagnostics, _item)
