"""Output formats for lint results: each is fn(result, stream) and writes only to the stream."""

from __future__ import annotations

from collections.abc import Callable
from typing import TextIO

from stratplan.formatters import concise, github, json_format, sarif, text
from stratplan.linter import LintResult

Formatter = Callable[[LintResult, TextIO], None]

FORMATTERS: dict[str, Formatter] = {
    "text": text.write,
    "concise": concise.write,
    "json": json_format.write,
    "github": github.write,
    "sarif": sarif.write,
}

__all__ = ["FORMATTERS", "Formatter"]
