"""The cyclic garbage collector, kept off the objects that start-up imports make.

Importing typer, pydantic, the models and the rules makes some 60,000 container objects that live as long as the
process, and every full collection walks them all for no garbage: those the allocations trigger (even at the
command's raised thresholds, `stratplan.cli.GC_THRESHOLD`) and the one as the process ends, together some 0.03 s
of a one-plan `validate` (bench/STARTUP.md). So imports run with the collector `paused`, and the command line,
which owns its process, has what they made frozen (`gc.freeze`: kept out of every later collection). A library
caller's process is left as it was: nothing is frozen unless `freeze_imports` was called.
"""

from __future__ import annotations

import gc
import sys
from collections.abc import Iterator
from contextlib import contextmanager

_FREEZING = [False]


def freeze_imports() -> None:
    """From now on, what a `paused` block imports is frozen (for the command line, which owns its process)."""
    _FREEZING[0] = True


@contextmanager
def paused() -> Iterator[None]:
    """No cyclic collection inside the block (imports); the collector's state is restored after it.

    When `freeze_imports` was called and the block imported a module, everything alive is frozen first: only
    then, so that a batch of plans, which runs such a block per plan, never freezes a finished plan's garbage."""
    enabled, modules = gc.isenabled(), len(sys.modules)
    gc.disable()
    try:
        yield
    finally:
        if _FREEZING[0] and len(sys.modules) > modules:
            gc.freeze()
        if enabled:
            gc.enable()
