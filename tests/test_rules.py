"""Every rule against small plans written out in `tests/rule_cases/<CODE>.yaml` (sqlfluff-style YAML cases).

A case file is a list of cases:

```yaml
- name: fails_when_total_differs        # unique within the file
  plan: |                               # optional: plan.yaml text; default: rule_cases/_default_plan.yaml
    ...
  goals:                                # goal file name -> text, written to goals/
    sg1.yaml: |
      code: "1"
      ...
  context: |                            # optional: context.yaml text
    ...
  statements: |                         # optional: statements.yaml text
    ...
  monitoring:                           # optional: monitoring file name -> text, written to monitoring/
    2023.yaml: |
      ...
  expect:                               # [code, file relative to the plan folder, line, column]; [] passes
    - [BG102, goals/sg1.yaml, 12, 22]
  messages:                             # optional: the exact messages, in the same order as `expect`
    - "'1.1.1' total 15.0 differs from the sum of its years 10.0 by 5.0"
  xfail: why the rule gets this case wrong   # optional: a known bug; the case must fail (strict)
```

Each case runs only its rule (`LintConfig(select=(CODE,))`) and compares every diagnostic of that code, in
the order the engine returns them. A case that does not load cleanly (any LD/SC/PL diagnostic) fails, so a
typo in a case cannot make it pass vacuously.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

from stratplan.check.config import LintConfig
from stratplan.check.engine import lint_plan
from stratplan.check.rules import RULES
from stratplan.core.diagnostics import Diagnostic
from stratplan.plan.loader import load_plan

CASES_DIR = Path(__file__).resolve().parent / "rule_cases"
DEFAULT_PLAN = CASES_DIR / "_default_plan.yaml"
CASE_KEYS = {"name", "plan", "goals", "context", "statements", "monitoring", "expect", "messages", "xfail"}
LOADER_FAMILIES = ("LD", "SC", "PL")
# Rules whose messages carry arithmetic: at least one case of each must pin the exact message text.
MESSAGE_RULES = ("BG102", "BG104", "BG105", "BG106")

Found = tuple[str, str, int, int]


@dataclass(frozen=True)
class Case:
    """One rule case as read from its file."""

    code: str
    name: str
    plan: str
    goals: dict[str, str]
    context: str | None
    statements: str | None
    monitoring: dict[str, str]
    expect: list[Found]
    messages: list[str] | None
    xfail: str | None

    @property
    def passing(self) -> bool:
        return not self.expect


def _read_case_file(path: Path) -> list[Any]:
    data = YAML(typ="safe", pure=True).load(path.read_text(encoding="utf-8"))
    if not isinstance(data, list):
        raise ValueError(f"{path.name}: a case file holds a list of cases")
    return data


def _case(code: str, raw: Any, index: int) -> Case:
    where = f"{code}.yaml case #{index + 1}"
    if not isinstance(raw, dict):
        raise ValueError(f"{where}: a case is a mapping")
    unknown = set(raw) - CASE_KEYS
    if unknown:
        raise ValueError(f"{where}: unknown keys {sorted(unknown)}")
    if not isinstance(raw.get("name"), str) or "expect" not in raw:
        raise ValueError(f"{where}: 'name' and 'expect' are required")
    expect = [tuple(item) for item in raw["expect"] or []]
    for item in expect:
        if len(item) != 4 or item[0] != code or not isinstance(item[2], int) or not isinstance(item[3], int):
            raise ValueError(f"{where}: expect items are [{code}, file, line, column], got {list(item)}")
    messages = raw.get("messages")
    if messages is not None and len(messages) != len(expect):
        raise ValueError(f"{where}: 'messages' must list one message per expected diagnostic")
    return Case(
        code=code,
        name=raw["name"],
        plan=raw["plan"] if raw.get("plan") is not None else DEFAULT_PLAN.read_text(encoding="utf-8"),
        goals=dict(raw.get("goals") or {}),
        context=raw.get("context"),
        statements=raw.get("statements"),
        monitoring=dict(raw.get("monitoring") or {}),
        expect=expect,
        messages=messages,
        xfail=raw.get("xfail"),
    )


def load_cases() -> list[Case]:
    """Every case of every case file, in file order."""
    cases: list[Case] = []
    for path in sorted(CASES_DIR.glob("*.yaml")):
        if path.name.startswith("_"):
            continue
        cases.extend(_case(path.stem, raw, i) for i, raw in enumerate(_read_case_file(path)))
    return cases


CASES = load_cases()


def _params() -> list[Any]:
    params = []
    for case in CASES:
        marks = [pytest.mark.xfail(reason=case.xfail, strict=True)] if case.xfail else []
        params.append(pytest.param(case, id=f"{case.code}-{case.name}", marks=marks))
    return params


def _write_plan(root: Path, case: Case) -> None:
    (root / "plan.yaml").write_text(case.plan, encoding="utf-8")
    if case.goals:
        (root / "goals").mkdir()
    for name, text in case.goals.items():
        assert name.endswith(".yaml") and "/" not in name, f"goal file name {name!r}"
        (root / "goals" / name).write_text(text, encoding="utf-8")
    if case.context is not None:
        (root / "context.yaml").write_text(case.context, encoding="utf-8")
    if case.statements is not None:
        (root / "statements.yaml").write_text(case.statements, encoding="utf-8")
    if case.monitoring:
        (root / "monitoring").mkdir()
    for name, text in case.monitoring.items():
        assert name.endswith(".yaml") and "/" not in name, f"monitoring file name {name!r}"
        (root / "monitoring" / name).write_text(text, encoding="utf-8")


def _relative(diagnostic: Diagnostic, root: Path) -> str:
    return Path(os.path.abspath(diagnostic.location.file)).relative_to(root.resolve()).as_posix()


@pytest.mark.parametrize("case", _params())
def test_rule_case(case: Case, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = tmp_path / "plan"
    root.mkdir()
    _write_plan(root, case)
    monkeypatch.chdir(tmp_path)

    diagnostics = lint_plan(load_plan(root), LintConfig(select=(case.code,)))

    broken = [f"{d.location}: {d.code} {d.message}" for d in diagnostics if d.code[:2] in LOADER_FAMILIES]
    assert not broken, "the case does not load cleanly:\n" + "\n".join(broken)
    mine = [d for d in diagnostics if d.code == case.code]
    found = [(d.code, _relative(d, root), d.location.line, d.location.col) for d in mine]
    assert found == case.expect, "\n".join(f"{d.location}: {d.message}" for d in mine)
    if case.messages is not None:
        assert [d.message for d in mine] == case.messages


def test_case_names_are_unique() -> None:
    seen: set[tuple[str, str]] = set()
    for case in CASES:
        assert (case.code, case.name) not in seen, f"{case.code}: duplicate case name {case.name!r}"
        seen.add((case.code, case.name))


def test_case_files_name_rules() -> None:
    strays = [p.name for p in CASES_DIR.glob("*.yaml") if not p.name.startswith("_") and p.stem not in RULES]
    assert not strays, f"case files that name no rule: {strays}"


@pytest.mark.parametrize("code", sorted(RULES))
def test_every_rule_has_passing_and_failing_cases(code: str) -> None:
    assert (CASES_DIR / f"{code}.yaml").is_file(), f"{code} has no case file tests/rule_cases/{code}.yaml"
    cases = [c for c in CASES if c.code == code and not c.xfail]
    assert any(c.passing for c in cases), f"{code} has no passing case (expect: [])"
    assert any(not c.passing for c in cases), f"{code} has no failing case"


@pytest.mark.parametrize("code", MESSAGE_RULES)
def test_arithmetic_rules_pin_messages(code: str) -> None:
    assert any(c.messages for c in CASES if c.code == code and not c.passing and not c.xfail), (
        f"{code}: no failing case pins the exact message text ('messages:')"
    )
