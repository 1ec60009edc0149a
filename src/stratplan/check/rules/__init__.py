"""The rule registry: every module of this package named `<code>_<name>.py` defines one `RULE`; they are
listed in family order (as `FAMILIES` gives them), then by code. Adding a rule is adding its module."""

from __future__ import annotations

import pkgutil
import re
from importlib import import_module
from pathlib import Path

from stratplan.check.rules.base import FAMILIES, Finding, Option, Options, Rule

_RULE_MODULE = re.compile(r"^(?P<family>[a-z]{2})[0-9]{3}_[a-z0-9_]+$")


def _discover() -> list[Rule]:
    names = [m.name for m in pkgutil.iter_modules([str(Path(__file__).parent)]) if _RULE_MODULE.match(m.name)]
    rules = [import_module(f"{__name__}.{name}").RULE for name in names]
    order = list(FAMILIES)
    return sorted(rules, key=lambda rule: (order.index(rule.family), rule.code))


RULES: dict[str, Rule] = {rule.code: rule for rule in _discover()}

OPTIONS: dict[str, Option] = {option.name: option for rule in RULES.values() for option in rule.options}
"""Every option any rule declares, by its configuration key."""

__all__ = ["FAMILIES", "OPTIONS", "RULES", "Finding", "Option", "Options", "Rule"]
