"""`changes`, `diff` and `export` at scale: cached, parallel and plain runs give the same bytes, the streamed JSON is
laid out as one `json.dumps` of the whole, and `changes` loads only the plans whose files differ, reporting them
exactly as comparing every plan did."""

from __future__ import annotations

import io
import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import FIXTURES, REPO, CliRun
from stratplan import api
from stratplan.check.config import LintConfig
from stratplan.check.engine import configured_diagnostics
from stratplan.compute import changes as semantic
from stratplan.compute import monitoring
from stratplan.model.monitoring import Period
from stratplan.output.formatters import changes as changes_out
from stratplan.output.formatters import changes_text
from stratplan.output.formatters.diff import to_data
from stratplan.pipeline import changes as pipeline_changes
from stratplan.plan.loader import load_plan
from test_changes import commit, git

Run = Callable[..., CliRun]
RUNS = (("--no-cache", "-j", "1"), ("--cache-dir", "CACHE"), ("--cache-dir", "CACHE", "-j", "2"))
"""Plain, then writing the cache (one process), then reading it with workers."""


def _copy(source: Path, target: Path, number: int) -> None:
    """A copy of a plan under its own slug and title (its files differ from every other copy's)."""
    shutil.copytree(source, target)
    plan = target / "plan.yaml"
    text = plan.read_text(encoding="utf-8")
    slug = text.split("slug: ", 1)[1].split("\n", 1)[0].strip().strip('"')
    plan.write_text(text.replace(slug, f"{slug}_{number:02d}", 1), encoding="utf-8")


def _runs(run_cli: Run, tmp_path: Path, *args: str) -> list[CliRun]:
    found = []
    for extra in RUNS:
        extra = tuple(str(tmp_path / "cache") if e == "CACHE" else e for e in extra)
        found.append(run_cli(*args, *extra, cwd=tmp_path))
    return found


@pytest.fixture
def monitored(tmp_path: Path) -> Path:
    """plans/: six copies of the monitored fixture (a 2022 report each): enough plans for workers to start."""
    for number in range(6):
        _copy(FIXTURES / "monitored", tmp_path / "plans" / f"m{number}", number)
    return tmp_path / "plans"


@pytest.mark.parametrize("fmt", ["table", "markdown", "csv", "json"])
def test_diff_cached_parallel_and_plain_runs_are_the_same(monitored: Path, tmp_path: Path, run_cli: Run,
                                                          fmt: str) -> None:
    outputs = _runs(run_cli, tmp_path, "diff", "plans/", "--period", "2022", "--since", "2021", "-f", fmt)
    assert [(r.code, r.err) for r in outputs] == [(0, "")] * 3
    assert outputs[0].out and outputs[0].out == outputs[1].out == outputs[2].out
    assert len(list((tmp_path / "cache").rglob("diff/*/*.json"))) == 6  # one entry per plan
    if fmt == "json":  # streamed plan by plan, laid out as one dump of the whole
        results = [monitoring.compare(load_plan(root).view, *found)
                   for root in sorted((tmp_path / "plans").iterdir())
                   if (found := monitoring.find_report(load_plan(root).view, Period(year=2022))) is not None]
        data = json.loads(outputs[0].out)
        assert data["unit"] == "thousand_uah" and len(data["plans"]) == 6
        whole = dict(data, plans=[to_data(r) for r in results])
        assert [p["money"] for p in data["plans"]] == [p["money"] for p in whole["plans"]]
        assert outputs[0].out == json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def test_diff_streamed_json_of_no_plan_and_one_plan_is_one_dump() -> None:
    from stratplan.output.formatters.diff import write_json

    for results in ([], [monitoring.compare(load_plan(FIXTURES / "monitored").view,
                                            *monitoring.find_report(load_plan(FIXTURES / "monitored").view,
                                                                    Period(year=2022)) or ("", None))]):
        stream = io.StringIO()
        write_json(results, stream)
        whole = {"version": 1, "unit": "thousand_uah" if results else "per_plan", "plans": [to_data(r) for r in results]}
        assert stream.getvalue() == json.dumps(whole, ensure_ascii=False, indent=2) + "\n"


def test_diff_error_after_other_plans_leaves_stdout_untouched(monitored: Path, tmp_path: Path, run_cli: Run) -> None:
    (monitored / "m3" / "monitoring" / "2022.yaml").unlink()  # no report: a usage error, after m0-m2 compared
    missing = run_cli("diff", "plans/", "--period", "2022", "-f", "csv", "-j", "2", cwd=tmp_path)
    assert (missing.code, missing.out) == (2, "")
    assert missing.err == ("stratplan: error: plans/m3: no monitoring report for 2022 in plans/m3/monitoring; create "
                           "one with 'stratplan monitor init plans/m3 --period 2022'\n")
    (monitored / "m5" / "plan.yaml").write_text("schema_version: [\n", encoding="utf-8")  # a load error wins
    broken = run_cli("diff", "plans/", "--period", "2022", "-f", "csv", cwd=tmp_path)
    assert (broken.code, broken.out) == (2, "")
    assert "plans/m5/plan.yaml" in broken.err and "no monitoring report" not in broken.err


@pytest.mark.parametrize("fmt", ["csv", "json", "xlsx"])
def test_export_cached_parallel_and_plain_runs_are_the_same(monitored: Path, tmp_path: Path, run_cli: Run,
                                                            fmt: str) -> None:
    shutil.copytree(REPO / "plans", monitored / "real")
    outputs = []
    for extra in RUNS:
        extra = tuple(str(tmp_path / "cache") if e == "CACHE" else e for e in extra)
        run = run_cli("export", "plans/", "-f", fmt, "-o", "out", *extra, cwd=tmp_path)
        assert (run.code, run.err) == (0, "wrote out\n")
        outputs.append((tmp_path / "out").read_bytes())
        (tmp_path / "out").unlink()
    assert outputs[0] and outputs[0] == outputs[1] == outputs[2]
    plans = [p.view for p in api.load_plans([monitored])]
    whole = io.BytesIO() if fmt == "xlsx" else io.StringIO(newline="")
    api.write_export(plans, fmt, whole)  # the views of every plan at once, written by the same writers
    expected = whole.getvalue()
    assert outputs[0] == (expected if isinstance(expected, bytes) else expected.encode("utf-8"))
    if fmt != "xlsx":
        assert run_cli("export", "plans/", "-f", fmt, "-j", "2", cwd=tmp_path).out.encode("utf-8") == outputs[0]
    if fmt == "json":
        data = json.loads(outputs[0])
        assert outputs[0].decode("utf-8") == json.dumps(data, ensure_ascii=False, indent=2) + "\n"
        assert len(data["plans"]) == 9


def test_export_of_a_plan_that_does_not_load_writes_nothing(monitored: Path, tmp_path: Path, run_cli: Run) -> None:
    (monitored / "m4" / "goals" / "sg1.yaml").write_text("code: [\n", encoding="utf-8")
    (tmp_path / "out.csv").write_text("earlier\n", encoding="utf-8")
    for target in (("-o", "out.csv"), ()):
        run = run_cli("export", "plans/", "-f", "csv", "-j", "2", *target, cwd=tmp_path)
        assert (run.code, run.out) == (2, "")  # a plan that does not load: exit 2, as before
        assert "plans/m4/goals/sg1.yaml" in run.err
    assert (tmp_path / "out.csv").read_text(encoding="utf-8") == "earlier\n"


def _corpus(tmp_path: Path, count: int) -> tuple[Path, Path]:
    """base/plans and head/plans: `count` copies of the sample plan; head edits a title in p07."""
    for number in range(count):
        _copy(FIXTURES / "sample", tmp_path / "base" / "plans" / f"p{number:02d}", number)
    shutil.copytree(tmp_path / "base", tmp_path / "head")
    goal = tmp_path / "head" / "plans" / "p07" / "goals" / "sg1.yaml"
    goal.write_text(goal.read_text(encoding="utf-8").replace("title: Відкрити відділення денного догляду",
                                                            "title: Відкрити два відділення денного догляду"),
                    encoding="utf-8")
    return tmp_path / "base", tmp_path / "head"


def _every_plan_compared(base: Path, head: Path) -> semantic.ChangeReport:
    """What `changes` reported before: every plan of both sides loaded and compared."""
    def plans(folder: Path) -> dict[str, object]:
        roots, _ = api.find_plans([folder / "plans"])
        return {root.relative_to(folder).as_posix(): load_plan(root) for root in roots}

    return semantic.compare(semantic.Side(str(base.name), folder=base.name), semantic.Side(str(head.name), folder=head.name),
                            plans(base), plans(head),  # type: ignore[arg-type]
                            lambda plan: configured_diagnostics(plan, LintConfig()))


def test_a_changed_plan_among_fifty_is_reported_as_before_and_only_it_is_loaded(
        tmp_path: Path, run_cli: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    _base, _head = _corpus(tmp_path, 50)
    loaded: list[str] = []
    real_load = pipeline_changes.load
    monkeypatch.setattr(pipeline_changes, "load", lambda plan: loaded.append(plan.key) or real_load(plan))
    run = run_cli("changes", "--base-dir", "base", "--head-dir", "head", "plans/", "-j", "1", cwd=tmp_path)
    assert run.code == 0 and run.err == ""
    assert loaded == ["plans/p07", "plans/p07"]  # its base and its head; the 49 others never
    monkeypatch.chdir(tmp_path)
    before = _every_plan_compared(Path("base"), Path("head"))
    text = io.StringIO()
    changes_text.write(before, text)
    assert run.out == text.getvalue() + "49 plans unchanged (the same files on both sides, not compared)\n"
    assert [p.key for p in before.plans if p.status != "unchanged"] == ["plans/p07"]
    data = json.loads(run_cli("changes", "--base-dir", "base", "--head-dir", "head", "plans/", "-f", "json",
                              cwd=tmp_path).out)
    old = io.StringIO()
    changes_out.write_json(before, old)
    old_data = json.loads(old.getvalue())
    assert data["plans"] == [p for p in old_data["plans"] if p["key"] == "plans/p07"]
    assert data["identical"] == [f"plans/p{n:02d}" for n in range(50) if n != 7]
    assert {k: v for k, v in data.items() if k not in ("plans", "identical")} == \
        {k: v for k, v in old_data.items() if k not in ("plans", "identical")}


def test_an_unchanged_broken_plan_is_not_loaded(tmp_path: Path, run_cli: Run) -> None:
    base, head = _corpus(tmp_path, 8)
    for side in (base, head):  # the same broken file on both sides: comparing every plan reported it load-failed
        (side / "plans" / "p02" / "goals" / "sg1.yaml").write_text("code: [\n", encoding="utf-8")
    run = run_cli("changes", "--base-dir", "base", "--head-dir", "head", "plans/", "-f", "json", cwd=tmp_path)
    data = json.loads(run.out)
    assert [(p["key"], p["status"]) for p in data["plans"]] == [("plans/p07", "changed")]
    assert "plans/p02" in data["identical"]
    every = _every_plan_compared(base, head)  # comparing every plan reported it
    assert [(p.key, p.status) for p in every.plans if p.status != "unchanged"] == [
        ("plans/p02", "load-failed"), ("plans/p07", "changed")]


def test_moves_additions_and_removals_are_compared_as_before(tmp_path: Path, run_cli: Run,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    _base, head = _corpus(tmp_path, 8)
    (head / "plans" / "p03").rename(head / "plans" / "moved")  # same slug and files: paired, unchanged
    shutil.rmtree(head / "plans" / "p05")  # removed
    _copy(FIXTURES / "sample", head / "plans" / "new", 99)  # added
    outputs = _runs(run_cli, tmp_path, "changes", "--base-dir", "base", "--head-dir", "head", "plans/", "-f", "json")
    assert outputs[0].out == outputs[1].out == outputs[2].out
    data = json.loads(outputs[0].out)
    assert [(p["key"], p["status"]) for p in data["plans"]] == [
        ("plans/moved", "unchanged"), ("plans/new", "added"), ("plans/p05", "removed"), ("plans/p07", "changed")]
    old = io.StringIO()
    monkeypatch.chdir(tmp_path)
    changes_out.write_json(_every_plan_compared(Path("base"), Path("head")), old)
    old_plans = [p for p in json.loads(old.getvalue())["plans"] if p["key"] not in data["identical"]]
    assert data["plans"] == old_plans
    assert data["identical"] == ["plans/p00", "plans/p01", "plans/p02", "plans/p04", "plans/p06"]


@pytest.mark.parametrize("fmt", ["text", "markdown", "json"])
def test_changes_cached_parallel_and_plain_runs_are_the_same(tmp_path: Path, run_cli: Run, fmt: str) -> None:
    _base, head = _corpus(tmp_path, 8)
    for number in (1, 4, 6):  # five changed plans: enough for workers
        goal = head / "plans" / f"p{number:02d}" / "goals" / "sg1.yaml"
        goal.write_text(goal.read_text(encoding="utf-8").replace("targets: {2022: 20, 2023: 35}",
                                                                "targets: {2022: 20, 2023: 30}"), encoding="utf-8")
    (head / "plans" / "p02" / "context.yaml").unlink()
    outputs = _runs(run_cli, tmp_path, "changes", "--base-dir", "base", "--head-dir", "head", "plans/", "-f", fmt)
    assert [r.code for r in outputs] == [0, 0, 0]
    assert outputs[0].out and outputs[0].out == outputs[1].out == outputs[2].out
    assert len(list((tmp_path / "cache").rglob("lint/*/*.json"))) == 10  # both sides of the five changed plans


def test_git_sides_compare_blob_ids_and_load_only_what_differs(tmp_path: Path, run_cli: Run,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    base, _head = _corpus(tmp_path, 8)
    repo = tmp_path / "repo"
    shutil.copytree(base, repo)
    git(repo, "init", "-q")
    commit(repo, "base")
    goal = repo / "plans" / "p04" / "goals" / "sg1.yaml"
    goal.write_text(goal.read_text(encoding="utf-8").replace("targets: {2022: 20, 2023: 35}",
                                                            "targets: {2022: 20, 2023: 30}"), encoding="utf-8")
    (repo / "plans" / "p01" / "plan.yaml").touch()  # a new mtime, the same bytes: still identical
    loaded: list[str] = []
    real_load = pipeline_changes.load
    monkeypatch.setattr(pipeline_changes, "load", lambda plan: loaded.append(plan.key) or real_load(plan))
    work_tree = run_cli("changes", "--base", "HEAD", "plans/", "-f", "json", "-j", "1", cwd=repo)
    assert loaded == ["plans/p04", "plans/p04"]
    data = json.loads(work_tree.out)
    assert [p["key"] for p in data["plans"]] == ["plans/p04"] and len(data["identical"]) == 7
    assert data["plans"][0]["flags"][0]["flag"] == "target-lowered"
    commit(repo, "head")
    loaded.clear()
    revisions = json.loads(run_cli("changes", "--base", "HEAD~1", "--head", "HEAD", "plans/", "-f", "json", "-j", "1",
                                   cwd=repo).out)
    assert loaded == ["plans/p04", "plans/p04"]
    assert revisions["plans"] == data["plans"] and revisions["identical"] == data["identical"]
