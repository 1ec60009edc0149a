"""Output formats for lint results: each is fn(result, stream) and writes only to the stream."""

from __future__ import annotations

from collections.abc import Callable
from importlib import import_module
from typing import TYPE_CHECKING, TextIO, cast

if TYPE_CHECKING:
    from stratplan.core.diagnostics import LintResult

Formatter = Callable[["LintResult", TextIO], None]

# Imported when asked for: the sarif format needs the rules (their descriptions), the others do not.
MODULES = {"text": "text", "concise": "concise", "json": "json_output", "github": "github", "sarif": "sarif"}


def formatter(name: str) -> Formatter:
    """The `write` function of a format named in MODULES."""
    return cast(Formatter, import_module(f"stratplan.output.formatters.{MODULES[name]}").write)


__all__ = ["MODULES", "Formatter", "formatter"]
