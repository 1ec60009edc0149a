"""Reading plan files from disk safely: regular files only, bounded size, no escape through symlinks."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from stratplan.core.diagnostics import Diagnostic, StratplanError
from stratplan.io.paths import display_path, file_error
from stratplan.io.yamlio import MAX_BYTES, LoadedYaml, load_bytes

FileBytes = bytes | Diagnostic
"""A file's bytes, or the diagnostic saying why they cannot be read (e.g. a symlink in a git tree)."""


def read_regular_file(path: Path, limit: int = MAX_BYTES) -> bytes:
    """Bytes of a regular file; refuses FIFOs, devices and directories without blocking, and oversized files
    without reading them (the file is opened non-blocking and checked on the open descriptor)."""
    try:
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as exc:
        raise StratplanError([file_error("LD114", path, f"cannot read file: {exc.strerror}")]) from None
    info = os.fstat(descriptor)
    if not stat.S_ISREG(info.st_mode):
        os.close(descriptor)
        raise StratplanError([file_error("LD114", path, "not a regular file (FIFO, device or directory)",
                                          "plans are made of ordinary YAML files")])
    with os.fdopen(descriptor, "rb") as stream:
        if info.st_size > limit:
            raise StratplanError([file_error("LD102", path, f"file is {info.st_size} bytes, over the {limit}-byte "
                                              "limit", "split the plan into smaller files")])
        try:
            # as many bytes as the file has: asking for the limit would allocate a buffer of that size per file
            data = stream.read(info.st_size + 1)
            if len(data) > info.st_size:  # it grew since: the rest, up to the limit
                data += stream.read(limit + 1 - len(data))
            return data
        except OSError as exc:
            raise StratplanError([file_error("LD114", path, f"cannot read file: {exc.strerror}")]) from None


def outside_of(path: Path, folder: Path) -> bool:
    """True when the path (following symlinks) leads outside the folder."""
    try:
        return not path.resolve().is_relative_to(folder.resolve())
    except (OSError, RuntimeError):  # a symlink loop: reading it will report it
        return False


def load_yaml_file(path: Path) -> LoadedYaml:
    """Read and parse one YAML file; StratplanError on any failure."""
    return load_bytes(read_regular_file(path), display_path(path))
