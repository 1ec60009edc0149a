"""`stratplan query` and `stratplan status`: SQL across plans, and who owes which monitoring report."""

from __future__ import annotations

import datetime as dt
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from stratplan import api
from stratplan.cli.app import EXIT_CLEAN, app
from stratplan.cli.options import CacheDir, Jobs, NoCache, Paths, Verbose, progress_bar
from stratplan.core.diagnostics import UsageError


class TableFormat(StrEnum):
    """Formats of `query` and `status`."""

    table = "table"
    markdown = "markdown"
    csv = "csv"
    json = "json"


@app.command("query")
def query_command(
    sql: Annotated[str, typer.Argument(help="An SQL statement (DuckDB's dialect), e.g. \"SELECT oblast, year, "
                                       "sum(amount_thousand_uah) FROM budget WHERE level = 'plan' AND basis = "
                                       "'computed' GROUP BY ALL ORDER BY ALL\".", show_default=False)],
    paths: Paths = None,
    output_format: Annotated[TableFormat, typer.Option("--format", "-f", help="table, markdown, csv or json "
                                                       "(decimals as exact strings).")] = TableFormat.table,
    jobs: Jobs = None,
    cache_dir: CacheDir = None,
    no_cache: NoCache = False,
    verbose: Verbose = False,
) -> None:
    """Run SQL across plans: the tables of an export folder, or of plan folders made on the fly, and the views.

    PATHS are plan folders (their tables are made in memory, cached per plan) or one folder written by `stratplan
    export --format parquet`. Tables: plans, nodes, indicators, targets, planned, reports, progress, actuals,
    indicator_values, schedule, execution_totals, findings. Views: budget (planned money as `budget` computes
    it), execution (planned against actual per report, by source and level, as `diff` totals it), overdue (items
    `diff` finds overdue), reporting_status (each report a plan owes or filed). `SHOW TABLES` and `DESCRIBE
    budget` list them.
    """
    targets = paths or [Path(".")]
    cache = api.result_cache(targets, cache_dir, not no_cache) if not any(api.is_export(p) for p in targets) else None
    with progress_bar(lambda: len(api.find_plans(targets)[0]), "making tables") as progress:
        result = api.query(sql, targets, jobs=jobs or api.default_jobs(), cache=cache, progress=progress)
    api.write_query(result, output_format.value, sys.stdout)
    raise typer.Exit(EXIT_CLEAN)


def _parse_date(text: str | None) -> dt.date | None:
    if text is None:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise UsageError(f"--date takes a date like 2025-04-01, got {text!r}") from None


@app.command("status")
def status_command(
    paths: Paths = None,
    period: Annotated[str, typer.Option("--period", help="A year (2024) or a half-year (2024-H1).")] = "",
    date: Annotated[str | None, typer.Option(help="The day of the question (YYYY-MM-DD): a missing report is "
                                             "then not_due or overdue, and expiry is reckoned from it; default: "
                                             "the period's end (nothing reads a clock).")] = None,
    due_months: Annotated[int, typer.Option(min=0, max=24, help="A report is due by the last day of this many "
                                            "months after its period.")] = api.DUE_MONTHS,
    output_format: Annotated[TableFormat, typer.Option("--format", "-f", help="table, markdown, csv or json.")]
    = TableFormat.table,
    jobs: Jobs = None,
    cache_dir: CacheDir = None,
    no_cache: NoCache = False,
    verbose: Verbose = False,
) -> None:
    """Who owes which monitoring report: expected against submitted, on time or late, expiring strategies, failing plans.

    One row per plan: whether it owes a report for the period (every year of its period), the report's state
    (missing, blank, partial, complete), its submitted date (`submitted:` in the file) against the deadline, its
    validation (passes, fails, does_not_load) and whether its strategy has expired or expires within a year.
    """
    if not period:
        raise UsageError("status needs --period, a year like 2024 or a half-year like 2024-H1")
    parsed = api.parse_period(period)
    targets = paths or [Path(".")]
    cache = api.result_cache(targets, cache_dir, not no_cache)
    with progress_bar(lambda: len(api.find_plans(targets)[0]), "making tables") as progress:
        lines = api.reporting_status(targets, parsed, as_of=_parse_date(date), due_months=due_months,
                                     jobs=jobs or api.default_jobs(), cache=cache, progress=progress)
    api.write_status(lines, parsed, output_format.value, sys.stdout)
    raise typer.Exit(EXIT_CLEAN)
