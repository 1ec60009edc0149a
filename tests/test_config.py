"""Configuration files: discovery, overrides, and refusal of unknown keys and codes."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import FIXTURES, CliRun
from stratplan.check.config import discover, parse_config
from stratplan.core.diagnostics import Severity, UsageError


def _broken_copy(tmp_path: Path) -> Path:
    target = tmp_path / "repo" / "plans" / "broken"
    shutil.copytree(FIXTURES / "broken", target)
    return target


def test_stratplan_yaml_is_found_walking_up(tmp_path: Path, run_cli: Callable[..., CliRun]) -> None:
    plan = _broken_copy(tmp_path)
    (tmp_path / "repo" / ".stratplan.yaml").write_text("ignore: [RF102, TM]\nseverity: {BG102: warning}\n",
                                                       encoding="utf-8")
    result = run_cli("validate", str(plan), "--format", "concise", cwd=tmp_path / "repo")
    assert result.code == 1
    assert [line.split(": ")[1].split()[0] for line in result.out.splitlines()] == ["SC101", "BG102", "ST103", "TX101"]
    assert "BG102 [warning]" in result.out


def test_pyproject_section_is_read(tmp_path: Path) -> None:
    plan = _broken_copy(tmp_path)
    (tmp_path / "repo" / "pyproject.toml").write_text('[tool.stratplan]\nfail_level = "warning"\nselect = ["BG"]\n',
                                                      encoding="utf-8")
    config = discover(plan)
    assert config.fail_level is Severity.WARNING
    assert config.enabled("BG102") and not config.enabled("TM101")


def test_unknown_key_suggests(tmp_path: Path, run_cli: Callable[..., CliRun]) -> None:
    plan = _broken_copy(tmp_path)
    (tmp_path / "repo" / ".stratplan.yaml").write_text("fail_levl: warning\n", encoding="utf-8")
    result = run_cli("validate", str(plan), cwd=tmp_path / "repo")
    assert result.code == 2
    assert result.err == "stratplan: error: .stratplan.yaml: unknown configuration key 'fail_levl'; did you mean 'fail_level'?\n"


@pytest.mark.parametrize(("data", "message"), [
    ({"select": ["ZZ999"]}, "x: select: unknown rule code or family 'ZZ999'"),
    ({"severity": {"BG102": "fatal"}}, "x: severity.BG102: unknown severity 'fatal'; use error, warning or info"),
    ({"severity": ["BG102"]}, "x: 'severity' must map rule codes to error, warning or info"),
    ([1, 2], "x: configuration must be a mapping of select, ignore, severity, fail_level, deviation_threshold"),
])
def test_bad_values_are_usage_errors(data: object, message: str) -> None:
    with pytest.raises(UsageError) as caught:
        parse_config(data, "x")
    assert str(caught.value) == message


def test_malformed_config_yaml_is_located(tmp_path: Path, run_cli: Callable[..., CliRun]) -> None:
    plan = _broken_copy(tmp_path)
    (tmp_path / "repo" / ".stratplan.yaml").write_text("select: [BG\n", encoding="utf-8")
    result = run_cli("validate", str(plan), cwd=tmp_path / "repo")
    assert result.code == 2
    assert result.err == ("stratplan: error: .stratplan.yaml:1:9: YAML syntax error: expected ',' or ']', but got "
                          "'<stream end>' (while parsing a flow sequence)\n")


def test_deviation_threshold_is_read_and_checked() -> None:
    from decimal import Decimal

    assert parse_config({"deviation_threshold": 10}, "x").option("deviation_threshold") == Decimal(10)
    assert parse_config({"deviation_threshold": "12.5"}, "x").option("deviation_threshold") == Decimal("12.5")
    assert parse_config({}, "x").option("deviation_threshold") == Decimal(25)
    with pytest.raises(UsageError) as caught:
        parse_config({"deviation_threshold": -1}, "x")
    assert str(caught.value) == "x: deviation_threshold must be a percentage of 0 or more, got -1"
