"""`stratplan monitor init` and `stratplan diff`: record what happened, compare it with the plan."""

from __future__ import annotations

import sys
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from stratplan import api
from stratplan.cli.app import EXIT_CLEAN, EXIT_FINDINGS, app
from stratplan.cli.options import CacheDir, Jobs, NoCache, Verbose, progress_bar
from stratplan.core.diagnostics import UsageError

monitor_app = typer.Typer(help="Monitoring reports: what actually happened, per period.", no_args_is_help=True)
app.add_typer(monitor_app, name="monitor")


@monitor_app.callback()
def _monitor(verbose: Verbose = False) -> None:
    """Monitoring reports: what actually happened, per period."""


PlanPath = Annotated[Path, typer.Argument(help="A plan folder, e.g. plans/melitopol.")]
PeriodOption = Annotated[str, typer.Option("--period", help="A year (2023) or a half-year (2023-H1).")]


@monitor_app.command("init")
def monitor_init(
    path: PlanPath,
    period: PeriodOption,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Where to write; default "
                                                "PLAN/monitoring/PERIOD.yaml.")] = None,
    verbose: Verbose = False,
) -> None:
    """Write a monitoring file for every node active in the period, planned figures as comments. Never overwrites."""
    parsed = api.parse_period(period)
    plan = api.load_one_plan(path, "monitor init")
    api.check_year_in_plan(plan, parsed.year, f"--period {parsed.label}")
    target = output or plan.root / "monitoring" / f"{parsed.label}.yaml"
    api.write_new_file(target, api.monitoring_scaffold(plan, parsed))
    sys.stderr.write(f"wrote {api.shown(target)}\n")
    raise typer.Exit(EXIT_CLEAN)


class DiffFormat(StrEnum):
    """Formats of `diff`."""

    table = "table"
    markdown = "markdown"
    csv = "csv"
    json = "json"


def _threshold(text: str | None) -> Decimal | None:
    if text is None:
        return None
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise UsageError(f"--fail-on-variance takes a percentage such as 25, got {text!r}") from None
    if not value.is_finite() or value < 0:
        raise UsageError(f"--fail-on-variance takes a percentage of 0 or more, got {text!r}")
    return value


@app.command("diff")
def diff_command(
    paths: Annotated[list[Path], typer.Argument(help="Plan folders with monitoring reports.")],
    period: PeriodOption,
    output_format: Annotated[DiffFormat, typer.Option("--format", "-f", help="table, markdown, csv or json.")]
    = DiffFormat.table,
    fail_on_overdue: Annotated[bool, typer.Option(help="Exit 1 when any item is overdue.")] = False,
    fail_on_variance: Annotated[str | None, typer.Option(help="Exit 1 when any money variance exceeds this "
                                                         "percentage (either way).")] = None,
    report: Annotated[Path | None, typer.Option(help="A monitoring file kept outside the plan folder "
                                                "(one plan only).")] = None,
    since: Annotated[str | None, typer.Option(metavar="YEAR", help="Also the years from this one to the period's: "
                                              "money since then, indicators by year, items overdue from earlier "
                                              "years.")] = None,
    jobs: Jobs = None,
    cache_dir: CacheDir = None,
    no_cache: NoCache = False,
    verbose: Verbose = False,
) -> None:
    """Compare a monitoring report with the plan: money, schedule and indicators.

    Plan by plan: -j, --cache-dir and --no-cache as for validate.
    """
    parsed = api.parse_period(period)
    threshold = _threshold(fail_on_variance)
    first = api.parse_year(since, "--since") if since is not None else None
    if report is not None:
        results = api.compare_period(paths, parsed, report, since=first)
        api.write_comparisons(results, output_format.value, sys.stdout)
        failing = api.failing_comparisons(results, overdue=fail_on_overdue, variance=threshold)
        raise typer.Exit(EXIT_FINDINGS if failing else EXIT_CLEAN)
    cache = api.result_cache(paths, cache_dir, not no_cache)
    with progress_bar(lambda: len(api.find_plans(paths)[0]), "comparing plans") as progress:
        comparisons = api.period_comparisons(paths, parsed, since=first, jobs=jobs or api.default_jobs(), cache=cache,
                                             progress=progress)
        failing = api.write_period(comparisons, output_format.value, sys.stdout, overdue=fail_on_overdue,
                                   variance=threshold)
    raise typer.Exit(EXIT_FINDINGS if failing else EXIT_CLEAN)
