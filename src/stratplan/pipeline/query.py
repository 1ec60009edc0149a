"""SQL over the tables with DuckDB: over an export folder's Parquet files, or over tables just made from plans
(in memory), with the same tables and the same views either way.

The views are `output.views.VIEWS`.

duckdb is imported by the functions that use it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from stratplan.compute.tables import TABLES, Table, columns
from stratplan.core.diagnostics import UsageError
from stratplan.output.views import VIEWS

if TYPE_CHECKING:
    import duckdb
    import pyarrow as pa


@dataclass
class QueryResult:
    """A query's answer: column names, their SQL types, and the rows (money as `Decimal`, dates as dates)."""

    columns: list[str]
    types: list[str]
    rows: list[tuple[Any, ...]]


def _quoted(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _select_columns(table: Table) -> str:
    return ", ".join(f'"{c.name}"' for c in columns(table))


def connect_export(folder: Path) -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB whose tables are views over an export folder's Parquet files, with the named views."""
    import duckdb

    con = duckdb.connect(":memory:")
    for table in TABLES:
        files = folder / table.name
        if not files.is_dir():
            raise UsageError(f"{folder} has no table {table.name}; export again with stratplan export --format parquet")
        types = ", ".join(f"{_quoted(k)}: {_quoted('INTEGER' if k == 'year' else 'VARCHAR')}" for k in table.partition)
        source = (f"read_parquet({_quoted(str(files / '**' / '*.parquet'))}, hive_partitioning = true, "
                  f"hive_types = {{{types}}})")
        con.execute(f'CREATE VIEW "{table.name}" AS SELECT {_select_columns(table)} FROM {source}')
    _create_views(con)
    return con


def connect_tables(tables: dict[str, pa.Table]) -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB over Arrow tables (one per table, partition columns included), with the named views."""
    import duckdb

    con = duckdb.connect(":memory:")
    for table in TABLES:
        con.register(f"_arrow_{table.name}", tables[table.name])
        con.execute(f'CREATE VIEW "{table.name}" AS SELECT {_select_columns(table)} FROM "_arrow_{table.name}"')
    _create_views(con)
    return con


def _create_views(con: duckdb.DuckDBPyConnection) -> None:
    for name, (_text, select) in VIEWS.items():
        con.execute(f"CREATE VIEW {name} AS{select}")


def run(con: duckdb.DuckDBPyConnection, sql: str) -> QueryResult:
    """The answer to one SQL statement; UsageError with DuckDB's message when the SQL is wrong."""
    import duckdb

    try:
        relation = con.execute(sql)
        description = relation.description or []
        rows = relation.fetchall() if description else []
    except duckdb.Error as exc:
        message = " ".join(str(exc).split())
        raise UsageError(f"query: {message}") from None
    return QueryResult([d[0] for d in description], [str(d[1]) for d in description], rows)
