"""Options shared between commands, declared once. Light: the root command imports it for `--version`."""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from stratplan.core.diagnostics import UsageError

if TYPE_CHECKING:
    from stratplan.io.cache import ResultCache

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


def parse_year(text: str, option: str = "--year") -> int:
    """A year from the command line: four digits within the years a plan may name; UsageError otherwise.

    Taken as text so that a malformed value gets this message, not the parser's."""
    from stratplan.model.common import FIRST_YEAR, LAST_YEAR

    if not re.fullmatch(r"[0-9]{4}", text) or not FIRST_YEAR <= int(text) <= LAST_YEAR:
        raise UsageError(f"{option} takes a year from {FIRST_YEAR} to {LAST_YEAR} such as 2023, got {text!r}")
    return int(text)


def _inside_plans(folder: Path, targets: list[Path]) -> bool:
    """True when the folder is inside a folder being checked, or the folder that holds a plan being checked."""
    places = [t for t in targets if t.is_dir()] + [t.parent for t in targets if (t / "plan.yaml").exists()]
    resolved = folder.resolve()
    return any(resolved.is_relative_to(place.resolve()) for place in places)


def cache_for(targets: list[Path], cache_dir: Path | None, no_cache: bool) -> ResultCache | None:
    """The cache the options ask for; refused (usage error) when it was named and lies inside the plans."""
    from stratplan.io.cache import ResultCache, default_dir

    if no_cache:
        return None
    explicit = cache_dir is not None or bool(os.environ.get("STRATPLAN_CACHE_DIR"))
    folder = cache_dir or default_dir()
    if _inside_plans(folder, targets):
        if explicit:
            raise UsageError(f"cache folder {folder} is inside the plans; put it elsewhere (e.g. ~/.cache/stratplan)")
        return None  # the default place happens to be under the plans checked: run without a cache
    return ResultCache(folder)


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
