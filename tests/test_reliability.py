"""Reliability figures not covered elsewhere: money stays Decimal, output is deterministic, paths outside the
plan are never read, and the formatter is lossless on generated documents. See docs/RELIABILITY.md."""

from __future__ import annotations

import ast
import os
import random
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel

from conftest import FIXTURES, REPO, CliRun
from stratplan.core.diagnostics import StratplanError
from stratplan.io.comments import comments
from stratplan.io.yamlio import parse_text
from stratplan.output.canonical import format_text, model_for
from stratplan.plan.loader import load_plan

MONEY_FIELDS = {"years", "total", "targets", "baseline", "actual"}


def _walk(value: Any, path: str = "") -> Iterator[tuple[str, Any]]:
    if isinstance(value, BaseModel):
        for name in type(value).model_fields:
            yield from _walk(getattr(value, name), f"{path}.{name}")
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _walk(item, f"{path}[{key}]")
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _walk(item, f"{path}[{index}]")
    else:
        yield path, value


def test_every_amount_of_every_plan_is_a_decimal(figure: Callable[[str, str], None]) -> None:
    roots = [*sorted(p.parent for p in (REPO / "plans").glob("*/plan.yaml")), FIXTURES / "monitored"]
    amounts, wrong = 0, []
    for root in roots:
        plan = load_plan(root)
        assert plan.diagnostics == [] or all(d.severity.label != "error" for d in plan.diagnostics)
        models: list[Any] = [plan.view.meta, *plan.view.goals, *plan.view.monitoring.values()]
        for model in models:
            for path, value in _walk(model):
                money = any(f".{field}" in path for field in MONEY_FIELDS) and not path.endswith((".note", ".label"))
                if money and value is not None and value != "unknown" and not isinstance(value, bool):
                    amounts += 1
                    if not isinstance(value, Decimal):
                        wrong.append(f"{root.name}{path}: {type(value).__name__}")
    figure("money-decimal", f"{amounts} amounts in {len(roots)} loaded plans, {len(wrong)} not Decimal")
    assert wrong == []
    assert amounts >= 200


def _float_uses(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "float":
            found.append(f"{path.relative_to(REPO)}:{node.lineno}: float()")
        if isinstance(node, ast.Constant) and isinstance(node.value, float):
            found.append(f"{path.relative_to(REPO)}:{node.lineno}: float literal {node.value!r}")
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "astype":
            found.append(f"{path.relative_to(REPO)}:{node.lineno}: astype()")
    return found


# The one place money becomes a float: the xlsx writer stores numbers in the spreadsheet's own binary
# format (IEEE doubles), at the boundary, after every sum was done in Decimal.
ALLOWED_FLOAT = {"src/stratplan/output/export.py"}


MONEY_MODULES = ("model/*.py", "core/numbers.py", "plan/tree.py", "plan/view.py", "compute/**/*.py", "pipeline/budget.py",
                 "output/export.py", "output/scaffold.py", "output/formatters/budget.py", "output/formatters/diff.py",
                 "output/formatters/changes*.py", "output/report/*.py", "check/rules/bg*.py", "check/rules/mn*.py",
                 "api.py")


def test_no_float_conversion_on_money_paths(figure: Callable[[str, str], None]) -> None:
    package = REPO / "src" / "stratplan"
    files = sorted({path for pattern in MONEY_MODULES for path in package.glob(pattern)})
    found = [use for path in files for use in _float_uses(path) if use.split(":")[0] not in ALLOWED_FLOAT]
    boundary = [use for path in files for use in _float_uses(path) if use.split(":")[0] in ALLOWED_FLOAT]
    figure("money-static", f"{len(files)} money-path modules scanned for float(), float literals and astype(): "
                           f"{len(found)} on money paths, {len(boundary)} at the xlsx boundary")
    assert found == []
    assert len(boundary) <= 2
    assert len(files) >= 40  # the patterns follow the package layout: a move that empties them fails here


COMMANDS = [
    ("validate.json", ["validate", "plans/", "-f", "json"]),
    ("validate.sarif", ["validate", "plans/", "-f", "sarif"]),
    ("export.csv", ["export", "plans/", "-f", "csv"]),
    ("export.json", ["export", "plans/", "-f", "json"]),
    ("export.xlsx", ["export", "plans/", "-f", "xlsx", "-o", "{out}/export.xlsx"]),
    ("budget.csv", ["budget", "plans/", "-f", "csv"]),
    ("budget.json", ["budget", "plans/", "-f", "json"]),
    ("budget.md", ["budget", "plans/", "-f", "markdown"]),
    ("diff.json", ["diff", "tests/fixtures/monitored", "--period", "2022", "-f", "json"]),
    ("report.html", ["report", "plans/melitopol", "--year", "2023", "--date", "2024-01-31", "-o", "{out}/r.html",
                     "--appendix"]),
    ("report.md", ["report", "plans/melitopol", "--year", "2023", "--date", "2024-01-31", "-f", "md",
                   "-o", "{out}/r.md"]),
    ("report.docx", ["report", "plans/melitopol", "--year", "2023", "-f", "docx", "-o", "{out}/r.docx"]),
    ("diff-since.json", ["diff", "tests/fixtures/two-years", "--period", "2024", "--since", "2023", "-f", "json"]),
]


def _outputs(out: Path, seed: str, tz: str) -> dict[str, bytes]:
    env = {**os.environ, "PYTHONHASHSEED": seed, "TZ": tz, "PYTHONPATH": str(REPO / "src"), "LANG": "C",
           "LC_ALL": "C"}
    out.mkdir(parents=True)
    result = {}
    for name, args in COMMANDS:
        argv = [a.format(out=out) for a in args]
        proc = subprocess.run([sys.executable, "-m", "stratplan", *argv], cwd=REPO, env=env, capture_output=True,
                              check=False, timeout=120)
        assert proc.returncode in (0, 1), (name, proc.stderr[-400:])
        file = next((Path(a) for a in argv if a.startswith(str(out))), None)
        result[name] = file.read_bytes() if file else proc.stdout
    return result


def test_outputs_are_byte_identical_across_hash_seed_and_time_zone(tmp_path: Path,
                                                                   figure: Callable[[str, str], None]) -> None:
    first = _outputs(tmp_path / "a", "0", "UTC")
    second = _outputs(tmp_path / "b", "4242", "Asia/Kathmandu")
    differing = sorted(name for name in first if first[name] != second[name])
    figure("determinism", f"{len(first)} outputs (validate json/sarif, export csv/json/xlsx, budget csv/json/md, "
                          f"diff json with and without --since, report html/md/docx) under two PYTHONHASHSEED and TZ "
                          f"values: {len(differing)} differ")
    assert differing == []


def test_files_outside_the_plan_and_special_files_are_refused(tmp_path: Path, run_cli: Callable[..., CliRun],
                                                               figure: Callable[[str, str], None]) -> None:
    plan = tmp_path / "repo" / "plans" / "p"
    shutil.copytree(FIXTURES / "sample", plan)
    secret = tmp_path / "secret.yaml"
    secret.write_text("swot: {strengths: [SECRET-OUTSIDE]}\n", encoding="utf-8")
    (plan / "context.yaml").unlink()
    (plan / "context.yaml").symlink_to(secret)
    (plan / "goals" / "sg2.yaml").symlink_to("/dev/zero")
    os.mkfifo(plan / "goals" / "sg3.yaml")
    result = run_cli("validate", str(plan), "--format", "concise", cwd=tmp_path / "repo")
    lines = sorted(line.split(": ", 1)[1] for line in result.out.splitlines())
    assert lines == [
        "LD114 [error] not a regular file (FIFO, device or directory)",
        "LD116 [error] symlink leads outside the plan folder; it is not read",
        "LD116 [error] symlink leads outside the plan folder; it is not read",
    ]
    assert "SECRET-OUTSIDE" not in result.out + result.err
    templates = tmp_path / "tpl"
    templates.mkdir()
    (templates / "report.md.j2").symlink_to(secret)
    refused = run_cli("report", str(FIXTURES / "sample"), "--year", "2022", "-f", "md", "--templates",
                      str(templates), "-o", str(tmp_path / "r.md"))
    assert refused.code == 2
    assert "symlink leads outside the templates folder" in refused.err
    figure("paths", "symlinks leading outside the plan or templates folder, FIFOs and devices: 4 of 4 refused "
                    "with a diagnostic, none read")


def test_nothing_outside_the_given_paths_is_read(tmp_path: Path, run_cli: Callable[..., CliRun]) -> None:
    """Audit every file the CLI opens while validating a plan: only the plan's files and config candidates."""
    plan = tmp_path / "p"
    shutil.copytree(FIXTURES / "monitored", plan)
    opened: list[str] = []

    def hook(event: str, args: tuple[Any, ...]) -> None:
        if event == "open" and isinstance(args[0], (str, bytes, os.PathLike)):
            opened.append(os.fsdecode(args[0]))

    sys.addaudithook(hook)  # audit hooks cannot be removed; the list is only read here
    start = len(opened)
    assert run_cli("validate", str(plan), cwd=tmp_path).code == 0
    data_files = {p for p in opened[start:] if p.endswith((".yaml", ".yml", ".toml", ".j2", ".json", ".csv"))}
    cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "stratplan"
    allowed = [plan.resolve(), cache.resolve()]
    if os.environ.get("STRATPLAN_CACHE_DIR"):
        allowed.append(Path(os.environ["STRATPLAN_CACHE_DIR"]).resolve())
    outside = sorted(p for p in data_files if not any(Path(p).resolve().is_relative_to(a) for a in allowed)
                     and Path(p).name not in (".stratplan.yaml", "pyproject.toml"))
    assert outside == []
    assert {Path(p).name for p in data_files} >= {"plan.yaml", "sg1.yaml", "context.yaml", "2022.yaml"}


def _generated_documents(count: int) -> Iterator[tuple[str, str]]:
    """Real plan files with comments, blank lines and quoting varied at random (seeded)."""
    rng = random.Random(1469)
    sources = sorted((REPO / "plans").glob("*/*.yaml")) + sorted((REPO / "plans").glob("*/goals/*.yaml"))
    for index in range(count):
        path = sources[index % len(sources)]
        lines = path.read_text(encoding="utf-8").split("\n")
        for _ in range(rng.randint(1, 6)):
            at = rng.randrange(1, len(lines))
            line = lines[at]
            if rng.random() < 0.5 and line.strip() and not line.rstrip().endswith(("|", ">")) and "#" not in line:
                lines[at] = line + f"  # примітка {index}-{at}"
            elif rng.random() < 0.5:
                indent = len(line) - len(line.lstrip())
                lines.insert(at, " " * indent + f"# коментар {index}-{at}")
            else:
                lines.insert(at, "")
        yield str(path.relative_to(REPO)), "\n".join(lines)


def test_formatter_is_lossless_and_idempotent_on_generated_documents(figure: Callable[[str, str], None]) -> None:
    formatted = refused = changed_data = changed_comments = not_idempotent = 0
    for name, text in _generated_documents(120):
        model = model_for(Path(name))
        try:
            output = format_text(text, name, model)
        except StratplanError:
            refused += 1  # refused: the file would be left untouched
            continue
        formatted += 1
        before, after = parse_text(text, name), parse_text(output, name)
        changed_data += before.data != after.data
        changed_comments += sorted(c.text for c in comments(before)) != sorted(c.text for c in comments(after))
        not_idempotent += format_text(output, name, model) != output
    figure("fmt-generated", f"120 generated documents: {formatted} formatted, {refused} refused untouched; "
                            f"{changed_data} data changes, {changed_comments} comment changes, "
                            f"{not_idempotent} not idempotent")
    assert (changed_data, changed_comments, not_idempotent) == (0, 0, 0)
    assert formatted >= 100


@pytest.mark.parametrize("root", sorted(p.parent for p in (REPO / "plans").glob("*/plan.yaml")), ids=lambda p: p.name)
def test_formatter_changes_nothing_in_the_real_plans(root: Path) -> None:
    for path in [root / "plan.yaml", *sorted((root / "goals").glob("*.yaml")), root / "context.yaml"]:
        text = path.read_text(encoding="utf-8")
        assert format_text(text, str(path), model_for(path)) == text
