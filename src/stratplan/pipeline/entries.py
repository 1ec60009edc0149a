"""Cache entries of per-plan results: diagnostics and lint results as exact JSON text, and back.

Decoding is strict: anything that is not exactly what the encoder writes raises ValueError (or TypeError,
KeyError), and the caller treats it as a miss.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from stratplan.core.diagnostics import Diagnostic, Location, Severity
from stratplan.io.cache import FORMAT


@dataclass(frozen=True)
class CachedLint:
    """What `validate` needs from one plan: its configured diagnostics and how many files were read."""

    diagnostics: list[Diagnostic]
    files: int


def diagnostic_rows(diagnostics: list[Diagnostic]) -> list[list[Any]]:
    """Diagnostics as JSON-ready rows."""
    return [[d.code, d.message, int(d.severity), d.location.file, d.location.line, d.location.col, d.name, d.path,
             d.hint, [list(pair) for pair in d.extra]] for d in diagnostics]


_SEVERITIES = {int(s): s for s in Severity}


def diagnostics_from_rows(rows: list[Any]) -> list[Diagnostic]:
    """Diagnostics back from `diagnostic_rows`; ValueError (or TypeError) when a row is not exactly such a row."""
    diagnostics: list[Diagnostic] = []
    append = diagnostics.append
    severities = _SEVERITIES
    # A warm run decodes every diagnostic of a national corpus (~70,000): one tight loop, locations
    # shared between findings at the same place, and type checks that cost one comparison each.
    locations: dict[tuple[str, int, int], Location] = {}
    for code, message, severity, file, line, col, name, path, hint, extra in rows:
        if not (type(code) is type(message) is type(file) is type(name) is type(path) is type(hint) is str
                and type(line) is type(col) is int and type(extra) is list):
            raise ValueError("bad cache row")
        place = (file, line, col)
        location = locations.get(place)
        if location is None:
            location = locations[place] = Location(file, line, col)
        pairs = tuple((str(k), str(v)) for k, v in extra) if extra else ()
        append(Diagnostic(code, message, severities[severity], location, name, path, hint, pairs))
    return diagnostics


def encode_lint(entry: CachedLint) -> str:
    """A lint entry as JSON text."""
    return json.dumps({"format": FORMAT, "files": entry.files, "diagnostics": diagnostic_rows(entry.diagnostics)},
                      ensure_ascii=False)


def decode_lint(text: str) -> CachedLint:
    """A lint entry back from JSON; ValueError when it is not exactly what `encode_lint` writes."""
    data = json.loads(text)
    if data.get("format") != FORMAT or type(data.get("files")) is not int:
        raise ValueError("not a stratplan lint cache entry")
    return CachedLint(diagnostics_from_rows(data["diagnostics"]), data["files"])
