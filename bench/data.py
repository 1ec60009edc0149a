"""Time the national data commands over the benchmark corpus with synthetic monitoring, and write their figures.

The corpus is `bench/build_corpus.py --monitoring-years 3` (copies of the real plans, each with filled, blank
or missing reports for three years). Whole commands run as child processes from the corpus folder, timed with
the peak memory of their process tree (as `bench/run.py` does): `validate` with an empty cache (what reading and
checking the files costs on its own), the Parquet export with an empty cache and a warm one, the data package,
`status`, and `query` over the export and over the plans. Then the views are
queried inside this process over the export (DuckDB, after connecting), so the figure is the query's own time:
each query once cold and the median of five runs.

    python bench/build_corpus.py --count 1469 --monitoring-years 3 --out build/bench/data-corpus/plans
    python bench/data.py [--corpus build/bench/data-corpus/plans] [--into bench/RESULTS.md]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "bench"))
sys.path.insert(0, str(REPO / "src"))

from run import Timing, _corpus_size, _machine, timed  # noqa: E402 - bench/run.py, found through the path above

START, END = "<!-- data-bench:start -->", "<!-- data-bench:end -->"
QUERIES = {
    "budget: planned money by oblast and year": (
        "SELECT oblast, year, sum(amount_thousand_uah) AS planned FROM budget "
        "WHERE level = 'plan' AND basis = 'computed' GROUP BY ALL ORDER BY ALL"),
    "execution: share of planned money spent by oblast and year": (
        "SELECT oblast, year, sum(planned_thousand_uah) AS planned, sum(actual_thousand_uah) AS spent, "
        "round(100 * sum(actual_thousand_uah) / sum(planned_thousand_uah), 1) AS rate FROM execution "
        "WHERE breakdown = 'source' AND actual IS NOT NULL GROUP BY ALL ORDER BY ALL"),
    "overdue: items overdue by oblast and period": (
        "SELECT oblast, period, count(*) AS items FROM overdue GROUP BY ALL ORDER BY ALL"),
    "reporting_status: reports owed by state and timeliness": (
        "SELECT period, state, timeliness, count(*) AS reports FROM reporting_status WHERE expected "
        "GROUP BY ALL ORDER BY ALL"),
    "nodes: communities planning services for children (text search)": (
        "SELECT count(DISTINCT community) AS communities FROM nodes WHERE title ILIKE '%дітей%'"),
}


def _commands(plans: Path, work: Path) -> list[Timing]:
    corpus = plans.parent
    stratplan = [sys.executable, "-m", "stratplan"]
    env = {**os.environ, "PYTHONPATH": str(REPO / "src"), "CI": "true"}
    env.pop("GITHUB_ACTIONS", None)
    cache = ["--cache-dir", str(work / "cache")]
    parquet = work / "parquet"
    export = [*stratplan, "export", "plans/", "--format", "parquet", "--out", str(parquet), *cache]
    budget_sql = QUERIES["budget: planned money by oblast and year"]
    results = [
        timed("validate, cold (for comparison: the same files read and checked)", [
            *stratplan, "validate", "plans/", "-f", "concise", "--cache-dir", str(work / "validate-cache")], corpus, env),
        timed("export parquet, cold (empty cache, -j default)", export, corpus, env),
        timed("export parquet, warm (nothing changed)", export, corpus, env),
        timed("export datapackage, warm", [*stratplan, "export", "plans/", "--format", "datapackage", "--out",
                                           str(work / "package"), *cache], corpus, env),
        timed("status --period 2023, warm", [*stratplan, "status", "plans/", "--period", "2023", "-f", "csv",
                                             *cache], corpus, env),
        timed("query budget view over the export (whole command)", [*stratplan, "query", budget_sql, str(parquet)],
              corpus, env),
        timed("query budget view over the plans, warm (whole command)", [*stratplan, "query", budget_sql, "plans/",
                                                                         *cache], corpus, env),
    ]
    return results


def _queries(parquet: Path) -> list[tuple[str, float, float, int]]:
    """(name, cold seconds, median of five seconds, rows) of each view query, inside this process."""
    from stratplan.pipeline.query import connect_export, run

    started = time.perf_counter()
    con = connect_export(parquet)
    connect = time.perf_counter() - started
    out = [("connect to the export (views over the Parquet files)", connect, connect, 0)]
    for name, sql in QUERIES.items():
        started = time.perf_counter()
        rows = len(run(con, sql).rows)
        cold = time.perf_counter() - started
        times = []
        for _ in range(5):
            started = time.perf_counter()
            run(con, sql)
            times.append(time.perf_counter() - started)
        out.append((name, cold, statistics.median(times), rows))
    return out


def _export_size(parquet: Path) -> tuple[int, int, dict[str, int]]:
    files = [p for p in parquet.rglob("*.parquet")]
    manifest = json.loads((parquet / "_stratplan.json").read_text(encoding="utf-8"))
    return len(files), sum(p.stat().st_size for p in files), {t["name"]: t["rows"] for t in manifest["tables"]}


def report(plans: Path, commands: list[Timing], queries: list[tuple[str, float, float, int]],
           export: tuple[int, int, dict[str, int]]) -> str:
    files, size = _corpus_size(plans)
    monitoring = len(list(plans.glob("*/monitoring/*.yaml")))
    count, parquet_bytes, rows = export
    lines = [START, "## National data: Parquet export and SQL views", "",
             "Generated by `bench/data.py` (corpus: `bench/build_corpus.py --monitoring-years 3`).", "",
             *_machine(), "",
             f"- corpus: {len(list(plans.glob('*/plan.yaml')))} plans, {files} files ({monitoring} monitoring reports), "
             f"{size / 1e6:.1f} MB",
             f"- export: {count} Parquet files, {parquet_bytes / 1e6:.1f} MB; rows: "
             + ", ".join(f"{name} {number:,}" for name, number in rows.items()), "",
             "| command | wall s | peak MB (process tree) | exit |", "|---|---:|---:|---:|"]
    lines += [f"| {t.name} | {t.seconds:.2f} | {t.tree_peak_mb:.0f} | {t.exit_code} |" for t in commands]
    lines += ["", "Queries over the export inside one process (DuckDB; the connection creates the views over the "
              "files):", "", "| query | first run ms | median of 5 ms | rows |", "|---|---:|---:|---:|"]
    lines += [f"| {name} | {cold * 1000:.0f} | {median * 1000:.0f} | {found} |" for name, cold, median, found in queries]
    return "\n".join([*lines, END]) + "\n"


def splice(target: Path, section: str) -> None:
    """Put the section into the file between its markers, or at its end."""
    text = target.read_text(encoding="utf-8") if target.exists() else ""
    if START in text and END in text:
        before, rest = text.split(START, 1)
        text = before + section.rstrip("\n") + rest.split(END, 1)[1]
    else:
        text = text.rstrip("\n") + "\n\n" + section
    target.write_text(text, encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=REPO / "build" / "bench" / "data-corpus" / "plans")
    parser.add_argument("--into", type=Path, default=None, help="splice the figures into this Markdown file")
    args = parser.parse_args()
    plans = args.corpus.resolve()
    work = Path(tempfile.mkdtemp(prefix="stratplan-data-bench-"))
    try:
        commands = _commands(plans, work)
        queries = _queries(work / "parquet")
        for name, cold, median, rows in queries:
            print(f"{name:<70} {cold * 1000:7.0f} ms first, {median * 1000:7.0f} ms median, {rows} rows", flush=True)
        section = report(plans, commands, queries, _export_size(work / "parquet"))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    if args.into is not None:
        splice(args.into, section)
        print(f"figures written to {args.into}")
    else:
        print(section)


if __name__ == "__main__":
    main()
