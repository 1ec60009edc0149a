"""Replacing a file atomically: the new bytes go to a temporary file in the same folder (same file system,
so the rename is atomic) and only then replace the old file, so a reader, or a crash, sees either the old
or the new file, never a mix.

The temporary file is created as any new file is (mode 0666 less the umask), not with `tempfile.mkstemp`'s
0600: a report or a cache entry is as readable as the other files its user creates. A rewritten file that
must keep its mode (`fmt`) is given it explicitly.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

_ATTEMPTS = 100


def _create_beside(path: Path, suffix: str) -> tuple[int, Path]:
    """A new, empty file in the path's folder, opened for writing, with a name no other file has."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0)
    for _ in range(_ATTEMPTS):
        temporary = path.parent / f".{path.name}.{os.urandom(6).hex()}{suffix}"
        try:
            return os.open(temporary, flags, 0o666), temporary
        except FileExistsError:
            continue
    raise FileExistsError(f"no free temporary name beside {path}")  # pragma: no cover - 100 collisions of 48 bits


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable (not possible on every platform)."""
    with contextlib.suppress(OSError):
        descriptor = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(descriptor)
        finally:
            os.close(descriptor)


def write_atomically(path: Path, data: bytes, *, mode: int | None = None, durable: bool = True,
                     suffix: str = ".tmp") -> None:
    """Replace (or create) a file with these bytes, atomically.

    `mode` keeps a rewritten file's permission bits; without it the file gets those of any new file.
    `durable` flushes the file and the rename to disk before returning (a cache entry need not be).
    The temporary file is named `.<name>.<random><suffix>` and removed when anything fails.
    """
    handle, temporary = _create_beside(path, suffix)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            if mode is not None:
                os.fchmod(stream.fileno(), mode)
            if durable:
                os.fsync(stream.fileno())
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
    if durable:
        _sync_folder(path.parent)


def create_atomically(path: Path, data: bytes) -> None:
    """Create a file that must not exist yet, atomically: the bytes go to a temporary file beside it, which is then
    linked to its name (FileExistsError when that name is taken, which it never replaces). A full disk, a refused
    write or a crash leaves no file, never an empty or half-written one. Where the file system has no hard links,
    the file is created exclusively and removed again when writing it fails."""
    handle, temporary = _create_beside(path, ".tmp")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        try:
            os.link(temporary, path)
        except FileExistsError:
            raise
        except OSError:  # no hard links here (FAT, some network file systems)
            _create_exclusively(path, data)
    finally:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
    _sync_folder(path.parent)


def _create_exclusively(path: Path, data: bytes) -> None:
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0), 0o666)
    try:
        with os.fdopen(descriptor, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(path)
        raise


def write_output(path: Path, data: bytes) -> None:
    """Write a command's output file: atomically for a file (created or replaced, folders made as needed), straight
    into a device or pipe the user named (`-o /dev/stdout`); OSError when it cannot be written (a folder, a full
    disk, no permission), with nothing half-written left behind."""
    if path.is_dir():
        raise IsADirectoryError(21, "is a folder, not a file", str(path))
    if path.exists() and not path.is_file():  # a device or a FIFO cannot be replaced: write into it
        with path.open("wb") as stream:
            stream.write(data)
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomically(path, data)
