"""Seeded mutation fuzz of the real plans: the loader and rules raise nothing but the tool's own error,
the CLI prints no traceback, and diagnostics point at file:line:col.

Each input is a window of lines from a real plan file (or the whole plan.yaml), mutated by
hypothesis: bytes inserted, deleted, duplicated, swapped, replaced with YAML-special characters,
indentation shifted, lines cut. Figures are printed at the end of the run (see docs/RELIABILITY.md).
"""

from __future__ import annotations

import shutil
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import REPO
from stratplan.check.config import LintConfig
from stratplan.check.engine import lint_plan
from stratplan.cli import main
from stratplan.core.diagnostics import Diagnostic, StratplanError
from stratplan.io.yamlio import load_bytes
from stratplan.model import GoalFile, PlanFile
from stratplan.plan.loader import validate_doc

EXAMPLES = 10_000
CLI_EVERY = 40  # every 40th input also goes through the whole CLI in-process (250 runs)
SPECIAL = [b":", b"- ", b"{", b"}", b"[", b"]", b"&a ", b"*a", b"!!str ", b"%YAML 1.2\n", b"---\n", b"\t", b"#",
           b"'", b'"', b"|", b">", b"\xff", b"\x00", b"\xc2\x85", b"\r", b"\n", b"? ", b"9" * 80, b"~", b"unknown"]
FILES = sorted(p for p in (REPO / "plans").glob("*/*.yaml")) + sorted((REPO / "plans").glob("*/goals/*.yaml"))
SOURCES = {p: p.read_bytes() for p in FILES}
STATS = {"inputs": 0, "tool_errors": 0, "other_exceptions": 0, "diagnostics": 0, "located": 0, "cli_runs": 0,
         "cli_tracebacks": 0, "cli_bad_exit": 0, "valid": 0}
FAILURES: list[str] = []


@st.composite
def mutated(draw: st.DrawFn) -> tuple[Path, bytes]:
    path = draw(st.sampled_from(FILES))
    lines = SOURCES[path].split(b"\n")
    if path.name != "plan.yaml":
        start = draw(st.integers(0, max(0, len(lines) - 10)))
        lines = lines[start: start + draw(st.integers(5, 40))]
    data = bytearray(b"\n".join(lines))
    for _ in range(draw(st.integers(1, 4))):
        op = draw(st.integers(0, 5))
        at = draw(st.integers(0, len(data)))
        if op == 0:
            data[at:at] = draw(st.sampled_from(SPECIAL))
        elif op == 1:
            del data[at: at + draw(st.integers(1, 20))]
        elif op == 2:
            data[at:at] = data[at: at + draw(st.integers(1, 60))]
        elif op == 3:
            data[at:at] = b" " * draw(st.integers(1, 4))
        elif op == 4:
            data[at:at] = draw(st.binary(min_size=1, max_size=6))
        else:
            data = data[:at]
    return path, bytes(data)


def _model(path: Path) -> type[PlanFile] | type[GoalFile] | None:
    if path.name == "plan.yaml":
        return PlanFile
    return GoalFile if path.parent.name == "goals" else None


def _count(diagnostics: list[Diagnostic]) -> None:
    STATS["diagnostics"] += len(diagnostics)
    STATS["located"] += sum(1 for d in diagnostics if d.location.located)


def _in_process(path: Path, data: bytes) -> None:
    try:
        doc = load_bytes(data, path.name)
    except StratplanError as exc:
        STATS["tool_errors"] += 1
        _count(exc.diagnostics)
        return
    model = _model(path)
    if model is None:
        return
    _instance, diagnostics = validate_doc(model, doc)
    _count(diagnostics)
    STATS["valid"] += not diagnostics


def _through_cli(path: Path, data: bytes, workspace: Path, run: Callable[[list[str]], tuple[int, str]]) -> None:
    plan = workspace / "plan"
    if plan.exists():
        shutil.rmtree(plan)
    shutil.copytree(path.parent if path.name == "plan.yaml" else path.parent.parent, plan)
    relative = path.relative_to(path.parent if path.name == "plan.yaml" else path.parent.parent)
    (plan / relative).write_bytes(data)
    code, err = run([str(plan), "--format", "concise", "--config", str(workspace / "empty.yaml")])
    STATS["cli_runs"] += 1
    if "Traceback" in err or "internal error" in err:
        STATS["cli_tracebacks"] += 1
        FAILURES.append(f"CLI crashed on {relative}: {err[-300:]}")
    if code not in (0, 1):
        STATS["cli_bad_exit"] += 1
        FAILURES.append(f"CLI exit {code} on {relative}: {err[-300:]}")


def test_mutation_fuzz_of_the_real_plans(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                         monkeypatch: pytest.MonkeyPatch, figure: Callable[[str, str], None]) -> None:
    (tmp_path / "empty.yaml").write_text("{}\n", encoding="utf-8")

    def run(args: list[str]) -> tuple[int, str]:
        monkeypatch.setattr(sys, "argv", ["stratplan", "validate", *args])
        capsys.readouterr()
        try:
            main()
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else 0
        return code, capsys.readouterr().err

    @settings(max_examples=EXAMPLES, derandomize=True, database=None, deadline=None,
              suppress_health_check=list(HealthCheck))
    @given(mutated())
    def one(case: tuple[Path, bytes]) -> None:
        path, data = case
        STATS["inputs"] += 1
        try:
            _in_process(path, data)
        except Exception as exc:  # noqa: BLE001 - counting what escapes is the point
            STATS["other_exceptions"] += 1
            FAILURES.append(f"{path.name}: {type(exc).__name__}: {exc}")
        if STATS["inputs"] % CLI_EVERY == 0:
            _through_cli(path, data, tmp_path, run)

    one()
    located = STATS["located"] / STATS["diagnostics"] * 100 if STATS["diagnostics"] else 100.0
    figure("fuzz", f"{STATS['inputs']} mutated inputs of the real plans; {STATS['tool_errors']} refused by the loader, "
                   f"{STATS['valid']} still valid; {STATS['other_exceptions']} exceptions other than the tool's own; "
                   f"{STATS['diagnostics']} diagnostics, {located:.1f} % located at file:line:col; "
                   f"{STATS['cli_runs']} whole-CLI runs, {STATS['cli_tracebacks']} tracebacks, "
                   f"{STATS['cli_bad_exit']} exits other than 0/1")
    assert FAILURES == []
    assert STATS["inputs"] >= EXAMPLES
    assert located >= 95.0


def test_rules_survive_every_real_plan_with_a_goal_dropped(figure: Callable[[str, str], None]) -> None:
    """A structurally valid but incomplete plan (a goal file removed) runs every rule without crashing."""
    from stratplan.plan.loader import load_plan
    from stratplan.plan.view import PlanView

    runs = 0
    for root in sorted(p.parent for p in (REPO / "plans").glob("*/plan.yaml")):
        plan = load_plan(root)
        full, view = list(plan.view.goals), plan.view
        for index in range(len(full)):
            plan.view = PlanView(view.meta, [g for i, g in enumerate(full) if i != index], context=view.context,
                                 monitoring=view.monitoring, folder_name=root.name)
            lint_plan(plan, LintConfig())
            runs += 1
    figure("rules-on-partial-plans", f"{runs} plans with one strategic goal dropped linted without an exception")
    assert runs == 10
