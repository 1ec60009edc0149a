"""`stratplan export` and `stratplan budget`: the goal tree as rows, and its money rolled up."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from stratplan import api
from stratplan.cli.app import EXIT_CLEAN, app
from stratplan.cli.options import CacheDir, Jobs, NoCache, Paths, Verbose, progress_bar
from stratplan.core.diagnostics import UsageError


class Level(StrEnum):
    """Levels of the goal tree, for `--level`."""

    strategic_goal = "strategic_goal"
    operational_goal = "operational_goal"
    task = "task"
    measure = "measure"


class ExportFormat(StrEnum):
    """Formats of `export`."""

    csv = "csv"
    json = "json"
    xlsx = "xlsx"


@app.command("export")
def export_command(
    paths: Paths = None,
    output_format: Annotated[ExportFormat, typer.Option("--format", "-f", help="csv, json, or xlsx (a sheet per "
                                                        "level and a budget sheet; needs -o).")] = ExportFormat.csv,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write to this file instead of stdout.")] = None,
    verbose: Verbose = False,
) -> None:
    """Export every strategic goal, operational goal, task and measure as one row each."""
    targets = paths or [Path(".")]
    if output_format is ExportFormat.xlsx and output is None:
        raise UsageError("xlsx is a binary format: name the file to write with -o FILE.xlsx")
    views = api.export_plans(targets)
    if output is None:
        api.write_export(views, output_format.value, sys.stdout)
        raise typer.Exit(EXIT_CLEAN)
    api.export_file(views, output_format.value, output)
    sys.stderr.write(f"wrote {api.shown(output)}\n")
    raise typer.Exit(EXIT_CLEAN)


class BudgetFormat(StrEnum):
    """Formats of `budget`."""

    table = "table"
    markdown = "markdown"
    csv = "csv"
    json = "json"


BY_CHOICES = ("year", "source", "level")


def _parse_by(text: str) -> set[str]:
    parts = {p.strip() for p in text.split(",") if p.strip()}
    unknown = parts - set(BY_CHOICES)
    if unknown:
        raise UsageError(f"--by takes {', '.join(BY_CHOICES)}; got {', '.join(sorted(unknown))}")
    return parts


@app.command("budget")
def budget_command(
    paths: Paths = None,
    year: Annotated[str | None, typer.Option(metavar="YEAR", help="Only this year.")] = None,
    by: Annotated[str, typer.Option(help="Break the table down by these, comma-separated: year (columns), source "
                                    "(rows per source), level (rows per node at --level; without it, plan totals "
                                    "only). csv and json are always the full tidy table.")] = "year,level",
    level: Annotated[Level | None, typer.Option(help="Level whose nodes get a row each (implies a breakdown by "
                                                "level; default strategic_goal when --by has level).")] = None,
    output_format: Annotated[BudgetFormat, typer.Option("--format", "-f", help="table, markdown, csv or json.")]
    = BudgetFormat.table,
    jobs: Jobs = None,
    cache_dir: CacheDir = None,
    no_cache: NoCache = False,
    verbose: Verbose = False,
) -> None:
    """Roll up planned money by year, funding source and level; declared totals beside computed ones."""
    dimensions = _parse_by(by)
    only_year = api.parse_year(year) if year is not None else None
    if level is None and "level" in dimensions:
        level = Level.strategic_goal
    targets = paths or [Path(".")]
    cache = api.result_cache(targets, cache_dir, not no_cache)
    with progress_bar(lambda: len(api.find_plans(targets)[0]), "totalling plans") as progress:
        budgets = api.budget(targets, (level.value,) if level is not None else (), year=only_year,
                             jobs=jobs or api.default_jobs(), cache=cache, progress=progress)
    api.write_budget(budgets, output_format.value, sys.stdout, by_source="source" in dimensions,
                     by_year="year" in dimensions)
    raise typer.Exit(EXIT_CLEAN)
