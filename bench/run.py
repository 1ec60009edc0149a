"""Time whole commands over the benchmark corpus, beside their peers in the same run, and write bench/RESULTS.md.

Every command runs as a child process from the corpus folder (so paths are `plans/...`), its output discarded. For
each run: wall time; CPU time (user + system of the child and every process it waited for, workers included, from
`wait4`), so a command using two cores is compared with a one-core peer by CPU as well as by wall time; peak memory,
the summed RSS of the child's process tree sampled from /proc every 20 ms (and at least the largest single process's
peak from `wait4`).

The runs are paired and repeated: `--runs N` rounds (default 3), each round running every command once in the same
order with a fresh cache folder (cold, then warm, as a user's CI would), so a drift of the shared machine's speed hits
a command and its peer alike. Each figure is given as min / median / max over the rounds, and each ratio to a peer is
computed within a round, then summarised the same way.

The peers: yamllint (syntax only: `rules: {}`, bench/yamllint-syntax.yaml), check-jsonschema against schemas/ (one
run per file kind, summed), and the parse limit: PyYAML's C loader composing every file in one process
(bench/parse_limit.py), against `validate -j 1` and against stratplan's loader alone. The monitoring section builds
three small corpora with bench/build_corpus.py (no reports, every report blank as `monitor init` writes it, every
report filled; `--monitoring-years` years each) and times `validate -j 1` on each. Timings of `changes`, `diff` and
`export` (with GNU `diff -r` as the peer of `changes`) are another section's.

    python bench/run.py [--corpus build/bench/corpus/plans] [--runs 3] [--out bench/RESULTS.md]
        [--monitoring-count 100] [--monitoring-years 7] [--only 'no-cache -j 1,C compose,loader alone']

`--only` runs the steps whose names hold one of the parts (the report then leaves out the ratios and targets that
need a step not run). Parts are separated by commas, or by semicolons when there is one (step names hold commas:
`--only 'validate, cold (empty cache;budget, first run'` runs those two and not `fmt --check, cold (empty cache...`).
The figures of every finished round are written as the run goes.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
sys.path.insert(0, str(REPO / "bench"))


@dataclass
class Run:
    """One timed run of one command."""

    wall: float
    cpu: float
    peak_mb: float
    exit_code: int


@dataclass
class Row:
    """A command and its runs, one per round."""

    name: str
    runs: list[Run] = field(default_factory=list)
    whole_corpus: bool = True
    group: str = "validate"

    def median(self, what: str = "wall") -> float:
        return statistics.median(getattr(r, what) for r in self.runs)


def _tree_rss_kb(pid: int) -> int:
    total, stack = 0, [pid]
    while stack:
        current = stack.pop()
        try:
            status = Path(f"/proc/{current}/status").read_text()
            total += int(next(line.split()[1] for line in status.splitlines() if line.startswith("VmRSS:")))
            for task in Path(f"/proc/{current}/task").iterdir():
                stack += [int(c) for c in (task / "children").read_text().split()]
        except (OSError, StopIteration, ValueError):
            continue
    return total


def timed(command: list[str], cwd: Path, env: dict[str, str]) -> Run:
    """Run a command, discarding its output: wall time, CPU time of its process tree, peak memory of the tree."""
    start = time.perf_counter()
    child = subprocess.Popen(command, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    peak, done = [0], threading.Event()

    def sample() -> None:
        while not done.is_set():
            peak[0] = max(peak[0], _tree_rss_kb(child.pid))
            done.wait(0.02)

    sampler = threading.Thread(target=sample)
    sampler.start()
    _pid, status, usage = os.wait4(child.pid, 0)  # the child's usage and that of every process it waited for
    seconds = time.perf_counter() - start
    done.set()
    sampler.join()
    child.returncode = os.waitstatus_to_exitcode(status)
    peak_kb = max(peak[0], usage.ru_maxrss)
    return Run(seconds, usage.ru_utime + usage.ru_stime, peak_kb / 1024, child.returncode)


def _tool(name: str) -> str:
    found = BIN / name
    return str(found) if found.exists() else (shutil.which(name) or name)


def _corpus_size(plans: Path) -> tuple[int, int, int]:
    files = [p for p in plans.rglob("*.yaml") if p.is_file()]
    monitoring = sum(1 for p in files if p.parent.name == "monitoring")
    return len(files), sum(p.stat().st_size for p in files), monitoring


@dataclass
class Step:
    """One command of a round: its row, the command line (made when the round runs), what to do around it."""

    row: Row
    command: Callable[[Path], list[str]]
    before: Callable[[], Callable[[], None] | None] | None = None


def _edit_one(path: Path) -> Callable[[], Callable[[], None] | None]:
    def edit() -> Callable[[], None]:
        original = path.read_bytes()
        path.write_bytes(original + b"\n# edited by bench/run.py\n")
        return lambda: path.write_bytes(original)

    return edit


def steps(plans: Path) -> list[Step]:
    """Every command of a round, in order (a fresh cache folder per round: cold runs first, warm ones after)."""
    corpus = plans.parent
    stratplan = [sys.executable, "-m", "stratplan"]
    slugs = sorted(p.name for p in plans.iterdir() if (p / "plan.yaml").is_file())
    one = f"plans/{slugs[0]}"

    def validate(*extra: str) -> Callable[[Path], list[str]]:
        return lambda cache: [*stratplan, "validate", "plans/", *extra, "--cache-dir", str(cache)]

    def row(name: str, group: str = "validate", whole: bool = True) -> Row:
        return Row(name, whole_corpus=whole, group=group)

    targets = {kind: sorted(str(p.relative_to(corpus)) for p in plans.glob(f"*/{pattern}"))
               for kind, pattern in (("plan", "plan.yaml"), ("goal", "goals/*.yaml"), ("context", "context.yaml"),
                                     ("statements", "statements.yaml"), ("monitoring", "monitoring/*.yaml"))}
    out = [
        Step(row("validate, cold (empty cache, -j default)"), validate("-f", "concise")),
        Step(row("validate, warm (nothing changed), concise"), validate("-f", "concise")),
        Step(row("validate, warm, default text format"), validate()),
        Step(row("validate, warm, json format"), validate("-f", "json")),
        Step(row("validate, warm, sarif format"), validate("-f", "sarif")),
        Step(row("validate, after editing one plan"), validate("-f", "concise"), _edit_one(plans / slugs[0] / "plan.yaml")),
        Step(row("validate one plan, no cache (its own cost)", whole=False),
             lambda cache: [*stratplan, "validate", one, "--no-cache"]),
        Step(row("validate, cold, --no-cache -j 1", "parse"),
             lambda cache: [*stratplan, "validate", "plans/", "-f", "concise", "--no-cache", "-j", "1"]),
        Step(row("stratplan's YAML loader alone, every file, one process", "parse"),
             lambda cache: [sys.executable, str(REPO / "bench" / "parse_limit.py"), "load", "plans"]),
        Step(row("PyYAML C compose (CSafeLoader), every file, one process", "parse"),
             lambda cache: [sys.executable, str(REPO / "bench" / "parse_limit.py"), "compose", "plans"]),
        Step(row("fmt --check, cold (empty cache, -j default)", "fmt"),
             lambda cache: [*stratplan, "fmt", "--check", "plans/", "--cache-dir", str(cache)]),
        Step(row("fmt --check, warm (nothing changed)", "fmt"),
             lambda cache: [*stratplan, "fmt", "--check", "plans/", "--cache-dir", str(cache)]),
        Step(row("budget, first run (empty cache)", "budget"),
             lambda cache: [*stratplan, "budget", "plans/", "-f", "csv", "--cache-dir", str(cache)]),
        Step(row("budget, warm (second run)", "budget"),
             lambda cache: [*stratplan, "budget", "plans/", "-f", "csv", "--cache-dir", str(cache)]),
        Step(row("report, one community (html)", "report", whole=False),
             lambda cache: [*stratplan, "report", one, "--year", "2023", "--date", "2024-01-31", "-o",
                            str(cache / "report.html")]),
        Step(row("yamllint (syntax only)", "peers"),
             lambda cache: [_tool("yamllint"), "-c", str(REPO / "bench" / "yamllint-syntax.yaml"), "-f", "parsable",
                            "plans/"]),
    ]
    for kind, files in targets.items():
        if files:
            out.append(Step(row(f"check-jsonschema ({kind} files)", "jsonschema"),
                            lambda cache, kind=kind, files=files: [
                                _tool("check-jsonschema"), "--schemafile", str(REPO / "schemas" / f"{kind}.schema.json"),
                                *files]))
    return out


def run_rounds(plans: Path, runs: int, env: dict[str, str],
               after_round: Callable[[list[Row], int], None] | None = None, only: list[str] | None = None) -> list[Row]:
    """Every step once per round; `after_round(rows so far, rounds done)` is called after each round, so a run stopped
    early still leaves the figures of the rounds it finished."""
    corpus = plans.parent
    plan = [s for s in steps(plans) if not only or any(part in s.row.name for part in only)]
    for number in range(1, runs + 1):
        cache = Path(tempfile.mkdtemp(prefix="stratplan-bench-cache-"))
        try:
            for step in plan:
                undo = step.before() if step.before else None
                try:
                    result = timed(step.command(cache), corpus, env)
                finally:
                    if undo:
                        undo()
                step.row.runs.append(result)
                print(f"round {number}  {step.row.name:<58} {result.wall:8.2f} s wall {result.cpu:8.2f} s CPU "
                      f"{result.peak_mb:7.0f} MB  exit {result.exit_code}", flush=True)
        finally:
            shutil.rmtree(cache, ignore_errors=True)
        if after_round is not None:
            after_round(_with_schema_sum([s.row for s in plan], number), number)
    return _with_schema_sum([s.row for s in plan], runs)


def _with_schema_sum(rows: list[Row], runs: int) -> list[Row]:
    """The rows and, when check-jsonschema ran once per file kind, a row of their sum per round."""
    schema_rows = [r for r in rows if r.group == "jsonschema"]
    if schema_rows:
        rows = [*rows]
        total = Row("check-jsonschema (all files, sum)", group="peers")
        for index in range(runs):
            parts = [r.runs[index] for r in schema_rows]
            total.runs.append(Run(sum(p.wall for p in parts), sum(p.cpu for p in parts), max(p.peak_mb for p in parts),
                                  max(p.exit_code for p in parts)))
        rows.append(total)
    return rows


def monitoring_rounds(count: int, years: int, runs: int, env: dict[str, str]) -> list[Row]:
    """`validate -j 1 --no-cache` on three corpora of `count` plans: no reports, every report blank, every one filled."""
    import build_corpus

    base = REPO / "build" / "bench" / "monitoring"
    corpora = {}
    for kind in ("none", "blank", "filled"):
        plans = base / kind / "plans"
        build_corpus.build(count, 8, plans, 0 if kind == "none" else years, "mixed" if kind == "none" else kind)
        corpora[kind] = plans
    rows = {kind: Row(f"validate -j 1 --no-cache, {count} plans, " + (
        "no monitoring reports" if kind == "none" else f"{years} {kind} reports each"), group="monitoring")
            for kind in corpora}
    for number in range(1, runs + 1):
        for kind, plans in corpora.items():
            result = timed([sys.executable, "-m", "stratplan", "validate", "plans/", "-f", "concise", "--no-cache",
                            "-j", "1"], plans.parent, env)
            rows[kind].runs.append(result)
            print(f"round {number}  {rows[kind].name:<58} {result.wall:8.2f} s wall {result.cpu:8.2f} s CPU", flush=True)
    sizes = {kind: _corpus_size(plans) for kind, plans in corpora.items()}
    for kind, row in rows.items():
        files, size, _monitoring = sizes[kind]
        row.name += f" ({files} files, {size / 1e6:.1f} MB)"
    return list(rows.values())


# --- the report ------------------------------------------------------------------------------------------------------

def _spread(values: list[float], digits: int = 2) -> str:
    return f"{min(values):.{digits}f} / {statistics.median(values):.{digits}f} / {max(values):.{digits}f}"


def _ratios(a: Row, b: Row, what: str = "wall") -> list[float]:
    """a / b, round by round (none when either was left out)."""
    if not (a.runs and b.runs):
        return []
    return [getattr(x, what) / getattr(y, what) for x, y in zip(a.runs, b.runs, strict=True)]


def _machine() -> list[str]:
    memory = next((line.split()[1] for line in Path("/proc/meminfo").read_text().splitlines()
                   if line.startswith("MemTotal:")), "?")
    return [f"- CPUs (nproc): {os.cpu_count()}", f"- memory: {int(memory) / 1024 / 1024:.1f} GiB",
            f"- Python {platform.python_version()} on {platform.platform()}"]


def _table(rows: list[Row], mb: float) -> list[str]:
    lines = ["| command | wall s (min / median / max) | CPU s (min / median / max) | cores used (CPU / wall, median) "
             "| MB/s per CPU-second (median) | peak MB (max) | exit |", "|---|---:|---:|---:|---:|---:|---:|"]
    for r in rows:
        walls, cpus = [x.wall for x in r.runs], [x.cpu for x in r.runs]
        per_cpu = f"{mb / statistics.median(cpus):.1f}" if r.whole_corpus and mb and statistics.median(cpus) > 0 else "—"
        codes = sorted({x.exit_code for x in r.runs})
        cores = statistics.median(cpus) / statistics.median(walls)
        peak = max(x.peak_mb for x in r.runs)
        lines.append(f"| {r.name} | {_spread(walls)} | {_spread(cpus)} | {cores:.2f} | {per_cpu} | {peak:.0f} "
                     f"| {','.join(map(str, codes))} |")
    return lines


class _ByName(dict[str, Row]):
    """Rows by name; a step left out (`--only`) is a row without runs, and what needs it is left out of the report."""

    def __missing__(self, name: str) -> Row:
        return Row(name)


def write_report(rows: list[Row], monitoring: list[Row], corpus: dict[str, object], runs: int, out: Path,
                 note: str) -> None:
    by = _ByName({r.name: r for r in rows})
    mb = int(str(corpus["bytes"])) / 1e6
    lines = ["# Benchmark results", "", "Generated by `make bench` (bench/build_corpus.py, then bench/run.py; see its "
             "docstring for what is measured and how).", "", "## Machine", "", *_machine(), "",
             "## Corpus", "", f"- {corpus['plans']} communities, {corpus['files']} files ({corpus['monitoring']} "
             f"monitoring reports: filled, blank and missing by year), {mb:.1f} MB", f"- {runs} paired rounds; every "
             "figure is min / median / max over the rounds", "", "## Figures", "", *_table(rows, mb), ""]
    if monitoring:
        lines += ["## Monitoring reports (blank, filled, none)", "", *_table(monitoring, 0.0), ""]
    lines += ["## Ratios to the peers, measured in the same round", "",
              "Each ratio is computed within one round (the command and its peer a few seconds apart), then given as "
              "min / median / max over the rounds.", "", "| ratio | by wall time | by CPU time |", "|---|---:|---:|"]
    for name, a, b in _ratio_rows(by, monitoring):
        if not (a.runs and b.runs):
            continue  # a step left out with --only
        lines.append(f"| {name} | {_spread(_ratios(a, b))} | {_spread(_ratios(a, b, 'cpu'))} |")
    lines += ["", "## Targets", "", "Each target is checked on the median; a time target missed says by how much "
              "(1.19x: 19% over the limit).", "", "| target | measured (median; min–max) | met |", "|---|---|---|"]
    for name, values, limit, unit in _targets(by, monitoring, mb):
        if not values:
            continue
        med = statistics.median(values)
        verdict = "yes" if med <= limit else f"no: {med / limit:.2f}x the limit"
        lines.append(f"| {name} | {unit(med)} ({unit(min(values))}–{unit(max(values))}) | {verdict} |")
    if note:
        lines += ["", note]
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _ratio_rows(by: dict[str, Row], monitoring: list[Row]) -> list[tuple[str, Row, Row]]:
    cold = by["validate, cold (empty cache, -j default)"]
    one_process = by["validate, cold, --no-cache -j 1"]
    compose = by["PyYAML C compose (CSafeLoader), every file, one process"]
    concise = by["validate, warm (nothing changed), concise"]
    out = [
        ("yamllint / validate cold (how many times quicker validate is)", by["yamllint (syntax only)"], cold),
        ("check-jsonschema / validate cold", by["check-jsonschema (all files, sum)"], cold),
        ("PyYAML C compose / validate -j 1 (share of the libyaml limit, whole validate)", compose, one_process),
        ("PyYAML C compose / stratplan's loader alone (share of the limit, the parse step)", compose,
         by["stratplan's YAML loader alone, every file, one process"]),
        ("fmt --check cold / validate cold", by["fmt --check, cold (empty cache, -j default)"], cold),
        ("fmt --check warm / validate warm", by["fmt --check, warm (nothing changed)"], concise),
        ("validate warm json / warm concise", by["validate, warm, json format"], concise),
        ("validate warm sarif / warm concise", by["validate, warm, sarif format"], concise),
    ]
    if len(monitoring) == 3:
        none, blank, filled = monitoring
        out += [("validate -j 1, blank reports / no reports", blank, none),
                ("validate -j 1, filled reports / no reports", filled, none),
                ("validate -j 1, blank reports / filled reports", blank, filled)]
    return out


def _targets(by: dict[str, Row], monitoring: list[Row], mb: float) -> list[tuple[str, list[float], float,
                                                                               Callable[[float], str]]]:
    """(target, values (one per round), limit, how to show a value): every target as 'value <= limit'."""
    def seconds(v: float) -> str:
        return f"{v:.2f} s"

    def times(v: float) -> str:
        return f"{v:.2f}x"

    def mb_s(v: float) -> str:
        return f"{1 / v:.1f} MB/s"

    cold = by["validate, cold (empty cache, -j default)"]
    own = by["validate one plan, no cache (its own cost)"]
    edited = by["validate, after editing one plan"]
    yamllint = by["yamllint (syntax only)"]
    peak = [max(r.runs[i].peak_mb for r in by.values() if r.group not in ("peers", "jsonschema"))
            for i in range(len(cold.runs))]
    out = [
        ("cold validate >= 5 MB/s", [x.wall / mb for x in cold.runs], 1 / 5, mb_s),
        ("cold validate >= 10x yamllint throughput (wall; yamllint's ratio must be >= 10)",
         [1 / r for r in _ratios(yamllint, cold)], 1 / 10, lambda v: f"{1 / v:.1f}x"),
        ("warm validate <= 2 s", [x.wall for x in by["validate, warm (nothing changed), concise"].runs], 2.0, seconds),
        ("warm validate, default text output <= 2 s", [x.wall for x in by["validate, warm, default text format"].runs],
         2.0, seconds),
        ("after editing one plan <= 2 s + that plan's own cost",
         [e.wall - o.wall for e, o in zip(edited.runs, own.runs, strict=True)] if own.runs else [], 2.0,
         lambda v: f"{v:.2f} s over its cost"),
        ("budget, warm <= 10 s", [x.wall for x in by["budget, warm (second run)"].runs], 10.0, seconds),
        ("one community's report <= 1 s", [x.wall for x in by["report, one community (html)"].runs], 1.0, seconds),
        ("validate -j 1 >= 50% of the libyaml limit (PyYAML C compose time / validate -j 1 time >= 0.5)",
         [1 / r for r in _ratios(by["PyYAML C compose (CSafeLoader), every file, one process"],
                                 by["validate, cold, --no-cache -j 1"])], 2.0,
         lambda v: f"{100 / v:.0f}% of the limit"),
        ("warm json <= 1.5x warm concise (approach concise)", _ratios(by["validate, warm, json format"],
                                                                      by["validate, warm (nothing changed), concise"]),
         1.5, times),
        ("warm sarif <= 1.5x warm concise (approach concise)", _ratios(by["validate, warm, sarif format"],
                                                                       by["validate, warm (nothing changed), concise"]),
         1.5, times),
        ("peak memory <= 2 GB (our commands, whole process tree)", peak, 2048.0, lambda v: f"{v:.0f} MB"),
    ]
    if len(monitoring) == 3:
        none, blank, _filled = monitoring
        out.append(("validate -j 1 of plans with blank monitoring reports <= 2x without (issue 21 measured 9.7x)",
                    _ratios(blank, none), 2.0, times))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=REPO / "build" / "bench" / "corpus" / "plans")
    parser.add_argument("--runs", type=int, default=3, help="paired rounds (default 3)")
    parser.add_argument("--monitoring-count", type=int, default=100,
                        help="plans in each of the monitoring section's corpora (0: no such section)")
    parser.add_argument("--monitoring-years", type=int, default=7)
    parser.add_argument("--only", default="", help="comma-separated parts of step names (semicolon-separated when "
                        "there is a semicolon): run only the steps whose name holds one (e.g. 'no-cache -j 1,C "
                        "compose,loader alone' for the parse floor)")
    parser.add_argument("--note", default="", help="a paragraph to add at the end (how the run went)")
    parser.add_argument("--out", type=Path, default=REPO / "build" / "bench" / "figures.md")
    args = parser.parse_args()
    env = {**os.environ, "PYTHONPATH": str(REPO / "src"), "CI": "true"}
    env.pop("GITHUB_ACTIONS", None)
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # users have compiled modules: without them every start costs ~0.07 s more
    plans = args.corpus.resolve()
    files, size, monitoring_files = _corpus_size(plans)
    slugs = [p for p in plans.iterdir() if (p / "plan.yaml").is_file()]
    corpus: dict[str, object] = {"files": files, "bytes": size, "plans": len(slugs), "monitoring": monitoring_files}

    def partial(rows: list[Row], done: int) -> None:
        if done < args.runs:
            write_report(rows, [], corpus, done, args.out, (args.note + "\n\n" if args.note else "") +
                         f"(Written after round {done} of {args.runs}: the run was still going.)")
            print(f"figures of {done} round(s) written to {args.out}", flush=True)

    only = [part.strip() for part in args.only.split(";" if ";" in args.only else ",") if part.strip()]
    rows = run_rounds(plans, args.runs, env, partial, only)
    monitoring = monitoring_rounds(args.monitoring_count, args.monitoring_years, args.runs, env) \
        if args.monitoring_count else []
    write_report(rows, monitoring, corpus, args.runs, args.out, args.note)
    print(f"figures written to {args.out}")


if __name__ == "__main__":
    main()
