"""Load a plan folder: read each file safely, validate it against its model, and keep where each node is
written, so the lint engine can locate what rules report. Never raises for bad content: problems become
diagnostics, and what validated becomes a read-only `PlanView`.

Every file of a plan folder is read or reported: plan.yaml, context.yaml, statements.yaml and the `*.yaml` files in
goals/ and monitoring/ are read (`io.paths.read_by_loader`); anything else in goals/ or monitoring/ (`sg3.yml`,
`SG3.YAML`, a subfolder, `notes.txt`), and a YAML-looking file beside plan.yaml, is reported as not read (PL104),
so a strategic goal cannot disappear without a word. Hidden files (`.gitkeep`, an editor's swap file) are left
alone. A plan without a goals folder (unless it says `totals_only: true`), or with one that holds no goal file,
cannot be read (PL103); a monitoring
file is named after its period and reports on that period, one file per period (PL105). A name that is not UTF-8
or holds control characters is refused (LD118) and shown escaped.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from stratplan.core.diagnostics import Diagnostic, Location, StratplanError
from stratplan.core.text import odd_name
from stratplan.io.files import FileBytes, outside_of, read_regular_file
from stratplan.io.paths import (
    CONTEXT_FILE,
    GOALS_DIR,
    MONITORING_DIR,
    PLAN_FILE,
    STATEMENTS_FILE,
    display_path,
    file_error,
    read_by_loader,
)
from stratplan.io.yamlio import DataPath, LoadedYaml, load_bytes
from stratplan.model import CHILD_KEYS, AnyNode, ContextFile, NodesFile, PlanFile, goal_file_model
from stratplan.model.statements import StatementsFile
from stratplan.plan.validation import validate_doc
from stratplan.plan.view import DISPLAY_PREFIX, PlanView

if TYPE_CHECKING:
    from stratplan.model.monitoring import MonitoringFile


@dataclass
class LoadedPlan:
    """A plan folder after loading: its view, the parsed files, where each node is written, and every diagnostic."""

    root: Path
    display_root: str
    view: PlanView = field(default_factory=lambda: PlanView(None, []))
    docs: dict[str, LoadedYaml] = field(default_factory=dict)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    files: Mapping[str, FileBytes] | None = None  # set when read from bytes (a git revision), not from disk
    read_digests: dict[str, bytes] = field(default_factory=dict)
    """The blake2b digest of each file read from disk, by name inside the plan folder (what the cache keys on)."""
    _written: dict[int, tuple[LoadedYaml, DataPath]] = field(default_factory=dict, repr=False)

    def written(self, node: AnyNode) -> tuple[LoadedYaml, DataPath]:
        """The parsed file a node is written in, and the data path of its mapping there."""
        return self._written[id(node)]

    def location(self, node: AnyNode, field_path: DataPath = (), *, key: bool = False) -> Location:
        """Where a node (or one of its fields) is written."""
        doc, path = self.written(node)
        return doc.location((*path, *field_path), key=key)

    def doc(self, name: str) -> LoadedYaml | None:
        """A parsed file of the plan by its name inside the plan folder (`plan.yaml`), or by its displayed path."""
        return self.docs.get(str(Path(self.display_root) / name)) or self.docs.get(name)

    @property
    def slug(self) -> str:
        """The issuer's slug, or the folder name when plan.yaml did not load."""
        return self.view.slug


@dataclass
class _Parts:
    """What loading found so far, before the view is built."""

    meta: PlanFile | None = None
    goals: list[tuple[AnyNode, str]] = field(default_factory=list)
    context: ContextFile | None = None
    statements: StatementsFile | None = None
    monitoring: dict[str, MonitoringFile] = field(default_factory=dict)
    complete: bool = True


def _index_nodes(plan: LoadedPlan, goal: AnyNode, doc: LoadedYaml, path: DataPath = ()) -> None:
    stack: list[tuple[Any, DataPath]] = [(goal, path)]
    while stack:
        node, where = stack.pop()
        plan._written[id(node)] = (doc, where)
        for key in CHILD_KEYS:
            for index, child in enumerate(getattr(node, key)):
                stack.append((child, (*where, key, index)))


def _read_listed(plan: LoadedPlan, path: Path) -> LoadedYaml:
    """Parse a file of the plan from its mapping of bytes, named as it would be on disk."""
    assert plan.files is not None
    content = plan.files[path.relative_to(plan.root).as_posix()]
    if isinstance(content, Diagnostic):
        raise StratplanError([content])
    return load_bytes(content, str(path))


def _present(plan: LoadedPlan, name: str, *, follow: bool) -> bool:
    if plan.files is not None:
        return name in plan.files
    return (plan.root / name).exists() if follow else os.path.lexists(plan.root / name)


_YAML_LIKE = re.compile(r"\.ya?ml$", re.IGNORECASE)
_PERIOD_NAME = re.compile(r"[0-9]{4}(?:-H[12])?")
FILE, FOLDER = "file", "folder"


class _Unlisted(Exception):
    """A folder of the plan is not a folder, or cannot be listed; the message says which."""


def _entries(plan: LoadedPlan, folder: str) -> list[tuple[str, str]] | None:
    """(name, FILE or FOLDER) of what a folder of the plan holds (`""`: the plan folder), hidden names left out,
    sorted; None when there is no such folder; _Unlisted when it is not a folder or cannot be read."""
    if plan.files is not None:  # a git revision: folders are the prefixes of the files' names
        prefix = f"{folder}/" if folder else ""
        if folder in plan.files:
            raise _Unlisted("is not a folder")
        found: dict[str, str] = {}
        for name in plan.files:
            if name.startswith(prefix):
                first, slash, _rest = name[len(prefix):].partition("/")
                found[first] = FOLDER if slash else FILE
        if folder and not found:
            return None
        return sorted((name, kind) for name, kind in found.items() if not name.startswith("."))
    directory = plan.root / folder
    if not os.path.lexists(directory):
        return None
    if not directory.is_dir():
        raise _Unlisted("is not a folder")
    try:
        with os.scandir(directory) as listing:
            return sorted((e.name, FOLDER if _is_dir(e) else FILE) for e in listing if not e.name.startswith("."))
    except OSError as exc:
        raise _Unlisted(f"cannot be read: {exc.strerror}") from None


def _is_dir(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_dir()
    except OSError:  # a symlink loop: a file that cannot be read, reported when it is read
        return False


def _not_read(plan: LoadedPlan, name: str, kind: str) -> Diagnostic:
    """PL104 (or LD118 for an odd name) for an entry of the plan folder the loader does not read."""
    path = plan.root / name
    base = name.rsplit("/", 1)[-1]
    if odd_name(base):
        return file_error("LD118", path, "the file name has bytes that are not UTF-8 or control characters (shown "
                          "escaped); it is not read", "rename it with ordinary characters")
    folder = name.partition("/")[0] if "/" in name else ""
    if kind == FOLDER:
        return file_error("PL104", path, f"a folder inside {folder}/ is not read: only *.yaml files directly in "
                          f"{folder}/ are", f"move its files up into {folder}/, or out of the plan folder")
    if not folder:
        return file_error("PL104", path, "not read: a plan folder holds plan.yaml, context.yaml, goals/*.yaml and "
                          "monitoring/*.yaml", "rename it to one of those, or move it out of the plan folder")
    stem = re.sub(_YAML_LIKE, "", base)
    hint = f"rename it to {stem}.yaml" if _YAML_LIKE.search(base) else f"only *.yaml files are read in {folder}/"
    return file_error("PL104", path, f"not read: only *.yaml files (lower case) directly in {folder}/ are", hint)


def _listed(plan: LoadedPlan, folder: str) -> tuple[list[Path], bool]:
    """The files the loader reads directly in a folder of the plan, sorted by name, and whether anything else is
    there; every other entry is reported (PL104, LD118)."""
    entries = _entries(plan, folder) or []
    found = []
    for name, kind in entries:
        inside = f"{folder}/{name}"
        if kind == FILE and read_by_loader(inside):
            found.append(plan.root / folder / name)
        else:
            plan.diagnostics.append(_not_read(plan, inside, kind))
    return found, len(found) < len(entries)


def _check_top(plan: LoadedPlan) -> None:
    """Report YAML-looking files beside plan.yaml that are not read (`plan.yml`, `Context.yaml`, `sg3.yaml`)."""
    try:
        entries = _entries(plan, "") or []
    except _Unlisted:
        return  # the folder itself: found by the search, so listed; nothing more to say
    for name, kind in entries:
        if kind == FILE and _YAML_LIKE.search(name) and not read_by_loader(name):
            plan.diagnostics.append(_not_read(plan, name, kind))


def _read_file(plan: LoadedPlan, path: Path) -> LoadedYaml:
    """Read and parse a file from disk, remembering the digest of the bytes read."""
    raw = read_regular_file(path)
    plan.read_digests[path.relative_to(plan.root).as_posix()] = hashlib.blake2b(raw).digest()
    return load_bytes(raw, display_path(path))


def _load_one(plan: LoadedPlan, path: Path) -> LoadedYaml | None:
    if plan.files is None and outside_of(path, plan.root):  # bytes from git have no symlinks to follow
        plan.diagnostics.append(file_error("LD116", path, "symlink leads outside the plan folder; it is not read",
                                            "copy the file into the plan folder instead of linking to it"))
        return None
    try:
        doc = _read_file(plan, path) if plan.files is None else _read_listed(plan, path)
    except StratplanError as exc:
        plan.diagnostics.extend(exc.diagnostics)
        return None
    plan.docs[doc.file] = doc
    return doc


def goal_files(root: Path) -> list[Path]:
    """The goal files of a plan folder the loader reads, sorted by name."""
    folder = root / GOALS_DIR
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.glob("*.yaml") if read_by_loader(f"{GOALS_DIR}/{p.name}"))


def load_plan(root: Path) -> LoadedPlan:
    """Load a plan folder; never raises for bad content: problems become diagnostics."""
    return _load(LoadedPlan(root=root, display_root=display_path(root)))


def load_plan_files(files: Mapping[str, FileBytes], display_root: str) -> LoadedPlan:
    """Load a plan from its files' bytes keyed by path inside the plan folder (`plan.yaml`, `goals/sg1.yaml`).

    The same pipeline as `load_plan`; files are named `<display_root>/goals/sg1.yaml` in diagnostics.
    """
    root = Path(display_root)
    return _load(LoadedPlan(root=root, display_root=str(root), files=files))


def _load(plan: LoadedPlan) -> LoadedPlan:
    parts = _Parts()
    root = plan.root
    if not _present(plan, PLAN_FILE, follow=False):  # a broken or looping symlink is a plan.yaml that cannot be read
        plan.diagnostics.append(file_error("PL101", root / PLAN_FILE, "plan folder has no plan.yaml",
                                            "create plan.yaml with the issuer, document and catalogs"))
    else:
        parts.meta = _validated(plan, root / PLAN_FILE, PlanFile)
    _check_top(plan)
    _load_goals(plan, parts)
    if _present(plan, CONTEXT_FILE, follow=True):
        parts.context = _validated(plan, root / CONTEXT_FILE, ContextFile)
    if _present(plan, STATEMENTS_FILE, follow=True):
        parts.statements = _validated(plan, root / STATEMENTS_FILE, StatementsFile)
    _load_monitoring(plan, parts)
    parts.goals.sort(key=lambda item: code_key(item[0].code))
    plan.view = PlanView(parts.meta, [g for g, _ in parts.goals], context=parts.context, monitoring=parts.monitoring,
                         statements=parts.statements,
                         goal_files=[f for _, f in parts.goals], complete=parts.complete, folder_name=root.name)
    return plan


def _validated(plan: LoadedPlan, path: Path, model: type[Any], prefix: str = "") -> Any:
    doc = _load_one(plan, path)
    if doc is None:
        return None
    instance, diags = validate_doc(model, doc, prefix)
    plan.diagnostics.extend(diags)
    return instance


def _load_monitoring(plan: LoadedPlan, parts: _Parts) -> None:
    try:
        paths, _others = _listed(plan, MONITORING_DIR)
    except _Unlisted as exc:
        plan.diagnostics.append(file_error("PL104", plan.root / MONITORING_DIR, f"monitoring {exc}: monitoring reports "
                                           "are monitoring/<period>.yaml", "make monitoring a folder of reports"))
        return
    if not paths:
        return
    from stratplan.model.monitoring import MonitoringFile  # built only for a plan with reports: 2 ms of a start

    by_period: dict[str, Path] = {}
    for path in paths:
        report = _validated(plan, path, MonitoringFile, f"monitoring {path.stem}")
        if not _PERIOD_NAME.fullmatch(path.stem):
            plan.diagnostics.append(file_error("PL105", path, "a monitoring file is named after its period: 2023.yaml "
                                               "or 2023-H1.yaml", "rename it after the period it reports on"))
        if report is None:
            continue
        label = report.period.label
        if _PERIOD_NAME.fullmatch(path.stem) and path.stem != label:
            plan.diagnostics.append(file_error("PL105", path, f"reports on {label}, but is named {path.name}",
                                               f"rename it to {label}.yaml, or correct its period"))
        if label in by_period:
            plan.diagnostics.append(file_error("PL105", path, f"a second report on {label} (the first is "
                                               f"{display_path(by_period[label])}); one file per period",
                                               "merge the two reports"))
            continue
        by_period[label] = path
        parts.monitoring[str(path) if plan.files is not None else display_path(path)] = report


def _goal_paths(plan: LoadedPlan, parts: _Parts) -> list[Path]:
    """The goal files to read; PL103 when there is no goals folder, it is not one, cannot be read or has no goal file
    (no goals folder is what a plan that says `totals_only: true` has)."""
    where = plan.root / GOALS_DIR
    try:
        present = _entries(plan, GOALS_DIR) is not None
        paths, others = _listed(plan, GOALS_DIR) if present else ([], False)
    except _Unlisted as exc:
        problem = (f"goals {exc}", "goal files are goals/*.yaml, one top-level node (or a `nodes:` list) each")
    else:
        if paths:
            parts.complete = parts.complete and not others  # a goal may be in a file that is not read
            return paths
        if not present and parts.meta is not None and parts.meta.totals_only:
            return []
        problem = (("goals/ holds no goal file" if present else "the plan has no goals folder"),
                   "add the goals as goals/1.yaml, goals/2.yaml, ... (or `totals_only: true` in plan.yaml for a copy "
                   "that holds only the document's declared totals)")
    parts.complete = False
    plan.diagnostics.append(file_error("PL103", where, *problem))
    return []


def _load_goals(plan: LoadedPlan, parts: _Parts) -> None:
    top = parts.meta.levels.used[0] if parts.meta is not None else "strategic_goal"
    for path in _goal_paths(plan, parts):
        doc = _load_one(plan, path)
        if doc is None:
            parts.complete = False
            continue
        model = goal_file_model(doc.data)
        prefix = path.stem if not isinstance(doc.data, dict) else "" if model is NodesFile else \
            f"{DISPLAY_PREFIX.get(top, '')}{doc.data.get('code')}"
        loaded, diags = validate_doc(model, doc, prefix)
        plan.diagnostics.extend(diags)
        parts.complete = parts.complete and loaded is not None
        if loaded is None:
            continue
        file = path.relative_to(plan.root).as_posix()
        if isinstance(loaded, NodesFile):
            for index, node in enumerate(loaded.nodes):
                parts.goals.append((node, file))
                _index_nodes(plan, node, doc, ("nodes", index))
        else:
            parts.goals.append((loaded, file))
            _index_nodes(plan, loaded, doc)


def code_key(code: str) -> tuple[tuple[int, str], ...]:
    """Sort key that orders `1.10` after `1.9`."""
    return tuple((int(p), "") if p.isdigit() else (1 << 30, p) for p in code.split("."))
