"""`changes` at scale: only the plans whose files differ are loaded and compared.

Each side lists its plans first, and for each plan its files without reading them where it can: a git revision's
blob ids and sizes (`git ls-tree`), a folder's sizes (`stat`). A plan on both sides with the same file names,
sizes and contents (equal blob ids; equal bytes for two folders; for a revision against a folder, the folder
file's git blob id) is *identical*: it is neither loaded nor compared, only named in the report
(`ChangeReport.identical`). A plan with anything but ordinary files is never identical. Every other plan is loaded
and compared exactly as `compute.changes.compare` does: pairs by folder, then by slug (a renamed folder), one pair
at a time, in worker processes with `jobs` > 1, with each folder plan's findings taken from (and written to) the
same cache `validate` uses. Results are put back in the order of the pairs, so the report is the same whatever
the cache holds and however many jobs run.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from stratplan.check.config import LintConfig
from stratplan.compute.changes import ChangeReport, PlanChanges, Side
from stratplan.compute.changes.compare import compare_plan, pair_keys
from stratplan.core.diagnostics import Diagnostic
from stratplan.core.numbers import exact
from stratplan.core.text import escaped_name
from stratplan.io import git
from stratplan.io.cache import ResultCache, plan_files
from stratplan.io.paths import display_path, find_plan_roots
from stratplan.pipeline.batch import _FEW_PLANS

if TYPE_CHECKING:
    from stratplan.plan.loader import LoadedPlan

REGULAR = frozenset(git.REGULAR_MODES)


@dataclass(frozen=True)
class FileRef:
    """One file of a plan as a side lists it: its size (-1 when it is not an ordinary file), and its git blob id (a
    revision) or its path and inode (a folder)."""

    size: int
    oid: str = ""
    path: str = ""
    inode: tuple[int, int] = (0, 0)


@dataclass(frozen=True)
class PlanAt:
    """A plan on one side before it is loaded: its files by name inside the plan folder (None when they cannot all
    be listed), and where to load it from: a folder on disk, or a folder of a git tree."""

    key: str
    files: dict[str, FileRef] | None
    root: Path | None = None
    tree: tuple[Path, Path, str, list[git.TreeEntry]] | None = None
    """(repository top, the folder keys are relative to, the plan's folder in the tree, its files' entries)"""


@dataclass
class Listed:
    """One side: how the report names it, and its plans by folder key."""

    side: Side
    plans: dict[str, PlanAt] = field(default_factory=dict)


def folder_side(side: Side, folder: Path, paths: Sequence[Path]) -> Listed:
    """The plans the paths name below a folder (the working tree is the folder `.`), keyed relative to it."""
    roots, _missing = find_plan_roots([folder / p for p in paths])  # a plan may exist on one side only
    listed = Listed(side)
    for root in roots:
        key = escaped_name(Path(os.path.relpath(root, folder)).as_posix())
        listed.plans[key] = PlanAt(key, _folder_files(root), root=root)
    return listed


def _folder_files(root: Path) -> dict[str, FileRef] | None:
    try:
        found = plan_files(root)
    except OSError:
        return None
    if found is None:
        return None
    return {name: FileRef(info.st_size, path=path, inode=(info.st_dev, info.st_ino)) for name, path, info in found}


def revision_side(rev: str, paths: Sequence[Path], cwd: Path) -> Listed:
    """The plans the paths name in a revision's tree, keyed by folder relative to cwd; nothing is read but the tree."""
    commit, top, trees = git.plan_trees_at(rev, paths, cwd)
    listed = Listed(Side(rev, commit=commit))
    here = cwd.resolve()
    for key, (root, entries) in trees.items():
        prefix = f"{root}/" if root else ""
        files = {e.path[len(prefix):]: FileRef(e.size if e.mode in REGULAR else -1, oid=e.object) for e in entries}
        listed.plans[key] = PlanAt(key, files, tree=(top, here, root, entries))
    return listed


def _blob_id(data: bytes, length: int) -> str:
    """The id git gives a blob with these bytes (SHA-1, or SHA-256 in a repository that uses it)."""
    digest = hashlib.sha256() if length == 64 else hashlib.sha1()  # git's object name, not a security hash
    digest.update(b"blob %d\0" % len(data))
    digest.update(data)
    return digest.hexdigest()


def _read(path: str) -> bytes | None:
    try:
        with open(path, "rb") as stream:
            return stream.read()
    except OSError:
        return None


def _same_file(a: FileRef, b: FileRef) -> bool:
    if a.oid and b.oid:
        return a.oid == b.oid
    if a.path and b.path:
        if a.inode == b.inode:  # the same file (a hard link, or a side named twice)
            return True
        left = _read(a.path)
        return left is not None and left == _read(b.path)
    on_disk, in_git = (a, b) if a.path else (b, a)
    data = _read(on_disk.path)
    return data is not None and _blob_id(data, len(in_git.oid)) == in_git.oid


def identical(base: PlanAt, head: PlanAt) -> bool:
    """Whether two sides of a plan have the same files with the same bytes (so loading them cannot tell them apart)."""
    a, b = base.files, head.files
    if a is None or b is None or a.keys() != b.keys():
        return False
    if any(ref.size < 0 or ref.size != b[name].size for name, ref in a.items()):
        return False
    return all(_same_file(ref, b[name]) for name, ref in a.items())


def load(plan: PlanAt) -> LoadedPlan:
    """A listed plan, loaded from its folder or from git's objects."""
    from stratplan.plan.loader import load_plan, load_plan_files

    if plan.tree is None:
        assert plan.root is not None
        return load_plan(plan.root)
    top, cwd, root, entries = plan.tree
    return load_plan_files(git.read_plan_at(top, cwd, root, entries), plan.key)


@dataclass
class _Findings:
    """A plan's configured findings, as `validate` reports them; for a plan on disk through `validate`'s cache, keyed
    by its files before it is loaded and stored only when they key the same after it was linted."""

    config: LintConfig
    cache: ResultCache | None
    keys: dict[str, str | None] = field(default_factory=dict)

    def load(self, plan: PlanAt) -> LoadedPlan:
        """Load a plan, keying it first."""
        if self.cache is not None and plan.root is not None:
            self.keys[display_path(plan.root)] = self.cache.key(plan.root, display_path(plan.root), self._asked())
        return load(plan)

    def _asked(self) -> str:
        from stratplan.pipeline.lint import config_fingerprint

        return config_fingerprint(self.config)

    def __call__(self, plan: LoadedPlan) -> list[Diagnostic]:
        from stratplan.check.engine import configured_diagnostics
        from stratplan.pipeline.entries import CachedLint, decode_lint, encode_lint

        key = self.keys.get(plan.display_root) if self.cache is not None and plan.files is None else None
        if self.cache is None or key is None:
            return configured_diagnostics(plan, self.config)
        text = self.cache.read("lint", key)
        if text is not None:
            try:
                return decode_lint(text).diagnostics
            except (ValueError, TypeError, KeyError, AttributeError, IndexError):  # corrupt or foreign: recompute
                pass
        found = configured_diagnostics(plan, self.config)
        if self.cache.key(plan.root, plan.display_root, self._asked()) == key:  # unchanged while it was read
            self.cache.write("lint", key, encode_lint(CachedLint(found, len(plan.docs))))
        return found


def _compare(key: str, base: PlanAt | None, head: PlanAt | None, findings: _Findings) -> PlanChanges:
    return compare_plan(key, findings.load(base) if base else None, findings.load(head) if head else None, findings)


@exact
def _worker(args: tuple[str, PlanAt | None, PlanAt | None, LintConfig, Path | None]) -> PlanChanges:
    key, base, head, config, folder = args
    return _compare(key, base, head, _Findings(config, ResultCache(folder) if folder is not None else None))


def compare_sides(base: Listed, head: Listed, config: LintConfig, *, jobs: int = 1,
                  cache: ResultCache | None = None) -> ChangeReport:
    """Every plan's changes from base to head, loading only the plans whose files differ (see the module)."""
    report = ChangeReport(base.side, head.side)
    same = {key for key in base.plans.keys() & head.plans.keys() if identical(base.plans[key], head.plans[key])}
    report.identical = sorted(same)
    old = {k: p for k, p in base.plans.items() if k not in same}
    new = {k: p for k, p in head.plans.items() if k not in same}
    findings = _Findings(config, cache)
    one_sided: dict[tuple[str, str], LoadedPlan] = {}  # loaded for their slugs, compared here

    def slug(side: str, plans: dict[str, PlanAt]) -> Any:
        def of(key: str) -> str:
            one_sided[side, key] = findings.load(plans[key])
            return one_sided[side, key].slug
        return of

    pairs = pair_keys(list(old), list(new), slug("base", old), slug("head", new))
    results: list[PlanChanges | None] = [None] * len(pairs)
    remote = []
    for index, (key, old_key, new_key) in enumerate(pairs):
        if ("base", old_key) in one_sided or ("head", new_key) in one_sided:
            before = one_sided.pop(("base", old_key), None) if old_key is not None else None
            after = one_sided.pop(("head", new_key), None) if new_key is not None else None
            if before is None and old_key is not None:
                before = findings.load(old[old_key])
            if after is None and new_key is not None:
                after = findings.load(new[new_key])
            results[index] = compare_plan(key, before, after, findings)
        else:
            remote.append((index, (key, old[old_key] if old_key is not None else None,
                                   new[new_key] if new_key is not None else None, config, cache.folder if cache else None)))
    for (index, _args), changes in zip(remote, _map([args for _i, args in remote], jobs, findings), strict=True):
        results[index] = changes
    if cache is not None:
        cache.save()
    report.plans = [r for r in results if r is not None]
    return report


def _map(work: list[tuple[str, PlanAt | None, PlanAt | None, LintConfig, Path | None]], jobs: int,
         findings: _Findings) -> Iterator[PlanChanges]:
    if jobs <= 1 or len(work) < _FEW_PLANS:
        for key, base, head, _config, _folder in work:
            yield _compare(key, base, head, findings)
        return
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else None
    with ProcessPoolExecutor(min(jobs, len(work)), mp_context=multiprocessing.get_context(method)) as pool:
        yield from pool.map(_worker, work)
