"""Options shared between commands, declared once. Light: the root command imports it for `--version`."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer

Paths = Annotated[
    list[Path] | None,
    typer.Argument(help="Plan folders, folders with plan folders at any depth below (e.g. plans/), or files "
                   "inside a plan. Default: .", show_default=False),
]
# Every command takes -v: the error boundary (`app.main`) reads it from the command line to show the traceback of
# an internal error, so the message "run again with -v" holds whatever the command.
Verbose = Annotated[bool, typer.Option("--verbose", "-v", help="Show tracebacks of internal errors.")]
Jobs = Annotated[int | None, typer.Option("--jobs", "-j", min=1, help="Worker processes for plans not in the cache; "
                                          "default: the number of CPUs.")]
CacheDir = Annotated[Path | None, typer.Option(help="Cache of unchanged plans' results; default: STRATPLAN_CACHE_DIR, "
                                               "else $XDG_CACHE_HOME/stratplan or ~/.cache/stratplan. Safe to delete.")]
NoCache = Annotated[bool, typer.Option("--no-cache", help="Neither read nor write the cache.")]


@contextmanager
def progress_bar(count: Callable[[], int], label: str) -> Iterator[Callable[[int], None] | None]:
    """A transient progress bar on a terminal (called with plans done so far; `count` gives the total
    only when there is a bar to show); None on a pipe or in CI."""
    if not sys.stderr.isatty() or os.environ.get("CI") == "true":
        yield None
        return
    from rich.progress import Progress

    with Progress(transient=True, console=None) as bar:
        task = bar.add_task(label, total=count())
        yield lambda done: bar.update(task, completed=done)
