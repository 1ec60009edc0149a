"""`stratplan fmt`: the canonical layout, losslessness, idempotence, refusals, and atomic writes under SIGKILL."""

from __future__ import annotations

import io
import os
import random
import re
import shutil
import signal
import stat
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import DoubleQuotedScalarString, SingleQuotedScalarString

from conftest import FIXTURES, REPO, CliRun
from stratplan.core.diagnostics import StratplanError
from stratplan.io.yamlio import parse_text
from stratplan.output import canonical as fmt

PLAN_FILES, _ = fmt.plan_files([REPO / "plans", FIXTURES / "sample", FIXTURES / "broken"])
UNKNOWN_KEY_FILE = FIXTURES / "broken" / "context.yaml"  # its misspelt key keeps its place, so it does not come back byte for byte


def _rel(path: Path) -> str:
    return str(path.relative_to(REPO)) if path.is_absolute() else str(path)


def _exact(value: Any) -> Any:
    """Data with every scalar's type spelt out: 160.0 and 160 differ, so do True and 1; key order is ignored."""
    if isinstance(value, dict):
        return {_exact(k): _exact(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_exact(v) for v in value]
    return (type(value).__name__, str(value) if isinstance(value, Decimal) else value)


def _comment_texts(text: str) -> Counter[str]:
    """Comment texts found independently of fmt: a `#` outside every scalar the hardened loader saw, to the line end."""
    doc = parse_text(text, "x.yaml")
    found: Counter[str] = Counter()
    offset = 0
    for line in text.split("\n"):
        for col, char in enumerate(line):
            if char == "#" and not any(start <= offset + col < end for start, end in doc.scalar_spans):
                found[line[col:].rstrip()] += 1
                break
        offset += len(line) + 1
    return found


def scramble(text: str) -> str:
    """The same data in another layout: every mapping's keys reversed, 4-space indentation, dashes flush with
    the key, double quotes turned into single quotes."""
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 1 << 30
    yaml.indent(mapping=4, sequence=2, offset=0)
    tree = yaml.load(text)
    stack = [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, CommentedMap):
            keys = list(node)
            if all(isinstance(k, str) for k in keys):
                for key in reversed(keys):
                    node.move_to_end(key)
            for key in keys:
                node[key] = _single(node[key])
                stack.append(node[key])
        elif isinstance(node, CommentedSeq):
            for index, item in enumerate(node):
                node[index] = _single(item)
                stack.append(item)
    out = io.StringIO()
    yaml.dump(tree, out)
    return out.getvalue()


def _single(value: Any) -> Any:
    return SingleQuotedScalarString(str(value)) if isinstance(value, DoubleQuotedScalarString) else value


def _format(path: Path, text: str) -> str:
    return fmt.format_text(text, _rel(path), fmt.model_for(path))


# --- the real plans ------------------------------------------------------------------------------------------

def test_the_real_plans_are_formatted(run_cli: Callable[..., CliRun]) -> None:
    result = run_cli("fmt", "--check", "plans/")
    assert (result.code, result.out) == (0, "")
    assert result.err == "0 of 19 files would be reformatted\n"
    assert run_cli("fmt", "--check", "tests/fixtures/sample", "tests/fixtures/broken").code == 0


def test_there_are_plan_files_to_check() -> None:
    assert len(PLAN_FILES) == 27
    assert sum(_comment_texts(p.read_text(encoding="utf-8"))["# stratplan: ignore[TM103] the document prints this order"]
               for p in PLAN_FILES) == 1


@pytest.mark.parametrize("path", PLAN_FILES, ids=_rel)
def test_round_trip_changes_no_value_and_no_comment(path: Path) -> None:
    original = path.read_text(encoding="utf-8")
    scrambled = scramble(original)
    assert scrambled != original
    for source in (original, scrambled):
        output = _format(path, source)
        assert _exact(parse_text(output, "out").data) == _exact(parse_text(source, "in").data) == _exact(
            parse_text(original, "orig").data)
        assert _comment_texts(output) == _comment_texts(source) == _comment_texts(original)
        assert output.split("\n", 1)[0] == original.split("\n", 1)[0]  # the schema line stays first
        if path != UNKNOWN_KEY_FILE:
            assert output == original  # the plans are formatted, and any layout of them comes back byte for byte
        else:
            assert _format(path, output) == output  # a second run changes nothing (for the others: output == original)


def test_a_second_run_changes_nothing(tmp_path: Path, run_cli: Callable[..., CliRun]) -> None:
    plan = _scrambled_copy(tmp_path, REPO / "plans" / "starobilsk")
    first = run_cli("fmt", str(plan))
    assert first.code == 0
    assert len(first.out.splitlines()) == 7
    formatted = _snapshot(plan)
    second = run_cli("fmt", str(plan))
    assert (second.code, second.out, second.err) == (0, "", "0 of 7 files reformatted\n")
    assert _snapshot(plan) == formatted
    assert formatted == {name: (REPO / "plans" / "starobilsk" / name).read_bytes() for name in formatted}


def _scrambled_copy(tmp_path: Path, source: Path) -> Path:
    target = tmp_path / source.name
    shutil.copytree(source, target)
    for path in target.rglob("*.yaml"):
        path.write_text(scramble(path.read_text(encoding="utf-8")), encoding="utf-8")
    return target


def _snapshot(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_check_lists_what_would_change_and_changes_nothing(tmp_path: Path, run_cli: Callable[..., CliRun]) -> None:
    plan = _scrambled_copy(tmp_path, FIXTURES / "sample")
    before = _snapshot(plan)
    result = run_cli("fmt", "--check", str(plan), cwd=tmp_path)
    assert result.code == 1
    assert result.out == ("would reformat sample/context.yaml\nwould reformat sample/goals/sg1.yaml\n"
                          "would reformat sample/plan.yaml\nwould reformat sample/statements.yaml\n")
    assert result.err == "4 of 4 files would be reformatted\n"
    assert _snapshot(plan) == before


def _fmt_corpus(tmp_path: Path) -> None:
    plans = tmp_path / "plans"
    for slug in ("melitopol", "pervomaisk", "starobilsk"):
        shutil.copytree(REPO / "plans" / slug, plans / slug)
    _scrambled_copy(plans, FIXTURES / "sample")
    refused = _scrambled_copy(plans / "more", FIXTURES / "sample")
    (refused / "goals" / "sg1.yaml").write_text("code: '1'\ntitle: a\ntitle: b\n", encoding="utf-8")


@pytest.mark.parametrize(("paths", "code"), [(["plans/"], 2), (["plans/melitopol", "plans/sample", "plans/sample/plan.yaml"], 1),
                                             (["plans/melitopol", "plans/starobilsk"], 0)])
def test_check_is_the_same_cached_parallel_and_plain(tmp_path: Path, run_cli: Callable[..., CliRun],
                                                     monkeypatch: pytest.MonkeyPatch, paths: list[str], code: int) -> None:
    _fmt_corpus(tmp_path)
    before = _snapshot(tmp_path / "plans")
    cache = tmp_path / "cache"

    def check(*options: str) -> tuple[int, str, str]:
        result = run_cli("fmt", "--check", *paths, *options, cwd=tmp_path)
        return result.code, result.out, result.err

    plain = check("--no-cache", "-j", "1")
    assert plain[0] == code
    assert check("--no-cache", "-j", "2") == plain
    assert check("--cache-dir", str(cache), "-j", "2") == plain  # cold: fills the cache
    assert list((cache / "v3").glob("*/fmt/*/*.json"))

    def not_again(raw: bytes, path: Path) -> bytes:
        raise AssertionError(f"{path} formatted again")

    monkeypatch.setattr(fmt, "canonical_bytes", not_again)  # every plan folder must now come from the cache
    assert check("--cache-dir", str(cache), "-j", "1") == plain
    assert check("--cache-dir", str(cache), "-j", "2") == plain
    assert _snapshot(tmp_path / "plans") == before
    if code == 2:
        assert "plans/more/sample/goals/sg1.yaml:3:1: LD108 duplicate key 'title' in this mapping" in plain[2]
        assert plain[1].splitlines() == ["would reformat plans/more/sample/context.yaml",
                                         "would reformat plans/more/sample/plan.yaml",
                                         "would reformat plans/more/sample/statements.yaml",
                                         "would reformat plans/sample/context.yaml",
                                         "would reformat plans/sample/goals/sg1.yaml",
                                         "would reformat plans/sample/plan.yaml",
                                         "would reformat plans/sample/statements.yaml"]


def test_a_changed_plan_file_is_checked_again(tmp_path: Path, run_cli: Callable[..., CliRun]) -> None:
    _fmt_corpus(tmp_path)
    cache = ["--cache-dir", str(tmp_path / "cache")]
    assert run_cli("fmt", "--check", "plans/melitopol", *cache, cwd=tmp_path).code == 0
    plan = tmp_path / "plans" / "melitopol" / "plan.yaml"
    plan.write_text(scramble(plan.read_text(encoding="utf-8")), encoding="utf-8")
    again = run_cli("fmt", "--check", "plans/melitopol", *cache, cwd=tmp_path)
    assert (again.code, again.out) == (1, "would reformat plans/melitopol/plan.yaml\n")


# --- the layout ----------------------------------------------------------------------------------------------

MESSY_GOAL = """\
# yaml-language-server: $schema=../../../schemas/goal.schema.json
title: 'ДОСТУПНІ ''СОЦІАЛЬНІ'' ПОСЛУГИ'  # the title as printed
code: 1a
motto: «Поруч із кожним»
schema_version: 1
declared_total: {years: {2022: 10.250, 2021: +30}, total: 0.10000000000000000555, label: ~}
operational_goals:
- title: Розвиток
  code: '1.1'
  tasks:
  -   term:
         end: 2023
         start: 2021   # start first
      code: "1.1.1"
      misspelt: kept in its place
      title: Відкрити
      executors: [uszn, 'tsnsp']
notes:
- - nested
  - list
"""

CANONICAL_GOAL = """\
# yaml-language-server: $schema=../../../schemas/goal.schema.json
schema_version: 1
code: "1a"
title: "ДОСТУПНІ 'СОЦІАЛЬНІ' ПОСЛУГИ"  # the title as printed
motto: «Поруч із кожним»
declared_total: {label: ~, total: 0.10000000000000000555, years: {2022: 10.250, 2021: +30}}
notes:
  - - nested
    - list
operational_goals:
  - code: "1.1"
    title: Розвиток
    tasks:
      - code: "1.1.1"
        title: Відкрити
        misspelt: kept in its place
        term:
          start: 2021  # start first
          end: 2023
        executors: [uszn, "tsnsp"]
"""


def test_canonical_layout() -> None:
    path = Path("plans/x/goals/sg1.yaml")
    assert _format(path, MESSY_GOAL) == CANONICAL_GOAL
    assert _format(path, CANONICAL_GOAL) == CANONICAL_GOAL


def test_a_canonical_file_is_not_reloaded_and_a_comment_one_space_away_still_is(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """A file the dumper gives back unchanged is canonical: it is returned without reloading and checking it again
    (a fifteenth of fmt's time). One whose only change is the two spaces before a comment goes the whole way."""
    path = Path("plans/x/goals/sg1.yaml")
    reloaded: list[str] = []
    real = fmt._reload

    def counting(output: str, file: str) -> Any:
        reloaded.append(output)
        return real(output, file)

    monkeypatch.setattr(fmt, "_reload", counting)
    assert _format(path, CANONICAL_GOAL) == CANONICAL_GOAL
    assert reloaded == []
    one_space = CANONICAL_GOAL.replace("2021  # start first", "2021 # start first")
    assert one_space != CANONICAL_GOAL
    assert _format(path, one_space) == CANONICAL_GOAL
    assert reloaded == [one_space, CANONICAL_GOAL]


def test_key_order_follows_the_models() -> None:
    assert fmt.key_order(fmt.GoalFile) == [
        "schema_version", "code", "title", "motto", "as_numbered", "expected_result", "indicators", "term", "executors",
        "funding", "declared_total", "notes", "operational_goals", "tasks", "measures"]
    assert fmt.key_order(fmt.PlanFile)[:4] == ["schema_version", "issuer", "document", "levels"]


def test_files_that_are_not_mappings_are_left_alone() -> None:
    for text in ("", "# only a comment\n", "- a\n-   b\n"):
        assert _format(Path("plan.yaml"), text) == text


# --- refusals ------------------------------------------------------------------------------------------------

def _sample_copy(tmp_path: Path) -> Path:
    plan = tmp_path / "sample"
    shutil.copytree(FIXTURES / "sample", plan)
    return plan


def test_a_comment_that_would_move_is_refused_and_the_file_left_byte_identical(
        tmp_path: Path, run_cli: Callable[..., CliRun]) -> None:
    plan = _sample_copy(tmp_path)
    goal = plan / "goals" / "sg1.yaml"
    text = goal.read_text(encoding="utf-8").replace(  # schema_version must move up to line 2, away from its comment
        'schema_version: 1\ncode: "1"\n', 'code: "1"\n# a comment about the schema version\nschema_version: 1\n')
    goal.write_bytes(text.encode("utf-8"))
    (plan / "plan.yaml").write_text(scramble((plan / "plan.yaml").read_text(encoding="utf-8")), encoding="utf-8")
    result = run_cli("fmt", str(plan), cwd=tmp_path)
    assert result.code == 2
    assert ("sample/goals/sg1.yaml:3:1: FM102 formatting would move this comment away from the line it annotates: "
            "# a comment about the schema version; file left unchanged") in result.err
    assert goal.read_bytes() == text.encode("utf-8")
    assert result.out == "reformatted sample/plan.yaml\n"  # the other files are still formatted
    assert (plan / "plan.yaml").read_bytes() == (FIXTURES / "sample" / "plan.yaml").read_bytes()


def test_a_comment_ruamel_drops_is_refused_and_the_file_left_byte_identical(
        tmp_path: Path, run_cli: Callable[..., CliRun]) -> None:
    plan = _sample_copy(tmp_path)
    target = plan / "plan.yaml"
    text = target.read_text(encoding="utf-8").replace(
        "  period: {start: 2021, end: 2023}\n", "  period: {start: 2021,  # the decision says 2020\n    end: 2023}\n")
    target.write_text(text, encoding="utf-8")
    result = run_cli("fmt", str(plan), cwd=tmp_path)
    assert result.code == 2
    assert result.err.startswith("sample/plan.yaml:14:26: FM102 formatting would lose this comment: "
                                 "# the decision says 2020; file left unchanged")
    assert target.read_text(encoding="utf-8") == text


def test_a_comment_on_a_block_scalar_header_is_kept_or_the_file_refused() -> None:
    kept = 'code: "1"\ntitle: |-  # printed on two lines\n  Ціль\n  друга\n'
    assert _format(Path("goals/sg1.yaml"), kept) == kept
    dropped = 'code: "1"\ntitle: Ціль\nnotes:\n  - >-  # ruamel drops this one\n    x\n'
    with pytest.raises(StratplanError) as refused:
        _format(Path("goals/sg1.yaml"), dropped)
    assert [(d.code, d.location.line, d.location.col, d.message) for d in refused.value.diagnostics] == [
        ("FM102", 4, 9, "formatting would lose this comment: # ruamel drops this one; file left unchanged")]


def test_crlf_line_ends_become_lf(tmp_path: Path) -> None:
    original = (FIXTURES / "broken" / "goals" / "sg1.yaml").read_text(encoding="utf-8")
    assert _format(Path("goals/sg1.yaml"), original.replace("\n", "\r\n")) == original


def _patch_dump(monkeypatch: pytest.MonkeyPatch, change: Callable[[str], str]) -> None:
    real_dump = fmt._dump

    def broken_dump(text: str, model: Any, file: str) -> str:
        return change(real_dump(text, model, file))

    monkeypatch.setattr(fmt, "_dump", broken_dump)


def test_a_dumper_that_loses_a_comment_is_caught(tmp_path: Path, run_cli: Callable[..., CliRun],
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    plan = tmp_path / "broken"
    shutil.copytree(FIXTURES / "broken", plan)
    goal = plan / "goals" / "sg1.yaml"
    before = goal.read_bytes()
    _patch_dump(monkeypatch, lambda out: out.replace("  # stratplan: ignore[TM103] the document prints this order", ""))
    result = run_cli("fmt", str(goal), cwd=tmp_path)
    assert result.code == 2
    assert result.err.startswith("broken/goals/sg1.yaml:39:45: FM102 formatting would lose this comment: "
                                 "# stratplan: ignore[TM103] the document prints this order; file left unchanged")
    assert goal.read_bytes() == before


def test_a_dumper_that_changes_an_amount_is_caught(tmp_path: Path, run_cli: Callable[..., CliRun],
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    plan = _sample_copy(tmp_path)
    goal = plan / "goals" / "sg1.yaml"
    goal.write_text(scramble(goal.read_text(encoding="utf-8")), encoding="utf-8")
    before = goal.read_bytes()
    _patch_dump(monkeypatch, lambda out: out.replace("total: 110.0", "total: 110"))
    result = run_cli("fmt", str(goal), cwd=tmp_path)
    assert result.code == 2
    line = next(i for i, text in enumerate(before.decode().splitlines(), 1) if "total: 110.0" in text)
    col = before.decode().splitlines()[line - 1].index("110.0") + 1
    assert (f"sample/goals/sg1.yaml:{line}:{col}: FM101 formatting would change the data at "
            "operational_goals/0/tasks/0/funding/planned/0/total; file left unchanged") in result.err
    assert goal.read_bytes() == before


def test_files_that_do_not_load_are_reported_and_skipped(tmp_path: Path, run_cli: Callable[..., CliRun]) -> None:
    plan = _scrambled_copy(tmp_path, FIXTURES / "sample")
    goal = plan / "goals" / "sg1.yaml"
    goal.write_text("code: '1'\ntitle: a\ntitle: b\n", encoding="utf-8")
    result = run_cli("fmt", str(plan), cwd=tmp_path)
    assert result.code == 2
    assert "sample/goals/sg1.yaml:3:1: LD108 duplicate key 'title' in this mapping" in result.err
    assert goal.read_text(encoding="utf-8") == "code: '1'\ntitle: a\ntitle: b\n"
    assert result.out == "reformatted sample/context.yaml\nreformatted sample/plan.yaml\nreformatted sample/statements.yaml\n"


def test_only_plan_files_are_formatted(run_cli: Callable[..., CliRun]) -> None:
    result = run_cli("fmt", "README.md")
    assert result.code == 2
    assert result.err.startswith("README.md: FM104 not a plan file")


def test_file_mode_is_kept_and_no_temporary_file_remains(tmp_path: Path, run_cli: Callable[..., CliRun]) -> None:
    plan = _scrambled_copy(tmp_path, FIXTURES / "sample")
    target = plan / "plan.yaml"
    target.chmod(0o640)
    assert run_cli("fmt", str(plan)).code == 0
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert not [p for p in plan.rglob("*") if p.name.endswith(".fmt-tmp")]


def test_symbolic_links_are_not_rewritten(tmp_path: Path, run_cli: Callable[..., CliRun]) -> None:
    plan = _scrambled_copy(tmp_path, FIXTURES / "sample")
    real = tmp_path / "context.yaml"
    (plan / "context.yaml").rename(real)
    (plan / "context.yaml").symlink_to(real)
    before = real.read_bytes()
    result = run_cli("fmt", str(plan), cwd=tmp_path)
    assert result.code == 2
    assert "sample/context.yaml: FM105 is a symbolic link" in result.err
    assert (plan / "context.yaml").is_symlink() and real.read_bytes() == before
    assert result.out == ("reformatted sample/goals/sg1.yaml\nreformatted sample/plan.yaml\n"
                          "reformatted sample/statements.yaml\n")


def test_a_failed_write_leaves_the_file_and_no_temporary_file(tmp_path: Path, run_cli: Callable[..., CliRun],
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    import stratplan.io.atomic as atomic

    plan = _scrambled_copy(tmp_path, FIXTURES / "sample")
    before = _snapshot(plan)

    def refuse(*_: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(atomic.os, "replace", refuse)
    result = run_cli("fmt", str(plan), cwd=tmp_path)
    assert result.code == 2
    assert "sample/plan.yaml: FM106 cannot write: Permission denied; file left unchanged" in result.err
    assert _snapshot(plan) == before  # no temporary file left either


# --- hooks and CI -------------------------------------------------------------------------------------------

def test_pre_commit_hooks_run_on_plan_files_only() -> None:
    hooks = {h["id"]: h for h in YAML(typ="safe").load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))}
    assert {k: h["entry"] for k, h in hooks.items()} == {"stratplan-validate": "stratplan validate",
                                                          "stratplan-fmt": "stratplan fmt"}
    for name, hook in hooks.items():
        pattern = re.compile(hook["files"])
        assert all(pattern.search(_rel(p)) for p in PLAN_FILES)
        assert not any(pattern.search(p) for p in ("README.md", ".stratplan.yaml", "schemas/goal.schema.json",
                                                   "plans/x/goals/notes/sg1.yaml"))
        # validate checks monitoring reports too (tests/test_hooks.py); fmt does not format them
        assert bool(pattern.search("plans/x/monitoring/2022.yaml")) is (name == "stratplan-validate")


def test_example_workflow_posts_the_changes_summary() -> None:
    workflow = YAML(typ="safe").load((REPO / "examples" / "github-workflow.yml").read_text(encoding="utf-8"))
    runs = [step.get("run", "") for step in workflow["jobs"]["check"]["steps"]]
    assert "stratplan validate plans/ --format github --baseline .stratplan-baseline.json" in runs
    assert "stratplan fmt --check plans/" in runs
    assert ('stratplan changes --base "origin/${{ github.base_ref }}" plans/ --format markdown >> "$GITHUB_STEP_SUMMARY"'
            in runs)


# --- SIGKILL at random moments -------------------------------------------------------------------------------

@dataclass
class KillRun:
    """What one killed run left behind."""

    killed: bool
    temp_files: int
    new_files: int


def _kill_plan() -> dict[str, tuple[bytes, bytes]]:
    """A plan copy with a large file (Melitopol's 74 kB context.yaml, the biggest real file): each file's bytes
    before (scrambled) and after formatting, both checked to load."""
    sources = {
        "plan.yaml": REPO / "plans" / "melitopol" / "plan.yaml",
        "goals/sg1.yaml": FIXTURES / "sample" / "goals" / "sg1.yaml",
        "context.yaml": REPO / "plans" / "melitopol" / "context.yaml",
    }
    files = {}
    for name, source in sources.items():
        canonical = source.read_text(encoding="utf-8")
        old = scramble(canonical)
        assert old != canonical and _format(Path(name), old) == canonical
        parse_text(old, name)
        files[name] = (old.encode("utf-8"), canonical.encode("utf-8"))
    return files


def _temp_files(root: Path) -> list[Path]:
    return [p for folder in (root, root / "goals") for p in folder.iterdir() if p.name.endswith(".fmt-tmp")]


def _one_killed_run(root: Path, files: dict[str, tuple[bytes, bytes]], when: float | None, seed: int) -> KillRun:
    """Run fmt on a fresh copy and SIGKILL it after `when` seconds, or (None) the moment a temporary file appears."""
    _fresh(root, files)
    env = {**os.environ, "PYTHONPATH": str(REPO / "src")}
    process = subprocess.Popen([sys.executable, "-m", "stratplan", "fmt", str(root)], env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 30
    if when is not None:
        time.sleep(when)
    else:
        target = "." + random.Random(seed).choice(sorted(Path(name).name for name in files)) + "."
        while process.poll() is None and time.monotonic() < deadline and not any(
                t.name.startswith(target) for t in _temp_files(root)):
            time.sleep(0.0005)
    killed = process.poll() is None
    process.send_signal(signal.SIGKILL)
    process.wait()
    return _check_kill_result(root, files, killed)


def _check_kill_result(root: Path, files: dict[str, tuple[bytes, bytes]], killed: bool) -> KillRun:
    temps = _temp_files(root)
    new_files = 0
    for name, (old, new) in files.items():
        now = (root / name).read_bytes()
        assert now in (old, new), f"{name} is neither the old nor the new file ({len(now)} bytes)"  # both load
        new_files += now == new
        if any(t.name.startswith(f".{Path(name).name}.") and t.parent == (root / name).parent for t in temps):
            assert now == old  # killed between writing the temporary file and the rename: the old file is intact
    return KillRun(killed, len(temps), new_files)


KILL_RUNS = 50


def test_killing_fmt_never_leaves_a_truncated_file(tmp_path: Path, figure: Callable[[str, str], None]) -> None:
    files = _kill_plan()
    began = time.monotonic()
    completed = subprocess.run([sys.executable, "-m", "stratplan", "fmt", str(_fresh(tmp_path / "complete", files))],
                               env={**os.environ, "PYTHONPATH": str(REPO / "src")}, capture_output=True, check=False)
    duration = time.monotonic() - began
    assert completed.returncode == 0
    assert all((tmp_path / "complete" / name).read_bytes() == new for name, (_old, new) in files.items())
    rng = random.Random(20240607)
    plans: list[float | None] = [rng.uniform(0, duration) if i % 2 else None for i in range(KILL_RUNS)]
    with ThreadPoolExecutor(max_workers=2) as pool:
        runs = list(pool.map(lambda item: _one_killed_run(tmp_path / f"run{item[0]}", files, item[1], item[0]),
                             enumerate(plans)))
    mid_write = sum(1 for r in runs if r.temp_files)
    partly = sum(1 for r in runs if 0 < r.new_files < len(files))
    figure("fmt-kill", f"{len(runs)} runs SIGKILLed at random moments in {time.monotonic() - began:.1f} s (a full run "
                       f"takes {duration:.2f} s): {sum(r.killed for r in runs)} killed before finishing, {mid_write} "
                       f"mid-write, {partly} with some files new and some old; every file old or new, 0 truncated")
    assert len(runs) >= KILL_RUNS
    assert mid_write >= 1, "no kill landed inside a write: the test did not exercise the dangerous window"


def _fresh(root: Path, files: dict[str, tuple[bytes, bytes]]) -> Path:
    (root / "goals").mkdir(parents=True)
    for name, (old, _new) in files.items():
        (root / name).write_bytes(old)
    return root
