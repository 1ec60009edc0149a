"""The cyclic garbage collector, kept off the objects that start-up imports and a plan's work make.

Importing typer, pydantic, the models and the rules makes some 60,000 container objects that live as long as the
process, and every full collection walks them all for no garbage: those the allocations trigger (even at the
command's raised thresholds, `stratplan.cli.GC_THRESHOLD`) and the one as the process ends, together some 0.03 s
of a one-plan `validate` (bench/STARTUP.md). So imports run with the collector `paused`, and the command line,
which owns its process, has what they made frozen (`gc.freeze`: kept out of every later collection). A library
caller's process is left as it was: nothing is frozen unless `freeze_imports` was called.

A plan's work (loading, checking, totalling or rendering one plan) runs `paused(freeze=False)`: it builds millions
of objects that live until the plan is done with (data, positions, models), nearly all freed by reference counting,
not by the collector; yet every full collection walked all of them, a third of `validate`'s time at 100,000
measures (bench/LIMITS.md). A plan's work makes next to no cyclic garbage (the peak memory is the same without the
collector), and what it makes is collected once the collector runs again after the plan.
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
def paused(*, freeze: bool = True) -> Iterator[None]:
    """No cyclic collection inside the block (`with collector.paused():`, or `@collector.paused()` on a function);
    the collector's state is restored after it, so blocks nest.

    When `freeze_imports` was called, `freeze` is left true (imports) and the block imported a module, everything
    alive is frozen first: only then, so that a batch of plans, which runs such a block per plan, never freezes a
    finished plan's garbage. A plan's work passes `freeze=False`."""
    enabled, modules = gc.isenabled(), len(sys.modules)
    gc.disable()
    try:
        yield
    finally:
        if freeze and _FREEZING[0] and len(sys.modules) > modules:
            gc.freeze()
        if enabled:
            gc.enable()
