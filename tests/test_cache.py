"""The lint cache: the same output with and without it, invalidated by every input, never trusted blindly."""

from __future__ import annotations

import os
import shutil
import time
from dataclasses import replace
from pathlib import Path

import pytest
from typer.testing import CliRunner

from stratplan.check.config import LintConfig
from stratplan.cli import lint_commands  # noqa: F401  (registers validate)
from stratplan.cli.app import app
from stratplan.core.diagnostics import UsageError
from stratplan.io import cache
from stratplan.pipeline.lint import config_fingerprint, lint_paths

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture
def plans(tmp_path: Path) -> Path:
    shutil.copytree(REPO / "plans", tmp_path / "plans")
    return tmp_path / "plans"


def _run(plans: Path, store: cache.ResultCache | None, config: LintConfig | None = None) -> tuple[list[object], int, int]:
    result = lint_paths([plans], config or LintConfig(), cache=store)
    return [*result.diagnostics], result.files, result.cached


def _key(tmp_path: Path, root: Path, display: str, config: LintConfig) -> str | None:
    return cache.ResultCache(tmp_path / "cache").key(root, display, config_fingerprint(config))


def test_cached_run_gives_the_same_result(plans: Path, tmp_path: Path) -> None:
    store = cache.ResultCache(tmp_path / "cache")
    reference = _run(plans, None)
    cold, warm = _run(plans, store), _run(plans, store)
    assert cold[:2] == reference[:2] == warm[:2]
    assert (cold[2], warm[2]) == (0, 3)


def test_editing_a_file_invalidates_only_its_plan(plans: Path, tmp_path: Path) -> None:
    store = cache.ResultCache(tmp_path / "cache")
    _run(plans, store)
    goal = plans / "melitopol" / "goals" / "sg2.yaml"
    goal.write_text(goal.read_text(encoding="utf-8").replace('code: "2"', 'code: "9"', 1), encoding="utf-8")
    diagnostics, _files, cached = _run(plans, store)
    assert cached == 2
    assert diagnostics == _run(plans, None)[0]


def test_config_change_invalidates(plans: Path, tmp_path: Path) -> None:
    store = cache.ResultCache(tmp_path / "cache")
    _run(plans, store)
    narrow = LintConfig(ignore=("TM",))
    diagnostics, _files, cached = _run(plans, store, narrow)
    assert cached == 0
    assert diagnostics == _run(plans, None, narrow)[0]
    assert not any(d.code.startswith("TM") for d in diagnostics)  # type: ignore[attr-defined]


def test_version_change_invalidates(plans: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store = cache.ResultCache(tmp_path / "cache")
    _run(plans, store)
    monkeypatch.setattr(cache, "tool_fingerprint", lambda: "another version of stratplan")
    assert _run(plans, store)[2] == 0


def test_source_change_changes_the_tool_fingerprint(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    package = tmp_path / "stratplan"
    package.mkdir()
    (package / "a.py").write_text("x = 1\n", encoding="utf-8")
    monkeypatch.setattr(cache, "_PACKAGE", package)
    cache.tool_fingerprint.cache_clear()
    before = cache.tool_fingerprint()
    (package / "a.py").write_text("x = 2\n", encoding="utf-8")
    cache.tool_fingerprint.cache_clear()
    assert cache.tool_fingerprint() != before
    cache.tool_fingerprint.cache_clear()


def test_the_fingerprint_covers_every_layer_of_the_package() -> None:
    """The whole package, not the folder cache.py lives in: a changed rule or rollup must not reuse old results."""
    import stratplan

    assert Path(stratplan.__file__).resolve().parent == cache._PACKAGE
    hashed = {p.relative_to(cache._PACKAGE).as_posix() for p in cache._PACKAGE.rglob("*.py")}
    assert {"compute/rollup.py", "check/rules/bg105_plan_total_mismatch.py", "io/cache.py"} <= hashed


@pytest.mark.parametrize("garbage", [b"", b"{not json", b'{"format": "lint-v0", "files": 1, "diagnostics": []}',
                                     b'{"format": "v2", "files": 5, "diagnostics": [["x"]]}', b"\xff\xfe"])
def test_corrupted_entry_is_ignored_and_rewritten(plans: Path, tmp_path: Path, garbage: bytes) -> None:
    store = cache.ResultCache(tmp_path / "cache")
    reference = _run(plans, store)
    for entry in (tmp_path / "cache").rglob("*.json"):
        entry.write_bytes(garbage)
    diagnostics, files, cached = _run(plans, store)
    assert (diagnostics, files, cached) == (reference[0], reference[1], 0)
    assert _run(plans, store)[2] == 3


def test_plan_with_a_symlink_is_not_cached(plans: Path, tmp_path: Path) -> None:
    (plans / "melitopol" / "link.yaml").symlink_to(plans / "melitopol" / "context.yaml")
    assert _key(tmp_path, plans / "melitopol", "plans/melitopol", LintConfig()) is None


def test_key_depends_on_the_displayed_folder(plans: Path, tmp_path: Path) -> None:
    config = LintConfig()
    assert _key(tmp_path, plans / "melitopol", "a", config) != _key(tmp_path, plans / "melitopol", "b", config)
    assert config_fingerprint(config) != config_fingerprint(replace(config, select=("BG",)))


def test_cli_cache_and_jobs_do_not_change_the_output(plans: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(plans.parent)
    runner = CliRunner()
    outputs = []
    for extra in (["--no-cache", "-j", "1"], ["--cache-dir", str(tmp_path / "c")], ["--cache-dir", str(tmp_path / "c"), "-j", "2"]):
        run = runner.invoke(app, ["validate", "plans", "-f", "json", *extra])
        assert run.exit_code == 1, run.output  # the real plans carry their documents' errors
        outputs.append(run.stdout)
    assert outputs[0] == outputs[1] == outputs[2]
    assert list((tmp_path / "c").rglob("*.json"))


def test_cache_dir_inside_the_plans_is_refused(plans: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(plans.parent)
    run = CliRunner().invoke(app, ["validate", "plans", "--cache-dir", "plans/.cache"])
    assert isinstance(run.exception, UsageError)  # main() turns it into exit code 2
    assert not (plans / ".cache").exists()


def test_default_dir_follows_the_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("STRATPLAN_CACHE_DIR", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache.default_dir() == tmp_path / "xdg" / "stratplan"
    monkeypatch.setenv("STRATPLAN_CACHE_DIR", str(tmp_path / "mine"))
    assert cache.default_dir() == tmp_path / "mine"


def test_remembered_digests_skip_reading_but_never_miss_an_edit(plans: Path, tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cache, "RACY_NS", 0)  # the files were written just now; trust their stamps at once
    root, asked = plans / "melitopol", config_fingerprint(LintConfig())
    first = cache.ResultCache(tmp_path / "cache")
    assert first.remembered_key(root, "plans/melitopol", asked) == cache.ResultCache.UNREMEMBERED
    key = first.key(root, "plans/melitopol", asked)
    first.save()
    again = cache.ResultCache(tmp_path / "cache")
    assert again.remembered_key(root, "plans/melitopol", asked) == key  # from stamps alone
    # Same size, same mtime restored afterwards: only ctime tells; the key must still change.
    goal = root / "goals" / "sg1.yaml"
    before = goal.stat()
    time.sleep(0.05)
    goal.write_bytes(goal.read_bytes().replace(b'code: "1"', b'code: "7"', 1))
    os.utime(goal, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert goal.stat().st_size == before.st_size and goal.stat().st_mtime_ns == before.st_mtime_ns
    after = cache.ResultCache(tmp_path / "cache")
    assert after.remembered_key(root, "plans/melitopol", asked) == cache.ResultCache.UNREMEMBERED
    assert after.key(root, "plans/melitopol", asked) not in (None, key)


def test_a_file_changed_within_the_racy_window_is_not_remembered(plans: Path, tmp_path: Path) -> None:
    store = cache.ResultCache(tmp_path / "cache")
    asked = config_fingerprint(LintConfig())
    assert store.key(plans / "melitopol", "plans/melitopol", asked) is not None
    store.save()
    assert not (tmp_path / "cache" / cache.FORMAT / "digests.json").exists()  # every file was written just now
    assert store.remembered_key(plans / "melitopol", "plans/melitopol", asked) == cache.ResultCache.UNREMEMBERED


def test_fresh_checkout_with_a_restored_cache_hits_every_plan(plans: Path, tmp_path: Path,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cache, "RACY_NS", 0)
    shutil.copytree(plans / "melitopol", plans / "melitopol-2")  # four plans: enough to start workers
    store = cache.ResultCache(tmp_path / "cache")
    reference = _run(plans, store)
    (tmp_path / "cache" / cache.FORMAT / "digests.json").unlink()  # new inodes, nothing remembered
    shutil.copytree(plans, tmp_path / "clone")
    shutil.rmtree(plans)
    (tmp_path / "clone").rename(plans)
    for jobs in (1, 2):
        result = lint_paths([plans], LintConfig(), jobs=jobs, cache=cache.ResultCache(tmp_path / "cache"))
        assert (result.diagnostics, result.files, result.cached) == (reference[0], reference[1], 4)
    for entry in (tmp_path / "cache").rglob("lint/*/*.json"):
        entry.write_text('{"format": "v2", "files": 5, "diagnostics": [["x"]]}', encoding="utf-8")
    (tmp_path / "cache" / cache.FORMAT / "digests.json").unlink()
    result = lint_paths([plans], LintConfig(), jobs=2, cache=cache.ResultCache(tmp_path / "cache"))
    assert (result.diagnostics, result.files, result.cached) == (reference[0], reference[1], 0)  # workers recomputed


def test_one_plan_named_twice_is_checked_once(plans: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(plans.parent)
    once = lint_paths([Path("plans/melitopol")], LintConfig())
    twice = lint_paths([Path("plans/melitopol"), plans / "melitopol", Path("plans/melitopol/goals/sg1.yaml")],
                       LintConfig())
    assert (twice.plans, twice.files, twice.diagnostics) == (once.plans, once.files, once.diagnostics)


def test_old_generations_are_removed_but_the_last_other_one_is_kept(plans: Path, tmp_path: Path) -> None:
    root = tmp_path / "cache" / cache.FORMAT
    for age, name in enumerate(["a" * 24, "b" * 24, "c" * 24, "not-ours"]):
        (root / name / "lint").mkdir(parents=True)
        os.utime(root / name, (1_000_000 + age, 1_000_000 + age))
    _run(plans, cache.ResultCache(tmp_path / "cache"))
    current = cache.tool_fingerprint()[:24]
    assert sorted(p.name for p in root.iterdir() if p.is_dir()) == sorted([current, "c" * 24, "not-ours"])
    assert len(list((root / current / "lint").rglob("*.json"))) == 3
