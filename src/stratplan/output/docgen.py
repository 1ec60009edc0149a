"""Generate `docs/rules.md` from the rule registry: `python -m stratplan.output.docgen docs/rules.md`."""

from __future__ import annotations

import sys
from pathlib import Path

from stratplan.check.catalogue import problem_codes
from stratplan.check.rules import FAMILIES, RULES
from stratplan.core.codes import CODES
from stratplan.core.codes import FAMILIES as ENGINE_FAMILIES

SEVERITIES = """Severity says who must act, and a rule's default says what its findings always are:

- **error**: the plan's data is wrong, missing or contradicts itself, and a council must correct the document
  before adopting it: a term, a funding source or a figure left empty or blank; a number, a title of another
  community, a strategy period or a total that is not what the rest of the plan says; a child outside its
  parent (its term, its sources); a node one section has and another leaves out or numbers otherwise; or a
  file that cannot be read at all. `validate` exits 1.
- **warning**: a likely defect that needs a human decision, because it may be what the document means: a title
  worded otherwise in another section, a gap in numbering, items of an action plan running past its year, a
  total that amounts lost in the source could explain, a source no item below uses, the same title twice.
- **info**: wording and form, where the meaning is not in doubt: the same title with words glued or misspelt, a
  funding source printed otherwise than the catalog names it.

A rule whose findings are sometimes certain and sometimes a judgement is split in two (BG104 and BG108, TM106
and TM104, XS104 and XS105). Rules' severities can be changed in the configuration (`severity: {CODE:
warning}`); the `--fail-level` option says from which severity `validate` fails, and `--baseline` which
findings are already known (see the README)."""

WHOLE_PLAN = (" It judges the plan as a whole, so it is not run while a goal file fails to load (it would report "
              "only what is missing); the load error is reported instead.")


def render() -> str:
    """The rules reference as Markdown, one section per rule, families in registry order."""
    out = ["# Rules and problem codes", "", "Generated from the catalogue of problem codes and the rule registry by "
           "`make docs`; do not edit by hand.", "", SEVERITIES, ""]
    out += ["| code | name | default severity | what it catches |", "|---|---|---|---|"]
    out += [f"| [{c.code}](#{c.code.lower()}) | `{c.name}` | {c.severity.label} | {c.summary} |" for c in problem_codes()]
    for family, title in ENGINE_FAMILIES.items():
        out += ["", f"## {family}: {title}"]
        for code in (c for c in CODES if c.family == family):
            out += ["", f"### {code.code}", "", f"`{code.name}`, default severity **{code.severity.label}**.", "",
                    code.summary + (f" {code.doc}" if code.doc else "")]
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
