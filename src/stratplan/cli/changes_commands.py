"""`stratplan changes`: what a change to the plans means, between two git revisions or two folders."""

from __future__ import annotations

import difflib
import os
import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from stratplan.check.config import load_config
from stratplan.cli.app import EXIT_CLEAN, EXIT_FINDINGS, app
from stratplan.cli.options import Paths, Verbose
from stratplan.core.diagnostics import UsageError
from stratplan.io.paths import find_plan_roots

if TYPE_CHECKING:  # the comparison machinery is imported by the command itself, so other commands start fast
    from stratplan.compute.changes import Side
    from stratplan.plan.loader import LoadedPlan


class ChangesFormat(StrEnum):
    """Formats of `changes`."""

    text = "text"
    markdown = "markdown"
    json = "json"


def parse_flags(text: str | None) -> set[str]:
    """Flag names from `--fail-on a,b`; UsageError with 'did you mean' for an unknown one."""
    from stratplan.compute.changes import FLAGS

    names = {part.strip() for part in (text or "").split(",") if part.strip()}
    for name in sorted(names):
        if name not in FLAGS:
            close = difflib.get_close_matches(name, list(FLAGS), n=1, cutoff=0.5)
            hint = f"; did you mean '{close[0]}'?" if close else f"; flags: {', '.join(FLAGS)}"
            raise UsageError(f"--fail-on: unknown flag '{name}'{hint}")
    return names


def plans_in_folder(folder: Path, paths: list[Path]) -> dict[str, LoadedPlan]:
    """The plans the paths name below a folder, keyed by their folder relative to it."""
    from stratplan.plan.loader import load_plan

    roots, _missing = find_plan_roots([folder / p for p in paths])  # a plan may exist on one side only
    return {Path(os.path.relpath(root, folder)).as_posix(): load_plan(root) for root in roots}


def _side(rev: str | None, folder: Path | None, paths: list[Path], default: str) -> tuple[Side, dict[str, LoadedPlan]]:
    from stratplan.compute.changes import Side
    from stratplan.io import git as gitio

    if rev is not None and folder is not None:
        raise UsageError(f"give either --{default} or --{default}-dir, not both")
    if rev is not None:
        commit, plans = gitio.load_plans_at(rev, paths, Path.cwd())
        return Side(rev, commit=commit), plans
    if folder is not None:
        if not folder.is_dir():
            raise UsageError(f"--{default}-dir {folder}: not a folder")
        return Side(str(folder), folder=str(folder)), plans_in_folder(folder, paths)
    if default == "base":
        raise UsageError("give the base to compare with: --base REV (e.g. origin/main) or --base-dir FOLDER")
    return Side("working tree"), plans_in_folder(Path("."), paths)


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
    verbose: Verbose = False,
) -> None:
    """Compare plans before and after a change: nodes, fields, money, and flags a reviewer must not miss."""
    failing = parse_flags(fail_on)
    targets = paths or [Path(".")]
    base_side, base_plans = _side(base, base_dir, targets, "base")
    head_side, head_plans = _side(head, head_dir, targets, "head")
    if not base_plans and not head_plans:
        raise UsageError(f"no plan found at {', '.join(map(str, targets))} on either side; name plan folders, "
                         "e.g. plans/")
    from stratplan.check.engine import configured_diagnostics
    from stratplan.compute.changes import compare
    from stratplan.output.formatters import changes as changes_out
    from stratplan.output.formatters import changes_markdown, changes_text

    config = load_config(config_file, targets[0])
    report = compare(base_side, head_side, base_plans, head_plans, lambda plan: configured_diagnostics(plan, config))
    writers = {ChangesFormat.text: changes_text.write, ChangesFormat.markdown: changes_markdown.write,
               ChangesFormat.json: changes_out.write_json}
    writers[output_format](report, sys.stdout)
    raised = set(report.flag_counts())
    raise typer.Exit(EXIT_FINDINGS if raised & failing else EXIT_CLEAN)
