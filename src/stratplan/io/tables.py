"""Tables of Word and Excel files as a neutral grid of cells with positions, for `stratplan import`.

A reader (`tables_docx`, `tables_xlsx`) gives every table of a file as `Table`: its rows, each the row's real
cells in column order. A merged cell is one `Cell` with its span of grid columns and of rows, given once (in
its first row), never repeated or blanked in the rows it covers. Positions are 1-based; `where` names the
cell as a reader should look for it (`table 1, row 7, column 9` in Word, `'Sheet'!I9` in Excel).

Files are zips: `open_zip` checks the zip's directory before anything is inflated (member count, each
member's and the total uncompressed size), so a zip bomb is refused before it costs memory. `zipfile`
never inflates a member beyond the size its directory entry declares, so these checks bound the work.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

MAX_MEMBERS = 10_000
MAX_MEMBER_BYTES = 64 * 1024 * 1024  # one part of the file, inflated (a real document.xml is a few MB)
MAX_TOTAL_BYTES = 256 * 1024 * 1024  # every part, inflated
MAX_FILE_BYTES = 128 * 1024 * 1024  # the file itself
MAX_ROWS = 20_000  # rows of one table or sheet (an implementation plan has a few hundred)
MAX_COLUMNS = 200


class TableFileError(Exception):
    """A file that cannot be read as a table: not a Word or Excel file, too large, damaged, or without a table.
    The message names the file and, where it applies, the part, table, row or cell."""


@dataclass(frozen=True)
class Cell:
    """One real cell of a table: where it starts (row, column), how many grid columns and rows it covers,
    its text (paragraphs joined with a newline), a number where the spreadsheet stored one, and the formula
    where the cell holds one (never evaluated)."""

    row: int
    col: int
    text: str
    where: str
    span: int = 1
    rows: int = 1
    number: Decimal | None = None
    formula: str | None = None

    @property
    def last_col(self) -> int:
        """The last grid column the cell covers."""
        return self.col + self.span - 1


@dataclass
class Table:
    """A table of a file: `rows[i]` holds the cells starting in row i + 1; `name` is how messages name the
    table (`table 1`, `sheet '3.1'`); `heading` the text printed above it (paragraphs, or the sheet's rows
    above the table's first row are part of the table and recognised there)."""

    file: str
    name: str
    rows: list[list[Cell]]
    heading: list[str] = field(default_factory=list)
    columns: int = 0

    def locate(self, row: int, col: int) -> str:
        """How a cell at (row, col) is named, for a position that holds no stored cell."""
        if self.name.startswith("sheet '"):
            return f"{self.name[6:]}!{column_letters(col)}{row}"
        return f"{self.name}, row {row}, column {col}"

    def cells(self) -> list[Cell]:
        """Every cell, row by row."""
        return [cell for row in self.rows for cell in row]


@dataclass
class TableFile:
    """What a reader found in a file: its tables, and what it noticed about the file as a whole (external links,
    formulas), for the summary."""

    file: str
    tables: list[Table]
    warnings: list[str] = field(default_factory=list)


def open_zip(path: Path, kind: str) -> zipfile.ZipFile:
    """The file as a zip whose directory promises bounded work; TableFileError otherwise. `kind` names what
    the file should be ("a Word document (.docx)")."""
    name = path.name
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise TableFileError(f"{path}: cannot read the file ({exc.strerror or exc})") from None
    if not path.is_file():
        raise TableFileError(f"{path}: not a regular file")
    if size > MAX_FILE_BYTES:
        raise TableFileError(f"{path}: the file has {size:,} bytes, more than the limit of {MAX_FILE_BYTES:,}")
    if not zipfile.is_zipfile(path):
        raise TableFileError(f"{path}: not {kind}: the file is not a zip archive (a .docx or .xlsx is one); "
                             "save it from Word or Excel in that format")
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise TableFileError(f"{path}: not {kind}: damaged zip archive ({exc})") from None
    members = archive.infolist()
    if len(members) > MAX_MEMBERS:
        archive.close()
        raise TableFileError(f"{path}: the archive has {len(members):,} parts, more than the limit of {MAX_MEMBERS:,}")
    total = 0
    for member in members:
        total += member.file_size
        if member.file_size > MAX_MEMBER_BYTES:
            archive.close()
            raise TableFileError(f"{path}: the part {member.filename} would inflate to {member.file_size:,} bytes "
                                 f"(from {member.compress_size:,}), more than the limit of {MAX_MEMBER_BYTES:,}; "
                                 f"refused unread (a zip bomb, or not a document {name} can be)")
    if total > MAX_TOTAL_BYTES:
        archive.close()
        raise TableFileError(f"{path}: the archive would inflate to {total:,} bytes, more than the limit of "
                             f"{MAX_TOTAL_BYTES:,}; refused unread")
    return archive


def column_letters(col: int) -> str:
    """A 1-based column number as Excel writes it: 1 → A, 27 → AA."""
    letters = ""
    while col > 0:
        col, rest = divmod(col - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters
