"""`stratplan import`: draft plans from the Word and Excel fixtures of the three real implementation tables
(tests/fixtures/import), checked against the bundled plans, validated, compared, and hostile files refused."""

from __future__ import annotations

import re
import zipfile
from collections import Counter
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest
from tests.conftest import REPO, CliRun

from stratplan import api
from stratplan.core.diagnostics import UsageError

IMPORT = REPO / "tests" / "fixtures" / "import"
HOSTILE = IMPORT / "hostile"
PERVOMAISK_COLUMNS = "1=title,2=expected_result,3=term,4=skip,5=sources"  # the dump lost these five header cells
COLUMNS = {"pervomaisk": PERVOMAISK_COLUMNS}
ISSUERS = {"melitopol": ("community", "Мелітопольська міська територіальна громада", "Запорізька область", None),
           "pervomaisk": ("community", "Первомайська міська територіальна громада", "Харківська", None),
           "starobilsk": ("community", "Старобільська міська територіальна громада", "Луганська область", None)}


def draft(name: str, out: Path, columns: str | None = None) -> api.Imported:
    slug = name.split(".")[0].split("-")[0]
    request = api.ImportRequest(columns or COLUMNS.get(slug), ISSUERS[slug])
    imported = api.import_table(IMPORT / name, out / slug, request)
    api.create_files(imported.files)
    return imported


# --- every cell accounted for -----------------------------------------------------------------------------

@pytest.mark.parametrize(("name", "read", "placed", "left", "empty", "nodes"), [
    ("melitopol.docx", 395, 356, 39, 65, {"strategic_goal": 3, "operational_goal": 9, "task": 28, "measure": 97}),
    ("melitopol.xlsx", 396, 357, 39, 0, {"strategic_goal": 3, "operational_goal": 9, "task": 28, "measure": 97}),
    ("melitopol-numbers.xlsx", 396, 357, 39, 0, {"strategic_goal": 3, "operational_goal": 9, "task": 28,
                                                 "measure": 97}),
    ("pervomaisk.docx", 283, 283, 0, 641, {"strategic_goal": 3, "operational_goal": 10, "task": 57}),
    ("pervomaisk.xlsx", 284, 284, 0, 6, {"strategic_goal": 3, "operational_goal": 10, "task": 57}),
    ("starobilsk.docx", 436, 436, 0, 3, {"strategic_goal": 4, "operational_goal": 25, "measure": 81}),
    ("starobilsk.xlsx", 437, 437, 0, 0, {"strategic_goal": 4, "operational_goal": 25, "measure": 81}),
])
def test_every_cell_is_placed_or_left_over(tmp_path: Path, name: str, read: int, placed: int, left: int, empty: int,
                                           nodes: dict[str, int]) -> None:
    summary = draft(name, tmp_path).summary
    assert (summary.read, summary.placed, len(summary.left_over), summary.empty) == (read, placed, left, empty)
    assert summary.read == summary.placed + len(summary.left_over)
    assert summary.nodes == nodes
    # every left-over cell is quoted in a note of the node it belongs to
    text = "\n".join(path.read_text(encoding="utf-8") for path in sorted(tmp_path.rglob("*.yaml")))
    for item in summary.left_over:
        assert f"Not placed: {item.where} " in text


def test_docx_cells_match_the_word_cells(tmp_path: Path) -> None:
    """A merged cell is read once: the Melitopol table has 473 w:tc, 13 of them continuing a vertical merge."""
    from stratplan.io.tables_docx import read_docx

    table = read_docx(IMPORT / "melitopol.docx").tables[0]
    cells = table.cells()
    assert len(table.rows) == 47 and table.columns == 14 and len(cells) == 460
    total = next(c for c in cells if c.text == "Всього")
    assert (total.row, total.col, total.span, total.rows) == (2, 6, 1, 2)
    goal = table.rows[3][0]
    assert goal.span == 14 and goal.text.startswith("СТРАТЕГІЧНА ЦІЛЬ 1.")


# --- Melitopol's money equals the bundled plan's -------------------------------------------------------------

def _budget(path: Path) -> tuple[dict[tuple[str, int | str, str], Decimal], set[tuple[str, int | str]]]:
    (budget,) = api.budget([path], ["strategic_goal", "operational_goal", "task", "measure"])
    kinds = {ident: kind for ident, (_name, kind) in budget.sources.items()}
    known: dict[tuple[str, int | str, str], Decimal] = {}
    for row in budget.rows:
        if row.basis == "computed":
            key = (row.code, row.year, kinds.get(row.source, row.source))
            known[key] = known.get(key, Decimal(0)) + row.amount
    unknown = {(u.code, u.year) for u in budget.unknown if u.basis == "computed" and u.level == "task"}
    return known, unknown


@pytest.mark.parametrize("name", ["melitopol.docx", "melitopol.xlsx", "melitopol-numbers.xlsx"])
def test_melitopol_budget_equals_the_bundled_plan(tmp_path: Path, name: str) -> None:
    draft(name, tmp_path)
    bundled, bundled_unknown = _budget(REPO / "plans" / "melitopol")
    imported, imported_unknown = _budget(tmp_path / "melitopol")
    differing = {key for key in set(bundled) | set(imported) if bundled.get(key) != imported.get(key)}
    # The only difference: the bundled plan reads the 2026 and 2027 cells of task 2.3.2 (three amounts for the task
    # and three measures) by an inference its note explains; the import gives the task its first amount and keeps
    # the other two in a note, never guessed.
    assert differing == {("2.3.2.2", 2026, "all"), ("2.3.2.2", 2027, "all"), ("2.3.2.3", 2026, "all"),
                         ("2.3.2.3", 2027, "all")}
    assert all(imported.get(key) is None for key in differing)
    notes = (tmp_path / "melitopol" / "goals" / "sg2.yaml").read_text(encoding="utf-8")
    column = {"melitopol.docx": "table 1, row 32, column {}"}.get(name, "'3.1. План реалізації Стратегії'!{}34")
    for col, letter in ((12, "L"), (13, "M")):
        assert f"Not placed: {column.format(col if 'docx' in name else letter)} " in notes
    assert len(bundled) == 213 and len(imported) == 209
    # the cells the dump lost are unknown, as in the bundled plan, with a note on each task
    assert imported_unknown == bundled_unknown
    assert {code for code, _year in imported_unknown} == {"1.1.1", "1.1.2", "1.1.3", "1.2.1"}


def test_declared_totals_are_read(tmp_path: Path) -> None:
    draft("melitopol.docx", tmp_path)
    plan = api.load_plan(tmp_path / "melitopol")
    bundled = api.load_plan(REPO / "plans" / "melitopol")
    assert plan.view.meta is not None and bundled.view.meta is not None
    assert plan.view.meta.declared_total == bundled.view.meta.declared_total
    assert plan.view.meta.document.money_unit == "thousand_uah"
    for mine, theirs in zip(plan.view.goals, bundled.view.goals, strict=True):
        assert mine.declared_total == theirs.declared_total


# --- nodes, terms and sources against the bundled plans --------------------------------------------------------

def _nodes(path: Path) -> dict[str, tuple[str, str, tuple[str, ...]]]:
    plan = api.load_plan(path)
    meta = plan.view.meta
    assert meta is not None
    kinds = {s.id: s.kind for s in meta.sources}
    out = {}
    for node in plan.view.walk():
        term = node.term
        span = "" if term is None or term.unknown else f"{term.start}-{term.end}"
        sources = tuple(sorted({kinds[s] for s in (node.funding.sources if node.funding else [])}))
        out[node.code] = (plan.view.level(node), span, sources)
    return out


@pytest.mark.parametrize(("slug", "name", "sources"), [
    ("melitopol", "melitopol.docx", {"1.2.6": "table 1, row 14, column 5"}),
    ("pervomaisk", "pervomaisk.docx", {}),
    ("starobilsk", "starobilsk.docx", {}),
])
def test_nodes_terms_and_sources_against_the_bundled_plan(tmp_path: Path, slug: str, name: str,
                                                         sources: dict[str, str]) -> None:
    """Same codes at the same levels, the same terms, the same kinds of funding source on every node; where the
    sources differ, the import's note on the node quotes the cell it could not split."""
    draft(name, tmp_path)
    mine, theirs = _nodes(tmp_path / slug), _nodes(REPO / "plans" / slug)
    assert set(mine) == set(theirs)
    assert {code: mine[code][:2] for code in mine} == {code: theirs[code][:2] for code in mine}
    differing = {c for c in mine if mine[c][2] != theirs[c][2]}
    assert differing == set(sources)
    plan = api.load_plan(tmp_path / slug)
    for code, where in sources.items():
        node = next(n for n in plan.view.walk() if n.code == code)
        assert any(note.startswith(f"Not placed: {where} (column 5, sources)") for note in node.notes)


# --- the draft validates ---------------------------------------------------------------------------------------

@pytest.mark.parametrize(("name", "counts"), [
    # the documents' own defects, as validate reports them on the bundled plans (no LD or SC code: the draft loads);
    # ST202 on Melitopol: the measures whose sources cell could not be split name no source of their own
    ("melitopol.docx", {"BG101": 4, "BG108": 1, "ST103": 1, "ST104": 2, "ST202": 91, "TM103": 2, "TM105": 1}),
    ("pervomaisk.docx", {"RF106": 15, "RF107": 1, "ST105": 1, "ST201": 1, "ST202": 5, "TM103": 11, "TM105": 2,
                         "TX101": 6, "TX104": 1, "TX106": 2}),
    ("starobilsk.docx", {"ST105": 1, "ST201": 2, "TX104": 2, "TX105": 2}),
])
def test_import_then_validate(tmp_path: Path, run_cli: Callable[..., CliRun], name: str,
                              counts: dict[str, int]) -> None:
    slug = name.split(".")[0]
    issuer = ISSUERS[slug]
    args = ["import", str(IMPORT / name), "--out", str(tmp_path / slug), "--community", str(issuer[1]), "--oblast",
            str(issuer[2])]
    if slug in COLUMNS:
        args += ["--columns", COLUMNS[slug]]
    result = run_cli(*args)
    assert result.code == 0, result.err
    checked = run_cli("validate", str(tmp_path / slug), "--format", "concise", "--no-cache")
    found = Counter(re.findall(r": ([A-Z]{2}\d{3}) \[", checked.out))
    assert dict(found) == counts
    assert checked.code == (1 if any(counts) else 0)


# --- the command line ------------------------------------------------------------------------------------------

def test_import_writes_a_plan_with_a_comment_on_every_value(tmp_path: Path, run_cli: Callable[..., CliRun]) -> None:
    result = run_cli("import", str(IMPORT / "melitopol.docx"), "--out", str(tmp_path / "melitopol"))
    assert result.code == 0, result.err
    assert "cells: 395 read, 356 placed, 39 left over (in notes on their nodes), 65 empty" in result.err
    text = (tmp_path / "melitopol" / "goals" / "sg1.yaml").read_text(encoding="utf-8")
    assert '      - code: "1.1.1"  # table 1, row 6, column 1' in text
    assert "2023: 5.0  # table 1, row 6, column 9, paragraph 1" in text
    assert '2021: unknown  # table 1, row 6, column 7: empty in the document, while the table gives amounts' in text
    for line in text.splitlines():
        value = re.match(r"\s*(?:- )?(?:code|title|\d{4}|total|label): (\S.*)$", line)
        if value:
            assert " # " in value.group(1), line
    plan = (tmp_path / "melitopol" / "plan.yaml").read_text(encoding="utf-8")
    valued = [line for line in plan.splitlines() if re.match(r"\s*(?:- )?\w+: \S", line)]
    assert len(valued) == 45
    assert [line for line in valued if "  # " not in line] == []


def test_json_summary(tmp_path: Path, run_cli: Callable[..., CliRun]) -> None:
    import json

    result = run_cli("import", str(IMPORT / "starobilsk.xlsx"), "--out", str(tmp_path / "s"), "--format", "json")
    assert result.code == 0, result.err
    data = json.loads(result.out)
    assert data["cells"] == {"read": 437, "placed": 437, "left_over": 0, "empty": 0}
    assert data["table"] == "sheet 'Основні завдання і заходи'" or data["table"].startswith("sheet '")


def test_import_never_overwrites(tmp_path: Path, run_cli: Callable[..., CliRun]) -> None:
    (tmp_path / "x").mkdir()
    (tmp_path / "x" / "keep.txt").write_text("mine", encoding="utf-8")
    result = run_cli("import", str(IMPORT / "melitopol.docx"), "--out", str(tmp_path / "x"))
    assert result.code == 2
    assert "exists and is not empty; stratplan import never overwrites" in result.err
    assert sorted(p.name for p in (tmp_path / "x").iterdir()) == ["keep.txt"]


def test_columns_mapping_is_checked(tmp_path: Path, run_cli: Callable[..., CliRun]) -> None:
    result = run_cli("import", str(IMPORT / "pervomaisk.docx"), "--out", str(tmp_path / "p"), "--columns", "1=titel")
    assert result.code == 2
    assert "--columns: 'titel' is not a role" in result.err
    without = run_cli("import", str(IMPORT / "pervomaisk.docx"), "--out", str(tmp_path / "q"))
    assert without.code == 2
    assert "pervomaisk.docx: table 1: the header (rows 1–2) names no column of titles; name it with --columns" \
        in without.err


def test_columns_by_header_text(tmp_path: Path) -> None:
    """A header the importer does not know, named by its printed text (case and spaces do not matter)."""
    imported = draft("starobilsk.docx", tmp_path, columns="НАЗВА  основних завдань/заходів=title,Період реалізації=term")
    assert imported.summary.placed == 436


# --- import --check --------------------------------------------------------------------------------------------

def test_check_equal_and_different(tmp_path: Path, run_cli: Callable[..., CliRun]) -> None:
    draft("melitopol.docx", tmp_path)
    same = run_cli("import", "--check", str(IMPORT / "melitopol.docx"), str(tmp_path / "melitopol"))
    assert same.code == 0, same.out + same.err
    goal = tmp_path / "melitopol" / "goals" / "sg2.yaml"
    goal.write_text(goal.read_text(encoding="utf-8").replace("2022: 200.0  # table 1, row 22, column 8, paragraph 1",
                                                             "2022: 250.0", 1), encoding="utf-8")
    changed = run_cli("import", "--check", str(IMPORT / "melitopol.docx"), str(tmp_path / "melitopol"))
    assert changed.code == 1
    assert "2.1.1" in changed.out and "250,0 → 200,0" in changed.out


# --- hostile and malformed files -----------------------------------------------------------------------------

@pytest.mark.parametrize(("name", "message"), [
    ("zip-bomb.docx", "the part word/document.xml would inflate to 209,715,423 bytes (from 204,035), more than the "
                      "limit of 67,108,864; refused unread"),
    ("not-a-zip.docx", "not a Word document (.docx): the file is not a zip archive"),
    ("no-table.docx", "no-table.docx: no table found"),
    ("formula.xlsx", "formula.xlsx: 2 cell(s) hold a formula, which the importer never evaluates: 'План реалізації'!B2 "
                     "(=HYPERLINK(\"http://example.invalid\",\"x\")), 'План реалізації'!B3 (=1+1)"),
    ("external-link.xlsx", "the workbook links to another file (http://example.invalid/budget.xlsx); linked values "
                           "are never read"),
])
def test_hostile_files_are_refused(tmp_path: Path, run_cli: Callable[..., CliRun], name: str, message: str) -> None:
    result = run_cli("import", str(HOSTILE / name), "--out", str(tmp_path / "out"))
    assert result.code == 2, result.err
    assert message in result.err
    assert "Traceback" not in result.err
    assert not (tmp_path / "out").exists()


def test_a_million_rows_is_refused_without_reading_them(tmp_path: Path, run_cli: Callable[..., CliRun]) -> None:
    path = tmp_path / "huge.xlsx"
    _million_rows(path)
    result = run_cli("import", str(path), "--out", str(tmp_path / "out"))
    assert result.code == 2
    assert "huge.xlsx: sheet 'Sheet1' has more than 20,000 rows; an implementation plan has a few hundred: refused" \
        in result.err


def _million_rows(path: Path, rows: int = 1_000_000) -> None:
    """A minimal workbook whose one sheet has a million rows, streamed into the zip."""
    parts = {
        "[Content_Types].xml": '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
        'package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
        'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook'
        '.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override '
        'PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.'
        'spreadsheetml.worksheet+xml"/></Types>',
        "_rels/.rels": '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/'
        'package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/'
        '2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml": '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/'
        'spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
        '<sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels": '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
        'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.'
        'org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
    }
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in parts.items():
            archive.writestr(name, text)
        with archive.open("xl/worksheets/sheet1.xml", "w") as sheet:
            sheet.write(b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/'
                        b'spreadsheetml/2006/main"><sheetData>')
            chunk = 10_000
            for start in range(1, rows + 1, chunk):
                sheet.write("".join(f'<row r="{r}"><c r="A{r}"><v>1</v></c></row>'
                                    for r in range(start, min(start + chunk, rows + 1))).encode())
            sheet.write(b"</sheetData></worksheet>")


def test_other_file_types_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "plan.pdf"
    path.write_bytes(b"%PDF-1.4")
    with pytest.raises(UsageError, match=r"plan.pdf: import reads Word \(.docx\) and Excel \(.xlsx\) files"):
        api.import_table(path, tmp_path / "out")


# --- the Excel round trip: export → (edit) → import -------------------------------------------------------------

def _export(run_cli: Callable[..., CliRun], plan: Path, target: Path) -> None:
    result = run_cli("export", str(plan), "--format", "xlsx", "-o", str(target))
    assert result.code == 0, result.err


@pytest.mark.parametrize("slug", ["melitopol", "pervomaisk", "starobilsk"])
def test_xlsx_round_trip_is_lossless(tmp_path: Path, run_cli: Callable[..., CliRun], slug: str) -> None:
    _export(run_cli, REPO / "plans" / slug, tmp_path / f"{slug}.xlsx")
    result = run_cli("import", str(tmp_path / f"{slug}.xlsx"), "--out", str(tmp_path / "back" / slug))
    assert result.code == 0, result.err
    report = api.compare(api.Side(folder=REPO / "plans"), api.Side(folder=tmp_path / "back"), [Path(slug)])
    (changes,) = report.plans
    assert changes.status == "unchanged", api.write_changes(report, "text", __import__("sys").stderr)
    # and the same by the command line
    shown = run_cli("changes", "--base-dir", str(REPO / "plans"), "--head-dir", str(tmp_path / "back"), slug)
    assert "No plan changed." in shown.out


def test_xlsx_edits_come_back_as_exactly_those_changes(tmp_path: Path, run_cli: Callable[..., CliRun]) -> None:
    """The README's example made in Excel: task 1.2.4 moves 100,0 from 2024 to 2025 and ends a year later."""
    import openpyxl

    _export(run_cli, REPO / "plans" / "melitopol", tmp_path / "m.xlsx")
    book = openpyxl.load_workbook(tmp_path / "m.xlsx")
    planned = book["planned"]
    header = [c.value for c in planned[1]]
    (row,) = [r for r in planned.iter_rows(min_row=2) if r[1].value == "1.2.4"]
    assert (row[header.index("2024")].value, row[header.index("2025")].value) == (500, None)
    row[header.index("2024")].value = 400.0
    row[header.index("2025")].value = 100.0
    tasks = book["task"]
    header = [c.value for c in tasks[1]]
    (row,) = [r for r in tasks.iter_rows(min_row=2) if r[2].value == "1.2.4"]
    row[header.index("term")].value = "2023–2025"
    (title,) = [r for r in tasks.iter_rows(min_row=2) if r[2].value == "1.2.5"]
    title[header.index("title")].value = "Нова назва завдання"
    book.save(tmp_path / "edited.xlsx")
    result = run_cli("import", str(tmp_path / "edited.xlsx"), "--out", str(tmp_path / "head" / "melitopol"))
    assert result.code == 0, result.err
    report = api.compare(api.Side(folder=REPO / "plans"), api.Side(folder=tmp_path / "head"), [Path("melitopol")])
    (changes,) = report.plans
    assert [(n.kind, n.code) for n in changes.nodes] == [("changed", "1.2.4"), ("changed", "1.2.5")]
    task, renamed = changes.nodes
    assert [(f.field, f.before, f.after) for f in task.fields] == [("term", "2023-2024", "2023-2025")]
    assert [(m.year, m.before, m.after) for m in task.money] == [(2024, Decimal("500.0"), Decimal("400.0")),
                                                                 (2025, Decimal(0), Decimal("100.0"))]
    assert [(f.field, f.after) for f in renamed.fields] == [("title", "Нова назва завдання")]
    # the new title no longer matches the one section II prints for 1.2.5 (statements.yaml): a finding of its own
    assert sorted(f.name for f in changes.flags) == ["declared-total-mismatch", "finding-introduced",
                                                     "money-moved-years", "term-later"]
    assert [f.code for f in changes.findings if f.status == "introduced"] == ["XS104"]


def test_xlsx_round_trip_keeps_formula_triggers_as_text(tmp_path: Path, run_cli: Callable[..., CliRun]) -> None:
    import shutil

    plan = tmp_path / "base" / "sample"
    shutil.copytree(REPO / "tests" / "fixtures" / "sample", plan)
    goal = plan / "goals" / "sg1.yaml"
    text = goal.read_text(encoding="utf-8")
    goal.write_text(text.replace("title: Відкрити відділення денного догляду", 'title: "=HYPERLINK(\\"x\\")"', 1)
                    .replace("title: Розвиток мережі надавачів послуг", 'title: "-1 @ +2"', 1), encoding="utf-8")
    _export(run_cli, plan, tmp_path / "s.xlsx")
    result = run_cli("import", str(tmp_path / "s.xlsx"), "--out", str(tmp_path / "head" / "sample"))
    assert result.code == 0, result.err
    report = api.compare(api.Side(folder=tmp_path / "base"), api.Side(folder=tmp_path / "head"), [Path("sample")])
    assert report.plans[0].status == "unchanged"
    titles = [n.title for n in api.load_plan(tmp_path / "head" / "sample").view.walk()]
    assert '=HYPERLINK("x")' in titles and "-1 @ +2" in titles


def test_xlsx_edit_with_an_unknown_executor_is_refused(tmp_path: Path, run_cli: Callable[..., CliRun]) -> None:
    import openpyxl

    _export(run_cli, REPO / "plans" / "melitopol", tmp_path / "m.xlsx")
    book = openpyxl.load_workbook(tmp_path / "m.xlsx")
    tasks = book["task"]
    header = [c.value for c in tasks[1]]
    tasks.cell(2, header.index("executors") + 1).value = "Хтось інший"
    book.save(tmp_path / "edited.xlsx")
    result = run_cli("import", str(tmp_path / "edited.xlsx"), "--out", str(tmp_path / "x"))
    assert result.code == 2
    assert "edited.xlsx: 'task'!I2: «Хтось інший» is not in the plan's catalog of executors" in result.err


@pytest.mark.parametrize("name", ["melitopol.docx", "melitopol.xlsx"])
def test_a_damaged_file_is_refused_not_crashed_on(tmp_path: Path, run_cli: Callable[..., CliRun], name: str) -> None:
    """Bytes flipped inside the zip's compressed parts: the part fails as it is inflated (zlib or CRC), exit 2."""
    data = bytearray((IMPORT / name).read_bytes())
    for index in range(2000, 12000, 7):
        data[index] ^= 0x55
    path = tmp_path / name
    path.write_bytes(bytes(data))
    result = run_cli("import", str(path), "--out", str(tmp_path / "out"))
    assert result.code == 2, result.err
    assert f"{path}: not a" in result.err and "internal error" not in result.err
