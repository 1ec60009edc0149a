"""`stratplan fmt`: rewrite plan files in the canonical layout, atomically, or `--check` that they are."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from stratplan import api
from stratplan.cli.app import EXIT_CLEAN, EXIT_FINDINGS, EXIT_USAGE, app
from stratplan.cli.options import CacheDir, Jobs, NoCache, Paths, Verbose, progress_bar
from stratplan.core.diagnostics import Diagnostic
from stratplan.core.text import printable


def _report(diagnostics: list[Diagnostic]) -> None:
    for d in diagnostics:
        hint = f" ({d.hint})" if d.hint else ""
        sys.stderr.write(printable(f"{d.location}: {d.code} {d.message}{hint}") + "\n")


@app.command("fmt")
def fmt_command(
    paths: Paths = None,
    check: Annotated[bool, typer.Option("--check", help="Change nothing: list the files that would change and "
                                        "exit 1 if there are any.")] = False,
    jobs: Jobs = None,
    cache_dir: CacheDir = None,
    no_cache: NoCache = False,
    verbose: Verbose = False,
) -> None:
    """Rewrite plan files in one canonical layout, keeping every value and comment; refuse what it cannot keep.

    Plan folders are formatted in worker processes (-j); with --check, a plan folder none of whose files changed
    since a run with the same cache folder is answered from the cache."""
    targets = paths or [Path(".")]
    cache = api.result_cache(targets, cache_dir, not no_cache) if check else None
    with progress_bar(lambda: len(api.find_plans(targets)[0]), "checking layout" if check else "formatting") as progress:
        outcomes, problems = api.format_paths(targets, check=check, jobs=jobs or api.default_jobs(), cache=cache,
                                              progress=progress)
    _report(problems)
    failed, changed = bool(problems), 0
    for outcome in outcomes:
        _report(outcome.problems)
        failed = failed or bool(outcome.problems)
        if outcome.changed:
            changed += 1
            typer.echo(printable(f"{'would reformat' if check else 'reformatted'} {api.shown(outcome.path)}"))
    verb = "would be reformatted" if check else "reformatted"
    sys.stderr.write(f"{changed} of {len(outcomes)} files {verb}{', some refused' if failed else ''}\n")
    raise typer.Exit(EXIT_USAGE if failed else EXIT_FINDINGS if check and changed else EXIT_CLEAN)
