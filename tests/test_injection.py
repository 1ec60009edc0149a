"""Hostile plan text through every output: HTML, Markdown, XLSX, CSV, JSON, terminal and GitHub annotations.

Each payload becomes the title of its own task (and the name of a funding source and an executor get
one too); every output is produced by the CLI and parsed, and a payload counts as live when the
parsed output would act on it: an element or handler or javascript: URL in HTML, a link, image, raw
HTML, @mention, heading or broken table row in Markdown, a formula in XLSX or CSV, broken JSON, an
escape sequence on a terminal, or a workflow command in a GitHub log.
"""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import subprocess
import zipfile
from collections import Counter
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path

from conftest import FIXTURES, REPO, CliRun

PAYLOADS = [
    "<script>alert(1)</script>", "<SCRIPT SRC=//evil.example/x.js></SCRIPT>", "<img src=x onerror=alert(1)>",
    '"><svg onload=alert(1)>', "'><iframe src=javascript:alert(1)>", "<a href=\"javascript:alert(1)\">x</a>",
    "<body onload=alert(1)>", "<details open ontoggle=alert(1)>", "<math><mi xlink:href=javascript:alert(1)>",
    "javascript:alert(document.cookie)", "JaVaScRiPt:alert(1)", "data:text/html,<script>alert(1)</script>",
    "<style>body{display:none}</style>", "<!-- comment --><b>bold</b>", "&lt;script&gt;alert(1)&lt;/script&gt;",
    "[link](javascript:alert(1))", "[x](https://evil.example)", "![img](https://evil.example/p.png)",
    "<https://evil.example>", "https://evil.example/track?a=1", "www.evil.example", "@someone please look",
    "cc @org/team", "#123 fixes it", "GH-42", "# Heading injection", "## Second heading", "--- \n===",
    "| a | b |", "cell|break", "**bold** _it_ ~~strike~~ `code`", "```\nfenced\n```", "> quote",
    "=1+1", "=HYPERLINK(\"http://evil.example\",\"x\")", "+1+1", "-2+3", "@SUM(A1:A2)", "\t=1+1", "\r=1+1",
    "=cmd|' /C calc'!A0", "[bold red]rich markup[/bold red]", "[link=https://evil.example]click[/link]",
    ":smile: :warning:", "::error file=x,line=1::forged", "::set-output name=x::y", "%0A::warning::forged",
    "x\n::error::newline forged", "\x1b[31mred\x1b[0m", "\x1b]8;;https://evil.example\x07link\x1b]8;;\x07",
    "\x1b[2J\x1b[H", "bell\x07back\x08space", "\x9b31mC1 CSI", "${{ github.token }}", "$(touch /tmp/pwned)",
]
FORMULA = ("=", "+", "-", "@", "\t", "\r")


def _quote(text: str) -> str:
    return json.dumps(text, ensure_ascii=True)  # a JSON string is a valid YAML double-quoted scalar


def _hostile_plan(tmp_path: Path) -> Path:
    root = tmp_path / "plans" / "hostile"
    shutil.copytree(FIXTURES / "monitored", root)
    tasks = "".join(f"""      - code: "1.2.{n}"
        title: {_quote(payload)}
        indicators: [{_quote(payload)}]
        term: {{start: 2021, end: 2023}}
        executors: [uszn]
        funding:
          sources: [local_budget]
          planned:
            - {{source: local_budget, years: {{2022: 1.0}}}}
""" for n, payload in enumerate(PAYLOADS, start=1))
    goal = root / "goals" / "sg1.yaml"
    text = goal.read_text(encoding="utf-8").split('  - code: "1.2"')[0]
    goal.write_text(text + '  - code: "1.2"\n    title: Ін\n    tasks:\n' + tasks, encoding="utf-8")
    plan = root / "plan.yaml"
    plan.write_text(plan.read_text(encoding="utf-8").replace("name: місцевий бюджет", f"name: {_quote(PAYLOADS[0])}")
                    .replace("abbreviation: УСЗН", f"abbreviation: {_quote(PAYLOADS[49])}")
                    .replace("declared_total:", "old_total:").split("old_total:")[0], encoding="utf-8")
    return root


class _Live(HTMLParser):
    """Elements, handlers and URLs that would act in a browser; the report's own structure is the baseline."""

    def __init__(self) -> None:
        super().__init__()
        self.live: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        chart = tag == "svg" and ("class", "chart") in attrs
        anchor = tag == "a" and self._internal(attrs)
        if tag in ("script", "iframe", "object", "embed", "img", "style", "math", "details", "body", "a", "svg") \
                and not chart and not anchor:
            self.live.append(f"<{tag}>")
        for name, value in attrs:
            lowered = (value or "").strip().lower()
            if name.startswith("on") or lowered.startswith(("javascript:", "data:")):
                self.live.append(f"{tag}[{name}]")

    def handle_comment(self, data: str) -> None:
        self.live.append("<!--")

    @staticmethod
    def _internal(attrs: list[tuple[str, str | None]]) -> bool:
        return all(name != "href" or (value or "").startswith("#") for name, value in attrs)


def _md_live(text: str) -> list[str]:
    """What a Markdown renderer (GitHub's) would turn into something other than text."""
    patterns = {
        "raw HTML": r"<[A-Za-z!/]",
        "@mention": r"(?<![\\\w&#;])@[A-Za-z]",
        "link or image": r"(?<!\\)\]\(",
        "issue link": r"(?<![\\\w/&])#\d",
        "autolink": r"https?://|www\.",
        "heading": r"(?m)^#{1,6} .*(?:injection|Second heading)",
        "emphasis": r"(?<!\\)\*\*bold",
    }
    return [f"{what}: {m.group()!r}" for what, pattern in patterns.items() for m in re.finditer(pattern, text)]


def _table_rows_consistent(text: str) -> list[str]:
    broken, expected = [], None
    for line in text.splitlines():
        if not line.startswith("|"):
            expected = None
            continue
        pipes = len(re.findall(r"(?<!\\)\|", line))
        if expected is None:
            expected = pipes
        elif pipes != expected:
            broken.append(line[:80])
    return broken


def _terminal_live(text: str) -> list[str]:
    return [repr(c) for c in set(re.findall(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]", text))]


def _docx_live(path: Path) -> list[str]:
    """What Word would act on: links, fields other than the template's own (contents, page numbers), embedded
    objects; and every payload must be there as plain text (characters XML cannot hold shown as U+FFFD)."""
    import docx

    with zipfile.ZipFile(path) as package:
        xml = "".join(package.read(name).decode("utf-8") for name in package.namelist() if name.startswith("word/")
                      and name.endswith(".xml"))
    found = [f"<{tag}>" for tag in ("w:hyperlink", "w:object", "w:drawing", "w:fldSimple", "w:altChunk") if f"<{tag}" in xml]
    found += [code.strip() for code in re.findall(r"<w:instrText[^>]*>([^<]*)</w:instrText>", xml)
              if code.strip().split(" ")[0] not in ("TOC", "PAGE", "NUMPAGES")]
    texts = "\n".join(cell.text for table in docx.Document(str(path)).tables for row in table.rows for cell in row.cells)
    shown = [re.sub("[\x00-\x08\x0b\x0c\x0e-\x1f]", "\ufffd", p).replace("\r", "\n") for p in PAYLOADS]
    found += [f"missing {p[:20]!r}" for p in shown if p.strip() not in texts]
    return found


def test_no_payload_is_live_in_any_output(tmp_path: Path, run_cli: Callable[..., CliRun],
                                          figure: Callable[[str, str], None]) -> None:
    assert len(PAYLOADS) >= 50
    root = _hostile_plan(tmp_path)
    live: dict[str, list[str]] = {}
    out = tmp_path / "out"

    report_html = run_cli("report", str(root), "--year", "2022", "-o", str(out / "r.html"))
    assert report_html.code == 0, report_html.err
    parser, baseline = _Live(), _Live()
    parser.feed((out / "r.html").read_text(encoding="utf-8"))
    assert run_cli("report", "tests/fixtures/monitored", "--year", "2022", "-o", str(out / "clean.html")).code == 0
    baseline.feed((out / "clean.html").read_text(encoding="utf-8"))
    assert sorted(baseline.live) == ["<body>", *["<details>"] * 3, "<style>"]  # the template's own (chart data)
    live["html report"] = list((Counter(parser.live) - Counter(baseline.live)).elements())

    assert run_cli("report", str(root), "--year", "2022", "-f", "md", "-o", str(out / "r.md")).code == 0
    md = (out / "r.md").read_text(encoding="utf-8")
    charts = [line for line in md.splitlines() if line.startswith("![")]
    assert [line.split("](")[1] for line in charts] == ["r.chart-plan.svg)", "r.chart-actual.svg)", "r.chart-years.svg)"]
    md = "\n".join(line for line in md.splitlines() if line not in charts)  # the template's own images
    live["markdown report"] = _md_live(md) + _table_rows_consistent(md)
    assert run_cli("report", str(root), "--year", "2022", "-f", "docx", "-o", str(out / "r.docx")).code == 0
    live["word report"] = _docx_live(out / "r.docx")
    budget_md = run_cli("budget", str(root), "--by", "year,level", "--level", "task", "-f", "markdown").out
    live["markdown budget"] = _md_live(budget_md) + _table_rows_consistent(budget_md)
    diff_md = run_cli("diff", str(root), "--period", "2022", "-f", "markdown").out
    live["markdown diff"] = _md_live(diff_md) + _table_rows_consistent(diff_md)

    assert run_cli("export", str(root), "-f", "xlsx", "-o", str(out / "x.xlsx")).code == 0
    from openpyxl import load_workbook

    book = load_workbook(out / "x.xlsx")
    formulas = [f"{sheet.title}!{cell.coordinate}" for sheet in book for row in sheet.iter_rows() for cell in row
                if cell.data_type == "f"]
    live["xlsx"] = formulas
    titles = [c.value for c in book["task"]["E"]] if "task" in book.sheetnames else []
    assert "=1+1" in titles, "payloads must arrive in the workbook as text"

    csv_live = []
    for command in (["export", str(root), "-f", "csv"], ["budget", str(root), "-f", "csv", "--level", "task"],
                    ["diff", str(root), "--period", "2022", "-f", "csv"]):
        for row in csv.reader(io.StringIO(run_cli(*command).out)):
            csv_live += [cell for cell in row if cell.startswith(FORMULA) and not re.fullmatch(r"-[\d.]+", cell)]
    live["csv"] = csv_live

    exported = json.loads(run_cli("export", str(root), "-f", "json").out)
    titles_json = [r["title"] for r in exported["plans"][0]["rows"] if r["code"].startswith("1.2.")]
    live["json"] = [] if titles_json == PAYLOADS else ["payloads did not round-trip through JSON"]

    terminal = "".join(run_cli(*c).out for c in (["validate", str(root)], ["budget", str(root), "--level", "task"],
                                                  ["diff", str(root), "--period", "2022"]))
    live["terminal"] = _terminal_live(terminal)
    assert "[bold red]rich markup[/bold red]" in run_cli("budget", str(root), "--level", "task").out

    github = run_cli("validate", str(root), "-f", "github").out.splitlines()
    live["github annotations"] = [line[:60] for line in github if not re.match(r"^::(error|warning|notice) ", line)
                                  or "\x1b" in line or line.count("::") < 2]
    live["validate json"] = []
    json.loads(run_cli("validate", str(root), "-f", "json").out)

    total = sum(len(v) for v in live.values())
    figure("injection", f"{len(PAYLOADS)} payloads through {len(live)} outputs "
                        f"({', '.join(sorted(live))}): {total} live")
    assert {k: v for k, v in live.items() if v} == {}


def test_changes_markdown_keeps_payloads_inert(tmp_path: Path, run_cli: Callable[..., CliRun]) -> None:
    repo = tmp_path
    root = _hostile_plan(tmp_path)
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.invalid", "-c", "commit.gpgsign=false"]
    subprocess.run([*git, "init", "-q"], cwd=repo, check=True)
    subprocess.run([*git, "add", "."], cwd=repo, check=True)
    subprocess.run([*git, "commit", "-qm", "base"], cwd=repo, check=True)
    goal = root / "goals" / "sg1.yaml"
    goal.write_text(goal.read_text(encoding="utf-8").replace('code: "1.2.1"', 'code: "1.2.99"'), encoding="utf-8")
    text = goal.read_text(encoding="utf-8")
    goal.write_text(text.replace("years: {2022: 1.0}", "years: {2022: 2.0}"), encoding="utf-8")
    result = run_cli("changes", "--base", "HEAD", "plans", "-f", "markdown", cwd=repo)
    assert result.code == 0, result.err
    own = ("<details open>", "<details>", "</details>", "<summary>", "</summary>", "<br>")  # the format's own
    text = result.out
    for tag in own:
        text = text.replace(tag, "")
    assert _md_live(text) == []


def test_repository_is_unchanged() -> None:
    assert (REPO / "plans" / "melitopol" / "plan.yaml").is_file()
