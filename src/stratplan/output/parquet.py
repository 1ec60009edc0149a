"""The tables as Apache Arrow and Parquet: typed, described columns; exact money; a hive-partitioned folder any
engine reads (DuckDB, Spark, pandas, a warehouse), byte for byte the same on every run.

pyarrow is imported by the functions that use it, so commands that never write Parquet do not pay for it.

Money is `decimal128(38, 6)`: exact, never float (a value with more decimal places is refused, not rounded).
Every column carries its description in its field metadata (`description`), every file the table's name and
description in its schema metadata. An export folder holds one folder per table, partitioned by oblast (and
by year where rows have one), e.g. `planned/oblast=Запорізька/year=2023/part-0.parquet`; a row without a
year goes to `year=__HIVE_DEFAULT_PARTITION__`, which every hive reader takes as empty (NULL); a missing
oblast likewise. A table without rows is one file without rows in such a folder, so every table can be read.
`_stratplan.json` at the top lists the tables with their columns, keys and row counts (files starting with `_`
are skipped by Spark and Hive), and `_views.sql` holds the documented views as `CREATE VIEW` statements over
tables named as the folders.
"""

from __future__ import annotations

import array
import base64
import json
import shutil
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from stratplan.compute.tables import PRECISION, SCALE, TABLES, TABLES_VERSION, Column, Rows, Table, columns
from stratplan.core.diagnostics import UsageError
from stratplan.output.views import views_sql

if TYPE_CHECKING:
    import pyarrow as pa

MANIFEST = "_stratplan.json"
VIEWS_FILE = "_views.sql"
NULL_PARTITION = "__HIVE_DEFAULT_PARTITION__"
ROW_GROUP = 131_072
_UNSAFE = set('"#%\'*/:=?\\{[]^') | {chr(c) for c in range(0x20)} | {"\x7f"}
"""Characters a partition folder's name escapes as %XX (those Hive and Spark escape); readers decode them."""


def arrow_type(column: Column) -> pa.DataType:
    """The Arrow type of a column kind."""
    import pyarrow as pa

    return {"string": pa.string(), "integer": pa.int32(), "decimal": pa.decimal128(PRECISION, SCALE),
            "date": pa.date32(), "boolean": pa.bool_()}[column.kind]


def schema(table: Table) -> pa.Schema:
    """The table's Arrow schema: typed columns with their descriptions, the table's name and description."""
    found = _SCHEMAS.get(table.name)
    if found is None:
        found = _SCHEMAS[table.name] = _schema(table)
    return found


_SCHEMAS: dict[str, Any] = {}


def _schema(table: Table) -> pa.Schema:
    import pyarrow as pa

    return pa.schema([pa.field(c.name, arrow_type(c), nullable=c.nullable, metadata={"description": c.description})
                      for c in columns(table)], metadata={"table": table.name, "description": table.description})


def to_arrow(rows: Rows) -> dict[str, pa.Table]:
    """Every table's rows (one plan's, or any) as Arrow tables with the tables' schemas."""
    import pyarrow as pa

    out = {}
    for table in TABLES:
        found = rows[table.name]
        target = schema(table)
        arrays = [pa.array([getattr(row, f.name) for row in found], type=f.type) for f in target]
        out[table.name] = pa.Table.from_arrays(arrays, schema=target)
    return out


def encode(tables: dict[str, pa.Table]) -> str:
    """Arrow tables as text (an Arrow IPC stream per table, base64), exact and quick to read back."""
    import pyarrow as pa

    data = {}
    for name, table in tables.items():
        sink = pa.BufferOutputStream()
        with pa.ipc.new_stream(sink, table.schema) as writer:
            writer.write_table(table)
        data[name] = base64.b64encode(sink.getvalue().to_pybytes()).decode("ascii")
    return json.dumps({"tables": TABLES_VERSION, "arrow": data})


def decode(text: str) -> dict[str, pa.Table]:
    """Arrow tables back from `encode`; ValueError when the text is not exactly that (other tables or columns)."""
    import pyarrow as pa

    data = json.loads(text)
    if data.get("tables") != TABLES_VERSION or set(data.get("arrow", {})) != {t.name for t in TABLES}:
        raise ValueError("not stratplan tables of this version")
    out = {}
    for table in TABLES:
        with pa.ipc.open_stream(base64.b64decode(data["arrow"][table.name], validate=True)) as reader:
            found = reader.read_all()
        if not found.schema.equals(schema(table), check_metadata=True):
            raise ValueError(f"table {table.name} has other columns")
        out[table.name] = found
    return out


def concatenate(parts: Iterable[dict[str, pa.Table]]) -> dict[str, pa.Table]:
    """Every table of the parts (plans), one after another, in the order given."""
    import pyarrow as pa

    collected: dict[str, list[pa.Table]] = {t.name: [] for t in TABLES}
    for part in parts:
        for name, table in part.items():
            collected[name].append(table)
    # Chunked, not combined: the plans' buffers are used as they are (combining would copy a national corpus once more).
    return {t.name: pa.concat_tables(collected[t.name]) if collected[t.name] else schema(t).empty_table()
            for t in TABLES}


def partition_value(value: Any) -> str:
    """A partition folder's value: empty as Hive's NULL, characters a path cannot hold escaped as %XX."""
    if value is None:
        return NULL_PARTITION
    text = str(value)
    return "".join(f"%{ord(ch):02X}" if ch in _UNSAFE else ch for ch in text) or NULL_PARTITION


def partitions(table: pa.Table, keys: tuple[str, ...]) -> list[tuple[tuple[Any, ...], pa.Table]]:
    """The table split by the values of its partition columns (those columns dropped), in sorted order of the
    values (empty first); rows keep their order within each part."""
    import pyarrow as pa
    import pyarrow.compute as pc

    if not table.num_rows:
        return []
    row = "__stratplan_row"
    # Row numbers from a buffer: pa.array() over Python values would import pandas (a second) to look for frames.
    numbers = pa.Array.from_buffers(pa.int64(), table.num_rows, [None, pa.py_buffer(array.array("q", range(table.num_rows)))])
    numbered = table.select(list(keys)).append_column(row, numbers)
    groups = numbered.group_by(list(keys), use_threads=False).aggregate([(row, "list")])
    rest = table.drop_columns(list(keys))
    found = []
    for index in range(groups.num_rows):
        value = tuple(groups.column(key)[index].as_py() for key in keys)
        rows = groups.column(f"{row}_list")[index].values
        found.append((value, rest.take(pc.take(rows, pc.sort_indices(rows)))))
    return sorted(found, key=lambda item: tuple((v is not None, v) for v in item[0]))


def write_file(table: pa.Table, path: Path) -> None:
    """One Parquet file: zstd, statistics, the schema's metadata and descriptions; the same bytes for the same
    rows on every run (nothing in it depends on the clock or the machine)."""
    import pyarrow.parquet as pq

    path.parent.mkdir(parents=True, exist_ok=True)
    pq.write_table(table, path, row_group_size=ROW_GROUP, compression="zstd", compression_level=3,
                   write_statistics=True, use_dictionary=True, store_schema=True, write_page_index=False)


def manifest(tables: dict[str, pa.Table], layout: str) -> dict[str, Any]:
    """What an export holds: its layout, and per table its description, key, partitions, columns and rows."""
    return {
        "stratplan_tables": TABLES_VERSION,
        "layout": layout,
        "tables": [{
            "name": t.name, "description": t.description, "key": list(t.key), "partition": list(t.partition),
            "rows": tables[t.name].num_rows,
            "columns": [{"name": c.name, "type": c.kind, "nullable": c.nullable, "description": c.description}
                        for c in columns(t)],
        } for t in TABLES],
    }


def prepare_folder(out: Path) -> Path:
    """A new, empty folder beside `out` to write an export into; UsageError when `out` holds something that is
    not a stratplan export (it is never overwritten)."""
    if out.exists() and (not out.is_dir() or (any(out.iterdir()) and not (out / MANIFEST).is_file())):
        raise UsageError(f"{out} exists and is not a stratplan export (no {MANIFEST}); name a new or empty folder")
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = out.parent / f".{out.name}.partial"
    if staging.exists():
        shutil.rmtree(staging)
    staging.mkdir()
    return staging


def finish_folder(staging: Path, out: Path) -> None:
    """Put a written export in place of `out` (an earlier export there is replaced whole)."""
    if out.exists():
        old = out.parent / f".{out.name}.old"
        if old.exists():
            shutil.rmtree(old)
        out.rename(old)
        staging.rename(out)
        shutil.rmtree(old)
    else:
        staging.rename(out)


def write_parquet(tables: dict[str, pa.Table], out: Path) -> list[Path]:
    """Write every table under `out`, hive-partitioned (`<table>/oblast=…[/year=…]/part-0.parquet`), and the
    manifest; the folder is replaced whole. The files written, sorted."""
    staging = prepare_folder(out)
    try:
        written = []
        for table in TABLES:
            parts = partitions(tables[table.name], table.partition) or [  # an empty table still has its schema
                ((None,) * len(table.partition), tables[table.name].drop_columns(list(table.partition)))]
            for value, part in parts:
                folder = staging / table.name
                for key, item in zip(table.partition, value, strict=True):
                    folder = folder / f"{key}={partition_value(item)}"
                write_file(part, folder / "part-0.parquet")
                written.append(folder / "part-0.parquet")
        text = json.dumps(manifest(tables, "parquet"), ensure_ascii=False, indent=2) + "\n"
        (staging / MANIFEST).write_text(text, encoding="utf-8")
        (staging / VIEWS_FILE).write_text(views_sql(), encoding="utf-8")
        finish_folder(staging, out)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return sorted(out / p.relative_to(staging) for p in written)


def read_manifest(folder: Path) -> dict[str, Any] | None:
    """The manifest of an export folder, or None when the folder is not one."""
    path = folder / MANIFEST
    if not path.is_file():
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) and data.get("stratplan_tables") == TABLES_VERSION else None
