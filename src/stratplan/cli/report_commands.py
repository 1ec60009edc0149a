"""`stratplan report`: the monitoring report of one plan for one year, as Markdown, HTML, Word or PDF."""

from __future__ import annotations

import datetime as dt
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from stratplan import api
from stratplan.cli.app import EXIT_CLEAN, app
from stratplan.cli.options import Verbose
from stratplan.core.diagnostics import UsageError


class ReportFormat(StrEnum):
    """Formats of `report`."""

    md = "md"
    html = "html"
    docx = "docx"
    pdf = "pdf"


class Lang(StrEnum):
    """Label languages; plan text stays as written."""

    uk = "uk"
    en = "en"


def _parse_date(text: str | None) -> dt.date | None:
    if text is None:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise UsageError(f"--date takes a date like 2024-01-31, got {text!r}") from None


@app.command("report")
def report_command(
    path: Annotated[Path, typer.Argument(help="A plan folder, e.g. plans/melitopol.")],
    year: Annotated[str, typer.Option(metavar="YEAR", help="The reporting year, within the plan period.")],
    output_format: Annotated[ReportFormat, typer.Option("--format", "-f", help="md, html, docx (Word) or pdf (printed by a "
                                                               "headless Chromium or Chrome).")] = ReportFormat.html,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Output file; default build/<community>-"
                                                "<year>.<format>. Never inside the plan folder.")] = None,
    date: Annotated[str | None, typer.Option(help="Report date printed on the cover (YYYY-MM-DD); the report "
                                             "reads no clock.")] = None,
    lang: Annotated[Lang, typer.Option(help="Language of the labels; plan text stays as written.")] = Lang.uk,
    templates: Annotated[Path | None, typer.Option(help="Folder whose templates override the shipped ones "
                                                   "(report.md.j2, report.html.j2, report.docx).")] = None,
    appendix: Annotated[bool, typer.Option(help="Add the context appendix: vision, mission, SWOT, statistics.")]
    = False,
    since: Annotated[str | None, typer.Option(metavar="YEAR", help="First year of the section across years "
                                              "(money since then, indicators by year); default: the start of the "
                                              "plan period.")] = None,
    verbose: Verbose = False,
) -> None:
    """Render the monitoring report of a plan for a year: cover, money, goals, the Додаток 1 form, data quality.

    PDF is the HTML report printed by Chromium, Google Chrome or Microsoft Edge (STRATPLAN_CHROMIUM names one)."""
    report = api.render_report(path, api.parse_year(year), output_format.value, output=output, lang=lang.value,
                               date=_parse_date(date), templates=templates, appendix=appendix,
                               since=api.parse_year(since, "--since") if since is not None else None)
    api.save(report.files)
    sys.stderr.write(f"report written to {api.shown(report.target)}\n")
    raise typer.Exit(EXIT_CLEAN)
