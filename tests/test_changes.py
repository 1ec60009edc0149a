"""`stratplan changes`: small git repositories built in a temp folder, one kind of change each, exact output.

The README's "Reviewing a plan change" example is a real run checked here too; regenerate it with
`STRATPLAN_UPDATE_GOLDEN=1 pytest tests/test_changes.py -k readme` after changing the output or the plan.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import FIXTURES, REPO, CliRun
from stratplan.check.config import LintConfig
from stratplan.check.engine import lint_plan
from stratplan.compute.changes import FLAGS
from stratplan.output.formatters.changes import html_text, md_text
from stratplan.output.formatters.changes_markdown import MARKDOWN_LIMIT
from stratplan.plan.loader import load_plan, load_plan_files

Run = Callable[..., CliRun]

GIT_ENV = {
    "GIT_AUTHOR_NAME": "Plan Editor", "GIT_AUTHOR_EMAIL": "editor@example.org", "GIT_AUTHOR_DATE": "2024-03-01T10:00:00Z",
    "GIT_COMMITTER_NAME": "Plan Editor", "GIT_COMMITTER_EMAIL": "editor@example.org",
    "GIT_COMMITTER_DATE": "2024-03-01T10:00:00Z", "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1",
}
GOAL = "plans/sample/goals/sg1.yaml"


def git(repo: Path, *args: str) -> str:
    env = {**os.environ, **GIT_ENV}
    return subprocess.run(["git", *args], cwd=repo, env=env, check=True, capture_output=True, text=True).stdout


def commit(repo: Path, message: str = "change") -> str:
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "--no-gpg-sign", "-m", message)
    return git(repo, "rev-parse", "HEAD").strip()


def edit(repo: Path, path: str, old: str, new: str) -> None:
    file = repo / path
    text = file.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} must occur once in {path}"
    file.write_text(text.replace(old, new), encoding="utf-8")


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A git repository whose one commit holds the sample plan under plans/sample."""
    root = tmp_path / "repo"
    shutil.copytree(FIXTURES / "sample", root / "plans" / "sample")
    git(root, "init", "-q")
    commit(root, "base")
    return root


def short(repo: Path, rev: str = "HEAD") -> str:
    return git(repo, "rev-parse", rev).strip()[:7]


def changes(run_cli: Run, repo: Path, *args: str) -> CliRun:
    result = run_cli("changes", "--base", "HEAD", "plans/", *args, cwd=repo)
    assert result.err == ""
    return result


def test_field_edits(repo: Path, run_cli: Run) -> None:
    edit(repo, GOAL, "title: Відкрити відділення денного догляду", "title: Відкрити два відділення денного догляду")
    edit(repo, GOAL, "unit: осіб\n", "unit: осіб на рік\n")
    edit(repo, GOAL, "term: {start: 2022, end: 2023}\n            executors: [tsnsp]",
         "term: {start: 2022, end: 2023}\n            executors: [tsnsp, uszn]")
    edit(repo, GOAL, "        funding:\n          sources: [local_budget]\n",
         "        funding:\n          sources: [local_budget, attracted]\n")
    edit(repo, GOAL, 'label: "ВСЬОГО:"', 'label: "Всього:"')
    edit(repo, "plans/sample/plan.yaml", "name: Центр надання соціальних послуг", "name: Центр соціальних послуг")
    edit(repo, "plans/sample/plan.yaml", 'number: "5/12"', 'number: "5/12-VIII"')
    edit(repo, "plans/sample/context.yaml", "threats: [Відтік фахівців]", "threats: [Відтік фахівців, Війна]")
    result = changes(run_cli, repo, "--fail-on", ",".join(["term-later", "target-lowered", "node-removed"]))
    assert result.code == 0
    assert result.out == f"""\
Plan changes: HEAD ({short(repo)}) → working tree

plans/sample (sample) Зразківська міська територіальна громада: changed
  net planned money: 0,0 тис. грн (130,5 → 130,5)
  nodes: 4 changed
    changed strategic goal 1 ДОСТУПНІ СОЦІАЛЬНІ ПОСЛУГИ
      declared total label: ВСЬОГО: → Всього:
    changed task 1.1.1 Відкрити два відділення денного догляду
      title: Відкрити відділення денного догляду → Відкрити два відділення денного догляду
      indicator unit (Кількість отримувачів послуги денного догляду): осіб → осіб на рік
    changed measure 1.1.1.2 Навчити працівників відділення
      executors: tsnsp → tsnsp, uszn
    changed task 1.2.1 Оновити сторінку про соціальні послуги на сайті громади
      sources: local_budget → local_budget, attracted
  plan.yaml and context.yaml:
    executor tsnsp name: Центр надання соціальних послуг → Центр соціальних послуг
    document decision number: 5/12 → 5/12-VIII
    context swot threats: 1 item → 2 items

Net planned money: 0,0 тис. грн (sample)
Flags: none
"""


def test_term_pushed_later_is_flagged_and_an_earlier_one_is_not(repo: Path, run_cli: Run) -> None:
    edit(repo, GOAL, "term: {start: 2021, end: 2021}\n            executors: [tsnsp]",
         "term: {start: 2022, end: 2022}\n            executors: [tsnsp]")
    edit(repo, GOAL, "term: {start: 2022, end: 2023}\n            executors: [tsnsp]",
         "term: {start: 2021, end: 2023}\n            executors: [tsnsp]")
    edit(repo, GOAL, "start_half: 2, end_half: 2, as_written: ІІ півріччя 2021",
         "start_half: 1, end_half: 2, as_written: 2021 рік")
    result = changes(run_cli, repo, "--fail-on", "term-later")
    assert result.code == 1
    assert result.out == f"""\
Plan changes: HEAD ({short(repo)}) → working tree

plans/sample (sample) Зразківська міська територіальна громада: changed
  net planned money: 0,0 тис. грн (130,5 → 130,5)
  flags:
    term-later 1.1.1.1: term 2021 → 2022
  nodes: 3 changed
    changed measure 1.1.1.1 Провести ремонт приміщення
      term: 2021 → 2022
    changed measure 1.1.1.2 Навчити працівників відділення
      term: 2022-2023 → 2021-2023
    changed task 1.2.1 Оновити сторінку про соціальні послуги на сайті громади
      term: H2 2021 → H1 2021-H2 2021

Net planned money: 0,0 тис. грн (sample)
Flags: term-later ×1
"""


def test_target_lowered_respects_the_direction(repo: Path, run_cli: Run) -> None:
    edit(repo, GOAL, "            targets: {2022: 20, 2023: 35}\n",
         "            targets: {2022: 20, 2023: 35}\n"
         "          - {text: Черга на послугу, unit: осіб, direction: decrease, targets: {2022: 10, 2023: 5}}\n")
    commit(repo)
    edit(repo, GOAL, "targets: {2022: 20, 2023: 35}", "targets: {2022: 25, 2023: 30}")
    edit(repo, GOAL, "targets: {2022: 10, 2023: 5}", "targets: {2023: 7}")
    result = changes(run_cli, repo)
    assert result.code == 0
    assert result.out == f"""\
Plan changes: HEAD ({short(repo)}) → working tree

plans/sample (sample) Зразківська міська територіальна громада: changed
  net planned money: 0,0 тис. грн (130,5 → 130,5)
  flags:
    target-lowered 1.1.1: target 2023 35 → 30 (increase): Кількість отримувачів послуги денного догляду
    target-lowered 1.1.1: target 2023 5 → 7 (decrease): Черга на послугу
    target-removed 1.1.1: target 2022 (10) removed: Черга на послугу
  nodes: 1 changed
    changed task 1.1.1 Відкрити відділення денного догляду
      target 2022 (Кількість отримувачів послуги денного догляду): 20 → 25
      target 2023 (Кількість отримувачів послуги денного догляду): 35 → 30
      target 2022 (Черга на послугу): 10 → —
      target 2023 (Черга на послугу): 5 → 7

Net planned money: 0,0 тис. грн (sample)
Flags: target-lowered ×2, target-removed ×1
"""


def test_money_moved_between_years_without_updating_the_declared_total(repo: Path, run_cli: Run) -> None:
    edit(repo, GOAL, "years: {2021: 30.0, 2022: 40.0, 2023: 40.0}", "years: {2021: 30.0, 2022: 50.0, 2023: 30.0}")
    result = changes(run_cli, repo, "--fail-on", "declared-total-mismatch")
    assert result.code == 1
    assert result.out == f"""\
Plan changes: HEAD ({short(repo)}) → working tree

plans/sample (sample) Зразківська міська територіальна громада: changed
  net planned money: 0,0 тис. грн (130,5 → 130,5)
    2022 local_budget: 40,0 → 50,0 (+10,0)
    2023 local_budget: 40,0 → 30,0 (−10,0)
  strategic goals:
    1 ДОСТУПНІ СОЦІАЛЬНІ ПОСЛУГИ: 130,5 → 130,5 (0,0)
  flags:
    money-moved-years 1.1.1: 2022 +10,0, 2023 −10,0 (total 130,5 unchanged)
    declared-total-mismatch SG1 › declared_total › years: BG104 '1' declares 50.25 for 2022, its parts add up to 60.25 (difference -10.00)
    declared-total-mismatch SG1 › declared_total › years: BG104 '1' declares 50.25 for 2023, its parts add up to 40.25 (difference 10.00)
  nodes: 1 changed
    changed task 1.1.1 Відкрити відділення денного догляду
      money 2022 local_budget: 40,0 → 50,0 (+10,0)
      money 2023 local_budget: 40,0 → 30,0 (−10,0)
  findings: 2 introduced, 0 changed, 0 resolved
    introduced plans/sample/goals/sg1.yaml:9:23: BG104 [error] SG1 › declared_total › years: '1' declares 50.25 for 2022, its parts add up to 60.25 (difference -10.00)
    introduced plans/sample/goals/sg1.yaml:9:36: BG104 [error] SG1 › declared_total › years: '1' declares 50.25 for 2023, its parts add up to 40.25 (difference 10.00)

Net planned money: 0,0 тис. грн (sample)
Flags: money-moved-years ×1, declared-total-mismatch ×2, finding-introduced ×2
"""


def test_source_switched_and_money_moved_between_sources(repo: Path, run_cli: Run) -> None:
    edit(repo, GOAL, "        funding:\n          sources: [local_budget]\n",
         "        funding:\n          sources: [attracted]\n")
    edit(repo, GOAL, "years: {2021: 30.0, 2022: 40.0, 2023: 40.0}\n              total: 110.0",
         "years: {2021: 30.0, 2022: 35.0, 2023: 40.0}\n              total: 105.0")
    edit(repo, GOAL, "years: {2022: 10.25, 2023: 10.25}\n              total: 20.5",
         "years: {2022: 15.25, 2023: 10.25}\n              total: 25.5")
    result = changes(run_cli, repo)
    assert result.out == f"""\
Plan changes: HEAD ({short(repo)}) → working tree

plans/sample (sample) Зразківська міська територіальна громада: changed
  net planned money: 0,0 тис. грн (130,5 → 130,5)
    2022 attracted: 10,25 → 15,25 (+5,0)
    2022 local_budget: 40,0 → 35,0 (−5,0)
  strategic goals:
    1 ДОСТУПНІ СОЦІАЛЬНІ ПОСЛУГИ: 130,5 → 130,5 (0,0)
  flags:
    money-moved-sources 1.1.1: attracted +5,0, local_budget −5,0 (total 130,5 unchanged)
    source-switched 1.2.1: funding source local_budget → attracted
  nodes: 2 changed
    changed task 1.1.1 Відкрити відділення денного догляду
      row total attracted: 20,5 → 25,5
      row total local_budget: 110,0 → 105,0
      money 2022 attracted: 10,25 → 15,25 (+5,0)
      money 2022 local_budget: 40,0 → 35,0 (−5,0)
    changed task 1.2.1 Оновити сторінку про соціальні послуги на сайті громади
      sources: local_budget → attracted

Net planned money: 0,0 тис. грн (sample)
Flags: money-moved-sources ×1, source-switched ×1
"""


NEW_TASK = """      - code: "1.2.2"
        title: Запровадити онлайн-запис на послуги
        indicators: [Запроваджено онлайн-запис]
        term: {start: 2022, end: 2022}
        executors: [uszn]
        funding:
          sources: [local_budget]
          planned:
            - years: {2022: 15.0}
        measures:
          - code: "1.2.2.1"
            title: Налаштувати форму запису на сайті
            term: {start: 2022, end: 2022}
            executors: [uszn]
            funding:
              sources: [local_budget]
"""


def test_nodes_added_and_removed(repo: Path, run_cli: Run) -> None:
    edit(repo, GOAL, """          - code: "1.1.1.2"
            title: Навчити працівників відділення
            term: {start: 2022, end: 2023}
            executors: [tsnsp]
""", "")
    goal = repo / GOAL
    goal.write_text(goal.read_text(encoding="utf-8") + NEW_TASK, encoding="utf-8")
    result = changes(run_cli, repo, "--fail-on", "node-removed")
    assert result.code == 1
    assert result.out == f"""\
Plan changes: HEAD ({short(repo)}) → working tree

plans/sample (sample) Зразківська міська територіальна громада: changed
  net planned money: +15,0 тис. грн (130,5 → 145,5)
    2022 local_budget: 40,0 → 55,0 (+15,0)
  strategic goals:
    1 ДОСТУПНІ СОЦІАЛЬНІ ПОСЛУГИ: 130,5 → 145,5 (+15,0)
  flags:
    node-removed 1.1.1.2: measure removed: Навчити працівників відділення
    declared-total-mismatch SG1 › declared_total › years: BG104 '1' declares 50.25 for 2022, its parts add up to 65.25 (difference -15.00)
  nodes: 1 added, 1 removed
    removed measure 1.1.1.2 Навчити працівників відділення
    added task 1.2.2 Запровадити онлайн-запис на послуги, with 1 node under it
      money 2022 local_budget: 0,0 → 15,0 (+15,0)
  findings: 2 introduced, 0 changed, 0 resolved
    introduced plans/sample/goals/sg1.yaml:9:23: BG104 [error] SG1 › declared_total › years: '1' declares 50.25 for 2022, its parts add up to 65.25 (difference -15.00)
    introduced plans/sample/statements.yaml:5:12: XS109 [error] statements › rows › node: the tree has no node '1.1.1.2'

Net planned money: +15,0 тис. грн (sample)
Flags: node-removed ×1, declared-total-mismatch ×1, finding-introduced ×2
"""


TASK_121 = """      - code: "1.2.1"
        title: Оновити сторінку про соціальні послуги на сайті громади
        indicators: [Оновлено сторінку на сайті]
        term: {start: 2021, end: 2021, start_half: 2, end_half: 2, as_written: ІІ півріччя 2021}
        executors: [uszn]
        funding:
          sources: [local_budget]
"""


def test_task_moved_to_another_operational_goal(repo: Path, run_cli: Run) -> None:
    edit(repo, GOAL, TASK_121, "")
    edit(repo, GOAL, "  - code: \"1.2\"\n", TASK_121.replace('"1.2.1"', '"1.1.2"') + "  - code: \"1.2\"\n")
    goal = repo / GOAL
    goal.write_text(goal.read_text(encoding="utf-8") + NEW_TASK.replace("1.2.2", "1.2.1"), encoding="utf-8")
    result = changes(run_cli, repo)
    assert result.out == f"""\
Plan changes: HEAD ({short(repo)}) → working tree

plans/sample (sample) Зразківська міська територіальна громада: changed
  net planned money: +15,0 тис. грн (130,5 → 145,5)
    2022 local_budget: 40,0 → 55,0 (+15,0)
  strategic goals:
    1 ДОСТУПНІ СОЦІАЛЬНІ ПОСЛУГИ: 130,5 → 145,5 (+15,0)
  flags:
    declared-total-mismatch SG1 › declared_total › years: BG104 '1' declares 50.25 for 2022, its parts add up to 65.25 (difference -15.00)
  nodes: 1 added, 1 moved
    moved task 1.2.1 → 1.1.2 Оновити сторінку про соціальні послуги на сайті громади (from 1.2 to 1.1)
    added task 1.2.1 Запровадити онлайн-запис на послуги, with 1 node under it
      money 2022 local_budget: 0,0 → 15,0 (+15,0)
  findings: 1 introduced, 0 changed, 0 resolved
    introduced plans/sample/goals/sg1.yaml:9:23: BG104 [error] SG1 › declared_total › years: '1' declares 50.25 for 2022, its parts add up to 65.25 (difference -15.00)

Net planned money: +15,0 тис. грн (sample)
Flags: declared-total-mismatch ×1, finding-introduced ×1
"""


def test_renumbering_when_a_task_is_inserted_before(repo: Path, run_cli: Run) -> None:
    edit(repo, GOAL, TASK_121, NEW_TASK.replace("1.2.2", "1.2.1") + TASK_121.replace('"1.2.1"', '"1.2.2"'))
    result = changes(run_cli, repo)
    assert result.out == f"""\
Plan changes: HEAD ({short(repo)}) → working tree

plans/sample (sample) Зразківська міська територіальна громада: changed
  net planned money: +15,0 тис. грн (130,5 → 145,5)
    2022 local_budget: 40,0 → 55,0 (+15,0)
  strategic goals:
    1 ДОСТУПНІ СОЦІАЛЬНІ ПОСЛУГИ: 130,5 → 145,5 (+15,0)
  flags:
    declared-total-mismatch SG1 › declared_total › years: BG104 '1' declares 50.25 for 2022, its parts add up to 65.25 (difference -15.00)
  nodes: 1 added, 1 renumbered
    added task 1.2.1 Запровадити онлайн-запис на послуги, with 1 node under it
      money 2022 local_budget: 0,0 → 15,0 (+15,0)
    renumbered task 1.2.1 → 1.2.2 Оновити сторінку про соціальні послуги на сайті громади
  findings: 1 introduced, 0 changed, 0 resolved
    introduced plans/sample/goals/sg1.yaml:9:23: BG104 [error] SG1 › declared_total › years: '1' declares 50.25 for 2022, its parts add up to 65.25 (difference -15.00)

Net planned money: +15,0 тис. грн (sample)
Flags: declared-total-mismatch ×1, finding-introduced ×1
"""


SG2 = """code: "2"
title: ПІДТРИМКА СІМЕЙ
operational_goals:
  - code: "2.1"
    title: Послуги для сімей з дітьми
    tasks:
      - code: "2.1.1"
        title: Відкрити консультаційний пункт
        indicators: [Відкрито пункт]
        term: {start: 2022, end: 2023}
        executors: [tsnsp]
        funding:
          sources: [local_budget]
          planned:
            - years: {2022: 5.0, 2023: 5.0}
        measures:
          - code: "2.1.1.1"
            title: Облаштувати приміщення
            term: {start: 2022, end: 2022}
            executors: [tsnsp]
            funding:
              sources: [local_budget]
  - code: "2.2"
    title: Інформування сімей
    tasks:
      - code: "2.2.1"
        title: Видати буклет
        indicators: [Видано буклет]
        term: {start: 2022, end: 2022}
        executors: [uszn]
        funding:
          sources: [local_budget]
"""


def test_task_moved_between_strategic_goals_moves_their_money(repo: Path, run_cli: Run) -> None:
    (repo / "plans/sample/goals/sg2.yaml").write_text(SG2, encoding="utf-8")
    commit(repo)
    moved = SG2[SG2.index('      - code: "2.1.1"'):SG2.index('  - code: "2.2"')]
    edit(repo, "plans/sample/goals/sg2.yaml", "    tasks:\n" + moved, "    tasks: []\n")
    edit(repo, GOAL, TASK_121, TASK_121 + moved.replace("2.1.1", "1.2.2"))
    result = changes(run_cli, repo, "--format", "json")
    data = json.loads(result.out)
    plan = data["plans"][0]
    assert [(n["kind"], n["level"], n["old_code"], n["code"], n["old_parent"], n["new_parent"], n["carried"])
            for n in plan["nodes"]] == [("moved", "task", "2.1.1", "1.2.2", "2.1", "1.2", 1)]
    assert plan["goals"] == [
        {"code": "1", "title": "ДОСТУПНІ СОЦІАЛЬНІ ПОСЛУГИ", "before": "130.5", "after": "140.5", "change": "10.0"},
        {"code": "2", "title": "ПІДТРИМКА СІМЕЙ", "before": "10.0", "after": "0.0", "change": "-10.0"},
    ]
    assert plan["money"] == {"has_amounts": True, "before": "140.5", "after": "140.5", "change": "0.0", "cells": []}
    assert [(f["flag"], f["where"], f["message"][:5]) for f in plan["flags"]] == [
        ("declared-total-mismatch", "SG1 › declared_total › years", "BG104"),
        ("declared-total-mismatch", "SG1 › declared_total › years", "BG104"),
        ("finding-introduced", "SG1 › declared_total › years", "BG104"),
        ("finding-introduced", "SG1 › declared_total › years", "BG104"),
        ("finding-introduced", "SG2 › 2.1 › code", "ST201"),  # 2.1 is left without tasks
        ("finding-introduced", "SG2 › 2.1 › code", "ST202"),
        ("finding-introduced", "SG2 › 2.1 › code", "TM105"),  # and has no term of its own
        ("finding-resolved", "plan › declared_total › years", "BG105"),  # SG2 no longer adds 5.0 to РАЗОМ's parts
        ("finding-resolved", "plan › declared_total › years", "BG105"),
    ]


def test_findings_introduced_and_resolved_are_not_confused_by_shifted_lines(repo: Path, run_cli: Run) -> None:
    edit(repo, GOAL, "term: {start: 2022, end: 2023}\n            executors: [tsnsp]",
         "term: {start: 2022, end: 2023}\n            executors: [ghost]")
    commit(repo)
    edit(repo, GOAL, "term: {start: 2022, end: 2023}\n            executors: [ghost]",
         "term: {start: 2022, end: 2023}\n            executors: [tsnsp]")
    edit(repo, GOAL, "schema_version: 1\n", "schema_version: 1\n# Оновлено після громадського обговорення\n\n")
    edit(repo, GOAL, "title: Провести ремонт приміщення\n            term: {start: 2021, end: 2021}",
         "title: Провести ремонт приміщення\n            term: {start: 2021, end: 2024}")
    result = changes(run_cli, repo, "--fail-on", "finding-introduced")
    assert result.code == 1
    assert result.out == f"""\
Plan changes: HEAD ({short(repo)}) → working tree

plans/sample (sample) Зразківська міська територіальна громада: changed
  net planned money: 0,0 тис. грн (130,5 → 130,5)
  flags:
    term-later 1.1.1.1: term 2021 → 2021-2024
  nodes: 2 changed
    changed measure 1.1.1.1 Провести ремонт приміщення
      term: 2021 → 2021-2024
    changed measure 1.1.1.2 Навчити працівників відділення
      executors: ghost → tsnsp
  findings: 2 introduced, 0 changed, 1 resolved
    introduced plans/sample/goals/sg1.yaml:37:19: TM102 [error] SG1 › 1.1 › 1.1.1 › 1.1.1.1 › term: term 2021–2024 of '1.1.1.1' is outside the plan period 2021–2023
    introduced plans/sample/goals/sg1.yaml:37:19: TM103 [error] SG1 › 1.1 › 1.1.1 › 1.1.1.1 › term: term 2021–2024 of '1.1.1.1' is outside its parent '1.1.1' (2021–2023)
    resolved plans/sample/goals/sg1.yaml:40:25: RF102 [error] SG1 › 1.1 › 1.1.1 › 1.1.1.2 › executors: unknown executor 'ghost' in '1.1.1.2'

Net planned money: 0,0 тис. грн (sample)
Flags: term-later ×1, finding-introduced ×2, finding-resolved ×1
"""


def test_nothing_changed(repo: Path, run_cli: Run) -> None:
    result = changes(run_cli, repo, "--fail-on", ",".join(FLAGS))
    assert (result.code, result.out) == (0, f"Plan changes: HEAD ({short(repo)}) → working tree\n\nNo plan changed.\nFlags: none\n"
                                            "1 plan unchanged (the same files on both sides, not compared)\n")
    markdown = changes(run_cli, repo, "-f", "markdown").out
    assert markdown == (f"### Plan changes: HEAD ({short(repo)}) → working tree\n\n**No plan changed.**\n\nFlags: none\n\n"
                        "1 plan unchanged (the same files on both sides, not compared)\n\n")


def test_fail_on_exit_codes_and_unknown_flag(repo: Path, run_cli: Run) -> None:
    edit(repo, GOAL, "targets: {2022: 20, 2023: 35}", "targets: {2022: 20, 2023: 30}")
    assert changes(run_cli, repo).code == 0
    assert changes(run_cli, repo, "--fail-on", "node-removed,term-later").code == 0
    assert changes(run_cli, repo, "--fail-on", "node-removed, target-lowered").code == 1
    typo = run_cli("changes", "--base", "HEAD", "plans/", "--fail-on", "target-lowerd", cwd=repo)
    assert (typo.code, typo.out) == (2, "")
    assert typo.err == "stratplan: error: --fail-on: unknown flag 'target-lowerd'; did you mean 'target-lowered'?\n"


def test_usage_errors(repo: Path, run_cli: Run, tmp_path: Path) -> None:
    cases = {
        ("changes", "plans/"): "give the base to compare with: --base REV (e.g. origin/main) or --base-dir FOLDER",
        ("changes", "--base", "no-such-branch", "plans/"):
            f"'no-such-branch' is not a commit of the repository at {repo.resolve()}; in a shallow clone, fetch it "
            "first (e.g. actions/checkout with fetch-depth: 0)",
        ("changes", "--base", "HEAD", "--base-dir", "plans", "plans/"): "give either --base or --base-dir, not both",
        ("changes", "--base", "HEAD", "nothing/here"): "no plan found at nothing/here on either side; name plan folders, "
                                                        "e.g. plans/",
        ("changes", "--base", "HEAD", "../elsewhere"): f"../elsewhere is outside the git repository at {repo.resolve()}",
    }
    for args, message in cases.items():
        result = run_cli(*args, cwd=repo)
        assert (result.code, result.err) == (2, f"stratplan: error: {message}\n"), args


def test_markdown_escapes_plan_text(repo: Path, run_cli: Run) -> None:
    edit(repo, GOAL, "title: ДОСТУПНІ СОЦІАЛЬНІ ПОСЛУГИ", "title: ПОСЛУГИ | для @all <b>усіх</b>")
    edit(repo, GOAL, "title: Відкрити відділення денного догляду",
         'title: "Звіт для @someone про #12 <script>alert(1)</script> | колонка *жирно* [посилання](http://x)"')
    edit(repo, GOAL, "years: {2021: 30.0, 2022: 40.0, 2023: 40.0}", "years: {2021: 31.0, 2022: 40.0, 2023: 40.0}")
    out = changes(run_cli, repo, "--format", "markdown").out
    assert "@someone" not in out and "@all" not in out and "#12" not in out and "<script>" not in out
    assert ("- changed task `1.1.1` Звіт для @\u200bsomeone про #\u200b12 &lt;script&gt;alert(1)&lt;/script&gt; \\| "
            "колонка \\*жирно\\* \\[посилання\\](http:\u200b//x)\n") in out
    assert "| `1` ПОСЛУГИ \\| для @\u200ball &lt;b&gt;усіх&lt;/b&gt; | 130,5 | 131,5 | +1,0 |\n" in out
    assert "<summary>Money: +1,0 тис. грн (130,5 → 131,5)</summary>" in out


def test_escapers() -> None:
    assert md_text("a|b @x #1 GH-2 <i>&\n`c`_d_") == "a\\|b @\u200bx #\u200b1 GH\u200b-2 &lt;i&gt;&amp; \\`c\\`\\_d\\_"
    assert html_text("<b>@x #1</b>") == "&lt;b&gt;@\u200bx #\u200b1&lt;/b&gt;"
    assert md_text("\x1b[31mred") == "?\\[31mred"


def _long_goal(count: int, suffix: str) -> str:
    tasks = "".join(f"""      - code: "1.1.{n}"
        title: {'Дуже довга назва завдання про соціальні послуги громади ' * 4}{n}{suffix}
        indicators: [Показник {n}]
        term: {{start: 2021, end: 2022}}
        executors: [uszn]
        funding:
          sources: [local_budget]
""" for n in range(1, count + 1))
    return f'code: "1"\ntitle: ВЕЛИКА ЦІЛЬ\noperational_goals:\n  - code: "1.1"\n    title: Операційна ціль\n    tasks:\n{tasks}'


def test_markdown_stays_under_the_limit(repo: Path, run_cli: Run) -> None:
    (repo / GOAL).write_text(_long_goal(400, ""), encoding="utf-8")
    commit(repo)
    (repo / GOAL).write_text(_long_goal(400, " (нова редакція)"), encoding="utf-8")
    full = changes(run_cli, repo, "--format", "json")
    assert len(json.loads(full.out)["plans"][0]["nodes"]) == 400
    out = changes(run_cli, repo, "--format", "markdown").out
    assert len(out) <= MARKDOWN_LIMIT
    assert "<summary>Nodes: 400 changed</summary>" in out
    shown = out.count("\n- changed task")
    assert 0 < shown < 400
    assert (f"- … and {400 - shown} more: the rest is cut to keep this under 60,000 characters; "
            "`stratplan changes --format json` has everything\n") in out
    assert out.count("<details") == out.count("</details>")


def test_two_folders_without_git(tmp_path: Path, run_cli: Run) -> None:
    old, new = tmp_path / "old", tmp_path / "new"
    shutil.copytree(FIXTURES / "sample", old / "sample")
    shutil.copytree(FIXTURES / "sample", new / "sample")
    edit(new, "sample/goals/sg1.yaml", "title: Провести ремонт приміщення", "title: Провести капітальний ремонт приміщення")
    result = run_cli("changes", "--base-dir", "old", "--head-dir", "new", cwd=tmp_path)
    assert result.code == 0
    assert result.out == """\
Plan changes: folder old → folder new

sample (sample) Зразківська міська територіальна громада: changed
  net planned money: 0,0 тис. грн (130,5 → 130,5)
  nodes: 1 changed
    changed measure 1.1.1.1 Провести капітальний ремонт приміщення
      title: Провести ремонт приміщення → Провести капітальний ремонт приміщення

Net planned money: 0,0 тис. грн (sample)
Flags: none
"""


def test_two_revisions_read_from_git_objects_leave_the_working_tree_alone(repo: Path, run_cli: Run) -> None:
    base = git(repo, "rev-parse", "HEAD").strip()
    edit(repo, GOAL, "title: Провести ремонт приміщення", "title: Провести капітальний ремонт приміщення")
    head = commit(repo)
    edit(repo, GOAL, "title: Навчити працівників відділення", "title: Uncommitted edit")  # must not be read
    status = git(repo, "status", "--porcelain")
    index = (repo / ".git" / "index").read_bytes()
    result = run_cli("changes", "--base", base[:10], "--head", "HEAD", "plans/sample", "--format", "json", cwd=repo)
    data = json.loads(result.out)
    assert data["base"] == {"label": base[:10], "commit": base, "folder": None}
    assert data["head"] == {"label": "HEAD", "commit": head, "folder": None}
    assert [(n["kind"], n["code"], n["title"]) for n in data["plans"][0]["nodes"]] == [
        ("changed", "1.1.1.1", "Провести капітальний ремонт приміщення")]
    assert git(repo, "status", "--porcelain") == status
    assert (repo / ".git" / "index").read_bytes() == index


def test_from_a_subfolder_paths_and_file_names_stay_relative(repo: Path, run_cli: Run) -> None:
    edit(repo, GOAL, "executors: [tsnsp]\n          - code: \"1.1.1.2\"", "executors: [ghost]\n          - code: \"1.1.1.2\"")
    result = run_cli("changes", "--base", "HEAD", "sample", "-f", "json", cwd=repo / "plans")
    plan = json.loads(result.out)["plans"][0]
    assert plan["key"] == "sample"
    assert [(f["status"], f["location"]) for f in plan["findings"]] == [("introduced", "sample/goals/sg1.yaml:36:25")]


def test_a_side_that_does_not_load_is_not_compared(repo: Path, run_cli: Run) -> None:
    edit(repo, GOAL, "title: Провести ремонт приміщення", "title: [Провести ремонт приміщення")
    result = changes(run_cli, repo, "--fail-on", "load-failed")
    assert result.code == 1
    assert result.out == f"""\
Plan changes: HEAD ({short(repo)}) → working tree

plans/sample (sample) Зразківська міська територіальна громада: load-failed
  net planned money: not compared: a side does not load
  flags:
    load-failed plan: head: 1 error(s), first plans/sample/goals/sg1.yaml:35:17: LD103 YAML syntax error: expected ',' or ']', but got ':' (while parsing a flow sequence)
  findings: 1 introduced, 0 changed, 0 resolved
    introduced plans/sample/goals/sg1.yaml:35:17: LD103 [error] YAML syntax error: expected ',' or ']', but got ':' (while parsing a flow sequence)

Net planned money: not compared (sample)
Flags: load-failed ×1, finding-introduced ×1
"""


def test_plans_added_removed_and_a_moved_folder(repo: Path, run_cli: Run) -> None:
    shutil.copytree(FIXTURES / "sample", repo / "plans" / "second")
    edit(repo, "plans/second/plan.yaml", "slug: sample", "slug: second")
    commit(repo)
    shutil.move(repo / "plans" / "sample", repo / "plans" / "zrazok")  # same slug: the same plan in a new folder
    shutil.rmtree(repo / "plans" / "second")
    shutil.copytree(FIXTURES / "sample", repo / "plans" / "third")
    edit(repo, "plans/third/plan.yaml", "slug: sample", "slug: third")
    result = changes(run_cli, repo, "--fail-on", "node-removed")
    assert result.code == 1
    assert result.out == f"""\
Plan changes: HEAD ({short(repo)}) → working tree

plans/second (second) Зразківська міська територіальна громада: removed
  7 nodes removed with the plan
  net planned money: −130,5 тис. грн (130,5 → 0,0)
    2021 local_budget: 30,0 → 0,0 (−30,0)
    2022 attracted: 10,25 → 0,0 (−10,25)
    2022 local_budget: 40,0 → 0,0 (−40,0)
    2023 attracted: 10,25 → 0,0 (−10,25)
    2023 local_budget: 40,0 → 0,0 (−40,0)
  flags:
    node-removed plan: the whole plan was removed (7 nodes)

plans/third (third) Зразківська міська територіальна громада: added
  7 nodes added with the plan
  net planned money: +130,5 тис. грн (0,0 → 130,5)
    2021 local_budget: 0,0 → 30,0 (+30,0)
    2022 attracted: 0,0 → 10,25 (+10,25)
    2022 local_budget: 0,0 → 40,0 (+40,0)
    2023 attracted: 0,0 → 10,25 (+10,25)
    2023 local_budget: 0,0 → 40,0 (+40,0)

Net planned money: −130,5 тис. грн (second); +130,5 тис. грн (third)
Flags: node-removed ×1
"""


@pytest.mark.parametrize("root", ["plans/melitopol", "plans/pervomaisk", "plans/starobilsk", "tests/fixtures/sample",
                                  "tests/fixtures/broken"])
def test_loading_from_bytes_is_loading_from_disk(root: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)
    folder = Path(root)
    files: dict[str, bytes | object] = {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*.yaml")}
    from_disk, from_bytes = load_plan(folder), load_plan_files(files, root)  # type: ignore[arg-type]
    assert list(from_bytes.docs) == list(from_disk.docs)
    assert [n.code for n in from_bytes.view.walk()] == [n.code for n in from_disk.view.walk()]
    assert lint_plan(from_bytes, LintConfig()) == lint_plan(from_disk, LintConfig())


def test_a_symlink_in_git_is_refused_not_followed(repo: Path, run_cli: Run) -> None:
    (repo / "plans" / "sample" / "context.yaml").unlink()
    (repo / "plans" / "sample" / "context.yaml").symlink_to("plan.yaml")
    commit(repo)
    result = run_cli("changes", "--base", "HEAD", "--head", "HEAD", "plans/", "--format", "json", cwd=repo)
    plan = json.loads(result.out)["plans"][0]
    assert plan["status"] == "load-failed"
    assert plan["flags"] == [{"flag": "load-failed", "where": "plan", "message": (
        "base: 1 error(s), first plans/sample/context.yaml: LD114 not a regular file (a symbolic link in git); "
        "head: 1 error(s), first plans/sample/context.yaml: LD114 not a regular file (a symbolic link in git)")}]


README_START, README_END = "<!-- changes-example:start -->\n", "<!-- changes-example:end -->\n"


def test_readme_example_is_a_real_run(tmp_path: Path, run_cli: Run) -> None:
    """Melitopol's task 1.2.4 moves 100.0 from 2024 to 2025 and its term ends a year later."""
    root = tmp_path / "repo"
    shutil.copytree(REPO / "plans" / "melitopol", root / "plans" / "melitopol")
    git(root, "init", "-q", "--initial-branch", "main")
    commit(root, "Melitopol as adopted")
    git(root, "switch", "-q", "-c", "postpone-day-care")
    edit(root, "plans/melitopol/goals/sg1.yaml", """        term: {start: 2023, end: 2024}
        executors: [knp_tsnsp_ta_mr_mmr_zo]
        funding:
          sources: [local_budget, attracted]
          planned:
            - years: {2023: 2500.0, 2024: 500.0}""", """        term: {start: 2023, end: 2025}
        executors: [knp_tsnsp_ta_mr_mmr_zo]
        funding:
          sources: [local_budget, attracted]
          planned:
            - years: {2023: 2500.0, 2024: 400.0, 2025: 100.0}""")
    result = run_cli("changes", "--base", "main", "plans/melitopol", "--format", "markdown", cwd=root)
    assert result.code == 0
    block = f"```markdown\n{result.out}```\n"
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    start, end = readme.index(README_START) + len(README_START), readme.index(README_END)
    if os.environ.get("STRATPLAN_UPDATE_GOLDEN") == "1":
        (REPO / "README.md").write_text(readme[:start] + block + readme[end:], encoding="utf-8")
    else:
        assert readme[start:end] == block


def test_readme_documents_every_flag() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert [name for name in FLAGS if f"| `{name}` |" not in readme] == []


def test_money_moved_between_nodes_and_years_is_flagged_for_the_plan(repo: Path, run_cli: Run) -> None:
    (repo / "plans/sample/goals/sg2.yaml").write_text(SG2, encoding="utf-8")
    commit(repo)
    edit(repo, "plans/sample/goals/sg2.yaml", "years: {2022: 5.0, 2023: 5.0}", "years: {2023: 5.0}")
    edit(repo, GOAL, "years: {2021: 30.0, 2022: 40.0, 2023: 40.0}", "years: {2021: 35.0, 2022: 40.0, 2023: 40.0}")
    plan = json.loads(changes(run_cli, repo, "--format", "json").out)["plans"][0]
    assert [(n["code"], [(m["year"], m["change"]) for m in n["money"]]) for n in plan["nodes"]] == [
        ("1.1.1", [(2021, "5.0")]), ("2.1.1", [(2022, "-5.0")])]
    assert [f for f in plan["flags"] if f["flag"].startswith("money")] == [
        {"flag": "money-moved-years", "where": "plan", "message": "2021 +5,0, 2022 −5,0 (total 140,5 unchanged)"}]
    assert plan["money"]["change"] == "0.0"


def test_comparing_loads_no_linter_and_nothing_above_compute() -> None:
    """The caller passes each side's findings in (`compare(..., findings)`), so the comparison needs no linter."""
    probe = "import sys, stratplan.compute.changes\nprint(' '.join(sorted(sys.modules)))\n"
    run = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=REPO, check=True)
    above = ("stratplan.check", "stratplan.output", "stratplan.pipeline", "stratplan.api", "stratplan.cli")
    assert [m for m in run.stdout.split() if m.startswith(above)] == []


def test_notes_and_plan_sections_are_compared_like_every_other_field(repo: Path, run_cli: Run) -> None:
    """Fields the hand-written lists left out (notes of a declared total, a planned line and a term with its
    wording) are reported; plan.yaml's lists show the item that changed, not the whole list."""
    edit(repo, GOAL, '  label: "ВСЬОГО:"\n', '  label: "ВСЬОГО:"\n  note: Як у таблиці додатка\n')
    edit(repo, GOAL, "              total: 110.0\n", "              total: 110.0\n              note: Кошторис 2020 року\n")
    edit(repo, GOAL, "as_written: ІІ півріччя 2021}", "as_written: ІІ півріччя 2021, note: Уточнено рішенням сесії}")
    edit(repo, "plans/sample/plan.yaml", "title: Другий етап", "title: Другий етап (основний)")
    plan = repo / "plans/sample/plan.yaml"
    plan.write_text(plan.read_text(encoding="utf-8") + "notes: [Оновлено після обговорення]\n", encoding="utf-8")
    result = changes(run_cli, repo)
    assert result.out == f"""\
Plan changes: HEAD ({short(repo)}) → working tree

plans/sample (sample) Зразківська міська територіальна громада: changed
  net planned money: 0,0 тис. грн (130,5 → 130,5)
  nodes: 3 changed
    changed strategic goal 1 ДОСТУПНІ СОЦІАЛЬНІ ПОСЛУГИ
      declared total note: — → Як у таблиці додатка
    changed task 1.1.1 Відкрити відділення денного догляду
      row note local_budget: — → Кошторис 2020 року
    changed task 1.2.1 Оновити сторінку про соціальні послуги на сайті громади
      term note: — → Уточнено рішенням сесії
  plan.yaml and context.yaml:
    stage 2 title: Другий етап → Другий етап (основний)
    note: — → Оновлено після обговорення

Net planned money: 0,0 тис. грн (sample)
Flags: none
"""
