"""The fast paths give what the reference paths give: the C parser against ruamel's pure parser, and
worker processes against one process (the cache is covered in test_cache.py).

The parser check runs on the real plans, the fixtures, the malformed corpus (committed and generated
cases) and seeded mutations of the real plans: for every file both paths yield the same data, positions
and scalar spans, or the same diagnostics.
"""

from __future__ import annotations

import random
import shutil
from pathlib import Path
from typing import Any

import pytest

from stratplan.check.config import LintConfig
from stratplan.core.diagnostics import StratplanError
from stratplan.io import yamlio
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


def test_jobs_give_the_same_result_as_one_process(tmp_path: Path) -> None:
    shutil.copytree(REPO / "plans", tmp_path / "plans")
    shutil.copytree(REPO / "tests" / "fixtures", tmp_path / "fixtures")
    paths = [tmp_path / "plans", tmp_path / "fixtures" / "broken", tmp_path / "fixtures" / "monitored"]
    one = lint_paths(paths, LintConfig(), jobs=1)
    two = lint_paths(paths, LintConfig(), jobs=2)
    assert two.diagnostics == one.diagnostics
    assert (two.files, [p.root for p in two.plans]) == (one.files, [p.root for p in one.plans])
