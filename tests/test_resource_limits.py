"""Hostile inputs are refused fast and small: each is validated in a child process that reports its own
time and peak memory (VmHWM) for the whole run of `stratplan validate`, after the interpreter started."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import FIXTURES, REPO

LIMIT_SECONDS = 1.0
LIMIT_MB = 100.0
CHILD = """
import json, sys, time
start = time.perf_counter()
from stratplan.cli import main
sys.argv = ["stratplan", "validate", sys.argv[1], "--format", "json"]
try:
    main()
except SystemExit as exc:
    code = exc.code
# VmHWM is this process's own peak (ru_maxrss would keep the forking parent's peak across exec)
peak = next(int(line.split()[1]) for line in open("/proc/self/status") if line.startswith("VmHWM")) / 1024
sys.stderr.write(json.dumps({"code": code, "seconds": time.perf_counter() - start, "mb": peak}) + "\\n")
"""


def _alias_bomb() -> bytes:
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 10)]
    return ("\n".join(lines) + "\n").encode()


BOMBS: dict[str, tuple[Callable[[], bytes], str]] = {
    "alias-bomb": (_alias_bomb, "LD106"),
    "nesting-20000": (lambda: b"code: " + b"[" * 20_000 + b"\n", "LD109"),
    "oversized-6MiB": (lambda: b"title: " + b"x" * (6 * 1024 * 1024) + b"\n", "LD102"),
    "number-5000-digits": (lambda: b'code: "1"\ntitle: t\ndeclared_total: {total: ' + b"9" * 5000 + b"}\n", "LD111"),
}


@pytest.mark.parametrize("name", sorted(BOMBS))
def test_hostile_input_is_refused_fast_and_small(name: str, tmp_path: Path, figure: Callable[[str, str], None]) -> None:
    make, code = BOMBS[name]
    plan = tmp_path / "plan"
    shutil.copytree(FIXTURES / "sample", plan)
    (plan / "goals" / "sg1.yaml").write_bytes(make())
    env = {**os.environ, "PYTHONPATH": str(REPO / "src")}
    wall = time.perf_counter()
    proc = subprocess.run([sys.executable, "-c", CHILD, str(plan)], capture_output=True, text=True, env=env,
                          timeout=60, check=False)
    wall = time.perf_counter() - wall
    measured = json.loads(proc.stderr.strip().splitlines()[-1])
    found = [d["code"] for d in json.loads(proc.stdout)["diagnostics"]]
    figure(f"limit-{name}", f"refused with {code} in {measured['seconds']:.2f} s (child wall {wall:.2f} s "
                            f"including interpreter start), peak {measured['mb']:.0f} MB")
    assert code in found
    assert measured["code"] == 1
    assert measured["seconds"] < LIMIT_SECONDS
    assert measured["mb"] < LIMIT_MB
