"""Builds the shipped Word template, templates/report.docx: `python -m stratplan.output.report.docx_template PATH`
(`make docx-template`). A test checks the shipped file is what this builds, byte for byte.

A4 portrait, margins 20 mm (25 mm on the left, for binding), Times New Roman 12 pt, headings 1–3 bold and
black with outline levels, small table text, and a footer with the page number and the page count. Its
core properties are fixed (no clock in the file), so the build is reproducible. A community's own template
needs none of this: the report adds the styles it uses when a template lacks them.
"""

from __future__ import annotations

import sys
from pathlib import Path

import docx
from docx.document import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from stratplan.output.report.word import FIXED_TIME, TABLE_HEADING, TABLE_TEXT, ensure_styles, field, saved

FONT = "Times New Roman"
BLACK = RGBColor(0, 0, 0)


def _font(doc: Document, name: str, size: float, *, bold: bool | None = None) -> None:
    style = doc.styles[name]
    style.font.name, style.font.size, style.font.color.rgb = FONT, Pt(size), BLACK
    if bold is not None:
        style.font.bold = bold
    fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
    for key in ("ascii", "hAnsi", "cs", "eastAsia"):
        fonts.set(qn(f"w:{key}"), FONT)
    for key in ("asciiTheme", "hAnsiTheme", "cstheme", "eastAsiaTheme"):
        fonts.attrib.pop(qn(f"w:{key}"), None)


def _language(doc: Document) -> None:
    """Ukrainian proofing for the text (Word's spell checker)."""
    run_properties = doc.styles["Normal"].element.get_or_add_rPr()
    language = OxmlElement("w:lang")
    language.set(qn("w:val"), "uk-UA")
    run_properties.append(language)


def _page(doc: Document) -> None:
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin, section.right_margin = Mm(25), Mm(15)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    section.header_distance, section.footer_distance = Mm(10), Mm(10)
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    field(footer, "PAGE", "1")
    footer.add_run(" / ")
    field(footer, "NUMPAGES", "1")


def _styles(doc: Document) -> None:
    ensure_styles(doc)
    _font(doc, "Normal", 12)
    _font(doc, "Title", 16, bold=True)
    for name, size in (("Heading 1", 14), ("Heading 2", 13), ("Heading 3", 12)):
        _font(doc, name, size, bold=True)
        doc.styles[name].paragraph_format.space_before = Pt(12)
        doc.styles[name].paragraph_format.space_after = Pt(6)
    doc.styles["Heading 3"].font.italic = False
    for name in (TABLE_TEXT, TABLE_HEADING):
        _font(doc, name, 9)
    _language(doc)


def _properties(doc: Document) -> None:
    props = doc.core_properties
    props.author = props.last_modified_by = "stratplan"
    props.title = "Звіт про моніторинг реалізації"
    props.comments = "Шаблон звіту stratplan: стилі, поля сторінки, нумерація сторінок."
    props.created = props.modified = FIXED_TIME
    props.revision = 1


def build() -> bytes:
    """The template's bytes."""
    doc = docx.Document()
    _page(doc)
    _styles(doc)
    _properties(doc)
    return saved(doc)


def main(argv: list[str]) -> int:
    """Write the template to the path given."""
    if len(argv) != 1:
        sys.stderr.write("usage: python -m stratplan.output.report.docx_template templates/report.docx\n")
        return 2
    Path(argv[0]).write_bytes(build())
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
