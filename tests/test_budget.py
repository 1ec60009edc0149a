"""`stratplan budget`: exact Decimal rollups, declared vs computed, unknown amounts, several plans."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest

from conftest import FIXTURES, REPO, CliRun
from stratplan.compute.rollup import plan_budget
from stratplan.core.numbers import uah
from stratplan.plan.loader import load_plan

PLAN = (FIXTURES / "sample" / "plan.yaml").read_text(encoding="utf-8").split("declared_total:")[0]


def _plan(tmp_path: Path, name: str, goal: str, plan_text: str = PLAN) -> Path:
    root = tmp_path / name
    (root / "goals").mkdir(parents=True)
    (root / "plan.yaml").write_text(plan_text.replace("slug: sample", f"slug: {name}"), encoding="utf-8")
    (root / "goals" / "sg1.yaml").write_text(goal, encoding="utf-8")
    return root


def _task(code: str, years: str, extra: str = "") -> str:
    return f"""      - code: "{code}"
        title: Завдання {code}
        funding:
          sources: [local_budget]
          planned:
            - years: {years}
{extra}"""


def _goal(tasks: str, declared: str = "") -> str:
    return f"""code: "1"
title: Ціль
{declared}operational_goals:
  - code: "1.1"
    title: Операційна ціль
    tasks:
{tasks}"""


def test_sample_csv_is_exact(run_cli: Callable[..., CliRun]) -> None:
    result = run_cli("budget", "tests/fixtures/sample", "--format", "csv")
    assert result.code == 0
    assert "\n" not in result.out.replace("\r\n", "")  # RFC 4180 line ends
    assert result.out.replace("\r\n", "\n") == """\
community,level,code,year,source,amount,basis,unit
sample,strategic_goal,1,2021,local_budget,30.0,computed,thousand_uah
sample,strategic_goal,1,2022,attracted,10.25,computed,thousand_uah
sample,strategic_goal,1,2022,local_budget,40.0,computed,thousand_uah
sample,strategic_goal,1,2023,attracted,10.25,computed,thousand_uah
sample,strategic_goal,1,2023,local_budget,40.0,computed,thousand_uah
sample,strategic_goal,1,2021,all,30.0,declared,thousand_uah
sample,strategic_goal,1,2022,all,50.25,declared,thousand_uah
sample,strategic_goal,1,2023,all,50.25,declared,thousand_uah
sample,strategic_goal,1,all,all,130.5,declared,thousand_uah
sample,plan,,2021,local_budget,30.0,computed,thousand_uah
sample,plan,,2022,attracted,10.25,computed,thousand_uah
sample,plan,,2022,local_budget,40.0,computed,thousand_uah
sample,plan,,2023,attracted,10.25,computed,thousand_uah
sample,plan,,2023,local_budget,40.0,computed,thousand_uah
sample,plan,,2021,all,30.0,declared,thousand_uah
sample,plan,,2022,all,50.25,declared,thousand_uah
sample,plan,,2023,all,50.25,declared,thousand_uah
sample,plan,,all,all,130.5,declared,thousand_uah
"""


def test_sum_is_exact_where_rounding_each_row_would_differ(tmp_path: Path) -> None:
    tasks = "".join(_task(f"1.1.{n}", "{2021: 0.05}") for n in (1, 2, 3))
    budget = plan_budget(load_plan(_plan(tmp_path, "exact", _goal(tasks))).view, ["task", "strategic_goal"])
    goal_2021 = [r.amount for r in budget.rows if r.code == "1" and r.year == 2021]
    assert goal_2021 == [Decimal("0.15")]
    assert all(isinstance(r.amount, Decimal) for r in budget.rows)
    # rounding each row to one decimal (0.1 + 0.1 + 0.1 = 0.3) would differ from rounding the sum (0.2)
    assert sum(round(Decimal("0.05"), 1) for _ in range(3)) != round(goal_2021[0], 1)
    assert uah(goal_2021[0]) == "0,15"


def test_unknown_amounts_make_the_gap_unattributed(tmp_path: Path, run_cli: Callable[..., CliRun]) -> None:
    tasks = _task("1.1.1", "{2021: 10.0, 2022: 5.5}") + _task("1.1.2", "{2021: unknown}", "              note: lost\n")
    declared = 'declared_total: {label: "ВСЬОГО:", total: 40.5, years: {2021: 35.0, 2022: 5.5}}\n'
    root = _plan(tmp_path, "gaps", _goal(tasks, declared))
    budget = plan_budget(load_plan(root).view, ["strategic_goal"])
    assert [(g.code, g.year, g.declared, g.computed, g.difference, g.unattributed, g.unknown_nodes)
            for g in budget.gaps] == [("1", 2021, Decimal("35.0"), Decimal("10.0"), Decimal("25.0"), True, ("1.1.2",))]
    out = run_cli("budget", str(root), "--format", "markdown").out
    assert "| 1 | Ціль | all sources | difference | 25,0 |  | 25,0 |" in out
    assert "- goal 1, 2021: declared 35,0, computed 10,0, difference 25,0 unattributed: amounts of 1.1.2 are unknown in the source" in out


def test_plans_without_amounts_say_so(run_cli: Callable[..., CliRun]) -> None:
    result = run_cli("budget", "plans/pervomaisk", "plans/starobilsk")
    assert result.code == 0
    assert "the plan names funding sources for its items but gives no amounts; nothing to total." in result.out
    assert "the plan gives no amounts and names no funding source for any item; nothing to total." in result.out
    assert "0,0" not in result.out


def test_empty_plan(tmp_path: Path, run_cli: Callable[..., CliRun]) -> None:
    root = _plan(tmp_path, "empty", 'code: "1"\ntitle: Ціль\n')
    data = json.loads(run_cli("budget", str(root), "--format", "json").out)
    assert data["plans"][0]["status"] == "no_funding"
    assert data["plans"][0]["rows"] == []


def test_several_plans_roll_up_by_source_kind(tmp_path: Path, run_cli: Callable[..., CliRun]) -> None:
    first = _plan(tmp_path, "first", _goal(_task("1.1.1", "{2021: 1.5}")))
    second = _plan(tmp_path, "second", _goal(_task("1.1.1", "{2021: 2.25, 2022: 1000.0}")))
    out = run_cli("budget", str(tmp_path), "--format", "table").out
    assert out.splitlines()[-5:] == [
        "┡━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━╇━━━━━━╇━━━━━━━━━╇━━━━━━━━━━┩",
        "│ first (громада)  │ local budget │  1,5 │         │      1,5 │",
        "│ second (громада) │ local budget │ 2,25 │ 1 000,0 │ 1 002,25 │",
        "│ all              │ all          │ 3,75 │ 1 000,0 │ 1 003,75 │",
        "└──────────────────┴──────────────┴──────┴─────────┴──────────┘",
    ]
    rows = run_cli("budget", str(first), str(second), "--format", "csv", "--by", "year").out.splitlines()
    assert rows[1:] == ["first,plan,,2021,local_budget,1.5,computed,thousand_uah",
                        "second,plan,,2021,local_budget,2.25,computed,thousand_uah",
                        "second,plan,,2022,local_budget,1000.0,computed,thousand_uah"]


def test_year_filter_and_bad_by(run_cli: Callable[..., CliRun]) -> None:
    rows = run_cli("budget", "tests/fixtures/sample", "--format", "csv", "--year", "2022").out.splitlines()
    assert rows[1:] == ["sample,strategic_goal,1,2022,attracted,10.25,computed,thousand_uah",
                        "sample,strategic_goal,1,2022,local_budget,40.0,computed,thousand_uah",
                        "sample,strategic_goal,1,2022,all,50.25,declared,thousand_uah",
                        "sample,plan,,2022,attracted,10.25,computed,thousand_uah",
                        "sample,plan,,2022,local_budget,40.0,computed,thousand_uah",
                        "sample,plan,,2022,all,50.25,declared,thousand_uah"]
    bad = run_cli("budget", "tests/fixtures/sample", "--by", "yaer")
    assert bad.code == 2
    assert "--by takes year, source, level; got yaer" in bad.err


def test_melitopol_reproduces_the_document_totals() -> None:
    budget = plan_budget(load_plan(REPO / "plans" / "melitopol").view, ["strategic_goal"])
    declared = {(r.code, r.year): r.amount for r in budget.rows if r.basis == "declared"}
    years = range(2021, 2028)
    assert [declared[("1", y)] for y in years] == [Decimal(v) for v in
                                                    ("1880.0", "3654.0", "8486.2", "4036.2", "2741.2", "3241.2", "3241.2")]
    assert declared[("", "all")] == Decimal("42010.0")
    assert [declared[("", y)] for y in years] == [Decimal(v) for v in
                                                   ("2680.0", "4384.0", "10916.2", "4366.2", "4921.2", "8621.2", "6121.2")]
    computed: dict[tuple[str, int], Decimal] = {}
    for r in budget.rows:
        if r.basis == "computed" and isinstance(r.year, int):
            computed[(r.code, r.year)] = computed.get((r.code, r.year), Decimal(0)) + r.amount
    for goal in ("2", "3"):
        assert all(computed.get((goal, y), Decimal(0)) == declared[(goal, y)] for y in years), goal
    goal1 = [g for g in budget.gaps if g.code == "1"]
    assert [g.year for g in goal1] == list(years)
    assert all(g.unattributed for g in goal1)
    assert {n for g in goal1 for n in g.unknown_nodes} == {"1.1.1", "1.1.2", "1.1.3", "1.2.1"}


def test_budget_refuses_a_broken_plan(tmp_path: Path, run_cli: Callable[..., CliRun]) -> None:
    root = tmp_path / "broken"
    shutil.copytree(FIXTURES / "broken", root)
    result = run_cli("budget", str(root))
    assert result.code == 2
    assert "SC101 unknown key 'strenghts'" in result.err


def test_by_without_year_collapses_the_year_columns(run_cli: Callable[..., CliRun]) -> None:
    out = run_cli("budget", "tests/fixtures/sample", "--by", "source,level", "--format", "markdown").out
    table = [line for line in out.splitlines() if line.startswith("|")]
    assert table == [
        "| code | title | source | basis | total |",
        "|---|---|---|---|---:|",
        "| 1 | ДОСТУПНІ СОЦІАЛЬНІ ПОСЛУГИ | залучені кошти | computed | 20,50 |",
        "| 1 | ДОСТУПНІ СОЦІАЛЬНІ ПОСЛУГИ | місцевий бюджет | computed | 110,0 |",
        "| 1 | ДОСТУПНІ СОЦІАЛЬНІ ПОСЛУГИ | all sources | declared | 130,5 |",
        "| — | plan total | залучені кошти | computed | 20,50 |",
        "| — | plan total | місцевий бюджет | computed | 110,0 |",
        "| — | plan total | all sources | declared | 130,5 |",
    ]


def test_naming_a_level_gives_its_rows_without_by_level(run_cli: Callable[..., CliRun]) -> None:
    rows = run_cli("budget", "tests/fixtures/sample", "--by", "year,source", "--level", "task", "-f", "csv").out
    codes = sorted({line.split(",")[2] for line in rows.splitlines()[1:] if line.split(",")[1] == "task"})
    assert codes == ["1.1.1"]  # 1.2.1 names a source but plans no amount


def test_cached_and_parallel_budgets_equal_the_plain_one(tmp_path: Path, run_cli: Callable[..., CliRun]) -> None:
    plans = tmp_path / "plans"
    shutil.copytree(REPO / "plans", plans)
    shutil.copytree(FIXTURES / "sample", plans / "sample")
    cache = str(tmp_path / "cache")
    for fmt in ("csv", "json", "table", "markdown"):
        args = ("budget", "plans", "-f", fmt, "--by", "year,source,level", "--level", "task")
        plain = run_cli(*args, "--no-cache", "-j", "1", cwd=tmp_path)
        assert plain.code == 0 and plain.out
        for extra in (("--cache-dir", cache), ("--cache-dir", cache, "-j", "2")):  # writes the cache, then reads it
            assert run_cli(*args, *extra, cwd=tmp_path).out == plain.out
    entries = list((tmp_path / "cache").rglob("budget/*/*.json"))
    assert len(entries) == 4  # one per plan; the levels asked are part of the key
    for entry in entries:
        entry.write_text('{"format": "v2", "errors": [], "budget": {"rows": [["x"]]}}', encoding="utf-8")
    again = run_cli("budget", "plans", "-f", "csv", "--by", "year,source,level", "--level", "task", "--cache-dir", cache,
                    cwd=tmp_path)
    assert again.out == run_cli("budget", "plans", "-f", "csv", "--by", "year,source,level", "--level", "task",
                                "--no-cache", cwd=tmp_path).out


def test_budget_entry_keeps_every_digit_and_year() -> None:
    from stratplan.pipeline.budget import BudgetOutcome, decode_budget, encode_budget

    budget = plan_budget(load_plan(FIXTURES / "sample").view, ["operational_goal", "task"])
    budget.rows.append(budget.rows[0].__class__("sample", "plan", "", "all", "all", Decimal("1.50E+3"), "declared"))
    back = decode_budget(encode_budget(BudgetOutcome([], budget)))
    assert back.budget == budget
    assert [str(r.amount) for r in back.budget.rows] == [str(r.amount) for r in budget.rows]
    assert str(back.budget.rows[-1].amount) == "1.50E+3"


@pytest.mark.parametrize("fixture", ["programme-2level", "programme-1level", "passport-kharkiv"])
def test_budget_entry_keeps_markers_units_issuers_and_sources_of_gaps(fixture: str) -> None:
    from stratplan.pipeline.budget import BudgetOutcome, decode_budget, encode_budget

    budget = plan_budget(load_plan(FIXTURES / fixture).view, ["top", "measure"])
    assert budget.markers or budget.unit == "uah" or budget.status == "declared_only"
    back = decode_budget(encode_budget(BudgetOutcome([], budget)))
    assert back.budget == budget


def test_budget_refuses_a_broken_plan_from_the_cache_too(tmp_path: Path, run_cli: Callable[..., CliRun]) -> None:
    root = tmp_path / "plans" / "broken"
    shutil.copytree(FIXTURES / "broken", root)
    for _ in range(2):
        result = run_cli("budget", str(root), "--cache-dir", str(tmp_path / "cache"))
        assert result.code == 2
        assert "SC101 unknown key 'strenghts'" in result.err


def test_a_plan_named_twice_is_totalled_once(run_cli: Callable[..., CliRun]) -> None:
    once = run_cli("budget", "plans/melitopol", "-f", "csv", "--no-cache").out
    twice = run_cli("budget", "plans/melitopol", str(REPO / "plans" / "melitopol"), "plans/melitopol/plan.yaml", "-f", "csv",
                    "--no-cache").out
    assert twice == once
    assert "melitopol,plan,,2023,all,7586.2,computed,thousand_uah" in once.splitlines()


def test_one_year_view_totals_the_declared_row(run_cli: Callable[..., CliRun]) -> None:
    out = run_cli("budget", "plans/melitopol", "--year", "2023", "--format", "markdown").out
    assert "| 1 | ФОРМУВАННЯ ЯКІСНОЇ ТА ЕФЕКТИВНОЇ СОЦІАЛЬНОЇ ПІДТРИМКИ НАСЕЛЕННЯ | all sources | declared | 8 486,2 | 8 486,2 |" in out
    assert "| — | plan total | all sources | declared | 10 916,2 | 10 916,2 |" in out
    whole = run_cli("budget", "plans/melitopol", "--format", "markdown").out  # the whole period keeps the printed total
    assert "| — | plan total | all sources | declared | 2 680,0 | 4 384,0 | 10 916,2 | 4 366,2 | 4 921,2 | 8 621,2 | 6 121,2 | 42 010,0 |" in whole


def test_unknown_amounts_are_rows_never_zero(tmp_path: Path, run_cli: Callable[..., CliRun]) -> None:
    rows = run_cli("budget", "plans/melitopol", "--level", "task", "--format", "csv").out.replace("\r\n", "\n").splitlines()
    assert [r for r in rows if ",1.1.2," in r] == [f"melitopol,task,1.1.2,{y},all,,unknown,thousand_uah" for y in range(2021, 2028)]
    assert [r for r in rows if ",1.2.1," in r] == [f"melitopol,task,1.2.1,{y},all,,unknown,thousand_uah" for y in range(2021, 2028)]
    assert [r for r in rows if ",1.1.1," in r] == [
        *[f"melitopol,task,1.1.1,{y},all,5.0,computed,thousand_uah" for y in range(2023, 2028)],
        "melitopol,task,1.1.1,2021,all,,unknown,thousand_uah", "melitopol,task,1.1.1,2022,all,,unknown,thousand_uah"]
    assert "melitopol,plan,,2023,all,,unknown,thousand_uah" in rows
    goals = run_cli("budget", "plans/melitopol", "--format", "markdown").out
    assert ("| 1 | ФОРМУВАННЯ ЯКІСНОЇ ТА ЕФЕКТИВНОЇ СОЦІАЛЬНОЇ ПІДТРИМКИ НАСЕЛЕННЯ | all sources | computed | 1 860,0 + unknown | "
            "164,0 + unknown | 5 156,2 + unknown | 1 356,2 + unknown | 61,2 + unknown | 61,2 + unknown | 61,2 + unknown | "
            "8 720,0 + unknown |") in goals
    tasks = run_cli("budget", "plans/melitopol", "--level", "task", "--format", "markdown").out
    assert ("| 1.1.3 | Посилення кадрового потенціалу надавачів соціальних послуг. | all sources | computed | unknown | unknown | "
            "unknown | unknown | unknown | unknown | unknown | unknown |") in tasks
    data = json.loads(run_cli("budget", "plans/melitopol", "--level", "task", "--format", "json").out)
    assert [r for r in data["plans"][0]["rows"] if r["code"] == "" and r["year"] == 2023 and r["amount"] is None] == [
        {"community": "melitopol", "level": "plan", "code": "", "year": 2023, "source": "all", "amount": None,
         "basis": "unknown", "unknown_nodes": ["1.1.2", "1.1.3", "1.2.1"]}]


def test_a_line_with_only_a_total_is_money_for_the_period(tmp_path: Path, run_cli: Callable[..., CliRun]) -> None:
    tasks = (_task("1.1.1", "{2021: 10.0}") + _task("1.1.2", "{}", "              total: 100.0\n")
             + _task("1.1.3", "{}", "              total: unknown\n              note: lost\n"))
    root = _plan(tmp_path, "period", _goal(tasks))
    rows = run_cli("budget", str(root), "--level", "task", "--format", "csv").out.replace("\r\n", "\n").splitlines()
    assert rows[1:] == [
        "period,task,1.1.1,2021,local_budget,10.0,computed,thousand_uah",
        "period,task,1.1.2,all,local_budget,100.0,period_total,thousand_uah",
        "period,plan,,2021,local_budget,10.0,computed,thousand_uah",
        "period,plan,,all,local_budget,100.0,period_total,thousand_uah",
        "period,task,1.1.3,all,local_budget,,unknown,thousand_uah",
        "period,plan,,all,local_budget,,unknown,thousand_uah",
    ]
    table = [line for line in run_cli("budget", str(root), "--format", "markdown").out.splitlines() if line.startswith("|")]
    assert table[2:] == [
        "| 1 | Ціль | all sources | computed | 10,0 | 10,0 |",
        "| 1 | Ціль | all sources | period_total |  | 100,0 + unknown |",
        "| — | plan total | all sources | computed | 10,0 | 10,0 |",
        "| — | plan total | all sources | period_total |  | 100,0 + unknown |",
    ]
    one_year = run_cli("budget", str(root), "--year", "2021", "--format", "csv").out.replace("\r\n", "\n").splitlines()
    assert one_year[1:] == ["period,strategic_goal,1,2021,local_budget,10.0,computed,thousand_uah", "period,plan,,2021,local_budget,10.0,computed,thousand_uah"]


# Item 7 of a programme passport as printed (https://ts.lica.com.ua/77/text/29783, tests/fixtures/README.md): each
# source's total and years, then "Разом:", in thousand UAH with the document's decimal comma.
PASSPORT = "tests/fixtures/passport-kharkiv"
PRINTED = [  # (source as printed, its catalog name, Всього, 2019, 2020, 2021, 2022, 2023)
    ("із обласного бюджету", "обласний бюджет", "1190740,3", "229312,9", "253044,9", "261379,1", "230645,1", "216358,3"),
    ("із місцевого бюджету", "місцевий бюджет", "3838,5", "1315,4", "993,1", "255,0", "1225,0", "50,0"),
    ("інші джерела", "інші джерела, не заборонені чинним законодавством", "1185,0", "255,0", "235,0", "230,0", "230,0",
     "235,0"),
    ("Разом:", "all sources", "1195763,8", "230883,3", "254273,0", "261864,1", "232100,1", "216643,3"),
]


def test_a_passport_block_by_source_is_reproduced_exactly(run_cli: Callable[..., CliRun]) -> None:
    out = run_cli("budget", PASSPORT, "--by", "year,source", "--format", "markdown").out
    lines = [line for line in out.splitlines() if line.startswith("| — |")]
    expected = []
    for _printed, name, total, *years in PRINTED:
        cells = [uah(Decimal(value.replace(",", "."))) for value in (*years, total)]
        expected.append(f"| — | plan total | {name} | declared | " + " | ".join(cells) + " |")
    assert lines == expected  # the printed rows, in the printed order, every figure as printed, nothing else
    assert "| 2019 | 2020 | 2021 | 2022 | 2023 | total |" in out
    assert "the items give no amounts: the totals are shown as the document declares them" in out
    assert "computed" not in out and "difference" not in out  # no invented zeros to compare the block with


def test_a_passport_without_measures_validates_clean_and_totals_exactly(run_cli: Callable[..., CliRun]) -> None:
    result = run_cli("validate", PASSPORT, "--format", "concise")
    assert (result.code, result.out) == (0, "")  # BG103 finds the sources add up; BG105 claims no goal sum of 0
    data = json.loads(run_cli("budget", PASSPORT, "--format", "json").out)["plans"][0]
    assert data["status"] == "declared_only" and data["gaps"] == []
    declared = {(r["source"], r["year"]): r["amount"] for r in data["rows"]}
    assert declared[("oblast_budget", "all")] == "1190740.3" and declared[("all", 2021)] == "261864.1"
    assert sum(Decimal(declared[(s, 2019)]) for s in ("oblast_budget", "local_budget", "other")) == Decimal(
        declared[("all", 2019)])


def test_only_a_plan_that_says_totals_only_may_have_no_goals_folder(tmp_path: Path, run_cli: Callable[..., CliRun]) -> None:
    copy = tmp_path / "passport"
    shutil.copytree(REPO / PASSPORT, copy)
    plan_file = copy / "plan.yaml"
    plan_file.write_text(plan_file.read_text(encoding="utf-8").replace("totals_only: true", "totals_only: false"),
                         encoding="utf-8")
    result = run_cli("validate", str(copy), "--format", "concise")
    assert result.code == 1
    assert [line.split(": ", 1)[1] for line in result.out.splitlines()] == ["PL103 [error] the plan has no goals folder"]
    assert result.out.split(": ", 1)[0].endswith("passport/goals")
