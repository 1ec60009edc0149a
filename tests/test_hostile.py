"""Hostile and unlucky input, round two (issue 20): each class of crash, unbounded run and silent wrong result the
attack found, with its reproducer and variants, through the real command line where it matters.

`P` is a copy of plans/melitopol, as in the issue; figures of time and memory are in bench/limits.py, not here.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest

from conftest import REPO, CliRun
from stratplan.core.numbers import MONEY_CONTEXT, exact, money, plain, uah

MELITOPOL = REPO / "plans" / "melitopol"
FIRST_LINE = "{2022: 200.0, 2023: 200.0, 2024: 200.0, 2025: 50.0, 2026: 50.0, 2027: 50.0}"  # sg2.yaml line 24, task 2.1.1


@pytest.fixture
def plan(tmp_path: Path) -> Path:
    """P: a copy of plans/melitopol."""
    shutil.copytree(MELITOPOL, tmp_path / "P")
    return tmp_path / "P"


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) >= 1, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def concise(run: CliRun) -> list[str]:
    return [line for line in run.out.splitlines() if line]


def codes_at(run: CliRun, code: str) -> list[str]:
    return [line for line in concise(run) if f": {code} " in line]


# --- money: a documented range enforced at load, exact arithmetic ---------------------------------------------

MONITORING = """schema_version: 1
period: {year: 2023}
items:
  "2.1.1":
    status: in_progress
    actual: {all: ACTUAL}
"""


@pytest.mark.parametrize("value", ["1e1000000", "1e400", "1e15", "-1e15", "1000000000000000", "12345678901234567890123456789",
                                   "1.00001", "1e-5", "0.000001"])
def test_a_planned_amount_out_of_range_is_a_located_error(value: str, plan: Path, tmp_path: Path,
                                                          run_cli: Callable[..., CliRun]) -> None:
    edit(plan / "goals" / "sg2.yaml", FIRST_LINE, FIRST_LINE.replace("2022: 200.0", f"2022: {value}"))
    for args in (["validate", "P", "-f", "concise", "--no-cache"], ["budget", "P", "--no-cache"],
                 ["export", "P", "-f", "xlsx", "-o", str(tmp_path / "x.xlsx")], ["report", "P", "--year", "2023"]):
        run = run_cli(*args, cwd=tmp_path)
        assert run.code in (1, 2), (args, run.err)
        assert "internal error" not in run.err
        shown = concise(run) if args[0] == "validate" else run.err.splitlines()
        found = [line for line in shown if "sg2.yaml:24:29: SC103" in line]
        assert len(found) == 1, (args, shown)
        assert ("less than 10^15" in found[0]) != ("decimal places" in found[0])


@pytest.mark.parametrize("value", ["999999999999999.9999", "-999999999999999", "0.0001", "1e14", "0e999999", "12.5000"])
def test_an_amount_in_range_is_accepted(value: str, plan: Path, tmp_path: Path, run_cli: Callable[..., CliRun]) -> None:
    edit(plan / "goals" / "sg2.yaml", '- "Впроваджено організаційні механізми сприяння самореалізації"',
         f'- {{text: "Впроваджено", targets: {{2023: {value}}}}}')
    run = run_cli("validate", "P", "-f", "concise", "--no-cache", cwd=tmp_path)
    assert [line for line in concise(run) if ": SC" in line or ": LD" in line] == []
    assert "internal error" not in run.err


def test_a_negative_planned_amount_is_refused(plan: Path, tmp_path: Path, run_cli: Callable[..., CliRun]) -> None:
    edit(plan / "goals" / "sg2.yaml", FIRST_LINE, FIRST_LINE.replace("2022: 200.0", "2022: -200.0"))
    edit(plan / "goals" / "sg3.yaml", "total: ", "total: -")
    run = run_cli("validate", "P", "-f", "concise", "--no-cache", cwd=tmp_path)
    assert run.code == 1
    found = codes_at(run, "SC103")
    assert [line.split(": SC103")[0] for line in found][:1] == ["P/goals/sg2.yaml:24:29"]
    assert any(line.startswith("P/goals/sg3.yaml:") for line in found)
    assert all("cannot be negative" in line for line in found)


def test_a_29_digit_total_is_refused_not_rounded_into_a_false_bg102(plan: Path, tmp_path: Path,
                                                                      run_cli: Callable[..., CliRun]) -> None:
    edit(plan / "goals" / "sg2.yaml", FIRST_LINE + "\n              total: 750.0",
         "{2022: 1234567890123456789012345678.12, 2023: 0.01}\n              total: 1234567890123456789012345678.13")
    run = run_cli("validate", "P", "-f", "concise", "--no-cache", cwd=tmp_path)
    assert [line.split(" [")[0] for line in codes_at(run, "SC103")] == ["P/goals/sg2.yaml:24:29: SC103",
                                                                        "P/goals/sg2.yaml:25:22: SC103"]
    assert codes_at(run, "BG102") == []


@pytest.mark.parametrize("command", [["validate", "P", "-f", "concise", "--no-cache"], ["diff", "P", "--period", "2023"],
                                     ["report", "P", "--year", "2023"]])
@pytest.mark.parametrize("actual", ["11111111111111111111111111111", "1e1000000", "1.123456"])
def test_a_monitoring_actual_out_of_range_is_a_located_error(command: list[str], actual: str, plan: Path, tmp_path: Path,
                                                             run_cli: Callable[..., CliRun]) -> None:
    (plan / "monitoring").mkdir()
    (plan / "monitoring" / "2023.yaml").write_text(MONITORING.replace("ACTUAL", actual), encoding="utf-8")
    run = run_cli(*command, cwd=tmp_path)
    assert run.code in (1, 2) and "internal error" not in run.err, run.err
    shown = concise(run) if command[0] == "validate" else run.err.splitlines()
    assert [line for line in shown if "P/monitoring/2023.yaml:6:19: SC103" in line], shown


def test_sums_are_exact_beyond_28_digits_in_the_money_context() -> None:
    big, cent = Decimal("999999999999999.9999"), Decimal("0.0001")

    @exact
    def total(values: list[Decimal]) -> Decimal:
        return sum(values, Decimal(0))

    assert total([big] * 1000 + [cent]) == Decimal("999999999999999999.9001")
    assert total([Decimal("1234567890123456789012345678.12"), Decimal("0.01")]) == Decimal("1234567890123456789012345678.13")
    assert MONEY_CONTEXT.prec >= 40


@pytest.mark.parametrize(("value", "text"), [(Decimal("1e999999"), "1E+999999"), (Decimal("-1e-999999"), "-1E-999999"),
                                             (Decimal("12.50"), "12.50"), (Decimal("1e3"), "1000")])
def test_formatting_a_number_never_grows_with_its_exponent(value: Decimal, text: str) -> None:
    assert plain(value) == text
    assert len(uah(value)) < 20 and len(money(Decimal("1e999999"))) < 20


# --- type confusion: YAML 1.2 types, read strictly ------------------------------------------------------------

@pytest.mark.parametrize(("old", "new", "where", "message"), [
    ("term: {start: 2022, end: 2027}", "term: {start: 2022, end: 2027, start_half: true}", "sg2.yaml:19:",
     "expected 1 or 2, got True"),
    ("term: {start: 2022, end: 2027}", "term: {start: 2022, end: 2027, end_half: 2.0}", "sg2.yaml:19:", "expected 1 or 2"),
    ("term: {start: 2022, end: 2027}", "term: {start: 2022, end: 2027, unknown: yes}", "sg2.yaml:19:",
     "valid boolean"),
    ('- "Впроваджено організаційні механізми сприяння самореалізації"',
     '- {text: "Впроваджено", cumulative: yes}', "sg2.yaml:18:", "valid boolean"),
    ('- "Впроваджено організаційні механізми сприяння самореалізації"', '- ""', "sg2.yaml:18:", "at least 1 character"),
    ('- "Впроваджено організаційні механізми сприяння самореалізації"', '- {text: "   "}', "sg2.yaml:18:",
     "empty or only spaces"),
])
def test_values_of_the_wrong_yaml_type_are_refused(old: str, new: str, where: str, message: str, plan: Path, tmp_path: Path,
                                                    run_cli: Callable[..., CliRun]) -> None:
    edit(plan / "goals" / "sg2.yaml", old, new)
    run = run_cli("validate", "P", "-f", "concise", "--no-cache", cwd=tmp_path)
    found = [line for line in codes_at(run, "SC103") if where in line]
    assert len(found) == 1 and message in found[0], concise(run)


@pytest.mark.parametrize("date", ["1639958400", "0", '"1639958400"', "2021-12-20T00:00:00", "2021-02-30"])
def test_a_date_is_a_calendar_date_not_a_timestamp(date: str, plan: Path, tmp_path: Path,
                                                   run_cli: Callable[..., CliRun]) -> None:
    text = (plan / "plan.yaml").read_text(encoding="utf-8")
    line = next(n for n, t in enumerate(text.splitlines(), start=1) if t.strip().startswith("date:"))
    old = next(t for t in text.splitlines() if t.strip().startswith("date:"))
    edit(plan / "plan.yaml", old, old.split("date:")[0] + "date: " + date)
    run = run_cli("validate", "P", "-f", "concise", "--no-cache", cwd=tmp_path)
    found = [x for x in codes_at(run, "SC103") if f"plan.yaml:{line}:" in x]
    assert len(found) == 1, concise(run)


def test_monitoring_flags_and_dates_are_strict(plan: Path, tmp_path: Path, run_cli: Callable[..., CliRun]) -> None:
    (plan / "monitoring").mkdir()
    (plan / "monitoring" / "2023.yaml").write_text(
        "schema_version: 1\nperiod: {year: 2023}\nillustrative: yes\nitems:\n  \"2.1.1\":\n    started: 1672531200\n"
        "    indicators: {true: 5}\n", encoding="utf-8")
    run = run_cli("validate", "P", "-f", "concise", "--no-cache", cwd=tmp_path)
    found = sorted(line.split(" [")[0] for line in codes_at(run, "SC103") if "monitoring" in line)
    assert found == ["P/monitoring/2023.yaml:3:15: SC103", "P/monitoring/2023.yaml:6:14: SC103",
                     "P/monitoring/2023.yaml:7:18: SC103"], concise(run)


def test_json_output_of_the_refusals_is_valid(plan: Path, tmp_path: Path, run_cli: Callable[..., CliRun]) -> None:
    edit(plan / "goals" / "sg2.yaml", FIRST_LINE, FIRST_LINE.replace("2022: 200.0", "2022: 1e1000000"))
    run = run_cli("validate", "P", "-f", "json", "--no-cache", cwd=tmp_path)
    data = json.loads(run.out)
    assert [d["code"] for d in data["diagnostics"] if d["severity"] == "error"] == ["SC103"]


def test_a_reversed_plan_period_is_an_error(plan: Path, tmp_path: Path, run_cli: Callable[..., CliRun]) -> None:
    text = (plan / "plan.yaml").read_text(encoding="utf-8")
    line = next(n for n, t in enumerate(text.splitlines(), start=1) if t.strip().startswith("period:"))
    edit(plan / "plan.yaml", "period: {start: 2021, end: 2027}", "period: {start: 2027, end: 2021}")
    run = run_cli("validate", "P", "-f", "concise", "--no-cache", cwd=tmp_path)
    assert run.code == 1
    found = [x for x in codes_at(run, "SC103") if f"plan.yaml:{line}:" in x]
    assert len(found) == 1 and "2027–2021 ends before it starts" in found[0], concise(run)
