"""Hostile inputs are refused, and small: each is validated in a child process that reports its own peak memory
(VmHWM) for the whole run of `stratplan validate`. An alias bomb expanded, or a 6 MiB file read into data, would
take hundreds of megabytes; refused, each stays near a plain run's. How long each takes is measured in
bench/limits.py (the `hostile-*` cases, docs/RELIABILITY.md), not here: a timed test fails on a busy machine."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import FIXTURES, REPO
from hostile_inputs import HOSTILE

LIMIT_MB = 100.0
CHILD = """
import json, sys
from stratplan.cli import main
sys.argv = ["stratplan", "validate", sys.argv[1], "--format", "json"]
try:
    main()
except SystemExit as exc:
    code = exc.code
# VmHWM is this process's own peak (ru_maxrss would keep the forking parent's peak across exec)
peak = next(int(line.split()[1]) for line in open("/proc/self/status") if line.startswith("VmHWM")) / 1024
sys.stderr.write(json.dumps({"code": code, "mb": peak}) + "\\n")
"""


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_input_is_refused_and_small(name: str, tmp_path: Path, figure: Callable[[str, str], None]) -> None:
    make, code = HOSTILE[name]
    plan = tmp_path / "plan"
    shutil.copytree(FIXTURES / "sample", plan)
    (plan / "goals" / "sg1.yaml").write_bytes(make())
    env = {**os.environ, "PYTHONPATH": str(REPO / "src")}
    proc = subprocess.run([sys.executable, "-c", CHILD, str(plan)], capture_output=True, text=True, env=env,
                          timeout=60, check=False)
    measured = json.loads(proc.stderr.strip().splitlines()[-1])
    found = [d["code"] for d in json.loads(proc.stdout)["diagnostics"]]
    figure(f"limit-{name}", f"refused with {code}, peak {measured['mb']:.0f} MB")
    assert code in found
    assert measured["code"] == 1
    assert measured["mb"] < LIMIT_MB
