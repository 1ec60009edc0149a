"""Plans as they are in a git revision: their files read from git's objects, loaded like folders on disk."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from stratplan.io.git import plan_files_at
from stratplan.plan.loader import LoadedPlan, load_plan_files


def load_plans_at(rev: str, paths: Sequence[Path], cwd: Path) -> tuple[str, dict[str, LoadedPlan]]:
    """The commit a revision names, and the plans the paths name in its tree, keyed by folder relative to cwd."""
    commit, plans = plan_files_at(rev, paths, cwd)
    return commit, {key: load_plan_files(files, key) for key, files in plans.items()}
