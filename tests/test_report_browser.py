"""The HTML report in headless Chromium: no console errors, no network requests, no serious axe findings.

Chromium is Debian's package (`.ci/run` installs it when absent); axe-core comes with axe-playwright-python.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from conftest import FIXTURES, REPO, CliRun

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed (.ci/run installs it)")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]


PAGES = ["report-monitored-2022.html", "report-programme-1level-2024.html", "report-programme-2level-2024.html",
         "report-sample-2022.html"]


@pytest.mark.parametrize("page", PAGES)
def test_report_loads_offline_without_errors_and_passes_axe(page: str) -> None:
    from axe_playwright_python.sync_playwright import Axe
    from playwright.sync_api import sync_playwright

    url = (REPO / "tests" / "golden" / page).as_uri()
    with sync_playwright() as driver:
        browser = driver.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            tab = browser.new_page(viewport={"width": 390, "height": 844})
            console: list[str] = []
            requests: list[str] = []
            tab.on("console", lambda message: console.append(f"{message.type}: {message.text}"))
            tab.on("pageerror", lambda error: console.append(f"pageerror: {error}"))
            tab.on("request", lambda request: requests.append(request.url))
            tab.goto(url)
            results = Axe().run(tab).response
        finally:
            browser.close()
    assert [c for c in console if c.startswith(("error", "pageerror"))] == []
    assert requests == [url]
    serious = [(v["id"], v["impact"], len(v["nodes"])) for v in results["violations"]
               if v["impact"] in ("serious", "critical")]
    assert serious == []
    assert results["passes"], "axe ran no checks"


def test_golden_pages_exist() -> None:
    assert sorted(p.name for p in (REPO / "tests" / "golden").glob("report-*.html")) == PAGES


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as driver:
        launched = driver.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield launched
        launched.close()


def _two_years(tmp_path: Path, run_cli: Callable[..., CliRun]) -> str:
    out = tmp_path / "two-years.html"
    assert run_cli("report", str(FIXTURES / "two-years"), "--year", "2024", "--date", "2025-01-31", "-o", str(out)).code == 0
    return out.as_uri()


SMALLEST_CHART_TEXT = """() => Array.from(document.querySelectorAll('svg.chart text')).map(t =>
    [t.textContent, parseFloat(getComputedStyle(t).fontSize) * t.getScreenCTM().a])"""
MONEY_CELLS = """() => Array.from(document.querySelectorAll('td.num')).filter(c => c.offsetParent !== null).map(c => {
    const r = c.getBoundingClientRect(); return [c.textContent, r.left, r.right]; })"""


def test_at_phone_width_chart_text_stays_readable_and_money_stays_on_screen(
        browser: Any, tmp_path: Path, run_cli: Callable[..., CliRun]) -> None:
    tab = browser.new_page(viewport={"width": 390, "height": 844})
    tab.goto(_two_years(tmp_path, run_cli))
    sizes = tab.evaluate(SMALLEST_CHART_TEXT)
    assert len(sizes) >= 30  # three charts: bar labels, axis values, units
    assert [(text, size) for text, size in sizes if size < 11] == []
    cells = tab.evaluate(MONEY_CELLS)
    assert len(cells) > 40
    assert [(text, left, right) for text, left, right in cells if left < 0 or right > 390] == []
    assert tab.evaluate("document.documentElement.scrollWidth") <= 390  # nothing scrolls sideways
    tab.close()


def test_charts_have_title_unit_axis_legend_and_a_text_equivalent(
        browser: Any, tmp_path: Path, run_cli: Callable[..., CliRun]) -> None:
    tab = browser.new_page(viewport={"width": 1280, "height": 900})
    tab.goto(_two_years(tmp_path, run_cli))
    figures = tab.evaluate(r"""() => Array.from(document.querySelectorAll('figure.chart')).map(f => ({
        caption: f.querySelector('figcaption').textContent,
        legend: Array.from(f.querySelectorAll('ul.legend li')).map(li => li.textContent),
        axis: Array.from(f.querySelectorAll('svg text[font-size="12"]')).map(t => t.textContent),
        unit: Array.from(f.querySelectorAll('svg text')).some(t => t.textContent === 'тис. грн'),
        desc: f.querySelector('svg desc').textContent,
        table: Array.from(f.querySelectorAll('details tbody tr')).map(tr => Array.from(tr.cells).map(c => c.textContent).join(' ')),
    }))""")
    assert [f["caption"] for f in figures] == ["Заплановані кошти за роками і джерелами, тис. грн",
                                               "Заплановано і фактично за рік 2024, тис. грн",
                                               "Заплановано і фактично за роками, тис. грн"]
    assert [f["legend"] for f in figures] == [["державний бюджет", "місцевий бюджет"], ["Заплановано", "Фактично"],
                                              ["Заплановано", "Фактично"]]
    assert figures[2]["axis"] == ["0", "100", "200", "300", "400", "тис. грн"]
    assert all(f["unit"] for f in figures)
    assert figures[2]["desc"] == ("Заплановано: 215,0; Фактично: 185,0; Заплановано: 160,0 + невідомо; "
                                  "Фактично: 175,5")
    assert figures[2]["table"] == ["2023 215,0 185,0", "2024 160,0 + невідомо 175,5"]
    tab.close()


def test_printed_portrait_pages_clip_nothing(browser: Any, tmp_path: Path, run_cli: Callable[..., CliRun]) -> None:
    out = tmp_path / "melitopol.html"
    assert run_cli("report", "plans/melitopol", "--year", "2023", "-o", str(out)).code == 0
    tab = browser.new_page(viewport={"width": 680, "height": 1000})  # A4 portrait less 15 mm margins, at 96 px/in
    tab.emulate_media(media="print")
    tab.goto(out.as_uri())
    overflowing = tab.evaluate("""() => Array.from(document.querySelectorAll('section:not(.form) table, svg.chart'))
        .map(t => [t.closest('section').querySelector('h2').textContent, t.getBoundingClientRect().right])
        .filter(([_, right]) => right > document.body.getBoundingClientRect().right + 0.5)""")
    assert overflowing == []
    tab.close()


@pytest.mark.parametrize("width", [390, 800, 1100, 1280])
def test_no_table_scrolls_sideways_at_common_widths(browser: Any, width: int, tmp_path: Path,
                                                    run_cli: Callable[..., CliRun]) -> None:
    out = tmp_path / "melitopol.html"
    assert run_cli("report", "plans/melitopol", "--year", "2023", "-o", str(out)).code == 0
    tab = browser.new_page(viewport={"width": width, "height": 900})
    tab.goto(out.as_uri())
    hidden = tab.evaluate("""() => Array.from(document.querySelectorAll('.table-wrap'))
        .filter(w => w.scrollWidth > w.clientWidth + 1).map(w => w.getAttribute('aria-label'))""")
    assert hidden == []  # wide tables become cards where the screen is narrower than they need
    assert tab.evaluate("document.documentElement.scrollWidth") <= width
    tab.close()
