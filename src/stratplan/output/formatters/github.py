"""GitHub Actions workflow commands (`::error file=…,line=…,col=…::message`), escaped per the spec."""

from __future__ import annotations

from typing import TextIO

from stratplan.core.diagnostics import LintResult, Severity

COMMAND = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def escape_data(text: str) -> str:
    """Escape a message so it cannot end the command or start a new one."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


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
