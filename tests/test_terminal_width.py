"""Terminal tables follow the terminal's width (`COLUMNS`): titles wrap between words, never cut; Markdown never
truncates."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from rich.cells import cell_len

from conftest import REPO, CliRun
from stratplan.compute.monitoring import compare, find_report
from stratplan.compute.rollup import plan_budget
from stratplan.model.monitoring import Period
from stratplan.plan.loader import load_plan


def _titles(plan: Path) -> list[str]:
    return [node.title for node in load_plan(plan).view.walk()]


def _assert_fits(out: str, width: int, titles: list[str]) -> None:
    assert max(cell_len(line) for line in out.splitlines()) <= width
    words = {word for title in titles for word in title.split()}
    cut = sorted(word for word in words if word not in out)
    assert cut == []


@pytest.mark.parametrize("level", ["strategic_goal", "task"])
def test_budget_table_fits_a_100_column_terminal(level: str, run_cli: Callable[..., CliRun],
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "100")
    out = run_cli("budget", "plans/melitopol", "--level", level).out
    budget = plan_budget(load_plan(REPO / "plans" / "melitopol").view, [level])  # type: ignore[list-item]
    codes = {r.code for r in budget.rows if r.level == level} | {u.code for u in budget.unknown if u.level == level}
    titles = [budget.nodes[code][1] for code in sorted(codes)]
    assert len(titles) == {"strategic_goal": 3, "task": 22}[level]  # 1.1.2, 1.1.3 and 1.2.1 plan only unknown amounts
    _assert_fits(out, 100, titles)
    assert "(1/" in out  # seven years and a total do not fit beside the titles at once


def test_budget_table_is_one_table_when_the_terminal_is_wide(run_cli: Callable[..., CliRun],
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "400")
    out = run_cli("budget", "plans/melitopol").out
    assert "(1/2)" not in out
    assert "│ 1    │ ФОРМУВАННЯ ЯКІСНОЇ ТА ЕФЕКТИВНОЇ СОЦІАЛЬНОЇ ПІДТРИМКИ НАСЕЛЕННЯ    " in out


def test_diff_tables_fit_a_100_column_terminal(tmp_path: Path, run_cli: Callable[..., CliRun],
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    root = tmp_path / "melitopol"
    shutil.copytree(REPO / "plans" / "melitopol", root)
    (root / "monitoring").mkdir()
    shutil.copy(REPO / "examples" / "monitoring" / "melitopol-2023.yaml", root / "monitoring" / "2023.yaml")
    monkeypatch.setenv("COLUMNS", "100")
    out = run_cli("diff", str(root), "--period", "2023").out
    plan = load_plan(root)
    found = find_report(plan.view, Period(year=2023))
    assert found is not None
    result = compare(plan.view, *found)
    texts = [s.detail for s in result.schedule]
    assert len(texts) > 50
    _assert_fits(out, 100, texts)


def test_markdown_never_truncates_titles(run_cli: Callable[..., CliRun], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "100")
    out = run_cli("budget", "plans/melitopol", "--format", "markdown").out
    long_title = "ЗАПРОВАДЖЕННЯ ПРИНЦИПІВ СУЧАСНОГО МЕНЕДЖМЕНТУ В СИСТЕМУ ОРГАНІЗАЦІЇ СОЦІАЛЬНИХ ПОСЛУГ"
    assert long_title in _titles(REPO / "plans" / "melitopol") and len(long_title) > 60
    assert f"| 3 | {long_title} | all sources | computed |" in out
