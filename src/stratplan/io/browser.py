"""Printing HTML to PDF with a headless Chromium (or Google Chrome, Microsoft Edge) installed on the machine.

The browser is the one named by `STRATPLAN_CHROMIUM`, else the first of the usual names on the PATH, else
Playwright's own Chromium when Playwright and its browser are installed. It runs with a fresh profile in a
temporary folder, without network services, and prints the page with the page's own CSS (`@page` sizes,
named pages for landscape sections, page numbers in the margin boxes) and no browser header or footer.
The PDF's creation and modification dates (the browser's clock) are blanked, so the same report prints to
the same bytes.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

from stratplan.core.diagnostics import UsageError

VARIABLE = "STRATPLAN_CHROMIUM"
NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome", "microsoft-edge",
         "msedge")
PLACES = ("/Applications/Google Chrome.app/Contents/MacOS/Google Chrome",
          "/Applications/Chromium.app/Contents/MacOS/Chromium",
          r"C:\Program Files\Google\Chrome\Application\chrome.exe",
          r"C:\Program Files (x86)\Microsoft\Edge\Application\msedge.exe")
FLAGS = ("--headless", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--disable-extensions", "--disable-dev-shm-usage",
         "--no-pdf-header-footer", "--hide-scrollbars")
TIMEOUT = 180  # seconds; a long plan prints in a few
CLOCK = re.compile(rb"/(CreationDate|ModDate) \(D:[0-9]{14}[^)]*\)")
MISSING = (f"printing a PDF needs Chromium, Google Chrome or Microsoft Edge, and none was found: install one "
           f"(Debian/Ubuntu: apt-get install chromium; or pip install playwright && playwright install chromium), "
           f"or set {VARIABLE} to the browser's path; --format html writes the same report for any browser to print")


def find_browser() -> str:
    """The browser to print with; UsageError saying how to get one when there is none."""
    named = os.environ.get(VARIABLE)
    if named:
        if shutil.which(named) is None:
            raise UsageError(f"{VARIABLE}={named}: no such program")
        return named
    for name in NAMES:
        found = shutil.which(name)
        if found:
            return found
    for place in PLACES:
        if Path(place).is_file():
            return place
    bundled = _playwright_chromium()
    if bundled is None:
        raise UsageError(MISSING)
    return bundled


def _playwright_chromium() -> str | None:
    """Playwright's downloaded Chromium, when Playwright is installed and has one."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return None
    try:
        with sync_playwright() as driver:
            path = driver.chromium.executable_path
    except Exception:  # noqa: BLE001 - Playwright without its browser, or a driver that does not start
        return None
    return path if Path(path).is_file() else None


def _arguments(browser: str, profile: Path, source: Path, target: Path) -> list[str]:
    sandbox = ["--no-sandbox"] if hasattr(os, "geteuid") and os.geteuid() == 0 else []  # root cannot sandbox
    return [browser, *FLAGS, *sandbox, f"--user-data-dir={profile}", f"--print-to-pdf={target}", source.as_uri()]


def without_clock(pdf: bytes) -> bytes:
    """The PDF with its creation and modification dates blanked (same length: the cross-reference table holds)."""
    return CLOCK.sub(lambda match: b" " * len(match.group()), pdf)


def print_pdf(html: str) -> bytes:
    """The page printed to PDF by a headless browser; UsageError when there is no browser or it fails."""
    browser = find_browser()
    with tempfile.TemporaryDirectory(prefix="stratplan-pdf-") as folder:
        work = Path(folder)
        source, target, profile = work / "report.html", work / "report.pdf", work / "profile"
        source.write_text(html, encoding="utf-8")
        try:
            done = subprocess.run(_arguments(browser, profile, source, target), capture_output=True, text=True,
                                  timeout=TIMEOUT, check=False, stdin=subprocess.DEVNULL)
        except subprocess.TimeoutExpired:
            raise UsageError(f"{browser} did not print the report within {TIMEOUT} s") from None
        except OSError as exc:
            raise UsageError(f"{browser} could not be started: {exc.strerror or exc}") from None
        if not target.is_file() or target.stat().st_size == 0:
            tail = " ".join(done.stderr.strip().splitlines()[-3:])
            raise UsageError(f"{browser} printed no PDF (exit {done.returncode}){': ' + tail if tail else ''}; "
                             f"set {VARIABLE} to another browser, or write --format html and print it")
        return without_clock(target.read_bytes())

