"""The source dumps are found through one setting, STRATPLAN_SOURCES: absent, their tests are skipped with
the reason; with STRATPLAN_REQUIRE_SOURCES=1 (CI) they fail instead."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import REPO, sources_dir

# Six tests that read a dump: the normalisation of each of the three dumps, and each plan's node counts.
SELECTED = ["tests/test_fidelity.py", "-k", "source_index or node_counts"]


def _pytest(tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    """Run the selected fidelity tests in a fresh pytest with only the given STRATPLAN_* source settings."""
    clean = {k: v for k, v in os.environ.items() if k not in ("STRATPLAN_SOURCES", "STRATPLAN_REQUIRE_SOURCES")}
    command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-rs", *SELECTED]
    return subprocess.run(command, cwd=REPO, env={**clean, **env}, capture_output=True, text=True, check=False,
                          timeout=300)


def test_absent_sources_skip_saying_where_they_were_looked_for(tmp_path: Path) -> None:
    absent = tmp_path / "absent"
    run = _pytest(tmp_path, STRATPLAN_SOURCES=str(absent))
    reason = (f"source dumps not found: no folder {absent} (STRATPLAN_SOURCES={absent}); set STRATPLAN_SOURCES to the "
              "folder holding the dumps (e.g. STRATPLAN_SOURCES=/path/to/shared/seeds make test)")
    assert run.returncode == 0, run.stdout + run.stderr
    assert run.stdout.count(reason) == 2  # one summary line per test function, three parameters each
    assert re.fullmatch(r"6 skipped, \d+ deselected in .*", run.stdout.splitlines()[-1]), run.stdout


def test_required_sources_fail_when_absent(tmp_path: Path) -> None:
    absent = tmp_path / "absent"
    run = _pytest(tmp_path, STRATPLAN_SOURCES=str(absent), STRATPLAN_REQUIRE_SOURCES="1")
    assert run.returncode == 1, run.stdout + run.stderr
    assert f"source dumps not found: no folder {absent}" in run.stdout
    assert "STRATPLAN_REQUIRE_SOURCES=1 requires them" in run.stdout
    assert re.fullmatch(r"\d+ deselected, 6 errors in .*", run.stdout.splitlines()[-1]), run.stdout


def test_sources_are_read_from_the_folder_the_setting_names(tmp_path: Path, sources: Path) -> None:
    elsewhere = tmp_path / "dumps"
    shutil.copytree(sources, elsewhere)
    run = _pytest(tmp_path, STRATPLAN_SOURCES=str(elsewhere), STRATPLAN_REQUIRE_SOURCES="1")
    assert run.returncode == 0, run.stdout + run.stderr
    assert re.fullmatch(r"6 passed, \d+ deselected in .*", run.stdout.splitlines()[-1]), run.stdout


def test_default_and_relative_settings_are_taken_from_the_repository_root(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("STRATPLAN_SOURCES", raising=False)
    assert sources_dir() == REPO.parent / "shared" / "seeds"
    monkeypatch.setenv("STRATPLAN_SOURCES", "dumps/here")
    monkeypatch.chdir("/")
    assert sources_dir() == REPO / "dumps" / "here"


def test_ci_refuses_to_run_without_the_sources(tmp_path: Path) -> None:
    absent = tmp_path / "absent"
    env = {**os.environ, "STRATPLAN_SOURCES": str(absent)}
    run = subprocess.run([str(REPO / ".ci" / "run")], cwd=tmp_path, env=env, capture_output=True, text=True,
                         check=False, timeout=60)
    assert run.returncode == 1
    assert run.stderr == (f"source dumps not found: no folder {absent} (STRATPLAN_SOURCES; a relative path is taken "
                          f"from {REPO}); CI needs them\n")
    assert run.stdout == ""
