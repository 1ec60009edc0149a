"""The HTML report in headless Chromium: no console errors, no network requests, no serious axe findings.

Chromium is Debian's package (`.ci/run` installs it when absent); axe-core comes with axe-playwright-python.
"""

from __future__ import annotations

import shutil

import pytest

from conftest import REPO

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
