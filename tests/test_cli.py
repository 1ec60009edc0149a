"""Exit codes and the error boundary of the command line."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import FIXTURES, REPO, CliRun


def test_clean_plan_exits_0(run_cli: Callable[..., CliRun]) -> None:
    assert run_cli("validate", "tests/fixtures/sample").code == 0


def test_findings_exit_1_and_fail_level_moves_the_bar(run_cli: Callable[..., CliRun]) -> None:
    assert run_cli("validate", "tests/fixtures/broken").code == 1
    schema_errors_stay = run_cli("validate", "tests/fixtures/broken", "--select", "BG,ST103")
    assert schema_errors_stay.code == 1
    assert schema_errors_stay.out.endswith("checked: 2 errors, 1 warning, 0 infos\n")  # SC101, BG102; ST103
    warnings_only = run_cli("validate", "tests/fixtures/broken/goals", "--select", "BG,ST103", "--ignore", "BG")
    assert warnings_only.code == 1  # the context.yaml schema error is part of the plan folder
    sample_with_warning_bar = run_cli("validate", "tests/fixtures/sample", "--fail-level", "info")
    assert sample_with_warning_bar.code == 0


def test_unknown_option_value_is_usage_error(run_cli: Callable[..., CliRun]) -> None:
    result = run_cli("validate", "tests/fixtures/sample", "--format", "xml")
    assert result.code == 2
    assert "xml" in result.err


def test_unknown_rule_code_on_command_line_suggests(run_cli: Callable[..., CliRun]) -> None:
    result = run_cli("validate", "tests/fixtures/sample", "--select", "BG1O2")
    assert result.code == 2
    assert result.err == "stratplan: error: command line: select: unknown rule code or family 'BG1O2'; did you mean 'BG102'?\n"


def test_missing_path_is_a_located_finding(run_cli: Callable[..., CliRun]) -> None:
    result = run_cli("validate", "no/such/plan", "--format", "concise")
    assert result.code == 1
    assert result.out == ("no/such/plan: PL102 [error] no plan found here (no plan.yaml in or above it, "
                          "no plan folders below)\n")


def test_internal_error_exits_3_without_traceback(run_cli: Callable[..., CliRun], monkeypatch: pytest.MonkeyPatch) -> None:
    import stratplan.api as commands

    def explode(*_: object, **__: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(commands, "validate", explode)
    result = run_cli("validate", "tests/fixtures/sample")
    assert result.code == 3
    assert "internal error: RuntimeError: boom" in result.err
    assert "Traceback" not in result.err
    verbose = run_cli("validate", "tests/fixtures/sample", "-v")
    assert verbose.code == 3
    assert "Traceback" in verbose.err


def _command_lines() -> list[list[str]]:
    """Every command and subcommand the app registers (with every command module imported), as a command line."""
    import importlib

    import typer

    cli_app = importlib.import_module("stratplan.cli.app")
    for module in ("changes_commands", "data_commands", "fmt_commands", "import_commands", "init_commands", "lint_commands",
                   "monitor_commands", "plan_commands", "report_commands"):
        importlib.import_module(f"stratplan.cli.{module}")
    lines: list[list[str]] = []
    pending: list[tuple[list[str], object]] = [([], typer.main.get_command(cli_app.app))]
    while pending:
        line, command = pending.pop()
        lines.append(line)
        for name, sub in sorted(getattr(command, "commands", {}).items()):
            pending.append(([*line, name], sub))
    return sorted(lines)


def test_every_command_takes_verbose(run_cli: Callable[..., CliRun]) -> None:
    lines = _command_lines()
    assert [" ".join(line) for line in lines] == ["", "budget", "changes", "diff", "export", "fmt", "import", "init", "monitor",
                                                  "monitor init", "query", "report", "rules", "schema", "status",
                                                  "validate"]
    for line in lines:
        result = run_cli(*line, "--help")
        assert result.code == 0, (line, result.err)
        assert re.search(r"^\s+-v, --verbose\s+Show tracebacks of internal errors\.$", result.out, re.MULTILINE), line


def test_internal_error_of_any_command_shows_the_traceback_with_v(run_cli: Callable[..., CliRun],
                                                                  monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    import stratplan.output.report as commands

    def explode(*_: object, **__: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(commands, "build_context", explode)
    args = ["report", "tests/fixtures/sample", "--year", "2022", "-o", str(tmp_path / "r.html")]
    quiet = run_cli(*args)
    assert (quiet.code, quiet.err) == (3, "stratplan: internal error: RuntimeError: boom\n"
                                          "run again with -v for the traceback, and please report it\n")
    for flag in ("-v", "--verbose"):
        verbose = run_cli(*args, flag)
        assert verbose.code == 3
        assert verbose.err.startswith("stratplan: internal error: RuntimeError: boom\nTraceback (most recent call last):\n")
        assert verbose.err.endswith("RuntimeError: boom\n")
    before_command = run_cli("-v", *args)
    assert before_command.code == 3 and "Traceback" in before_command.err


def test_python_m_stratplan_runs(tmp_path: Path) -> None:
    proc = subprocess.run([sys.executable, "-m", "stratplan", "--version"], capture_output=True, text=True,
                          cwd=REPO, check=False)
    assert proc.returncode == 0
    assert proc.stdout.startswith("stratplan ")


def test_rules_command_lists_every_rule(run_cli: Callable[..., CliRun]) -> None:
    from stratplan.check.rules import FAMILIES, RULES

    result = run_cli("rules")
    assert result.code == 0
    assert [line.split()[0] for line in result.out.splitlines() if line[:2] in FAMILIES] == list(RULES)
    assert run_cli("rules", "--family", "XX").code == 2


def test_every_command_is_documented_in_the_readme(run_cli: Callable[..., CliRun]) -> None:
    help_text = run_cli("--help").out
    commands = re.findall(r"^\s{2}(\w+)\s{2,}", help_text.split("Commands:")[1], flags=re.MULTILINE)
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert len(commands) >= 10
    assert [c for c in commands if f"`stratplan {c}" not in readme] == []


def test_file_level_findings_show_no_fake_position(run_cli: Callable[..., CliRun]) -> None:
    result = run_cli("validate", "no/such/plan")
    assert result.out.splitlines()[:2] == [
        "no/such/plan",
        "  file  error   PL102 no plan found here (no plan.yaml in or above it, no plan folders below)",
    ]


def test_progress_bar_only_on_a_terminal_outside_ci(monkeypatch: pytest.MonkeyPatch) -> None:
    import io

    from stratplan.cli import options

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    counted: list[int] = []

    def count() -> int:
        counted.append(1)
        return 3

    monkeypatch.setattr(sys, "stderr", Terminal())
    monkeypatch.setenv("CI", "true")
    with options.progress_bar(count, "checking plans") as progress:
        assert progress is None
    monkeypatch.delenv("CI")
    with options.progress_bar(count, "checking plans") as progress:
        assert progress is not None
        progress(3)
    assert counted == [1]  # the total is only counted when a bar is shown
    monkeypatch.setattr(sys, "stderr", io.StringIO())
    with options.progress_bar(count, "checking plans") as progress:
        assert progress is None


def test_each_command_is_registered_by_the_module_main_imports_for_it() -> None:
    import importlib

    cli_app = importlib.import_module("stratplan.cli.app")  # the module (the package exports the Typer app as `app`)
    from stratplan.cli import monitor_commands
    from stratplan.cli.lazy import COMMANDS

    _command_lines()  # every command module imported
    registered = {(c.name or c.callback.__name__): c.callback.__module__.rsplit(".", 1)[-1]  # type: ignore[union-attr]
                  for c in cli_app.app.registered_commands}
    registered.update({g.name: "monitor_commands" for g in cli_app.app.registered_groups
                       if g.typer_instance is monitor_commands.monitor_app})
    assert registered == {name: module for name, (module, _help) in COMMANDS.items()}


def test_commands_are_listed_with_their_own_help_without_importing_them() -> None:
    import typer

    from stratplan.cli.app import app
    from stratplan.cli.lazy import COMMANDS

    _command_lines()
    real = typer.main.get_command(app).commands  # type: ignore[attr-defined]
    assert {name: (command.help or "").split("\n\n")[0].strip() for name, command in real.items()} == {
        name: text for name, (_module, text) in COMMANDS.items()}
    probe = ("import sys\nfrom stratplan.cli import main\n"
             "try:\n    main()\nexcept SystemExit:\n    pass\n"
             "print('MODULES', sorted(m for m in sys.modules if m.startswith('stratplan.cli.')))\n")
    lazy = subprocess.run([sys.executable, "-c", probe, "--help"], capture_output=True, text=True, cwd=REPO, check=False)
    assert lazy.stdout.splitlines()[-1] == "MODULES ['stratplan.cli.app', 'stratplan.cli.lazy', 'stratplan.cli.options']"
    everything = ("import sys, importlib\nfor m in ('changes', 'data', 'fmt', 'init', 'lint', 'monitor', 'plan', 'report'):\n"
                  "    importlib.import_module(f'stratplan.cli.{m}_commands')\n" + probe)
    loaded = subprocess.run([sys.executable, "-c", everything, "--help"], capture_output=True, text=True, cwd=REPO,
                            check=False)
    assert lazy.stdout.splitlines()[:-1] == loaded.stdout.splitlines()[:-1]  # the same help, word for word
    assert "  validate  Check plans: YAML safety, schema, and every rule.\n" in lazy.stdout


def test_a_command_main_did_not_import_is_imported_when_it_runs() -> None:
    probe = ("import importlib, sys\ncli_app = importlib.import_module('stratplan.cli.app')\n"
             "cli_app.register = lambda argv: None\n"  # as if main had not recognised the command
             "sys.argv = ['stratplan', 'rules', '--family', 'IN']\ncli_app.main()\n")
    run = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=REPO, check=False)
    assert (run.returncode, run.stderr) == (0, "")
    assert [line.split()[0] for line in run.stdout.splitlines()] == ["IN101"]


def _imported_by(*args: str, cwd: Path = REPO) -> tuple[list[str], str]:
    """The modules a command line imports (run in a fresh interpreter, output to a pipe), and its stdout."""
    probe = ("import sys\nfrom stratplan.cli import main\n"
             "try:\n    main()\nexcept SystemExit:\n    pass\n"
             "print('MODULES', ' '.join(sorted(sys.modules)))\n")
    run = subprocess.run([sys.executable, "-c", probe, *args], capture_output=True, text=True, cwd=cwd, check=False)
    *output, modules = run.stdout.splitlines()
    return modules.split()[1:], "\n".join(output)


HEAVY = ("pandas", "jinja2", "xlsxwriter", "ruamel.yaml", "rich", "multiprocessing", "concurrent.futures", "pyarrow",
         "duckdb", "stratplan.compute.changes", "stratplan.compute.rollup.pandas", "stratplan.output.export", "stratplan.output.report")


@pytest.mark.parametrize("args", [["--version"], ["--help"], ["--help", "-v"]])
def test_version_and_help_import_no_command(args: list[str]) -> None:
    modules, output = _imported_by(*args)
    assert output.startswith("stratplan 0." if args == ["--version"] else "Usage: stratplan [OPTIONS] COMMAND [ARGS]...")
    assert [m for m in modules if m.startswith("stratplan")] == (["stratplan", "stratplan.cli"] if args == ["--version"] else [
        "stratplan", "stratplan.cli", "stratplan.cli.app", "stratplan.cli.lazy", "stratplan.cli.options",
        "stratplan.core", "stratplan.core.collector", "stratplan.core.deferred", "stratplan.core.diagnostics"])
    assert [m for m in ("pydantic", "yaml", *HEAVY) if m in modules] == []
    assert ("typer" in modules) == (args != ["--version"])  # --version is answered before typer is imported


def test_validate_alone_does_not_load_the_heavy_machinery(tmp_path: Path) -> None:
    help_modules, _ = _imported_by("validate", "--help")
    assert [m for m in ("stratplan.model", "stratplan.check.rules", "stratplan.plan.loader", *HEAVY) if m in help_modules] == []
    modules, output = _imported_by("validate", "tests/fixtures/sample", "--no-cache")  # a pre-commit hook's run
    assert output == "1 plan(s), 4 file(s) checked: 0 errors, 0 warnings, 0 infos"
    assert [m for m in modules if m.startswith("stratplan.cli.")] == [
        "stratplan.cli.app", "stratplan.cli.lazy", "stratplan.cli.lint_commands", "stratplan.cli.options"]
    assert [m for m in HEAVY if m in modules] == []
    assert [m for m in ("stratplan.compute.monitoring", "stratplan.model.monitoring") if m in modules] == []  # no report


YEAR_RANGE = "takes a year from 1991 to 2100 such as 2023"


@pytest.mark.parametrize(("args", "message"), [
    (["report", "plans", "--year", "2023"], "report takes one plan, and plans holds 3: plans/melitopol, plans/pervomaisk, "
                                            "plans/starobilsk; name one of them"),
    (["report", "plans/melitopol", "--year", "23"], f"--year {YEAR_RANGE}, got '23'"),
    (["report", "plans/melitopol", "--year", "abc"], f"--year {YEAR_RANGE}, got 'abc'"),
    (["report", "plans/melitopol", "--year", "2101"], f"--year {YEAR_RANGE}, got '2101'"),
    (["report", "plans/melitopol", "--year", "2030"], "--year 2030 is outside the plan period 2021–2027 of "
                                                      "plans/melitopol; give a year from 2021 to 2027"),
    (["report", "plans/starobilsk", "--year", "2027"], "--year 2027 is outside the plan period 2021–2026 of "
                                                       "plans/starobilsk; give a year from 2021 to 2026"),
    (["monitor", "init", "plans", "--period", "2023"], "monitor init takes one plan, and plans holds 3: plans/melitopol, "
                                                       "plans/pervomaisk, plans/starobilsk; name one of them"),
    (["monitor", "init", "plans/melitopol", "--period", "2030-H1"], "--period 2030-H1 is outside the plan period "
                                                                    "2021–2027 of plans/melitopol; give a year from 2021 to 2027"),
    (["monitor", "init", "plans/melitopol", "--period", "1800"], "period '1800': the year must be from 1991 to 2100"),
    (["diff", "plans/melitopol", "--period", "1800"], "period '1800': the year must be from 1991 to 2100"),
    (["diff", "plans/melitopol", "--period", "23"], "period '23' is not a year like 2023 or a half-year like 2023-H1"),
    (["budget", "plans/melitopol", "--year", "23"], f"--year {YEAR_RANGE}, got '23'"),
    (["budget", "plans/melitopol", "--year", "2x23"], f"--year {YEAR_RANGE}, got '2x23'"),
])
def test_years_and_single_plans_are_checked_before_any_work(args: list[str], message: str, tmp_path: Path,
                                                           run_cli: Callable[..., CliRun]) -> None:
    out = tmp_path / "out"
    result = run_cli(*args, "-o", str(out)) if args[0] in ("report", "monitor") else run_cli(*args)
    assert (result.code, result.err, result.out) == (2, f"stratplan: error: {message}\n", "")
    assert not out.exists()


def test_a_folder_of_many_plans_is_listed_in_part(tmp_path: Path, run_cli: Callable[..., CliRun]) -> None:
    for number in range(12):
        shutil.copytree(FIXTURES / "sample", tmp_path / "plans" / f"p{number:02d}")
    result = run_cli("report", "plans", "--year", "2022", cwd=tmp_path)
    listed = ", ".join(f"plans/p{number:02d}" for number in range(10))
    assert (result.code, result.err) == (2, f"stratplan: error: report takes one plan, and plans holds 12: {listed} "
                                            "and 2 more; name one of them\n")


def test_a_command_runs_with_the_collector_tuned_for_many_objects() -> None:
    """A command sets the collector's thresholds (bench/RESULTS.md: a third of a large plan's validate went to the
    default ones); the library leaves a caller's own alone until a command runs."""
    probe = ("import gc, sys\nbefore = gc.get_threshold()\nfrom stratplan import api\nimported = gc.get_threshold()\n"
             "from stratplan.cli import main\ntry:\n    main()\nexcept SystemExit:\n    pass\n"
             "print('GC', before == imported, gc.get_threshold())\n")
    run = subprocess.run([sys.executable, "-c", probe, "validate", "tests/fixtures/sample", "--no-cache"],
                         capture_output=True, text=True, cwd=REPO, check=False)
    assert run.stdout.splitlines()[-1] == "GC True (200000, 30, 30)"


@pytest.mark.parametrize(("setting", "scanned"), [(None, False), ("", True)])
def test_validate_does_not_look_for_pydantic_plugins_unless_asked(setting: str | None, scanned: bool) -> None:
    probe = ("import sys\nfrom stratplan.cli import main\ntry:\n    main()\nexcept SystemExit:\n    pass\n"
             "from pydantic.plugin import _loader\nprint('SCANNED', _loader._plugins is not None)\n")
    env = {k: v for k, v in os.environ.items() if k != "PYDANTIC_DISABLE_PLUGINS"}
    if setting is not None:
        env["PYDANTIC_DISABLE_PLUGINS"] = setting
    run = subprocess.run([sys.executable, "-c", probe, "validate", "tests/fixtures/sample", "--no-cache"],
                         capture_output=True, text=True, cwd=REPO, env=env, check=False)
    assert run.stdout.splitlines()[-1] == f"SCANNED {scanned}"


@pytest.mark.parametrize(("setting", "imported"), [(None, False), ("", True)])
def test_validate_imports_importlib_metadata_only_to_look_for_plugins(setting: str | None, imported: bool) -> None:
    """pydantic imports `importlib.metadata` (and `email`, `zipfile`, `csv` with it) only to search for plugins:
    with the search off, the command line never pays for the import (bench/STARTUP.md)."""
    probe = ("import sys\nfrom stratplan.cli import main\ntry:\n    main()\nexcept SystemExit:\n    pass\n"
             "print('IMPORTED', 'email.message' in sys.modules, type(sys.modules['importlib.metadata']).__name__)\n")
    env = {k: v for k, v in os.environ.items() if k != "PYDANTIC_DISABLE_PLUGINS"}
    if setting is not None:
        env["PYDANTIC_DISABLE_PLUGINS"] = setting
    run = subprocess.run([sys.executable, "-c", probe, "validate", "tests/fixtures/sample", "--no-cache"],
                         capture_output=True, text=True, cwd=REPO, env=env, check=False)
    assert run.stdout.splitlines()[-1] == ("IMPORTED True module" if imported else "IMPORTED False _StandIn")
