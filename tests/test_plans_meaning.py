"""The bundled plans say what they said before the format grew (issuer, any depth, money by source): `stratplan
changes` from the plans at the commit this work started from to the working tree shows no node, field or money
change. The earlier `community:` key is read as `issuer:` (SC201 says to rename it), so the old files load.

When a later change edits the plans on purpose, compare from its own base instead (this test pins one).
"""

from __future__ import annotations

import json
import subprocess
from collections.abc import Callable

import pytest

from conftest import REPO, CliRun

BEFORE = "3219ab2"  # main before the format grew: plans with `community:`, four fixed levels, one money unit


def _have(rev: str) -> bool:
    found = subprocess.run(["git", "cat-file", "-e", f"{rev}^{{commit}}"], cwd=REPO, capture_output=True, check=False)
    return found.returncode == 0


@pytest.mark.skipif(not _have(BEFORE), reason=f"commit {BEFORE} is not in this clone's history (fetch-depth: 0)")
def test_the_bundled_plans_are_unchanged_in_meaning(run_cli: Callable[..., CliRun]) -> None:
    result = run_cli("changes", "--base", BEFORE, "plans", "--format", "json")
    assert result.code == 0, result.err
    report = json.loads(result.out)
    assert [plan["key"] for plan in report["plans"]] == ["plans/melitopol", "plans/pervomaisk", "plans/starobilsk"]
    for plan in report["plans"]:
        assert plan["status"] in ("changed", "unchanged"), plan["key"]  # both sides load: trees are compared
        assert plan["nodes"] == [] and plan["plan_fields"] == [] and plan["goals"] == []  # plan_fields: context too
        assert plan["money"]["cells"] == [] and plan["money"]["change"] == "0.0"
        assert [(f["status"], f["code"]) for f in plan["findings"]] == [("resolved", "SC201")]  # the renamed key
    assert report["flags"] == {"finding-resolved": 3}
    melitopol = report["plans"][0]["money"]
    assert (melitopol["has_amounts"], melitopol["before"], melitopol["after"]) == (True, "23450.0", "23450.0")
