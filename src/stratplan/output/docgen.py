"""Generate `docs/rules.md` from the rule registry: `python -m stratplan.output.docgen docs/rules.md`."""

from __future__ import annotations

import sys
from pathlib import Path

from stratplan.check.rules import FAMILIES, RULES

WHOLE_PLAN = (" It judges the plan as a whole, so it is not run while a goal file fails to load (it would report "
              "only what is missing); the load error is reported instead.")


def render() -> str:
    """The rules reference as Markdown, one section per rule, families in registry order."""
    out = ["# Rules", "", "Generated from the rule registry by `make docs`; do not edit by hand.", ""]
    out += ["| code | name | default severity | what it catches |", "|---|---|---|---|"]
    out += [f"| [{r.code}](#{r.code.lower()}) | `{r.name}` | {r.severity.label} | {r.summary} |" for r in RULES.values()]
    for family, title in FAMILIES.items():
        members = [r for r in RULES.values() if r.family == family]
        if not members:
            continue
        out += ["", f"## {family}: {title}"]
        for rule in members:
            out += ["", f"### {rule.code}", "", f"`{rule.name}`, default severity **{rule.severity.label}**."
                    + (WHOLE_PLAN if rule.needs_complete_plan else ""), "", rule.doc]
    return "\n".join(out) + "\n"


def main(argv: list[str]) -> int:
    """Write the reference to the given path (stdout when none)."""
    text = render()
    if len(argv) > 1:
        Path(argv[1]).write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
