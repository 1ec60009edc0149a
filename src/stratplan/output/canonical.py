"""One canonical, lossless layout for plan files, checked against the hardened loader before it is used.

The layout: keys in the order of the model's fields (`schema_version` first, a strategic goal's `motto`
right after its `title`; keys the model does not know keep their place); two-space indentation with
sequences indented under their key (`  - item`); codes double-quoted; single-quoted text double-quoted;
numbers, dates, booleans and nulls exactly as written; two spaces before a trailing comment; flow
(`{...}`, `[...]`) or block style, plain or double-quoted text and every comment as the author chose;
no line wrapping; LF line ends.

ruamel.yaml's round-trip mode (`io.roundtrip`) rewrites the file in this layout; the result is accepted only when
the project's own loader (`yamlio.parse_text`) reads the same data from it (Decimal-exact) and every comment
survives on the line it annotates. Anything else is refused with a located diagnostic.
"""

from __future__ import annotations

import os
import stat
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any, get_args

from pydantic import BaseModel

from stratplan.check.suppressions import DIRECTIVE
from stratplan.core.diagnostics import Diagnostic, Location, Severity, StratplanError
from stratplan.io import atomic
from stratplan.io.comments import Comment, comments
from stratplan.io.files import read_regular_file
from stratplan.io.paths import CONTEXT_FILE, GOALS_DIR, PLAN_FILE, STATEMENTS_FILE, display_path, find_plan_roots
from stratplan.io.roundtrip import RoundTripError, double_quoted, dump_round_trip, load_round_trip, reorder, style
from stratplan.io.yamlio import DataPath, LoadedYaml, decode, parse_text
from stratplan.model import ContextFile, GoalFile, PlanFile, goal_file_model
from stratplan.model.statements import StatementsFile
from stratplan.plan.loader import goal_files

SCHEMA_HEADER = "# yaml-language-server:"
LEADING_KEYS = ("schema_version",)
AFTER_TITLE_KEYS = ("motto",)  # the documents print a strategic goal's motto under its title
CODE_KEY = "code"


# --- which files, which model ---------------------------------------------------------------------------

def model_for(path: Path) -> type[BaseModel] | None:
    """The model of a plan file by its name and place; None for any other file."""
    if path.name == PLAN_FILE:
        return PlanFile
    if path.name == CONTEXT_FILE:
        return ContextFile
    if path.name == STATEMENTS_FILE:
        return StatementsFile
    if path.parent.name == GOALS_DIR and path.suffix == ".yaml":
        return GoalFile
    return None


def plan_files(paths: list[Path]) -> tuple[list[Path], list[Diagnostic]]:
    """The plan files named by the paths (files, plan folders, folders of plans), sorted, without repeats."""
    roots, files, problems = plan_targets(paths)
    return sorted({*files, *(f for root in roots for f in files_of(root))}), problems


def plan_targets(paths: list[Path]) -> tuple[list[Path], list[Path], list[Diagnostic]]:
    """The plan folders (in the order found, without repeats) and the single plan files the paths name, and
    diagnostics for paths that name neither."""
    roots: list[Path] = []
    files: list[Path] = []
    problems: list[Diagnostic] = []
    for path in paths:
        if path.is_file() and model_for(path) is None:
            problems.append(_error("FM104", Location(display_path(path)), "not a plan file: fmt formats plan.yaml, "
                                   "context.yaml, statements.yaml and goals/*.yaml"))
        elif path.is_file():
            files.append(path)
        else:
            found, missing = find_plan_roots([path])
            problems.extend(missing)
            roots.extend(root for root in found if root not in roots)
    return roots, files, problems


def files_of(root: Path) -> list[Path]:
    """The files of one plan folder that fmt formats."""
    files = [root / PLAN_FILE, *goal_files(root), root / CONTEXT_FILE, root / STATEMENTS_FILE]
    return [f for f in files if f.exists()]


# --- the canonical tree ------------------------------------------------------------------------------------

def _model_in(annotation: Any) -> type[BaseModel] | None:
    """The model a field holds, directly, in a list or behind Optional/Annotated (not inside dict values)."""
    stack = [annotation]
    while stack:
        item = stack.pop()
        if isinstance(item, type) and issubclass(item, BaseModel):
            return item
        if getattr(item, "__origin__", None) is not dict:
            stack.extend(get_args(item))
    return None


def key_order(model: type[BaseModel]) -> list[str]:
    """The canonical key order of a model's mapping."""
    names = list(model.model_fields)
    leading = [k for k in LEADING_KEYS if k in names]
    after_title = [k for k in AFTER_TITLE_KEYS if k in names and "title" in names]
    rest = [k for k in names if k not in leading and k not in after_title]
    cut = rest.index("title") + 1 if after_title else len(rest)
    return [*leading, *rest[:cut], *after_title, *rest[cut:]]


def _reorder(mapping: dict[Any, Any], model: type[BaseModel]) -> None:
    """Known keys in canonical order in the slots known keys had; unknown keys stay where they are."""
    order = key_order(model)
    keys = list(mapping)
    known = sorted((k for k in keys if k in order), key=order.index)
    slots = iter(known)
    reorder(mapping, [next(slots) if k in order else k for k in keys])


def canonicalise(node: Any, model: type[BaseModel] | None) -> None:
    """Rewrite a round-trip tree in place into the canonical layout (order and quoting only)."""
    stack: list[tuple[Any, type[BaseModel] | None]] = [(node, model)]
    while stack:
        current, current_model = stack.pop()
        if isinstance(current, dict):
            if current_model is not None:
                _reorder(current, current_model)
            for key in list(current):
                _requote(current, key, current[key], current_model)
                field = current_model.model_fields.get(key) if current_model is not None and isinstance(key, str) else None
                stack.append((current[key], _model_in(field.annotation) if field is not None else None))
        elif isinstance(current, list):
            for index, item in enumerate(current):
                if isinstance(item, str) and style(item) == "single":
                    current[index] = double_quoted(item)
                stack.append((current[index], current_model))


def _requote(mapping: dict[Any, Any], key: Any, value: Any, model: type[BaseModel] | None) -> None:
    is_code = key == CODE_KEY and model is not None and CODE_KEY in model.model_fields
    if isinstance(value, str) and style(value) != "double" and (is_code or style(value) == "single"):
        mapping[key] = double_quoted(value)


# --- comments and what they annotate -----------------------------------------------------------------------

Item = tuple[str, DataPath]


@dataclass(frozen=True)
class AnchoredComment:
    """A comment and the data it annotates: the keys and values on the line it covers."""

    comment: Comment
    anchor: frozenset[Item]


def _container_paths(data: Any) -> set[DataPath]:
    found: set[DataPath] = set()
    stack: list[tuple[Any, DataPath]] = [(data, ())]
    while stack:
        value, path = stack.pop()
        if isinstance(value, dict):
            found.add(path)
            stack.extend((v, (*path, k)) for k, v in value.items())
        elif isinstance(value, list):
            found.add(path)
            stack.extend((v, (*path, i)) for i, v in enumerate(value))
    return found


def _items_by_line(doc: LoadedYaml, containers: set[DataPath]) -> dict[int, tuple[frozenset[Item], frozenset[Item]]]:
    """Per line: the keys and scalar values starting on it, and those plus the collections starting on it."""
    plain: dict[int, set[Item]] = {}
    full: dict[int, set[Item]] = {}
    for kind, positions in (("key", doc.keys), ("value", doc.values)):
        for path, index in positions.items():
            line = doc.pos_at(index).line
            full.setdefault(line, set()).add((kind, path))
            if kind == "key" or path not in containers:
                plain.setdefault(line, set()).add((kind, path))
    return {line: (frozenset(plain.get(line, ())), frozenset(items)) for line, items in full.items()}


def anchored_comments(doc: LoadedYaml) -> list[AnchoredComment]:
    """Every comment of a loaded file with its anchor, the data on the line it covers (as suppressions read it).

    A comment's anchor is the keys and scalar values on that line. A `# stratplan:` directive's anchor also
    holds the collections that start there, because a finding about a goal or task is located where its
    mapping starts: a directive must keep covering exactly the same things.
    """
    by_line = _items_by_line(doc, _container_paths(doc.data))
    nothing: tuple[frozenset[Item], frozenset[Item]] = (frozenset(), frozenset())
    found = []
    for comment in comments(doc):
        plain, full = nothing if comment.covers is None else by_line.get(comment.covers, nothing)
        if comment.text.startswith(SCHEMA_HEADER):
            plain = full = frozenset()
        found.append(AnchoredComment(comment, full if DIRECTIVE.search(comment.text) else plain))
    return found


# --- the checks ---------------------------------------------------------------------------------------------

def _tagged(value: Any) -> Any:
    """A scalar with its type, so that 160.0 differs from 160 and True from 1."""
    if isinstance(value, Decimal):
        return ("decimal", str(value))
    return (type(value).__name__, value)


def first_difference(a: Any, b: Any, path: DataPath = ()) -> DataPath | None:
    """The first data path where two loaded documents differ (key order aside), or None when identical."""
    if isinstance(a, dict) and isinstance(b, dict):
        b_by_tag = {_tagged(k): k for k in b}
        if {_tagged(k) for k in a} != set(b_by_tag):
            return path
        for key, value in a.items():
            found = first_difference(value, b[b_by_tag[_tagged(key)]], (*path, key))
            if found is not None:
                return found
        return None
    if isinstance(a, list) and isinstance(b, list):
        if len(a) != len(b):
            return path
        for index, (x, y) in enumerate(zip(a, b, strict=True)):
            found = first_difference(x, y, (*path, index))
            if found is not None:
                return found
        return None
    return None if _tagged(a) == _tagged(b) else path


def _error(code: str, where: Location, message: str, hint: str = "") -> Diagnostic:
    return Diagnostic(code, message, Severity.ERROR, where, name="fmt", hint=hint)


def _check_data(before: LoadedYaml, after: LoadedYaml) -> None:
    path = first_difference(before.data, after.data)
    if path is not None:
        shown = "/".join(str(p) for p in path) or "the document"
        raise StratplanError([_error("FM101", before.location(path), f"formatting would change the data at {shown}; "
                                     "file left unchanged", "please report this file: the formatter cannot reproduce it")])


def _check_comments(before: LoadedYaml, after: LoadedYaml) -> None:
    old, new = anchored_comments(before), anchored_comments(after)
    displaced = Counter((a.comment.text, a.anchor) for a in old) - Counter((a.comment.text, a.anchor) for a in new)
    lost = Counter(a.comment.text for a in old) - Counter(a.comment.text for a in new)
    added = Counter(a.comment.text for a in new) - Counter(a.comment.text for a in old)
    problems = []
    for item in old:
        if displaced[(item.comment.text, item.anchor)] > 0:
            displaced[(item.comment.text, item.anchor)] -= 1
            problems.append(_comment_problem(before.file, item.comment, lost))
    problems += [_error("FM102", Location(before.file, 1, 1), f"formatting would add a comment: {text}; file left unchanged")
                 for text in added.elements()]
    if problems:
        raise StratplanError(problems)


def _comment_problem(file: str, comment: Comment, lost: Counter[str]) -> Diagnostic:
    where = Location(file, comment.line, comment.col)
    if lost[comment.text] > 0:
        lost[comment.text] -= 1
        return _error("FM102", where, f"formatting would lose this comment: {comment.text}; file left unchanged",
                      "move the comment to the end of the line it is about")
    return _error("FM102", where, f"formatting would move this comment away from the line it annotates: {comment.text}; "
                  "file left unchanged", "put the keys in canonical order by hand, or move the comment to the end of "
                  "the line it is about")


def _check_header(before: LoadedYaml, output: str) -> None:
    first = before.text.split("\n", 1)[0].rstrip("\r")
    if first.startswith(SCHEMA_HEADER) and output.split("\n", 1)[0] != first:
        raise StratplanError([_error("FM102", Location(before.file, 1, 1), "formatting would move the schema line "
                                     "off the first line; file left unchanged")])


# --- formatting ----------------------------------------------------------------------------------------------

def _dump(text: str, model: type[BaseModel] | None, file: str) -> str:
    try:
        tree = load_round_trip(text)
        if model is GoalFile:  # a goal file holds one node, or several under `nodes:`
            model = goal_file_model(tree)
        canonicalise(tree, model)
        return dump_round_trip(tree)
    except RoundTripError as exc:
        raise StratplanError([_error("FM103", Location(file, 1, 1), f"the formatter cannot read this file: "
                                     f"{exc}; file left unchanged")]) from None


def _two_spaces_before_comments(doc: LoadedYaml) -> str:
    """The text with exactly two spaces between a line's content and its trailing comment."""
    lines = doc.text.split("\n")
    for comment in comments(doc):
        if not comment.standalone:
            line = lines[comment.line - 1]
            lines[comment.line - 1] = line[: comment.col - 1].rstrip() + "  " + line[comment.col - 1:]
    return "\n".join(lines)


def _reload(output: str, file: str) -> LoadedYaml:
    try:
        return parse_text(output, file)
    except StratplanError as exc:
        first = exc.diagnostics[0]
        raise StratplanError([_error("FM101", Location(file, 1, 1), "formatting would produce text the loader "
                                     f"refuses ({first.code} {first.message}); file left unchanged")]) from None


def format_text(text: str, file: str, model: type[BaseModel] | None) -> str:
    """The canonical text of a plan file; StratplanError when it does not load or cannot be formatted losslessly."""
    before = parse_text(text, file)
    if not isinstance(before.data, dict):
        return text  # empty, or not a plan's mapping (validate says so): no layout to impose
    output = _dump(text, model, file)
    if output == text and _two_spaces_before_comments(before) == text:
        return text  # already canonical: reloading it would give `before` again, and every check below would pass
    after = _reload(output, file)
    spaced = _two_spaces_before_comments(after)
    if spaced != output:
        output, after = spaced, _reload(spaced, file)
    _check_data(before, after)
    _check_comments(before, after)
    _check_header(before, output)
    return output


def _file_problem(path: Path, code: str, message: str) -> StratplanError:
    return StratplanError([Diagnostic(code, message, Severity.ERROR, Location(display_path(path)), name="fmt")])


MAX_FORMAT_BYTES = 512 * 1024
"""fmt's round trip (ruamel.yaml's pure-Python parser and emitter) takes about 10 seconds and 200 MB per MiB: a
larger file is refused (FM107) rather than formatted in minutes. Plan files are a few dozen kilobytes."""


def linked_component(path: Path) -> Path | None:
    """The first symbolic link among the file and the folders between it and its plan folder (the nearest folder
    above it holding plan.yaml), or None; without a plan folder above it, the file and its own folder are checked."""
    current, steps = path, 0
    while True:
        if current.is_symlink():
            return current
        parent = current.parent
        steps += 1
        if parent == current or os.path.lexists(parent / PLAN_FILE):
            return None
        if steps >= 2 and not any(os.path.lexists(p / PLAN_FILE) for p in parent.parents):
            return None
        current = parent


def formatted_bytes(path: Path) -> tuple[bytes, bytes]:
    """A plan file's bytes and its canonical bytes; StratplanError when it cannot be read or formatted."""
    raw = read_plan_file(path)
    return raw, canonical_bytes(raw, path)


def canonical_bytes(raw: bytes, path: Path) -> bytes:
    """The canonical bytes of a plan file's bytes read from `path`; StratplanError when they cannot be formatted."""
    shown = display_path(path)
    return format_text(decode(raw, shown), shown, model_for(path)).encode("utf-8")


def read_plan_file(path: Path) -> bytes:
    """A plan file's bytes for fmt; StratplanError when it is reached through a link, too large or unreadable."""
    link = linked_component(path)
    if link is not None:  # replacing through a link would write outside the plan, or turn the link into a file
        what = "is a symbolic link" if link == path else f"is reached through a symbolic link ({display_path(link)})"
        raise _file_problem(path, "FM105", f"{what}: fmt does not rewrite files through links; format the files "
                            "where they are")
    try:
        return read_regular_file(path, MAX_FORMAT_BYTES)
    except StratplanError as exc:
        if exc.diagnostics[0].code != "LD102":
            raise
        raise _file_problem(path, "FM107", f"{exc.diagnostics[0].message.removeprefix('file is ')}: too large to format "
                            "in seconds; file left unchanged") from None


def replace_file(path: Path, data: bytes) -> None:
    """Replace a plan file's bytes atomically, keeping its mode; StratplanError (FM106) when it cannot be written."""
    try:
        atomic.write_atomically(path, data, mode=stat.S_IMODE(path.stat().st_mode), suffix=".fmt-tmp")
    except OSError as exc:
        raise _file_problem(path, "FM106", f"cannot write: {exc.strerror}; file left unchanged") from None
