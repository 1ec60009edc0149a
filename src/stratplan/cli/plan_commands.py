"""`stratplan export` and `stratplan budget`: the goal tree as rows, and its money rolled up."""

from __future__ import annotations

import sys
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import Annotated, TypeVar

import typer

from stratplan.cli.app import EXIT_CLEAN, EXIT_USAGE, app
from stratplan.cli.options import CacheDir, Jobs, NoCache, Paths, Verbose, cache_for, parse_year, progress_bar
from stratplan.compute import rollup
from stratplan.core.diagnostics import Diagnostic, Severity, UsageError
from stratplan.io.paths import display_path, find_plan_roots
from stratplan.model import Level as LevelName
from stratplan.output.formatters import budget as budget_out
from stratplan.pipeline import batch
from stratplan.plan.loader import LoadedPlan, load_plan

T = TypeVar("T")


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


def load_plans_or_exit(paths: list[Path] | None) -> list[LoadedPlan]:
    """Load the named plans; print located errors and exit 2 when one cannot be read as a plan."""
    return map_plans_or_exit(paths, lambda plan: plan)


LISTED_PLANS = 10  # a "takes one plan" message names this many of the plans found


def load_one_plan_or_exit(path: Path, command: str) -> LoadedPlan:
    """The one plan a path names; a usage error listing the plans found when it names several."""
    roots, _problems = find_plan_roots([path])
    if len(roots) > 1:
        names = [display_path(root) for root in roots[:LISTED_PLANS]]
        more = f" and {len(roots) - LISTED_PLANS} more" if len(roots) > LISTED_PLANS else ""
        raise UsageError(f"{command} takes one plan, and {display_path(path)} holds {len(roots)}: "
                         f"{', '.join(names)}{more}; name one of them")
    (plan,) = load_plans_or_exit(roots or [path])
    return plan


def refuse_year_outside_plan(plan: LoadedPlan, year: int, given: str) -> None:
    """A usage error when the year is outside the plan period (the strategy's, for an action plan); `given`
    is the option as the user wrote it (`--year 2030`)."""
    assert plan.plan is not None  # loaded without errors
    period = plan.plan.document.strategy_period or plan.plan.document.period
    if not period.start <= year <= period.end:
        raise UsageError(f"{given} is outside the plan period {period.start}–{period.end} of "
                         f"{plan.display_root}; give a year from {period.start} to {period.end}")


def map_plans_or_exit(paths: list[Path] | None, work: Callable[[LoadedPlan], T]) -> list[T]:
    """Load the named plans one at a time and keep only what `work` makes of each, so a large corpus is
    never held in memory whole; print located errors and exit 2 when a plan cannot be read."""
    roots, problems = find_plan_roots(paths or [Path(".")])
    results: list[T] = []
    errors = list(problems)
    for root in roots:
        plan = load_plan(root)
        found = [d for d in plan.diagnostics if d.severity is Severity.ERROR]
        errors.extend(found)
        if not found and not errors:
            results.append(work(plan))
    exit_on_errors(errors)
    return results


def exit_on_errors(errors: list[Diagnostic]) -> None:
    """Print located errors and exit 2 when there are any."""
    for d in errors:
        sys.stderr.write(f"{d.location}: {d.code} {d.message}\n")
    if errors:
        sys.stderr.write("stratplan: fix these errors first (stratplan validate shows them all)\n")
        raise typer.Exit(EXIT_USAGE)


@app.command("export")
def export_command(
    paths: Paths = None,
    output_format: Annotated[ExportFormat, typer.Option("--format", "-f", help="csv, json, or xlsx (a sheet per "
                                                        "level and a budget sheet; needs -o).")] = ExportFormat.csv,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write to this file instead of stdout.")] = None,
    verbose: Verbose = False,
) -> None:
    """Export every strategic goal, operational goal, task and measure as one row each."""
    if output_format is ExportFormat.xlsx and output is None:
        raise UsageError("xlsx is a binary format: name the file to write with -o FILE.xlsx")
    from stratplan.output import export  # xlsxwriter: only this command needs it (report and diff import this module)

    plans = load_plans_or_exit(paths)
    if output_format is ExportFormat.xlsx and output is not None:
        with output.open("wb") as binary:
            export.write_xlsx(plans, binary)
        sys.stderr.write(f"wrote {output}\n")
        raise typer.Exit(EXIT_CLEAN)
    writer = export.write_csv if output_format is ExportFormat.csv else export.write_json
    if output is None:
        writer(plans, sys.stdout)
    else:
        with output.open("w", encoding="utf-8", newline="") as stream:
            writer(plans, stream)
        sys.stderr.write(f"wrote {output}\n")
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
    only_year = parse_year(year) if year is not None else None
    if level is None and "level" in dimensions:
        level = Level.strategic_goal
    levels: tuple[LevelName, ...] = (level.value,) if level is not None else ()
    targets = paths or [Path(".")]
    roots, problems = find_plan_roots(targets)
    cache = cache_for(targets, cache_dir, no_cache)
    with progress_bar(lambda: len(roots), "totalling plans") as progress:
        outcomes, _cached = batch.run(rollup.BudgetJob(levels), roots, jobs or batch.default_jobs(), cache, progress)
    exit_on_errors([*problems, *(d for outcome in outcomes for d in outcome.errors)])
    budgets = [rollup.filter_year(outcome.budget, only_year) for outcome in outcomes if outcome.budget is not None]
    by_source = "source" in dimensions
    if output_format is BudgetFormat.table:
        budget_out.write_table(budgets, sys.stdout, by_source, "year" in dimensions)
    elif output_format is BudgetFormat.markdown:
        budget_out.write_markdown(budgets, sys.stdout, by_source, "year" in dimensions)
    elif output_format is BudgetFormat.csv:
        budget_out.write_csv(budgets, sys.stdout)
    else:
        budget_out.write_json(budgets, sys.stdout)
    raise typer.Exit(EXIT_CLEAN)
