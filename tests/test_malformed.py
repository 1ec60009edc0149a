"""Malformed-input corpus: every refusal of the loader and the schema, checked through the real CLI.

Each case is a plan folder made from the small valid plan in `tests/malformed/_base/` with ONE file
broken. Cases that can be stored as ordinary text are committed under `tests/malformed/<case>/`;
cases that cannot (bad bytes, odd line endings, 10,000-deep nesting, a 5 MiB file, FIFOs, symlink
loops) are built by a builder function from the base into `tmp_path`.

Every case runs `python -m stratplan validate . --format json` as a subprocess inside a copy of the
case folder (so reported files are `plan.yaml` and `goals/sg1.yaml`) and checks: exit code 1 (0 for
accepted inputs), no traceback, JSON output, and the expected diagnostic with its exact code, file,
line and column (1-based). Line 0 / column 0 means a file-level diagnostic (size limit, not a regular
file, unreadable file), which has no position inside the file.

Line numbers refer to the base files: in `_base/plan.yaml` line 1 is the `$schema` comment, line 4
`name:`, line 6 `slug:`, line 12 `date:`, line 14 `period:` and line 26 is the first line a case
appends; in `_base/goals/sg1.yaml` line 9 is `- code: "1.1.1"`, line 13 `executors:`, line 18
`years: {2022: 10.0, 2023: 12.5}` (the `{` is column 22) and line 19 `total: 22.5` (value at column 22).
"""

from __future__ import annotations

import codecs
import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO / "tests" / "malformed"
BASE = CORPUS / "_base"
PLAN = "plan.yaml"
GOAL = "goals/sg1.yaml"
MAX_COMMITTED_BYTES = 20 * 1024
LIMIT_BYTES = 5 * 1024 * 1024  # the loader's documented file size limit (5 MiB)

Expected = tuple[str, str, int, int] | None  # (code, file, line, col); None: input is accepted, no diagnostics

# ---------------------------------------------------------------------------------------------------
# The expectation table: case name -> (code, file, line, col). None = accepted (exit 0, no diagnostics).
# Columns count characters, not bytes. Line 0, col 0 = file-level diagnostic (no position in the file).
# ---------------------------------------------------------------------------------------------------
EXPECTED: dict[str, Expected] = {
    # --- encoding and bytes (generated) ---
    "invalid-utf8": ("LD101", PLAN, 4, 16),  # 0xff right after "  name: Тестова" (8 + 7 characters)
    "utf16-le-bom": ("LD101", PLAN, 1, 1),  # FF FE at the start
    "utf16-be-bom": ("LD101", PLAN, 1, 1),  # FE FF at the start
    "utf16-le-no-bom": ("LD113", PLAN, 1, 2),  # no BOM: the first NUL is the high byte of the 1st character '#'
    "utf8-bom": None,  # a UTF-8 BOM is allowed
    "utf8-bom-then-error": ("SC103", PLAN, 6, 9),  # the stripped BOM does not shift columns: bad slug at 6:9
    "latin1": ("LD101", PLAN, 4, 12),  # "  name: Café": é (0xe9) is character 12 of line 4
    "cp1251": ("LD101", PLAN, 4, 9),  # "  name: Тестова" in Windows-1251: 0xd2 ('Т') at 4:9
    "nul-byte": ("LD113", PLAN, 6, 9),  # "  slug: \0testova"
    "binary-png": ("LD101", PLAN, 1, 1),  # PNG signature: 0x89 is byte 0
    "control-character": ("LD103", PLAN, 4, 43),  # ESC inside "громада" in the name on line 4, character 43
    # --- line endings (generated) ---
    "cr-only-line-endings": None,  # a lone CR is a YAML 1.2 line break: the base plan is valid
    "cr-only-bad-slug": ("SC103", PLAN, 6, 9),  # CR-only file: lines still count from the CRs
    "cr-only-nul-byte": ("LD113", PLAN, 6, 9),  # as nul-byte, with CR line endings
    "cr-only-directive": ("LD104", PLAN, 2, 1),  # "%YAML 1.2" is line 2 (after the $schema comment)
    "crlf-bad-slug": ("SC103", PLAN, 6, 9),  # CRLF: CR is not counted as a column
    "nel-line-endings": ("LD103", PLAN, 1, 66),  # NEL (U+0085) is no YAML 1.2 line break: first NEL at 1:66
    "nel-in-comment-hides-data": ("LD103", GOAL, 13, 34),  # NEL inside the comment after "executors: [  # виконавці"
    "line-separator-in-comment-hides-data": ("LD103", GOAL, 13, 34),  # same with U+2028 LINE SEPARATOR
    # --- YAML syntax (committed) ---
    "tab-indentation": ("LD103", PLAN, 6, 1),  # "\tslug: testova": the tab at column 1
    "indentation-too-deep": ("LD103", PLAN, 5, 10),  # "   oblast:" continues name's plain scalar; its ':' at 5:10
    "indentation-too-shallow": ("LD103", PLAN, 14, 2),  # " period:" at column 2 matches no open mapping
    "unclosed-quote": ("LD103", PLAN, 27, 5),  # '  - "перша примітка' never closed: the quote at 27:5
    "unclosed-flow-sequence": ("LD103", PLAN, 26, 8),  # "notes: [перша примітка, ..." never closed: '[' at 26:8
    # --- directives, tags, anchors, aliases, documents (committed) ---
    "yaml-directive": ("LD104", PLAN, 2, 1),  # "%YAML 1.2" on line 2, after the comment
    "tag-directive": ("LD104", PLAN, 1, 1),  # "%TAG !e! ..." on line 1
    "tag-python-object": ("LD105", PLAN, 4, 9),  # "  name: !!python/object/apply:os.system [...]"
    "tag-custom": ("LD105", PLAN, 6, 9),  # "  slug: !custom testova"
    "tag-core-str": ("LD105", GOAL, 9, 15),  # "      - code: !!str 1.1.1"
    "anchor": ("LD106", PLAN, 14, 11),  # "  period: &period {...}"
    "alias": ("LD106", GOAL, 13, 20),  # "        executors: *executors"
    "alias-bomb": ("LD106", PLAN, 26, 7),  # billion laughs: refused at the first anchor "lol1: &lol1"
    "two-documents": ("LD107", PLAN, 26, 1),  # the second "---"
    "empty-file": ("LD115", PLAN, 1, 1),
    "comment-only": ("LD115", PLAN, 1, 1),
    "only-document-marker": ("LD115", PLAN, 1, 1),  # "---" and nothing else
    # --- keys (committed) ---
    "duplicate-key-top-level": ("LD108", PLAN, 3, 1),  # second "schema_version:"
    "duplicate-key-nested": ("LD108", GOAL, 11, 9),  # second "title:" of task 1.1.1
    "duplicate-year-key": ("LD108", GOAL, 18, 35),  # "{2022: 10.0, 2022: 12.5}": the second 2022
    "duplicate-year-key-hex": ("LD108", GOAL, 18, 35),  # "{2022: 10.0, 0x7E6: 12.5}": 0x7E6 is 2022
    "complex-key": ("LD112", PLAN, 26, 3),  # "? [a]: b": the key is a mapping starting at '['
    "null-key": ("SC103", PLAN, 26, 1),  # "~: ..." appended: the key '~' at 26:1
    "year-key-quoted": ("SC103", GOAL, 18, 35),  # {2022: 10.0, "2023": 12.5}: the key "2023" at 18:35
    "year-key-typo": ("SC103", GOAL, 18, 35),  # {2022: 10.0, 20023: 12.5}: the key 20023 at 18:35
    # --- nesting and size (generated) ---
    "deep-flow-sequence": ("LD109", PLAN, 26, 71),  # "notes: " + 10,000 '[': the 64th '[' is level 65 -> 7 + 64
    "deep-flow-sequence-top-level": ("LD109", PLAN, 1, 65),  # the whole file is 10,000 '[': the 65th
    "deep-flow-mapping": ("LD109", PLAN, 26, 260),  # "notes: " + 10,000 "{a: ": the 64th '{' at 8 + 4 * 63
    "deep-block-mapping": ("LD109", PLAN, 90, 129),  # 100 block levels from line 26; level 65 is line 90, 128 spaces
    "oversized-file": ("LD102", PLAN, 0, 0),  # file-level: over 5 MiB, no line applies
    "huge-integer": ("LD111", GOAL, 19, 22),  # "total: 999...9" (5,000 digits; committed, 5 KB)
    # --- files that are not regular files (generated; file-level, line 0) ---
    "fifo-plan-file": ("LD114", PLAN, 0, 0),
    "directory-named-plan-yaml": ("LD114", PLAN, 0, 0),
    "symlink-loop-goal": ("LD114", GOAL, 0, 0),
    "symlink-loop-plan": ("LD114", PLAN, 0, 0),
    # --- top level of the wrong shape (committed) ---
    "top-level-list": ("SC103", PLAN, 2, 1),  # the sequence starts on line 2, after the comment
    "goals-file-is-list": ("SC103", GOAL, 2, 1),
    # --- schema: types, values, keys (committed) ---
    "title-is-list": ("SC103", GOAL, 4, 8),  # "title: [ДОСТУПНІ, ...]"
    "year-is-string": ("SC103", PLAN, 14, 19),  # '  period: {start: "2022", ...}': the quote at 14:19
    "amount-comma-string": ("SC103", GOAL, 18, 29),  # {2022: "10,0", ...}
    "amount-comma-block": ("SC103", GOAL, 19, 23),  # block "2022: 10,0" under years: (16 spaces + "2022: ")
    "amount-comma-flow": ("LD117", GOAL, 18, 29),  # {2022: 10,0, 2023: 12.5} reads as {2022: 10, 0: null, ...}
    "amount-comma-flow-twice": ("LD117", GOAL, 18, 29),  # {2022: 10,0, 2023: 12,5}: the first (else: duplicate key 0)
    "amount-boolean": ("SC103", GOAL, 18, 29),  # {2022: true, ...}
    "amount-decimal-exact": None,  # 0.1 + 0.2 == 0.3 exactly: amounts are Decimal, no BG102
    "amount-exponent": None,  # 1.0e1 and 0.125E+2 are exact decimals adding up to 22.5
    "amount-inf": ("LD111", GOAL, 18, 29),  # {2022: .inf, ...}
    "amount-nan": ("LD111", GOAL, 18, 41),  # {2022: 10.0, 2023: .nan}
    "total-negative-inf": ("LD111", GOAL, 19, 22),  # total: -.inf
    "unknown-key-did-you-mean": ("SC101", GOAL, 10, 9),  # "tittle:" on line 10
    "unknown-key-top-level": ("SC101", PLAN, 3, 1),  # "comunity:"
    "unknown-key-no-suggestion": ("SC101", PLAN, 26, 1),  # "zzz: 1"
    "missing-required-key": ("SC102", PLAN, 4, 3),  # issuer without slug: at the issuer mapping
    "missing-required-section": ("SC102", PLAN, 2, 1),  # no levels: at the top mapping (its first key)
    "date-february-30": ("SC103", PLAN, 12, 11),  # "    date: 2021-02-30"
    "bad-slug": ("SC103", PLAN, 6, 9),  # "  slug: Testova-Hromada"
    "code-bad-pattern": ("SC103", GOAL, 9, 15),  # code: "1.1..1"
    "code-unquoted-number": ("SC103", GOAL, 6, 11),  # "  - code: 1.1" is a number, not a string
    "term-half-3": ("SC103", GOAL, 12, 52),  # "term: {start: 2022, end: 2023, start_half: 3}"
    "schema-version-2": ("SC103", PLAN, 2, 17),  # "schema_version: 2"
    # --- money out of its documented range: |amount| < 10^15, at most 4 decimals, planned money not negative ---
    "amount-exponent-huge": ("SC103", GOAL, 18, 29),  # {2022: 1e1000000, ...}: would overflow sums, print a million digits
    "amount-29-digits": ("SC103", GOAL, 19, 22),  # total: 29 digits, which the default Decimal context would round
    "amount-five-decimals": ("SC103", GOAL, 18, 29),  # {2022: 10.00001, ...}
    "amount-negative": ("SC103", GOAL, 18, 29),  # {2022: -10.0, ...}: planned money is never negative
    # --- type confusion: YAML 1.2 types read strictly ---
    "term-half-true": ("SC103", GOAL, 12, 52),  # start_half: true, which Python counts as 1
    "date-integer": ("SC103", PLAN, 12, 11),  # date: 1639958400, a Unix timestamp to a lax reader
    "indicator-empty-text": ("SC103", GOAL, 11, 22),  # indicators: [""]
    "indicator-cumulative-yes": ("SC103", GOAL, 11, 64),  # cumulative: yes, true only in YAML 1.1
    # --- YAML both parser paths judge alike (tests/test_yaml_suite.py runs the whole yaml-test-suite) ---
    "comment-glued-to-quote": ("LD103", PLAN, 13, 19),  # number: "12/3"# рішення: no comment without a space
    "flow-continuation-column-0": ("LD103", GOAL, 14, 1),  # executors: [tsnsp,\ntsnsp]: the flow goes on at column 1
    "directive-reserved": ("LD104", PLAN, 2, 1),  # %FOO bar: a reserved directive is a directive too
    "tab-separating-key-and-value": None,  # slug:\ttestova: a tab as separation is YAML 1.2, read on both paths
    "tab-inside-unquoted-text": ("LD103", PLAN, 5, 19),  # oblast: Київська\tобласть
    "block-indicator-glued-comment": ("LD103", GOAL, 10, 17),  # title: >#x
    "flow-question-mark-key": ("LD103", PLAN, 14, 13),  # period: {?start: 2022, ...}: both parsers misread it
    "tab-in-indentation-of-a-value": ("LD103", GOAL, 11, 1),  # title:\n\tВідкрити...: a tab as indentation
}

DECIMAL_COMMA_TEXT = r"^an amount with a decimal comma; in YAML the decimal separator is a dot: write 10\.0 \(got '10,0'\)$"
DECIMAL_COMMA_FLOW = (r"^10,0 has a decimal comma, which YAML reads as 10 and a key 0; in YAML the decimal separator is a "
                      r"dot: write 10\.0$")

# Message fragments (regular expressions searched in the message) for cases where the text matters.
MESSAGES: dict[str, str] = {
    "unknown-key-did-you-mean": r"^unknown key 'tittle'; did you mean 'title'\?$",
    "unknown-key-top-level": r"^unknown key 'isuer'; did you mean 'issuer'\?$",
    "unknown-key-no-suggestion": r"^unknown key 'zzz'$",
    "missing-required-key": r"^missing required key 'slug'$",
    "missing-required-section": r"^missing required key 'levels'$",
    "duplicate-year-key": r"duplicate key 2022",
    "duplicate-year-key-hex": r"duplicate key 2022",
    "huge-integer": r"5000 characters",
    "amount-inf": r"\.inf is not a finite number",
    "amount-nan": r"\.nan is not a finite number",
    "amount-exponent-huge": r"less than 10\^15 .* got 1E\+1000000$",
    "amount-29-digits": r"less than 10\^15",
    "amount-five-decimals": r"at most 4 decimal places, got 10.00001$",
    "amount-negative": r"cannot be negative, got -10.0$",
    "term-half-true": r"expected 1 or 2, got True",
    "date-integer": r"a date is written YYYY-MM-DD, got 1639958400",
    "indicator-cumulative-yes": r"valid boolean",
    "comment-glued-to-quote": r"'#' starts a comment only after a space",
    "directive-reserved": r"%FOO",
    "tab-inside-unquoted-text": r"a tab inside unquoted text",
    "amount-comma-string": DECIMAL_COMMA_TEXT,
    "amount-comma-block": DECIMAL_COMMA_TEXT,
    "amount-comma-flow": DECIMAL_COMMA_FLOW,
    "amount-comma-flow-twice": DECIMAL_COMMA_FLOW,
    "date-february-30": r"date",
    "tag-python-object": r"!!python/object",
    "tag-custom": r"!custom",
    "tag-core-str": r"!!str",
    "alias-bomb": r"anchor &lol1",
    "utf16-le-bom": r"UTF-16",
    "utf16-be-bom": r"UTF-16",
    "invalid-utf8": r"0xff",
    "latin1": r"0xe9",
    "symlink-loop-goal": r"cannot read file",
    "symlink-loop-plan": r"cannot read file",
    "fifo-plan-file": r"not a regular file",
    "directory-named-plan-yaml": r"not a regular file",
}

# Cases where the loader is wrong today: strict xfail, so fixing the bug turns them into failures to update.
XFAIL: dict[str, str] = {}  # loader bugs the corpus exposes; each entry must name the bug it marks

# ---------------------------------------------------------------------------------------------------
# Builders of generated cases: each gets a fresh copy of the base plan folder and breaks one file.
# ---------------------------------------------------------------------------------------------------
Builder = Callable[[Path], None]
Change = Callable[[str], "str | bytes"]


def _once(text: Any, old: Any, new: Any) -> Any:
    """Replace the single occurrence of `old` (str or bytes); the base must contain it exactly once."""
    assert text.count(old) == 1, f"base does not contain {old!r} exactly once"
    return text.replace(old, new)


def _edit(rel: str, change: Change) -> Builder:
    def build(case: Path) -> None:
        path = case / rel
        new = change(path.read_text(encoding="utf-8"))
        path.write_bytes(new.encode("utf-8") if isinstance(new, str) else new)

    return build


def _replace_with(rel: str, make: Callable[[Path], None]) -> Builder:
    def build(case: Path) -> None:
        (case / rel).unlink()
        make(case / rel)

    return build


def _fifo(path: Path) -> None:
    if not hasattr(os, "mkfifo"):
        pytest.skip("FIFOs need a POSIX system")
    os.mkfifo(path)


def _symlink_loop(path: Path) -> None:
    other = path.parent.parent / "loop.link"  # beside plan.yaml and not *.yaml: not a plan file, so not reported
    try:
        path.symlink_to(os.path.relpath(other, path.parent))
        other.symlink_to(os.path.relpath(path, other.parent))
    except (OSError, NotImplementedError) as exc:  # pragma: no cover - Windows without symlink rights
        pytest.skip(f"cannot create symlinks: {exc}")


def _hide_after_separator(separator: str) -> Change:
    # Looks like "executors: [" + a comment, then "tsnsp]" on the next line; a parser that ends the
    # comment at the separator also reads the "tsnsp," hidden in the comment.
    return lambda t: _once(t, "        executors: [tsnsp]\n",
                           f"        executors: [  # виконавці{separator}tsnsp,\n          tsnsp]\n")


def _cr(text: str) -> str:
    return text.replace("\n", "\r")


_PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
_DIRECTIVE = ("schema_version: 1\n", "%YAML 1.2\n---\nschema_version: 1\n")

BUILDERS: dict[str, Builder] = {
    "invalid-utf8": _edit(PLAN, lambda t: _once(t.encode(), "  name: Тестова".encode(), "  name: Тестова".encode() + b"\xff")),
    "utf16-le-bom": _edit(PLAN, lambda t: codecs.BOM_UTF16_LE + t.encode("utf-16-le")),
    "utf16-be-bom": _edit(PLAN, lambda t: codecs.BOM_UTF16_BE + t.encode("utf-16-be")),
    "utf16-le-no-bom": _edit(PLAN, lambda t: t.encode("utf-16-le")),
    "utf8-bom": _edit(PLAN, lambda t: codecs.BOM_UTF8 + t.encode()),
    "utf8-bom-then-error": _edit(PLAN, lambda t: codecs.BOM_UTF8 + _once(t, "slug: testova", "slug: Testova").encode()),
    "latin1": _edit(PLAN, lambda t: re.sub(r"[^\x00-\x7f]+", "Café", t).encode("latin-1")),
    "cp1251": _edit(PLAN, lambda t: t.encode("cp1251")),
    "nul-byte": _edit(PLAN, lambda t: _once(t, "  slug: testova", "  slug: \x00testova")),
    "binary-png": _edit(PLAN, lambda t: _PNG),
    "control-character": _edit(PLAN, lambda t: _once(t, "громада", "гро\x1bмада")),
    "cr-only-line-endings": _edit(PLAN, _cr),
    "cr-only-bad-slug": _edit(PLAN, lambda t: _cr(_once(t, "slug: testova", "slug: Testova"))),
    "cr-only-nul-byte": _edit(PLAN, lambda t: _cr(_once(t, "  slug: testova", "  slug: \x00testova"))),
    "cr-only-directive": _edit(PLAN, lambda t: _cr(_once(t, *_DIRECTIVE))),
    "crlf-bad-slug": _edit(PLAN, lambda t: _once(t, "slug: testova", "slug: Testova").replace("\n", "\r\n")),
    "nel-line-endings": _edit(PLAN, lambda t: t.replace("\n", "\x85")),
    "nel-in-comment-hides-data": _edit(GOAL, _hide_after_separator("\x85")),
    "line-separator-in-comment-hides-data": _edit(GOAL, _hide_after_separator("\u2028")),
    "deep-flow-sequence": _edit(PLAN, lambda t: t + "notes: " + "[" * 10_000 + "]" * 10_000 + "\n"),
    "deep-flow-sequence-top-level": _edit(PLAN, lambda t: "[" * 10_000 + "]" * 10_000 + "\n"),
    "deep-flow-mapping": _edit(PLAN, lambda t: t + "notes: " + "{a: " * 10_000 + "}" * 10_000 + "\n"),
    "deep-block-mapping": _edit(PLAN, lambda t: t + "".join("  " * i + "a:\n" for i in range(100))),
    "oversized-file": _edit(PLAN, lambda t: t + "# " + "x" * LIMIT_BYTES + "\n"),
    "fifo-plan-file": _replace_with(PLAN, _fifo),
    "directory-named-plan-yaml": _replace_with(PLAN, lambda p: p.mkdir()),
    "symlink-loop-goal": _replace_with(GOAL, _symlink_loop),
    "symlink-loop-plan": _replace_with(PLAN, _symlink_loop),
}


def _committed_cases() -> list[str]:
    return sorted(p.name for p in CORPUS.iterdir() if p.is_dir() and not p.name.startswith("_"))


def _case_params() -> list[Any]:
    params = []
    for name in EXPECTED:
        marks = [pytest.mark.xfail(strict=True, reason=XFAIL[name])] if name in XFAIL else []
        params.append(pytest.param(name, marks=marks, id=name))
    return params


# ---------------------------------------------------------------------------------------------------
# Running the CLI
# ---------------------------------------------------------------------------------------------------


def _run_validate(folder: Path, config: Path) -> subprocess.CompletedProcess[str]:
    pythonpath = os.pathsep.join(p for p in (str(REPO / "src"), os.environ.get("PYTHONPATH", "")) if p)
    env = {**os.environ, "PYTHONPATH": pythonpath}
    env.pop("GITHUB_ACTIONS", None)
    return subprocess.run(
        [sys.executable, "-m", "stratplan", "validate", ".", "--format", "json", "--config", str(config)],
        cwd=folder, env=env, capture_output=True, text=True, encoding="utf-8", timeout=60, check=False,
    )


def _prepare(name: str, tmp_path: Path) -> tuple[Path, Path]:
    """The case folder in tmp_path (copied or built) and a default config that pins the rule set."""
    config = tmp_path / ".stratplan.yaml"
    config.write_text("fail_level: error\n", encoding="utf-8")
    folder = tmp_path / name
    if name in BUILDERS:
        shutil.copytree(BASE, folder)
        BUILDERS[name](folder)
    else:
        shutil.copytree(CORPUS / name, folder, symlinks=True)
    return folder, config


def _show(diagnostics: list[dict[str, Any]]) -> str:
    return "\n".join(f"  {d['file']}:{d['line']}:{d['column']}: {d['code']} [{d['severity']}] {d['message']}"
                     for d in diagnostics) or "  (no diagnostics)"


# ---------------------------------------------------------------------------------------------------
# Tests
# ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", _case_params())
def test_malformed_input_is_located(name: str, tmp_path: Path) -> None:
    folder, config = _prepare(name, tmp_path)
    expected = EXPECTED[name]
    result = _run_validate(folder, config)

    assert "Traceback" not in result.stderr, result.stderr
    assert result.returncode == (0 if expected is None else 1), (
        f"exit {result.returncode}\nstdout: {result.stdout[:2000]}\nstderr: {result.stderr[-2000:]}")
    data = json.loads(result.stdout)
    assert data["tool"] == "stratplan" and data["version"] == 1
    diagnostics: list[dict[str, Any]] = data["diagnostics"]
    for d in diagnostics:
        d["file"] = Path(d["file"]).as_posix()

    if expected is None:
        assert diagnostics == [], f"accepted input produced diagnostics:\n{_show(diagnostics)}"
        return
    code, file, line, col = expected
    pattern = MESSAGES.get(name, "")
    hits = [d for d in diagnostics
            if (d["code"], d["file"], d["line"], d["column"]) == (code, file, line, col)
            and re.search(pattern, d["message"])]
    assert hits, f"expected {file}:{line}:{col}: {code} /{pattern}/, got:\n{_show(diagnostics)}"
    assert all(d["severity"] == "error" for d in hits)
    # The other, unbroken files of the case are clean: at most consequences of the broken file not loading
    # (RF105 'unused catalog entry', an info).
    collateral = [d for d in diagnostics if d["file"] != file and d["severity"] != "info"]
    assert collateral == [], f"findings outside the broken file:\n{_show(collateral)}"


def test_base_plan_is_clean(tmp_path: Path) -> None:
    folder = tmp_path / "base"
    shutil.copytree(BASE, folder)
    config = tmp_path / ".stratplan.yaml"
    config.write_text("fail_level: info\n", encoding="utf-8")
    result = _run_validate(folder, config)
    assert result.returncode == 0, result.stdout + result.stderr
    assert json.loads(result.stdout)["diagnostics"] == []


def test_every_case_has_one_source_and_an_expectation() -> None:
    committed = set(_committed_cases())
    generated = set(BUILDERS)
    assert not committed & generated, "a case is both committed and generated"
    assert committed | generated == set(EXPECTED), "corpus folders, builders and the table disagree"
    assert set(XFAIL) <= set(EXPECTED) and set(MESSAGES) <= set(EXPECTED)
    assert len(EXPECTED) >= 45


@pytest.mark.parametrize("name", _committed_cases())
def test_committed_case_breaks_exactly_one_file(name: str) -> None:
    folder = CORPUS / name
    base_files = sorted(p.relative_to(BASE).as_posix() for p in BASE.rglob("*") if p.is_file())
    case_files = sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())
    assert case_files == base_files, "a committed case has the base's files, no more, no fewer"
    changed = [rel for rel in base_files if (folder / rel).read_bytes() != (BASE / rel).read_bytes()]
    assert len(changed) == 1, f"expected exactly one broken file, changed: {changed}"
    expected = EXPECTED[name]
    if expected is not None:
        assert changed == [expected[1]], "the broken file is the one the table names"
    assert all(p.stat().st_size <= MAX_COMMITTED_BYTES for p in folder.rglob("*") if p.is_file())


@pytest.mark.parametrize("name", ["amount-comma-string", "amount-comma-block", "amount-comma-flow", "amount-comma-flow-twice"])
def test_a_decimal_comma_is_one_diagnostic_that_says_to_write_a_dot(name: str, tmp_path: Path) -> None:
    folder, config = _prepare(name, tmp_path)
    diagnostics = json.loads(_run_validate(folder, config).stdout)["diagnostics"]
    in_goal = [d for d in diagnostics if Path(d["file"]).as_posix() == GOAL]
    code, _file, line, column = EXPECTED[name]
    assert [(d["code"], d["line"], d["column"]) for d in in_goal] == [(code, line, column)], _show(diagnostics)
    assert re.search(MESSAGES[name], in_goal[0]["message"]), in_goal[0]["message"]


@pytest.mark.parametrize("text", ["a: {2024: 100,2025: 5}\n", "a: {2024: 100, 0: 1}\n", "a: {2024: 100, 5}\n",
                                  "a: [100,0]\n", "a: {x: '100,0'}\n", "a: {2024: 1.5,2025: 2}\n"])
def test_a_comma_that_separates_entries_is_not_a_decimal_comma(text: str) -> None:
    from stratplan.io.yamlio import load_bytes

    assert load_bytes(text.encode(), "f.yaml").data is not None
