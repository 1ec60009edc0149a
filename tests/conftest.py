"""Shared test helpers: the repository root, the source dumps, and running the CLI in-process through its real
entry point."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from stratplan.cli import main

REPO = Path(__file__).resolve().parent.parent
FIXTURES = REPO / "tests" / "fixtures"
GOLDEN = REPO / "tests" / "golden"

# The source documents the plans were made from (plain-text dumps) live outside the repository. One setting
# says where: STRATPLAN_SOURCES (a relative path is taken from the repository root). Without the folder the
# tests that read a dump are skipped, saying where they looked; STRATPLAN_REQUIRE_SOURCES=1 (set by .ci/run)
# makes them fail instead, so CI cannot go green without checking the plans against their sources.
SOURCES_VARIABLE = "STRATPLAN_SOURCES"
REQUIRE_SOURCES_VARIABLE = "STRATPLAN_REQUIRE_SOURCES"
DEFAULT_SOURCES = "../shared/seeds"


def sources_dir() -> Path:
    """The folder of the source dumps: STRATPLAN_SOURCES, default ../shared/seeds, from the repository root."""
    return Path(os.path.normpath(REPO / (os.environ.get(SOURCES_VARIABLE) or DEFAULT_SOURCES)))


def missing_sources_message(folder: Path) -> str:
    """Why the source checks did not run, where they looked and how to point them elsewhere."""
    return (f"source dumps not found: no folder {folder} ({SOURCES_VARIABLE}="
            f"{os.environ.get(SOURCES_VARIABLE) or f'unset, default {DEFAULT_SOURCES}'}); set {SOURCES_VARIABLE} "
            f"to the folder holding the dumps (e.g. {SOURCES_VARIABLE}=/path/to/shared/seeds make test)")


@pytest.fixture(scope="session")
def sources() -> Path:
    """The source dumps' folder; skips the test when it is absent, fails it when STRATPLAN_REQUIRE_SOURCES=1."""
    folder = sources_dir()
    if not folder.is_dir():
        message = missing_sources_message(folder)
        if os.environ.get(REQUIRE_SOURCES_VARIABLE) == "1":
            pytest.fail(f"{message}; {REQUIRE_SOURCES_VARIABLE}=1 requires them", pytrace=False)
        pytest.skip(message)
    return folder


def check_golden(name: str, actual: str) -> None:
    """Compare with tests/golden/NAME; `make golden` (STRATPLAN_UPDATE_GOLDEN=1) rewrites it first."""
    path = GOLDEN / name
    if os.environ.get("STRATPLAN_UPDATE_GOLDEN") == "1":
        path.write_text(actual, encoding="utf-8")
    assert path.is_file(), f"missing golden file {path}; run make golden"
    assert actual == path.read_text(encoding="utf-8")


@pytest.fixture(autouse=True)
def _own_cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every test gets an empty cache folder of its own: tests never read or write the user's cache."""
    monkeypatch.setenv("STRATPLAN_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))


@pytest.fixture(autouse=True)
def _no_terminal_width(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tables are as wide as the terminal: tests get the width of a pipe unless they set COLUMNS themselves."""
    monkeypatch.delenv("COLUMNS", raising=False)


@dataclass
class CliRun:
    """Exit code and captured streams of one CLI invocation."""

    code: int
    out: str
    err: str


@pytest.fixture
def run_cli(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> Callable[..., CliRun]:
    """Run `stratplan ARGS...` through `main()` with the repository as working directory."""

    def run(*args: str, cwd: Path = REPO) -> CliRun:
        monkeypatch.chdir(cwd)
        monkeypatch.setattr(sys, "argv", ["stratplan", *args])
        monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
        capsys.readouterr()
        try:
            main()
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else 0
        captured = capsys.readouterr()
        return CliRun(code, captured.out, captured.err)

    return run


# --- reliability figures -------------------------------------------------------------------------------
# Tests that measure something (fuzz counts, resource use, payloads) record a line here; the figures are
# printed at the end of every run and copied into docs/RELIABILITY.md.
FIGURES: dict[str, str] = {}


@pytest.fixture
def figure() -> Callable[[str, str], None]:
    """Record one reliability figure under a stable name."""

    def record(name: str, text: str) -> None:
        FIGURES[name] = text

    return record


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """Print the reliability figures the run measured."""
    if FIGURES:
        terminalreporter.section("reliability figures")
        for name in sorted(FIGURES):
            terminalreporter.write_line(f"{name}: {FIGURES[name]}")
