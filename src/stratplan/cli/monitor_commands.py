"""`stratplan monitor init` and `stratplan diff`: record what happened, compare it with the plan."""

from __future__ import annotations

import os
import sys
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from stratplan.cli.app import EXIT_CLEAN, EXIT_FINDINGS, app
from stratplan.cli.options import Verbose
from stratplan.cli.plan_commands import load_one_plan_or_exit, load_plans_or_exit, refuse_year_outside_plan
from stratplan.compute import monitoring
from stratplan.core.diagnostics import StratplanError, UsageError
from stratplan.io.paths import MONITORING_DIR, display_path
from stratplan.model.monitoring import MonitoringFile, Period
from stratplan.output.formatters import diff as diff_out
from stratplan.output.scaffold import scaffold
from stratplan.plan.loader import load_yaml_file, validate_doc

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
    parsed = monitoring.parse_period(period)
    plan = load_one_plan_or_exit(path, "monitor init")
    refuse_year_outside_plan(plan, parsed.year, f"--period {parsed.label}")
    target = output or plan.root / MONITORING_DIR / f"{parsed.label}.yaml"
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        with target.open("x", encoding="utf-8") as stream:
            stream.write(scaffold(plan, parsed))
    except FileExistsError:
        raise UsageError(f"{display_path(target)} exists; stratplan never overwrites a monitoring file") from None
    sys.stderr.write(f"wrote {display_path(target)}\n")
    raise typer.Exit(EXIT_CLEAN)


def _outside_report(path: Path, period: Period) -> tuple[str, MonitoringFile]:
    """A monitoring file named on the command line, loaded like any plan file; errors are usage errors."""
    try:
        doc = load_yaml_file(path)
    except StratplanError as exc:
        first = exc.diagnostics[0]
        raise UsageError(f"{first.location}: {first.code} {first.message}") from None
    loaded, problems = validate_doc(MonitoringFile, doc)
    if problems or loaded is None:
        first = problems[0]
        raise UsageError(f"{first.location}: {first.code} {first.message}")
    if loaded.period != period:
        raise UsageError(f"{doc.file} reports on {loaded.period.label}, not {period.label}")
    return doc.file, loaded


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
    verbose: Verbose = False,
) -> None:
    """Compare a monitoring report with the plan: money, schedule and indicators."""
    parsed = monitoring.parse_period(period)
    threshold = _threshold(fail_on_variance)
    plans = load_plans_or_exit(paths)
    if report is not None and len(plans) != 1:
        raise UsageError("--report goes with exactly one plan")
    results = []
    for plan in plans:
        found = _outside_report(report, parsed) if report else monitoring.find_report(plan, parsed)
        if found is None:
            raise UsageError(f"{plan.display_root}: no monitoring report for {parsed.label} in "
                             f"{os.path.join(plan.display_root, MONITORING_DIR)}; create one with "
                             f"'stratplan monitor init {plan.display_root} --period {parsed.label}'")
        results.append(monitoring.compare(plan, *found))
    writer = {DiffFormat.table: diff_out.write_table, DiffFormat.markdown: diff_out.write_markdown,
              DiffFormat.csv: diff_out.write_csv, DiffFormat.json: diff_out.write_json}[output_format]
    writer(results, sys.stdout)
    overdue = fail_on_overdue and any(s.kind == "overdue" for r in results for s in r.schedule)
    varied = threshold is not None and any(
        m.variance_percent is not None and abs(m.variance_percent) > threshold for r in results for m in r.money)
    raise typer.Exit(EXIT_FINDINGS if overdue or varied else EXIT_CLEAN)
