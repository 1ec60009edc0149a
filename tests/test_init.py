"""`stratplan init`: a new plan folder that validates clean, from options or from questions in a terminal; it
never overwrites and never nests a plan in another. Every command accepts what it writes."""

from __future__ import annotations

import io
import shutil
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import REPO, CliRun
from stratplan.cli import init_commands
from stratplan.plan.loader import load_plan

DONE_WHEN = ["init", "plans/demo", "--community", "Тестова", "--oblast", "Тестова", "--kind", "programme",
             "--period", "2024-2026", "--levels", "Напрям,Захід"]


def _clean(run_cli: Callable[..., CliRun], plan: str, cwd: Path) -> None:
    result = run_cli("validate", plan, "--format", "concise", cwd=cwd)
    assert (result.code, result.out) == (0, ""), result.out
    assert "0 errors, 0 warnings, 0 infos" in result.err
    assert run_cli("fmt", "--check", plan, cwd=cwd).code == 0  # written in the canonical layout


def test_the_issue_command_writes_a_plan_every_command_accepts(tmp_path: Path, run_cli: Callable[..., CliRun]) -> None:
    shutil.copytree(REPO / "schemas", tmp_path / "schemas")
    result = run_cli(*DONE_WHEN, cwd=tmp_path)
    assert result.code == 0, result.err
    assert result.err == ("wrote plans/demo/plan.yaml\nwrote plans/demo/goals/1.yaml\n"
                          "next: fill in what the comments ask, then stratplan validate plans/demo\n")
    plan = (tmp_path / "plans/demo/plan.yaml").read_text(encoding="utf-8")
    assert plan.startswith("# yaml-language-server: $schema=../../schemas/plan.schema.json\n")
    assert 'levels:  # the levels the document uses, with its own names for them\n  strategic_goal: "Напрям"\n' \
           '  measure: "Захід"\n' in plan
    _clean(run_cli, "plans/demo", tmp_path)
    view = load_plan(tmp_path / "plans/demo").view
    assert [(n.code, view.level(n)) for n in view.walk()] == [("1", "strategic_goal"), ("1.1", "measure")]
    assert (view.meta and view.meta.issuer.type, view.slug, view.money_unit) == ("community", "demo", "thousand_uah")
    assert run_cli("budget", "plans/demo", cwd=tmp_path).code == 0
    assert run_cli("report", "plans/demo", "--year", "2024", "-o", "build/demo.md", "-f", "md", cwd=tmp_path).code == 0
    report = (tmp_path / "build/demo.md").read_text(encoding="utf-8")
    assert "| Напрям | Перелік завдань та заходів |" in report  # the form groups by the document's level
    assert "| 1 Напрям 1: назва, як її надруковано | 1.1 Захід 1.1: назва, як її надруковано | 2024 | 2026 |" in report
    assert run_cli("monitor", "init", "plans/demo", "--period", "2024", cwd=tmp_path).code == 0
    assert '  "1.1":  # measure: Захід 1.1: назва, як її надруковано | term 2024–2026' in (
        tmp_path / "plans/demo/monitoring/2024.yaml").read_text(encoding="utf-8")
    export = run_cli("export", "plans/demo", cwd=tmp_path)
    assert export.code == 0 and export.out.count("\r\n") == 3
    _clean(run_cli, "plans/demo", tmp_path)  # with its monitoring file too


@pytest.mark.parametrize(("levels", "used", "codes"), [
    ("Захід", ("measure",), ["1"]),
    ("Напрям,Захід", ("strategic_goal", "measure"), ["1", "1.1"]),
    ("Пріоритет,Операційна ціль,Захід", ("strategic_goal", "operational_goal", "measure"), ["1", "1.1"]),
    ("Стратегічна ціль,Операційна ціль,Завдання,Захід", ("strategic_goal", "operational_goal", "task", "measure"),
     ["1", "1.1"]),
    ("task=Завдання,measure=Заходи", ("task", "measure"), ["1", "1.1"]),
    ("measure=Захід,strategic_goal=Напрям", ("strategic_goal", "measure"), ["1", "1.1"]),
])
def test_any_depth_validates_clean(levels: str, used: tuple[str, ...], codes: list[str], tmp_path: Path,
                                   run_cli: Callable[..., CliRun]) -> None:
    result = run_cli("init", "p", "--oblast", "Харківська область", "--kind", "strategy", "--period", "2021-2027",
                     "--levels", levels, "--unit", "uah", cwd=tmp_path)
    assert result.code == 0, result.err
    _clean(run_cli, "p", tmp_path)
    view = load_plan(tmp_path / "p").view
    assert view.used_levels == used
    assert [n.code for n in view.walk()] == codes
    assert view.meta is not None and (view.meta.issuer.type, view.meta.issuer.oblast, view.money_unit) == (
        "oblast", None, "uah")


def test_a_district_or_a_community_in_a_district(tmp_path: Path, run_cli: Callable[..., CliRun]) -> None:
    assert run_cli("init", "d", "--district", "Чугуївський район", "--oblast", "Харківська область", "--kind",
                   "action_plan", "--period", "2025", "--levels", "Захід", cwd=tmp_path).code == 0
    assert run_cli("init", "тестова", "--community", "Тестова громада", "--district", "Тестовий район", "--oblast",
                   "Тестова область", "--kind", "programme", "--period", "2024-2026", "--levels", "Напрям,Захід",
                   cwd=tmp_path).code == 0
    for folder in ("d", "тестова"):
        _clean(run_cli, folder, tmp_path)
    district = load_plan(tmp_path / "d").view.meta
    community = load_plan(tmp_path / "тестова").view.meta
    assert district is not None and community is not None
    assert (district.issuer.type, district.document.action_plan_year) == ("district", 2025)
    assert (community.issuer.type, community.issuer.district, community.issuer.slug) == (
        "community", "Тестовий район", "testova")


def test_never_overwrites(tmp_path: Path, run_cli: Callable[..., CliRun]) -> None:
    assert run_cli(*DONE_WHEN, cwd=tmp_path).code == 0
    before = (tmp_path / "plans/demo/plan.yaml").read_bytes()
    again = run_cli(*DONE_WHEN, cwd=tmp_path)
    assert again.code == 2
    assert again.err == ("stratplan: error: plans/demo exists and is not empty; stratplan init never overwrites: "
                         "name a new folder\n")
    assert (tmp_path / "plans/demo/plan.yaml").read_bytes() == before
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "a.txt").write_text("x", encoding="utf-8")
    assert run_cli("init", "notes", *DONE_WHEN[2:], cwd=tmp_path).code == 2
    (tmp_path / "empty").mkdir()
    assert run_cli("init", "empty", *DONE_WHEN[2:], cwd=tmp_path).code == 0  # an empty folder is fine


def test_never_inside_another_plan(tmp_path: Path, run_cli: Callable[..., CliRun]) -> None:
    assert run_cli(*DONE_WHEN, cwd=tmp_path).code == 0
    nested = run_cli("init", "plans/demo/goals/sub", *DONE_WHEN[2:], cwd=tmp_path)
    assert nested.code == 2
    assert nested.err == ("stratplan: error: plans/demo/goals/sub is inside the plan plans/demo; put the new plan "
                          "beside it (e.g. plans/<name>)\n")
    assert not (tmp_path / "plans/demo/goals/sub").exists()


@pytest.mark.parametrize(("args", "message"), [
    (["--kind", "programme", "--period", "2024-2026", "--levels", "Захід"],
     "init needs --community, --district or --oblast (run it in a terminal to be asked)"),
    (["--community", "Тестова", "--kind", "programme", "--period", "2024-2026", "--levels", "Захід"],
     "init needs --oblast (run it in a terminal to be asked)"),
    (["--oblast", "Тестова", "--period", "2026-2024", "--kind", "programme", "--levels", "Захід"],
     "--period 2026-2024: the years must run forward, from 1991 to 2100"),
    (["--oblast", "Тестова", "--period", "2024-2026", "--kind", "programme", "--levels", "Напрям,task=Завдання"],
     "--levels: name every level with an id (task=Завдання,measure=Захід) or none"),
    (["--oblast", "Тестова", "--period", "2024-2026", "--kind", "programme", "--levels", "goal=Ціль"],
     "--levels: unknown level 'goal'; the levels are strategic_goal, operational_goal, task, measure"),
    (["--oblast", "Тестова", "--period", "2024-2026", "--kind", "programme", "--levels", "a,b,c,d,e"],
     "--levels: a plan has at most 4 levels, got 5"),
])
def test_usage_errors(args: list[str], message: str, tmp_path: Path, run_cli: Callable[..., CliRun]) -> None:
    result = run_cli("init", "new", *args, cwd=tmp_path)
    assert (result.code, result.err) == (2, f"stratplan: error: {message}\n")
    assert not (tmp_path / "new").exists()


def test_asks_in_a_terminal(tmp_path: Path, run_cli: Callable[..., CliRun], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(init_commands, "_interactive", lambda: True)
    answers = "\n".join(["oblast", "Харківська область", "programme", "2023-2027", "task=Завдання,measure=Заходи"])
    monkeypatch.setattr(sys, "stdin", io.StringIO(answers + "\n"))
    result = run_cli("init", "kharkiv", cwd=tmp_path)
    assert result.code == 0, result.err
    assert "Issuer: community, district or oblast [community]: " in result.out
    _clean(run_cli, "kharkiv", tmp_path)
    view = load_plan(tmp_path / "kharkiv").view
    assert view.meta is not None
    assert (view.meta.issuer.type, view.meta.issuer.name, view.meta.document.period.start) == (
        "oblast", "Харківська область", 2023)
    assert view.used_levels == ("task", "measure")
