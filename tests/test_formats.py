"""Every output format on the broken fixture plan, compared with golden files.

Regenerate the golden files with `make golden` (STRATPLAN_UPDATE_GOLDEN=1), then review the diff.
"""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest

from conftest import GOLDEN, REPO, CliRun, check_golden
from stratplan.core.diagnostics import BaselineUse, Diagnostic, LintResult, Location, Severity

FORMATS = {"text": "txt", "concise": "txt", "json": "json", "github": "txt", "sarif": "json"}


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_broken_plan_output_matches_golden(fmt: str, run_cli: Callable[..., CliRun]) -> None:
    result = run_cli("validate", "tests/fixtures/broken", "--format", fmt)
    assert result.code == 1
    check_golden(f"broken.{fmt}.{FORMATS[fmt]}", result.out)


def test_sample_plan_is_clean(run_cli: Callable[..., CliRun]) -> None:
    result = run_cli("validate", "tests/fixtures/sample")
    assert result.code == 0
    assert result.out == "1 plan(s), 4 file(s) checked: 0 errors, 0 warnings, 0 infos\n"


def test_concise_lists_exact_locations(run_cli: Callable[..., CliRun]) -> None:
    result = run_cli("validate", "tests/fixtures/broken", "--format", "concise")
    located = [line.split(": ", 1) for line in result.out.splitlines()]
    assert located == [
        ["tests/fixtures/broken/context.yaml:11:3", "SC101 [error] unknown key 'strenghts'; did you mean 'strengths'?"],
        ["tests/fixtures/broken/goals/sg1.yaml:28:22", "BG102 [error] '1.1.1' total 111.0 differs from the sum of its years 110.0 by 1.0"],
        ["tests/fixtures/broken/goals/sg1.yaml:36:25", "RF102 [error] unknown executor 'tsnps' in '1.1.1.1'"],
        ["tests/fixtures/broken/goals/sg1.yaml:39:19", "TM101 [error] term of '1.1.1.2' starts (2023) after it ends (2022)"],
        ["tests/fixtures/broken/goals/sg1.yaml:39:45", "SP101 [warning] unused suppression of TM103: nothing to suppress on the line it covers"],
        ["tests/fixtures/broken/goals/sg1.yaml:41:11", "ST103 [warning] numbering skips 2 before '1.3'"],
        ["tests/fixtures/broken/goals/sg1.yaml:46:22",
         "TX101 [error] unfilled blank '____' in text: «Оновлено сторінку на сайті ____»"],
    ]


def test_json_output_validates_against_its_schema(run_cli: Callable[..., CliRun]) -> None:
    from stratplan.output.formatters.json_format import JsonLintResult

    data = json.loads(run_cli("validate", "tests/fixtures/broken", "--format", "json").out)
    parsed = JsonLintResult.model_validate(data)
    assert (parsed.summary.error, parsed.summary.warning, parsed.summary.info) == (5, 2, 0)
    schema = json.loads((REPO / "schemas" / "lint-result.schema.json").read_text(encoding="utf-8"))
    assert set(schema["required"]) == {"version", "tool", "summary", "diagnostics"}


def test_sarif_has_one_result_per_diagnostic_with_regions(run_cli: Callable[..., CliRun]) -> None:
    data = json.loads(run_cli("validate", "tests/fixtures/broken", "--format", "sarif").out)
    results = data["runs"][0]["results"]
    assert data["version"] == "2.1.0"
    assert [(r["ruleId"], r["locations"][0]["physicalLocation"]["region"]["startLine"]) for r in results] == [
        ("SC101", 11), ("BG102", 28), ("RF102", 36), ("TM101", 39), ("SP101", 39), ("ST103", 41), ("TX101", 46)]
    assert [r["level"] for r in results] == ["error", "error", "error", "error", "warning", "warning", "error"]


def test_github_format_is_automatic_under_actions(monkeypatch: pytest.MonkeyPatch) -> None:
    from stratplan.cli.lint_commands import FORMATS, _choose_format

    assert FORMATS == ("auto", "text", "concise", "json", "github", "sarif")
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    assert _choose_format("auto") == "github"
    assert _choose_format("text") == "text"
    monkeypatch.delenv("GITHUB_ACTIONS")
    assert _choose_format("auto") == "text"


def test_an_unknown_format_is_refused_before_anything_runs(run_cli) -> None:  # type: ignore[no-untyped-def]
    result = run_cli("validate", "plans/melitopol", "-f", "xml")
    assert (result.code, result.out) == (2, "")
    assert result.err == "stratplan: error: --format takes auto, text, concise, json, github, sarif; got 'xml'\n"


def test_github_escapes_newlines_and_percent() -> None:
    from stratplan.output.formatters.github import escape_data, escape_property

    assert escape_data("50%\n::error::x") == "50%25%0A::error::x"
    assert escape_property("a:b,c") == "a%3Ab%2Cc"


def test_golden_files_are_not_stale() -> None:
    names = {p.name for p in GOLDEN.iterdir() if p.name.startswith("broken.")}
    assert names == {f"broken.{fmt}.{ext}" for fmt, ext in FORMATS.items()}



def test_text_in_colour_says_the_same_as_plain_text(monkeypatch: pytest.MonkeyPatch) -> None:
    import io
    import re

    from stratplan.check.config import LintConfig
    from stratplan.output.formatters import text
    from stratplan.pipeline.lint import lint_paths

    result = lint_paths([REPO / "tests" / "fixtures" / "broken"], LintConfig())
    plain = io.StringIO()
    text.write(result, plain)
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("FORCE_COLOR", "1")
    coloured = io.StringIO()
    text.write(result, coloured)
    assert "\x1b[" in coloured.getvalue()  # the terminal path really ran
    assert re.sub(r"\x1b\[[0-9;]*m", "", coloured.getvalue()) == plain.getvalue()
    assert plain.getvalue().splitlines()[-1] == "1 plan(s), 4 file(s) checked: 5 errors, 2 warnings, 0 infos"


def _hostile_result() -> LintResult:
    """The real plans' findings and the broken fixture's, many times over (several write chunks), and findings with
    every kind of text JSON escapes: quotes, backslashes, line breaks, control characters, Ukrainian, an undecodable
    byte of a file name (a lone surrogate), no line."""
    from stratplan.check.config import LintConfig
    from stratplan.pipeline.lint import lint_paths

    found = lint_paths([REPO / "plans", REPO / "tests" / "fixtures" / "broken"], LintConfig())
    odd = [Diagnostic("LD103", 'a "quoted" \\ back\nslash\ttab \x01 «Оновлено» \u2028', Severity.ERROR,
                      Location("plans/x\\xff/goals/sg 1.yaml", 3, 7), name="yaml", path="SG1 › 1.2", hint="fix\r\nit"),
           Diagnostic("PL103", "no goals", Severity.WARNING, Location("plans/y"), name="", path="", hint=""),
           Diagnostic("TX101", "", Severity.INFO, Location("a%b #c.yaml", 1, 1))]
    assert len(found.diagnostics) > 150
    return LintResult(diagnostics=found.diagnostics * 12 + odd, plans=found.plans, files=found.files,
                      baseline=BaselineUse('base"line.json', 3, ("stale \"entry\"", "другий")))


@pytest.mark.parametrize("module", ["json_output", "sarif"])
def test_streamed_json_and_sarif_are_the_whole_document_dumped(module: str) -> None:
    import importlib
    import io

    formatter = importlib.import_module(f"stratplan.output.formatters.{module}")
    for result in (_hostile_result(), LintResult(), LintResult(diagnostics=_hostile_result().diagnostics[-3:])):
        stream = io.StringIO()
        formatter.write(result, stream)
        assert stream.getvalue() == json.dumps(formatter.to_data(result), ensure_ascii=False, indent=2) + "\n"
