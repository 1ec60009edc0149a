"""The tables as an open-data package: one CSV per table and a Frictionless `datapackage.json` (Tabular Data
Package) describing every field, the tables' keys and their links to `plans`: the structure of the data set
that open-data publication asks for.

CSVs are UTF-8 with a header row and CRLF line ends (RFC 4180), rows in the tables' order. An empty cell is
an empty value (`missingValues: [""]`); money is an exact decimal with a dot (`2310.5`), never rounded;
booleans are `true`/`false`, dates `YYYY-MM-DD`. As in every CSV stratplan writes, a text cell that a
spreadsheet would run as a formula (starting with `=`, `+`, `-`, `@`, a tab or a carriage return) gets a
leading apostrophe.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
import shutil
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from stratplan.compute.tables import TABLES, TABLES_VERSION, Table, columns
from stratplan.core.diagnostics import UsageError
from stratplan.core.numbers import plain, tidy
from stratplan.output.export import CSV_LINE_END, neutralise

if TYPE_CHECKING:
    import pyarrow as pa

DESCRIPTOR = "datapackage.json"
DATA_DIR = "data"
_TYPES = {"string": "string", "integer": "integer", "decimal": "number", "date": "date", "boolean": "boolean"}
PRIMARY_KEYS = {"plans", "nodes", "indicators", "targets", "reports", "progress", "actuals", "indicator_values",
                "execution_totals"}
"""Tables whose key is declared a primary key: every key column is always given and unique."""


def cell(value: Any) -> str:
    """A value as CSV text: exact decimals, ISO dates, `true`/`false`, empty for none, inert text."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        return plain(tidy(value))
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, int):
        return str(value)
    return neutralise(str(value))


def csv_bytes(table: pa.Table) -> bytes:
    """The table as CSV (header row, CRLF line ends, UTF-8)."""
    stream = io.StringIO(newline="")
    writer = csv.writer(stream, lineterminator=CSV_LINE_END)
    writer.writerow(table.column_names)
    for batch in table.to_batches(max_chunksize=65_536):
        for row in zip(*(column.to_pylist() for column in batch.columns), strict=True):
            writer.writerow([cell(value) for value in row])
    return stream.getvalue().encode("utf-8")


def _field(name: str, kind: str, nullable: bool, description: str) -> dict[str, Any]:
    found: dict[str, Any] = {"name": name, "type": _TYPES[kind], "description": description}
    if kind == "decimal":
        found["bareNumber"] = True
    if kind == "boolean":
        found["trueValues"], found["falseValues"] = ["true"], ["false"]
    if not nullable:
        found["constraints"] = {"required": True}
    return found


def resource(table: Table, data: bytes) -> dict[str, Any]:
    """The descriptor of one table's CSV: its fields with descriptions, its key and its link to `plans`."""
    schema: dict[str, Any] = {"fields": [_field(c.name, c.kind, c.nullable, c.description) for c in columns(table)],
                              "missingValues": [""]}
    if table.name in PRIMARY_KEYS:
        schema["primaryKey"] = list(table.key)
    if table.name != "plans":
        schema["foreignKeys"] = [{"fields": ["plan"], "reference": {"resource": "plans", "fields": ["plan"]}}]
    return {
        "name": table.name,
        "path": f"{DATA_DIR}/{table.name}.csv",
        "profile": "tabular-data-resource",
        "title": table.name.replace("_", " "),
        "description": table.description,
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "bytes": len(data),
        "hash": f"sha256:{hashlib.sha256(data).hexdigest()}",
        "dialect": {"delimiter": ",", "lineTerminator": CSV_LINE_END, "quoteChar": '"', "doubleQuote": True,
                    "header": True},
        "schema": schema,
    }


def descriptor(resources: list[dict[str, Any]]) -> dict[str, Any]:
    """The package's descriptor: what it is, and every resource."""
    return {
        "profile": "tabular-data-package",
        "name": "stratplan-plans",
        "title": "Strategies and programmes of social services of Ukrainian territorial communities",
        "description": ("Development strategies, action plans and programmes of social services as their issuers "
                        "adopted them: the goal tree, indicators, planned money by node, year and funding source, "
                        "monitoring reports (status, actual money, indicator values), execution, the reporting "
                        "status and validation findings. Made by stratplan from the plans' YAML files; money is in "
                        "each plan's unit (`unit`), exact."),
        "version": f"{TABLES_VERSION}.0.0",
        "keywords": ["social services", "strategy", "territorial communities", "Ukraine", "соціальні послуги"],
        "resources": resources,
    }


def write_datapackage(tables: dict[str, pa.Table], out: Path) -> list[Path]:
    """Write `data/<table>.csv` for every table and `datapackage.json` under `out`, replacing an earlier package
    there whole; UsageError when `out` holds anything else. The files written, sorted."""
    from stratplan.output.parquet import finish_folder

    if out.exists() and (not out.is_dir() or (any(out.iterdir()) and not (out / DESCRIPTOR).is_file())):
        raise UsageError(f"{out} exists and is not a data package (no {DESCRIPTOR}); name a new or empty folder")
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = out.parent / f".{out.name}.partial"
    if staging.exists():
        shutil.rmtree(staging)
    (staging / DATA_DIR).mkdir(parents=True)
    try:
        resources = []
        for table in TABLES:
            data = csv_bytes(tables[table.name])
            (staging / DATA_DIR / f"{table.name}.csv").write_bytes(data)
            resources.append(resource(table, data))
        text = json.dumps(descriptor(resources), ensure_ascii=False, indent=2) + "\n"
        (staging / DESCRIPTOR).write_text(text, encoding="utf-8")
        finish_folder(staging, out)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return sorted([out / DESCRIPTOR, *(out / DATA_DIR / f"{t.name}.csv" for t in TABLES)])
