"""Word building blocks over python-docx: tables with repeated header rows, fields, section breaks, safe text,
the styles a report needs, and a package written the same way every time (no clock in the zip)."""

from __future__ import annotations

import copy
import datetime as dt
import io
import re
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass

from docx.document import Document
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.table import Table, _Cell, _Row
from docx.text.paragraph import Paragraph

ZIP_TIME = (1980, 1, 1, 0, 0, 0)  # the earliest a zip can say: no build time in the package
FIXED_TIME = dt.datetime(2021, 1, 1, tzinfo=dt.UTC)  # core properties of the shipped template
# XML 1.0 cannot hold these; plan text that carries them (a pasted escape sequence) shows U+FFFD instead.
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
HEADINGS = {"Heading 1": (0, 14), "Heading 2": (1, 12), "Heading 3": (2, 11)}
TABLE_TEXT, TABLE_HEADING = "Table Text", "Table Heading"
SHADE = "E8EEF4"
GROUP_SHADE = "D5E3F0"
TOTAL_SHADE = "F2F2F2"


def safe(text: str) -> str:
    """Text Word can hold."""
    return NOT_XML.sub("\ufffd", text)


def ensure_styles(doc: Document) -> None:
    """The styles the report uses, added when a community's template lacks them (Word keeps unused built-in styles
    out of a file): headings with outline levels, so a table of contents finds them, and table text."""
    names = {style.name for style in doc.styles}
    for name, (level, size) in HEADINGS.items():
        if name not in names:
            style = doc.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
            style.base_style = doc.styles["Normal"]
            style.font.bold, style.font.size = True, Pt(size)
            style.paragraph_format.keep_with_next = True
            outline = OxmlElement("w:outlineLvl")
            outline.set(qn("w:val"), str(level))
            style.element.get_or_add_pPr().append(outline)
    for name, bold in ((TABLE_TEXT, False), (TABLE_HEADING, True)):
        if name not in names:
            style = doc.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
            style.base_style = doc.styles["Normal"]
            style.font.size, style.font.bold = Pt(9), bold
            style.paragraph_format.space_before = style.paragraph_format.space_after = Pt(0)
    if "Table Grid" not in {style.name for style in doc.styles}:
        grid = doc.styles.add_style("Table Grid", WD_STYLE_TYPE.TABLE)
        borders = OxmlElement("w:tblBorders")
        for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
            line = OxmlElement(f"w:{edge}")
            for key, value in (("val", "single"), ("sz", "4"), ("space", "0"), ("color", "auto")):
                line.set(qn(f"w:{key}"), value)
            borders.append(line)
        table_pr = grid.element.find(qn("w:tblPr"))
        if table_pr is None:
            table_pr = OxmlElement("w:tblPr")
            grid.element.append(table_pr)
        table_pr.append(borders)


def paragraph(doc: Document, text: str = "", style: str | None = None, *, bold: bool = False,
              italic: bool = False) -> Paragraph:
    """A paragraph of plain text."""
    para = doc.add_paragraph(style=style)
    if text:
        run = para.add_run(safe(text))
        run.bold, run.italic = bold or None, italic or None
    return para


def labelled(doc: Document, label: str, text: str) -> Paragraph:
    """`Label: text` with the label in bold."""
    para = doc.add_paragraph()
    para.add_run(safe(f"{label}: ")).bold = True
    para.add_run(safe(text))
    return para


def field(para: Paragraph, instruction: str, shown: str = "") -> None:
    """A Word field (PAGE, NUMPAGES, TOC …) with the text shown until Word updates it."""
    def char(kind: str) -> None:
        element = OxmlElement("w:fldChar")
        element.set(qn("w:fldCharType"), kind)
        para.add_run()._r.append(element)

    char("begin")
    code = OxmlElement("w:instrText")
    code.set(qn("xml:space"), "preserve")
    code.text = f" {instruction} "
    para.add_run()._r.append(code)
    char("separate")
    para.add_run(safe(shown))
    char("end")


def _shade(cell: _Cell, colour: str) -> None:
    shading = OxmlElement("w:shd")
    for key, value in (("val", "clear"), ("color", "auto"), ("fill", colour)):
        shading.set(qn(f"w:{key}"), value)
    cell._tc.get_or_add_tcPr().append(shading)


def _row_property(row: _Row, tag: str) -> None:
    properties = row._tr.get_or_add_trPr()
    element = OxmlElement(tag)
    element.set(qn("w:val"), "true")
    properties.append(element)


def repeat_as_header(table: Table, rows: int) -> None:
    """The first rows repeat at the top of every page the table runs onto."""
    for row in table.rows[:rows]:
        _row_property(row, "w:tblHeader")


def keep_rows_whole(table: Table) -> None:
    """No row is split between two pages."""
    for row in table.rows:
        _row_property(row, "w:cantSplit")


def write(cell: _Cell, text: str, *, style: str = TABLE_TEXT, right: bool = False, bold: bool = False,
          shade: str | None = None) -> None:
    """Set a cell's text (replacing the empty paragraph a new cell has)."""
    para = cell.paragraphs[0]
    para.style = style
    run = para.add_run(safe(text))
    if bold:
        run.bold = True
    if right:
        para.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    if shade:
        _shade(cell, shade)


@dataclass(frozen=True)
class Column:
    """A table column: its header, width and alignment."""

    header: str
    width: int  # mm
    right: bool = False


def table(doc: Document, columns: Sequence[Column], rows: Sequence[Sequence[str]], *,
          bold_rows: Sequence[int] = ()) -> Table:
    """A grid table with one repeated header row; `bold_rows` (indexes into rows) are totals."""
    grid: Table = doc.add_table(rows=1, cols=len(columns))
    grid.style = doc.styles["Table Grid"]
    grid.alignment = WD_TABLE_ALIGNMENT.CENTER
    grid.autofit = False
    for cell, column in zip(grid.rows[0].cells, columns, strict=True):
        write(cell, column.header, style=TABLE_HEADING, shade=SHADE)
    for index, values in enumerate(rows):
        cells = new_row(grid)
        total = index in bold_rows
        for cell, column, value in zip(cells, columns, values, strict=True):
            write(cell, value, right=column.right, bold=total, shade=TOTAL_SHADE if total else None)
    widths(grid, [column.width for column in columns])
    repeat_as_header(grid, 1)
    keep_rows_whole(grid)
    return grid


def new_row(grid: Table) -> list[_Cell]:
    """A row added at the end of the table, its cells."""
    row: _Row = grid.add_row()  # type: ignore[no-untyped-call]  # python-docx leaves it unannotated
    return list(row.cells)


def widths(grid: Table, millimetres: Sequence[int]) -> None:
    """Column widths, on the grid (LibreOffice reads it) and on every cell (Word reads those)."""
    for column, width in zip(grid.columns, millimetres, strict=True):
        column.width = Mm(width)
        for cell in column.cells:
            cell.width = Mm(width)


def section_break(doc: Document, landscape: bool) -> None:
    """End the section here; the section that ends is landscape or portrait A4, with the template's margins,
    header and footer (a paragraph carrying its section properties, as Word writes it)."""
    final = doc.element.body.sectPr
    assert final is not None
    ended = copy.deepcopy(final)
    size = ended.find(qn("w:pgSz"))
    if size is None:
        size = OxmlElement("w:pgSz")
        ended.insert(0, size)
    short, long_ = Mm(210), Mm(297)
    size.set(qn("w:w"), str(long_.twips if landscape else short.twips))
    size.set(qn("w:h"), str(short.twips if landscape else long_.twips))
    if landscape:
        size.set(qn("w:orient"), WD_ORIENT.LANDSCAPE.name.lower())
    elif size.get(qn("w:orient")) is not None:
        del size.attrib[qn("w:orient")]
    holder = doc.add_paragraph()
    holder._p.get_or_add_pPr().append(ended)


def merge_right(cells: Sequence[_Cell]) -> _Cell:
    """Merge cells of one row into the first; returns it."""
    return cells[0].merge(cells[-1]) if len(cells) > 1 else cells[0]


def repack(data: bytes) -> bytes:
    """The same package with every member dated 1980-01-01 and compressed alike: byte-identical output."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            member = zipfile.ZipInfo(item.filename, ZIP_TIME)
            member.compress_type = zipfile.ZIP_DEFLATED
            member.external_attr = 0o644 << 16
            target.writestr(member, source.read(item.filename))
    return out.getvalue()


def saved(doc: Document) -> bytes:
    """The document as deterministic .docx bytes."""
    buffer = io.BytesIO()
    doc.save(buffer)
    return repack(buffer.getvalue())
