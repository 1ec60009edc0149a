"""Hostile and unlucky inputs through the whole command line: exit code, time, peak memory, output size.

Each case builds a work folder (usually `P`, a copy of plans/melitopol, with one thing broken or grown),
runs one `stratplan` command in a child process and prints what happened: the exit code, whether a
traceback or an internal error reached stderr, the wall time of the command after the interpreter started,
the child's peak memory (VmHWM) and how many bytes it wrote to stdout. Cases are grouped by the class of
issue 20 they reproduce (crash, time, silent); docs/RELIABILITY.md quotes the figures.

    python bench/limits.py                       # every case, this checkout's src/
    python bench/limits.py --only tabs-1mb,measures-100k-validate
    python bench/limits.py --src /tmp/old/src    # the same cases against another version (before/after)
    python bench/limits.py --timeout 120 --out bench/LIMITS.md

Not part of `make test`: it needs a quiet machine for its times (`make bench-limits`).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests"))
from hostile_inputs import HOSTILE  # noqa: E402 - the goal files tests/test_resource_limits.py checks are refused

MELITOPOL = REPO / "plans" / "melitopol"

CHILD = r"""
import json, os, sys, time
sys.path.insert(0, os.environ["LIMITS_SRC"])
start = time.perf_counter()
from stratplan.cli import main
sys.argv = ["stratplan", *json.loads(os.environ["LIMITS_ARGS"])]
code = 0
try:
    main()
except SystemExit as exc:
    code = exc.code if isinstance(exc.code, int) else 0
except BaseException as exc:
    import traceback; traceback.print_exc(); code = -1
peak = next(int(line.split()[1]) for line in open("/proc/self/status") if line.startswith("VmHWM")) / 1024
with open(os.environ["LIMITS_REPORT"], "w") as report:
    json.dump({"code": code, "seconds": time.perf_counter() - start, "mb": peak}, report)
"""


@dataclass
class Case:
    """One reproducer: its class, what it shows, how to build its folder and the command line to run there."""

    name: str
    kind: str  # crash | time | silent
    about: str
    build: Callable[[Path], list[str]]


@dataclass
class Outcome:
    """What one case did."""

    name: str
    code: int | None
    seconds: float | None
    mb: float | None
    out_bytes: int
    crashed: bool
    note: str = ""
    utf8: bool = True
    controls: int = 0


# --- building cases ---------------------------------------------------------------------------------------

def _plan(work: Path) -> Path:
    shutil.copytree(MELITOPOL, work / "P")
    return work / "P"


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


FIRST_LINE = "{2022: 200.0, 2023: 200.0, 2024: 200.0, 2025: 50.0, 2026: 50.0, 2027: 50.0}"


def _money(value: str, *command: str) -> Callable[[Path], list[str]]:
    def build(work: Path) -> list[str]:
        plan = _plan(work)
        _edit(plan / "goals" / "sg2.yaml", FIRST_LINE, "{2022: " + value + ", 2023: 200.0, 2024: 200.0, 2025: 50.0, "
              "2026: 50.0, 2027: 50.0}")
        return [arg.replace("OUT", str(work / "out")) for arg in command]

    return build


def _false_total(work: Path) -> list[str]:
    plan = _plan(work)
    _edit(plan / "goals" / "sg2.yaml", FIRST_LINE + "\n              total: 750.0",
          "{2022: 1234567890123456789012345678.12, 2023: 0.01}\n              total: 1234567890123456789012345678.13")
    return ["validate", "P", "-f", "concise", "--no-cache"]


MONITORING = """schema_version: 1
period: {year: 2023}
items:
  "2.1.1":
    status: in_progress
    actual: {all: ACTUAL}
  "2.1.1.1":
    status: in_progress
    actual: {all: ACTUAL}
"""


def _actual(command: str) -> Callable[[Path], list[str]]:
    def build(work: Path) -> list[str]:
        plan = _plan(work)
        (plan / "monitoring").mkdir()
        (plan / "monitoring" / "2023.yaml").write_text(MONITORING.replace("ACTUAL", "1" * 29), encoding="utf-8")
        return {"validate": ["validate", "P", "-f", "concise", "--no-cache"],
                "report": ["report", "P", "--year", "2023", "-o", str(work / "r.html")],
                "diff": ["diff", "P", "--period", "2023"]}[command]

    return build


def _bad_name(fmt: str) -> Callable[[Path], list[str]]:
    def build(work: Path) -> list[str]:
        plan = _plan(work)
        os.rename(plan / "goals" / "sg3.yaml", os.path.join(os.fsencode(plan / "goals"), b"x\xff.yaml"))
        if fmt == "report":
            return ["report", "P", "--year", "2023", "-o", str(work / "r.html")]
        return ["validate", "P", "-f", fmt, "--no-cache"]

    return build


def _monitoring_file(work: Path) -> list[str]:
    plan = _plan(work)
    (plan / "monitoring").write_text("not a folder\n", encoding="utf-8")
    return ["monitor", "init", "P", "--period", "2023"]


def _deep_pyproject(work: Path) -> list[str]:
    _plan(work)
    (work / "pyproject.toml").write_text("a = " + "[" * 100_000 + "]" * 100_000 + "\n", encoding="utf-8")
    return ["validate", "P", "-f", "concise", "--no-cache"]


def _git(work: Path, *args: str) -> None:
    subprocess.run(["git", "-c", "user.name=b", "-c", "user.email=b@b", *args], cwd=work, check=True,
                   capture_output=True)


def _repository(work: Path) -> Path:
    plan = _plan(work)
    _git(work, "init", "-q")
    _git(work, "add", ".")
    _git(work, "commit", "-qm", "base")
    return plan


def _corrupt_git(work: Path) -> list[str]:
    _repository(work)
    blob = subprocess.run(["git", "rev-parse", "HEAD:P/goals/sg1.yaml"], cwd=work, capture_output=True, text=True,
                          check=True).stdout.strip()
    (work / ".git" / "objects" / blob[:2] / blob[2:]).unlink()
    return ["changes", "--base", "HEAD", "P"]


def _git_bad_name(work: Path) -> list[str]:
    plan = _repository(work)
    shutil.copy(plan / "goals" / "sg3.yaml", os.path.join(os.fsencode(plan / "goals"), b"x\xff.yaml"))
    _git(work, "add", ".")
    _git(work, "commit", "-qm", "bad name")
    return ["changes", "--base", "HEAD~1", "--head", "HEAD", "P"]


def _git_bomb(work: Path) -> list[str]:
    plan = _repository(work)
    for number in range(40):
        (plan / "goals" / f"z{number:02}.yaml").write_bytes(b"# " + b"0" * (5 * 1024 * 1024 - 10) + b"\n")
    _git(work, "add", ".")
    _git(work, "commit", "-qm", "compressible")
    return ["changes", "--base", "HEAD~1", "--head", "HEAD", "P"]


def _output(command: str, target: str) -> Callable[[Path], list[str]]:
    def build(work: Path) -> list[str]:
        _plan(work)
        # /sys refuses new files even to root (EACCES); a read-only folder would not stop root
        out = {"dir": str(work), "full": "/dev/full", "denied": "/sys/stratplan-limits.yaml"}[target]
        return {"report": ["report", "P", "--year", "2023", "-o", out],
                "export": ["export", "P", "-f", "csv", "-o", out],
                "monitor": ["monitor", "init", "P", "--period", "2023", "-o", out]}[command]

    return build


def _hostile_cache(work: Path) -> list[str]:
    shutil.copytree(MELITOPOL, work / "plans" / "P")
    cache = work / "cache"  # outside the plans: a cache folder inside them is refused
    args = ["validate", "plans/P", "-f", "concise", "--cache-dir", str(cache)]
    env = {**os.environ, "PYTHONPATH": os.environ["LIMITS_SRC"]}
    subprocess.run([sys.executable, "-m", "stratplan", *args], cwd=work, env=env, capture_output=True, check=False)
    for entry in cache.rglob("*.json"):
        if entry.parent.parent.name == "lint":
            entry.write_text('{"format": "v2", "files": 1, "diagnostics": ' + "[" * 200_000 + "]" * 200_000 + "}")
    return args


def _unknown_keys(count: int) -> Callable[[Path], list[str]]:
    def build(work: Path) -> list[str]:
        plan = _plan(work)
        extra = "".join(f"k{n}: 1\n" for n in range(count))
        with (plan / "goals" / "sg1.yaml").open("a", encoding="utf-8") as stream:
            stream.write(extra)
        return ["validate", "P", "-f", "concise", "--no-cache"]

    return build


def _big_goal(work: Path, tabs: bool) -> Path:
    """sg1.yaml grown to about 1 MB by repeating its measures (a tab in a comment when `tabs`)."""
    plan = _plan(work)
    path = plan / "goals" / "sg1.yaml"
    text = path.read_text(encoding="utf-8")
    head, _, rest = text.partition("    tasks:\n")
    task = "      - code: \"1.1.N\"\n        title: \"Завдання N\"\n        term: {start: 2022, end: 2024}\n" \
           "        funding:\n          planned:\n            - years: {2022: 1.0, 2023: 2.0}\n              total: 3.0\n"
    tasks = "".join(task.replace(".N", f".{n}").replace(" N", f" {n}") for n in range(1, 6500))
    extra = "  # a comment\twith a tab\n" if tabs else ""
    path.write_text(head + "    tasks:\n" + tasks + extra + "  - code: \"1.9\"\n    title: \"x\"\n", encoding="utf-8")
    del rest
    return plan


def _tabs(tabs: bool) -> Callable[[Path], list[str]]:
    def build(work: Path) -> list[str]:
        _big_goal(work, tabs)
        return ["validate", "P", "-f", "concise", "--no-cache"]

    return build


def _fmt_check(work: Path) -> list[str]:
    _big_goal(work, False)
    return ["fmt", "--check", "P"]


def _gap(code: str) -> Callable[[Path], list[str]]:
    def build(work: Path) -> list[str]:
        plan = _plan(work)
        _edit(plan / "goals" / "sg2.yaml", 'code: "2.1.1.4"', f'code: "{code}"')
        return ["validate", "P", "-f", "concise", "--no-cache"]

    return build


def _hostile(name: str) -> Callable[[Path], list[str]]:
    def build(work: Path) -> list[str]:
        (_plan(work) / "goals" / "sg1.yaml").write_bytes(HOSTILE[name][0]())
        return ["validate", "P", "-f", "json", "--no-cache"]

    return build


MEASURE = ('          - code: "1.1.1.{n}"\n            title: "Захід {n}"\n            term: {{start: 2022, end: 2024}}\n'
           '            executors: [EXEC]\n            funding:\n              planned:\n'
           '                - years: {{2022: 1.0, 2023: 2.0, 2024: 3.0}}\n                  total: 6.0\n')


def _measures(count: int, command: str, unknown: bool = False) -> Callable[[Path], list[str]]:
    """A plan of `count` measures under one task, spread over goal files of at most 10,000 measures each (with
    each measure's 2023 amount `unknown` when `unknown`, and the task's own amounts left out, so the measures' money,
    unknown amounts and all, is what the task, its goals and the plan carry)."""
    measure = MEASURE.replace("2023: 2.0", "2023: unknown") if unknown else MEASURE
    own = "          planned:\n            - source: local_budget\n              years: {2022: 10.0, 2023: 12.5}\n"

    def build(work: Path) -> list[str]:
        plan = work / "P"
        shutil.copytree(REPO / "tests" / "malformed" / "_base", plan)
        goal = (plan / "goals" / "sg1.yaml").read_text(encoding="utf-8")
        executor = "tsnsp"
        per_file = 10_000
        for number in range((count + per_file - 1) // per_file):
            code = str(number + 1)
            text = goal.replace('code: "1', f'code: "{code}').replace("\n              total: 22.5", "")
            text = text.replace(own, "") if unknown else text
            body = "".join(measure.format(n=n).replace("1.1.1.", f"{code}.1.1.").replace("EXEC", executor)
                           for n in range(1, min(per_file, count - number * per_file) + 1))
            (plan / "goals" / f"sg{code}.yaml").write_text(text + "        measures:\n" + body, encoding="utf-8")
        plan.joinpath("plan.yaml").write_text(plan.joinpath("plan.yaml").read_text(encoding="utf-8").replace(
            "  task: Завдання\n", "  task: Завдання\n  measure: Захід\n"), encoding="utf-8")
        return {"validate": ["validate", "P", "-f", "concise", "--no-cache", "-j", "1"],
                "report": ["report", "P", "--year", "2023", "-o", str(work / "r.html")],
                "budget": ["budget", "P", "--no-cache", "-j", "1"],
                "fmt": ["fmt", "--check", "P"]}[command]

    return build


def _symlinked_goals(work: Path) -> list[str]:
    plan = _plan(work)
    outside = work / "outside"
    shutil.move(plan / "goals", outside)
    (plan / "goals").symlink_to(outside)
    _edit(outside / "sg1.yaml", "code: \"1\"\n", "code:   \"1\"\n")
    return ["fmt", "P"]


def _hidden_goal(name: str) -> Callable[[Path], list[str]]:
    def build(work: Path) -> list[str]:
        plan = _plan(work)
        target = plan / "goals" / name
        target.parent.mkdir(exist_ok=True)
        shutil.move(plan / "goals" / "sg3.yaml", target)
        return ["validate", "P", "-f", "concise", "--no-cache"]

    return build


def _templates(work: Path) -> list[str]:
    _plan(work)
    (work / "t").mkdir()
    (work / "t" / "report.html.j2").write_text(
        "{{ ''.__class__.__mro__[1].__subclasses__() | length }}\n", encoding="utf-8")
    return ["report", "P", "--year", "2023", "--templates", str(work / "t"), "-o", str(work / "r.html")]


def _escape_name(fmt: str) -> Callable[[Path], list[str]]:
    def build(work: Path) -> list[str]:
        plan = _plan(work)
        os.rename(plan / "goals" / "sg3.yaml", plan / "goals" / "x\x1b]0;pwned\x07.yaml")
        return ["validate", "P", "-f", fmt, "--no-cache"]

    return build


CASES = [
    Case("money-1e1000000-validate", "crash", "2022: 1e1000000 in a planned line", _money("1e1000000", "validate", "P",
                                                                                           "-f", "concise", "--no-cache")),
    Case("money-1e1000000-budget", "crash", "the same through budget", _money("1e1000000", "budget", "P", "--no-cache")),
    Case("money-1e999999-budget", "time", "1e999999 formats into 22 MB", _money("1e999999", "budget", "P", "--no-cache")),
    Case("money-1e400-xlsx", "crash", "1e400 in an xlsx export", _money("1e400", "export", "P", "-f", "xlsx", "-o", "OUT")),
    Case("money-29-digit-total", "silent", "a 29-digit total: a false BG102", _false_total),
    Case("actual-29-digits-validate", "crash", "a 29-digit monitoring actual", _actual("validate")),
    Case("actual-29-digits-report", "crash", "the same through report", _actual("report")),
    Case("actual-29-digits-diff", "crash", "the same through diff", _actual("diff")),
    Case("name-not-utf8-json", "crash", "goals/x\\377.yaml, validate -f json", _bad_name("json")),
    Case("name-not-utf8-sarif", "crash", "the same, sarif", _bad_name("sarif")),
    Case("name-not-utf8-report", "crash", "the same, report", _bad_name("report")),
    Case("monitoring-is-a-file", "crash", "monitor init when monitoring is a file", _monitoring_file),
    Case("pyproject-deep", "crash", "a 100,000-deep pyproject.toml above the plan", _deep_pyproject),
    Case("git-missing-blob", "crash", "changes in a repository with a missing blob", _corrupt_git),
    Case("git-name-not-utf8", "crash", "changes over a commit with a non-UTF-8 name", _git_bad_name),
    Case("git-compressible-blobs", "time", "40 goal files of 5 MB zeros in a commit", _git_bomb),
    Case("output-dir-report", "crash", "report -o a folder", _output("report", "dir")),
    Case("output-full-export", "crash", "export -o /dev/full (ENOSPC)", _output("export", "full")),
    Case("output-denied-monitor", "crash", "monitor init -o in a read-only folder", _output("monitor", "denied")),
    Case("cache-deep-entry", "crash", "a lint cache entry 200,000 lists deep", _hostile_cache),
    *(Case(f"hostile-{name}", "time", f"goals/sg1.yaml is the {name} of tests/test_resource_limits.py",
           _hostile(name)) for name in HOSTILE),
    Case("unknown-keys-30k", "time", "30,000 unknown keys in a goal file", _unknown_keys(30_000)),
    Case("unknown-keys-240k", "time", "240,000 unknown keys (2.5 MB)", _unknown_keys(240_000)),
    Case("tabs-none-1mb", "time", "a 1 MB goal file, no tab", _tabs(False)),
    Case("tabs-1mb", "time", "the same with one tab in a comment", _tabs(True)),
    Case("fmt-check-1mb", "time", "fmt --check on the 1 MB goal file", _fmt_check),
    Case("st103-gap-10000000", "time", "code 2.1.1.10000000", _gap("2.1.1.10000000")),
    Case("st103-gap-40-digits", "time", "a 40-digit last number", _gap("2.1.1." + "9" * 34)),
    Case("measures-100k-validate", "time", "100,000 measures: validate", _measures(100_000, "validate")),
    Case("measures-100k-budget", "time", "100,000 measures: budget", _measures(100_000, "budget")),
    Case("measures-100k-report", "time", "100,000 measures: report", _measures(100_000, "report")),
    Case("measures-100k-unknown-budget", "time", "100,000 measures, each with an unknown amount: budget",
         _measures(100_000, "budget", unknown=True)),
    Case("measures-100k-fmt-check", "time", "100,000 measures: fmt --check", _measures(100_000, "fmt")),
    Case("fmt-symlinked-goals", "silent", "fmt through a goals/ symlink leading out", _symlinked_goals),
    Case("goal-yml", "silent", "goals/sg3.yml", _hidden_goal("sg3.yml")),
    Case("goal-upper", "silent", "goals/SG3.YAML", _hidden_goal("SG3.YAML")),
    Case("goal-subfolder", "silent", "goals/sub/sg3.yaml", _hidden_goal("sub/sg3.yaml")),
    Case("templates-escape", "silent", "a template reaching object.__subclasses__", _templates),
    Case("escape-name-concise", "silent", "ESC and BEL in a goal file name, concise", _escape_name("concise")),
    Case("escape-name-github", "silent", "the same, github annotations", _escape_name("github")),
]


# --- running ----------------------------------------------------------------------------------------------

def run_case(case: Case, src: Path, timeout: float) -> Outcome:
    with tempfile.TemporaryDirectory(prefix=f"limits-{case.name}-") as folder:
        work = Path(folder)
        os.environ["LIMITS_SRC"] = str(src)
        args = case.build(work)
        report = work / ".report.json"
        env = {**os.environ, "LIMITS_ARGS": json.dumps(args), "LIMITS_REPORT": str(report), "COLUMNS": "120"}
        env.pop("GITHUB_ACTIONS", None)
        out_path = work / ".stdout"
        with out_path.open("wb") as out:
            start = time.perf_counter()
            try:
                proc = subprocess.run([sys.executable, "-c", CHILD], cwd=work, env=env, stdout=out,
                                      stderr=subprocess.PIPE, timeout=timeout, check=False)
                stderr = proc.stderr.decode("utf-8", "replace")
            except subprocess.TimeoutExpired:
                return Outcome(case.name, None, None, None, out_path.stat().st_size, False,
                               f"killed after {timeout:.0f} s ({time.perf_counter() - start:.0f} s)")
        crashed = "Traceback" in stderr or "internal error" in stderr
        output = out_path.read_bytes()
        controls = output.count(b"\x1b") + output.count(b"\x07")  # terminal escapes and bells that reached stdout
        try:
            output.decode("utf-8")
            utf8 = True
        except UnicodeDecodeError:
            utf8 = False
        note = stderr.strip().splitlines()[-1][:140] if stderr.strip() else ""
        try:
            measured = json.loads(report.read_text())
        except (OSError, ValueError):
            return Outcome(case.name, proc.returncode, None, None, out_path.stat().st_size, True, note)
        for path in work.rglob("*"):  # read-only folders would stop the clean-up
            if path.is_dir() and not path.is_symlink():
                os.chmod(path, 0o700)
        return Outcome(case.name, measured["code"], measured["seconds"], measured["mb"], out_path.stat().st_size,
                       crashed, note, utf8, controls)


def _cell(value: float | None, fmt: str) -> str:
    return "—" if value is None else format(value, fmt)


def table(outcomes: list[Outcome]) -> str:
    kinds = {c.name: c for c in CASES}
    lines = ["| case | class | what | exit | crash | seconds | peak MB | stdout bytes | stdout UTF-8 | ESC/BEL in stdout | "
             "last stderr line |", "|---|---|---|---|---|---|---|---|---|---|---|"]
    for o in outcomes:
        case = kinds[o.name]
        note = o.note.replace("|", "\\|")
        lines.append(f"| {o.name} | {case.kind} | {case.about} | {o.code if o.code is not None else '—'} | "
                     f"{'yes' if o.crashed else 'no'} | {_cell(o.seconds, '.2f')} | {_cell(o.mb, '.0f')} | "
                     f"{o.out_bytes:,} | {'yes' if o.utf8 else 'no'} | {o.controls} | {note} |")
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", help="comma-separated case names (default: all)")
    parser.add_argument("--src", type=Path, default=REPO / "src", help="the stratplan sources to run")
    parser.add_argument("--timeout", type=float, default=600.0, help="seconds before a case is killed")
    parser.add_argument("--out", type=Path, help="also write the table to this Markdown file")
    parser.add_argument("--list", action="store_true", help="list the cases and exit")
    options = parser.parse_args()
    if options.list:
        for case in CASES:
            print(f"{case.name:<28} {case.kind:<7} {case.about}")
        return
    wanted = set(options.only.split(",")) if options.only else None
    unknown = (wanted or set()) - {c.name for c in CASES}
    if unknown:
        parser.error(f"unknown cases: {', '.join(sorted(unknown))}")
    outcomes = []
    for case in CASES:
        if wanted is None or case.name in wanted:
            outcome = run_case(case, options.src.resolve(), options.timeout)
            outcomes.append(outcome)
            print(f"{outcome.name:<28} exit {outcome.code!s:>4}  crash {'yes' if outcome.crashed else 'no ':<3} "
                  f"{_cell(outcome.seconds, '8.2f')} s {_cell(outcome.mb, '6.0f')} MB  out {outcome.out_bytes:>11,}"
                  f"{'' if outcome.utf8 else ' NOT-UTF-8'}{f' ESC/BEL x{outcome.controls}' if outcome.controls else ''}  "
                  f"{outcome.note[:90]}", flush=True)
    if options.out:
        options.out.write_text("# Issue 20's reproducers\n\nWritten by `python bench/limits.py` (`make bench-limits`); see "
                               "docs/RELIABILITY.md for the figures before and after.\n\n" + table(outcomes), encoding="utf-8")


if __name__ == "__main__":
    main()
