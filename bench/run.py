"""Time whole commands over the benchmark corpus and write bench/RESULTS.md.

Each command runs as a child process from the corpus folder (so paths are `plans/...`); wall time is
measured around it, peak memory is sampled from /proc as the summed RSS of the child's whole process
tree (workers included) every 20 ms (getrusage(RUSAGE_CHILDREN) would give only the largest single
process, and only as a running maximum over every command). yamllint (syntax only: `rules: {}`, see
bench/yamllint-syntax.yaml) and check-jsonschema (against schemas/) run on the same files in the same run.

    python bench/run.py [--corpus build/bench/corpus/plans] [--out bench/RESULTS.md]
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


@dataclass
class Timing:
    """One timed command."""

    name: str
    seconds: float
    tree_peak_mb: float
    exit_code: int
    whole_corpus: bool = True


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


def timed(name: str, command: list[str], cwd: Path, env: dict[str, str]) -> Timing:
    """Run a command, discarding its output; wall time and peak memory of its process tree."""
    start = time.perf_counter()
    child = subprocess.Popen(command, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    peak = [0]

    def sample() -> None:
        while child.poll() is None:
            peak[0] = max(peak[0], _tree_rss_kb(child.pid))
            time.sleep(0.02)

    sampler = threading.Thread(target=sample)
    sampler.start()
    code = child.wait()
    seconds = time.perf_counter() - start
    sampler.join()
    timing = Timing(name, seconds, peak[0] / 1024, code, whole_corpus="one" not in name)
    print(f"{name:<44} {seconds:8.2f} s  tree peak {timing.tree_peak_mb:7.0f} MB  exit {code}", flush=True)
    return timing


def _tool(name: str) -> str:
    found = BIN / name
    return str(found) if found.exists() else (shutil.which(name) or name)


def _corpus_size(plans: Path) -> tuple[int, int]:
    files = [p for p in plans.rglob("*.yaml") if p.is_file()]
    return len(files), sum(p.stat().st_size for p in files)


def run(plans: Path) -> tuple[list[Timing], dict[str, object]]:
    corpus = plans.parent
    stratplan = [sys.executable, "-m", "stratplan"]
    env = {**os.environ, "PYTHONPATH": str(REPO / "src"), "CI": "true"}
    env.pop("GITHUB_ACTIONS", None)
    cache_dir = Path(tempfile.mkdtemp(prefix="stratplan-bench-cache-"))
    slugs = sorted(p.name for p in plans.iterdir() if (p / "plan.yaml").is_file())
    one = f"plans/{slugs[0]}"
    files, size = _corpus_size(plans)
    validate = [*stratplan, "validate", "plans/", "-f", "concise", "--cache-dir", str(cache_dir)]
    results = [
        timed("validate, cold (empty cache, -j default)", validate, corpus, env),
        timed("validate, warm (nothing changed)", validate, corpus, env),
        timed("validate, warm, default text format", [*validate[:5], "--cache-dir", str(cache_dir)], corpus, env),
        timed("validate, warm, json format", [*validate[:5], "-f", "json", "--cache-dir", str(cache_dir)], corpus, env),
    ]
    edited = plans / slugs[0] / "goals" / "sg1.yaml"
    original = edited.read_bytes()
    try:
        edited.write_bytes(original + b"\n# edited by bench/run.py\n")
        results.append(timed("validate, after editing one plan", validate, corpus, env))
    finally:
        edited.write_bytes(original)
    results.append(timed("validate one plan, no cache (its own cost)", [*stratplan, "validate", one, "--no-cache"], corpus,
                         env))
    results.append(timed("validate, cold, --no-cache -j 1", [*stratplan, "validate", "plans/", "-f", "concise",
                                                             "--no-cache", "-j", "1"], corpus, env))
    yamllint = [_tool("yamllint"), "-c", str(REPO / "bench" / "yamllint-syntax.yaml"), "-f", "parsable", "plans/"]
    results.append(timed("yamllint (syntax only)", yamllint, corpus, env))
    started = len(results)
    for kind, pattern in (("plan", "plan.yaml"), ("goal", "goals/*.yaml"), ("context", "context.yaml")):
        targets = sorted(str(p.relative_to(corpus)) for p in plans.glob(f"*/{pattern}"))
        command = [_tool("check-jsonschema"), "--schemafile", str(REPO / "schemas" / f"{kind}.schema.json"), *targets]
        results.append(timed(f"check-jsonschema ({kind} files)", command, corpus, env))
    jsonschema = results[started:]
    results.append(Timing("check-jsonschema (all files, sum)", sum(t.seconds for t in jsonschema),
                          max(t.tree_peak_mb for t in jsonschema), max(t.exit_code for t in jsonschema)))
    budget = [*stratplan, "budget", "plans/", "-f", "csv", "--cache-dir", str(cache_dir)]
    results.append(timed("budget, first run (empty cache)", budget, corpus, env))
    results.append(timed("budget, warm (second run)", budget, corpus, env))
    report = [*stratplan, "report", one, "--year", "2023", "--date", "2024-01-31", "-o",
              str(cache_dir / "report.html")]
    results.append(timed("report, one community (html)", report, corpus, env))
    shutil.rmtree(cache_dir, ignore_errors=True)
    return results, {"files": files, "bytes": size, "plans": len(slugs), "one": one}


def _machine() -> list[str]:
    memory = next((line.split()[1] for line in Path("/proc/meminfo").read_text().splitlines()
                   if line.startswith("MemTotal:")), "?")
    return [f"- CPUs (nproc): {os.cpu_count()}", f"- memory: {int(memory) / 1024 / 1024:.1f} GiB",
            f"- Python {platform.python_version()} on {platform.platform()}"]


def write_report(results: list[Timing], corpus: dict[str, object], out: Path) -> None:
    by = {t.name: t for t in results}
    mb = int(str(corpus["bytes"])) / 1e6
    lines = ["# Benchmark results", "", "Generated by `make bench` (bench/build_corpus.py, then bench/run.py).", "",
             "## Machine", "", *_machine(), "",
             "## Corpus", "", f"- {corpus['plans']} communities, {corpus['files']} files, {mb:.1f} MB", "",
             "## Figures", "", "| command | wall s | MB/s (corpus bytes / wall) | peak MB (process tree) | exit |",
             "|---|---:|---:|---:|---:|"]
    for t in results:
        rate = f"{mb / t.seconds:.1f}" if t.whole_corpus else "—"
        lines.append(f"| {t.name} | {t.seconds:.2f} | {rate} | {t.tree_peak_mb:.0f} | {t.exit_code} |")
    cold = by["validate, cold (empty cache, -j default)"]
    ratio_yl = by["yamllint (syntax only)"].seconds / cold.seconds
    ratio_js = by["check-jsonschema (all files, sum)"].seconds / cold.seconds
    lines += ["", f"Throughput ratio, cold validate vs yamllint: {ratio_yl:.1f}x; vs check-jsonschema: {ratio_js:.1f}x.",
              "", "validate reports the real plans' warnings (70,971 on the full corpus), which do not fail a run "
              "by default, so it exits 0; check-jsonschema's exit code is reported as it is.", ""]
    lines += ["## Targets", "", "Throughput targets are compared as time: 1.19x the limit means 1/1.19 = 84% of the "
              "throughput asked.", "", "| target | measured | met |", "|---|---|---|"]
    for name, measured, limit, shown in _targets(by, mb):
        verdict = "yes" if measured <= limit else f"no: {measured / limit:.2f}x the limit"
        lines.append(f"| {name} | {shown} | {verdict} |")
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _targets(by: dict[str, Timing], mb: float) -> list[tuple[str, float, float, str]]:
    """(target, measured, limit, shown): every target as 'measured <= limit'."""
    cold = by["validate, cold (empty cache, -j default)"].seconds
    yamllint = by["yamllint (syntax only)"].seconds
    own = by["validate one plan, no cache (its own cost)"].seconds
    edited = by["validate, after editing one plan"].seconds
    peak = max(t.tree_peak_mb for t in by.values() if not t.name.startswith(("yamllint", "check-jsonschema")))
    return [
        ("cold validate >= 5 MB/s", 5 / (mb / cold), 1.0, f"{mb / cold:.1f} MB/s"),
        ("cold validate >= 10x yamllint throughput", 10 / (yamllint / cold), 1.0, f"{yamllint / cold:.1f}x"),
        ("warm validate <= 2 s", by["validate, warm (nothing changed)"].seconds, 2.0,
         f"{by['validate, warm (nothing changed)'].seconds:.2f} s"),
        ("warm validate, default text output <= 2 s", by["validate, warm, default text format"].seconds, 2.0,
         f"{by['validate, warm, default text format'].seconds:.2f} s"),
        ("after editing one plan <= 2 s + that plan's own cost", edited, 2.0 + own, f"{edited:.2f} s (limit {2 + own:.2f} s)"),
        ("budget, warm <= 10 s", by["budget, warm (second run)"].seconds, 10.0,
         f"{by['budget, warm (second run)'].seconds:.2f} s"),
        ("one community's report <= 1 s", by["report, one community (html)"].seconds, 1.0,
         f"{by['report, one community (html)'].seconds:.2f} s"),
        ("peak memory <= 2 GB (our commands, whole process tree)", peak, 2048.0, f"{peak:.0f} MB"),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=REPO / "build" / "bench" / "corpus" / "plans")
    parser.add_argument("--out", type=Path, default=REPO / "build" / "bench" / "figures.md")
    args = parser.parse_args()
    results, corpus = run(args.corpus.resolve())
    write_report(results, corpus, args.out)
    print(f"figures written to {args.out}")


if __name__ == "__main__":
    main()
