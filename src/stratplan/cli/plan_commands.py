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
    parquet = "parquet"
    datapackage = "datapackage"


FOLDER_FORMATS = (ExportFormat.parquet, ExportFormat.datapackage)


@app.command("export")
def export_command(
    paths: Paths = None,
    output_format: Annotated[ExportFormat, typer.Option("--format", "-f", help="csv, json, or xlsx (a sheet per "
                                                        "level and a budget sheet; needs -o); parquet (tables "
                                                        "partitioned by oblast and year) or datapackage (CSVs and a "
                                                        "Frictionless datapackage.json), both into the folder --out "
                                                        "names.")] = ExportFormat.csv,
    output: Annotated[Path | None, typer.Option("--output", "-o", "--out", help="Write to this file instead of "
                                                "stdout; for parquet and datapackage the folder to write (an earlier "
                                                "export there is replaced whole).")] = None,
    jobs: Jobs = None,
    cache_dir: CacheDir = None,
    no_cache: NoCache = False,
    verbose: Verbose = False,
) -> None:
    """Export every strategic goal, operational goal, task and measure as one row each.

    With --format parquet or datapackage: every table of the plans (plans, nodes, indicators, targets, planned
    money, monitoring reports, progress, actual money, indicator values, schedule, execution totals, findings) into
    a folder. Plan by plan in every format: -j, --cache-dir and --no-cache as for validate.
    """
    targets = paths or [Path(".")]
    if output_format is ExportFormat.xlsx and output is None:
        raise UsageError("xlsx is a binary format: name the file to write with -o FILE.xlsx")
    if output_format in FOLDER_FORMATS:
        _export_folder(targets, output_format.value, output, jobs, cache_dir, no_cache)
    fmt = output_format.value
    cache = api.result_cache(targets, cache_dir, not no_cache)
    with progress_bar(lambda: len(api.find_plans(targets)[0]), "exporting plans") as progress:
        parts = api.export_parts(targets, fmt, jobs=jobs or api.default_jobs(), cache=cache, progress=progress)
        api.write_when_done(lambda stream: api.write_export_parts(parts, fmt, stream),
                            sys.stdout if output is None else output, binary=output_format is ExportFormat.xlsx)
    if output is None:
        raise typer.Exit(EXIT_CLEAN)
    sys.stderr.write(f"wrote {api.shown(output)}\n")
    raise typer.Exit(EXIT_CLEAN)


def _export_folder(targets: list[Path], fmt: str, out: Path | None, jobs: int | None, cache_dir: Path | None,
                   no_cache: bool) -> None:
    if out is None:
        raise UsageError(f"{fmt} writes a folder: name it with --out DIR")
    cache = api.result_cache(targets, cache_dir, not no_cache)
    with progress_bar(lambda: len(api.find_plans(targets)[0]), "making tables") as progress:
        data = api.data_tables(targets, jobs=jobs or api.default_jobs(), cache=cache, progress=progress)
    written = api.write_data(data, fmt, out)
    if data.not_loaded:
        sys.stderr.write(f"stratplan: {len(data.not_loaded)} plan(s) did not load and have only plans and findings "
                         f"rows: {', '.join(data.not_loaded[:10])}{' …' if len(data.not_loaded) > 10 else ''}\n")
    sys.stderr.write(f"wrote {len(written)} file(s) of {data.plans} plan(s) to {api.shown(out)}\n")
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
                                                "level; default each plan's top level, e.g. strategic_goal, when "
                                                "--by has level).")] = None,
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
    levels = (level.value,) if level is not None else ("top",) if "level" in dimensions else ()
    targets = paths or [Path(".")]
    cache = api.result_cache(targets, cache_dir, not no_cache)
    with progress_bar(lambda: len(api.find_plans(targets)[0]), "totalling plans") as progress:
        budgets = api.budget(targets, levels, year=only_year,
                             jobs=jobs or api.default_jobs(), cache=cache, progress=progress)
    api.write_budget(budgets, output_format.value, sys.stdout, by_source="source" in dimensions,
                     by_year="year" in dimensions)
    raise typer.Exit(EXIT_CLEAN)
