"""Build the benchmark corpus: N communities made from the three real plans under new slugs and names.

Copy i is real plan i % 3 with its slug `<slug>_NNNN`, its community name and document and goal titles
marked with the copy number, a marker comment in every file, and every planned amount and declared
total multiplied by a per-copy factor drawn from the seed (2 to 9, exact decimal arithmetic). Scaling
every amount of a plan by the same factor keeps every sum that adds up adding up, and every one that
does not still off, so each copy has the diagnostics of its original (same codes, same places); no two
files are identical, so a cache cannot answer for a copy from another.

With `--monitoring-years N` every copy also gets synthetic monitoring reports for the last N years up to 2024
that lie in its plan period (an action plan's one year otherwise), drawn from the seed per copy and year:
filled (55%: every active item with a status and dates, actual money per planned source at 80-110% of the
plan, indicator values near their targets, and a `submitted` date before or after the deadline, or none),
blank (20%: what `stratplan monitor init` writes) or missing (25%); `--monitoring-kind blank` or `filled` makes
every year's report of that kind (bench/run.py compares plans with blank, filled and no reports). Filled reports are
made once per real plan and year and scaled with the copy's factor, so they add up as the copy's plan does; every one is marked
`illustrative: true`. They validate without errors.

    python bench/build_corpus.py [--count 1469] [--seed 8] [--monitoring-years 3] [--monitoring-kind mixed|blank|filled]
        [--out build/bench/corpus/plans]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import re
import shutil
import sys
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SOURCES = sorted((REPO / "plans").iterdir())
NATIONAL = 1469
LAST_YEAR = 2024

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


@dataclass
class Item:
    """One item of a synthetic report: status, dates, actual money per source (unscaled), indicator values."""

    code: str
    status: str
    started: dt.date | None = None
    completed: dt.date | None = None
    actual: dict[str, Decimal] = field(default_factory=dict)
    indicators: dict[int, Decimal] = field(default_factory=dict)
    comment: str | None = None


@dataclass
class Year:
    """A real plan's synthetic report for one year, and the blank one `monitor init` writes."""

    year: int
    items: list[Item]
    blank: str


def _near(value: Decimal, rng: random.Random, low: int, high: int) -> Decimal:
    """The value times a factor from low% to high%, with the value's own decimals (at least one)."""
    places = min(value.as_tuple().exponent, -1) if isinstance(value.as_tuple().exponent, int) else -1
    return (value * Decimal(rng.randint(low, high)) / 100).quantize(Decimal(1).scaleb(places), ROUND_HALF_UP)


def _synthetic_years(source: Path, count: int, rng: random.Random) -> list[Year]:
    """Synthetic reports of a real plan for its last `count` years up to LAST_YEAR in its period."""
    sys.path.insert(0, str(REPO / "src"))
    from stratplan import api
    from stratplan.compute.monitoring import active_nodes, effective_term, planned_for
    from stratplan.model.monitoring import Period
    from stratplan.plan.tree import carries_money

    plan = api.load_plan(source)
    view = plan.view
    assert view.meta is not None
    period = view.meta.document.period
    years = [y for y in range(LAST_YEAR - count + 1, LAST_YEAR + 1) if period.start <= y <= period.end]
    years = years or list(range(period.start, period.end + 1))[-count:]
    out = []
    for year in years:
        report = Period(year=year)
        items = []
        for node in active_nodes(view, report):
            term = effective_term(view, node)
            assert term is not None
            first, last = term.first_day(), term.last_day()
            assert first is not None and last is not None
            ends = last <= report.end
            status = rng.choices(["completed", "in_progress", "not_started"], [6, 3, 1] if ends else [1, 7, 2])[0]
            item = Item(node.code, status)
            if status != "not_started":
                item.started = max(first, dt.date(year, 1, 1)) + dt.timedelta(days=rng.randint(0, 60))
            if status == "completed":
                assert item.started is not None
                item.completed = min(report.end, item.started + dt.timedelta(days=rng.randint(30, 250)))
            if carries_money(node) and status != "not_started":
                planned, _unknown = planned_for(view, node, year)
                item.actual = {s: _near(v, rng, 80, 110) for s, v in sorted(planned.items()) if v > 0}
            for position, indicator in enumerate(node.indicators, start=1):
                target = indicator.targets.get(year)
                if target is not None and status != "not_started":
                    item.indicators[position] = _near(Decimal(target), rng, 70, 120)
            if rng.random() < 0.1:
                item.comment = "Синтетичні дані для вимірювань (benchmark)."
            items.append(item)
        out.append(Year(year, items, api.monitoring_scaffold(plan, report)))
    return out


def _date(value: dt.date | None) -> str:
    return value.isoformat() if value else ""


def _filled(year: Year, factor: int, submitted: dt.date | None, marker: str) -> str:
    lines = ["schema_version: 1", marker, f"period: {{year: {year.year}}}"]
    if submitted is not None:
        lines.append(f"submitted: {submitted.isoformat()}")
    lines += ["illustrative: true", "items:" if year.items else "items: {}"]
    for item in year.items:
        lines += [f"  {json.dumps(item.code)}:", f"    status: {item.status}"]
        lines += [f"    {name}: {_date(value)}" for name, value in (("started", item.started), ("completed", item.completed))
                  if value is not None]
        if item.actual:
            lines += ["    actual:", *(f"      {source}: {amount * factor}" for source, amount in item.actual.items())]
        if item.indicators:
            lines += ["    indicators:", *(f"      {position}: {value}" for position, value in item.indicators.items())]
        if item.comment:
            lines.append(f"    comment: {json.dumps(item.comment, ensure_ascii=False)}")
    return "\n".join(lines) + "\n"


def _monitoring(years: list[Year], factor: int, number: int, rng: random.Random, only: str = "mixed") -> dict[str, str]:
    """A copy's monitoring files by name: each year filled, blank or missing, as drawn (or all of the kind `only`)."""
    files = {}
    for year in years:
        marker = f"# benchmark copy {number:04d}, synthetic monitoring, amounts x{factor}"
        kind = rng.choices(["filled", "blank", "missing"], [55, 20, 25])[0]
        kind = kind if only == "mixed" else only
        if kind == "blank":
            head, rest = year.blank.split("\n", 1)
            files[f"{year.year}.yaml"] = f"{head}\n{marker}\n{rest}"
        elif kind == "filled":
            deadline = dt.date(year.year + 1, 3, 31)
            timing = rng.choices(["on_time", "late", "none"], [65, 25, 10])[0]
            submitted = (deadline - dt.timedelta(days=rng.randint(0, 80)) if timing == "on_time" else
                         deadline + dt.timedelta(days=rng.randint(1, 120)) if timing == "late" else None)
            files[f"{year.year}.yaml"] = _filled(year, factor, submitted, marker)
    return files


def build(count: int, seed: int, out: Path, monitoring_years: int = 0, monitoring_kind: str = "mixed") -> tuple[int, int]:
    """Write `count` plan folders under `out` (emptied first), with synthetic monitoring for `monitoring_years`
    (filled, blank or missing as drawn, or all `monitoring_kind`); return (files, bytes)."""
    rng = random.Random(seed)
    reports = random.Random(seed + 1)
    synthetic = {source.name: _synthetic_years(source, monitoring_years, random.Random(f"{seed}/{source.name}"))
                 for source in SOURCES} if monitoring_years else {}
    if out.exists():
        shutil.rmtree(out)
    files = size = 0
    for number in range(count):
        source = SOURCES[number % len(SOURCES)]
        factor = rng.randint(2, 9)
        new_slug = f"{source.name}_{number:04d}"
        texts = {path.relative_to(source).as_posix(): _copy_file(path.read_text(encoding="utf-8"),
                                                                 path.relative_to(source).as_posix(), source.name,
                                                                 new_slug, number, factor)
                 for path in sorted(source.rglob("*.yaml"))}
        if monitoring_years:
            texts.update({f"monitoring/{name}": text for name, text in
                          _monitoring(synthetic[source.name], factor, number, reports, monitoring_kind).items()})
        for rel, text in texts.items():
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
    parser.add_argument("--monitoring-years", type=int, default=0,
                        help="synthetic monitoring reports per copy for the last N years up to 2024 (default none)")
    parser.add_argument("--monitoring-kind", choices=["mixed", "blank", "filled"], default="mixed",
                        help="every report blank (as monitor init writes it) or filled; default: drawn per year")
    parser.add_argument("--out", type=Path, default=REPO / "build" / "bench" / "corpus" / "plans")
    args = parser.parse_args()
    files, size = build(args.count, args.seed, args.out, args.monitoring_years, args.monitoring_kind)
    print(f"{args.count} communities, {files} files, {size / 1e6:.1f} MB in {args.out}")


if __name__ == "__main__":
    main()
