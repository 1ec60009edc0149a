"""Time `changes`, `diff` and `export` at national scale: the commands a reviewer and a monitoring office run.

The corpus is `bench/build_corpus.py --monitoring-years 4 --monitoring-kind filled` (every plan has a filled report for every
year of its period up to 2024, so `diff --period 2021` finds one in each; 2021 is the one year every copy's plan
period holds). Set-up, in a work folder:

- `base/plans`: a copy of the corpus; `head/plans`: another copy with ten goal files in ten plans edited
  (a title changed, or an amount), as a reviewer's pull request would;
- `repo`: a git repository whose first commit is the base and second the head, and whose work tree is the head.

Each command runs as a child process under `/usr/bin/time -v` (wall clock, CPU time of it and its workers, and the
largest process's maximum RSS),
with the summed RSS of its whole process tree sampled every 20 ms (as `bench/run.py` does: workers included),
`--repeat` times (default 3), interleaved round by round so that a noisy neighbour slows every command alike;
min, median and max of each. GNU `diff -r` over the two folders is the peer of `changes`; a cold `budget` (empty
cache) the peer of `diff` and `export`. `--src` runs another checkout's sources (e.g. the code before a change,
extracted with `git archive`); `--old` drops the options such a checkout does not have (-j, --cache-dir).

    python bench/build_corpus.py --count 1469 --monitoring-years 4 --monitoring-kind filled --out build/bench/review/plans
    python bench/review.py [--corpus build/bench/review/plans] [--repeat 3] [--only changes,diff,export]
                           [--src DIR] [--old] [--json build/bench/review.json]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "bench"))

from run import _machine, _tree_rss_kb  # noqa: E402 - bench/run.py, found through the path above

EDITED = 10
PERIOD = "2021"


@dataclass
class Runs:
    """Every run of one command: wall seconds, /usr/bin/time's max RSS (MB) and the sampled process-tree peak (MB)."""

    name: str
    group: str
    wall: list[float] = field(default_factory=list)
    rss: list[float] = field(default_factory=list)
    tree: list[float] = field(default_factory=list)
    codes: list[int] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)


def _time_v(report: str, label: str) -> float:
    match = re.search(rf"{re.escape(label)}: (.+)", report)
    if match is None:
        return 0.0
    value = match.group(1).strip()
    if ":" in value:  # h:mm:ss or m:ss.ss
        seconds = 0.0
        for part in value.split(":"):
            seconds = seconds * 60 + float(part)
        return seconds
    return float(value)


def timed(runs: Runs, command: list[str], cwd: Path, env: dict[str, str]) -> None:
    """One run under /usr/bin/time -v, its output discarded."""
    with tempfile.NamedTemporaryFile("r", suffix=".time") as report:
        child = subprocess.Popen(["/usr/bin/time", "-v", "-o", report.name, *command], cwd=cwd, env=env,
                                 stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        peak = [0]

        def sample() -> None:
            while child.poll() is None:
                peak[0] = max(peak[0], _tree_rss_kb(child.pid))
                time.sleep(0.02)

        sampler = threading.Thread(target=sample)
        sampler.start()
        code = child.wait()
        sampler.join()
        text = report.read()
    wall = _time_v(text, "Elapsed (wall clock) time (h:mm:ss or m:ss)")
    rss = _time_v(text, "Maximum resident set size (kbytes)") / 1024
    status = re.search(r"Exit status: (\d+)", text)
    runs.wall.append(wall)
    runs.rss.append(rss)
    runs.tree.append(peak[0] / 1024)
    runs.codes.append(int(status.group(1)) if status else code)
    runs.cpu.append(_time_v(text, "User time (seconds)") + _time_v(text, "System time (seconds)"))
    print(f"{runs.name:<58} {wall:8.2f} s  cpu {runs.cpu[-1]:8.2f} s  max RSS {rss:6.0f} MB  "
          f"tree {peak[0] / 1024:6.0f} MB  exit {runs.codes[-1]}", flush=True)


def _edit(text: str, number: int) -> str:
    """A reviewer's edit: (every other plan) its first amount changed, else a goal's title reworded; a comment added
    where the file has neither (so every one of the ten files differs)."""
    edited = re.sub(r"(\b20\d\d: )(\d+)", lambda m: f"{m.group(1)}{int(m.group(2)) + 7}", text, count=1) \
        if number % 2 else text.replace("(копія", "(змінено, копія", 1)
    return edited if edited != text else text + "# edited for the benchmark\n"


def _git(repo: Path, *args: str) -> None:
    subprocess.run(["git", "-c", "user.name=bench", "-c", "user.email=bench@example.org", *args], cwd=repo,
                   check=True, stdout=subprocess.DEVNULL)


def prepare(corpus: Path, work: Path) -> list[str]:
    """base/plans, head/plans (ten edited goal files) and a git repository of both; the edited files' paths."""
    base, head, repo = work / "base" / "plans", work / "head" / "plans", work / "repo"
    shutil.copytree(corpus, base)  # copies, not links: `diff -r` skips a file linked to itself
    shutil.copytree(corpus, head)
    slugs = sorted(p.name for p in corpus.iterdir() if (p / "plan.yaml").is_file())
    step = max(1, len(slugs) // EDITED)
    edited = []
    for number, slug in enumerate(slugs[::step][:EDITED]):
        target = head / slug / "goals" / "sg1.yaml"
        text = _edit(target.read_text(encoding="utf-8"), number)
        target.write_text(text, encoding="utf-8")
        edited.append(f"plans/{slug}/goals/sg1.yaml")
    shutil.copytree(base, repo / "plans")
    _git(repo, "init", "-q")
    _git(repo, "add", "-A")
    _git(repo, "commit", "-q", "-m", "base")
    for path in edited:
        shutil.copyfile(work / "head" / path, repo / path)
    _git(repo, "commit", "-q", "-a", "-m", "head: ten edited goal files")
    return edited


def commands(work: Path, old: bool, only: set[str]) -> list[tuple[Runs, list[str], Path]]:
    stratplan = [sys.executable, "-m", "stratplan"]
    cache = work / "cache"
    warm = [] if old else ["--cache-dir", str(cache / "warm")]
    jobs = [] if old else ["-j", "2"]
    plans = work / "head"
    found: list[tuple[Runs, list[str], Path]] = []

    def add(group: str, name: str, command: list[str], cwd: Path) -> None:
        if group in only:
            found.append((Runs(name, group), command, cwd))

    add("changes", "diff -r base/plans head/plans (GNU diff, the peer)", ["diff", "-r", "-q", "base/plans", "head/plans"],
        work)
    add("changes", "changes --base-dir base --head-dir head plans/",
        [*stratplan, "changes", "--base-dir", "base", "--head-dir", "head", "plans/"], work)
    add("changes", "changes --base HEAD~1 --head HEAD plans/ (git)",
        [*stratplan, "changes", "--base", "HEAD~1", "--head", "HEAD", "plans/"], work / "repo")
    add("changes", "changes --base HEAD~1 plans/ (git against the work tree)",
        [*stratplan, "changes", "--base", "HEAD~1", "plans/"], work / "repo")
    no_cache = [] if old else ["--no-cache"]
    add("diff", "budget plans/ -f csv, cold (the peer)", [*stratplan, "budget", "plans/", "-f", "csv", "--no-cache",
                                                         "-j", "2"], plans)
    add("diff", f"diff plans/ --period {PERIOD} -f csv, cold", [*stratplan, "diff", "plans/", "--period", PERIOD, "-f",
                                                                "csv", *no_cache, *jobs], plans)
    add("diff", f"diff plans/ --period {PERIOD} -f json, cold", [*stratplan, "diff", "plans/", "--period", PERIOD, "-f",
                                                                 "json", *no_cache, *jobs], plans)
    if not old:
        add("diff", f"diff plans/ --period {PERIOD} -f csv, warm", [*stratplan, "diff", "plans/", "--period", PERIOD,
                                                                    "-f", "csv", *warm, *jobs], plans)
    for fmt in ("csv", "json", "xlsx"):
        out = ["-o", str(work / f"export.{fmt}")]
        add("export", f"export plans/ -f {fmt}, cold", [*stratplan, "export", "plans/", "-f", fmt, *out, *no_cache, *jobs],
            plans)
    if not old:
        add("export", "export plans/ -f csv, warm", [*stratplan, "export", "plans/", "-f", "csv", "-o",
                                                    str(work / "export.csv"), *warm, *jobs], plans)
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=REPO / "build" / "bench" / "review" / "plans")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--only", default="changes,diff,export")
    parser.add_argument("--src", type=Path, default=REPO / "src", help="the sources to run (default this checkout's)")
    parser.add_argument("--old", action="store_true", help="the sources have no -j/--cache-dir for these commands")
    parser.add_argument("--json", type=Path, default=None, help="write every run's figures here")
    args = parser.parse_args()
    corpus = args.corpus.resolve()
    work = Path(tempfile.mkdtemp(prefix="stratplan-review-bench-"))
    env = {**os.environ, "PYTHONPATH": str(args.src.resolve()), "CI": "true", "STRATPLAN_CACHE_DIR": str(work / "c0")}
    env.pop("GITHUB_ACTIONS", None)
    try:
        edited = prepare(corpus, work)
        print(f"corpus {corpus}: {len(list(corpus.glob('*/plan.yaml')))} plans; edited {len(edited)} files", flush=True)
        todo = commands(work, args.old, set(args.only.split(",")))
        for runs, command, cwd in todo:  # the warm rows: fill their cache first, untimed
            if "warm" in runs.name:
                subprocess.run(command, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                               check=False)
        for round_number in range(args.repeat):
            print(f"-- round {round_number + 1} of {args.repeat}", flush=True)
            for runs, command, cwd in todo:
                timed(runs, command, cwd, env)
        print()
        print("| command | wall s min / median / max | CPU s (user + sys, all processes) | max RSS MB (largest "
              "process) | tree peak MB | exit |")
        print("|---|---:|---:|---:|---:|---:|")
        for runs, _command, _cwd in todo:
            print(f"| {runs.name} | {_spread(runs.wall, 2)} | {_spread(runs.cpu, 2)} | {_spread(runs.rss, 0)} | "
                  f"{_spread(runs.tree, 0)} | "
                  f"{','.join(map(str, sorted(set(runs.codes))))} |")
        if args.json is not None:
            args.json.write_text(json.dumps({"machine": _machine(), "corpus": str(corpus), "runs": [
                runs.__dict__ for runs, _c, _w in todo]}, ensure_ascii=False, indent=2), encoding="utf-8")
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _spread(values: list[float], places: int) -> str:
    return " / ".join(f"{v:.{places}f}" for v in (min(values), statistics.median(values), max(values)))


if __name__ == "__main__":
    main()
