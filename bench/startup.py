"""Time how long stratplan takes to start: `--version`, `--help`, and `validate` of one plan, cold and warm.

`validate plans/melitopol --no-cache` (and of the small `tests/fixtures/sample`) is what a pre-commit hook pays
after an edit (the edited plan is never in the cache); with a warm cache it is what an unchanged plan costs. Each
command runs as a child process (the installed console script) from the repository root, RUNS times after one
unrecorded run; wall time is measured around it. The table gives the median, with min and max; quote the median.

Bytecode: an installed tool runs from its .pyc files, so these runs must too. The sources are compiled first
(`compileall`), PYTHONDONTWRITEBYTECODE is removed from the children's environment (a shell that sets it would
otherwise make every run recompile every module of stratplan, +0.05-0.08 s), and the script stops if the .pyc
files are still missing after the unrecorded runs (e.g. a read-only source folder).

    python bench/startup.py [--runs 20] [--out bench/STARTUP.md] [--compare-src DIR [--compare-label TEXT]]
                            [--instructions]

`--compare-src DIR` also runs the package from another source folder (e.g. `git archive OLD src | tar -x
-C /tmp/old`, then `--compare-src /tmp/old/src`) with the same interpreter and dependencies, alternating
the two run by run so that a drift of the machine's speed affects both alike.

`--instructions` also counts the instructions each command executes, once per source, under valgrind's callgrind
(which must be installed): unlike seconds on a shared VM, where the same cold run varies by half, the count varies
by a few tenths of a percent, so it tells a 3% change apart (a run under valgrind takes some 50 times longer).
"""

from __future__ import annotations

import argparse
import compileall
import importlib.util
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
STRATPLAN = Path(sys.executable).parent / "stratplan"
PLAN = "plans/melitopol"
SMALL_PLAN = "tests/fixtures/sample"
COMMANDS = {
    "stratplan --version": ["--version"],
    "stratplan --help": ["--help"],
    f"stratplan validate {SMALL_PLAN} --no-cache (cold)": ["validate", SMALL_PLAN, "--no-cache"],
    f"stratplan validate {PLAN} --no-cache (cold)": ["validate", PLAN, "--no-cache"],
    f"stratplan validate {PLAN} (warm cache)": ["validate", PLAN],
}


def _environment(src: Path | None, cache: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONDONTWRITEBYTECODE", "CI", "GITHUB_ACTIONS")}
    env["STRATPLAN_CACHE_DIR"] = str(cache)
    if src is not None:
        env["PYTHONPATH"] = str(src)
    return env


def _once(command: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    done = subprocess.run(command, cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=False)
    seconds = time.perf_counter() - start
    if done.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(command)} exited {done.returncode}: {done.stderr.decode(errors='replace')}")
    return seconds


def _package(src: Path | None) -> Path:
    return (src or REPO / "src") / "stratplan"


def compile_sources(sources: list[Path | None]) -> None:
    """Write the .pyc files of every source's package, as installing it does."""
    for src in sources:
        compileall.compile_dir(_package(src), quiet=1)


def check_bytecode(sources: list[Path | None]) -> None:
    """Stop when a source's modules have no current .pyc: every run would then time compiling them."""
    for src in sources:
        module = _package(src) / "cli" / "__init__.py"
        cached = Path(importlib.util.cache_from_source(str(module)))
        if not cached.is_file() or cached.stat().st_mtime < module.stat().st_mtime:
            raise SystemExit(f"no current bytecode {cached}: the runs would time compiling stratplan; is "
                             f"{_package(src)} writable?")


_COLLECTED = re.compile(r"Collected : ([0-9]+)")


def _instructions(command: list[str], env: dict[str, str]) -> int:
    """Instructions one run executes, counted by callgrind (the run's own output is discarded)."""
    done = subprocess.run(["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", *command], cwd=REPO,
                          env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=False)
    found = _COLLECTED.search(done.stderr.decode(errors="replace"))
    if found is None:
        raise SystemExit(f"valgrind counted nothing for {' '.join(command)}: {done.stderr.decode(errors='replace')}")
    return int(found.group(1))


def measure(runs: int, sources: list[Path | None], *, instructions: bool = False
            ) -> tuple[dict[str, list[list[float]]], dict[str, list[int]]]:
    """Wall seconds of every run of every command (python alone first), one list per source, runs alternated; and,
    when asked, the instructions of one run of each command per source."""
    if instructions and shutil.which("valgrind") is None:
        raise SystemExit("--instructions needs valgrind (Debian: apt install valgrind)")
    compile_sources(sources)
    commands = {"python -c pass (the interpreter alone)": [sys.executable, "-c", "pass"]}
    commands.update({name: [str(STRATPLAN), *args] for name, args in COMMANDS.items()})
    times: dict[str, list[list[float]]] = {}
    counts: dict[str, list[int]] = {}
    with tempfile.TemporaryDirectory(prefix="stratplan-startup-") as cache:
        envs = [_environment(src, Path(cache) / str(number)) for number, src in enumerate(sources)]
        for name, command in commands.items():
            for env in envs:
                _once(command, env)  # bytecode written, cache filled
            check_bytecode(sources)
            times[name] = [[] for _ in envs]
            for _ in range(runs):
                for column, env in zip(times[name], envs, strict=True):
                    column.append(_once(command, env))
            if instructions:
                counts[name] = [_instructions(command, env) for env in envs]
            print(f"{name:<60} " + "  ".join(f"{statistics.median(c):.3f} s" for c in times[name])
                  + "".join(f"  {n / 1e6:,.1f}M instructions" for n in counts.get(name, [])), flush=True)
    return times, counts


def render(times: dict[str, list[list[float]]], runs: int, other: str | None,
           counts: dict[str, list[int]] | None = None) -> str:
    """The figures as Markdown: median (min-max) per source, and the ratio of the medians; then the instruction
    counts per source and their ratio, when there are any."""
    header = "| command | this source: median s (min–max) |"
    rule = "|---|---:|"
    if other is not None:
        header += f" {other}: median s (min–max) | ratio |"
        rule += "---:|---:|"
    if counts:
        header += " instructions, this source (M) |" + (f" {other} (M) | ratio |" if other is not None else "")
        rule += "---:|" + ("---:|---:|" if other is not None else "")
    lines = [
        "# Start-up figures", "",
        f"Written by `python bench/startup.py` (see its docstring): wall seconds of whole processes, {runs} runs "
        "each after one unrecorded run, from .pyc files (PYTHONDONTWRITEBYTECODE removed from the children's "
        "environment).", "",
        f"Python {platform.python_version()} on {platform.system()} {platform.machine()}, {os.cpu_count()} CPUs.", "",
        header, rule,
    ]
    for name, columns in times.items():
        cells = [f"{statistics.median(c):.3f} ({min(c):.3f}–{max(c):.3f})" for c in columns]
        ratio = [f"{statistics.median(columns[0]) / statistics.median(columns[1]):.2f}"] if other is not None else []
        counted = (counts or {}).get(name, [])
        cells += [*ratio, *(f"{n / 1e6:,.1f}" for n in counted)]
        if len(counted) == 2:
            cells.append(f"{counted[0] / counted[1]:.3f}")
        lines.append(f"| `{name}` | " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--out", type=Path, default=None, help="Write the Markdown table here.")
    parser.add_argument("--compare-src", type=Path, default=None, help="Also run the package from this source folder.")
    parser.add_argument("--compare-label", default=None, help="What to call that source in the table.")
    parser.add_argument("--instructions", action="store_true", help="Also count each command's instructions "
                        "once per source under valgrind's callgrind (repeatable where seconds are not).")
    args = parser.parse_args()
    times, counts = measure(args.runs, [None] if args.compare_src is None else [None, args.compare_src.resolve()],
                            instructions=args.instructions)
    other = None if args.compare_src is None else args.compare_label or f"`{args.compare_src}`"
    text = render(times, args.runs, other, counts)
    if args.out is not None:
        args.out.write_text(text, encoding="utf-8")
        print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
