"""The pre-commit hooks: which staged files they take, how pre-commit runs them, and what a plan with a file that
does not load reports (the load error, not findings that only say part of the plan is missing)."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from conftest import REPO, CliRun

Run = Callable[..., CliRun]


def _hook(name: str) -> dict[str, Any]:
    hooks = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    return next(hook for hook in hooks if hook["id"] == name)


STAGED = [
    "plans/melitopol/plan.yaml", "plans/melitopol/context.yaml", "plans/melitopol/statements.yaml",
    "plans/melitopol/goals/sg1.yaml", "plans/melitopol/monitoring/2023.yaml", "plans/melitopol/monitoring/2023-H1.yaml", "oblast/district/x/plan.yaml",
    "plans/melitopol/goals/drafts/sg1.yaml", "plans/melitopol/notes.yaml", ".github/workflows/ci.yaml",
    "schemas/plan.schema.json", "plans/melitopol/goals/sg1.yml",
]


def test_validate_hook_takes_every_plan_file_and_runs_once() -> None:
    hook = _hook("stratplan-validate")
    taken = [path for path in STAGED if re.search(hook["files"], path)]  # pre-commit matches `files` with re.search
    assert taken == ["plans/melitopol/plan.yaml", "plans/melitopol/context.yaml", "plans/melitopol/statements.yaml",
                     "plans/melitopol/goals/sg1.yaml", "plans/melitopol/monitoring/2023.yaml",
                     "plans/melitopol/monitoring/2023-H1.yaml", "oblast/district/x/plan.yaml"]
    # pre-commit splits the file list over one process per CPU unless the hook is serial: each process would
    # validate (and print) its own share, a plan split between two of them twice.
    assert hook["require_serial"] is True
    assert (hook["entry"], hook["language"], hook["types"]) == ("stratplan validate", "python", ["yaml"])


def test_fmt_hook_takes_the_files_fmt_formats() -> None:
    hook = _hook("stratplan-fmt")
    taken = [path for path in STAGED if re.search(hook["files"], path)]
    assert taken == ["plans/melitopol/plan.yaml", "plans/melitopol/context.yaml", "plans/melitopol/statements.yaml",
                     "plans/melitopol/goals/sg1.yaml", "oblast/district/x/plan.yaml"]


def test_the_files_of_a_commit_validate_each_plan_once(tmp_path: Path, run_cli: Run) -> None:
    for slug in ("melitopol", "starobilsk"):
        shutil.copytree(REPO / "plans" / slug, tmp_path / "plans" / slug)
    assert run_cli("monitor", "init", "plans/starobilsk", "--period", "2021", cwd=tmp_path).code == 0
    staged = ["plans/melitopol/goals/sg1.yaml", "plans/melitopol/plan.yaml", "plans/starobilsk/monitoring/2021.yaml",
              "plans/starobilsk/goals/sg2.yaml"]
    result = run_cli("validate", "--no-cache", *staged, cwd=tmp_path)
    whole = run_cli("validate", "--no-cache", "plans", cwd=tmp_path)
    assert result.out.endswith("2 plan(s), 14 file(s) checked: 38 errors, 32 warnings, 11 infos\n")
    assert result.out == whole.out


HELD_BACK = ("BG105", "RF105", "ST103", "MN101")  # the rules that judge the whole plan and find nothing on Melitopol
STATEMENT_RULES = ("XS101", "XS102", "XS103", "XS104", "XS105", "XS106", "XS107", "XS108", "XS109")
# The XS rules compare the tree with the document's other sections: they too wait for the whole tree.


@pytest.fixture
def melitopol(tmp_path: Path, run_cli: Run) -> Path:
    """A copy of Melitopol with a 2023 monitoring report naming the items of every goal, and a suppression of
    the ST103 finding of goal 1 (the document has no task 1.2.3)."""
    plan = tmp_path / "melitopol"
    shutil.copytree(REPO / "plans" / "melitopol", plan)
    assert run_cli("monitor", "init", str(plan), "--period", "2023").code == 0
    sg1 = plan / "goals" / "sg1.yaml"
    text = sg1.read_text(encoding="utf-8")
    sg1.write_text(text.replace('      - code: "1.2.4"\n',
                                '      - code: "1.2.4"  # stratplan: ignore[ST103] the document has no task 1.2.3\n'),
                   encoding="utf-8")
    return plan


def _findings(run_cli: Run, plan: Path) -> list[str]:
    result = run_cli("validate", str(plan), "-f", "concise", "--no-cache", cwd=plan.parent)
    return result.out.splitlines()


def test_a_goal_file_that_does_not_load_leaves_no_derived_findings(melitopol: Path, run_cli: Run) -> None:
    intact = _findings(run_cli, melitopol)
    assert [line for line in intact if any(f" {code} " in line for code in (*HELD_BACK, "SP101"))] == []
    sg2 = melitopol / "goals" / "sg2.yaml"
    sg2.write_text(sg2.read_text(encoding="utf-8").replace('code: "2"\n', 'code: "2\n', 1), encoding="utf-8")
    broken = _findings(run_cli, melitopol)
    unreadable = [line for line in broken if line.startswith("melitopol/goals/sg2.yaml:")]
    assert len(unreadable) == 1 and " LD103 [error] YAML syntax error" in unreadable[0]
    # Everything else is what the intact plan reports about the files that did load: nothing about the goal
    # that is missing (no plan total short of goal 2, no catalog entry only goal 2 uses, no gap where goal 2
    # was, no reported code of goal 2, no section said to leave out goal 2's nodes), and the suppression of a
    # held-back rule is not "unused".
    assert [line for line in intact if line.split()[1] in STATEMENT_RULES]  # Melitopol's statements have findings
    assert [line for line in broken if line not in unreadable] == [
        line for line in intact if not line.startswith("melitopol/goals/sg2.yaml:") and line.split()[1] not in
        STATEMENT_RULES]


def test_a_goal_file_that_fails_the_schema_holds_the_same_rules_back(melitopol: Path, run_cli: Run) -> None:
    sg3 = melitopol / "goals" / "sg3.yaml"
    sg3.write_text(sg3.read_text(encoding="utf-8").replace("title:", "tittle:", 1), encoding="utf-8")
    broken = _findings(run_cli, melitopol)
    assert [line.split()[1] for line in broken if line.startswith("melitopol/goals/sg3.yaml:")] == ["SC102", "SC101"]
    assert [line for line in broken if any(f" {code} " in line for code in (*HELD_BACK, *STATEMENT_RULES, "SP101"))] == []


def test_the_rules_held_back_are_flagged_in_the_registry() -> None:
    from stratplan.check.rules import RULES

    assert sorted(code for code, rule in RULES.items() if rule.needs_complete_plan) == sorted(
        HELD_BACK + STATEMENT_RULES)
