"""`stratplan status`: each plan's monitoring report for a period, its validation and its strategy's end, as a
terminal table, Markdown, CSV or JSON, with a summary."""

from __future__ import annotations

import csv
import json
from dataclasses import asdict, fields
from typing import Any, TextIO

from stratplan.compute.status import StatusLine, Summary, summary
from stratplan.output.export import CSV_LINE_END, neutralise
from stratplan.output.formatters.markdown import md_escape
from stratplan.output.formatters.tables import Column, console_for, print_table

SHOWN = ("oblast", "community", "kind", "expected", "report", "submitted", "deadline", "timeliness", "items",
         "validation", "strategy end", "expiry")


def _cells(line: StatusLine) -> list[str]:
    return [line.oblast or "", line.community, line.kind or "", "yes" if line.expected else "no", line.state,
            line.submitted.isoformat() if line.submitted else "", line.deadline.isoformat(), line.timeliness,
            f"{line.items_with_status}/{line.items_active}" if line.state not in ("not_expected", "unknown") else "",
            line.validation, str(line.strategy_end or ""), line.expiry]


def _summary_lines(found: Summary, period: str) -> list[str]:
    states = ", ".join(f"{v} {k}" for k, v in found.by_state.items()) or "none"
    timely = ", ".join(f"{v} {k}" for k, v in found.by_timeliness.items()) or "none"
    return [f"{found.plans} plan(s); {found.expected} owe a report for {period}: {states}",
            f"timeliness: {timely}",
            f"strategies expiring within a year: {found.expiring}; expired: {found.expired}",
            f"plans failing validation: {found.failing}"]


def write_table(lines: list[StatusLine], period: str, stream: TextIO) -> None:
    """A terminal table (one row per plan) and the summary."""
    columns = [Column(name, right=name in ("items", "strategy end"), wrap=name == "community") for name in SHOWN]
    print_table(console_for(stream), f"Reporting status for {period}", columns, [_cells(line) for line in lines],
                keep=2)
    stream.write("\n".join(_summary_lines(summary(lines), period)) + "\n")


def write_markdown(lines: list[StatusLine], period: str, stream: TextIO) -> None:
    """A Markdown table and the summary as a list."""
    stream.write(f"### Reporting status for {md_escape(period)}\n\n")
    stream.write("| " + " | ".join(SHOWN) + " |\n|" + "|".join("---:" if n in ("items", "strategy end") else "---"
                                                           for n in SHOWN) + "|\n")
    for line in lines:
        stream.write("| " + " | ".join(md_escape(cell) for cell in _cells(line)) + " |\n")
    stream.write("\n" + "".join(f"- {md_escape(text)}\n" for text in _summary_lines(summary(lines), period)))


def _value(value: Any) -> Any:
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def write_csv(lines: list[StatusLine], period: str, stream: TextIO) -> None:
    """One row per plan with every field."""
    names = [f.name for f in fields(StatusLine)]
    writer = csv.writer(stream, lineterminator=CSV_LINE_END)
    writer.writerow(names)
    for line in lines:
        row = []
        for name in names:
            value = getattr(line, name)
            row.append("" if value is None else ("true" if value else "false") if isinstance(value, bool)
                       else _value(value) if not isinstance(value, str) else neutralise(value))
        writer.writerow(row)


def write_json(lines: list[StatusLine], period: str, stream: TextIO) -> None:
    """The period, the summary and one object per plan."""
    found = summary(lines)
    data = {"version": 1, "period": period, "summary": asdict(found),
            "plans": [{k: _value(v) for k, v in asdict(line).items()} for line in lines]}
    stream.write(json.dumps(data, ensure_ascii=False, indent=2))
    stream.write("\n")
