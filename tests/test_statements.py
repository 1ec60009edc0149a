"""statements.yaml: what a document states about its tree outside the implementation plan, loaded with the plan,
checked by its schema, located by the engine, and formatted by fmt."""

from __future__ import annotations

import shutil
from pathlib import Path

from conftest import FIXTURES
from stratplan.plan.loader import load_plan

STATEMENTS = '''\
# yaml-language-server: $schema=../../schemas/statements.schema.json
schema_version: 1
sections:
  - id: "6.2"
    title: "6.2 Цілі та завдання"
    states: [strategic_goal, operational_goal, task]
  - {id: "7.1", title: "7.1 План реалізації", states: [strategic_goal, operational_goal, task], tree: true}
also_stated:
  - node: "1.1.1"
    section: "6.2"
    code_as_printed: "1.1.2"
    title_as_printed: "Створити раду"
  - {section: "6.2", code_as_printed: "", title_as_printed: "Інше", level: task, parent: "1.1"}
counts:
  - {section: "6.2", text: "з двох цілей", level: strategic_goal, count: 2}
rows:
  - node: "1.1.1"
    term: ""
    sources: [{source: local_budget, as_printed: "Бюджет ТГ"}]
    shared: [executors]
'''


def _plan(tmp_path: Path, statements: str) -> Path:
    root = tmp_path / "sample"
    shutil.copytree(FIXTURES / "sample", root)
    (root / "statements.yaml").write_text(statements, encoding="utf-8")
    return root


def test_statements_are_loaded_into_the_view(tmp_path: Path) -> None:
    plan = load_plan(_plan(tmp_path, STATEMENTS))
    assert [d.code for d in plan.diagnostics] == []
    statements = plan.view.statements
    assert statements is not None
    assert [s.id for s in statements.sections] == ["6.2", "7.1"]
    assert statements.tree_section is not None and statements.tree_section.id == "7.1"
    assert statements.also_stated[0].code_as_printed == "1.1.2"
    assert statements.also_stated[1].node is None and statements.also_stated[1].level == "task"
    assert statements.counts[0].count == 2
    row = statements.rows[0]
    assert (row.term, row.sources[0].as_printed if row.sources else None, row.shared) == ("", "Бюджет ТГ", ["executors"])


def test_a_plan_without_statements_has_none(tmp_path: Path) -> None:
    root = _plan(tmp_path, STATEMENTS)
    (root / "statements.yaml").unlink()
    assert load_plan(root).view.statements is None


def test_schema_errors_in_statements_are_located_there(tmp_path: Path) -> None:
    no_number = STATEMENTS.replace('code_as_printed: "", title_as_printed', "title_as_printed")
    assert no_number != STATEMENTS
    plan = load_plan(_plan(tmp_path / "a", no_number))
    assert [(d.code, Path(d.location.file).name, d.location.line, d.location.col, d.message) for d in plan.diagnostics] == [
        ("SC102", "statements.yaml", 13, 5, "missing required key 'code_as_printed'")]
    no_level = STATEMENTS.replace("level: task, parent", "parent")
    assert no_level != STATEMENTS
    plan = load_plan(_plan(tmp_path / "b", no_level))
    assert [(d.code, d.location.line, d.location.col) for d in plan.diagnostics] == [("SC103", 13, 5)]
    assert "needs its 'level'" in plan.diagnostics[0].message


def test_fmt_formats_statements(tmp_path: Path) -> None:
    from stratplan.output.canonical import formatted_bytes, plan_files

    root = _plan(tmp_path, STATEMENTS)
    assert root / "statements.yaml" in plan_files([root])[0]
    text = STATEMENTS.replace("    code_as_printed: \"1.1.2\"\n    title_as_printed: \"Створити раду\"",
                              "    title_as_printed: 'Створити раду'\n    code_as_printed: \"1.1.2\"")
    (root / "statements.yaml").write_text(text, encoding="utf-8")
    old, new = formatted_bytes(root / "statements.yaml")
    assert old.decode() == text != STATEMENTS
    assert new.decode() == STATEMENTS
