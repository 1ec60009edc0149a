"""Seeded mutation fuzz of the real plans: the loader and rules raise nothing but the tool's own error,
the CLI prints no traceback, and diagnostics point at file:line:col.

Each input is a window of lines from a real plan file (or the whole plan.yaml), mutated by
hypothesis: bytes inserted, deleted, duplicated, swapped, replaced with YAML-special characters,
indentation shifted, lines cut. Figures are printed at the end of the run (see docs/RELIABILITY.md).
"""

from __future__ import annotations

import json
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
           b"'", b'"', b"|", b">", b"\xff", b"\x00", b"\xc2\x85", b"\r", b"\n", b"? ", b"9" * 80, b"~", b"unknown",
           # issue 20's classes: numbers past Decimal's limits, YAML 1.1 booleans, reserved directives, glued comments
           b"1e1000000", b"-1e400", b"9" * 29, b"0.00001", b"yes", b"1639958400", b"%FOO bar\n", b"#x", b"\t#",
           b"\x1b[31m", b"\x07"]
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


# --- class-driven fuzz: issue 20's hostile inputs, combined at random, through the whole command line ----------

BASE = REPO / "tests" / "malformed" / "_base"
NUMBERS = st.one_of(
    st.sampled_from(["1e1000000", "1e999999", "1e400", "-1e15", "1e15", "99999999999999999999999999999", "0.00001",
                     "-0", "0e999999", "1.5", "-10.0", "NaN", ".inf", "1_000", "0x10", "12345678901234.5678"]),
    st.builds(lambda sign, digits, fraction, exponent: f"{sign}{digits}{fraction}{exponent}",
              st.sampled_from(["", "-", "+"]), st.integers(0, 10 ** 40).map(str),
              st.sampled_from(["", ".5", ".0001", ".00001", "." + "9" * 20]),
              st.sampled_from(["", "e3", "e-9", "e400", "E1000000"])))
SCALARS = st.sampled_from(["true", "yes", "on", "1", "1.0", "0x1", "~", '""', "' '", "1639958400", "2021-02-30",
                           "2021-12-20T00:00:00", "[]", "{}", "-", "'yes'"])
NAMES = st.sampled_from([b"sg2.yml", b"SG2.YAML", b"sub/sg2.yaml", b"x\xff.yaml", b"e\x1b[31m.yaml", b"b\x07.yaml",
                         b".hidden.yaml", b"sg2.yaml.bak", b"notes.txt", b"sg2.yaml"])
HAZARDS = st.sampled_from(["\t", "  # c", "#c", "%FOO bar\n", "---\n", "? ", "x: [a,\nb]\n", "\tk: v\n", ">#c\n",
                           "k: \"v\"#c\n", "{?a: b}\n", "k: a\tb\n", "...\n", "k:\tv\n"])


@st.composite
def hostile_plans(draw: st.DrawFn) -> list[tuple[str, object]]:
    """A list of edits to the small base plan, each of one of issue 20's classes."""
    edits: list[tuple[str, object]] = []
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(["money", "type", "name", "goals", "monitoring", "yaml", "pyproject"]))
        if kind == "money":
            edits.append((kind, draw(NUMBERS)))
        elif kind == "type":
            edits.append((kind, (draw(st.sampled_from(["start_half", "cumulative", "date", "unknown", "text"])),
                                 draw(SCALARS))))
        elif kind == "name":
            edits.append((kind, draw(NAMES)))
        elif kind == "goals":
            edits.append((kind, draw(st.sampled_from(["missing", "empty", "file"]))))
        elif kind == "monitoring":
            edits.append((kind, (draw(st.sampled_from(["2023", "2024", "2022-H1", "report", "2023.yml"])),
                                 draw(st.sampled_from(["2023", "2024"])), draw(NUMBERS))))
        elif kind == "yaml":
            edits.append((kind, (draw(st.sampled_from(["plan.yaml", "goals/sg1.yaml"])), draw(st.integers(0, 30)),
                                 draw(HAZARDS))))
        else:
            edits.append((kind, draw(st.sampled_from(["deep", "tool", "huge-select"]))))
    return edits


def _apply(root: Path, edits: list[tuple[str, object]]) -> None:
    import os

    goal = root / "goals" / "sg1.yaml"
    for kind, value in edits:
        if kind == "money" and goal.is_file():
            goal.write_text(goal.read_text(encoding="utf-8").replace("2022: 10.0", f"2022: {value}", 1), encoding="utf-8")
        elif kind == "type" and goal.is_file():
            field, scalar = value  # type: ignore[misc]
            text = goal.read_text(encoding="utf-8")
            text = {"start_half": text.replace("end: 2023}", f"end: 2023, start_half: {scalar}}}", 1),
                    "unknown": text.replace("end: 2023}", f"end: 2023, unknown: {scalar}}}", 1),
                    "cumulative": text.replace("indicators: [", f"indicators: [{{text: x, cumulative: {scalar}}}, ", 1),
                    "text": text.replace("indicators: [", f"indicators: [{scalar}, ", 1)}.get(field, text)
            goal.write_text(text, encoding="utf-8")
            if field == "date":
                plan = root / "plan.yaml"
                plan.write_text(plan.read_text(encoding="utf-8").replace("date: 2021-12-20", f"date: {scalar}"), encoding="utf-8")
        elif kind == "name" and goal.is_file():
            target = os.path.join(os.fsencode(root / "goals"), value)  # type: ignore[arg-type]
            os.makedirs(os.path.dirname(target), exist_ok=True)
            with open(target, "wb") as stream:
                stream.write(goal.read_bytes().replace(b'code: "1', b'code: "2'))
        elif kind == "goals":
            shutil.rmtree(root / "goals", ignore_errors=True)
            if (root / "goals").exists():
                (root / "goals").unlink()
            if value == "empty":
                (root / "goals").mkdir()
            elif value == "file":
                (root / "goals").write_text("x: 1\n", encoding="utf-8")
        elif kind == "monitoring":
            name, year, actual = value  # type: ignore[misc]
            folder = root / "monitoring"
            if folder.exists() and not folder.is_dir():
                continue
            folder.mkdir(exist_ok=True)
            (folder / f"{name}.yaml" if not name.endswith(".yml") else folder / name).write_text(
                f"schema_version: 1\nperiod: {{year: {year}}}\nitems:\n  \"1.1.1\":\n    status: in_progress\n"
                f"    actual: {{local_budget: {actual}}}\n", encoding="utf-8")
        elif kind == "yaml":
            rel, line, hazard = value  # type: ignore[misc]
            path = root / rel
            if path.is_file():
                lines = path.read_text(encoding="utf-8").split("\n")
                at = min(line, len(lines))
                lines[at:at] = [hazard.rstrip("\n")] if hazard.endswith("\n") else []
                if not hazard.endswith("\n") and at < len(lines):
                    lines[at] = lines[at] + hazard
                path.write_text("\n".join(lines), encoding="utf-8")
        elif kind == "pyproject":
            content = {"deep": "a = " + "[" * 50_000 + "]" * 50_000 + "\n", "tool": "tool = 1\n",
                       "huge-select": "[tool.stratplan]\nselect = " + str(["BG101"] * 1000) + "\n"}[str(value)]
            (root.parent / "pyproject.toml").write_text(content, encoding="utf-8")


HOSTILE = {"plans": 0, "edits": 0, "cli_runs": 0, "tracebacks": 0, "bad_exit": 0, "bad_text": 0}
HOSTILE_FAILURES: list[str] = []
HOSTILE_EXAMPLES = 150


def _bad_text(out: str) -> bool:
    """Output that is not valid UTF-8 (a lone surrogate) or carries a terminal control character."""
    try:
        out.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return any(ch in out for ch in ("\x1b", "\x07", "\x9b", "\x00"))


def test_hostile_inputs_of_every_class_never_crash_the_command_line(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                                    monkeypatch: pytest.MonkeyPatch,
                                                                    figure: Callable[[str, str], None]) -> None:
    monkeypatch.setenv("STRATPLAN_CACHE_DIR", str(tmp_path / "cache"))

    def run(cwd: Path, *args: str) -> tuple[int, str, str]:
        monkeypatch.chdir(cwd)
        monkeypatch.setattr(sys, "argv", ["stratplan", *args])
        capsys.readouterr()
        code = 0
        try:
            main()
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else 0
        captured = capsys.readouterr()
        return code, captured.out, captured.err

    @settings(max_examples=HOSTILE_EXAMPLES, derandomize=True, database=None, deadline=None,
              suppress_health_check=list(HealthCheck))
    @given(hostile_plans())
    def one(edits: list[tuple[str, object]]) -> None:
        HOSTILE["plans"] += 1
        HOSTILE["edits"] += len(edits)
        work = tmp_path / f"case{HOSTILE['plans']}"
        shutil.copytree(BASE, work / "P")
        _apply(work / "P", edits)
        commands = [["validate", "P", "-f", "concise"], ["validate", "P", "-f", "json", "--no-cache"],
                    ["validate", "P", "-f", "github"]]
        if HOSTILE["plans"] % 5 == 0:
            commands += [["budget", "P"], ["report", "P", "--year", "2023", "-o", str(work / "r.html")],
                         ["export", "P", "-f", "xlsx", "-o", str(work / "x.xlsx")], ["fmt", "--check", "P"],
                         ["monitor", "init", "P", "--period", "2023", "-o", str(work / "m" / "2023.yaml")],
                         ["diff", "P", "--period", "2023"]]
        for args in commands:
            code, out, err = run(work, *args)
            HOSTILE["cli_runs"] += 1
            if "Traceback" in err or "internal error" in err:
                HOSTILE["tracebacks"] += 1
                HOSTILE_FAILURES.append(f"{args[0]} crashed on {edits}: {err[-300:]}")
            if code not in (0, 1, 2):
                HOSTILE["bad_exit"] += 1
                HOSTILE_FAILURES.append(f"{args[0]} exit {code} on {edits}")
            if _bad_text(out) or _bad_text(err) or len(out) > 1_000_000:
                HOSTILE["bad_text"] += 1
                HOSTILE_FAILURES.append(f"{args} wrote unsafe or unbounded output on {edits}")
            if args[:4] == ["validate", "P", "-f", "json"] and out:
                json.loads(out)
        shutil.rmtree(work)

    one()
    figure("hostile-fuzz", f"{HOSTILE['plans']} plans with {HOSTILE['edits']} hostile edits of issue 20's classes "
                           f"(money past Decimal's limits, YAML 1.1 types, odd file names and layouts, monitoring "
                           f"periods, YAML hazards, odd pyproject.toml); {HOSTILE['cli_runs']} whole-CLI runs: "
                           f"{HOSTILE['tracebacks']} tracebacks, {HOSTILE['bad_exit']} exits other than 0/1/2, "
                           f"{HOSTILE['bad_text']} outputs with control characters, invalid UTF-8 or over 1 MB")
    assert HOSTILE_FAILURES == []
    assert HOSTILE["plans"] >= HOSTILE_EXAMPLES
