"""Monitoring: `monitor init` scaffolds and `diff` variances, schedule and indicators, with exact figures."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest

from conftest import FIXTURES, REPO, CliRun
from stratplan.compute.monitoring import achievement, compare, find_report, parse_period
from stratplan.core.numbers import percent_text as shown_percent
from stratplan.model import Indicator
from stratplan.plan.loader import load_plan

GOAL = """code: "1"
title: Ціль
operational_goals:
  - code: "1.1"
    title: Операційна ціль
    tasks:
      - code: "1.1.1"
        title: Денний догляд
        indicators:
          - {text: Отримувачі послуги, direction: increase, cumulative: true, targets: {2022: 20}}
          - {text: Черга на послугу, direction: decrease, cumulative: false, targets: {2022: 10}}
        executors: [uszn]
        term: {start: 2021, end: 2022}
        funding:
          sources: [local_budget, attracted]
          planned:
            - {source: local_budget, years: {2022: 40.0}}
            - {source: attracted, years: {2022: 10.25}}
      - code: "1.1.2"
        title: Ремонт
        executors: [uszn]
        indicators: [Відремонтовано]
        term: {start: 2022, end: 2023}
        funding:
          sources: [local_budget]
          planned:
            - {source: local_budget, years: {2022: 0.0, 2023: unknown}, note: 2023 lost in the source}
      - code: "1.1.3"
        title: Навчання
        executors: [uszn]
        indicators: [Навчено]
        term: {start: 2022, end: 2024}
        funding:
          sources: [local_budget]
          planned:
            - {source: local_budget, years: {2022: 12.5}}
"""

REPORT = """period: {year: 2022}
items:
  "1.1.1":
    status: in_progress
    started: 2021-03-01
    actual: {local_budget: 30.0, attracted: 12.3}
    indicators: {1: 15, 2: 8}
    comment: Закупівлю частково перенесено.
  "1.1.2":
    status: completed
    started: 2022-02-01
    completed: 2022-11-30
    actual: {local_budget: 5.0}
    comment: Роботи виконано за кошти резервного фонду.
"""


def _plan(tmp_path: Path, report: str = REPORT, name: str = "2022.yaml") -> Path:
    root = tmp_path / "plan"
    shutil.copytree(FIXTURES / "sample", root)
    shutil.rmtree(root / "goals")
    (root / "goals").mkdir()
    (root / "goals" / "sg1.yaml").write_text(GOAL, encoding="utf-8")
    text = (root / "plan.yaml").read_text(encoding="utf-8")
    (root / "plan.yaml").write_text(text.split("declared_total:")[0], encoding="utf-8")
    (root / "monitoring").mkdir()
    (root / "monitoring" / name).write_text(report, encoding="utf-8")
    return root


def _compare(root: Path, period: str = "2022"):  # type: ignore[no-untyped-def]
    plan = load_plan(root)
    assert [d.code for d in plan.diagnostics] == []
    found = find_report(plan.view, parse_period(period))
    assert found is not None
    return compare(plan.view, *found)


def test_money_variances_are_exact(tmp_path: Path) -> None:
    result = _compare(_plan(tmp_path))
    assert [(m.code, m.source, m.planned, m.actual, m.variance, m.variance_percent) for m in result.money] == [
        ("1.1.1", "attracted", Decimal("10.25"), Decimal("12.3"), Decimal("2.05"), Decimal("20")),
        ("1.1.1", "local_budget", Decimal("40.0"), Decimal("30.0"), Decimal("-10.0"), Decimal("-25")),
        ("1.1.2", "local_budget", Decimal("0.0"), Decimal("5.0"), Decimal("5.0"), None),
        ("1.1.3", "local_budget", Decimal("12.5"), None, None, None),
    ]
    assert [f"{m.code}/{m.source}" for m in result.actual_without_plan] == ["1.1.2/local_budget"]
    assert [f"{m.code}/{m.source}" for m in result.plan_without_actual] == ["1.1.3/local_budget"]


def test_execution_rates_by_level_and_source(tmp_path: Path) -> None:
    result = _compare(_plan(tmp_path))
    task = result.by_level["task"]
    assert (task.planned, task.actual, task.rate) == (Decimal("62.75"), Decimal("47.3"),
                                                       Decimal("47.3") / Decimal("62.75") * 100)
    assert shown_percent(task.rate) == "75,4 %"
    local = result.by_source["local_budget"]
    assert (local.planned, local.actual, shown_percent(local.rate)) == (Decimal("52.5"), Decimal("35.0"), "66,7 %")
    assert shown_percent(result.by_source["attracted"].rate) == "120,0 %"


def test_schedule_overdue_and_not_started(tmp_path: Path) -> None:
    result = _compare(_plan(tmp_path))
    assert [(s.code, s.kind, s.status, s.detail) for s in result.schedule] == [
        ("1.1.1", "overdue", "in_progress", "term ended in 2022, not completed by 31.12.2022"),
        ("1.1.3", "not_started", "not reported", "term began in 2022, not started by 31.12.2022"),
    ]


def test_completed_late(tmp_path: Path) -> None:
    report = """period: {year: 2023}
items:
  "1.1.1":
    status: completed
    started: 2021-03-01
    completed: 2023-04-15
"""
    result = _compare(_plan(tmp_path, report, "2023.yaml"), "2023")
    assert [(s.code, s.kind, s.detail) for s in result.schedule if s.code == "1.1.1"] == [
        ("1.1.1", "completed_late", "completed 15.04.2023, term ended in 2022")]


def test_indicator_achievement_respects_direction(tmp_path: Path) -> None:
    result = _compare(_plan(tmp_path))
    assert [(i.code, i.position, i.direction, i.cumulative, i.target, i.actual, i.achievement)
            for i in result.indicators] == [
        ("1.1.1", 1, "increase", True, Decimal("20"), Decimal("15"), Decimal("75")),
        ("1.1.1", 2, "decrease", False, Decimal("10"), Decimal("8"), Decimal("125")),
    ]
    flat = Indicator(text="x", direction="decrease")
    assert achievement(flat, Decimal(0), Decimal(0)) == Decimal(100)
    assert achievement(flat, Decimal(5), Decimal(0)) is None


def test_unknown_planned_amount_and_half_year(tmp_path: Path) -> None:
    report = """period: {year: 2023, half: 1}
items:
  "1.1.2":
    status: in_progress
    started: 2022-02-01
    actual: {local_budget: 3.0}
"""
    result = _compare(_plan(tmp_path, report, "2023-H1.yaml"), "2023-H1")
    assert [(m.code, m.planned, m.planned_unknown, m.actual, m.variance) for m in result.money] == [
        ("1.1.2", None, True, Decimal("3.0"), None)]
    assert result.notes[0] == "half-year period: actual money is compared with the plan for the whole of 2023"
    # 1.1.2's term ends in 2023: half-way through that year it is not overdue; 1.1.3 began and is unreported
    assert [(s.code, s.kind) for s in result.schedule] == [("1.1.3", "not_started")]


def test_diff_cli_formats_and_fail_flags(tmp_path: Path, run_cli: Callable[..., CliRun]) -> None:
    root = _plan(tmp_path)
    data = json.loads(run_cli("diff", str(root), "--period", "2022", "--format", "json").out)
    money = data["plans"][0]["money"]
    assert money[1] == {"code": "1.1.1", "level": "task", "source": "local_budget", "planned": "40.0",
                        "planned_unknown": False, "actual": "30.0", "variance": "-10.0", "variance_percent": "-25.00"}
    assert data["plans"][0]["execution"]["by_source"]["attracted"]["rate"] == "120.0"
    assert run_cli("diff", str(root), "--period", "2022").code == 0
    assert run_cli("diff", str(root), "--period", "2022", "--fail-on-overdue").code == 1
    assert run_cli("diff", str(root), "--period", "2022", "--fail-on-variance", "25").code == 0
    assert run_cli("diff", str(root), "--period", "2022", "--fail-on-variance", "19.9").code == 1
    md = run_cli("diff", str(root), "--period", "2022", "--format", "markdown").out
    assert "| 1.1.1 | task | local\\_budget | 40,0 | 30,0 | -10,0 | -25,0 % |" in md
    assert "### Actual money where none was planned\n\n| code | source | actual |\n|---|---|---|\n| 1.1.2 | local\\_budget | 5,0 |" in md
    assert "### Planned money with no actual reported\n\n| code | source | planned |\n|---|---|---|\n| 1.1.3 | local\\_budget | 12,5 |" in md
    rows = run_cli("diff", str(root), "--period", "2022", "--format", "csv").out.splitlines()
    assert rows[0] == ("community,period,section,code,level,source,planned,actual,variance,variance_percent,"
                       "kind,status,detail")
    assert rows[1] == "sample,2022,money,1.1.1,task,attracted,10.25,12.3,2.05,20.0,,,"
    missing = run_cli("diff", str(root), "--period", "2024")
    assert missing.code == 2
    assert "no monitoring report for 2024" in missing.err
    assert run_cli("diff", str(root), "--period", "24").code == 2


@pytest.mark.parametrize("slug", ["melitopol", "pervomaisk", "starobilsk"])
def test_monitor_init_on_real_plans_validates_and_diffs(slug: str, tmp_path: Path, run_cli: Callable[..., CliRun]) -> None:
    root = tmp_path / slug
    shutil.copytree(REPO / "plans" / slug, root)
    period = "2021" if slug == "starobilsk" else "2023"
    init = run_cli("monitor", "init", str(root), "--period", period)
    assert init.code == 0
    target = root / "monitoring" / f"{period}.yaml"
    assert target.is_file()
    validated = json.loads(run_cli("validate", str(root), "--format", "json").out)
    assert [d for d in validated["diagnostics"] if "monitoring" in d["file"]] == []
    plain = json.loads(run_cli("validate", str(REPO / "plans" / slug), "--format", "json").out)
    assert [validated["summary"][s] for s in ("error", "warning", "info")] == [
        plain["summary"][s] for s in ("error", "warning", "info")]  # the new file adds no finding
    assert run_cli("diff", str(root), "--period", period, "--format", "json").code == 0
    again = run_cli("monitor", "init", str(root), "--period", period)
    assert again.code == 2
    assert "never overwrites" in again.err


def test_scaffold_lists_planned_figures_as_comments(tmp_path: Path, run_cli: Callable[..., CliRun]) -> None:
    root = _plan(tmp_path, REPORT)
    assert run_cli("monitor", "init", str(root), "--period", "2023").code == 0
    text = (root / "monitoring" / "2023.yaml").read_text(encoding="utf-8")
    assert text.splitlines()[:4] == ["# yaml-language-server: $schema=../../../schemas/monitoring.schema.json",
                                     "schema_version: 1", "period: {year: 2023}", "items:"]
    assert '  "1.1.2":  # task: Ремонт | term 2022–2023' in text
    assert "    actual:  # thousand UAH; planned 2023: unknown in the source" in text
    assert "    actual:  # thousand UAH; planned 2023: no amount" in text
    assert '"1.1.1"' not in text  # its term ended in 2022
