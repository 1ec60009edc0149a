"""The bundled plans say what they said before the format grew (issuer, any depth, money by source): `stratplan
changes` from the plans before (main at 3219ab2) to the plans as migrated (71284d2, `community:` renamed
`issuer:`) shows no node, field or money change. The earlier `community:` key is read as `issuer:` (SC201 says to
rename it), so the old files load; both sides are read from git, so later, deliberate edits of the plans (the
statements of issue 15) do not move what this test pins.
"""

from __future__ import annotations

import json
import subprocess
from collections.abc import Callable

import pytest

from conftest import REPO, CliRun

BEFORE = "3219ab2"  # main before the format grew: plans with `community:`, four fixed levels, one money unit
MIGRATED = "71284d2"  # the commit that moved the plans to the grown format


def _have(rev: str) -> bool:
    found = subprocess.run(["git", "cat-file", "-e", f"{rev}^{{commit}}"], cwd=REPO, capture_output=True, check=False)
    return found.returncode == 0


@pytest.mark.skipif(not (_have(BEFORE) and _have(MIGRATED)),
                    reason=f"commits {BEFORE} and {MIGRATED} are not in this clone's history (fetch-depth: 0)")
def test_the_bundled_plans_are_unchanged_in_meaning(run_cli: Callable[..., CliRun]) -> None:
    result = run_cli("changes", "--base", BEFORE, "--head", MIGRATED, "plans", "--format", "json")
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
