"""`stratplan export --format xlsx`: read back with openpyxl: sheets, cell types, numbers, and no formula anywhere."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import openpyxl

from conftest import FIXTURES, CliRun
from stratplan.output.export import COLUMNS, FORMULA_TRIGGERS

TRIGGER_TITLES = ['=HYPERLINK("http://x","y")', "+1+1", "-2+3", "@SUM(A1)", "\tcmd", "\rcmd"]


def _export(run_cli: Callable[..., CliRun], plan: Path | str, target: Path) -> Any:
    result = run_cli("export", str(plan), "--format", "xlsx", "-o", str(target))
    assert (result.code, result.out) == (0, "")
    return openpyxl.load_workbook(target)


def _values(sheet: Any) -> list[tuple[Any, ...]]:
    return [tuple(cell.value for cell in row) for row in sheet.iter_rows()]


def test_one_sheet_per_level_and_a_budget_sheet(tmp_path: Path, run_cli: Callable[..., CliRun]) -> None:
    book = _export(run_cli, "tests/fixtures/sample", tmp_path / "sample.xlsx")
    assert book.sheetnames == ["strategic_goal", "operational_goal", "task", "measure", "budget", "planned", "plan"]
    assert book["plan"].sheet_state == "hidden"  # the plan's files as data, for stratplan import
    assert _values(book["task"]) == [
        COLUMNS,
        ("sample", "task", "1.1.1", "1.1", "Відкрити відділення денного догляду", 2021, 2023, None, "УСЗН; ЦНСП",
         "місцевий бюджет; залучені кошти", "Кількість отримувачів послуги денного догляду", "2021–2023", None, None),
        ("sample", "task", "1.2.1", "1.2", "Оновити сторінку про соціальні послуги на сайті громади", 2021, 2021,
         "ІІ півріччя 2021", "УСЗН", "місцевий бюджет", "Оновлено сторінку на сайті", "2021-H2", None, None),
    ]
    assert [row[2] for row in _values(book["measure"])[1:]] == ["1.1.1.1", "1.1.1.2"]
    assert [row[2] for row in _values(book["strategic_goal"])[1:]] == ["1"]


def test_budget_sheet_has_money_as_numbers(tmp_path: Path, run_cli: Callable[..., CliRun]) -> None:
    book = _export(run_cli, "tests/fixtures/sample", tmp_path / "sample.xlsx")
    sheet = book["budget"]
    assert _values(sheet) == [
        ("community", "level", "code", "title", "basis", "2021", "2022", "2023", "total", "unit"),
        ("sample", "strategic_goal", "1", "ДОСТУПНІ СОЦІАЛЬНІ ПОСЛУГИ", "computed", 30, 50.25, 50.25, 130.5, "thousand_uah"),
        ("sample", "strategic_goal", "1", "ДОСТУПНІ СОЦІАЛЬНІ ПОСЛУГИ", "declared", 30, 50.25, 50.25, 130.5, "thousand_uah"),
        ("sample", "operational_goal", "1.1", "Розвиток мережі надавачів послуг", "computed", 30, 50.25, 50.25, 130.5, "thousand_uah"),
        ("sample", "task", "1.1.1", "Відкрити відділення денного догляду", "computed", 30, 50.25, 50.25, 130.5, "thousand_uah"),
        ("sample", "plan", "", "plan total", "computed", 30, 50.25, 50.25, 130.5, "thousand_uah"),
        ("sample", "plan", "", "plan total", "declared", 30, 50.25, 50.25, 130.5, "thousand_uah"),
    ]
    money = [cell for row in sheet.iter_rows(min_row=2, min_col=6, max_col=sheet.max_column - 1) for cell in row]
    assert money and all(cell.data_type == "n" and isinstance(cell.value, (int, float)) for cell in money)
    assert {cell.number_format for cell in money} == {"#,##0.0##"}


def test_several_plans_share_the_year_columns(tmp_path: Path, run_cli: Callable[..., CliRun]) -> None:
    book = _export(run_cli, "plans/", tmp_path / "all.xlsx")
    header, *rows = _values(book["budget"])
    assert header == ("community", "level", "code", "title", "basis", *(str(y) for y in range(2021, 2028)), "total", "unit")
    melitopol_total = next(r for r in rows if r[0] == "melitopol" and r[1] == "plan" and r[4] == "declared")
    assert melitopol_total[5:] == (2680, 4384, 10916.2, 4366.2, 4921.2, 8621.2, 6121.2, 42010, "thousand_uah")
    assert {r[0] for r in _values(book["operational_goal"])[1:]} == {"melitopol", "pervomaisk", "starobilsk"}


def test_formula_triggers_are_strings_never_formulas(tmp_path: Path, run_cli: Callable[..., CliRun]) -> None:
    plan = tmp_path / "evil"
    shutil.copytree(FIXTURES / "sample", plan)
    goal = plan / "goals" / "sg1.yaml"
    text = goal.read_text(encoding="utf-8")
    for old, new in zip(["Провести ремонт приміщення", "Навчити працівників відділення", "Відкрити відділення денного догляду",
                         "Розвиток мережі надавачів послуг", "Інформування мешканців про послуги", "ДОСТУПНІ СОЦІАЛЬНІ ПОСЛУГИ"],
                        TRIGGER_TITLES, strict=True):
        escaped = new.replace("\\", "\\\\").replace('"', '\\"').replace("\t", "\\t").replace("\r", "\\r")
        text = text.replace(f"title: {old}", f'title: "{escaped}"')
    goal.write_text(text, encoding="utf-8")
    book = _export(run_cli, plan, tmp_path / "evil.xlsx")
    titles = {}
    for sheet in book:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", f"{sheet.title}!{cell.coordinate} is a formula"
                value = cell.value.replace("_x000D_", "\r") if isinstance(cell.value, str) else cell.value  # OOXML's CR
                if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
                    assert cell.data_type == "s" and cell.quotePrefix, f"{sheet.title}!{cell.coordinate}"
                    titles.setdefault(value, cell.data_type)
    assert sorted(titles) == sorted(TRIGGER_TITLES)  # written as given: no apostrophe added to the text itself


def test_xlsx_needs_an_output_file(run_cli: Callable[..., CliRun]) -> None:
    result = run_cli("export", "tests/fixtures/sample", "--format", "xlsx")
    assert result.code == 2
    assert result.out == ""
    assert result.err == "stratplan: error: xlsx is a binary format: name the file to write with -o FILE.xlsx\n"


def test_same_plans_give_the_same_bytes(tmp_path: Path, run_cli: Callable[..., CliRun]) -> None:
    _export(run_cli, "tests/fixtures/sample", tmp_path / "a.xlsx")
    _export(run_cli, "tests/fixtures/sample", tmp_path / "b.xlsx")
    assert (tmp_path / "a.xlsx").read_bytes() == (tmp_path / "b.xlsx").read_bytes()


def test_unreadable_plan_writes_nothing(tmp_path: Path, run_cli: Callable[..., CliRun]) -> None:
    target = tmp_path / "x.xlsx"
    result = run_cli("export", str(FIXTURES / "broken"), "--format", "xlsx", "-o", str(target))
    assert result.code == 2
    assert not target.exists()


def _widths(sheet: Any) -> dict[int, int]:
    """Set column widths by column number (openpyxl groups equal neighbours; xlsxwriter adds its pixel padding)."""
    return {col: int(dim.width) for dim in sheet.column_dimensions.values() for col in range(dim.min, dim.max + 1)}


def test_every_sheet_has_column_widths_and_an_autofilter(tmp_path: Path, run_cli: Callable[..., CliRun]) -> None:
    book = _export(run_cli, "plans/melitopol", tmp_path / "melitopol.xlsx")
    rows = {name: book[name].max_row for name in book.sheetnames}
    assert rows == {"strategic_goal": 1 + 3, "operational_goal": 1 + 9, "task": 1 + 28, "measure": 1 + 97,
                    "budget": rows["budget"], "planned": 1 + 50, "plan": rows["plan"]}
    for name in book.sheetnames:
        sheet = book[name]
        last = openpyxl.utils.get_column_letter(sheet.max_column)
        assert sheet.auto_filter.ref == f"A1:{last}{sheet.max_row}", name  # the header and every data row
        widths = _widths(sheet)
        assert sorted(widths) == list(range(1, sheet.max_column + 1)), name  # every column has a width
        assert all(6 <= width <= 60 for width in widths.values()), (name, widths)
    task = _widths(book["task"])
    assert (task[1], task[5], task[6]) == (len("melitopol") + 2, 60, len("term_start") + 2)  # titles hit the cap
    assert _widths(book["budget"])[4] == 60


def test_budget_sheet_shows_unknown_money_as_unknown(tmp_path: Path, run_cli: Callable[..., CliRun]) -> None:
    sheet = _export(run_cli, "plans/melitopol", tmp_path / "melitopol.xlsx")["budget"]
    unknown = ("unknown",) * 8
    rows = {(row[2], row[4]): row[5:-1] for row in _values(sheet)[1:]}
    assert {row[-1] for row in _values(sheet)[1:]} == {"thousand_uah"}  # the unit of every row
    assert rows[("1.1.2", "unknown")] == unknown  # 1.1.2 plans only amounts the text dump lost: a row, never zeros
    assert ("1.1.2", "computed") not in rows
    assert rows[("1.1.1", "computed")] == (None, None, 5, 5, 5, 5, 5, 25)
    assert rows[("1.1.1", "unknown")] == ("unknown", "unknown", None, None, None, None, None, "unknown")
    assert rows[("", "unknown")] == unknown
