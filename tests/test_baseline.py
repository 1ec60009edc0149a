"""`validate --baseline`: findings already recorded are not reported again, keyed by what they say and not
where they are written; a new defect still fails the run; reformatting and moved lines keep the baseline."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import REPO, CliRun
from test_fmt import scramble

Run = Callable[..., CliRun]
BASELINE = ".stratplan-baseline.json"


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A copy of the real plans with a baseline of their findings recorded beside them."""
    shutil.copytree(REPO / "plans", tmp_path / "plans")
    return tmp_path


def _record(run_cli: Run, repo: Path) -> CliRun:
    return run_cli("validate", "plans", "--no-cache", "--write-baseline", BASELINE, cwd=repo)


def _check(run_cli: Run, repo: Path, *args: str) -> CliRun:
    return run_cli("validate", "plans", "--no-cache", "-f", "concise", "--baseline", BASELINE, *args, cwd=repo)


def test_the_committed_baseline_records_the_real_plans_exactly(run_cli: Run) -> None:
    result = run_cli("validate", "plans", "--no-cache", "--baseline", BASELINE)
    assert result.code == 0
    assert result.out.endswith("checked: 0 errors, 0 warnings, 0 infos; 172 known in the baseline "
                               ".stratplan-baseline.json not shown, 0 stale\n")
    assert run_cli("validate", "plans", "--no-cache").code == 1  # the plans carry their documents' errors


def test_recording_writes_every_finding_and_exits_0(run_cli: Run, repo: Path) -> None:
    recorded = _record(run_cli, repo)
    assert (recorded.code, recorded.out, recorded.err) == (0, "", f"{BASELINE}: 172 finding(s) of 3 plan(s) recorded\n")
    findings = json.loads((repo / BASELINE).read_text(encoding="utf-8"))["findings"]
    assert sum(f["count"] for f in findings) == 172
    assert findings[0] == {
        "plan": "plans/melitopol", "file": "goals/sg1.yaml", "code": "BG101",
        "path": "SG1 › 1.1 › 1.1.1 › 1.1.1.3 › funding › planned › years",
        "message": "'1.1.1.3' plans money in 2023–2027, outside its term 2022–2022", "count": 1}
    assert (repo / BASELINE).read_bytes() == (REPO / BASELINE).read_bytes()  # the committed one is current
    result = _check(run_cli, repo)
    assert (result.code, result.out) == (0, "")
    assert result.err == ("3 plan(s), 19 file(s) checked: 0 errors, 0 warnings, 0 infos; 172 known in the baseline "
                          f"{BASELINE} not shown, 0 stale\n")


def test_reformatting_and_moved_lines_keep_the_baseline(run_cli: Run, repo: Path) -> None:
    _record(run_cli, repo)
    for path in sorted((repo / "plans").rglob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        header, body = text.split("\n", 1)
        # Every line moves down (blank lines above the data) and every mapping is laid out otherwise: keys
        # reversed, four-space indentation, single quotes.
        path.write_text(f"{header}\n\n\n\n{scramble(body)}", encoding="utf-8")
    moved = _check(run_cli, repo)
    assert (moved.code, moved.out) == (0, "")
    assert moved.err.endswith("; 172 known in the baseline .stratplan-baseline.json not shown, 0 stale\n")
    assert run_cli("fmt", "plans", cwd=repo).code == 0
    formatted = _check(run_cli, repo)
    assert (formatted.code, formatted.out) == (0, "")
    assert formatted.err.endswith("; 172 known in the baseline .stratplan-baseline.json not shown, 0 stale\n")


def test_a_new_defect_still_fails_with_the_baseline_in_place(run_cli: Run, repo: Path) -> None:
    _record(run_cli, repo)
    goal = repo / "plans" / "pervomaisk" / "goals" / "sg1.yaml"
    text = goal.read_text(encoding="utf-8")
    assert text.count("term: {start: 2022, end: 2023}") == 2  # tasks 1.1.1 and 1.1.2
    goal.write_text(text.replace("term: {start: 2022, end: 2023}", "term: {unknown: true}", 1), encoding="utf-8")
    result = _check(run_cli, repo)
    assert result.code == 1
    assert [line.split(": ", 1)[1] for line in result.out.splitlines()] == ["TM105 [error] the term of '1.1.1' is unknown"]
    assert result.err.endswith("1 error, 0 warnings, 0 infos; 172 known in the baseline .stratplan-baseline.json "
                               "not shown, 0 stale\n")


def test_a_second_defect_with_the_same_key_is_new(run_cli: Run, repo: Path) -> None:
    _record(run_cli, repo)
    goal = repo / "plans" / "pervomaisk" / "goals" / "sg3.yaml"
    text = goal.read_text(encoding="utf-8")
    blank = '"Кількість послуг, що оцінювались _______"'
    assert text.count(blank) == 2  # 3.2.1 and 3.2.3: two findings with different keys (their node paths)
    indicator = "          - text: " + blank + "\n"
    assert indicator in text
    goal.write_text(text.replace(indicator, indicator * 2, 1), encoding="utf-8")  # the same blank twice in 3.2.1
    result = _check(run_cli, repo)
    assert result.code == 1
    assert [line.split(": ", 1)[1] for line in result.out.splitlines()] == [
        "TX101 [error] unfilled blank '_______' in text: «ькість послуг, що оцінювались _______»"]


def test_fixed_defects_leave_stale_entries(run_cli: Run, repo: Path) -> None:
    _record(run_cli, repo)
    context = repo / "plans" / "starobilsk" / "context.yaml"
    context.write_text(context.read_text(encoding="utf-8").replace("Добропільської", "Старобільської"),
                       encoding="utf-8")
    result = _check(run_cli, repo, "-v")
    assert (result.code, result.out) == (0, "")
    assert result.err == (
        "3 plan(s), 19 file(s) checked: 0 errors, 0 warnings, 0 infos; 171 known in the baseline "
        ".stratplan-baseline.json not shown, 1 stale\n"
        "stale baseline entry (no such finding any more): plans/starobilsk/context.yaml: TX102 context › lists › "
        "items: text names another community: «Добропільської міської територіальної»\n")
    one = run_cli("validate", "plans/melitopol", "--no-cache", "--baseline", BASELINE, cwd=repo)
    assert one.out.endswith("; 32 known in the baseline .stratplan-baseline.json not shown, 0 stale\n")


def test_the_baseline_is_found_from_any_working_folder(run_cli: Run, repo: Path) -> None:
    _record(run_cli, repo)
    result = run_cli("validate", ".", "--no-cache", "--baseline", f"../{BASELINE}", cwd=repo / "plans")
    assert result.code == 0
    assert result.out.endswith("; 172 known in the baseline ../.stratplan-baseline.json not shown, 0 stale\n")


def test_json_output_says_what_the_baseline_held_back(run_cli: Run, repo: Path) -> None:
    _record(run_cli, repo)
    data = json.loads(_check(run_cli, repo, "-f", "json").out)
    assert data["baseline"] == {"file": BASELINE, "known": 172, "stale": []}
    assert data["diagnostics"] == []


def test_exit_zero_reports_and_passes(run_cli: Run) -> None:
    result = run_cli("validate", "plans/starobilsk", "--no-cache", "--exit-zero")
    assert result.code == 0
    assert result.out.endswith("checked: 20 errors, 26 warnings, 3 infos\n")


@pytest.mark.parametrize(("content", "says"), [
    (None, "baseline missing.json does not exist; write one with 'stratplan validate --write-baseline missing.json'"),
    ("[1, 2]", "baseline missing.json is not a stratplan baseline (version 1)"),
    ('{"version": 1, "findings": [{"plan": "p"}]}', "baseline missing.json: an entry needs plan, file, code, path, "
     "message as text and a count of 1 or more, got {'plan': 'p'}"),
])
def test_a_missing_or_broken_baseline_is_a_usage_error(run_cli: Run, repo: Path, content: str | None, says: str) -> None:
    if content is not None:
        (repo / "missing.json").write_text(content, encoding="utf-8")
    result = run_cli("validate", "plans", "--no-cache", "--baseline", "missing.json", cwd=repo)
    assert result.code == 2
    assert result.err == f"stratplan: error: {says}\n"
