"""Load a plan folder: read each file safely, validate it against its model, index every node's position."""

from __future__ import annotations

import difflib
import os
import posixpath
import stat
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from stratplan.core.diagnostics import Diagnostic, Location, Severity, StratplanError
from stratplan.io.paths import CONTEXT_FILE, GOALS_DIR, MONITORING_DIR, PLAN_FILE, display_path, file_error
from stratplan.io.yamlio import MAX_BYTES, DataPath, LoadedYaml, load_bytes
from stratplan.model import AnyNode, ContextFile, PlanFile, StrategicGoal, children_of
from stratplan.model.monitoring import MonitoringFile

CHILD_KEYS = ("operational_goals", "tasks", "measures")

T = TypeVar("T")

FileBytes = bytes | Diagnostic
"""A file's bytes, or the diagnostic saying why they cannot be read (e.g. a symlink in a git tree)."""


@dataclass(frozen=True)
class NodeRef:
    """Where a node lives: its file, its data path in that file, and its display path."""

    doc: LoadedYaml
    path: DataPath
    display: str
    parent: AnyNode | None

    def location(self, field_path: DataPath = (), *, key: bool = False) -> Location:
        """Location of the node, or of one of its fields."""
        return self.doc.location((*self.path, *field_path), key=key)


@dataclass
class LoadedPlan:
    """A plan folder after loading: models where they validated, and every diagnostic on the way."""

    root: Path
    display_root: str
    plan: PlanFile | None = None
    goals: list[StrategicGoal] = field(default_factory=list)
    context: ContextFile | None = None
    monitoring: dict[str, MonitoringFile] = field(default_factory=dict)
    docs: dict[str, LoadedYaml] = field(default_factory=dict)
    refs: dict[int, NodeRef] = field(default_factory=dict)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    files: Mapping[str, FileBytes] | None = None  # set when read from bytes (a git revision), not from disk
    tree_complete: bool = True
    """False when a goal file could not be read or validated: the goal tree lacks part of the plan, so rules that
    judge the whole plan (`Rule.needs_complete_plan`) would report what is only missing. (Without plan.yaml's
    model, the rules that need it do not run anyway.)"""
    _memo: dict[str, tuple[tuple[Any, ...], Any]] = field(default_factory=dict, init=False, repr=False, compare=False)

    def ref(self, node: AnyNode) -> NodeRef:
        """Position record of a node of this plan."""
        return self.refs[id(node)]

    def walk(self) -> Iterator[AnyNode]:
        """Every node of the tree, depth first, in document order."""
        return iter(self.memo("walk", _walk))

    def memo(self, name: str, compute: Callable[[LoadedPlan], T]) -> T:
        """`compute(self)`, computed once and kept while the plan holds the same models.

        Two dozen rules walk the tree of every plan and three read all of its text: they share one walk
        and one list of texts. The models are frozen, so the same plan, context and goal objects mean
        the same content; the result is computed again when one of them is replaced (tests swap goals).
        """
        models = (self.plan, self.context, *self.goals)
        kept = self._memo.get(name)
        if kept is not None and len(kept[0]) == len(models) and all(a is b for a, b in zip(kept[0], models, strict=True)):
            return kept[1]  # type: ignore[no-any-return]
        value = compute(self)
        self._memo[name] = (models, value)
        return value

    @property
    def slug(self) -> str:
        """The community slug, or the folder name when plan.yaml did not load."""
        return self.plan.community.slug if self.plan else self.root.name


def _walk(plan: LoadedPlan) -> list[AnyNode]:
    nodes: list[AnyNode] = []
    stack: list[AnyNode] = list(reversed(plan.goals))
    while stack:
        node = stack.pop()
        nodes.append(node)
        stack.extend(reversed(children_of(node)))
    return nodes


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
            return stream.read(limit + 1)
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


def _did_you_mean(word: str, choices: Iterable[str]) -> str:
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f"; did you mean '{close[0]}'?" if close else ""


def _actual_path(data: Any, loc: tuple[Any, ...]) -> DataPath:
    """The part of a pydantic error location that exists in the data (drops union/validator tags)."""
    path: list[str | int] = []
    current = data
    for part in loc:
        if isinstance(current, dict) and part in current:
            path.append(part)
            current = current[part]
        elif isinstance(current, dict) and isinstance(part, str) and part.isdigit() and int(part) in current:
            path.append(int(part))
            current = current[int(part)]
        elif isinstance(current, list) and isinstance(part, int) and 0 <= part < len(current):
            path.append(part)
            current = current[part]
        elif isinstance(current, dict) and (same := [k for k in current if str(k) == str(part)]):
            path.append(same[0])  # pydantic shows keys such as None as text
            current = current[same[0]]
    return tuple(path)


def describe_path(data: Any, path: DataPath, prefix: str = "") -> str:
    """Display path like `SG2 › 2.1 › 2.1.3 › funding` from a data path inside a goal file."""
    parts = [prefix] if prefix else []
    current = data
    for part in path:
        if isinstance(current, dict):
            current = current.get(part)
        elif isinstance(current, list) and isinstance(part, int):
            current = current[part]
        else:
            current = None
        if isinstance(part, int) and isinstance(current, dict) and isinstance(current.get("code"), str):
            parts.append(current["code"])
        elif isinstance(part, str) and part not in CHILD_KEYS:
            parts.append(part)
        elif isinstance(part, int) and not (parts and parts[-1] in CHILD_KEYS):
            parts.append(f"[{part}]")
    return " › ".join(parts)


def _fields_of(model: type[BaseModel], data: Any, path: DataPath) -> list[str]:
    """Known keys at a data path, for 'did you mean' (walks nested models by annotation)."""
    current: Any = model
    for part in path:
        if isinstance(part, int):
            continue
        if not (isinstance(current, type) and issubclass(current, BaseModel)) or part not in current.model_fields:
            return []
        annotation = current.model_fields[part].annotation
        current = _model_in(annotation)
    if isinstance(current, type) and issubclass(current, BaseModel):
        return list(current.model_fields)
    return []


def _model_in(annotation: Any) -> Any:
    stack = [annotation]
    while stack:
        item = stack.pop()
        if isinstance(item, type) and issubclass(item, BaseModel):
            return item
        stack.extend(getattr(item, "__args__", ()) or ())
    return None


def _schema_diagnostics(model: type[BaseModel], doc: LoadedYaml, exc: ValidationError, prefix: str) -> list[Diagnostic]:
    out = []
    for error in exc.errors():
        path = _actual_path(doc.data, tuple(error["loc"]))
        where = describe_path(doc.data, path, prefix)
        kind = error["type"]
        if kind == "extra_forbidden":
            key = str(error["loc"][-1])
            known = _fields_of(model, doc.data, path[:-1])
            msg = f"unknown key '{key}'{_did_you_mean(key, known)}"
            loc, code = doc.location(path, key=True), "SC101"
        elif kind == "missing":
            msg = f"missing required key '{error['loc'][-1]}'"
            loc, code = doc.location(path), "SC102"
        else:
            msg = _plain_message(error)
            on_key = kind == "invalid_key" or tuple(error["loc"][-1:]) == ("[key]",)
            loc, code = doc.location(path, key=on_key), "SC103"
        out.append(Diagnostic(code, msg, Severity.ERROR, loc, name="schema", path=where))
    return out


def _plain_message(error: Any) -> str:
    msg = str(error["msg"])
    for prefix in ("Value error, ", "Assertion failed, "):
        msg = msg.removeprefix(prefix)
    value = error.get("input")
    if isinstance(value, (str, int)) and not isinstance(value, bool) and len(str(value)) <= 60:
        msg = f"{msg} (got {value!r})"
    return msg


def validate_doc(model: type[BaseModel], doc: LoadedYaml, prefix: str = "") -> tuple[Any, list[Diagnostic]]:
    """Validate one file's data against a model; return the instance or schema diagnostics."""
    if doc.data is None:
        return None, [Diagnostic("LD115", "file is empty: expected a mapping of plan data", Severity.ERROR,
                                 Location(doc.file, 1, 1))]
    if not isinstance(doc.data, dict):
        return None, [Diagnostic("SC103", "expected a mapping at the top of the file", Severity.ERROR,
                                 doc.location(()))]
    try:
        return model.model_validate(doc.data), []
    except ValidationError as exc:
        return None, _schema_diagnostics(model, doc, exc, prefix)
    except RecursionError:
        return None, [Diagnostic("LD109", "structure too deep to validate", Severity.ERROR, doc.location(()))]


def _index_nodes(plan: LoadedPlan, goal: StrategicGoal, doc: LoadedYaml) -> None:
    stack: list[tuple[AnyNode, DataPath, str, AnyNode | None]] = [(goal, (), f"SG{goal.code}", None)]
    while stack:
        node, path, display, parent = stack.pop()
        plan.refs[id(node)] = NodeRef(doc, path, display, parent)
        fields = type(node).model_fields  # asking a model for a field it lacks is slow: look in its class
        for key in CHILD_KEYS:
            for index, child in enumerate(getattr(node, key) if key in fields else ()):
                stack.append((child, (*path, key, index), f"{display} › {child.code}", node))


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
    root = plan.root
    if not _present(plan, PLAN_FILE, follow=False):  # a broken or looping symlink is a plan.yaml that cannot be read
        plan.diagnostics.append(file_error("PL101", root / PLAN_FILE, "plan folder has no plan.yaml",
                                            "create plan.yaml with the community, document and catalogs"))
    else:
        doc = _load_one(plan, root / PLAN_FILE)
        if doc is not None:
            plan.plan, diags = validate_doc(PlanFile, doc)
            plan.diagnostics.extend(diags)
    _load_goals(plan)
    if _present(plan, CONTEXT_FILE, follow=True):
        doc = _load_one(plan, root / CONTEXT_FILE)
        if doc is not None:
            plan.context, diags = validate_doc(ContextFile, doc)
            plan.diagnostics.extend(diags)
    _load_monitoring(plan)
    return plan


def monitoring_files(root: Path) -> list[Path]:
    """The monitoring reports of a plan folder (`monitoring/*.yaml`), sorted by name."""
    folder = root / MONITORING_DIR
    return sorted(folder.glob("*.yaml")) if folder.is_dir() else []


def _load_monitoring(plan: LoadedPlan) -> None:
    for path in _listed(plan, MONITORING_DIR):
        doc = _load_one(plan, path)
        if doc is None:
            continue
        report, diags = validate_doc(MonitoringFile, doc, f"monitoring {path.stem}")
        plan.diagnostics.extend(diags)
        if report is not None:
            plan.monitoring[doc.file] = report


def _load_goals(plan: LoadedPlan) -> None:
    goals: list[StrategicGoal] = []
    for path in _listed(plan, GOALS_DIR):
        doc = _load_one(plan, path)
        if doc is None:
            plan.tree_complete = False
            continue
        prefix = f"SG{doc.data.get('code')}" if isinstance(doc.data, dict) else path.stem
        goal, diags = validate_doc(StrategicGoal, doc, prefix)
        plan.diagnostics.extend(diags)
        plan.tree_complete = plan.tree_complete and goal is not None
        if goal is not None:
            goals.append(goal)
            _index_nodes(plan, goal, doc)
    plan.goals = sorted(goals, key=lambda g: _code_key(g.code))


def _code_key(code: str) -> tuple[tuple[int, str], ...]:
    return tuple((int(p), "") if p.isdigit() else (1 << 30, p) for p in code.split("."))


def code_key(code: str) -> tuple[tuple[int, str], ...]:
    """Sort key that orders `1.10` after `1.9`."""
    return _code_key(code)
