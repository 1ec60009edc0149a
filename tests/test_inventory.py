"""The inventories in docs/inventory/: every defect found by reading a source document end to end is reported on
its real plan by the rule the inventory names, at the severity it gives; and every finding `validate` reports on
the real plans belongs to a defect of the inventory, so there is no false error (nor any other finding nobody
can explain).

Each inventory ends with a YAML block (after a line `# inventory: ...`) listing, per defect, the rule, the
severity and where: `node` (or `nodes`, one finding each) for findings about a node, `at` (a file of the plan)
for findings about none, and `detail` (a part of the message) where one node has several findings of a rule.
Each entry must match exactly one finding not matched before.
"""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml

from conftest import REPO
from stratplan.check.config import LintConfig
from stratplan.check.engine import configured_diagnostics
from stratplan.core.diagnostics import Diagnostic
from stratplan.plan.loader import load_plan

INVENTORIES = sorted((REPO / "docs" / "inventory").glob("*.md"))
BLOCK = re.compile(r"```yaml\n(# inventory:.*?)```", re.DOTALL)


@dataclass(frozen=True)
class Expected:
    """One finding an inventory expects."""

    defect: str
    rule: str
    severity: str
    node: str | None
    at: str | None
    detail: str | None

    def __str__(self) -> str:
        where = f"node {self.node}" if self.node is not None else f"at {self.at}"
        return f"{self.defect}: {self.rule} [{self.severity}] {where}" + (f" «{self.detail}»" if self.detail else "")


def inventory(path: Path) -> dict[str, Any]:
    """The machine-readable block of an inventory."""
    found = BLOCK.findall(path.read_text(encoding="utf-8"))
    assert len(found) == 1, f"{path.name}: one ```yaml block starting '# inventory:' expected"
    data = yaml.safe_load(found[0])
    assert isinstance(data, dict) and set(data) <= {"defects", "not_checked"}
    return data


def expected(data: dict[str, Any]) -> list[Expected]:
    out = []
    for entry in data["defects"]:
        assert set(entry) <= {"id", "rule", "severity", "node", "nodes", "at", "detail"}, entry
        nodes = entry.get("nodes") or ([entry["node"]] if "node" in entry else [None])
        for node in nodes:
            out.append(Expected(entry["id"], entry["rule"], entry["severity"], node, entry.get("at"), entry.get("detail")))
    return out


def _node(diagnostic: Diagnostic) -> str | None:
    return dict(diagnostic.extra).get("node")


def _matches(item: Expected, diagnostic: Diagnostic) -> bool:
    if diagnostic.code != item.rule or (item.detail is not None and item.detail not in diagnostic.message):
        return False
    if item.node is not None:
        return _node(diagnostic) == item.node
    return _node(diagnostic) is None and Path(diagnostic.location.file).name == item.at


@pytest.mark.parametrize("path", INVENTORIES, ids=lambda p: p.stem)
def test_every_defect_is_reported_and_every_finding_is_a_defect(path: Path) -> None:
    diagnostics = configured_diagnostics(load_plan(REPO / "plans" / path.stem), LintConfig())
    claimed: set[int] = set()
    problems = []
    for item in expected(inventory(path)):
        candidates = [i for i, d in enumerate(diagnostics) if i not in claimed and _matches(item, d)]
        if len(candidates) != 1:
            problems.append(f"{item}: {len(candidates)} findings match")
            continue
        claimed.add(candidates[0])
        found = diagnostics[candidates[0]]
        if found.severity.label != item.severity:
            problems.append(f"{item}: reported as {found.severity.label}")
    unclaimed = [f"{d.location}: {d.code} [{d.severity.label}] {d.message}" for i, d in enumerate(diagnostics)
                 if i not in claimed]
    assert problems == [] and unclaimed == [], "\n".join([*problems, "findings no defect claims:", *unclaimed])


def test_every_plan_has_an_inventory() -> None:
    assert [p.stem for p in INVENTORIES] == sorted(p.parent.name for p in (REPO / "plans").glob("*/plan.yaml"))


@pytest.mark.parametrize("path", INVENTORIES, ids=lambda p: p.stem)
def test_defects_and_unchecked_items_are_described_in_the_text(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    data = inventory(path)
    ids = {entry["id"] for entry in data["defects"]} | set(data.get("not_checked") or [])
    assert [i for i in sorted(ids) if f"**{i}**" not in text] == []


# Rules that find nothing on the real plans (their documents have no such defect), shown to fire on a real plan
# with the defect made: (plan, file, text, replacement, code, severity, message).
MADE = [
    ("pervomaisk", "goals/sg1.yaml", 'code: "1.1.8"', 'code: "1.1.9"', "XS109", "error",
     "the tree has no node '1.1.8'"),
    ("melitopol", "goals/sg2.yaml", "total: 11880.0", "total: 11890.0", "BG103", "error",
     "'2' declared total 11890.0 differs from the sum of its years 11880.0 by 10.0"),
    ("melitopol", "plan.yaml", "2027: 6121.2}", "2027: 6021.2}", "BG105", "error",
     "the plan declares 6021.2 for 2027, its goals add up to 6121.2 (difference -100.0)"),
]


@pytest.mark.parametrize(("slug", "name", "old", "new", "code", "severity", "message"), MADE, ids=[m[4] for m in MADE])
def test_rules_silent_on_the_real_plans_fire_on_them_when_the_defect_is_made(
        tmp_path: Path, slug: str, name: str, old: str, new: str, code: str, severity: str, message: str) -> None:
    root = tmp_path / slug
    shutil.copytree(REPO / "plans" / slug, root)
    path = root / name
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1
    path.write_text(text.replace(old, new), encoding="utf-8")
    found = [(d.severity.label, d.message) for d in configured_diagnostics(load_plan(root), LintConfig())
             if d.code == code]
    assert (severity, message) in found
