"""Files stratplan writes get the mode any new file gets under the user's umask; a file fmt rewrites keeps its own."""

from __future__ import annotations

import os
import shutil
import stat
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from conftest import FIXTURES, CliRun
from stratplan.io.atomic import write_atomically

Run = Callable[..., CliRun]


@pytest.fixture(params=[0o022, 0o077], ids=["umask022", "umask077"])
def umask(request: pytest.FixtureRequest) -> Iterator[int]:
    previous = os.umask(request.param)
    try:
        yield request.param
    finally:
        os.umask(previous)


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_reports_follow_the_umask(umask: int, tmp_path: Path, run_cli: Run) -> None:
    html, md = tmp_path / "out" / "r.html", tmp_path / "out" / "r.md"
    assert run_cli("report", str(FIXTURES / "sample"), "--year", "2022", "-o", str(html)).code == 0
    assert run_cli("report", str(FIXTURES / "sample"), "--year", "2022", "-f", "md", "-o", str(md)).code == 0
    written = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert written == ["r.chart-plan.svg", "r.html", "r.md"]  # and no temporary file left
    assert {name: _mode(tmp_path / "out" / name) for name in written} == dict.fromkeys(written, 0o666 & ~umask)


def test_exports_and_monitoring_files_follow_the_umask(umask: int, tmp_path: Path, run_cli: Run) -> None:
    plan = tmp_path / "sample"
    shutil.copytree(FIXTURES / "sample", plan)
    for name, args in {"rows.csv": ["-f", "csv"], "rows.json": ["-f", "json"], "rows.xlsx": ["-f", "xlsx"]}.items():
        assert run_cli("export", str(plan), *args, "-o", str(tmp_path / name)).code == 0
        assert _mode(tmp_path / name) == 0o666 & ~umask, name
    assert run_cli("monitor", "init", str(plan), "--period", "2022").code == 0
    assert _mode(plan / "monitoring" / "2022.yaml") == 0o666 & ~umask


def test_cache_entries_follow_the_umask(umask: int, tmp_path: Path, run_cli: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    cache = tmp_path / "cache"
    monkeypatch.setenv("STRATPLAN_CACHE_DIR", str(cache))
    assert run_cli("validate", str(FIXTURES / "sample")).code == 0
    files = [p for p in cache.rglob("*") if p.is_file()]
    assert files
    assert {_mode(p) for p in files} == {0o666 & ~umask}


@pytest.mark.parametrize("mode", [0o640, 0o604, 0o600])
def test_fmt_keeps_each_files_own_mode(umask: int, mode: int, tmp_path: Path, run_cli: Run) -> None:
    plan = tmp_path / "sample"
    shutil.copytree(FIXTURES / "sample", plan)
    target = plan / "plan.yaml"
    target.write_text(target.read_text(encoding="utf-8").replace("  name: ", "  name:   ", 1), encoding="utf-8")
    target.chmod(mode)
    assert run_cli("fmt", str(plan)).out == f"reformatted {os.path.relpath(target)}\n"
    assert _mode(target) == mode


def test_write_atomically_replaces_or_creates(umask: int, tmp_path: Path) -> None:
    new, kept = tmp_path / "new.txt", tmp_path / "kept.txt"
    write_atomically(new, b"one")
    kept.write_bytes(b"old")
    kept.chmod(0o640)
    write_atomically(kept, b"two", mode=0o640)
    assert (new.read_bytes(), _mode(new)) == (b"one", 0o666 & ~umask)
    assert (kept.read_bytes(), _mode(kept)) == (b"two", 0o640)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["kept.txt", "new.txt"]
