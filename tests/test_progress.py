"""Across years (`compute.progress`): the two-year fixture's figures, computed by hand from its files.

tests/fixtures/two-years is an illustrative plan for 2023–2025 with monitoring reports for 2023 and 2024.
Planned (the rollup): 2023 = 100,0 + 50,0 + 30,0 + 10,0 + 25,0 = 215,0; 2024 = 120,0 + 40,0 = 160,0 and
2.1.1's unknown amount. Actual: 2023 = 90,0 + 50,0 + 20,0 + 25,0 = 185,0; 2024 = 110,5 + 35,0 + 30,0 = 175,5.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

from conftest import FIXTURES, CliRun
from stratplan.compute.progress import progress
from stratplan.core.numbers import percent_text
from stratplan.plan.loader import load_plan

TWO_YEARS = FIXTURES / "two-years"


def _progress(root: Path = TWO_YEARS, year: int = 2024, since: int = 2023):  # type: ignore[no-untyped-def]
    plan = load_plan(root)
    assert [d.code for d in plan.diagnostics] == []
    return progress(plan.view, year, since)


def test_cumulative_execution_since_the_start() -> None:
    result = _progress()
    assert [(m.year, m.planned, m.planned_unknown, m.actual, m.cumulative_planned, m.cumulative_planned_unknown,
             m.cumulative_actual, m.unreported) for m in result.money] == [
        (2023, Decimal("215.0"), False, Decimal("185.0"), Decimal("215.0"), False, Decimal("185.0"), ()),
        (2024, Decimal("160.0"), True, Decimal("175.5"), Decimal("375.0"), True, Decimal("360.5"), ()),
    ]
    assert [percent_text(m.rate) for m in result.money] == ["86,0 %", "109,7 %"]  # 185/215, 175,5/160
    assert [percent_text(m.cumulative_rate) for m in result.money] == ["86,0 %", "96,1 %"]  # 360,5/375
    assert [Path(m.file or "").name for m in result.money] == ["2023.yaml", "2024.yaml"]


def test_a_year_without_a_report_leaves_the_cumulative_rate_open(tmp_path: Path) -> None:
    root = tmp_path / "plan"
    shutil.copytree(TWO_YEARS, root)
    (root / "monitoring" / "2023.yaml").unlink()
    result = _progress(root)
    assert [(m.year, m.actual, m.cumulative_actual, m.unreported, m.cumulative_rate) for m in result.money] == [
        (2023, None, None, (2023,), None),
        (2024, Decimal("175.5"), Decimal("175.5"), (2023,), None),
    ]
    assert result.reported_years == [2024]


def test_indicators_by_year_cumulative_targets_sum_the_yearly_values() -> None:
    result = _progress()
    lines = {(i.code, i.position): i for i in result.indicators}
    assert sorted(lines) == [("1.1.1", 1), ("1.2.1", 1)]
    daycare = lines["1.1.1", 1]
    assert daycare.cumulative is True
    assert [(y.year, y.target, y.value, y.achieved, y.complete) for y in daycare.years] == [
        (2023, Decimal(20), Decimal(18), Decimal(18), True),
        (2024, Decimal(45), Decimal(22), Decimal(40), True),  # 18 + 22 against the cumulative target 45
    ]
    assert [percent_text(y.achievement) for y in daycare.years] == ["90,0 %", "88,9 %"]
    queue = lines["1.2.1", 1]  # per-year target, fewer is better: 10 / 12
    assert [(y.year, y.target, y.value, y.achieved, percent_text(y.achievement)) for y in queue.years] == [
        (2023, None, None, None, "—"), (2024, Decimal(10), Decimal(12), Decimal(12), "83,3 %")]


def test_a_missing_year_makes_a_running_total_incomplete(tmp_path: Path) -> None:
    root = tmp_path / "plan"
    shutil.copytree(TWO_YEARS, root)
    (root / "monitoring" / "2023.yaml").unlink()
    daycare = next(i for i in _progress(root).indicators if i.code == "1.1.1")
    assert [(y.year, y.achieved, y.complete, y.achievement) for y in daycare.years] == [
        (2023, None, False, None), (2024, Decimal(22), False, None)]


def test_items_overdue_since_earlier_years() -> None:
    result = _progress()
    # 1.1.2 ended in 2023 and its latest report (2023) says in progress; 1.2.2 was completed in 2024
    assert [(o.code, o.term, o.term_end, o.years_overdue, o.status, o.reported_in) for o in result.overdue] == [
        ("1.1.2", "2023–2023", 2023, 1, "in_progress", "2023")]
    assert _progress(year=2023).overdue == []


def test_since_bounds_the_years_shown() -> None:
    result = _progress(year=2024, since=2024)
    assert [(m.year, m.cumulative_planned, m.cumulative_actual) for m in result.money] == [
        (2024, Decimal("160.0"), Decimal("175.5"))]
    assert result.years == [2024]


def test_diff_since_gives_the_same_in_tables(run_cli: Callable[..., CliRun]) -> None:
    data = json.loads(run_cli("diff", str(TWO_YEARS), "--period", "2024", "--since", "2023", "-f", "json").out)
    progress_data = data["plans"][0]["progress"]
    assert [(m["year"], m["planned"], m["actual"], m["cumulative_planned"], m["cumulative_actual"],
             m["cumulative_rate"]) for m in progress_data["money"]] == [
        (2023, "215.0", "185.0", "215.0", "185.0", "86.04651162790697674418604651"),
        (2024, "160.0", "175.5", "375.0", "360.5", "96.13333333333333333333333333")]
    assert [(y["year"], y["target"], y["achieved"], y["achievement"]) for y in progress_data["indicators"][0]["years"]] == [
        (2023, "20", "18", "90.0"), (2024, "45", "40", "88.88888888888888888888888889")]
    assert [o["code"] for o in progress_data["overdue_earlier"]] == ["1.1.2"]
    md = run_cli("diff", str(TWO_YEARS), "--period", "2024", "--since", "2023", "-f", "markdown").out
    assert "| 2024 | 160,0 + unknown | 175,5 | 109,7 % | 375,0 + unknown | 360,5 | 96,1 % |" in md
    assert "| 1.1.1 | 1 | Кількість нових отримувачів послуги денного догляду | yes | 2024 | 45 | 22 | 40 | 88,9 % |" in md
    assert "| 1.1.2 | 2023–2023 | 1 | in\\_progress | 2023 |" in md
    rows = run_cli("diff", str(TWO_YEARS), "--period", "2024", "--since", "2023", "-f", "csv").out.splitlines()
    assert "twoyears,2024,since,2024,,,375.0,360.5,,96.13333333333333333333333333,2023,,planned incomplete" in rows
    assert "twoyears,2024,overdue_earlier,1.1.2,,,,,,,overdue_earlier,in_progress,term ended in 2023; latest report: 2023" in rows
    assert "Across years" not in run_cli("diff", str(TWO_YEARS), "--period", "2024").out


def test_diff_since_refuses_what_it_cannot_show(run_cli: Callable[..., CliRun]) -> None:
    after = run_cli("diff", str(TWO_YEARS), "--period", "2023", "--since", "2024")
    assert (after.code, "--since 2024 is after the period 2023" in after.err) == (2, True)
    before = run_cli("diff", str(TWO_YEARS), "--period", "2024", "--since", "2021")
    assert (before.code, "--since 2021 is outside the plan period 2023–2025" in before.err) == (2, True)
    half = run_cli("diff", str(TWO_YEARS), "--period", "2024-H1", "--since", "2023")
    assert (half.code, "--since goes with a whole year" in half.err) == (2, True)
    assert run_cli("diff", str(TWO_YEARS), "--period", "2024", "--since", "23").code == 2


def test_report_for_2024_shows_the_years_since_the_start(tmp_path: Path, run_cli: Callable[..., CliRun]) -> None:
    out = tmp_path / "r.md"
    assert run_cli("report", str(TWO_YEARS), "--year", "2024", "-f", "md", "-o", str(out)).code == 0
    md = out.read_text(encoding="utf-8")
    section = md[md.index("## Виконання з початку періоду 2023–2024"):md.index("## Якість даних")]
    assert ("| 2023 | 215,0 | 185,0 | 86,0 % | 215,0 | 185,0 | 86,0 % |\n"
            "| 2024 | 160,0 + невідомо | 175,5 | 109,7 % | 375,0 + невідомо | 360,5 | 96,1 % |") in section
    assert ("| 1.1.1 | Кількість нових отримувачів послуги денного догляду (наростаючим підсумком) | 2024 | 45 | 22 | 40 "
            "| 88,9 % |") in section
    assert "| 1.1.2 | Відремонтувати приміщення відділення | 2023–2023 | 1 | виконується | 2023 |" in section
    assert "![Заплановано і фактично за роками, тис. грн](r.chart-years.svg)" in section
    assert "| 2024 | 160,0 + невідомо | 175,5 |" in section  # the year-over-year chart's figures
    svg = (tmp_path / "r.chart-years.svg").read_text(encoding="utf-8")
    assert ">Заплановано: 215,0</text>" in svg and ">Фактично: 175,5</text>" in svg
    # the year's indicator section compares the cumulative indicator's running total, as the section across years
    assert ("- 1.1.1 Кількість нових отримувачів послуги денного догляду (наростаючим підсумком): Ціль 45, фактично 40, "
            "досягнення 88,9 %") in md
    later = run_cli("report", str(TWO_YEARS), "--year", "2024", "--since", "2024", "-f", "md", "-o", str(out))
    assert later.code == 0
    assert "## Виконання з початку періоду 2024–2024" in out.read_text(encoding="utf-8")
