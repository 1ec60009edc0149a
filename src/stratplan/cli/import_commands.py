"""`stratplan import`: a draft plan folder from the implementation table of a Word or Excel file."""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer

from stratplan import api
from stratplan.cli.app import EXIT_CLEAN, EXIT_FINDINGS, app
from stratplan.cli.options import Verbose
from stratplan.core.diagnostics import UsageError


class SummaryFormat(StrEnum):
    """Formats of the import summary."""

    text = "text"
    json = "json"


LISTED = 20  # left-over cells listed in the text summary (all of them in JSON)


def _summary_text(summary: Any, out: str) -> str:
    data = summary.as_data()
    cells = data["cells"]
    nodes = ", ".join(f"{count} {level.replace('_', ' ')}" for level, count in data["nodes"].items())
    lines = [f"{data['file']}, {data['table']}: {data['rows']} rows; {nodes}; money in {data['money_unit'] or 'no unit'}",
             f"cells: {cells['read']} read, {cells['placed']} placed, {cells['left_over']} left over "
             f"(in notes on their nodes), {cells['empty']} empty"]
    for item in data["left_over"][:LISTED]:
        lines.append(f"  left over: {item['where']} ({item['node']}): {item['reason']}")
    if len(data["left_over"]) > LISTED:
        lines.append(f"  … and {len(data['left_over']) - LISTED} more (--format json lists all)")
    lines += [f"warning: {w}" for w in data["warnings"]]
    if out:
        lines.append(f"next: stratplan validate {out}")
    return "\n".join(lines) + "\n"


@app.command("import")
def import_command(
    file: Annotated[Path, typer.Argument(help="The Word (.docx) or Excel (.xlsx) file holding the implementation "
                                         "table, or a workbook written by stratplan export --format xlsx.",
                                         show_default=False)],
    plan: Annotated[Path | None, typer.Argument(help="With --check: the existing plan folder to compare with.",
                                                show_default=False)] = None,
    out: Annotated[Path | None, typer.Option("--out", "-o", help="The new plan folder, e.g. plans/<slug>: new or "
                                             "empty; its name is the slug.", show_default=False)] = None,
    check: Annotated[bool, typer.Option("--check", help="Compare the document with an existing plan (PLAN) "
                                        "instead of writing: exit 1 when they differ, 0 when equal.")] = False,
    columns: Annotated[str | None, typer.Option(help="What unusual columns hold: \"HEADER=ROLE,...\" by the printed "
                                                "header or \"N=ROLE\" by column number (1 = the first); roles: title, "
                                                "number, indicators, expected_result, term, executors, sources, total, "
                                                "note, skip, or a year such as 2024.", show_default=False)] = None,
    community: Annotated[str | None, typer.Option(help="The community's name (else a placeholder to replace).",
                                                  show_default=False)] = None,
    district: Annotated[str | None, typer.Option(help="The district's name: a district's plan.",
                                                 show_default=False)] = None,
    oblast: Annotated[str | None, typer.Option(help="The oblast of the community or district, or alone an oblast's "
                                               "plan.", show_default=False)] = None,
    kind: Annotated[str | None, typer.Option(help="strategy, action_plan or programme (default: from the heading's "
                                             "words, else strategy).", show_default=False)] = None,
    title: Annotated[str | None, typer.Option(help="The document's title (default: the heading above the table).",
                                              show_default=False)] = None,
    period: Annotated[str | None, typer.Option(help="The document's years, e.g. 2021-2027 (default: the header's "
                                               "years, else the terms' span).", show_default=False)] = None,
    output_format: Annotated[SummaryFormat, typer.Option("--format", "-f", help="The summary (stderr) as text or "
                                                         "JSON (stdout).")] = SummaryFormat.text,
    verbose: Verbose = False,
) -> None:
    """Draft a plan folder from a council's Word or Excel implementation table, every value with its cell."""
    issuer: tuple[str, str | None, str | None, str | None]
    if community is not None:
        issuer = ("community", community, oblast, district)
    elif district is not None:
        issuer = ("district", district, oblast, None)
    elif oblast is not None:
        issuer = ("oblast", oblast, None, None)
    else:
        issuer = ("community", None, None, None)
    request = api.ImportRequest(columns, issuer, kind, title, period)
    if check:
        if plan is None or out is not None:
            raise UsageError("import --check takes the file and the plan to compare with: "
                             "stratplan import --check FILE plans/<slug>")
        report = api.import_check(file, plan, request)
        api.write_changes(report, "json" if output_format is SummaryFormat.json else "text", sys.stdout)
        same = all(p.status == "unchanged" for p in report.plans)
        raise typer.Exit(EXIT_CLEAN if same else EXIT_FINDINGS)
    if plan is not None:
        raise UsageError(f"unexpected argument {plan}: write the new plan with --out {plan}, or compare with --check")
    if out is None:
        raise UsageError("import needs --out FOLDER, the new plan folder (e.g. --out plans/<slug>)")
    api.check_out_folder(out)
    imported = api.import_table(file, out, request)
    api.create_files(imported.files)
    for written in imported.files:
        sys.stderr.write(f"wrote {api.shown(written)}\n")
    if output_format is SummaryFormat.json:
        sys.stdout.write(json.dumps(imported.summary.as_data(), ensure_ascii=False, indent=2) + "\n")
    else:
        sys.stderr.write(_summary_text(imported.summary, api.shown(out)))
    raise typer.Exit(EXIT_CLEAN)
