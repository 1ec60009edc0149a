"""The sheets of an Excel workbook (.xlsx) as neutral grids (`io.tables`), merged ranges once.

The workbook is first streamed in openpyxl's read-only mode to count its rows and columns (a sheet of a
million rows is refused after the first `MAX_ROWS`, without holding it), then loaded for its merged ranges.
A merged range is one cell (its top-left value) covering the range. Values are read as stored, never
computed: a formula cell keeps its formula (`Cell.formula`) and no value, and the workbook's links to
other files are reported (`TableFile.warnings`), never followed. A number keeps the decimals its number
format shows (`0.0` → `160.0`), as Excel displays it.
"""

from __future__ import annotations

import datetime as dt
import re
import zipfile
import zlib
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from stratplan.io.tables import (
    MAX_COLUMNS,
    MAX_ROWS,
    Cell,
    Table,
    TableFile,
    TableFileError,
    column_letters,
    open_zip,
)

KIND = "an Excel workbook (.xlsx)"
WORKBOOK_PART = "xl/workbook.xml"
EXTERNAL_PREFIX = "xl/externalLinks/"
_DECIMALS = re.compile(r"0\.(0+)")


def read_xlsx(path: Path) -> TableFile:
    """Every sheet of the workbook as a table, in order; TableFileError when it is not a readable .xlsx or a
    sheet is larger than an implementation plan can be."""
    warnings: list[str] = []
    with open_zip(path, KIND) as archive:
        names = archive.namelist()
        if WORKBOOK_PART not in names:
            raise TableFileError(f"{path}: not {KIND}: it has no {WORKBOOK_PART}")
        warnings += _external_links(archive, [n for n in names if n.startswith(EXTERNAL_PREFIX)
                                              and n.endswith(".xml.rels")])
    import openpyxl  # imported only when a workbook is read

    failures = (KeyError, ValueError, TypeError, IndexError, zipfile.BadZipFile, SyntaxError, OSError, zlib.error,
                EOFError)
    try:
        streamed = openpyxl.load_workbook(path, read_only=True, data_only=False, keep_links=False)
        try:
            for sheet in streamed.worksheets:
                _check_size(path.name, sheet)
        finally:
            streamed.close()
        workbook = openpyxl.load_workbook(path, read_only=False, data_only=False, keep_links=False)
    except TableFileError:
        raise
    except failures as exc:
        raise TableFileError(f"{path}: not {KIND}: {type(exc).__name__}: {exc}") from None
    tables = [_table(sheet, path.name) for sheet in workbook.worksheets]
    workbook.close()
    return TableFile(path.name, tables, warnings)


def _external_links(archive: zipfile.ZipFile, rels: list[str]) -> list[str]:
    targets = []
    for name in sorted(rels):
        text = archive.read(name).decode("utf-8", "replace")
        targets += re.findall(r'Target="([^"]*)"', text)
    return [f"the workbook links to another file ({target}); linked values are never read" for target in targets]


def _check_size(file: str, sheet: Any) -> None:
    for count, row in enumerate(sheet.iter_rows(values_only=True), start=1):
        if count > MAX_ROWS:
            raise TableFileError(f"{file}: sheet '{sheet.title}' has more than {MAX_ROWS:,} rows; an implementation "
                                 "plan has a few hundred: refused (copy the table alone into a new workbook)")
        if len(row) > MAX_COLUMNS:
            raise TableFileError(f"{file}: sheet '{sheet.title}' has more than {MAX_COLUMNS} columns; refused")


def _table(sheet: Any, file: str) -> Table:
    covered: dict[tuple[int, int], tuple[int, int]] = {}  # (row, col) inside a range -> its top-left cell
    spans: dict[tuple[int, int], tuple[int, int]] = {}  # top-left -> (columns, rows)
    for merged in sheet.merged_cells.ranges:
        top, left = merged.min_row, merged.min_col
        spans[(top, left)] = (merged.max_col - left + 1, merged.max_row - top + 1)
        for r in range(top, merged.max_row + 1):
            for c in range(left, merged.max_col + 1):
                if (r, c) != (top, left):
                    covered[(r, c)] = (top, left)
    rows: list[list[Cell]] = []
    width = 0
    for row_number, row in enumerate(sheet.iter_rows(), start=1):
        cells: list[Cell] = []
        for cell in row:
            position = (row_number, cell.column)
            if position in covered:
                continue
            span, height = spans.get(position, (1, 1))
            made = _cell(sheet.title, cell, row_number, span, height)
            if made is not None:
                cells.append(made)
                width = max(width, made.last_col)
        rows.append(cells)
    while rows and not rows[-1]:
        rows.pop()
    return Table(file, f"sheet '{sheet.title}'", rows, [], width)


def _cell(title: str, cell: Any, row: int, span: int, height: int) -> Cell | None:
    value = cell.value
    where = f"'{title}'!{column_letters(cell.column)}{row}"
    if value is None or value == "":
        if span == 1 and height == 1:
            return None
        return Cell(row, cell.column, "", where, span, height)
    if cell.data_type == "f":
        return Cell(row, cell.column, "", where, span, height, formula=str(getattr(value, "text", value)))
    if isinstance(value, bool):
        return Cell(row, cell.column, "ИСТИНА" if value else "ЛОЖЬ", where, span, height)
    if isinstance(value, int | float):
        number = _number(value, cell.number_format)
        return Cell(row, cell.column, str(number), where, span, height, number=number)
    if isinstance(value, dt.datetime | dt.date):
        text = value.date().isoformat() if isinstance(value, dt.datetime) else value.isoformat()
        return Cell(row, cell.column, text, where, span, height)
    text = str(value)  # a quote prefix (formula triggers kept as text) is a style, never part of the value
    return Cell(row, cell.column, text.replace("\r\n", "\n").replace("\r", "\n"), where, span, height)


def _number(value: int | float, number_format: str) -> Decimal:
    """The number as the cell shows it: its shortest exact decimal, with the decimals its format asks for."""
    try:
        number = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    except InvalidOperation:
        return Decimal(0)
    found = _DECIMALS.search(number_format or "")
    if found:
        places = len(found.group(1))
        if -number.as_tuple().exponent < places:  # type: ignore[operator]
            number = number.quantize(Decimal(1).scaleb(-places))
    elif number == number.to_integral_value() and isinstance(value, float):
        number = number.quantize(Decimal(1))
    return number
