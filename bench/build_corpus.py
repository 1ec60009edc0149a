"""Build the benchmark corpus: N communities made from the three real plans under new slugs and names.

Copy i is real plan i % 3 with its slug `<slug>_NNNN`, its community name and document and goal titles
marked with the copy number, a marker comment in every file, and every planned amount and declared
total multiplied by a per-copy factor drawn from the seed (2 to 9, exact decimal arithmetic). Scaling
every amount of a plan by the same factor keeps every sum that adds up adding up, and every one that
does not still off, so each copy has the diagnostics of its original (same codes, same places); no two
files are identical, so a cache cannot answer for a copy from another.

    python bench/build_corpus.py [--count 1469] [--seed 8] [--out build/bench/corpus/plans]
"""

from __future__ import annotations

import argparse
import random
import re
import shutil
from decimal import Decimal
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SOURCES = sorted((REPO / "plans").iterdir())
NATIONAL = 1469

_AMOUNT_IN_YEARS = re.compile(r"(\b20\d\d: )(-?\d+(?:\.\d+)?)(?=[,}])")
_TOTAL = re.compile(r"^([ ]*(?:- )?total: )(-?\d+(?:\.\d+)?)[ ]*$", re.MULTILINE)
_YEARS_LINE = re.compile(r"^[ ]*(?:- )?years: \{.*\}[ ]*$", re.MULTILINE)
_TOP_TITLE = re.compile(r'^(title: "|  title: ")(.*)(")$', re.MULTILINE)


def _scale(text: str, factor: int) -> str:
    """Multiply every amount in `years: {...}` maps and `total:` lines by the factor; years stay as they are."""
    def scale_number(match: re.Match[str]) -> str:
        return match.group(1) + str(Decimal(match.group(2)) * factor)

    def scale_years(line: re.Match[str]) -> str:
        return _AMOUNT_IN_YEARS.sub(scale_number, line.group(0))

    return _TOTAL.sub(scale_number, _YEARS_LINE.sub(scale_years, text))


def _mark_titles(text: str, number: int, top_only: bool) -> str:
    pattern = re.compile(r'^(title: ")(.*)(")$', re.MULTILINE) if top_only else _TOP_TITLE
    return pattern.sub(lambda m: f"{m.group(1)}{m.group(2)} (копія {number:04d}){m.group(3)}", text, count=0)


def _copy_file(text: str, rel: str, slug: str, new_slug: str, number: int, factor: int) -> str:
    lines = text.split("\n", 1)
    marker = f"# benchmark copy {number:04d} of {slug}, amounts x{factor}"
    text = lines[0] + "\n" + marker + "\n" + (lines[1] if len(lines) > 1 else "")
    if rel == "plan.yaml":
        text = text.replace(f'slug: "{slug}"', f'slug: "{new_slug}"', 1)
        text = re.sub(r'^(  name: ")(.*)(")$', lambda m: f"{m.group(1)}{m.group(2)} №{number:04d}{m.group(3)}",
                      text, count=1, flags=re.MULTILINE)
        text = _mark_titles(text, number, top_only=False)
        return _scale(text, factor)
    if rel.startswith("goals/"):
        return _scale(_mark_titles(text, number, top_only=True), factor)
    return text


def build(count: int, seed: int, out: Path) -> tuple[int, int]:
    """Write `count` plan folders under `out` (emptied first); return (files, bytes)."""
    rng = random.Random(seed)
    if out.exists():
        shutil.rmtree(out)
    files = size = 0
    for number in range(count):
        source = SOURCES[number % len(SOURCES)]
        factor = rng.randint(2, 9)
        new_slug = f"{source.name}_{number:04d}"
        for path in sorted(source.rglob("*.yaml")):
            rel = path.relative_to(source).as_posix()
            text = _copy_file(path.read_text(encoding="utf-8"), rel, source.name, new_slug, number, factor)
            target = out / new_slug / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            data = text.encode("utf-8")
            target.write_bytes(data)
            files, size = files + 1, size + len(data)
    return files, size


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=NATIONAL, help="communities to build (default 1469)")
    parser.add_argument("--seed", type=int, default=8)
    parser.add_argument("--out", type=Path, default=REPO / "build" / "bench" / "corpus" / "plans")
    args = parser.parse_args()
    files, size = build(args.count, args.seed, args.out)
    print(f"{args.count} communities, {files} files, {size / 1e6:.1f} MB in {args.out}")


if __name__ == "__main__":
    main()
