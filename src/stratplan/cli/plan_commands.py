"""`stratplan export`: the goal tree as rows."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from stratplan import export
from stratplan.cli.app import EXIT_CLEAN, EXIT_USAGE, app
from stratplan.cli.options import Paths
from stratplan.diagnostics import Severity
from stratplan.loader import LoadedPlan, find_plan_roots, load_plan


class ExportFormat(StrEnum):
    """Formats of `export`."""

    csv = "csv"
    json = "json"


def load_plans_or_exit(paths: list[Path] | None) -> list[LoadedPlan]:
    """Load the named plans; print located errors and exit 2 when one cannot be read as a plan."""
    roots, problems = find_plan_roots(paths or [Path(".")])
    plans = [load_plan(root) for root in roots]
    errors = problems + [d for p in plans for d in p.diagnostics if d.severity is Severity.ERROR]
    for d in errors:
        sys.stderr.write(f"{d.location}: {d.code} {d.message}\n")
    if errors:
        sys.stderr.write("stratplan: fix these errors first (stratplan validate shows them all)\n")
        raise typer.Exit(EXIT_USAGE)
    return plans


@app.command("export")
def export_command(
    paths: Paths = None,
    output_format: Annotated[ExportFormat, typer.Option("--format", "-f", help="csv or json.")] = ExportFormat.csv,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write to this file instead of stdout.")] = None,
) -> None:
    """Export every strategic goal, operational goal, task and measure as one row each."""
    plans = load_plans_or_exit(paths)
    writer = export.write_csv if output_format is ExportFormat.csv else export.write_json
    if output is None:
        writer(plans, sys.stdout)
    else:
        with output.open("w", encoding="utf-8", newline="") as stream:
            writer(plans, stream)
        sys.stderr.write(f"wrote {output}\n")
    raise typer.Exit(EXIT_CLEAN)
