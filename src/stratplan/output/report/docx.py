"""The report as an editable Word document, written into a Word template (`report.docx`).

The template gives the page (A4, margins), the styles (Normal, Heading 1–3, Title, Table Grid) and the header
and footer with page numbers; a community replaces it with its own (its letterhead, fonts, a cover page) by
putting `report.docx` in the folder given to `--templates`. The report goes where the template has a paragraph
reading `{{ report }}`, else after whatever the template holds. Headings use Word's heading styles, so the
table of contents at the top (a Word field) lists them once Word updates it. The Додаток 1 form is a Word
table on landscape pages: the document's columns, header rows repeated on every page, rows grouped by
strategic goal with an УСЬОГО line each. Charts appear as their figures in tables. Every figure is the
report context's, written as the other formats write it.
"""

from __future__ import annotations

import datetime as dt
import zipfile
from decimal import Decimal
from importlib import resources
from pathlib import Path

import docx
from docx.document import Document
from docx.oxml.ns import qn
from docx.shared import Pt
from docx.table import Table
from docx.text.paragraph import Paragraph

from stratplan.core.diagnostics import UsageError
from stratplan.core.numbers import amount_text, decimal_comma, percent_text, uah
from stratplan.output.report.context import Chart, Figure, FormGroup, ReportContext
from stratplan.output.report.word import (
    GROUP_SHADE,
    SHADE,
    TABLE_HEADING,
    TOTAL_SHADE,
    Column,
    ensure_styles,
    field,
    keep_rows_whole,
    labelled,
    merge_right,
    new_row,
    paragraph,
    repeat_as_header,
    safe,
    saved,
    section_break,
    table,
    widths,
    write,
)

TEMPLATE = "report.docx"
MARKER = "{{ report }}"
PORTRAIT_WIDTH = 170  # mm of text on a portrait page of the shipped template
FORM_WIDTHS = (34, 56, 21, 21, 21, 21, 28, 28, 27)  # mm, 257 on a landscape page


def default_template() -> Path:
    """The Word template shipped with the package (the repository's templates/report.docx)."""
    return Path(str(resources.files("stratplan") / "templates" / TEMPLATE))


def _open(templates: Path | None) -> Document:
    """The community's template when its folder has one, else the shipped one; UsageError when it is not a
    Word document."""
    path = templates / TEMPLATE if templates is not None and (templates / TEMPLATE).is_file() else default_template()
    try:
        with zipfile.ZipFile(path) as package:
            package.getinfo("word/document.xml")
        return docx.Document(str(path))
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise UsageError(f"{path}: not a Word document (.docx) that can be read ({exc}); save it from Word as "
                         f"'Word Document (*.docx)'") from None


def _money(value: Decimal | None, incomplete: bool, r: ReportContext) -> str:
    return amount_text(value, incomplete, r.labels["unknown"]) or r.labels["blank"]


def _planned(value: Decimal | None, incomplete: bool, marker: str, r: ReportContext) -> str:
    """A planned figure, with the funding marker an item carries instead of (or beside) an amount."""
    money = amount_text(value, incomplete, r.labels["unknown"])
    return "; ".join(part for part in (money, marker) if part) or r.labels["blank"]


def _figure(value: Figure, r: ReportContext) -> str:
    return _money(value.amount, value.incomplete, r)


def _quantity(value: Decimal | None, r: ReportContext) -> str:
    return r.labels["blank"] if value is None else decimal_comma(value)


def _cover(doc: Document, r: ReportContext) -> None:
    l = r.labels  # noqa: E741 - the templates' name for the labels
    paragraph(doc, f"{l['report']}: {r.cover.title}", "Title")
    labelled(doc, l["community"], f"{r.cover.community}, {r.cover.oblast}")
    if r.cover.decision:
        labelled(doc, l["decision"], r.cover.decision)
    labelled(doc, l["period"], r.cover.period)
    labelled(doc, l["reporting_year"], str(r.cover.year))
    if r.cover.date:
        labelled(doc, l["date"], r.date_text)
    if r.monitoring and r.monitoring.illustrative:
        paragraph(doc, l["illustrative"], italic=True)
    paragraph(doc, l["contents"], bold=True)
    field(paragraph(doc), 'TOC \\o "1-3" \\h \\z \\u', l["toc_hint"])


def heading(doc: Document, text: str, level: int) -> Paragraph:
    """A heading in the template's heading style (Word's table of contents lists it)."""
    added: Paragraph = doc.add_heading(safe(text), level)
    return added


def _caption(doc: Document, text: str) -> Paragraph:
    para = paragraph(doc, text, bold=True)
    para.paragraph_format.keep_with_next = True
    para.paragraph_format.space_before = Pt(10)
    return para


def _chart(doc: Document, chart: Chart, r: ReportContext) -> None:
    _caption(doc, chart.title)
    width = (PORTRAIT_WIDTH - 25) // max(len(chart.columns), 1)
    table(doc, [Column(r.labels["year"], 25), *(Column(c, width, right=True) for c in chart.columns)],
          [[label, *(_figure(cell, r) for cell in cells)] for label, cells in chart.rows])


def _markers(doc: Document, r: ReportContext) -> None:
    """Funding stated without an amount, with the number of items (never a 0 among the figures)."""
    if r.summary.markers:
        paragraph(doc, f"{r.labels['markers']}:")
        for words, count in r.summary.markers:
            paragraph(doc, f"{words}: {count}", "List Bullet")


def _declared_only(doc: Document, r: ReportContext) -> None:
    """A plan whose items give no amounts: its declared totals by source, as printed."""
    l, s = r.labels, r.summary  # noqa: E741
    paragraph(doc, l["declared_only"])
    _caption(doc, f"{l['declared']}, {l['money_unit']}")
    rows = [[row.name, _figure(row.year, r), _figure(row.period, r)] for row in s.declared_sources]
    table(doc, [Column(l["source"], 70), Column(f"{l['planned_year']} {r.cover.year}", 50, True),
                Column(l["planned_period"], 50, True)], rows)


def _summary(doc: Document, r: ReportContext) -> None:
    l, s = r.labels, r.summary  # noqa: E741
    heading(doc, l["summary"], 1)
    if s.status != "amounts":
        if s.status == "declared_only":
            _declared_only(doc, r)
        else:
            paragraph(doc, {"sources_only": l["no_amounts"], "markers_only": l["markers_only"]}.get(s.status,
                                                                                                  l["no_funding"]))
        _markers(doc, r)
        if s.sources_listed and s.status != "declared_only":
            paragraph(doc, f"{l['sources_listed']}:")
            for name in s.sources_listed:
                paragraph(doc, name, "List Bullet")
        return
    _caption(doc, f"{l['summary']}, {l['money_unit']}")
    rows = [[row.name, _figure(row.year, r), _figure(row.period, r)] for row in s.rows]
    rows.append([l["total"], _figure(s.total_year, r), _figure(s.total_period, r)])
    if s.declared_period is not None:
        rows.append([l["declared"], _money(s.declared_year, False, r), _money(s.declared_period, False, r)])
    table(doc, [Column(l["source"], 70), Column(f"{l['planned_year']} {r.cover.year}", 50, True),
                Column(l["planned_period"], 50, True)], rows, bold_rows=[len(s.rows)])
    _markers(doc, r)
    for key in ("plan", "actual"):
        if key in r.charts:
            _chart(doc, r.charts[key], r)


def _tree(doc: Document, r: ReportContext) -> None:
    l = r.labels  # noqa: E741
    heading(doc, f"{l['goal_tree']} {r.cover.year}", 1)
    rows = [[item.code, item.title, item.term, "; ".join(item.executors), "; ".join(item.indicators),
             _planned(item.planned, item.planned_unknown, item.marker, r)] for item in r.tree]
    table(doc, [Column(l["code"], 16), Column(l["title"], 50), Column(l["term"], 17), Column(l["executors"], 27),
                Column(l["indicators"], 33), Column(f"{l['planned']}, {l['money_unit']}", 27, True)], rows)


def _form_header(grid: Table, r: ReportContext) -> None:
    l = r.labels  # noqa: E741
    top, second = grid.rows[0].cells, grid.rows[1].cells
    names = [l["form_og"], l["form_items"], "", "", "", "", l["form_planned"], l["form_actual"], l["form_comment"]]
    for index, name in enumerate(names):
        if name:
            write(top[index], name, style=TABLE_HEADING, shade=SHADE)
            top[index].merge(second[index])
    write(merge_right(top[2:6]), l["form_execution"], style=TABLE_HEADING, shade=SHADE)
    for cell, name in zip(second[2:6], (l["form_start"], l["form_due"], l["form_status"], l["form_done"]),
                          strict=True):
        write(cell, name, style=TABLE_HEADING, shade=SHADE)


def _form_group(grid: Table, group: FormGroup, r: ReportContext) -> None:
    l, blank = r.labels, r.labels["blank"]  # noqa: E741
    if group.code:  # a one-level plan's items are one group with no title
        title = new_row(grid)
        write(merge_right(title), f"{l['strategic_goal']}: {group.code} {group.title}", bold=True, shade=GROUP_SHADE)
    for row in group.rows:
        values = [row.operational_goal, f"{row.code} {row.title}", row.start, row.due, row.status or blank,
                  row.done or blank, _planned(row.planned, row.planned_unknown, row.marker, r),
                  uah(row.actual) if row.actual is not None else blank, row.comment or blank]
        for index, (cell, value) in enumerate(zip(new_row(grid), values, strict=True)):
            write(cell, value, right=index in (6, 7))
    total = new_row(grid)
    label = f"{l['form_total']}: {l['strategic_goal'].lower()} {group.code}" if group.code else l["form_total"]
    values = ["", label, "", "", "", "",
              _figure(group.planned, r), uah(group.actual) if group.actual is not None else blank, ""]
    for index, (cell, value) in enumerate(zip(total, values, strict=True)):
        write(cell, value, right=index in (6, 7), bold=True, shade=TOTAL_SHADE)


def _form(doc: Document, r: ReportContext) -> None:
    l = r.labels  # noqa: E741
    section_break(doc, landscape=False)  # the pages before the form stay portrait
    heading(doc, l["form"], 1)
    paragraph(doc, f"{l['form_as_of']} {r.as_of_text}")
    paragraph(doc, f"{l['form_executor']}: ______________________________")
    if not r.monitoring:
        paragraph(doc, l["no_monitoring"], italic=True)
    grid = doc.add_table(rows=2, cols=len(FORM_WIDTHS))
    grid.style = doc.styles["Table Grid"]
    grid.autofit = False
    _form_header(grid, r)
    for group in r.form_groups:
        _form_group(grid, group, r)
    widths(grid, FORM_WIDTHS)
    repeat_as_header(grid, 2)
    keep_rows_whole(grid)
    section_break(doc, landscape=True)  # the form's pages are landscape


def _variances(doc: Document, r: ReportContext) -> None:
    l = r.labels  # noqa: E741
    heading(doc, l["variances"], 1)
    _caption(doc, f"{l['variances']}, {l['money_unit']}")
    rows = [[m.code, m.source, _money(m.planned, m.planned_unknown, r), _money(m.actual, False, r),
             _money(m.variance, False, r), percent_text(m.variance_percent)] for m in r.money]
    table(doc, [Column(l["code"], 18), Column(l["source"], 52), Column(l["planned"], 28, True),
                Column(l["actual"], 24, True), Column(l["variance"], 24, True), Column(l["variance_pct"], 24, True)],
          rows)
    heading(doc, l["schedule"], 2)
    for s in r.schedule:
        paragraph(doc, f"{s.code} {s.title}: {l[s.kind]} ({l['term']} {s.term}, {l['status'].lower()}: {l[s.status]})",
                  "List Bullet")
    if not r.schedule:
        paragraph(doc, l["none"])
    heading(doc, l["indicator_achievement"], 2)
    for i in r.indicators:
        marker = f" ({l['cumulative_indicator']})" if i.cumulative else ""
        actual = decimal_comma(i.actual) if i.actual is not None else l["blank"]
        paragraph(doc, f"{i.code} {i.text}{marker}: {l['target']} {decimal_comma(i.target)}, {l['actual'].lower()} "
                       f"{actual}, {l['achievement'].lower()} {percent_text(i.achievement)}", "List Bullet")
    if not r.indicators:
        paragraph(doc, l["none"])


def _progress(doc: Document, r: ReportContext) -> None:
    l, p = r.labels, r.progress  # noqa: E741
    assert p is not None
    heading(doc, f"{l['progress']} {p.since}–{p.year}", 1)
    _caption(doc, f"{l['progress_money']}, {l['money_unit']}")
    rows = [[str(m.year), _money(m.planned, m.planned_unknown, r),
             uah(m.actual) if m.actual is not None else l["not_reported"], percent_text(m.rate),
             _money(m.cumulative_planned, m.cumulative_planned_unknown, r),
             l["not_reported"] if m.cumulative_actual is None else _money(m.cumulative_actual, bool(m.unreported), r),
             percent_text(m.cumulative_rate)] for m in p.money]
    table(doc, [Column(l["year"], 14), Column(l["planned"], 28, True), Column(l["actual"], 22, True),
                Column(l["execution"], 20, True), Column(l["cumulative_planned"], 30, True),
                Column(l["cumulative_actual"], 30, True), Column(l["cumulative_execution"], 26, True)], rows)
    if p.money and p.money[-1].unreported:
        paragraph(doc, f"{l['unreported_years']}: {', '.join(map(str, p.money[-1].unreported))}; {l['rate_open']}.",
                  italic=True)
    if "years" in r.charts:
        _chart(doc, r.charts["years"], r)
    heading(doc, l["indicators_by_year"], 2)
    if any(i.cumulative for i in p.indicators):
        paragraph(doc, l["cumulative_note"])
    rows = [[i.code, i.text + (f" ({l['cumulative_indicator']})" if i.cumulative else ""), str(y.year),
             _quantity(y.target, r), _quantity(y.value, r),
             _quantity(y.achieved, r) + ("" if y.complete or y.achieved is None else f" + {l['unknown']}"),
             percent_text(y.achievement)] for i in p.indicators for y in i.years]
    if rows:
        table(doc, [Column(l["code"], 16), Column(l["indicators"], 60), Column(l["year"], 14),
                    Column(l["target"], 18, True), Column(l["value"], 20, True), Column(l["achieved"], 20, True),
                    Column(l["achievement"], 22, True)], rows)
    else:
        paragraph(doc, l["none"])
    heading(doc, l["overdue_earlier"], 2)
    rows = [[o.code, o.title, o.term, str(o.years_overdue), l[o.status], o.reported_in or l["blank"]]
            for o in p.overdue]
    if rows:
        table(doc, [Column(l["code"], 18), Column(l["title"], 62), Column(l["term"], 24),
                    Column(l["years_overdue"], 20, True), Column(l["latest_status"], 26), Column(l["reported_in"], 20)],
              rows)
    else:
        paragraph(doc, l["none"])


def _quality(doc: Document, r: ReportContext) -> None:
    l, q = r.labels, r.quality  # noqa: E741
    heading(doc, l["quality"], 1)
    if not q.findings:
        paragraph(doc, l["no_findings"])
        return
    paragraph(doc, f"{l['error']}: {q.counts['error']}, {l['warning']}: {q.counts['warning']}, "
                   f"{l['info']}: {q.counts['info']}")
    table(doc, [Column(l["severity"], 26), Column(l["code"], 16), Column(l["location"], 24), Column(l["message"], 104)],
          [[l[f.severity], f.code, f.location, f.message] for f in q.findings])


def _appendix(doc: Document, r: ReportContext) -> None:
    l, a = r.labels, r.appendix  # noqa: E741
    assert a is not None
    heading(doc, l["appendix"], 1)
    for key, text in (("vision", a.vision), ("mission", a.mission)):
        if text:
            heading(doc, l[key], 2)
            paragraph(doc, text)
    if a.swot:
        heading(doc, l["swot"], 2)
        for key, items in a.swot.items():
            heading(doc, l[key], 3)
            for item in items:
                paragraph(doc, item, "List Bullet")
    for title, columns, rows in a.tables:
        _caption(doc, title)
        width = PORTRAIT_WIDTH // max(len(columns), 1)
        table(doc, [Column(c or l["blank"], width) for c in columns],
              [list(row) + [""] * (len(columns) - len(row)) for row in rows])


def _place_at_marker(doc: Document, before: int) -> None:
    """Move what was added after the template's own content to where its `{{ report }}` paragraph is."""
    body = doc.element.body
    marker = next((p for p in body.iterchildren(qn("w:p")) if "".join(t.text or "" for t in p.iter(qn("w:t")))
                   .strip() == MARKER), None)
    if marker is None:
        return
    added = [child for child in list(body)[before:] if child.tag != qn("w:sectPr")]
    for element in added:
        marker.addprevious(element)
    body.remove(marker)


def _properties(doc: Document, r: ReportContext) -> None:
    """Title and subject from the report; dates from --date (never the clock), else the template's."""
    props = doc.core_properties
    props.title = safe(f"{r.labels['report']}: {r.cover.title}")[:255]
    props.subject = safe(f"{r.cover.community}, {r.cover.year}")[:255]
    props.language = r.lang
    if r.cover.date is not None:
        moment = dt.datetime.combine(r.cover.date, dt.time(), tzinfo=dt.UTC)
        props.created = props.modified = moment
    props.revision = 1


def render_docx(context: ReportContext, templates: Path | None = None) -> bytes:
    """The report as .docx bytes, the same bytes for the same plan, template and options."""
    doc = _open(templates)
    ensure_styles(doc)
    before = len(doc.element.body) - 1  # the template's content, less its final section properties
    _cover(doc, context)
    _summary(doc, context)
    _tree(doc, context)
    _form(doc, context)
    if context.monitoring:
        _variances(doc, context)
    if context.progress is not None:
        _progress(doc, context)
    _quality(doc, context)
    if context.appendix is not None:
        _appendix(doc, context)
    _properties(doc, context)
    _place_at_marker(doc, before)
    return saved(doc)

