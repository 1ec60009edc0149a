"""Plans of any depth from 1 to 4 levels, named by the document: every command on a two-level programme
(directions → measures, `tests/fixtures/programme-2level`) and a one-level one (measures only, in UAH,
`tests/fixtures/programme-1level`); levels from plan.yaml and the tree, never from a node's type.

Both fixtures are illustrative (tests/fixtures/README.md); the report on them is a golden file of
`tests/test_report.py`.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import FIXTURES, CliRun
from stratplan.model import Term
from stratplan.plan.loader import load_plan

TWO = "tests/fixtures/programme-2level"
ONE = "tests/fixtures/programme-1level"


def test_levels_come_from_plan_yaml_and_where_a_node_sits() -> None:
    two = load_plan(FIXTURES / "programme-2level").view
    assert two.used_levels == ("strategic_goal", "measure")
    assert [(n.code, two.level(n), two.depth(n)) for n in two.walk()] == [
        ("1", "strategic_goal", 0), ("1.1", "measure", 1), ("1.2", "measure", 1), ("1.3", "measure", 1),
        ("2", "strategic_goal", 0), ("2.1", "measure", 1), ("2.2", "measure", 1)]
    assert two.level_name("strategic_goal") == "Напрям діяльності"
    one = load_plan(FIXTURES / "programme-1level").view
    assert [(n.code, one.level(n)) for n in one.walk()] == [("1", "measure"), ("2", "measure"), ("3", "measure"),
                                                          ("4", "measure")]
    assert one.display(one.goals[0]) == "1"  # no invented "SG" prefix for a plan of measures
    assert two.display(two.goals[0]) == "SG1"


def test_the_same_node_is_a_task_in_a_plan_of_tasks(tmp_path: Path) -> None:
    plan = tmp_path / "tasks"
    shutil.copytree(FIXTURES / "programme-2level", plan)
    text = (plan / "plan.yaml").read_text(encoding="utf-8")
    (plan / "plan.yaml").write_text(text.replace("  strategic_goal: Напрям діяльності\n", "  task: Завдання\n"),
                                    encoding="utf-8")
    view = load_plan(plan).view
    assert [view.level(n) for n in view.walk()][:2] == ["task", "measure"]


@pytest.mark.parametrize("plan", [TWO, ONE])
def test_validate_passes_clean(plan: str, run_cli: Callable[..., CliRun]) -> None:
    result = run_cli("validate", plan, "--format", "concise")
    assert result.code == 0
    assert result.out == ""
    assert "0 errors, 0 warnings, 0 infos" in result.err


def _rows(out: str) -> list[str]:
    return out.replace("\r\n", "\n").splitlines()


def test_budget_two_levels_by_direction_with_markers_and_sources(run_cli: Callable[..., CliRun]) -> None:
    rows = _rows(run_cli("budget", TWO, "--format", "csv").out)
    assert rows == [
        "community,level,code,year,source,amount,basis,unit",
        "zrazkivskyi_raion,strategic_goal,1,2024,community_budgets,30.0,computed,thousand_uah",
        "zrazkivskyi_raion,strategic_goal,1,2024,district_budget,170.0,computed,thousand_uah",
        "zrazkivskyi_raion,strategic_goal,1,2025,community_budgets,60.0,computed,thousand_uah",
        "zrazkivskyi_raion,strategic_goal,1,2025,district_budget,260.0,computed,thousand_uah",
        "zrazkivskyi_raion,strategic_goal,1,2026,district_budget,130.0,computed,thousand_uah",
        "zrazkivskyi_raion,plan,,2024,community_budgets,30.0,computed,thousand_uah",
        "zrazkivskyi_raion,plan,,2024,district_budget,170.0,computed,thousand_uah",
        "zrazkivskyi_raion,plan,,2025,community_budgets,60.0,computed,thousand_uah",
        "zrazkivskyi_raion,plan,,2025,district_budget,260.0,computed,thousand_uah",
        "zrazkivskyi_raion,plan,,2026,district_budget,130.0,computed,thousand_uah",
        "zrazkivskyi_raion,plan,,2024,all,200.0,declared,thousand_uah",
        "zrazkivskyi_raion,plan,,2025,all,320.0,declared,thousand_uah",
        "zrazkivskyi_raion,plan,,2026,all,130.0,declared,thousand_uah",
        "zrazkivskyi_raion,plan,,all,all,650.0,declared,thousand_uah",
        "zrazkivskyi_raion,plan,,2024,district_budget,170.0,declared,thousand_uah",
        "zrazkivskyi_raion,plan,,2025,district_budget,260.0,declared,thousand_uah",
        "zrazkivskyi_raion,plan,,2026,district_budget,130.0,declared,thousand_uah",
        "zrazkivskyi_raion,plan,,all,district_budget,560.0,declared,thousand_uah",
        "zrazkivskyi_raion,plan,,2024,community_budgets,30.0,declared,thousand_uah",
        "zrazkivskyi_raion,plan,,2025,community_budgets,60.0,declared,thousand_uah",
        "zrazkivskyi_raion,plan,,all,community_budgets,90.0,declared,thousand_uah",
        "zrazkivskyi_raion,strategic_goal,1,all,district_budget,,within_appropriations,thousand_uah",
        "zrazkivskyi_raion,strategic_goal,2,all,community_budgets,,annual_budget,thousand_uah",
        "zrazkivskyi_raion,strategic_goal,2,all,district_budget,,not_required,thousand_uah",
        "zrazkivskyi_raion,plan,,all,community_budgets,,annual_budget,thousand_uah",
        "zrazkivskyi_raion,plan,,all,district_budget,,not_required,thousand_uah",
        "zrazkivskyi_raion,plan,,all,district_budget,,within_appropriations,thousand_uah",
    ]


def test_budget_markers_are_counted_never_zero(run_cli: Callable[..., CliRun]) -> None:
    data = json.loads(run_cli("budget", TWO, "--format", "json", "--level", "measure").out)["plans"][0]
    assert data["status"] == "amounts"
    markers = [r for r in data["rows"] if r["basis"] in ("within_appropriations", "not_required", "annual_budget")]
    assert [(r["code"], r["basis"], r["amount"], r["nodes"]) for r in markers] == [
        ("1.3", "within_appropriations", None, ["1.3"]), ("2.1", "not_required", None, ["2.1"]),
        ("2.2", "annual_budget", None, ["2.2"]), ("", "annual_budget", None, ["2.2"]),
        ("", "not_required", None, ["2.1"]), ("", "within_appropriations", None, ["1.3"])]
    assert not any(r["code"] in ("1.3", "2.1", "2.2") and r["basis"] == "computed" for r in data["rows"])
    table = run_cli("budget", TWO, "--format", "markdown").out
    assert "| — | plan total | all sources | within_appropriations |  |  |  | у межах кошторисних призначень (1) |" in table


def test_budget_one_level_in_uah_and_summed_with_thousands(run_cli: Callable[..., CliRun]) -> None:
    rows = _rows(run_cli("budget", ONE, "--format", "csv").out)
    assert rows[1:4] == ["zrazkivska_silska,measure,1,2024,local_budget,150000.00,computed,uah",
                         "zrazkivska_silska,measure,1,2025,local_budget,160000.00,computed,uah",
                         "zrazkivska_silska,measure,1,2026,local_budget,170000.00,computed,uah"]
    assert "Planned money, UAH (грн)." in run_cli("budget", ONE, "--format", "markdown").out
    both = run_cli("budget", ONE, TWO).out
    assert "all plans: computed planned money by source kind, thousand UAH" in both
    assert "  amounts in UAH converted exactly to thousand UAH: zrazkivska_silska" in both
    assert "│ zrazkivska_silska (громада) │ local budget │ 175,0005 │ 160,0 │ 170,0 │   505,0005 │" in both
    assert "│ zrazkivskyi_raion (район)   │ local budget │    200,0 │ 320,0 │ 130,0 │      650,0 │" in both
    assert "│ all                         │ all          │ 375,0005 │ 480,0 │ 300,0 │ 1 155,0005 │" in both


def test_monitor_init_lists_every_item_and_says_term_unknown(tmp_path: Path, run_cli: Callable[..., CliRun]) -> None:
    plan = tmp_path / "one"
    shutil.copytree(FIXTURES / "programme-1level", plan)
    assert run_cli("monitor", "init", str(plan), "--period", "2025-H1").code == 0
    text = (plan / "monitoring" / "2025-H1.yaml").read_text(encoding="utf-8")
    heads = [line for line in text.splitlines() if line.startswith('  "')]
    assert heads == [  # 2 ran in 2024 only; 4 has no known term and stays listed
        '  "1":  # measure: Матеріальна допомога особам, які опинилися у складних життєвих обставинах | term 2024–2026',
        '  "3":  # measure: Консультування мешканців з питань соціального захисту | term 2024-Q1–2026-Q4',
        '  "4":  # measure: Ведення обліку осіб, які потребують допомоги | term unknown']
    assert "    actual:  # UAH; planned 2025: local_budget 160000,00" in text
    assert "    actual:  # UAH; planned 2025: у межах кошторисних призначень" in text
    assert run_cli("validate", str(plan)).code == 0


def test_monitor_init_on_two_levels_skips_the_directions(tmp_path: Path, run_cli: Callable[..., CliRun]) -> None:
    plan = tmp_path / "two"
    shutil.copytree(FIXTURES / "programme-2level", plan)
    assert run_cli("monitor", "init", str(plan), "--period", "2024").code == 0
    text = (plan / "monitoring" / "2024.yaml").read_text(encoding="utf-8")
    assert [line.split(":")[0].strip() for line in text.splitlines() if line.startswith('  "')] == [
        '"1.1"', '"1.2"', '"1.3"', '"2.1"', '"2.2"']
    assert "| term unknown" in text


REPORT = """\
schema_version: 1
period: {year: 2024}
items:
  "1.1": {status: completed, completed: 2024-12-20, actual: {district_budget: 100.0}}
  "1.2": {status: in_progress, started: 2024-05-02, actual: {district_budget: 70.0, community_budgets: 20.0}}
  "1.3": {status: not_started}
"""


def test_diff_compares_terms_as_days(tmp_path: Path, run_cli: Callable[..., CliRun]) -> None:
    plan = tmp_path / "two"
    shutil.copytree(FIXTURES / "programme-2level", plan)
    (plan / "monitoring").mkdir()
    (plan / "monitoring" / "2024.yaml").write_text(REPORT, encoding="utf-8")
    data = json.loads(run_cli("diff", str(plan), "--period", "2024", "--format", "json").out)["plans"][0]
    assert data["unit"] == "thousand_uah"
    assert [(m["code"], m["source"], m["planned"], m["actual"]) for m in data["money"]] == [
        ("1.1", "district_budget", "100.0", "100.0"), ("1.2", "community_budgets", "30.0", "20.0"),
        ("1.2", "district_budget", "70.0", "70.0")]
    assert [(s["code"], s["kind"], s["detail"]) for s in data["schedule"]] == [
        ("1.3", "overdue", "term ended on 20.12.2024, not completed by 31.12.2024"),
        ("2.2", "not_started", "term began on 01.07.2024, not started by 31.12.2024")]
    assert data["execution"]["by_level"]["measure"]["planned"] == "200.0"


def test_export_rows_at_any_depth(run_cli: Callable[..., CliRun]) -> None:
    rows = {r["code"]: r for r in csv.DictReader(io.StringIO(run_cli("export", TWO).out))}
    assert [(c, r["level"], r["parent"]) for c, r in rows.items()] == [
        ("1", "strategic_goal", ""), ("1.1", "measure", "1"), ("1.2", "measure", "1"), ("1.3", "measure", "1"),
        ("2", "strategic_goal", ""), ("2.1", "measure", "2"), ("2.2", "measure", "2")]
    assert (rows["1.2"]["term"], rows["1.2"]["shares"]) == ("2024-Q2–2025-Q4", "district_budget 70; community_budgets 30")
    assert (rows["2.1"]["term_start"], rows["2.1"]["term"], rows["2.1"]["markers"]) == ("unknown", "unknown", "not_required")
    one = list(csv.DictReader(io.StringIO(run_cli("export", ONE).out)))
    assert [(r["level"], r["parent"], r["term"]) for r in one] == [
        ("measure", "", "2024–2026"), ("measure", "", "2024-03-01–2024-12-31"), ("measure", "", "2024-Q1–2026-Q4"),
        ("measure", "", "unknown")]


def test_changes_at_any_depth(tmp_path: Path, run_cli: Callable[..., CliRun]) -> None:
    base, head = tmp_path / "base", tmp_path / "head"
    shutil.copytree(FIXTURES / "programme-1level", base / "one")
    shutil.copytree(FIXTURES / "programme-1level", head / "one")
    goals = head / "one" / "goals" / "measures.yaml"
    text = goals.read_text(encoding="utf-8").replace("2024: 25000.50", "2024: 20000.50")
    goals.write_text(text.replace("end_date: 2024-12-31", "end_date: 2025-03-31"), encoding="utf-8")
    result = run_cli("changes", "--base-dir", str(base), "--head-dir", str(head), "--format", "text")
    assert result.code == 0, result.err
    assert "  net planned money: −5 000,0 грн (505 000,5 → 500 000,5)" in result.out
    assert "    changed measure 2 Придбання путівок на оздоровлення дітей" in result.out
    assert "      term: 2024-03-01-2024-12-31 → 2024-03-01-2025-03-31" in result.out
    assert "  measures:\n    2 Придбання путівок на оздоровлення дітей: 25 000,5 → 20 000,5 (−5 000,0)" in result.out
    assert result.out.endswith("Net planned money: −5 000,0 грн (zrazkivska_silska)\n"
                               "Flags: term-later ×1, declared-total-mismatch ×1, finding-introduced ×1\n")


def test_term_spans() -> None:
    quarter = Term(start=2024, start_quarter=2, end=2025, end_quarter=4)
    assert (quarter.first_day(), quarter.last_day(), quarter.span()) == (
        dt.date(2024, 4, 1), dt.date(2025, 12, 31), "2024-Q2–2025-Q4")
    dated = Term.model_validate({"start_date": "2024-09-01", "end_date": "2024-12-20"})
    assert (dated.start, dated.end, dated.covers(2024), dated.covers(2025)) == (2024, 2024, True, False)
    half = Term(start=2024, start_half=2, end=2024)
    assert (half.first_day(), half.overlaps(dt.date(2024, 1, 1), dt.date(2024, 6, 30))) == (dt.date(2024, 7, 1), False)
    assert Term(start=2021, end=2021).span() == "2021"
    with pytest.raises(ValueError, match="one of a half-year, a quarter or a date"):
        Term(start=2024, start_half=1, start_quarter=1, end=2024)
    with pytest.raises(ValueError, match="is not in the year"):
        Term.model_validate({"start": 2023, "start_date": "2024-01-01", "end": 2024})
    assert not Term(unknown=True, note="x").known and Term(unknown=True).first_day() is None


REPORT_ONE = """\
schema_version: 1
period: {year: 2025, half: 1}
items:
  "1": {status: in_progress, started: 2025-01-10, actual: {local_budget: 80000.00}}
  "3": {status: not_started}
"""


def test_diff_on_one_level_in_uah(tmp_path: Path, run_cli: Callable[..., CliRun]) -> None:
    plan = tmp_path / "one"
    shutil.copytree(FIXTURES / "programme-1level", plan)
    (plan / "monitoring").mkdir()
    (plan / "monitoring" / "2025-H1.yaml").write_text(REPORT_ONE, encoding="utf-8")
    result = run_cli("diff", str(plan), "--period", "2025-H1", "--format", "markdown")
    assert result.code == 0, result.err
    assert "Money: planned against actual, UAH" in result.out
    data = json.loads(run_cli("diff", str(plan), "--period", "2025-H1", "--format", "json").out)["plans"][0]
    assert (data["unit"], [(m["code"], m["planned"], m["actual"]) for m in data["money"]]) == (
        "uah", [("1", "160000.00", "80000.00")])
    assert [(s["code"], s["kind"]) for s in data["schedule"]] == [("3", "not_started")]  # 2025-Q1 started by June


def test_changes_on_two_levels_name_the_directions(tmp_path: Path, run_cli: Callable[..., CliRun]) -> None:
    base, head = tmp_path / "base", tmp_path / "head"
    shutil.copytree(FIXTURES / "programme-2level", base / "two")
    shutil.copytree(FIXTURES / "programme-2level", head / "two")
    goals = head / "two" / "goals" / "1.yaml"
    goals.write_text(goals.read_text(encoding="utf-8").replace("2025: 120.0", "2025: 100.0"), encoding="utf-8")
    result = run_cli("changes", "--base-dir", str(base), "--head-dir", str(head), "--format", "markdown")
    assert result.code == 0, result.err
    assert "| strategic goal | before | after | change |" in result.out
    assert "| `1` Підтримка сімей, які виховують дітей | 650,0 | 630,0 | −20,0 |" in result.out
    assert "changed measure `1.1`" in result.out


def test_report_of_a_passport_shows_its_declared_block(tmp_path: Path, run_cli: Callable[..., CliRun]) -> None:
    target = tmp_path / "passport.md"
    assert run_cli("report", "tests/fixtures/passport-kharkiv", "--year", "2021", "-f", "md", "-o", str(target)).code == 0
    text = target.read_text(encoding="utf-8")
    assert "| Область | Харківська область |" in text
    assert "Заходи не містять сум; нижче наведено підсумки, задекларовані в документі, як їх надруковано." in text
    assert "| обласний бюджет | 261 379,1 | 1 190 740,3 |\n" in text
    assert "| усі джерела | 261 864,1 | 1 195 763,8 |\n" in text
    assert " 0,0 " not in text  # no computed zero stands for the missing measures
