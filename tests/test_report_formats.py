"""The report as Word and PDF: read back (every row and figure of the Додаток 1 form), opened in LibreOffice,
printed A4 with page numbers and the form on landscape pages, byte-identical across runs; and the same figures
in html, md, docx and pdf for Melitopol 2023 with the illustrative monitoring file.

LibreOffice (`soffice`), poppler (`pdftotext`, `pdfinfo`) and Chromium are Debian packages that `.ci/run`
installs; where one is missing here, the tests that need it are skipped and say which.
"""

from __future__ import annotations

import html
import re
import shutil
import subprocess
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import docx
import pytest

from conftest import FIXTURES, REPO, CliRun
from stratplan.core.numbers import amount_text, uah
from stratplan.output.report import build_context
from stratplan.output.report.context import ReportContext
from stratplan.plan.loader import load_plan

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
POPPLER = shutil.which("pdftotext") and shutil.which("pdfinfo")
needs_chromium = pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed (.ci/run installs it)")
needs_poppler = pytest.mark.skipif(not POPPLER, reason="poppler-utils (pdftotext, pdfinfo) are not installed "
                                                       "(.ci/run installs them)")
needs_soffice = pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed "
                                                           "(.ci/run installs libreoffice-writer-nogui)")
MONEY = re.compile(r"\d{1,3}(?:[ \u00a0]\d{3})*,\d+(?: \+ невідомо)?|невідомо")
FORM_HEADER = "Оперативна ціль"


def _melitopol(tmp_path: Path) -> Path:
    root = tmp_path / "melitopol"
    shutil.copytree(REPO / "plans" / "melitopol", root)
    (root / "monitoring").mkdir()
    shutil.copy(REPO / "examples" / "monitoring" / "melitopol-2023.yaml", root / "monitoring" / "2023.yaml")
    return root


def _render(run_cli: Callable[..., CliRun], root: Path, fmt: str, out: Path, *extra: str) -> Path:
    result = run_cli("report", str(root), "--year", "2023", "--date", "2024-01-31", "-f", fmt, "-o", str(out), *extra)
    assert result.code == 0, result.err
    return out


def _figures(text: str) -> tuple[str, ...]:
    return tuple(MONEY.findall(" ".join(text.split())))


# --- what each format says: form rows by code, УСЬОГО lines, the summary's total row ------------------------


def _expected(context: ReportContext) -> dict[str, Any]:
    unknown = context.labels["unknown"]
    rows = {row.code: _figures(f"{amount_text(row.planned, row.planned_unknown, unknown)} "
                                 f"{uah(row.actual) if row.actual is not None else ''}") for row in context.form}
    totals = [_figures(f"{amount_text(g.planned.amount, g.planned.incomplete, unknown)} "
                       f"{uah(g.actual) if g.actual is not None else ''}") for g in context.form_groups]
    summary = _figures(f"{amount_text(context.summary.total_year.amount, True, unknown)} "
                       f"{amount_text(context.summary.total_period.amount, True, unknown)}")
    return {"rows": rows, "totals": totals, "summary": summary}


def _from_rows(rows: list[list[str]], codes: set[str]) -> dict[str, Any]:
    """Form rows (a cell starting with a row's code), УСЬОГО lines and the summary's Разом row, from table rows."""
    found: dict[str, Any] = {"rows": {}, "totals": [], "summary": ()}
    for cells in rows:
        text = " ".join(cells)
        item = cells[1].split(" ", 1)[0] if len(cells) == 9 else ""
        if item in codes:
            found["rows"][item] = _figures(" ".join(cells[6:8]))
        elif len(cells) == 9 and cells[1].startswith("УСЬОГО"):
            found["totals"].append(_figures(" ".join(cells[6:8])))
        elif cells and cells[0].strip("* ") == "Разом" and not found["summary"]:
            found["summary"] = _figures(text)
    return found


def _md(path: Path, codes: set[str]) -> dict[str, Any]:
    rows = [[c.strip() for c in re.split(r"(?<!\\)\|", line.strip())[1:-1]]
            for line in path.read_text(encoding="utf-8").splitlines() if line.startswith("| ")]
    return _from_rows([[c.replace("**", "") for c in row] for row in rows], codes)


class _Tables(HTMLParser):
    """Table rows as lists of cell texts."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[list[str]] = []
        self._cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "tr":
            self.rows.append([])
        elif tag in ("td", "th"):
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._cell is not None:
            self.rows[-1].append(" ".join("".join(self._cell).split()))
            self._cell = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)


def _html(path: Path, codes: set[str]) -> dict[str, Any]:
    tables = _Tables()
    tables.feed(path.read_text(encoding="utf-8"))
    return _from_rows(tables.rows, codes)


def _docx_rows(path: Path) -> list[list[str]]:
    document = docx.Document(str(path))
    rows = []
    for grid in document.tables:
        for row in grid.rows:
            cells = [cell.text for cell in row.cells]
            if len(set(cells)) == 1 and len(cells) == 9:  # a row merged across (a strategic goal's title)
                cells = [cells[0]]
            rows.append(cells)
    return rows


def _docx(path: Path, codes: set[str]) -> dict[str, Any]:
    return _from_rows(_docx_rows(path), codes)


def _pdf_pages(path: Path) -> list[tuple[bool, str]]:
    """Each page's orientation (True for landscape) and text in reading order."""
    sizes = subprocess.run(["pdfinfo", "-f", "1", "-l", "999", str(path)], capture_output=True, text=True,
                           check=True).stdout
    landscape = [float(w) > float(h) for w, h in re.findall(r"Page +\d+ size: +([\d.]+) x ([\d.]+)", sizes)]
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return list(zip(landscape, text.split("\f"), strict=False))


Word = tuple[float, float, float, str]  # xMin, yMin, xMax, text
WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)</word>')


def _words(path: Path) -> list[tuple[float, list[Word]]]:
    """Each page's width and words with their positions (pdftotext -bbox-layout)."""
    out = subprocess.run(["pdftotext", "-bbox-layout", str(path), "-"], capture_output=True, text=True,
                         check=True).stdout
    pages = []
    for page in out.split("<page ")[1:]:
        width = float(re.match(r'width="([\d.]+)"', page).group(1))  # type: ignore[union-attr]
        pages.append((width, [(float(a), float(b), float(c), html.unescape(t)) for a, b, c, t in WORD.findall(page)]))
    return pages


def _column(words: list[Word], left: float, right: float, top: float, bottom: float) -> str:
    inside = sorted((y, x, t) for x, y, x_max, t in words if left - 2 <= x and x_max <= right + 2 and top - 2 <= y < bottom - 2)
    return " ".join(t for _y, _x, t in inside)


def _form_page(words: list[Word], codes: set[str], found: dict[str, Any]) -> None:
    """A landscape page of the form: columns from its header row, rows from the codes in the items column."""
    first = {t: x for x, _y, _x2, t in reversed(words)}  # the header's words are the first of their kind
    items = first["Перелік"]
    planned, actual, comments = first["Плановий"], first["Фактичний"], first["Коментарі"]
    starts = sorted((y, t) for x, y, _x2, t in words if items - 2 <= x < items + 6 and (t in codes or t == "УСЬОГО:"))
    bottom = max(y for _x, y, _x2, _t in words)
    for (top, code), (end, _next) in zip(starts, [*starts[1:], (bottom, "")], strict=True):
        figures = _figures(f"{_column(words, planned, actual, top, end)} {_column(words, actual, comments, top, end)}")
        if code == "УСЬОГО:":
            found["totals"].append(figures)
        else:
            found["rows"][code] = figures


def _pdf(path: Path, codes: set[str]) -> dict[str, Any]:
    """Form rows from the landscape pages, by the positions of words; the summary's Разом line from page 1."""
    found: dict[str, Any] = {"rows": {}, "totals": [], "summary": ()}
    for width, words in _words(path):
        if width > 800:
            _form_page(words, codes, found)
    layout = subprocess.run(["pdftotext", "-layout", "-f", "1", "-l", "1", str(path), "-"], capture_output=True,
                            text=True, check=True).stdout
    found["summary"] = _figures(next(line for line in layout.splitlines() if line.strip().startswith("Разом")))
    return found


# --- tests --------------------------------------------------------------------------------------------------


def test_docx_reads_back_every_row_and_figure_of_the_form(tmp_path: Path, run_cli: Callable[..., CliRun]) -> None:
    root = _melitopol(tmp_path)
    context = build_context(load_plan(root).view, 2023)
    document = docx.Document(str(_render(run_cli, root, "docx", tmp_path / "r.docx")))
    headings = [(p.style.name, p.text) for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert headings[:4] == [("Heading 1", "Підсумок"), ("Heading 1", "Цілі та завдання звітного року 2023"),
                            ("Heading 1", "Звіт про стан виконання (форма додатка 1)"), ("Heading 1", "Відхилення")]
    assert ("Heading 1", "Виконання з початку періоду 2021–2023") in headings
    form = next(t for t in document.tables if t.rows[0].cells[0].text == FORM_HEADER)
    assert [c.text for c in form.rows[0].cells] == [
        "Оперативна ціль", "Перелік завдань та заходів", *["Виконання заходів"] * 4,
        "Плановий обсяг фінансування, тис. грн", "Фактичний обсяг фінансування, тис. грн", "Коментарі про виконання"]
    assert [c.text for c in form.rows[1].cells][2:6] == ["Дата початку виконання", "Планова дата виконання",
                                                         "Статус виконання", "Фактична дата виконання"]
    assert [r._tr.trPr is not None and r._tr.trPr.find(docx.oxml.ns.qn("w:tblHeader")) is not None
            for r in form.rows[:3]] == [True, True, False]  # both header rows repeat on every page
    body = [[c.text for c in row.cells] for row in form.rows[2:]]
    blank = context.labels["blank"]
    expected: list[list[str]] = []
    for group in context.form_groups:
        expected.append([f"Стратегічна ціль: {group.code} {group.title}"] * 9)
        expected += [[row.operational_goal, f"{row.code} {row.title}", row.start, row.due, row.status or blank,
                      row.done or blank, amount_text(row.planned, row.planned_unknown, "невідомо") or blank,
                      uah(row.actual) if row.actual is not None else blank, row.comment or blank] for row in group.rows]
        expected.append(["", f"УСЬОГО: стратегічна ціль {group.code}", "", "", "", "",
                         amount_text(group.planned.amount, group.planned.incomplete, "невідомо") or blank,
                         uah(group.actual) if group.actual is not None else blank, ""])
    assert body == expected
    assert len(body) == len(context.form) + 2 * len(context.form_groups) == 89
    assert next(row for row in body if row[1].startswith("1.2.4 "))[4:8] == ["виконано", "20.11.2023", "2 500,0", "2 310,5"]
    assert [row[6:8] for row in body if row[1].startswith("УСЬОГО")] == [
        ["5 156,2 + невідомо", "3 160,5"], ["280,0", "200,0"], ["2 150,0", "—"]]
    sections = [(s.orientation, s.page_width > s.page_height) for s in document.sections]
    assert [wide for _orientation, wide in sections] == [False, True, False]  # the form's section is landscape
    assert document.core_properties.created.isoformat() == "2024-01-31T00:00:00+00:00"


@needs_soffice
@needs_poppler
def test_docx_opens_in_libreoffice(tmp_path: Path, run_cli: Callable[..., CliRun]) -> None:
    source = _render(run_cli, _melitopol(tmp_path), "docx", tmp_path / "r.docx")
    profile = (tmp_path / "lo-profile").as_uri()
    done = subprocess.run([str(SOFFICE), "--headless", "--norestore", f"-env:UserInstallation={profile}",
                           "--convert-to", "pdf", "--outdir", str(tmp_path / "lo"), str(source)],
                          capture_output=True, text=True, timeout=300, check=False)
    converted = tmp_path / "lo" / "r.pdf"
    assert converted.is_file(), done.stdout + done.stderr
    pages = _pdf_pages(converted)
    assert len(pages) > 10
    form_pages = [wide for wide, text in pages if "Перелік завдань та заходів" in text]
    assert form_pages and all(form_pages)  # LibreOffice lays the form out on landscape pages
    assert not pages[0][0]
    layout = subprocess.run(["pdftotext", "-layout", str(converted), "-"], capture_output=True, text=True,
                            check=True).stdout
    totals = [" ".join(line.split()) for line in layout.splitlines() if "УСЬОГО: стратегічна ціль" in line]
    assert totals == ["УСЬОГО: стратегічна ціль 1 5 156,2 + 3 160,5",  # "невідомо" wraps to the next line
                      "УСЬОГО: стратегічна ціль 2 280,0 200,0", "УСЬОГО: стратегічна ціль 3 2 150,0 —"]


@needs_chromium
@needs_poppler
def test_pdf_is_a4_with_page_numbers_and_the_form_on_landscape_pages(tmp_path: Path,
                                                                    run_cli: Callable[..., CliRun]) -> None:
    pdf = _render(run_cli, _melitopol(tmp_path), "pdf", tmp_path / "r.pdf")
    pages = _pdf_pages(pdf)
    count = len(pages)
    assert count > 10
    info = subprocess.run(["pdfinfo", "-f", "1", "-l", str(count), str(pdf)], capture_output=True, text=True,
                          check=True).stdout
    sizes = re.findall(r"Page +\d+ size: +([\d.]+) x ([\d.]+)", info)
    assert {tuple(sorted((round(float(w)), round(float(h))))) for w, h in sizes} == {(595, 842)}  # A4 only
    numbered = [number for number, (_wide, text) in enumerate(pages, start=1)
                if re.search(rf"(?m)^{number} / {count}$", text)]
    assert numbered == list(range(1, count + 1))  # every page says which it is, of how many
    form = [number for number, (_wide, text) in enumerate(pages, start=1) if "Перелік завдань та заходів" in text]
    assert form and all(pages[n - 1][0] for n in form)
    assert not pages[0][0] and not pages[-1][0]  # the pages around the form stay portrait
    assert "CreationDate" not in info and "ModDate" not in info  # no clock in the file


@needs_chromium
@needs_poppler
def test_html_md_docx_and_pdf_carry_the_same_figures(tmp_path: Path, run_cli: Callable[..., CliRun]) -> None:
    root = _melitopol(tmp_path)
    context = build_context(load_plan(root).view, 2023)
    codes = {row.code for row in context.form}
    expected = _expected(context)
    assert expected["summary"] == ("7 586,2 + невідомо", "23 450,0 + невідомо")
    assert expected["totals"] == [("5 156,2 + невідомо", "3 160,5"), ("280,0", "200,0"), ("2 150,0",)]
    assert expected["rows"]["1.2.4"] == ("2 500,0", "2 310,5") and expected["rows"]["1.1.2"] == ("невідомо",)
    readers = {"md": _md, "html": _html, "docx": _docx, "pdf": _pdf}
    for fmt, read in readers.items():
        found = read(_render(run_cli, root, fmt, tmp_path / f"r.{fmt}"), codes)
        assert found == expected, fmt


def test_docx_is_byte_identical_and_the_template_is_what_the_script_builds(
        tmp_path: Path, run_cli: Callable[..., CliRun]) -> None:
    from stratplan.output.report.docx_template import build

    root = _melitopol(tmp_path)
    first = _render(run_cli, root, "docx", tmp_path / "a.docx").read_bytes()
    assert first == _render(run_cli, root, "docx", tmp_path / "b.docx").read_bytes()
    assert (REPO / "templates" / "report.docx").read_bytes() == build()


@needs_chromium
def test_pdf_is_byte_identical_across_runs(tmp_path: Path, run_cli: Callable[..., CliRun]) -> None:
    one = _render(run_cli, FIXTURES / "monitored", "pdf", tmp_path / "a.pdf", "--year", "2022").read_bytes()
    two = _render(run_cli, FIXTURES / "monitored", "pdf", tmp_path / "b.pdf", "--year", "2022").read_bytes()
    assert one == two


def test_a_community_template_keeps_its_own_text_around_the_report(tmp_path: Path,
                                                                    run_cli: Callable[..., CliRun]) -> None:
    own = docx.Document()
    for name in ("Heading 1", "Heading 2", "Heading 3"):  # as Word saves a file whose headings were never used
        own.styles.element.remove(own.styles[name].element)
    own.add_paragraph("Виконавчий комітет Зразківської міської ради")
    own.add_paragraph("{{ report }}")
    own.add_paragraph("Секретар ради ____________")
    folder = tmp_path / "tpl"
    folder.mkdir()
    own.save(str(folder / "report.docx"))
    out = tmp_path / "r.docx"
    result = run_cli("report", "tests/fixtures/monitored", "--year", "2022", "-f", "docx", "--templates", str(folder),
                     "-o", str(out))
    assert result.code == 0, result.err
    document = docx.Document(str(out))
    texts = [p.text for p in document.paragraphs if p.text]
    assert texts[0] == "Виконавчий комітет Зразківської міської ради"
    assert texts[-1] == "Секретар ради ____________"
    assert "{{ report }}" not in texts
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert headings[:3] == ["Підсумок", "Цілі та завдання звітного року 2022", "Звіт про стан виконання (форма додатка 1)"]
    outline = document.styles["Heading 1"].element.pPr.find(docx.oxml.ns.qn("w:outlineLvl"))
    assert outline is not None and outline.get(docx.oxml.ns.qn("w:val")) == "0"  # the table of contents finds them


def test_a_template_that_is_not_a_word_file_is_a_usage_error(tmp_path: Path, run_cli: Callable[..., CliRun]) -> None:
    folder = tmp_path / "tpl"
    folder.mkdir()
    (folder / "report.docx").write_text("not a zip", encoding="utf-8")
    result = run_cli("report", "tests/fixtures/monitored", "--year", "2022", "-f", "docx", "--templates", str(folder),
                     "-o", str(tmp_path / "r.docx"))
    assert result.code == 2
    assert "report.docx: not a Word document (.docx) that can be read" in result.err


def test_without_a_browser_pdf_is_a_usage_error_saying_what_to_install(
        tmp_path: Path, run_cli: Callable[..., CliRun], monkeypatch: pytest.MonkeyPatch) -> None:
    from stratplan.io import browser

    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.delenv("STRATPLAN_CHROMIUM", raising=False)
    monkeypatch.setattr(browser, "PLACES", ())
    monkeypatch.setattr(browser, "_playwright_chromium", lambda: None)
    result = run_cli("report", "tests/fixtures/monitored", "--year", "2022", "-f", "pdf", "-o", str(tmp_path / "r.pdf"))
    assert result.code == 2
    assert "printing a PDF needs Chromium, Google Chrome or Microsoft Edge, and none was found" in result.err
    assert not (tmp_path / "r.pdf").exists()
    monkeypatch.setenv("STRATPLAN_CHROMIUM", "no-such-browser")
    named = run_cli("report", "tests/fixtures/monitored", "--year", "2022", "-f", "pdf", "-o", str(tmp_path / "r.pdf"))
    assert (named.code, "STRATPLAN_CHROMIUM=no-such-browser: no such program" in named.err) == (2, True)
