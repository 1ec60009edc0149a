"""The collector is paused around start-up imports, and only the command line has what they made frozen."""

from __future__ import annotations

import subprocess
import sys

from conftest import REPO

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
