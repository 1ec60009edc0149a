"""Inline `# stratplan: ignore[...] reason` directives."""

from __future__ import annotations

from pathlib import Path

from stratplan.check import suppressions
from stratplan.check.config import LintConfig
from stratplan.check.engine import lint_plan
from stratplan.io.yamlio import parse_text
from stratplan.plan.loader import load_plan

PLAN = (Path(__file__).parent / "fixtures" / "sample" / "plan.yaml").read_text(encoding="utf-8")
GOAL = """code: "1"
title: Ціль
operational_goals:
  - code: "1.1"
    title: Операційна ціль
    tasks:
      - code: "1.1.1"
        title: Завдання
        indicators: [Показник]
        executors: [uszn]
        funding:
          sources: [local_budget]
          planned:
{line}
"""


def _lint(tmp_path: Path, line: str, newline: str = "\n") -> list[tuple[str, int, int, str]]:
    (tmp_path / "goals").mkdir(exist_ok=True)
    (tmp_path / "plan.yaml").write_text(PLAN.replace("declared_total:", "old_total:").split("old_total:")[0], encoding="utf-8")
    (tmp_path / "goals" / "sg1.yaml").write_text(GOAL.format(line=line), encoding="utf-8", newline=newline)
    found = lint_plan(load_plan(tmp_path), LintConfig(select=("BG102",)))
    return sorted((d.code, d.location.line, d.location.col, d.message) for d in found)


def test_trailing_directive_suppresses_its_line(tmp_path: Path) -> None:
    line = "            - {years: {2021: 1.0}, total: 2.0}  # stratplan: ignore[BG102] the document prints 2,0"
    assert _lint(tmp_path, line) == []


def test_family_code_suppresses(tmp_path: Path) -> None:
    line = "            - {years: {2021: 1.0}, total: 2.0}  # stratplan: ignore[BG] the document prints 2,0"
    assert _lint(tmp_path, line) == []


def test_standalone_directive_covers_next_content_line(tmp_path: Path) -> None:
    line = "            # stratplan: ignore[BG102] the document prints 2,0\n\n            - {years: {2021: 1.0}, total: 2.0}"
    assert _lint(tmp_path, line) == []


def test_reason_is_required(tmp_path: Path) -> None:
    line = "            - {years: {2021: 1.0}, total: 2.0}  # stratplan: ignore[BG102]"
    assert _lint(tmp_path, line) == [("SP102", 14, 49, "suppression without a reason")]


def test_unused_and_unknown_codes_are_reported(tmp_path: Path) -> None:
    line = "            - {years: {2021: 1.0}, total: 1.0}  # stratplan: ignore[BG102,ZZ123] why"
    assert _lint(tmp_path, line) == [
        ("SP101", 14, 49, "unused suppression of BG102: nothing to suppress on the line it covers"),
        ("SP103", 14, 49, "suppression names unknown rule ZZ123"),
    ]


def test_malformed_directive(tmp_path: Path) -> None:
    line = "            - {years: {2021: 1.0}, total: 1.0}  # stratplan: ignroe BG102"
    assert _lint(tmp_path, line) == [("SP103", 14, 49, "malformed stratplan directive: 'ignroe BG102'")]


def test_directive_inside_a_string_is_text(tmp_path: Path) -> None:
    line = '            - {years: {2021: 1.0}, total: 2.0, note: "# stratplan: ignore[BG102] not a comment"}'
    assert [code for code, *_ in _lint(tmp_path, line)] == ["BG102"]


def _found(text: str) -> list[tuple[int, int, int, tuple[str, ...], str]]:
    items, problems = suppressions.find(parse_text(text, "f.yaml"))
    assert problems == []
    return [(s.comment_line, s.comment_col, s.target_line, s.codes, s.reason) for s in items]


def test_a_directive_after_text_in_a_comment_alone_on_its_line_covers_the_next_line() -> None:
    text = "# see the table # stratplan: ignore[BG102] printed so\n\nb: 1\n"
    assert _found(text) == [(1, 17, 3, ("BG102",), "printed so")]


def test_a_directive_after_a_quoted_one_is_read() -> None:
    text = "a: '# stratplan: ignore[TX101] text'  # stratplan: ignore[BG102] printed so\n"
    assert _found(text) == [(1, 39, 1, ("BG102",), "printed so")]


def test_a_directive_on_a_block_scalar_header_line_is_read() -> None:
    assert _found("a: |-  # stratplan: ignore[TX101] why\n  text\n") == [(1, 8, 1, ("TX101",), "why")]


def test_a_standalone_directive_with_nothing_after_it_covers_its_own_line() -> None:
    assert _found("a: 1\n# stratplan: ignore[BG102] why\n") == [(2, 1, 2, ("BG102",), "why")]


def test_directives_in_a_file_with_cr_line_ends(tmp_path: Path) -> None:
    line = "            # stratplan: ignore[BG102] the document prints 2,0\n            - {years: {2021: 1.0}, total: 2.0}"
    assert _lint(tmp_path, line, newline="\r") == []
    line = "            - {years: {2021: 1.0}, total: 1.0}  # stratplan: ignore[BG102] why"
    assert _lint(tmp_path, line, newline="\r") == [
        ("SP101", 14, 49, "unused suppression of BG102: nothing to suppress on the line it covers")]
