"""A query's answer as a terminal table, Markdown, CSV or JSON. Decimals stay exact (`2310.5`, a string in JSON),
dates are `YYYY-MM-DD`, an empty value (SQL NULL) is `NULL` in tables, an empty cell in CSV and `null` in JSON."""

from __future__ import annotations

import csv
import datetime as dt
import json
import math
from decimal import Decimal
from typing import Any, TextIO

from stratplan.core.numbers import plain, tidy
from stratplan.output.formatters.markdown import md_escape

NULL = "NULL"
_NUMERIC = ("TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT", "UTINYINT", "USMALLINT", "UINTEGER", "UBIGINT",
            "UHUGEINT", "FLOAT", "DOUBLE", "DECIMAL")


def text(value: Any) -> str | None:
    """A value as text for people and CSV; None for SQL NULL."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        return plain(tidy(value))
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list | dict | tuple):
        return json.dumps(_json(value), ensure_ascii=False)
    return str(value)


def _json(value: Any) -> Any:
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, list | tuple):
        return [_json(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _json(v) for k, v in value.items()}
    return text(value)


def _numeric(sql_type: str) -> bool:
    return sql_type.upper().startswith(_NUMERIC)


def write_table(columns: list[str], types: list[str], rows: list[tuple[Any, ...]], stream: TextIO) -> None:
    """A terminal table as wide as the terminal, numbers right-aligned, and the number of rows."""
    from stratplan.output.formatters.tables import Column, console_for, print_table  # rich: only for a table

    shown = [Column(name, right=_numeric(kind), wrap=not _numeric(kind)) for name, kind in zip(columns, types, strict=True)]
    cells = [[NULL if (t := text(v)) is None else t for v in row] for row in rows]
    if columns:
        print_table(console_for(stream), "", shown, cells, keep=1)
    stream.write(f"{len(rows)} row(s)\n")


def write_markdown(columns: list[str], types: list[str], rows: list[tuple[Any, ...]], stream: TextIO) -> None:
    """A Markdown table (plan text made inert)."""
    if not columns:
        stream.write("_no columns_\n")
        return
    stream.write("| " + " | ".join(md_escape(c) for c in columns) + " |\n")
    stream.write("|" + "|".join("---:" if _numeric(t) else "---" for t in types) + "|\n")
    for row in rows:
        stream.write("| " + " | ".join(NULL if (t := text(v)) is None else md_escape(t) for v in row) + " |\n")


def write_csv(columns: list[str], types: list[str], rows: list[tuple[Any, ...]], stream: TextIO) -> None:
    """CSV with a header row; NULL is an empty cell; text that would run as a formula gets an apostrophe."""
    from stratplan.output.export import CSV_LINE_END, neutralise  # the rows' export (and what it imports): only here

    writer = csv.writer(stream, lineterminator=CSV_LINE_END)
    writer.writerow(columns)
    for row in rows:
        writer.writerow(["" if (t := text(v)) is None else t if isinstance(v, Decimal | int | float | dt.date)
                         else neutralise(t) for v in row])


def write_json(columns: list[str], types: list[str], rows: list[tuple[Any, ...]], stream: TextIO) -> None:
    """JSON: the columns with their SQL types, and the rows as arrays in column order."""
    data = {"version": 1, "columns": [{"name": c, "type": t} for c, t in zip(columns, types, strict=True)],
            "rows": [[_json(v) for v in row] for row in rows]}
    stream.write(json.dumps(data, ensure_ascii=False, indent=2))
    stream.write("\n")
