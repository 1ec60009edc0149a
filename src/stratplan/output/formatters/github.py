"""GitHub Actions workflow commands (`::error file=…,line=…,col=…::message`), escaped per the spec."""

from __future__ import annotations

from typing import TextIO

from stratplan.core.diagnostics import LintResult, Severity
from stratplan.core.text import CONTROL

COMMAND = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def escape_data(text: str) -> str:
    """Escape a message so it cannot end the command or start a new one; other control characters (ESC, BEL: a
    log viewer's escape sequences) become `?`, and bytes no UTF-8 output can carry are replaced."""
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return CONTROL.sub("?", text).encode("utf-8", "replace").decode("utf-8")


def escape_property(text: str) -> str:
    """Escape a property value (file, title): also ':' and ','."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def write(result: LintResult, stream: TextIO) -> None:
    for d in result.diagnostics:
        props = [f"file={escape_property(d.location.file)}"]
        if d.location.located:
            props += [f"line={d.location.line}", f"col={d.location.col}"]
        props.append(f"title={escape_property(f'{d.code} {d.name}'.strip())}")
        stream.write(f"::{COMMAND[d.severity]} {','.join(props)}::{escape_data(d.message)}\n")
