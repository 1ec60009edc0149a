"""Every problem code the tool can emit is in the catalogue, so `stratplan rules`, docs/rules.md and SARIF list it."""

from __future__ import annotations

import json
import re
from pathlib import Path

from stratplan.check.catalogue import problem_codes
from stratplan.core.diagnostics import LintResult
from stratplan.output.formatters.sarif import to_data

SRC = Path(__file__).resolve().parent.parent / "src" / "stratplan"
CODE = re.compile(r"""["']([A-Z]{2}[0-9]{3})["']""")


def _emitted_in_source() -> set[str]:
    found: set[str] = set()
    for path in SRC.rglob("*.py"):
        found.update(CODE.findall(path.read_text(encoding="utf-8")))
    return found


def test_every_code_written_in_the_source_is_catalogued() -> None:
    catalogued = {c.code for c in problem_codes()}
    assert sorted(_emitted_in_source() - catalogued) == []


def test_every_catalogued_code_is_emitted_somewhere() -> None:
    engine = {c.code for c in problem_codes() if c.family in ("LD", "SC", "PL", "SP", "FM")}
    assert sorted(engine - _emitted_in_source()) == []


def test_codes_are_unique_and_named() -> None:
    codes = problem_codes()
    assert len({c.code for c in codes}) == len(codes)
    assert all(c.name and c.summary for c in codes)


def test_every_code_a_run_emitted_is_catalogued(run_cli) -> None:  # type: ignore[no-untyped-def]
    catalogued = {c.code for c in problem_codes()}
    for folder in ("plans", "tests/fixtures", "tests/malformed"):
        out = run_cli("validate", folder, "--format", "json", "--no-cache").out
        emitted = {d["code"] for d in json.loads(out)["diagnostics"]}
        assert emitted and emitted <= catalogued, folder


def test_sarif_and_rules_command_list_every_code(run_cli) -> None:  # type: ignore[no-untyped-def]
    everything = [c.code for c in problem_codes()]
    sarif = to_data(LintResult())
    assert [r["id"] for r in sarif["runs"][0]["tool"]["driver"]["rules"]] == everything
    listed = [line.split()[0] for line in run_cli("rules").out.splitlines()]
    assert listed == everything
    assert [line.split()[0] for line in run_cli("rules", "--family", "LD").out.splitlines()] == [
        c for c in everything if c.startswith("LD")]
