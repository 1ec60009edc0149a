"""The tables of a Word document (.docx) as neutral grids (`io.tables`), merged cells once.

Word stores a row as its `w:tc` cells: a cell spanning grid columns has `w:gridSpan`, a vertical merge starts
at a cell with `w:vMerge w:val="restart"` and continues in the cells below with a bare `w:vMerge`. The
reader walks those real cells (python-docx's `row.cells` would repeat a merged cell in every grid position
it covers): a continuing cell is not a cell of its own, it extends the cell above. The paragraphs before a
table (up to the previous table) are its heading.
"""

from __future__ import annotations

import zipfile
import zlib
from pathlib import Path
from typing import Any

from stratplan.io.tables import MAX_COLUMNS, MAX_ROWS, Cell, Table, TableFile, TableFileError, open_zip

KIND = "a Word document (.docx)"
DOCUMENT_PART = "word/document.xml"


def read_docx(path: Path) -> TableFile:
    """Every table of the document body, in order; TableFileError when the file is not a readable .docx."""
    with open_zip(path, KIND) as archive:
        if DOCUMENT_PART not in archive.namelist():
            raise TableFileError(f"{path}: not {KIND}: it has no {DOCUMENT_PART}")
    import docx  # python-docx, imported only when a Word file is read
    from docx.opc.exceptions import PackageNotFoundError
    from docx.text.paragraph import Paragraph

    try:
        document = docx.Document(str(path))
    except (PackageNotFoundError, KeyError, ValueError, SyntaxError, zipfile.BadZipFile, zlib.error, OSError,
            EOFError) as exc:  # lxml's XMLSyntaxError is a SyntaxError; a damaged part fails as it is inflated
        raise TableFileError(f"{path}: not {KIND}: {type(exc).__name__}: {exc}") from None
    tables: list[Table] = []
    heading: list[str] = []
    for element in document.element.body.iterchildren():
        tag = element.tag.rsplit("}", 1)[-1]
        if tag == "p":
            text = Paragraph(element, None).text.strip()  # type: ignore[arg-type]
            if text:
                heading.append(text)
        elif tag == "tbl":
            tables.append(_table(element, path.name, len(tables) + 1, heading))
            heading = []
    return TableFile(path.name, tables)


def _table(tbl: Any, file: str, index: int, heading: list[str]) -> Table:
    from docx.table import _Cell

    name = f"table {index}"
    rows: list[list[Cell]] = []
    open_cells: dict[int, int] = {}  # grid column -> index in `rows` of the row holding the merge's first cell
    width = 0
    for row_number, tr in enumerate(tbl.tr_lst, start=1):
        if row_number > MAX_ROWS:
            raise TableFileError(f"{file}: {name} has more than {MAX_ROWS:,} rows; an implementation plan has a few "
                                 "hundred: split the file or import the table alone")
        cells: list[Cell] = []
        col = 1 + _skipped_before(tr)
        for tc in tr.tc_lst:
            span = max(1, int(tc.grid_span or 1))
            if col + span - 1 > MAX_COLUMNS:
                raise TableFileError(f"{file}: {name}, row {row_number} has more than {MAX_COLUMNS} columns")
            merge = tc.vMerge
            if merge == "continue" and col in open_cells:
                owner_row = open_cells[col]
                owner = rows[owner_row]
                at = next(i for i, c in enumerate(owner) if c.col == col)
                grown = owner[at]
                owner[at] = Cell(grown.row, grown.col, grown.text, grown.where, grown.span, grown.rows + 1)
            else:
                text = _Cell(tc, None).text  # type: ignore[arg-type]  # its paragraphs' text, as cell.text gives it
                where = f"{name}, row {row_number}, column {col}"
                cells.append(Cell(row_number, col, text, where, span))
                for c in range(col, col + span):
                    open_cells.pop(c, None)
                if merge == "restart":
                    open_cells[col] = row_number - 1
            col += span
        width = max(width, col - 1)
        rows.append(cells)
    return Table(file, name, rows, list(heading), width)


def _skipped_before(tr: Any) -> int:
    """Grid columns a row leaves out before its first cell (`w:gridBefore`)."""
    before = tr.trPr.find("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}gridBefore") \
        if tr.trPr is not None else None
    if before is None:
        return 0
    value = before.get("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}val")
    return int(value) if value and value.isdigit() else 0
