"""The collector is paused around start-up imports, and only the command line has what they made frozen."""

from __future__ import annotations

import gc
import subprocess
import sys
from pathlib import Path

from conftest import REPO
from stratplan.pipeline import batch

PROBE = """
import gc, sys
from stratplan.core import collector
def frozen_after(block, freeze=True):
    before = gc.get_freeze_count()
    with collector.paused(freeze=freeze):
        assert not gc.isenabled()
        block()
    return gc.get_freeze_count() > before
print('library', frozen_after(lambda: __import__('json')), gc.isenabled())
collector.freeze_imports()
print('imports', frozen_after(lambda: __import__('decimal')), gc.isenabled())
print('no import', frozen_after(lambda: [[] for _ in range(1000)]), gc.isenabled())
print('a plan', frozen_after(lambda: __import__('colorsys'), freeze=False), gc.isenabled())
gc.disable()
print('disabled', frozen_after(lambda: __import__('fractions')), gc.isenabled())
"""


def test_imports_are_frozen_only_for_the_command_line_and_only_when_a_block_imported() -> None:
    """A plan's work (`freeze=False`) pauses the collector and never freezes, even when it imports."""
    run = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, check=False)
    assert (run.returncode, run.stderr) == (0, "")
    assert run.stdout.splitlines() == ["library False True", "imports True True", "no import False True",
                                       "a plan False True", "disabled True False"]


def test_the_command_line_freezes_its_start_up() -> None:
    probe = ("import gc, sys\nfrom stratplan.cli import main\nsys.argv = ['stratplan', 'validate', "
             "'tests/fixtures/sample', '--no-cache']\ntry:\n    main()\nexcept SystemExit as exit:\n"
             "    print('EXIT', exit.code, gc.isenabled(), gc.get_freeze_count() > 30_000)\n")
    run = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=REPO, check=False)
    assert run.stdout.splitlines()[-1] == "EXIT 0 True True"


class _Probe:
    """A per-plan job that records whether the collector ran while it computed."""

    kind = "probe"

    def asked(self) -> str:
        return ""

    def compute(self, root: Path) -> tuple[bool, dict[str, bytes]]:
        return gc.isenabled(), {}

    def encode(self, result: bool) -> str:
        return str(result)

    def decode(self, text: str) -> bool:
        return text == "True"


def test_every_per_plan_job_computes_with_the_collector_paused(tmp_path: Path) -> None:
    """Not only validate's and budget's: diff, export, tables and fmt build a plan's objects the same way."""
    roots = [tmp_path / "a", tmp_path / "b"]
    assert gc.isenabled()
    results, cached = batch.run(_Probe(), roots)
    assert (results, cached, gc.isenabled()) == ([False, False], 0, True)
