"""Plan discovery: a folder names every plan folder at any depth below it, on disk and in a git revision."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import FIXTURES, CliRun
from stratplan.io.paths import find_plan_roots
from stratplan.plan.revision import load_plans_at
from test_changes import commit, git

Run = Callable[..., CliRun]

# Plan folders of a repository, relative to its root, and whether searching the root finds them.
LAYOUT = {
    "plans/melitopol": True,
    "plans/oblast/district/hromada": True,  # any depth
    "plans/melitopol/goals/nested": False,  # inside a plan folder: not searched
    "plans/.drafts/old": False,  # hidden folders are skipped
    ".git-like/x": False,
    "build/bench/corpus/plans/copy": False,
    "node_modules/pkg": False,
    ".venv/lib/plan": False,
    "dist/x": False,
    "plans/build": False,  # a tool folder at any depth below the searched folder
}


def _make(root: Path, layout: dict[str, bool]) -> None:
    for folder in layout:
        (root / folder).mkdir(parents=True, exist_ok=True)
        (root / folder / "plan.yaml").write_text("schema_version: 1\n", encoding="utf-8")


@pytest.fixture
def tree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "repo"
    _make(root, LAYOUT)
    monkeypatch.chdir(root)
    return root


def test_a_folder_names_plan_folders_at_any_depth(tree: Path) -> None:
    roots, problems = find_plan_roots([Path(".")])
    assert problems == []
    assert [root.as_posix() for root in roots] == ["plans/melitopol", "plans/oblast/district/hromada"]
    roots, _ = find_plan_roots([Path("plans/oblast")])
    assert [root.as_posix() for root in roots] == ["plans/oblast/district/hromada"]


def test_a_skipped_folder_named_explicitly_is_searched(tree: Path) -> None:
    roots, problems = find_plan_roots([Path("build")])
    assert problems == []
    assert [root.as_posix() for root in roots] == ["build/bench/corpus/plans/copy"]


def test_symbolic_links_to_folders_are_not_followed(tree: Path, tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    _make(outside, {"elsewhere": True})
    (tree / "plans" / "linked").symlink_to(outside / "elsewhere")
    (tree / "plans" / "loop").symlink_to(tree / "plans")
    roots, problems = find_plan_roots([Path(".")])
    assert [root.as_posix() for root in roots] == ["plans/melitopol", "plans/oblast/district/hromada"]
    assert problems == []
    named, _ = find_plan_roots([Path("plans/linked")])  # named on the command line, a link is followed
    assert [root.as_posix() for root in named] == ["plans/linked"]


def test_validate_with_no_path_at_a_repository_root(tmp_path: Path, run_cli: Run) -> None:
    shutil.copytree(FIXTURES / "sample", tmp_path / "plans" / "sample")
    result = run_cli("validate", "-f", "concise", "--no-cache", cwd=tmp_path)
    assert result.code == 0, result.out + result.err
    assert result.out == ""
    assert result.err == "1 plan(s), 4 file(s) checked: 0 errors, 0 warnings, 0 infos\n"
    budget = run_cli("budget", "-f", "csv", cwd=tmp_path)
    assert budget.code == 0
    assert budget.out.splitlines()[1].startswith("sample,")


def test_a_revision_names_plan_folders_at_any_depth(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    _make(root, {**LAYOUT, ".git-like/x": False})
    git(root, "init", "-q")
    commit(root, "base")
    _commit, plans = load_plans_at("HEAD", [Path(".")], root)
    assert sorted(plans) == ["plans/melitopol", "plans/oblast/district/hromada"]
    _commit, plans = load_plans_at("HEAD", [Path("plans/oblast")], root)
    assert sorted(plans) == ["plans/oblast/district/hromada"]


def test_changes_with_no_path_at_a_repository_root(tmp_path: Path, run_cli: Run) -> None:
    root = tmp_path / "repo"
    shutil.copytree(FIXTURES / "sample", root / "plans" / "sample")
    git(root, "init", "-q")
    commit(root, "base")
    sg1 = root / "plans" / "sample" / "goals" / "sg1.yaml"
    sg1.write_text(sg1.read_text(encoding="utf-8").replace("unit: осіб\n", "unit: осіб на рік\n", 1), encoding="utf-8")
    result = run_cli("changes", "--base", "HEAD", cwd=root)
    assert result.code == 0, result.err
    assert result.out.splitlines()[2:7] == [
        "plans/sample (sample) Зразківська міська територіальна громада: changed",
        "  net planned money: 0,0 тис. грн (130,5 → 130,5)",
        "  nodes: 1 changed",
        "    changed task 1.1.1 Відкрити відділення денного догляду",
        "      indicator unit (Кількість отримувачів послуги денного догляду): осіб → осіб на рік",
    ]
