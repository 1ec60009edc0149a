"""Generated artefacts stay in step with the code: JSON Schemas, the rules reference, schema lines in plans."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import REPO
from stratplan.output import docgen, schemas
from stratplan.plan.loader import goal_files

SCHEMA_LINE = "# yaml-language-server: $schema="


def test_schemas_folder_matches_models() -> None:
    assert schemas.stale(REPO / "schemas") == [], "run 'make schemas'"


def test_rules_reference_is_current() -> None:
    assert (REPO / "docs" / "rules.md").read_text(encoding="utf-8") == docgen.render(), "run 'make docs'"


def test_every_rule_documents_a_bad_and_a_good_example() -> None:
    from stratplan.check.rules import RULES

    for rule in RULES.values():
        assert "Bad" in rule.doc and "Good" in rule.doc, rule.code


def _plan_files() -> list[Path]:
    roots = [p.parent for p in sorted((REPO / "plans").glob("*/plan.yaml"))]
    roots += [p.parent for p in sorted((REPO / "tests" / "fixtures").glob("*/plan.yaml"))]
    files = []
    for root in roots:
        files.append(root / "plan.yaml")
        files.extend(goal_files(root))
        if (root / "context.yaml").exists():
            files.append(root / "context.yaml")
    return files


@pytest.mark.parametrize("path", _plan_files(), ids=lambda p: str(p.relative_to(REPO)))
def test_plan_files_name_their_schema(path: Path) -> None:
    first = path.read_text(encoding="utf-8").splitlines()[0]
    assert first.startswith(SCHEMA_LINE)
    target = (path.parent / first.removeprefix(SCHEMA_LINE)).resolve()
    kind = {"plan.yaml": "plan", "context.yaml": "context"}.get(path.name, "goal")
    assert target == REPO / "schemas" / f"{kind}.schema.json"
