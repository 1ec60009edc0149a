"""Finding messages never carry positions: the location says where, the message says what.

A message holding a line number changes with every edit above the finding, so `stratplan changes`
(which compares findings by rule, node path, file and message) would report an unchanged finding as changed.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import REPO, CliRun
from stratplan.check.config import LintConfig
from stratplan.check.engine import lint_plan
from stratplan.core.diagnostics import Diagnostic
from stratplan.plan.loader import load_plan
from test_rules import CASES, _write_plan

POSITION = re.compile(r"\S\.[A-Za-z]+:\d+|:\d+:\d+\b|\bline \d+|\blines \d+")


def _positions(diagnostics: list[Diagnostic]) -> list[str]:
    return [f"{d.code}: {d.message}" for d in diagnostics if POSITION.search(d.message)]


def test_the_pattern_catches_what_it_must() -> None:
    assert POSITION.search("code '1.1.1' is already used at plan/goals/sg1.yaml:7:9")
    assert POSITION.search("nothing to suppress on line 14")
    assert not POSITION.search("'1' declares 1880.0 for 2021, its parts add up to 1860.0 (difference 20.0)")
    assert not POSITION.search("term 2022–2027 of '1.1.2.3' is outside its parent '1.1.2' (2022–2025)")


@pytest.mark.parametrize("slug", ["melitopol", "pervomaisk", "starobilsk"])
def test_real_plans_messages_carry_no_positions(slug: str) -> None:
    diagnostics = lint_plan(load_plan(REPO / "plans" / slug), LintConfig())
    assert diagnostics, "the real plans have findings to check"
    assert _positions(diagnostics) == []


def test_rule_case_messages_carry_no_positions(tmp_path: Path) -> None:
    checked = 0
    for index, case in enumerate(CASES):
        root = tmp_path / f"case{index}"
        root.mkdir()
        _write_plan(root, case)
        diagnostics = lint_plan(load_plan(root), LintConfig())  # every rule, not only the case's own
        checked += len(diagnostics)
        assert _positions(diagnostics) == [], f"{case.code} {case.name}"
    assert checked > 100


DUPLICATE = """code: "1"
title: Ціль
operational_goals:
  - code: "1.1"
    title: Операційна ціль
    tasks:
      - code: "1.1.1"
        title: Перше завдання
      - code: "1.1.1"
        title: Друге завдання  # stratplan: ignore[TX103] unused on purpose: SP101 reports it
"""


def test_duplicate_code_and_unused_suppression_say_no_position(tmp_path: Path) -> None:
    root = tmp_path / "plan"
    shutil.copytree(REPO / "tests" / "fixtures" / "sample", root)
    (root / "goals" / "sg1.yaml").write_text(DUPLICATE, encoding="utf-8")
    found = [(d.code, d.message) for d in lint_plan(load_plan(root), LintConfig(select=("ST101", "TX103")))]
    assert found == [("ST101", "code '1.1.1' is already used by a task in goals/sg1.yaml"),
                     ("SP101", "unused suppression of TX103: nothing to suppress on the line it covers")]


def test_a_comment_line_above_a_duplicate_changes_nothing(tmp_path: Path, run_cli: Callable[..., CliRun]) -> None:
    old, new = tmp_path / "old", tmp_path / "new"
    for side in (old, new):
        shutil.copytree(REPO / "tests" / "fixtures" / "sample", side / "sample")
        (side / "sample" / "goals" / "sg1.yaml").write_text(DUPLICATE, encoding="utf-8")
    text = DUPLICATE.replace('      - code: "1.1.1"\n        title: Перше', '      # a reviewer\'s note\n      - code: "1.1.1"\n'
                             "        title: Перше")
    assert text != DUPLICATE
    (new / "sample" / "goals" / "sg1.yaml").write_text(text, encoding="utf-8")
    result = run_cli("changes", "--base-dir", "old", "--head-dir", "new", cwd=tmp_path)
    assert (result.code, result.out) == (0, "Plan changes: folder old → folder new\n\nNo plan changed.\nFlags: none\n")
