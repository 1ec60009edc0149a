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


def findings(run_cli: Callable[..., CliRun], cwd: Path, target: str = "P") -> tuple[int, list[str]]:
    """validate's exit code and its concise findings with the plan folder's own path cut off, so a copy of
    plans/melitopol compares with the original (whose real defects are findings too)."""
    run = run_cli("validate", target, "-f", "concise", "--no-cache", cwd=cwd)
    assert "internal error" not in run.err and "Traceback" not in run.err, run.err
    return run.code, sorted(line.split("/", 1 if target == "P" else 2)[-1] for line in concise(run))


def melitopol_findings(run_cli: Callable[..., CliRun]) -> tuple[int, list[str]]:
    """The findings of the bundled, unmodified plans/melitopol: what a copy that loads as before gives."""
    return findings(run_cli, REPO, "plans/melitopol")


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
    refused = [d for d in data["diagnostics"] if d["code"] == "SC103"]
    assert [(d["file"], d["line"]) for d in refused] == [("P/goals/sg2.yaml", 24)]
    assert "less than 10^15" in refused[0]["message"]


def test_a_reversed_plan_period_is_an_error(plan: Path, tmp_path: Path, run_cli: Callable[..., CliRun]) -> None:
    text = (plan / "plan.yaml").read_text(encoding="utf-8")
    line = next(n for n, t in enumerate(text.splitlines(), start=1) if t.strip().startswith("period:"))
    edit(plan / "plan.yaml", "period: {start: 2021, end: 2027}", "period: {start: 2027, end: 2021}")
    run = run_cli("validate", "P", "-f", "concise", "--no-cache", cwd=tmp_path)
    assert run.code == 1
    found = [x for x in codes_at(run, "SC103") if f"plan.yaml:{line}:" in x]
    assert len(found) == 1 and "2027–2021 ends before it starts" in found[0], concise(run)


# --- every file in a plan folder is read or reported -------------------------------------------------------------

@pytest.mark.parametrize(("moved", "reported", "message"), [
    ("sg3.yml", "P/goals/sg3.yml", "not read: only *.yaml files (lower case) directly in goals/ are"),
    ("SG3.YAML", "P/goals/SG3.YAML", "not read: only *.yaml files (lower case) directly in goals/ are"),
    ("sg3.yaml.bak", "P/goals/sg3.yaml.bak", "not read: only *.yaml files (lower case) directly in goals/ are"),
    ("sub/sg3.yaml", "P/goals/sub", "a folder inside goals/ is not read: only *.yaml files directly in goals/ are"),
    ("a/b/sg3.yaml", "P/goals/a", "a folder inside goals/ is not read: only *.yaml files directly in goals/ are"),
])
def test_a_goal_file_that_is_not_read_is_reported(moved: str, reported: str, message: str, plan: Path, tmp_path: Path,
                                                  run_cli: Callable[..., CliRun]) -> None:
    target = plan / "goals" / moved
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.move(plan / "goals" / "sg3.yaml", target)
    run = run_cli("validate", "P", "-f", "concise", "--no-cache", cwd=tmp_path)
    assert run.code == 1
    assert codes_at(run, "PL104") == [f"{reported}: PL104 [error] {message}"]
    assert codes_at(run, "RF105") == []  # whole-plan rules are held back: the plan is incomplete


def test_hidden_files_and_files_beside_the_plan_that_are_not_yaml_are_left_alone(plan: Path, tmp_path: Path,
                                                                                 run_cli: Callable[..., CliRun]) -> None:
    (plan / "goals" / ".gitkeep").write_text("", encoding="utf-8")
    (plan / "goals" / ".sg1.yaml.swp").write_bytes(b"\x00vim")
    (plan / "README.md").write_text("# notes\n", encoding="utf-8")
    (plan / "sources").mkdir()
    (plan / "sources" / "strategy.yaml").write_text("x: 1\n", encoding="utf-8")
    assert findings(run_cli, tmp_path) == melitopol_findings(run_cli)


@pytest.mark.parametrize("name", ["plan.yml", "Context.yaml", "sg4.yaml", "notes.YML"])
def test_a_yaml_file_beside_plan_yaml_that_is_not_read_is_reported(name: str, plan: Path, tmp_path: Path,
                                                                   run_cli: Callable[..., CliRun]) -> None:
    (plan / name).write_text("x: 1\n", encoding="utf-8")
    run = run_cli("validate", "P", "-f", "concise", "--no-cache", cwd=tmp_path)
    assert codes_at(run, "PL104") == [f"P/{name}: PL104 [error] not read: a plan folder holds plan.yaml, context.yaml, "
                                      "goals/*.yaml and monitoring/*.yaml"]


def _no_goals(plan: Path) -> None:
    shutil.rmtree(plan / "goals")


def _empty_goals(plan: Path) -> None:
    shutil.rmtree(plan / "goals")
    (plan / "goals").mkdir()
    (plan / "goals" / ".gitkeep").write_text("", encoding="utf-8")


def _goals_file(plan: Path) -> None:
    shutil.rmtree(plan / "goals")
    (plan / "goals").write_text("code: '1'\n", encoding="utf-8")


@pytest.mark.parametrize(("make", "message"), [
    (_no_goals, "the plan has no goals folder"),
    (_empty_goals, "goals/ holds no goal file"),
    (_goals_file, "goals is not a folder"),
])
def test_a_plan_without_readable_goals_is_an_error(make: Callable[[Path], None], message: str, plan: Path, tmp_path: Path,
                                                   run_cli: Callable[..., CliRun]) -> None:
    make(plan)
    run = run_cli("validate", "P", "-f", "concise", "--no-cache", cwd=tmp_path)
    assert run.code == 1
    assert codes_at(run, "PL103") == [f"P/goals: PL103 [error] {message}"]
    budget = run_cli("budget", "P", "--no-cache", cwd=tmp_path)
    assert budget.code == 2 and f"P/goals: PL103 {message}" in budget.err


def test_an_unreadable_goals_folder_is_an_error(plan: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                run_cli: Callable[..., CliRun]) -> None:
    import os

    real = os.scandir

    def scandir(path: object) -> object:  # root may read any folder: deny this one as a mode 000 folder would
        if str(path).endswith("goals"):
            raise PermissionError(13, "Permission denied", str(path))
        return real(path)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "scandir", scandir)
    run = run_cli("validate", "P", "-f", "concise", "--no-cache", "-j", "1", cwd=tmp_path)
    assert codes_at(run, "PL103") == ["P/goals: PL103 [error] goals cannot be read: Permission denied"]


MONITORING_2023 = "schema_version: 1\nperiod: {year: 2023}\nitems: {}\n"


@pytest.mark.parametrize(("files", "expected"), [
    ({"2023.yaml": MONITORING_2023.replace("2023", "2024")}, ["P/monitoring/2023.yaml: PL105 [error] reports on 2024, "
                                                             "but is named 2023.yaml"]),
    ({"report.yaml": MONITORING_2023}, ["P/monitoring/report.yaml: PL105 [error] a monitoring file is named after its "
                                        "period: 2023.yaml or 2023-H1.yaml"]),
    ({"2023.yaml": MONITORING_2023, "2023-final.yaml": MONITORING_2023},
     ["P/monitoring/2023.yaml: PL105 [error] a second report on 2023 (the first is P/monitoring/2023-final.yaml); one "
      "file per period",
      "P/monitoring/2023-final.yaml: PL105 [error] a monitoring file is named after its period: 2023.yaml or "
      "2023-H1.yaml"]),
    ({"2023.yml": MONITORING_2023}, []),
])
def test_monitoring_files_are_named_after_their_period_one_per_period(files: dict[str, str], expected: list[str],
                                                                      plan: Path, tmp_path: Path,
                                                                      run_cli: Callable[..., CliRun]) -> None:
    (plan / "monitoring").mkdir()
    for name, text in files.items():
        (plan / "monitoring" / name).write_text(text, encoding="utf-8")
    run = run_cli("validate", "P", "-f", "concise", "--no-cache", cwd=tmp_path)
    assert sorted(codes_at(run, "PL105")) == sorted(expected)
    assert run.code == 1


def test_a_monitoring_file_that_is_not_read_is_reported(plan: Path, tmp_path: Path, run_cli: Callable[..., CliRun]) -> None:
    (plan / "monitoring").mkdir()
    (plan / "monitoring" / "2023.yml").write_text(MONITORING_2023, encoding="utf-8")
    run = run_cli("validate", "P", "-f", "concise", "--no-cache", cwd=tmp_path)
    assert codes_at(run, "PL104") == ["P/monitoring/2023.yml: PL104 [error] not read: only *.yaml files (lower case) "
                                      "directly in monitoring/ are"]


def test_monitoring_as_a_file_is_reported_and_monitor_init_says_so(plan: Path, tmp_path: Path,
                                                                   run_cli: Callable[..., CliRun]) -> None:
    (plan / "monitoring").write_text("not a folder\n", encoding="utf-8")
    run = run_cli("validate", "P", "-f", "concise", "--no-cache", cwd=tmp_path)
    assert codes_at(run, "PL104") == ["P/monitoring: PL104 [error] monitoring is not a folder: monitoring reports are "
                                      "monitoring/<period>.yaml"]
    init = run_cli("monitor", "init", "P", "--period", "2023", cwd=tmp_path)
    assert init.code == 2 and "internal error" not in init.err
    assert "P/monitoring: PL104 monitoring is not a folder" in init.err
    other = run_cli("monitor", "init", "P", "--period", "2023", "-o", str(tmp_path / "monitoring" / "x" / "2023.yaml"),
                    cwd=tmp_path)
    assert other.code == 2  # the plan does not load while monitoring is a file


# --- names that are not UTF-8, control characters: escaped in every output, never written raw -----------------

def _run_bytes(args: list[str], cwd: Path, **env: str) -> tuple[int, bytes, bytes]:
    import os
    import subprocess
    import sys

    environment = {**os.environ, "PYTHONPATH": str(REPO / "src"), **env}
    environment.pop("GITHUB_ACTIONS", None)
    done = subprocess.run([sys.executable, "-m", "stratplan", *args], cwd=cwd, env=environment, capture_output=True,
                          timeout=120, check=False)
    return done.returncode, done.stdout, done.stderr


def _rename(plan: Path, name: bytes) -> None:
    import os

    os.rename(plan / "goals" / "sg3.yaml", os.path.join(os.fsencode(plan / "goals"), name))


@pytest.mark.parametrize("fmt", ["text", "concise", "json", "github", "sarif"])
@pytest.mark.parametrize(("name", "shown"), [(b"x\xff.yaml", "x\\xff.yaml"), (b"x\x1b]0;pwned\x07.yaml", "x\\x1b]0;pwned\\x07.yaml"),
                                             (b"\x9b31m.yaml", "\\x9b31m.yaml")])
def test_an_odd_file_name_is_refused_and_shown_escaped_in_every_format(fmt: str, name: bytes, shown: str, plan: Path,
                                                                       tmp_path: Path) -> None:
    _rename(plan, name)
    for locale in ("C.UTF-8", "C"):  # a strict and a lenient stdout encoder
        code, out, err = _run_bytes(["validate", "P", "-f", fmt, "--no-cache"], tmp_path, LC_ALL=locale, PYTHONIOENCODING="utf-8")
        assert code == 1, err
        text = out.decode("utf-8")  # valid UTF-8, or this raises
        assert "\x1b" not in text and "\x07" not in text and "\x9b" not in text
        assert b"Traceback" not in err
        from urllib.parse import quote

        escaped = {"json": shown.replace("\\", "\\\\"), "sarif": quote(shown, safe="/-._~!$&'()*+,;=:@")}.get(fmt, shown)
        assert "LD118" in text and escaped in text
        if fmt in ("json", "sarif"):
            json.loads(text)


def test_the_report_of_a_plan_with_an_odd_file_name_is_refused_with_a_clear_message(plan: Path, tmp_path: Path) -> None:
    _rename(plan, b"x\xff.yaml")
    code, out, err = _run_bytes(["report", "P", "--year", "2023", "-o", str(tmp_path / "r.html")], tmp_path)
    assert code == 2 and out == b""
    assert "P/goals/x\\xff.yaml: LD118 the file name has bytes that are not UTF-8" in err.decode("utf-8")


def test_fmt_shows_odd_names_escaped(plan: Path, tmp_path: Path) -> None:
    goal = plan / "goals" / "sg3.yaml"
    edit(goal, 'code: "3"', 'code:    "3"')
    _rename(plan, b"e\x1b[2J.yaml")
    code, out, err = _run_bytes(["fmt", "--check", "P/goals/e\x1b[2J.yaml"], tmp_path)
    assert code == 1, err
    assert out.decode("utf-8") == "would reformat P/goals/e\\x1b[2J.yaml\n"
    assert b"\x1b" not in err


def test_github_annotations_carry_no_escape_or_bell(plan: Path, tmp_path: Path, run_cli: Callable[..., CliRun]) -> None:
    edit(plan / "goals" / "sg2.yaml", 'title: "ІНТЕГРАЦІЯ', 'tit\\e]0;x\\ale: "ІНТЕГРАЦІЯ')  # an unknown key with ESC, BEL
    text = (plan / "goals" / "sg2.yaml").read_text(encoding="utf-8").replace("tit\\e]0;x\\ale:", '"tit\\e]0;x\\ale":')
    (plan / "goals" / "sg2.yaml").write_text(text, encoding="utf-8")
    for fmt in ("github", "concise", "text"):
        run = run_cli("validate", "P", "-f", fmt, "--no-cache", cwd=tmp_path)
        assert "SC101" in run.out or "unknown-key" in run.out
        assert "\x1b" not in run.out and "\x07" not in run.out, fmt


# --- git: a damaged repository and odd names are diagnostics, not crashes -----------------------------------------

def _git(cwd: Path, *args: str) -> str:
    import subprocess

    return subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@t", *args], cwd=cwd, check=True,
                          capture_output=True, text=True).stdout.strip()


@pytest.fixture
def repository(plan: Path, tmp_path: Path) -> Path:
    _git(tmp_path, "init", "-q")
    _git(tmp_path, "add", ".")
    _git(tmp_path, "commit", "-qm", "base")
    return tmp_path


def test_changes_reports_a_missing_blob(repository: Path, run_cli: Callable[..., CliRun]) -> None:
    blob = _git(repository, "rev-parse", "HEAD:P/goals/sg1.yaml")
    (repository / ".git" / "objects" / blob[:2] / blob[2:]).unlink()
    run = run_cli("changes", "--base", "HEAD", "P", "-f", "json", cwd=repository)
    assert run.code == 0 and "internal error" not in run.err
    assert "P/goals/sg1.yaml: LD114 cannot read from git: the object is missing from the repository" in run.out


def test_changes_reports_a_damaged_blob(repository: Path, run_cli: Callable[..., CliRun]) -> None:
    blob = _git(repository, "rev-parse", "HEAD:P/goals/sg2.yaml")
    path = repository / ".git" / "objects" / blob[:2] / blob[2:]
    path.chmod(0o644)
    path.write_bytes(path.read_bytes()[:30])
    run = run_cli("changes", "--base", "HEAD", "P", cwd=repository)
    assert run.code == 0 and "internal error" not in run.err
    assert "P/goals/sg2.yaml: LD114 cannot read from git" in run.out


def test_changes_with_a_missing_tree_is_a_usage_error(repository: Path, run_cli: Callable[..., CliRun]) -> None:
    tree = _git(repository, "rev-parse", "HEAD:P/goals")
    (repository / ".git" / "objects" / tree[:2] / tree[2:]).unlink()
    run = run_cli("changes", "--base", "HEAD", "P", cwd=repository)
    assert run.code == 2 and run.err.startswith("stratplan: error: git ls-tree failed:")


def test_changes_over_a_commit_with_an_odd_name(repository: Path) -> None:
    import os

    plan = repository / "P"
    shutil.copy(plan / "goals" / "sg3.yaml", os.path.join(os.fsencode(plan / "goals"), b"x\xff\x1b.yaml"))
    _git(repository, "add", ".")
    _git(repository, "commit", "-qm", "odd name")
    for fmt in ("text", "markdown", "json"):
        code, out, err = _run_bytes(["changes", "--base", "HEAD~1", "--head", "HEAD", "P", "-f", fmt], repository)
        assert code == 0, err
        text = out.decode("utf-8")
        assert "P/goals/x\\xff\\x1b.yaml" in text.replace("\\\\", "\\") and "\x1b" not in text


def test_a_blob_is_never_read_past_the_size_limit(repository: Path, run_cli: Callable[..., CliRun]) -> None:
    (repository / "P" / "goals" / "sg9.yaml").write_bytes(b"# " + b"0" * (6 * 1024 * 1024) + b"\n")
    _git(repository, "add", ".")
    _git(repository, "commit", "-qm", "big")
    from stratplan.io import git

    read: list[str] = []
    real = git.read_blobs
    git.read_blobs = lambda top, objects, limit=git.MAX_BYTES: read.extend(objects) or real(top, read, limit)  # type: ignore[assignment,func-returns-value]
    try:
        run = run_cli("changes", "--base", "HEAD~1", "--head", "HEAD", "P", cwd=repository)
    finally:
        git.read_blobs = real
    big = _git(repository, "rev-parse", "HEAD:P/goals/sg9.yaml")
    assert big not in read
    assert "P/goals/sg9.yaml: LD102 file is 6291459 bytes, over the 5242880-byte limit" in run.out


# --- output files: a folder, a full disk, no permission are usage errors; nothing half-written --------------------

@pytest.mark.parametrize("command", [["report", "P", "--year", "2023", "-o", "OUT"], ["export", "P", "-f", "csv", "-o", "OUT"],
                                     ["export", "P", "-f", "xlsx", "-o", "OUT"],
                                     ["monitor", "init", "P", "--period", "2023", "-o", "OUT"]])
def test_an_output_that_cannot_be_written_is_a_usage_error(command: list[str], plan: Path, tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch,
                                                           run_cli: Callable[..., CliRun]) -> None:
    import errno
    import os

    folder = tmp_path / "out"
    folder.mkdir()
    run = run_cli(*[str(folder) if a == "OUT" else a for a in command], cwd=tmp_path)
    assert run.code == 2 and "internal error" not in run.err, run.err
    assert "out" in run.err and ("is a folder" in run.err or "exists" in run.err)
    target = tmp_path / "new" / "file.out"
    real = os.fsync

    def full(descriptor: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    run = run_cli(*[str(target) if a == "OUT" else a for a in command], cwd=tmp_path)
    monkeypatch.setattr(os, "fsync", real)
    assert run.code == 2 and run.err.startswith("stratplan: error: cannot write "), run.err
    assert "No space left on device; nothing was written there" in run.err
    assert list((tmp_path / "new").iterdir()) == []  # no file, no temporary file


def test_export_writes_into_a_device_it_is_given(plan: Path, tmp_path: Path, run_cli: Callable[..., CliRun]) -> None:
    run = run_cli("export", "P", "-f", "csv", "-o", "/dev/full", cwd=tmp_path)
    assert run.code == 2 and "cannot write" in run.err and "No space left on device" in run.err
    ok = run_cli("export", "P", "-f", "csv", "-o", "/dev/null", cwd=tmp_path)
    assert ok.code == 0


def test_monitor_init_never_leaves_a_partial_file(plan: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                  run_cli: Callable[..., CliRun]) -> None:
    import errno
    import os

    def full(descriptor: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    run = run_cli("monitor", "init", "P", "--period", "2023", cwd=tmp_path)
    assert run.code == 2 and "No space left on device" in run.err
    assert sorted(p.name for p in (plan / "monitoring").iterdir()) == []
    monkeypatch.undo()
    assert findings(run_cli, tmp_path) == melitopol_findings(run_cli)  # the plan still loads as before
    assert run_cli("monitor", "init", "P", "--period", "2023", cwd=tmp_path).code == 0
    again = run_cli("monitor", "init", "P", "--period", "2023", cwd=tmp_path)
    assert again.code == 2 and "exists; stratplan never overwrites a monitoring file" in again.err


# --- the cache folder is input: anything odd is a miss; a file edited during a run cannot poison it ------------

def _lint(plans: Path, store: object) -> tuple[list[object], int]:
    from stratplan.check.config import LintConfig
    from stratplan.pipeline.lint import lint_paths

    result = lint_paths([plans], LintConfig(), cache=store)  # type: ignore[arg-type]
    return [*result.diagnostics], result.cached


def _forged(text: str) -> bytes:
    """An entry with a checksum that matches: what a hostile writer (or a foreign tool) could put there."""
    import hashlib

    payload = text.encode("utf-8")
    return b"stratplan-cache " + hashlib.blake2b(payload, digest_size=16).hexdigest().encode() + b"\n" + payload


HOSTILE_ENTRIES: dict[str, Callable[[Path], None]] = {
    "deep-json-raw": lambda p: p.write_text('{"format": "v3", "files": 1, "diagnostics": ' + "[" * 200_000 + "]" * 200_000 + "}"),
    "deep-json": lambda p: p.write_bytes(_forged('{"format": "v3", "files": 1, "diagnostics": ' + "[" * 200_000 + "]" * 200_000 + "}")),
    "rows-not-a-list": lambda p: p.write_bytes(_forged('{"format": "v3", "files": 1, "diagnostics": {"a": 1}}')),
    "huge-number": lambda p: p.write_bytes(_forged('{"format": "v3", "files": ' + "9" * 100_000 + ', "diagnostics": []}')),
    "bad-checksum": lambda p: p.write_bytes(b"stratplan-cache " + b"0" * 32 + b"\n" + p.read_bytes().split(b"\n", 1)[1]),
    "sparse-1-GiB": lambda p: p.open("wb").truncate(1 << 30),
    "fifo": lambda p: (p.unlink(), __import__("os").mkfifo(p)),
    "symlink": lambda p: (p.unlink(), p.symlink_to("/dev/zero")),
    "folder": lambda p: (p.unlink(), p.mkdir()),
}


@pytest.mark.parametrize("name", sorted(HOSTILE_ENTRIES))
def test_a_hostile_cache_entry_is_a_miss(name: str, tmp_path: Path) -> None:
    from stratplan.io import cache

    shutil.copytree(MELITOPOL, tmp_path / "plans" / "P")
    store = cache.ResultCache(tmp_path / "cache")
    reference, _ = _lint(tmp_path / "plans", None)
    assert _lint(tmp_path / "plans", store) == (reference, 0)
    entries = [p for p in (tmp_path / "cache").rglob("*.json") if p.parent.parent.name == "lint"]
    assert len(entries) == 1
    HOSTILE_ENTRIES[name](entries[0])
    assert _lint(tmp_path / "plans", cache.ResultCache(tmp_path / "cache")) == (reference, 0)


@pytest.mark.parametrize("amount", ["1e999999999", "NaN", "Infinity", "x"])
def test_a_hostile_budget_entry_is_a_miss(amount: str, tmp_path: Path) -> None:
    from stratplan.io import cache
    from stratplan.pipeline.budget import decode_budget

    shutil.copytree(MELITOPOL, tmp_path / "plans" / "P")
    store = cache.ResultCache(tmp_path / "cache")
    from stratplan import api

    first = api.budget([tmp_path / "plans"], cache=store)
    (entry,) = [p for p in (tmp_path / "cache").rglob("*.json") if p.parent.parent.name == "budget"]
    text = cache.read_entry(entry)
    assert text is not None
    data = json.loads(text)
    data["budget"]["rows"][0][5] = amount
    entry.write_bytes(_forged(json.dumps(data)))
    with pytest.raises((ValueError, ArithmeticError)):
        decode_budget(json.dumps(data))
    assert api.budget([tmp_path / "plans"], cache=cache.ResultCache(tmp_path / "cache")) == first


def test_a_hostile_digest_memo_is_ignored(tmp_path: Path) -> None:
    from stratplan.io import cache

    shutil.copytree(MELITOPOL, tmp_path / "plans" / "P")
    memo = tmp_path / "cache" / cache.FORMAT / "digests.json"
    memo.parent.mkdir(parents=True)
    memo.write_bytes(_forged('{"format": "v3", "files": ' + "[" * 100_000 + "]" * 100_000 + "}"))
    reference, _ = _lint(tmp_path / "plans", None)
    assert _lint(tmp_path / "plans", cache.ResultCache(tmp_path / "cache")) == (reference, 0)


def test_a_file_edited_while_it_is_read_does_not_poison_the_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from stratplan.io import cache
    from stratplan.plan import loader

    plans = tmp_path / "plans"
    shutil.copytree(MELITOPOL, plans / "P")
    goal = plans / "P" / "goals" / "sg2.yaml"
    old = goal.read_bytes()
    new = old.replace(b'title: "\xd0\x86\xd0\x9d', b'titel: "\xd0\x86\xd0\x9d', 1)  # an unknown key: SC101
    assert new != old
    real = getattr(loader, "read_regular_file", None) or __import__("stratplan.io.files").io.files.read_regular_file

    def edited_between_key_and_read(path: Path, limit: int = 5 * 1024 * 1024) -> bytes:
        if path.name == "sg2.yaml":
            goal.write_bytes(new)  # the editor saves after the key was made, before the loader reads
        return real(path, limit)

    from stratplan.io import files

    monkeypatch.setattr(files, "read_regular_file", edited_between_key_and_read)
    monkeypatch.setattr(loader, "read_regular_file", edited_between_key_and_read, raising=False)
    store = cache.ResultCache(tmp_path / "cache")
    during, cached = _lint(plans, store)
    assert cached == 0 and any(getattr(d, "code", "") == "SC101" for d in during)  # the run linted the new bytes
    monkeypatch.undo()
    goal.write_bytes(old)  # back to the content the key was made from
    reference, _ = _lint(plans, None)
    after, _cached = _lint(plans, cache.ResultCache(tmp_path / "cache"))
    assert after == reference
    assert not any(getattr(d, "code", "") == "SC101" for d in after)


# --- --templates: a sandbox, so a template (a pull request's own, in CI) cannot run anything --------------------

ESCAPES = [
    "{{ ''.__class__.__mro__ }}",
    "{{ ''.__class__.__mro__[1].__subclasses__() | length }}",
    "{% for c in ().__class__.__base__.__subclasses__() %}{{ c }}{% endfor %}",
    "{{ cycler.__init__.__globals__.os.popen('id').read() }}",
    "{{ lipsum.__globals__['os'].system('touch pwned') }}",
    "{{ r.__dict__ }}",
    "{{ '{0.__class__.__mro__}'.format(r) }}",
    "{{ r.goals.append(1) }}",
    "{{ l.update({'a': 1}) }}",
]


@pytest.mark.parametrize("template", ESCAPES)
def test_a_template_cannot_escape_the_sandbox(template: str, plan: Path, tmp_path: Path,
                                              run_cli: Callable[..., CliRun]) -> None:
    folder = tmp_path / "templates"
    folder.mkdir()
    (folder / "report.html.j2").write_text(template + "\n", encoding="utf-8")
    run = run_cli("report", "P", "--year", "2023", "--templates", str(folder), "-o", str(tmp_path / "r.html"), cwd=tmp_path)
    assert run.code == 2, (run.out, run.err)
    assert run.err.startswith("stratplan: error: template") and "Traceback" not in run.err
    assert not (tmp_path / "r.html").exists() and not (tmp_path / "pwned").exists()


def test_a_template_may_still_read_the_report_and_use_the_filters(plan: Path, tmp_path: Path,
                                                                  run_cli: Callable[..., CliRun]) -> None:
    folder = tmp_path / "templates"
    folder.mkdir()
    (folder / "report.md.j2").write_text("{{ r.cover.title | md }}: {% for k, v in l.items() if k == 'unknown' %}{{ v }}"
                                         "{% endfor %} {{ 1234.5 | uah }}\n", encoding="utf-8")
    run = run_cli("report", "P", "--year", "2023", "-f", "md", "--templates", str(folder), "-o", str(tmp_path / "r.md"),
                  cwd=tmp_path)
    assert run.code == 0, run.err
    assert (tmp_path / "r.md").read_text(encoding="utf-8").endswith(": невідомо 1 234,5\n")


# --- configuration found walking up: anyone's pyproject.toml is read safely ----------------------------------------

@pytest.mark.parametrize(("content", "message"), [
    ("a = " + "[" * 100_000 + "]" * 100_000 + "\n", "nested too deeply"),
    ("x = '" + "y" * (2 * 1024 * 1024) + "'\n", "over the 1048576-byte limit"),
    ("[tool]\nstratplan = [1, 2]\n", "configuration must be a mapping"),
    ("tool = 'not a table'\n", None),
    ("[tool.stratplan]\nselect = 5\n", "expected a list of rule codes"),
])
def test_an_odd_pyproject_above_the_plans_is_a_usage_error_or_ignored(content: str, message: str | None, plan: Path,
                                                                       tmp_path: Path, run_cli: Callable[..., CliRun]) -> None:
    (tmp_path / "pyproject.toml").write_text(content, encoding="utf-8")
    run = run_cli("validate", "P", "-f", "concise", "--no-cache", cwd=tmp_path)
    assert "internal error" not in run.err
    if message is None:
        assert findings(run_cli, tmp_path) == melitopol_findings(run_cli)
    else:
        assert run.code == 2 and message in run.err and "pyproject.toml" in run.err, run.err


def test_a_fifo_as_config_does_not_block(plan: Path, tmp_path: Path, run_cli: Callable[..., CliRun]) -> None:
    import os

    os.mkfifo(tmp_path / "pyproject.toml")  # not a file: not a configuration
    assert findings(run_cli, tmp_path) == melitopol_findings(run_cli)
    run = run_cli("validate", "P", "-f", "concise", "--no-cache", "--config", str(tmp_path / "pyproject.toml"), cwd=tmp_path)
    assert run.code == 2 and "pyproject.toml: configuration file not found" in run.err


# --- bounded output: findings per file and code are capped, gaps summarised -------------------------------------

@pytest.mark.parametrize("count", [101, 30_000])
def test_findings_of_one_code_in_one_file_are_capped_with_a_count(count: int, plan: Path, tmp_path: Path,
                                                                  run_cli: Callable[..., CliRun]) -> None:
    first = len((plan / "goals" / "sg1.yaml").read_text(encoding="utf-8").splitlines()) + 1
    with (plan / "goals" / "sg1.yaml").open("a", encoding="utf-8") as stream:
        stream.write("".join(f"k{n}: 1\n" for n in range(count)))
    run = run_cli("validate", "P", "-f", "concise", "--no-cache", cwd=tmp_path)
    found = codes_at(run, "SC101")
    assert run.code == 1 and len(found) == 101
    assert found[0] == (f"P/goals/sg1.yaml: SC101 [error] {count - 100} more SC101 findings in this file are not listed "
                        "(only the first 100 of each code are)")
    assert found[1].startswith(f"P/goals/sg1.yaml:{first}:1: SC101 [error] unknown key 'k0'")
    data = json.loads(run_cli("validate", "P", "-f", "json", "--no-cache", cwd=tmp_path).out)
    assert len([d for d in data["diagnostics"] if d["code"] == "SC101"]) == 101
    budget = run_cli("budget", "P", "--no-cache", cwd=tmp_path)
    assert budget.code == 2 and len([x for x in budget.err.splitlines() if ": SC101 " in x]) == 101


def test_the_cap_merges_earlier_summaries_and_keeps_the_worst_severity() -> None:
    from stratplan.core.diagnostics import Diagnostic, Location, Severity, capped, more_findings

    found = [Diagnostic("BG101", f"m{n}", Severity.WARNING, Location("f.yaml", n + 1, 1)) for n in range(5)]
    found.append(Diagnostic("BG101", "worse", Severity.ERROR, Location("f.yaml", 9, 1)))
    result = capped([more_findings("BG101", Severity.WARNING, "f.yaml", 10, 3), *found], limit=3)
    assert [(d.message, d.severity) for d in result] == [
        ("13 more BG101 findings in this file are not listed (only the first 3 of each code are)", Severity.ERROR),
        ("m0", Severity.WARNING), ("m1", Severity.WARNING), ("m2", Severity.WARNING)]
    assert capped(found[:3], limit=3) == found[:3]


def test_a_very_long_unknown_key_gets_no_suggestion_search(plan: Path, tmp_path: Path, run_cli: Callable[..., CliRun]) -> None:
    with (plan / "goals" / "sg1.yaml").open("a", encoding="utf-8") as stream:
        stream.write("titl" + "e" * 1000 + ": 1\ntitel: 2\n")  # YAML keys are at most 1024 characters
    run = run_cli("validate", "P", "-f", "concise", "--no-cache", cwd=tmp_path)
    found = codes_at(run, "SC101")
    assert [line.endswith("'") for line in found] == [True, False]
    assert found[1].endswith("unknown key 'titel'; did you mean 'title'?")


@pytest.mark.parametrize(("code", "skipped"), [("2.1.1.10000000", "5–9999999 (9999995 numbers)"),
                                               ("2.1.1.7", "5, 6"),
                                               ("2.1.1." + "9" * 34, f"5–{'9' * 33}8 ({'9' * 33}4 numbers)")])
def test_a_numbering_gap_is_summarised_as_a_range(code: str, skipped: str, plan: Path, tmp_path: Path,
                                                  run_cli: Callable[..., CliRun]) -> None:
    edit(plan / "goals" / "sg2.yaml", 'code: "2.1.1.4"', f'code: "{code}"')
    edit(plan / "goals" / "sg2.yaml", 'code: "2.1.1.3"', 'code: "2.1.1.4"')
    edit(plan / "goals" / "sg2.yaml", 'code: "2.1.1.2"', 'code: "2.1.1.3"')
    edit(plan / "goals" / "sg2.yaml", 'code: "2.1.1.1"', 'code: "2.1.1.2"')
    run = run_cli("validate", "P", "-f", "concise", "--no-cache", "--select", "ST103", cwd=tmp_path)
    found = [line for line in codes_at(run, "ST103") if f"'{code}'" in line]
    assert len(found) == 1 and found[0].endswith(f"numbering skips {skipped} before '{code}'"), concise(run)
    assert len(run.out) < 2000


# --- fmt: never through a link, never for minutes ---------------------------------------------------------------

def test_fmt_does_not_follow_a_symlinked_goals_folder(plan: Path, tmp_path: Path, run_cli: Callable[..., CliRun]) -> None:
    outside = tmp_path / "outside"
    shutil.move(plan / "goals", outside)
    (plan / "goals").symlink_to(outside)
    edit(outside / "sg1.yaml", 'code: "1"\n', 'code:   "1"\n')
    before = {p.name: p.read_bytes() for p in outside.iterdir()}
    for args in (["fmt", "P"], ["fmt", "--check", "P"], ["fmt", "P/goals/sg1.yaml"]):
        run = run_cli(*args, cwd=tmp_path)
        assert run.code == 2, run.err
        assert "P/goals/sg1.yaml: FM105 is reached through a symbolic link (P/goals)" in run.err
    assert {p.name: p.read_bytes() for p in outside.iterdir()} == before
    validate = run_cli("validate", "P", "-f", "concise", "--no-cache", cwd=tmp_path)
    assert "LD116" in validate.out  # validate refuses the same files


def test_fmt_refuses_a_file_too_large_to_format_in_seconds(plan: Path, tmp_path: Path, run_cli: Callable[..., CliRun]) -> None:
    goal = plan / "goals" / "sg3.yaml"
    goal.write_text(goal.read_text(encoding="utf-8") + "# " + "x" * (600 * 1024) + "\n", encoding="utf-8")
    before = goal.read_bytes()
    run = run_cli("fmt", "--check", "P", cwd=tmp_path)
    assert run.code == 2
    assert f"P/goals/sg3.yaml: FM107 {len(before)} bytes, over the 524288-byte limit: too large to format in seconds" in run.err
    assert run_cli("fmt", "P", cwd=tmp_path).code == 2 and goal.read_bytes() == before


# --- monitor init never writes a file its own loader refuses ---------------------------------------------------

def _every_plan() -> list[Path]:
    return sorted(p.parent for p in [*(REPO / "plans").glob("*/plan.yaml"), *(REPO / "tests" / "fixtures").glob("*/plan.yaml")]
                  if p.parent.name != "broken")


@pytest.mark.parametrize("root", _every_plan(), ids=lambda p: p.name)
def test_monitor_init_round_trips_for_every_plan_and_period(root: Path, tmp_path: Path, run_cli: Callable[..., CliRun]) -> None:
    from stratplan.plan.loader import load_plan

    meta = load_plan(root).view.meta
    assert meta is not None
    period = meta.document.strategy_period or meta.document.period
    written = 0
    for year in range(period.start, period.end + 1):
        for label in (str(year), f"{year}-H1", f"{year}-H2"):
            plan = tmp_path / label / root.name
            shutil.copytree(root, plan, ignore=shutil.ignore_patterns("monitoring"))
            run = run_cli("monitor", "init", str(plan), "--period", label, cwd=tmp_path)
            assert run.code == 0, run.err
            check = run_cli("validate", str(plan), "-f", "concise", "--no-cache", cwd=tmp_path)
            problems = [line for line in concise(check) if "/monitoring/" in line and ("[error]" in line)]
            assert problems == [], problems
            written += 1
    assert written >= 3


@pytest.mark.parametrize("title", ["a\\u2028b", "a\\x1b[31mb", "a\\x85b", "a\\ufeffb", "a\\x07\\x00b", "a\\rb", "# x: {y}", "'\\\"\\\\"])
def test_monitor_init_writes_any_plan_text_safely(title: str, plan: Path, tmp_path: Path, run_cli: Callable[..., CliRun]) -> None:
    goal = plan / "goals" / "sg2.yaml"
    edit(goal, 'title: "Впровадження організаційних механізмів', f'title: "{title} Впровадження організаційних механізмів')
    edit(goal, 'term: {start: 2022, end: 2027}', f'term: {{start: 2022, end: 2027, as_written: "{title}"}}')
    edited = findings(run_cli, tmp_path)
    assert not any("SC1" in line or "LD1" in line for line in edited[1]), edited  # the edited plan loads
    run = run_cli("monitor", "init", "P", "--period", "2023", cwd=tmp_path)
    assert run.code == 0, run.err
    assert findings(run_cli, tmp_path) == edited  # the monitoring file it wrote loads and adds no finding


def _many_measures(root: Path, count: int, suppress_last: bool = False) -> None:
    """The small base plan with `count` measures under task 1.1.1, each with a term outside the task's (TM103)."""
    shutil.copytree(REPO / "tests" / "malformed" / "_base", root)
    goal = root / "goals" / "sg1.yaml"
    measures = "".join(f'          - code: "1.1.1.{n}"\n            title: Захід {n}\n'
                       f'            term: {{start: 2022, end: 2024}}'
                       f'{"  # stratplan: ignore[TM103] кінець у 2024 за документом" if suppress_last and n == count else ""}\n'
                       for n in range(1, count + 1))
    goal.write_text(goal.read_text(encoding="utf-8") + "        measures:\n" + measures, encoding="utf-8")


@pytest.mark.parametrize(("count", "suppress", "more"), [(450, False, 350), (450, True, 349), (120, False, 20)])
def test_many_findings_of_a_rule_are_counted_not_located_and_suppressions_still_work(
        count: int, suppress: bool, more: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from stratplan.check import engine
    from stratplan.check.config import LintConfig
    from stratplan.core.numbers import money_arithmetic
    from stratplan.plan.loader import load_plan

    _many_measures(tmp_path / "P", count, suppress)
    plan = load_plan(tmp_path / "P")
    with money_arithmetic():
        early = engine.configured_diagnostics(plan, LintConfig())
        monkeypatch.setattr(engine, "EARLY_LIMIT", 10 ** 9)
        every = engine.configured_diagnostics(plan, LintConfig())
    assert early == every  # the early cut changes nothing but the cost
    tm103 = [d for d in early if d.code == "TM103"]
    assert len(tm103) == 101 and tm103[0].message.startswith(f"{more} more TM103 findings in this file")
    assert [d for d in early if d.code.startswith("SP")] == []
