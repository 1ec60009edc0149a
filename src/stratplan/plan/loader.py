"""Load a plan folder: read each file safely, validate it against its model, and keep where each node is
written, so the lint engine can locate what rules report. Never raises for bad content: problems become
diagnostics, and what validated becomes a read-only `PlanView`."""

from __future__ import annotations

import os
import posixpath
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from stratplan.core.diagnostics import Diagnostic, Location, StratplanError
from stratplan.io.files import FileBytes, load_yaml_file, outside_of
from stratplan.io.paths import (
    CONTEXT_FILE,
    GOALS_DIR,
    MONITORING_DIR,
    PLAN_FILE,
    STATEMENTS_FILE,
    display_path,
    file_error,
)
from stratplan.io.yamlio import DataPath, LoadedYaml, load_bytes
from stratplan.model import CHILD_KEYS, AnyNode, ContextFile, NodesFile, PlanFile, goal_file_model
from stratplan.model.monitoring import MonitoringFile
from stratplan.model.statements import StatementsFile
from stratplan.plan.validation import validate_doc
from stratplan.plan.view import DISPLAY_PREFIX, PlanView


@dataclass
class LoadedPlan:
    """A plan folder after loading: its view, the parsed files, where each node is written, and every diagnostic."""

    root: Path
    display_root: str
    view: PlanView = field(default_factory=lambda: PlanView(None, []))
    docs: dict[str, LoadedYaml] = field(default_factory=dict)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    files: Mapping[str, FileBytes] | None = None  # set when read from bytes (a git revision), not from disk
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


def _listed(plan: LoadedPlan, folder: str) -> list[Path]:
    """The `*.yaml` files directly in a folder of the plan, sorted by name."""
    if plan.files is None:
        directory = plan.root / folder
        return sorted(directory.glob("*.yaml")) if directory.is_dir() else []
    names = (n for n in plan.files if posixpath.dirname(n) == folder and n.endswith(".yaml"))
    return sorted(plan.root / n for n in names)


def _load_one(plan: LoadedPlan, path: Path) -> LoadedYaml | None:
    if plan.files is None and outside_of(path, plan.root):  # bytes from git have no symlinks to follow
        plan.diagnostics.append(file_error("LD116", path, "symlink leads outside the plan folder; it is not read",
                                            "copy the file into the plan folder instead of linking to it"))
        return None
    try:
        doc = load_yaml_file(path) if plan.files is None else _read_listed(plan, path)
    except StratplanError as exc:
        plan.diagnostics.extend(exc.diagnostics)
        return None
    plan.docs[doc.file] = doc
    return doc


def goal_files(root: Path) -> list[Path]:
    """The goal files of a plan folder, sorted by name."""
    folder = root / GOALS_DIR
    return sorted(folder.glob("*.yaml")) if folder.is_dir() else []



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
    for path in _listed(plan, MONITORING_DIR):
        report = _validated(plan, path, MonitoringFile, f"monitoring {path.stem}")
        if report is not None:
            parts.monitoring[str(path) if plan.files is not None else display_path(path)] = report


def _load_goals(plan: LoadedPlan, parts: _Parts) -> None:
    top = parts.meta.levels.used[0] if parts.meta is not None else "strategic_goal"
    for path in _listed(plan, GOALS_DIR):
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
