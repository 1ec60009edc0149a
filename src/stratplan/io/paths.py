"""Which plan folders a command was pointed at, and how paths are shown: light enough for any command
to import before it knows whether it will parse a single file."""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from pathlib import Path

from stratplan.core.diagnostics import Diagnostic, Location, Severity
from stratplan.core.text import escaped_name, odd_name

PLAN_FILE = "plan.yaml"
CONTEXT_FILE = "context.yaml"
STATEMENTS_FILE = "statements.yaml"
GOALS_DIR = "goals"
MONITORING_DIR = "monitoring"
DATA_FOLDERS = (GOALS_DIR, MONITORING_DIR)
"""Folders of a plan whose `*.yaml` files the loader reads (and nothing below them)."""


def read_by_loader(name: str) -> bool:
    """Whether the loader reads a file of a plan folder, by its path inside the folder (`goals/sg1.yaml`): plan.yaml,
    context.yaml, statements.yaml, and the `*.yaml` files directly in goals/ and monitoring/ whose names are neither
    hidden nor odd (not UTF-8, control characters). Every other file there is reported, not read (see the loader)."""
    if name in (PLAN_FILE, CONTEXT_FILE, STATEMENTS_FILE):
        return True
    folder, _, base = name.partition("/")
    return (folder in DATA_FOLDERS and "/" not in base and base.endswith(".yaml") and not base.startswith(".")
            and not odd_name(base))


def display_path(path: Path) -> str:
    """A path as users should see it: relative to the working directory when below it, with bytes that are not
    UTF-8 and control characters written as `\\xNN` (`core.text.escaped_name`), so every output can carry it."""
    try:
        return escaped_name(os.path.relpath(path))
    except ValueError:  # pragma: no cover - other drive on Windows
        return escaped_name(str(path))


def file_error(code: str, path: Path, message: str, hint: str = "") -> Diagnostic:
    """An error about a whole file or folder, located at its displayed path."""
    return Diagnostic(code, message, Severity.ERROR, Location(display_path(path)), hint=hint)


# Folders a search for plans never enters (as ruff and yamllint skip them), besides every hidden folder.
SKIPPED_FOLDERS = frozenset({"build", "dist", "node_modules", "venv", "__pycache__", "site-packages"})


def find_plan_roots(paths: Iterable[Path]) -> tuple[list[Path], list[Diagnostic]]:
    """Plan folders named by the paths: a plan folder, a folder with plan folders at any depth below it, or a
    file inside a plan.

    Each folder comes once, however it was named (`plans/x`, its absolute path, a file inside it): one
    per displayed path, in the order first named, in linear time (a national corpus has 1,469 plans).
    """
    roots: dict[str, Path] = {}
    problems: list[Diagnostic] = []
    for path in paths:
        found = _roots_for(path)
        if not found:
            problems.append(file_error("PL102", path, "no plan found here (no plan.yaml in or above it, no plan folders below)",
                                       "point at a plan folder such as plans/melitopol"))
        for root in found:
            roots.setdefault(display_path(root), root)
    return list(roots.values()), problems


def _roots_for(path: Path) -> list[Path]:
    if not path.exists():
        return []
    if path.is_file():
        for parent in path.resolve().parents:
            if (parent / PLAN_FILE).is_file():
                return [_relative_like(parent)]
        return []
    if os.path.lexists(path / PLAN_FILE):
        return [path]
    return sorted(plan_folders_below(path))


def searched(name: str) -> bool:
    """Whether a search for plans enters a subfolder of this name (hidden and tool folders are skipped)."""
    return not name.startswith(".") and name not in SKIPPED_FOLDERS


def plan_folders_below(folder: Path) -> Iterator[Path]:
    """Every folder holding a plan.yaml at any depth below `folder`, without entering a plan folder (its goals
    and monitoring hold no plans), a hidden or tool folder, or a symbolic link to a folder (a link inside
    would find a plan twice or loop; one outside leads out of what was named)."""
    pending = [folder]
    while pending:
        current = pending.pop()
        try:
            with os.scandir(current) as listing:
                folders = [Path(e.path) for e in listing if e.is_dir(follow_symlinks=False) and searched(e.name)]
        except OSError:  # unreadable folder: nothing found in it
            continue
        for child in folders:
            if os.path.lexists(child / PLAN_FILE):
                yield child
            else:
                pending.append(child)


def _relative_like(resolved_root: Path) -> Path:
    """Express a resolved plan root relative to the cwd when possible, so displayed paths stay short."""
    try:
        return Path(os.path.relpath(resolved_root))
    except ValueError:  # pragma: no cover
        return resolved_root
