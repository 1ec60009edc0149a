"""Every problem code the tool can report, rules and the rest alike, in one list for `stratplan rules`,
docs/rules.md and SARIF."""

from __future__ import annotations

from stratplan.check.rules import FAMILIES as RULE_FAMILIES
from stratplan.check.rules import RULES
from stratplan.core.codes import CODES, FAMILIES, ProblemCode


def problem_codes() -> list[ProblemCode]:
    """Every code: the loader's, schema's and other engine codes first, then the rules in registry order."""
    rules = [ProblemCode(r.code, r.name, r.severity, r.summary, r.doc) for r in RULES.values()]
    return [*CODES, *rules]


def families() -> dict[str, str]:
    """Every family prefix with what it covers."""
    return {**FAMILIES, **RULE_FAMILIES}
