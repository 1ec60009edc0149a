"""The command-line interface: thin typer commands around the library.

`main` answers `stratplan --version` before typer is imported (scripts and hooks ask it often; typer and click
are most of a start-up); everything else goes to `stratplan.cli.app`, where the application lives."""

from __future__ import annotations

import gc
import os
import sys
from typing import NoReturn

GC_THRESHOLD = (200_000, 30, 30)
"""The collector's thresholds for a command (Python's default: 700, 10, 10). Loading a plan makes millions of
dicts, lists, tuples and model objects and almost no reference cycles; at the default the collector runs every 700
new objects and, every 100 of those runs, walks every object alive, which was a third of the CPU of validating a
20,000-measure plan (5.8 s against 3.9 s) and a tenth of a national one (see bench/RESULTS.md). Cycles are still
collected, only in larger batches. mypy does the same for the same reason."""


def main() -> NoReturn:
    """Entry point of the `stratplan` command."""
    gc.set_threshold(*GC_THRESHOLD)  # the process is ours: a library caller keeps its own (workers fork from here)
    if sys.argv[1:] == ["--version"]:
        from stratplan import __version__

        try:
            sys.stdout.write(f"stratplan {__version__}\n")
            sys.stdout.flush()
        except OSError:
            pass  # a full disk, a closed pipe: the application says so, with its exit code
        else:
            raise SystemExit(0)
    from stratplan.core import collector, deferred

    # pydantic looks for plugins (observability hooks for an application's own models) in the entry points of every
    # installed distribution when the first model is built: 3 ms a run with the dev tools installed, for hooks a
    # plan checker has no use for. Set to an empty value, the variable lets them load again.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    deferred.defer("importlib.metadata", ["entry_points"])  # which pydantic imports for that search alone
    collector.freeze_imports()
    with collector.paused():  # typer and the application
        from stratplan.cli.app import main as run
    run()


__all__ = ["main"]
