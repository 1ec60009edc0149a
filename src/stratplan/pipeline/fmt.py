"""`fmt` over many plans as a per-plan job for `batch.run`: each plan folder's files formatted (or compared with
their canonical layout under `--check`) in worker processes; with `--check`, a plan folder's outcome is cached
under the bytes of the files it read, so an unchanged plan is not formatted again."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from stratplan.core.diagnostics import Diagnostic, StratplanError
from stratplan.core.numbers import exact
from stratplan.io.cache import FORMAT as CACHE_FORMAT
from stratplan.io.paths import CONTEXT_FILE, GOALS_DIR, PLAN_FILE, STATEMENTS_FILE, read_by_loader
from stratplan.pipeline.entries import diagnostic_rows, diagnostics_from_rows


@dataclass(frozen=True)
class FileOutcome:
    """One plan file through fmt: its name inside the plan folder, whether it changed (or would), or why not."""

    name: str
    changed: bool = False
    problems: list[Diagnostic] = field(default_factory=list)


def format_one(path: Path, check: bool) -> tuple[bool, list[Diagnostic], bytes | None]:
    """(changed, problems, the bytes read or None) for one plan file: formatted in place unless `check`."""
    from stratplan.output import canonical

    raw = None
    try:
        raw = canonical.read_plan_file(path)
        new = canonical.canonical_bytes(raw, path)
        if new != raw and not check:
            canonical.replace_file(path, new)
    except StratplanError as exc:
        return False, exc.diagnostics, raw
    return new != raw, [], raw


def encode_fmt(outcomes: list[FileOutcome]) -> str:
    """A plan folder's fmt outcomes as cache entry text."""
    return json.dumps({"format": CACHE_FORMAT, "files": [[o.name, o.changed, diagnostic_rows(o.problems)]
                                                         for o in outcomes]}, ensure_ascii=False)


def decode_fmt(text: str) -> list[FileOutcome]:
    """The outcomes back from `encode_fmt`; ValueError (or TypeError, KeyError) when the text is not exactly that."""
    data: Any = json.loads(text)
    if data.get("format") != CACHE_FORMAT or type(data.get("files")) is not list:
        raise ValueError("not a stratplan fmt cache entry")
    outcomes = []
    for name, changed, rows in data["files"]:
        if type(name) is not str or type(changed) is not bool or type(rows) is not list:
            raise ValueError("bad fmt cache row")
        outcomes.append(FileOutcome(name, changed, diagnostics_from_rows(rows)))
    return outcomes


@dataclass(frozen=True)
class FormatJob:
    """`fmt` as a per-plan job: the outcome of every file of a plan folder that fmt formats."""

    check: bool
    kind: str = "fmt"

    def asked(self) -> str:
        return "check" if self.check else "write"

    @staticmethod
    def reads(name: str) -> bool:
        """Whether fmt reads a file of a plan folder (by its path inside the folder): a result is cached only when
        the bytes of exactly these files are the ones its key was made from."""
        return name in (PLAN_FILE, CONTEXT_FILE, STATEMENTS_FILE) or (
            name.startswith(f"{GOALS_DIR}/") and read_by_loader(name))

    @exact
    def compute(self, root: Path) -> tuple[list[FileOutcome], Mapping[str, bytes]]:
        from stratplan.output.canonical import files_of

        outcomes, read = [], {}
        for path in files_of(root):
            name = path.relative_to(root).as_posix()
            changed, problems, raw = format_one(path, self.check)
            if raw is not None:
                read[name] = hashlib.blake2b(raw).digest()
            outcomes.append(FileOutcome(name, changed, problems))
        return outcomes, read

    def encode(self, result: list[FileOutcome]) -> str:
        return encode_fmt(result)

    def decode(self, text: str) -> list[FileOutcome]:
        return decode_fmt(text)
