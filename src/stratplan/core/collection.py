"""Python's cyclic garbage collector held off while one plan is worked on.

Loading a plan builds millions of objects that live until the plan is done with (data, positions, models), and
nearly all of them are freed by reference counting, not by the collector: yet every full collection walks all of
them, and a plan of 100,000 measures made twenty of them, a third of `validate`'s time. A plan's work makes next
to no cyclic garbage (the peak memory is the same without the collector), and what it makes is collected once the
collector runs again after the plan.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """`with collector_paused():` (or `@collector_paused()`) runs the block without automatic cyclic collection; the
    collector is on again afterwards if it was before (so nesting is harmless)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
