"""`stratplan report`: the monitoring report of one plan for one year, as Markdown or HTML."""

from __future__ import annotations

import datetime as dt
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from stratplan.check.config import load_config
from stratplan.check.engine import lint_plan
from stratplan.cli.app import EXIT_CLEAN, app
from stratplan.cli.options import Verbose, parse_year
from stratplan.cli.plan_commands import load_one_plan_or_exit, refuse_year_outside_plan
from stratplan.core.diagnostics import UsageError
from stratplan.io import atomic
from stratplan.io.paths import display_path
from stratplan.output.report import build_context, render


class ReportFormat(StrEnum):
    """Formats of `report`."""

    md = "md"
    html = "html"


class Lang(StrEnum):
    """Label languages; plan text stays as written."""

    uk = "uk"
    en = "en"


def write_output(path: Path, text: str) -> None:
    """Write a report file atomically, creating its folder; it gets the mode of any new file (the umask's)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    atomic.write_atomically(path, text.encode("utf-8"))


def _parse_date(text: str | None) -> dt.date | None:
    if text is None:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise UsageError(f"--date takes a date like 2024-01-31, got {text!r}") from None


def _inside(path: Path, folder: Path) -> bool:
    return path.resolve().is_relative_to(folder.resolve())


@app.command("report")
def report_command(
    path: Annotated[Path, typer.Argument(help="A plan folder, e.g. plans/melitopol.")],
    year: Annotated[str, typer.Option(metavar="YEAR", help="The reporting year, within the plan period.")],
    output_format: Annotated[ReportFormat, typer.Option("--format", "-f", help="md or html.")] = ReportFormat.html,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Output file; default build/<community>-"
                                                "<year>.<format>. Never inside the plan folder.")] = None,
    date: Annotated[str | None, typer.Option(help="Report date printed on the cover (YYYY-MM-DD); the report "
                                             "reads no clock.")] = None,
    lang: Annotated[Lang, typer.Option(help="Language of the labels; plan text stays as written.")] = Lang.uk,
    templates: Annotated[Path | None, typer.Option(help="Folder whose templates override the shipped ones "
                                                   "(report.md.j2, report.html.j2).")] = None,
    appendix: Annotated[bool, typer.Option(help="Add the context appendix: vision, mission, SWOT, statistics.")]
    = False,
    verbose: Verbose = False,
) -> None:
    """Render the monitoring report of a plan for a year: cover, money, goals, the Додаток 1 form, data quality."""
    report_year = parse_year(year)
    plan = load_one_plan_or_exit(path, "report")
    refuse_year_outside_plan(plan, report_year, f"--year {report_year}")
    target = output or Path("build") / f"{plan.slug}-{report_year}.{output_format.value}"
    if _inside(target, plan.root):
        raise UsageError(f"{display_path(target)} is inside the plan folder; write reports elsewhere (e.g. build/)")
    context = build_context(plan, report_year, lang=lang.value, date=_parse_date(date),
                            diagnostics=lint_plan(plan, load_config(None, plan.root)), appendix=appendix)
    assets: dict[str, str] = {}
    if output_format is ReportFormat.md:
        assets = {"chart_plan": f"{target.stem}.chart-plan.svg", "chart_actual": f"{target.stem}.chart-actual.svg"}
        write_output(target.parent / assets["chart_plan"], context.chart_plan_svg + "\n")
        if context.chart_actual_svg:
            write_output(target.parent / assets["chart_actual"], context.chart_actual_svg + "\n")
    write_output(target, render(context, output_format.value, templates, assets))
    sys.stderr.write(f"report written to {display_path(target)}\n")
    raise typer.Exit(EXIT_CLEAN)
