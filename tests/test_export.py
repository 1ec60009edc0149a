"""`stratplan export`: exact rows, both formats, and spreadsheet safety."""

from __future__ import annotations

import csv
import io
import json
import shutil
from collections.abc import Callable
from pathlib import Path

from conftest import FIXTURES, CliRun
from stratplan.output.export import neutralise

SAMPLE_CSV = """\
community,level,code,parent,title,term_start,term_end,term_as_written,executors,sources,indicators,term,markers,shares
sample,strategic_goal,1,,ДОСТУПНІ СОЦІАЛЬНІ ПОСЛУГИ,,,,,,,,,
sample,operational_goal,1.1,1,Розвиток мережі надавачів послуг,,,,,,,,,
sample,task,1.1.1,1.1,Відкрити відділення денного догляду,2021,2023,,УСЗН; ЦНСП,місцевий бюджет; залучені кошти,Кількість отримувачів послуги денного догляду,2021–2023,,
sample,measure,1.1.1.1,1.1.1,Провести ремонт приміщення,2021,2021,,ЦНСП,,,2021,,
sample,measure,1.1.1.2,1.1.1,Навчити працівників відділення,2022,2023,,ЦНСП,,,2022–2023,,
sample,operational_goal,1.2,1,Інформування мешканців про послуги,,,,,,,,,
sample,task,1.2.1,1.2,Оновити сторінку про соціальні послуги на сайті громади,2021,2021,ІІ півріччя 2021,УСЗН,місцевий бюджет,Оновлено сторінку на сайті,2021-H2,,
"""


def test_csv_rows_are_exact(run_cli: Callable[..., CliRun]) -> None:
    result = run_cli("export", "tests/fixtures/sample", "--format", "csv")
    assert result.code == 0
    assert result.out == SAMPLE_CSV.replace("\n", "\r\n")  # RFC 4180 line ends


def test_json_carries_metadata_and_the_same_rows(run_cli: Callable[..., CliRun]) -> None:
    data = json.loads(run_cli("export", "tests/fixtures/sample", "--format", "json").out)
    plan = data["plans"][0]
    assert plan["community"]["slug"] == "sample"
    assert plan["document"]["decision"] == {"body": "Зразківська міська рада", "date": "2020-12-22", "number": "5/12"}
    rows = list(csv.DictReader(io.StringIO(SAMPLE_CSV)))
    assert plan["rows"] == rows


def test_formula_triggers_are_neutralised(tmp_path: Path, run_cli: Callable[..., CliRun]) -> None:
    plan = tmp_path / "evil"
    shutil.copytree(FIXTURES / "sample", plan)
    goal = plan / "goals" / "sg1.yaml"
    goal.write_text(goal.read_text(encoding="utf-8").replace(
        "title: Провести ремонт приміщення", 'title: "=HYPERLINK(\\"http://x\\")"'), encoding="utf-8")
    out = run_cli("export", str(plan)).out
    row = next(r for r in csv.DictReader(io.StringIO(out)) if r["code"] == "1.1.1.1")
    assert row["title"] == "'=HYPERLINK(\"http://x\")"
    assert [neutralise(s) for s in ("+1", "-1", "@a", "\tx", "\rx", "ok")] == ["'+1", "'-1", "'@a", "'\tx", "'\rx", "ok"]


def test_unreadable_plan_is_refused_with_location(tmp_path: Path, run_cli: Callable[..., CliRun]) -> None:
    result = run_cli("export", str(FIXTURES / "broken"))
    assert result.code == 2
    assert "context.yaml:11:3: SC101 unknown key 'strenghts'" in result.err
    assert result.out == ""


def test_output_file(tmp_path: Path, run_cli: Callable[..., CliRun]) -> None:
    target = tmp_path / "rows.csv"
    result = run_cli("export", "tests/fixtures/sample", "-o", str(target))
    assert result.code == 0
    assert target.read_text(encoding="utf-8") == SAMPLE_CSV
