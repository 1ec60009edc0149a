"""docs/plan-format.md: its complete minimal plans validate with no finding, and its table of every field is the
one the models generate."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import REPO, CliRun
from stratplan.output import fieldsdoc

DOC = REPO / "docs" / "plan-format.md"
EXAMPLE = re.compile(r"<!-- example: (?P<kind>\w+)/(?P<file>[\w/.]+) -->\n```yaml\n(?P<text>.*?)```", re.DOTALL)


def _examples() -> dict[str, dict[str, str]]:
    found: dict[str, dict[str, str]] = {}
    for match in EXAMPLE.finditer(DOC.read_text(encoding="utf-8")):
        found.setdefault(match["kind"], {})[match["file"]] = match["text"]
    return found


def test_the_document_starts_with_a_plan_of_each_kind() -> None:
    examples = _examples()
    assert sorted(examples) == ["action_plan", "one_level", "programme", "strategy"]
    kinds = {name: re.search(r'kind: "(\w+)"', files["plan.yaml"]) for name, files in examples.items()}
    assert {name: match.group(1) for name, match in kinds.items() if match} == {
        "strategy": "strategy", "action_plan": "action_plan", "programme": "programme", "one_level": "programme"}


@pytest.mark.parametrize("kind", sorted(_examples()))
def test_each_example_is_a_plan_that_validates_clean(kind: str, tmp_path: Path, run_cli: Callable[..., CliRun]) -> None:
    for name, text in _examples()[kind].items():
        path = tmp_path / kind / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    result = run_cli("validate", str(tmp_path / kind), "--format", "concise")
    assert (result.code, result.out) == (0, "")
    assert "0 errors, 0 warnings, 0 infos" in result.err
    assert run_cli("budget", str(tmp_path / kind)).code == 0


def test_the_field_table_is_current() -> None:
    text = DOC.read_text(encoding="utf-8")
    assert fieldsdoc.update(text) == text, "run make docs"
    for path in ("`issuer.katottg`", "`document.money_unit`", "`declared_total.by_source[].years`",
                 "`funding.planned[].marker`", "`funding.planned[].share`", "`term.start_quarter`", "`nodes`"):
        assert f"| {path} |" in text
