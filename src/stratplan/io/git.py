"""Read plans from a git revision's objects, never from (or into) the working tree or the index.

Three plumbing commands do all the work: `rev-parse` (which commit), `ls-tree -r -l` (which files, their
mode and size) and one `cat-file --batch` (their bytes). Files then go through the loader's own pipeline.

A repository is input like any other: a blob's size is known from the tree before it is read, so a file over
the size limit is never decompressed (a highly compressible blob cannot grow in memory), blobs are read one at a
time from git's output, and a missing or damaged object is a located diagnostic, not a crash. Names are kept as
bytes decode them (`surrogateescape`) and shown escaped (`core.text.escaped_name`); the loader refuses odd ones.
"""

from __future__ import annotations

import os
import posixpath
import subprocess
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from stratplan.core.diagnostics import Diagnostic, Location, Severity, UsageError
from stratplan.core.text import escaped_name
from stratplan.io.files import FileBytes
from stratplan.io.paths import PLAN_FILE, read_by_loader, searched
from stratplan.io.yamlio import MAX_BYTES

GIT_TIMEOUT = 120
REGULAR_MODES = ("100644", "100755")
SYMLINK_MODE = "120000"


@dataclass(frozen=True)
class TreeEntry:
    """One file of a revision's tree: mode, object id, size in bytes and path from the repository root."""

    mode: str
    object: str
    size: int
    path: str


def _git(cwd: Path, *args: str, stdin: bytes | None = None) -> bytes:
    try:
        done = subprocess.run(["git", *args], cwd=cwd, input=stdin, capture_output=True, timeout=GIT_TIMEOUT,
                              check=False)
    except FileNotFoundError:
        raise UsageError("git is not installed or not on PATH; compare two folders with --base-dir") from None
    except subprocess.TimeoutExpired:
        raise UsageError(f"git {args[0]} took longer than {GIT_TIMEOUT} s") from None
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise UsageError(f"git {args[0]} failed: {message[0] if message else f'exit {done.returncode}'}")
    return done.stdout


def repository_root(cwd: Path) -> Path:
    """The top folder of the git work tree that contains `cwd`."""
    out = _git(cwd, "rev-parse", "--show-toplevel")
    return Path(out.decode("utf-8").strip()).resolve()


def resolve_commit(top: Path, rev: str) -> str:
    """The full id of the commit a revision names; UsageError when it names none."""
    if not rev or rev.startswith("-") or "\n" in rev:
        raise UsageError(f"{rev!r} is not a revision")
    try:
        out = _git(top, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{rev}^{{commit}}")
    except UsageError:
        raise UsageError(f"{rev!r} is not a commit of the repository at {top}; in a shallow clone, fetch it first "
                         "(e.g. actions/checkout with fetch-depth: 0)") from None
    return out.decode("ascii").strip()


def list_tree(top: Path, commit: str) -> list[TreeEntry]:
    """Every file of the commit's tree (recursively), with mode, object id and size."""
    entries = []
    for record in _git(top, "ls-tree", "-r", "-l", "-z", "--full-tree", commit).split(b"\0"):
        if not record:
            continue
        meta, _, path = record.partition(b"\t")
        mode, kind, obj, size = meta.decode("ascii", "replace").split()
        if kind == "blob":  # git prints the size of a missing object as "BAD": -1, reported when the file is read
            entries.append(TreeEntry(mode, obj, int(size) if size.isdigit() else -1,
                                     path.decode("utf-8", "surrogateescape")))
    return entries


MISSING = "the object is missing from the repository (is it damaged, or a partial clone?)"


class _Missing(Exception):
    """An object git cannot give (missing, or not what the tree says)."""


def read_blobs(top: Path, objects: Iterable[str], limit: int = MAX_BYTES) -> dict[str, bytes | str]:
    """The bytes of blobs by object id, read one at a time from one `git cat-file --batch`; for an object git cannot
    give (missing from a damaged repository, not a blob, over `limit` bytes) the reason instead, as text."""
    wanted = sorted(set(objects))
    if not wanted:
        return {}
    try:
        child = subprocess.Popen(["git", "cat-file", "--batch"], cwd=top, stdin=subprocess.PIPE,
                                 stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    except FileNotFoundError:
        raise UsageError("git is not installed or not on PATH; compare two folders with --base-dir") from None
    assert child.stdin is not None and child.stdout is not None
    blobs: dict[str, bytes | str] = {}
    try:
        child.stdin.write("".join(f"{o}\n" for o in wanted).encode("ascii"))
        child.stdin.close()
        for obj in wanted:
            header = child.stdout.readline(200).decode("ascii", "replace").split()
            if len(header) == 2 and header[1] == "missing":
                blobs[obj] = MISSING
                continue
            if len(header) != 3 or header[1] != "blob" or not header[2].isdigit():
                raise _Missing(f"unexpected answer from git cat-file: {' '.join(header)[:80]!r}")
            size = int(header[2])
            if size > limit:  # the tree said otherwise: skip it in small pieces, never holding it
                blobs[obj] = f"the object is {size} bytes, over the {limit}-byte limit"
                while size > 0:
                    size -= len(child.stdout.read(min(size, 1 << 16)) or b"x" * size)
            else:
                blobs[obj] = child.stdout.read(size)
            child.stdout.read(1)  # the line feed after each object
    except _Missing as exc:
        for obj in wanted:
            blobs.setdefault(obj, str(exc))
    finally:
        child.kill()
        child.wait()
    return blobs


def _plan_roots(target: str, paths: set[str], plan_dirs: set[str]) -> list[str]:
    """Plan folders a repository path names, as `paths.find_plan_roots` does for folders on disk."""
    if target in plan_dirs:
        return [target]
    if target in paths:
        parent = posixpath.dirname(target)
        while True:
            if parent in plan_dirs:
                return [parent]
            if not parent:
                return []
            parent = posixpath.dirname(parent)
    return sorted(d for d in plan_dirs if _found_below(target, d, plan_dirs))


def _found_below(target: str, folder: str, plan_dirs: set[str]) -> bool:
    """Whether searching `target` finds the plan folder `folder`: it lies below, through no hidden or tool
    folder and no other plan folder (a plan's own subfolders are not searched)."""
    prefix = f"{target}/" if target else ""
    if not folder or not folder.startswith(prefix) or folder == target:
        return False
    parts = folder[len(prefix):].split("/")
    above = [posixpath.join(target, *parts[:depth]) for depth in range(1, len(parts))]
    return all(searched(part) for part in parts) and not any(path in plan_dirs for path in above)


def _plan_dirs(entries: Iterable[TreeEntry]) -> set[str]:
    return {posixpath.dirname(e.path) for e in entries if posixpath.basename(e.path) == PLAN_FILE}


def _target(top: Path, cwd: Path, path: Path) -> str:
    """A command-line path as a path from the repository root ('' for the root itself)."""
    relative = os.path.relpath(os.path.abspath(cwd / path), top)
    if relative == ".." or relative.startswith(f"..{os.sep}"):
        raise UsageError(f"{path} is outside the git repository at {top}")
    return "" if relative == "." else Path(relative).as_posix()


def _plan_file_names(root: str, entries: Iterable[TreeEntry]) -> list[TreeEntry]:
    """Every file of the plan folder, at any depth: the loader reads some and reports the others."""
    prefix = f"{root}/" if root else ""
    return [e for e in entries if e.path.startswith(prefix)]


def _unreadable(entry: TreeEntry, display: str) -> Diagnostic | None:
    if entry.mode == SYMLINK_MODE:
        return Diagnostic("LD114", "not a regular file (a symbolic link in git)", Severity.ERROR, Location(display),
                          hint="plans are made of ordinary YAML files")
    if entry.mode not in REGULAR_MODES:
        return Diagnostic("LD114", f"not a regular file (git mode {entry.mode})", Severity.ERROR, Location(display))
    if entry.size < 0:
        return Diagnostic("LD114", f"cannot read from git: {MISSING}", Severity.ERROR, Location(display))
    if entry.size > MAX_BYTES:
        return Diagnostic("LD102", f"file is {entry.size} bytes, over the {MAX_BYTES}-byte limit", Severity.ERROR,
                          Location(display), hint="split the plan into smaller files")
    return None


NOT_READ = Diagnostic("LD114", "not read by the loader", Severity.ERROR, Location(""))
"""The placeholder of a file the loader does not read (it only needs to know the file is there)."""


def _read_root(top: Path, cwd: Path, root: str, entries: list[TreeEntry]) -> tuple[str, dict[str, FileBytes]]:
    display_root = _display_root(top, cwd, root)
    named = _plan_file_names(root, entries)
    files: dict[str, FileBytes] = {}
    readable: dict[str, str] = {}
    for entry in named:
        name = entry.path[len(root) + 1:] if root else entry.path
        if not read_by_loader(name):
            files[name] = NOT_READ
            continue
        problem = _unreadable(entry, escaped_name(str(Path(display_root) / name)))
        if problem is None:
            readable[name] = entry.object
        else:
            files[name] = problem
    blobs = read_blobs(top, readable.values())
    for name, obj in readable.items():
        blob = blobs[obj]
        files[name] = blob if isinstance(blob, bytes) else Diagnostic(
            "LD114", f"cannot read from git: {blob}", Severity.ERROR, Location(escaped_name(str(Path(display_root) / name))))
    return display_root, files


def plan_trees_at(rev: str, paths: Sequence[Path], cwd: Path) -> tuple[str, Path, dict[str, tuple[str, list[TreeEntry]]]]:
    """The commit a revision names, the repository's top folder, and for each plan the paths name in its tree: its
    folder from the repository root and the entries of every file below it (any depth), keyed by plan folder relative
    to cwd. Nothing is read but the tree: `read_plan_at` reads one plan's files."""
    here = cwd.resolve()
    top = repository_root(here)
    commit = resolve_commit(top, rev)
    entries = list_tree(top, commit)
    file_paths = {e.path for e in entries}
    plan_dirs = _plan_dirs(entries)
    roots: list[str] = []
    for path in paths:
        roots.extend(r for r in _plan_roots(_target(top, here, path), file_paths, plan_dirs) if r not in roots)
    below: dict[str, list[TreeEntry]] = {root: [] for root in roots}
    for entry in entries:  # each file to the plan folders above it: one pass, however many plans
        parent = posixpath.dirname(entry.path)
        while True:
            if parent in below:
                below[parent].append(entry)
            if not parent:
                break
            parent = posixpath.dirname(parent)
    return commit, top, {_display_root(top, here, root): (root, below[root]) for root in roots}


def _display_root(top: Path, cwd: Path, root: str) -> str:
    return escaped_name(Path(os.path.relpath(top / root, cwd)).as_posix())


def read_plan_at(top: Path, cwd: Path, root: str, entries: list[TreeEntry]) -> dict[str, FileBytes]:
    """The files of one plan folder of a tree (as `plan_trees_at` lists them): bytes, or why they cannot be read."""
    return _read_root(top, cwd.resolve(), root, entries)[1]


def plan_files_at(rev: str, paths: Sequence[Path], cwd: Path) -> tuple[str, dict[str, dict[str, FileBytes]]]:
    """The commit a revision names, and the files of each plan the paths name in its tree (bytes, or why they
    cannot be read), keyed by plan folder relative to cwd, then by name inside the plan folder."""
    commit, top, trees = plan_trees_at(rev, paths, cwd)
    here = cwd.resolve()
    return commit, {key: read_plan_at(top, here, root, entries) for key, (root, entries) in trees.items()}
