"""`stratplan changes`: what a change to the plans means, between two git revisions or two folders."""

from __future__ import annotations

import difflib
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from stratplan import api
from stratplan.cli.app import EXIT_CLEAN, EXIT_FINDINGS, app
from stratplan.cli.options import CacheDir, Jobs, NoCache, Paths, Verbose
from stratplan.core.diagnostics import UsageError


class ChangesFormat(StrEnum):
    """Formats of `changes`."""

    text = "text"
    markdown = "markdown"
    json = "json"


def parse_flags(text: str | None) -> set[str]:
    """Flag names from `--fail-on a,b`; UsageError with 'did you mean' for an unknown one."""
    flags = api.change_flags()
    names = {part.strip() for part in (text or "").split(",") if part.strip()}
    for name in sorted(names):
        if name not in flags:
            close = difflib.get_close_matches(name, list(flags), n=1, cutoff=0.5)
            hint = f"; did you mean '{close[0]}'?" if close else f"; flags: {', '.join(flags)}"
            raise UsageError(f"--fail-on: unknown flag '{name}'{hint}")
    return names


@app.command("changes")
def changes_command(
    paths: Paths = None,
    base: Annotated[str | None, typer.Option(help="Git revision before the change, e.g. origin/main.")] = None,
    head: Annotated[str | None, typer.Option(help="Git revision after the change. Default: the working tree.")] = None,
    base_dir: Annotated[Path | None, typer.Option(help="A folder with the plans before the change, instead of "
                                                  "--base.")] = None,
    head_dir: Annotated[Path | None, typer.Option(help="A folder with the plans after the change, instead of "
                                                  "--head.")] = None,
    output_format: Annotated[ChangesFormat, typer.Option("--format", "-f", help="text, markdown (for a PR "
                                                         "comment or job summary) or json.")] = ChangesFormat.text,
    fail_on: Annotated[str | None, typer.Option(help="Exit 1 when any of these flags is raised, comma-separated "
                                                "(e.g. target-lowered,node-removed).")] = None,
    config_file: Annotated[Path | None, typer.Option("--config", help="Lint config for the findings of both "
                                                     "sides; default: found walking up from the first path.")] = None,
    jobs: Jobs = None,
    cache_dir: CacheDir = None,
    no_cache: NoCache = False,
    verbose: Verbose = False,
) -> None:
    """Compare plans before and after a change: nodes, fields, money, and flags a reviewer must not miss.

    Only plans whose files differ are loaded and compared; the others are counted in one line (in JSON, named in
    `identical`). -j, --cache-dir and --no-cache as for validate (the cache holds folder plans' findings).
    """
    failing = parse_flags(fail_on)
    targets = paths or [Path(".")]
    config = api.load_config(config_file, targets[0])
    sides = [folder / target for folder in (base_dir, head_dir) if folder is not None for target in targets]
    cache = api.result_cache([*targets, *sides], cache_dir, not no_cache)
    report = api.compare(api.Side(base, base_dir), api.Side(head, head_dir), targets, config,
                         jobs=jobs or api.default_jobs(), cache=cache)
    api.write_changes(report, output_format.value, sys.stdout)
    raised = set(report.flag_counts())
    raise typer.Exit(EXIT_FINDINGS if raised & failing else EXIT_CLEAN)
