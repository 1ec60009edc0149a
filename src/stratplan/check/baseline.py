"""A baseline: the findings a team already knows about, so that `validate` reports only new ones.

A finding is recorded by what it says, never by where it is written: the plan folder (relative to the
baseline file's folder), the file (relative to the plan folder), the rule code, the model path (`SG1 › 1.2 ›
1.2.3 › term`, without list positions) and the message. Reformatting a file, moving lines or reordering a list
keeps every key; a finding whose message changes (a new figure, another node) is new. Several findings with
one key are counted, so a second identical defect is still reported. Entries that no finding matches any more
(the defect was fixed) are stale: they are counted, and listed with `--verbose`, for plans the run checked.

The file is JSON, sorted, one finding per line, so that it diffs well in review:

    {"version": 1, "tool": "stratplan", "findings": [
      {"plan": "plans/melitopol", "file": "goals/sg1.yaml", "code": "BG101", "path": "SG1 › … › years", …},
      …
    ]}
"""

from __future__ import annotations

import json
import os
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from stratplan.core.diagnostics import BaselineUse, Diagnostic, LintResult, UsageError
from stratplan.io.atomic import write_atomically

VERSION = 1
FIELDS = ("plan", "file", "code", "path", "message")


@dataclass(frozen=True, order=True)
class Key:
    """What identifies a known finding."""

    plan: str
    file: str
    code: str
    path: str
    message: str

    def __str__(self) -> str:
        where = "/".join(part for part in (self.plan, self.file) if part)
        return f"{where}: {self.code} {self.path}: {self.message}" if self.path else f"{where}: {self.code} {self.message}"


def _relative(path: Path, start: Path) -> str:
    try:
        return Path(os.path.relpath(path.resolve(), start.resolve())).as_posix()
    except ValueError:  # pragma: no cover - another drive on Windows
        return path.resolve().as_posix()


def _plan_of(file: Path, roots: Sequence[Path]) -> Path | None:
    """The plan folder a file belongs to: the deepest of the roots that holds it."""
    resolved = file.resolve()
    holding = [root for root in roots if resolved.is_relative_to(root.resolve())]
    return max(holding, key=lambda root: len(root.resolve().parts)) if holding else None


def key_of(diagnostic: Diagnostic, roots: Sequence[Path], folder: Path) -> Key:
    """A finding's key; `roots` are the plan folders of the run, `folder` the baseline file's folder."""
    file = Path(diagnostic.location.file)
    root = _plan_of(file, roots)
    plan = _relative(root, folder) if root is not None else ""
    inside = _relative(file, root) if root is not None else _relative(file, folder)
    return Key(plan, inside, diagnostic.code, diagnostic.path, diagnostic.message)


def keys_of(result: LintResult, folder: Path) -> Counter[Key]:
    """How many findings of a run have each key."""
    return Counter(key_of(d, result.plans, folder) for d in result.diagnostics)


def render(keys: Counter[Key]) -> str:
    """The baseline file's text: sorted keys with their counts, one finding per line (a fixed defect is one line
    removed in review)."""
    lines = [json.dumps({**{name: getattr(key, name) for name in FIELDS}, "count": keys[key]}, ensure_ascii=False)
             for key in sorted(keys)]
    body = ",\n".join(f"  {line}" for line in lines)
    return f'{{"version": {VERSION}, "tool": "stratplan", "findings": [\n{body}\n]}}\n' if lines else \
        f'{{"version": {VERSION}, "tool": "stratplan", "findings": []}}\n'



def write(path: Path, result: LintResult) -> int:
    """Record every finding of a run in a baseline file (atomically); the number of findings recorded."""
    keys = keys_of(result, path.parent)
    write_atomically(path, render(keys).encode("utf-8"))
    return sum(keys.values())


def read(path: Path) -> Counter[Key]:
    """The keys a baseline file records; UsageError when it is missing or not a baseline."""
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise UsageError(f"baseline {path} does not exist; write one with 'stratplan validate --write-baseline "
                         f"{path}'") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise UsageError(f"baseline {path} cannot be read: {exc}") from None
    findings = document.get("findings") if isinstance(document, dict) else None
    if not isinstance(document, dict) or document.get("version") != VERSION or not isinstance(findings, list):
        raise UsageError(f"baseline {path} is not a stratplan baseline (version {VERSION})")
    keys: Counter[Key] = Counter()
    for item in findings:
        if not isinstance(item, dict) or not all(isinstance(item.get(name), str) for name in FIELDS) \
                or not isinstance(item.get("count", 1), int) or item.get("count", 1) < 1:
            raise UsageError(f"baseline {path}: an entry needs {', '.join(FIELDS)} as text and a count of 1 or "
                             f"more, got {item!r}")
        keys[Key(*(item[name] for name in FIELDS))] += item.get("count", 1)
    return keys


def apply(result: LintResult, known: Counter[Key], path: Path, shown: str) -> LintResult:
    """The run without the findings the baseline knows (as many of each key as it counts); the entries left
    unmatched for plans the run checked are stale. `shown` is how messages name the baseline file."""
    folder = path.parent
    left = Counter(known)
    kept: list[Diagnostic] = []
    for diagnostic in result.diagnostics:
        key = key_of(diagnostic, result.plans, folder)
        if left[key] > 0:
            left[key] -= 1
        else:
            kept.append(diagnostic)
    checked = {_relative(root, folder) for root in result.plans}
    stale = tuple(str(key) for key in sorted(left.elements()) if key.plan in checked)
    matched = len(result.diagnostics) - len(kept)
    return replace(result, diagnostics=kept, baseline=BaselineUse(shown, matched, stale))


def stale_lines(result: LintResult) -> Iterable[str]:
    """The stale entries of a run, one line each, for `--verbose`."""
    if result.baseline is not None:
        for entry in result.baseline.stale:
            yield f"stale baseline entry (no such finding any more): {entry}"
