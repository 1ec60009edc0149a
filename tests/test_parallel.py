"""The fast paths give what the reference paths give: the C parser against ruamel's pure parser, and
worker processes against one process (the cache is covered in test_cache.py).

The parser check runs on the real plans, the fixtures, the malformed corpus (committed and generated
cases) and seeded mutations of the real plans: for every file both paths yield the same data, positions
and scalar spans, or the same diagnostics.
"""

from __future__ import annotations

import functools
import random
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from conftest import CliRun
from stratplan import api
from stratplan.check.config import LintConfig
from stratplan.core.diagnostics import StratplanError
from stratplan.io import yamlio
from stratplan.model.monitoring import Period
from stratplan.pipeline.lint import lint_paths

REPO = Path(__file__).resolve().parent.parent
MALFORMED = REPO / "tests" / "malformed"
SOURCES = [REPO / "plans", REPO / "tests" / "fixtures", MALFORMED]
MUTATIONS = 1500
_NOISE = [":", " ", "\n", "-", "[", "]", "{", "}", "'", '"', "#", "&a ", "*a", "!", "\t", "|", ">", "? ", ",",
          "\\", "%", "@", "`", "  ", "\r", "\r\n", "...", "---", "0x1", "1e3", "~", "\\u0041", "'\"", "я"]


def _outcome(parse: Any, raw: bytes) -> Any:
    try:
        doc = parse(yamlio.decode(raw, "f.yaml"), "f.yaml")
    except StratplanError as exc:
        return ("error", exc.diagnostics)
    if doc is None:
        return None
    return ("ok", repr(doc.data), doc.values, doc.keys, doc.scalar_spans)


def _both(text: str | bytes) -> tuple[Any, Any]:
    raw = text.encode("utf-8", errors="surrogatepass") if isinstance(text, str) else text
    return _outcome(yamlio.parse_text, raw), _outcome(yamlio.parse_text_reference, raw)


def _corpus_files() -> list[tuple[str, bytes]]:
    found = []
    for source in SOURCES:
        for path in sorted(source.rglob("*.yaml")):
            if path.is_file() and not path.is_symlink():
                found.append((str(path.relative_to(REPO)), path.read_bytes()))
    return found


def _generated_files(tmp_path: Path) -> list[tuple[str, bytes]]:
    from tests.test_malformed import BASE, BUILDERS

    found = []
    for name, build in BUILDERS.items():
        folder = tmp_path / name
        shutil.copytree(BASE, folder)
        try:
            build(folder)
        except OSError:  # pragma: no cover - a FIFO or symlink the platform refuses
            continue
        for path in sorted(folder.rglob("*.yaml")):
            if path.is_file() and not path.is_symlink() and path.stat().st_size < 6_000_000:
                found.append((f"{name}/{path.relative_to(folder)}", path.read_bytes()))
    return found


def _mutate(text: str, rng: random.Random) -> str:
    lines = text.splitlines(keepends=True)
    start = rng.randrange(len(lines))
    window = "".join(lines[start:start + rng.randint(1, 40)])
    for _ in range(rng.randint(1, 4)):
        at = rng.randrange(len(window) + 1)
        cut = rng.choice([0, 0, 1, 2, 5])
        window = window[:at] + rng.choice(_NOISE) + window[at + cut:]
    return window


@pytest.mark.skipif(yamlio._C_PARSER is None, reason="PyYAML is built without libyaml here: only one parser")
def test_fast_parser_reads_every_real_plan_file() -> None:
    for path in sorted((REPO / "plans").rglob("*.yaml")):
        assert yamlio.parse_text_fast(path.read_text(encoding="utf-8"), str(path)) is not None, path


@pytest.mark.skipif(yamlio._C_PARSER is None, reason="PyYAML is built without libyaml here: only one parser")
def test_fast_parser_matches_the_reference_on_the_corpus() -> None:
    for name, raw in _corpus_files():
        fast, reference = _both(raw)
        assert fast == reference, name


@pytest.mark.skipif(yamlio._C_PARSER is None, reason="PyYAML is built without libyaml here: only one parser")
def test_fast_parser_matches_the_reference_on_generated_malformed_cases(tmp_path: Path) -> None:
    for name, raw in _generated_files(tmp_path):
        fast, reference = _both(raw)
        assert fast == reference, name


@pytest.mark.skipif(yamlio._C_PARSER is None, reason="PyYAML is built without libyaml here: only one parser")
def test_fast_parser_matches_the_reference_on_seeded_mutations() -> None:
    rng = random.Random(8)
    texts = [raw.decode("utf-8", errors="replace") for _name, raw in _corpus_files() if raw]
    for number in range(MUTATIONS):
        text = _mutate(rng.choice(texts), rng)
        fast, reference = _both(text)
        assert fast == reference, f"mutation {number}: {text!r}"


@functools.cache
def _blank_monitoring_files() -> tuple[tuple[str, str], ...]:
    """What `monitor init` writes for every real plan and each year of its period (up to seven): every value empty,
    the planned figures as comments."""
    found = []
    for root in sorted(p for p in (REPO / "plans").iterdir() if (p / "plan.yaml").is_file()):
        plan = api.load_plan(root)
        assert plan.view.meta is not None
        period = plan.view.meta.document.period
        for year in range(period.start, min(period.end, period.start + 6) + 1):
            found.append((f"{root.name}/monitoring/{year}.yaml", api.monitoring_scaffold(plan, Period(year=year))))
    return tuple(found)


@pytest.mark.skipif(yamlio._C_PARSER is None, reason="PyYAML is built without libyaml here: only one parser")
def test_blank_monitoring_files_stay_on_the_fast_path(tmp_path: Path, run_cli: Callable[..., CliRun]) -> None:
    root = tmp_path / "melitopol"
    shutil.copytree(REPO / "plans" / "melitopol", root)
    assert run_cli("monitor", "init", str(root), "--period", "2023").code == 0
    written = (root / "monitoring" / "2023.yaml").read_text(encoding="utf-8")
    files = [("monitor init", written), *_blank_monitoring_files()]
    assert len(files) > 10
    for name, text in files:
        assert ":\n" in text and ":  #" in text, name  # empty values, some followed by a comment
        fast = yamlio.parse_text_fast(text, name)
        assert fast is not None, name  # read by libyaml's path, not handed to the reference parser
        assert _outcome(yamlio.parse_text, text.encode()) == _outcome(yamlio.parse_text_reference, text.encode()), name


EMPTY_VALUES = {
    # libyaml marks an empty block value right after its ':', ruamel at the next token: the fast path moves the mark
    "comment after": "a:  # c\nb: 1\n", "nested, comments": "x:\n  a:  # c\n  b:  # d\n  c:\ny: 1\n",
    "blank and comment lines": "x:\n  a:\n\n  # zz\n  b: 1\n", "in a sequence item": "- a:\n  b:\n-\n",
    "end of stream": "a:\n  b:\n", "end, no line break": "a:\n  b:", "end after a comment": "a:\n  b:\n# end",
    "CRLF": "a:\r\n  b:\r\n  c: 1\r\n", "CR": "a:\r  b:\r  c: 1\r", "trailing blanks": "a:   \n   \n  \nb:\n",
    "deeper comment": "x:\n  a:\n    # c\n  b:\n", "quoted key next": 'a:\n"b": 1\n',
    "empty list items": "x:\n  - \n  -  # c\n  - y\n",
}
EMPTY_VALUES_FOR_THE_REFERENCE = {  # left to the reference parser: the paths still agree
    "explicit key next": "a:\n? b\n: c\n", "document end next": "a:\n...\n", "flow": "{a: , b: }\n",
    "tab next": "a:\n\tb: 1\n", "empty key": "? \n: x\n",
}


@pytest.mark.skipif(yamlio._C_PARSER is None, reason="PyYAML is built without libyaml here: only one parser")
@pytest.mark.parametrize("name", [*EMPTY_VALUES, *EMPTY_VALUES_FOR_THE_REFERENCE])
def test_empty_values_read_alike_on_both_paths(name: str) -> None:
    text = EMPTY_VALUES.get(name) or EMPTY_VALUES_FOR_THE_REFERENCE[name]
    assert (yamlio.parse_text_fast(text, "f.yaml") is not None) == (name in EMPTY_VALUES)
    fast, reference = _both(text)
    assert fast == reference


@pytest.mark.skipif(yamlio._C_PARSER is None, reason="PyYAML is built without libyaml here: only one parser")
def test_fast_parser_matches_the_reference_on_mutated_blank_monitoring_files() -> None:
    rng = random.Random(21)
    texts = [text for _name, text in _blank_monitoring_files()]
    for number in range(MUTATIONS // 3):
        text = _mutate(rng.choice(texts), rng)
        fast, reference = _both(text)
        assert fast == reference, f"mutation {number}: {text!r}"


def test_jobs_give_the_same_result_as_one_process(tmp_path: Path) -> None:
    shutil.copytree(REPO / "plans", tmp_path / "plans")
    shutil.copytree(REPO / "tests" / "fixtures", tmp_path / "fixtures")
    paths = [tmp_path / "plans", tmp_path / "fixtures" / "broken", tmp_path / "fixtures" / "monitored"]
    one = lint_paths(paths, LintConfig(), jobs=1)
    two = lint_paths(paths, LintConfig(), jobs=2)
    assert two.diagnostics == one.diagnostics
    assert (two.files, [p.root for p in two.plans]) == (one.files, [p.root for p in one.plans])
