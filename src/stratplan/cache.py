"""A content-addressed cache of one plan's lint diagnostics, so an unchanged plan is not parsed again.

An entry's key hashes everything its diagnostics depend on: the bytes and names of every file in the
plan folder, the folder as displayed (diagnostics carry that path), the effective lint config and the
tool itself (its version and the bytes of every source file of the package, so any code change starts
a fresh cache). Entries live outside the plans (`--cache-dir`, `STRATPLAN_CACHE_DIR`,
`$XDG_CACHE_HOME/stratplan` or `~/.cache/stratplan`), are written atomically, and any entry that cannot
be read back exactly is ignored and recomputed: deleting the folder is always safe. A plan folder with
anything but ordinary files and folders in it (symlinks, FIFOs, devices) is never cached.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import stat
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from stratplan import __version__
from stratplan.config import LintConfig
from stratplan.diagnostics import Diagnostic, Location, Severity

FORMAT = "lint-v1"
_PACKAGE = Path(__file__).resolve().parent


def default_dir() -> Path:
    """`STRATPLAN_CACHE_DIR`, else `$XDG_CACHE_HOME/stratplan`, else `~/.cache/stratplan`."""
    if os.environ.get("STRATPLAN_CACHE_DIR"):
        return Path(os.environ["STRATPLAN_CACHE_DIR"])
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "stratplan"


@functools.cache
def tool_fingerprint() -> str:
    """Hash of the version and of every source and template file of the installed package."""
    digest = hashlib.blake2b(f"{FORMAT}\0{__version__}\0".encode())
    for path in sorted(_PACKAGE.rglob("*")):
        if path.suffix in (".py", ".j2") and path.is_file():
            digest.update(path.relative_to(_PACKAGE).as_posix().encode() + b"\0")
            digest.update(hashlib.blake2b(path.read_bytes()).digest())
    return digest.hexdigest()


def config_fingerprint(config: LintConfig) -> str:
    """Everything of a config that changes what `validate` reports (not where it was read from)."""
    severity = sorted((code, level.label) for code, level in config.severity.items())
    fields = [sorted(config.select), sorted(config.ignore), severity, config.fail_level.label,
              str(config.deviation_threshold)]
    return json.dumps(fields, ensure_ascii=False)


def _plan_entries(root: Path) -> Iterator[tuple[str, Path]] | None:
    """Every file below the plan folder, sorted; None when something is not an ordinary file or folder."""
    found: list[tuple[str, Path]] = []
    for folder, dirs, files in os.walk(root):
        for name in [*dirs, *files]:
            path = Path(folder) / name
            mode = os.lstat(path).st_mode
            if stat.S_ISREG(mode):
                found.append((path.relative_to(root).as_posix(), path))
            elif not stat.S_ISDIR(mode):
                return None
    return iter(sorted(found))


def plan_key(root: Path, display_root: str, config: LintConfig) -> str | None:
    """The cache key of a plan folder, or None when the folder must not be cached."""
    try:
        if os.path.islink(root) or not root.is_dir():
            return None
        entries = _plan_entries(root)
        if entries is None:
            return None
        digest = hashlib.blake2b(f"{tool_fingerprint()}\0{config_fingerprint(config)}\0{display_root}\0".encode())
        for name, path in entries:
            digest.update(name.encode() + b"\0")
            digest.update(hashlib.blake2b(path.read_bytes()).digest())
    except OSError:
        return None
    return digest.hexdigest()


@dataclass(frozen=True)
class CachedLint:
    """What `validate` needs from one plan: its configured diagnostics and how many files were read."""

    diagnostics: list[Diagnostic]
    files: int


def _encode(entry: CachedLint) -> str:
    rows = [[d.code, d.message, int(d.severity), d.location.file, d.location.line, d.location.col, d.name, d.path,
             d.hint, [list(pair) for pair in d.extra]] for d in entry.diagnostics]
    return json.dumps({"format": FORMAT, "files": entry.files, "diagnostics": rows}, ensure_ascii=False)


def _decode_row(row: list[Any]) -> Diagnostic:
    code, message, severity, file, line, col, name, path, hint, extra = row
    texts = (code, message, file, name, path, hint)
    if not all(isinstance(t, str) for t in texts) or not all(type(n) is int for n in (line, col)):
        raise ValueError("bad cache row")
    pairs = tuple((str(k), str(v)) for k, v in extra)
    return Diagnostic(code, message, Severity(severity), Location(file, line, col), name=name, path=path, hint=hint,
                      extra=pairs)


def _decode(text: str) -> CachedLint:
    data = json.loads(text)
    if data.get("format") != FORMAT or type(data.get("files")) is not int:
        raise ValueError("not a stratplan lint cache entry")
    return CachedLint([_decode_row(row) for row in data["diagnostics"]], data["files"])


class LintCache:
    """A folder of cache entries, one JSON file per key."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def _path(self, key: str) -> Path:
        return self.folder / FORMAT / key[:2] / f"{key}.json"

    def get(self, key: str) -> CachedLint | None:
        """The entry, or None when it is missing, unreadable or not exactly what this version writes."""
        try:
            return _decode(self._path(key).read_text(encoding="utf-8"))
        except (OSError, ValueError, TypeError, KeyError, AttributeError):  # corrupt or foreign: recompute
            return None

    def put(self, key: str, entry: CachedLint) -> None:
        """Store an entry atomically; a cache that cannot be written is only slower, never an error."""
        target = self._path(key)
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{key[:8]}.", suffix=".tmp")
        except OSError:
            return
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as stream:
                stream.write(_encode(entry))
            os.replace(temporary, target)
        except OSError:
            Path(temporary).unlink(missing_ok=True)
