"""A content-addressed cache of per-plan results (lint diagnostics, budget rows), so an unchanged plan is
not parsed again.

An entry's key hashes everything its result depends on: the bytes and names of every file in the plan
folder, the folder as displayed (results carry that path), what the command was asked (the effective
lint config, the budget levels) and the tool itself (its version and the bytes of every source file of
the package, so any code change starts a fresh cache). Entries live outside the plans (`--cache-dir`,
`STRATPLAN_CACHE_DIR`, `$XDG_CACHE_HOME/stratplan` or `~/.cache/stratplan`), are written atomically,
and any entry that cannot be read back exactly is ignored and recomputed: deleting the folder is always
safe. A plan folder with anything but ordinary files and folders in it (symlinks, FIFOs, devices) is
never cached.

The cache folder is input like any other: an entry is written with a checksum of its text and read only when it
is an ordinary file of at most `MAX_ENTRY_BYTES`, its checksum matches and its text decodes to exactly what the
encoder writes (the jobs check the shape); anything else (a truncated, foreign, huge or deeply nested entry) is a
miss and the plan is computed again. A result is stored under a key only when the bytes the loader actually read
are the ones the key was made from (`batch`), so a file edited during a run cannot poison the cache.

Hashing a national corpus (200 MB) costs more than the rest of a warm run, so file digests are
remembered as git's index remembers them: by path, size, modification and change time (ns), inode and
device. A digest is reused only when all six match, and it is only remembered for a file whose last
change is at least `RACY_NS` old when it is read, so a file rewritten within the same clock tick is
never mistaken for the old one; `ctime` cannot be set back by `touch`, so a restored mtime does not fool
it either. The key itself is still the content: a fresh clone with a restored cache folder hashes its
files once and then hits every entry.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import re
import shutil
import stat
import time
from pathlib import Path
from typing import Any

from stratplan import __version__
from stratplan.io import atomic

FORMAT = "v3"
MAX_ENTRY_BYTES = 16 * 1024 * 1024
"""The largest entry written or read (a plan's findings are capped per file and code, so real entries are small)."""
MAX_MEMO_BYTES = 256 * 1024 * 1024
"""The largest digest memo read (500,000 remembered files take about 100 MB)."""
_CHECKSUM = re.compile(rb"stratplan-cache ([0-9a-f]{32})\n")
_PACKAGE = Path(__file__).resolve().parent.parent  # the whole stratplan package (this file is in stratplan/io)
RACY_NS = 2_000_000_000
_GENERATION = re.compile(r"[0-9a-f]{24}")  # only folders of this shape are ever removed
_MEMO_LIMIT = 500_000  # remembered file digests; beyond this only the files of the latest run are kept


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


def plan_files(root: Path) -> list[tuple[str, str, os.stat_result]] | None:
    """(name relative to the plan, absolute path, lstat) of every file below the plan folder, sorted by
    name; None when something there is not an ordinary file or folder."""
    found: list[tuple[str, str, os.stat_result]] = []
    stack = [("", os.path.abspath(root))]
    while stack:
        prefix, folder = stack.pop()
        with os.scandir(folder) as entries:
            for entry in entries:
                name = prefix + entry.name
                if entry.is_dir(follow_symlinks=False):
                    stack.append((name + "/", entry.path))
                elif entry.is_file(follow_symlinks=False):
                    found.append((name, entry.path, entry.stat(follow_symlinks=False)))
                else:
                    return None
    found.sort(key=lambda item: item[0])
    return found


def _stamp(info: os.stat_result) -> list[int]:
    return [info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino, info.st_dev]


class DigestMemo:
    """File digests remembered by path and stat stamp (see the module docstring for when one is trusted)."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self.known: dict[str, list[Any]] = {}
        self.seen: dict[str, list[Any]] = {}
        self.changed = False
        if path is not None:
            try:
                data = json.loads(read_entry(path, MAX_MEMO_BYTES) or "null")
                if isinstance(data, dict) and data.get("format") == FORMAT and isinstance(data.get("files"), dict):
                    self.known = data["files"]
            except (ValueError, RecursionError, MemoryError):  # missing, corrupt or hostile: start empty
                pass

    def digest(self, path: str, info: os.stat_result) -> bytes:
        """The blake2b digest of a file's bytes (`path` absolute), from memory when its stamp is unchanged."""
        value = self.remembered(path, info)
        if value is not None:
            return value
        with open(path, "rb") as stream:  # in pieces: a big file beside the plan costs no memory
            value = hashlib.file_digest(stream, hashlib.blake2b).digest()
        if time.time_ns() - max(info.st_mtime_ns, info.st_ctime_ns) >= RACY_NS:
            self.seen[path] = [*_stamp(info), value.hex()]
            self.changed = True
        return value

    def remembered(self, path: str, info: os.stat_result) -> bytes | None:
        """The remembered digest of a file whose stamp is unchanged, else None."""
        remembered = self.known.get(path) or self.seen.get(path)
        if isinstance(remembered, list) and len(remembered) == 6 and remembered[:5] == _stamp(info):
            try:
                value = bytes.fromhex(remembered[5])
            except (TypeError, ValueError):
                return None
            if len(value) == 64:
                self.seen[path] = remembered
                return value
        return None

    def learn(self, digests: dict[str, list[Any]]) -> None:
        """Take in the digests another process (a worker) computed."""
        if digests:
            self.seen.update(digests)
            self.changed = True

    def save(self) -> None:
        """Write the remembered digests back, atomically, when this run learnt any."""
        if self.path is None or not self.changed:
            return
        files = {**self.known, **self.seen} if len(self.known) + len(self.seen) <= _MEMO_LIMIT else dict(self.seen)
        write_entry(self.path, json.dumps({"format": FORMAT, "files": files}))
        self.changed = False


def _checksum(payload: bytes) -> bytes:
    return hashlib.blake2b(payload, digest_size=16).hexdigest().encode("ascii")


def write_entry(target: Path, text: str, limit: int = MAX_ENTRY_BYTES) -> None:
    """Write a cache file, a checksum line then the text, through a temporary file and a rename; a cache that cannot
    be written (or an entry over the limit) is only slower, never an error."""
    payload = text.encode("utf-8")
    if len(payload) > limit:
        return
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        atomic.write_atomically(target, b"stratplan-cache " + _checksum(payload) + b"\n" + payload, durable=False)
    except OSError:
        return


def read_entry(path: Path, limit: int = MAX_ENTRY_BYTES) -> str | None:
    """A cache file's text when it is an ordinary file within the limit whose checksum matches; else None."""
    try:
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOFOLLOW", 0))
    except OSError:
        return None
    info = os.fstat(descriptor)
    if not stat.S_ISREG(info.st_mode) or info.st_size > limit + 64:
        os.close(descriptor)
        return None
    with os.fdopen(descriptor, "rb") as stream:
        try:
            raw = stream.read(limit + 65)
        except OSError:
            return None
    header = _CHECKSUM.match(raw)
    if header is None or len(raw) > limit + header.end():
        return None
    payload = raw[header.end():]
    if _checksum(payload) != header.group(1):
        return None
    try:
        return payload.decode("utf-8")
    except UnicodeDecodeError:
        return None


class ResultCache:
    """A folder of cache entries, one JSON file per kind and key, and the remembered file digests."""

    UNREMEMBERED = "unremembered"  # not a key: some file of the plan has no remembered digest

    def __init__(self, folder: Path, memo: DigestMemo | None = None) -> None:
        self.folder = folder
        self._memo = memo

    @property
    def memo(self) -> DigestMemo:
        """The remembered file digests, read on first use."""
        if self._memo is None:
            self._memo = DigestMemo(self.folder / FORMAT / "digests.json")
        return self._memo

    def key(self, root: Path, display_root: str, asked: str) -> str | None:
        """The cache key of a plan folder for a command asked `asked`, or None when it must not be cached."""
        return self._key(root, display_root, asked, read=True)[0]

    def key_with_digests(self, root: Path, display_root: str, asked: str) -> tuple[str | None, dict[str, bytes]]:
        """The key, and the digest of each file it was made from by name inside the plan folder."""
        return self._key(root, display_root, asked, read=True)

    def remembered_key(self, root: Path, display_root: str, asked: str) -> str | None:
        """Like `key`, but from remembered digests only: `UNREMEMBERED` when a file would have to be read."""
        return self._key(root, display_root, asked, read=False)[0]

    def _key(self, root: Path, display_root: str, asked: str, read: bool) -> tuple[str | None, dict[str, bytes]]:
        digests: dict[str, bytes] = {}
        try:
            if os.path.islink(root) or not root.is_dir():
                return None, digests
            files = plan_files(root)
            if files is None:
                return None, digests
            digest = hashlib.blake2b(f"{tool_fingerprint()}\0{asked}\0{display_root}\0".encode())
            memo = self.memo
            for name, path, info in files:
                value = memo.digest(path, info) if read else memo.remembered(path, info)
                if value is None:
                    return self.UNREMEMBERED, digests
                digest.update(name.encode("utf-8", "surrogateescape") + b"\0")
                digest.update(value)
                digests[name] = value
        except OSError:
            return None, digests
        return digest.hexdigest(), digests

    @property
    def generation(self) -> Path:
        """The folder of this tool's entries; another version or a code change writes to another one."""
        return self.folder / FORMAT / tool_fingerprint()[:24]

    def _path(self, kind: str, key: str) -> Path:
        return self.generation / kind / key[:2] / f"{key}.json"

    def read(self, kind: str, key: str) -> str | None:
        """An entry's text, or None when there is none or it is not one this cache wrote (see `read_entry`)."""
        return read_entry(self._path(kind, key))

    def write(self, kind: str, key: str, text: str) -> None:
        """Store an entry atomically."""
        write_entry(self._path(kind, key), text)

    def save(self) -> None:
        """Write back what this run learnt about file digests, and drop entries no current tool can use:
        every generation but this one and the most recently used other one (two versions in turn keep
        their entries; a code change during development does not pile up copies of a national corpus)."""
        if self._memo is not None:
            self._memo.save()
        try:
            if not self.generation.is_dir():
                return
            os.utime(self.generation)  # marks it used, for the next version's clean-up
            others = [p for p in (self.folder / FORMAT).iterdir() if _GENERATION.fullmatch(p.name) and p.is_dir()
                      and not p.is_symlink() and p != self.generation]
            others.sort(key=lambda p: p.stat().st_mtime_ns, reverse=True)
            for stale in others[1:]:
                shutil.rmtree(stale, ignore_errors=True)
        except OSError:  # a cache that cannot be tidied is only bigger, never an error
            pass
