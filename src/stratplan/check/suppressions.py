"""Inline suppressions: `# stratplan: ignore[BG102,TM103] reason` in a plan file's comments.

A trailing comment covers its own line; a comment alone on its line covers the next line that has
content (`io.comments`, which fmt uses too to keep each comment with its line). The reason is mandatory.
Unused, reasonless and malformed suppressions are themselves findings.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from stratplan.core.diagnostics import Diagnostic, Location, Severity
from stratplan.io.comments import comments
from stratplan.io.yamlio import LoadedYaml

DIRECTIVE = re.compile(r"#\s*stratplan:\s*(?P<body>.*)$")
IGNORE = re.compile(r"^ignore\[(?P<codes>[^\]]*)\](?P<reason>.*)$")
CODE_SHAPE = re.compile(r"^[A-Z]{2}[0-9]{3}$")
FAMILY_SHAPE = re.compile(r"^[A-Z]{2}$")


@dataclass
class Suppression:
    """One directive: the codes it silences, the line it covers, and whether anything used it."""

    file: str
    comment_line: int
    comment_col: int
    target_line: int
    codes: tuple[str, ...]
    reason: str
    used: set[str] = field(default_factory=set)

    def covers(self, diagnostic: Diagnostic) -> bool:
        """True when the diagnostic is on the covered line and its code or family is listed."""
        loc = diagnostic.location
        if loc.file != self.file or loc.line != self.target_line:
            return False
        return diagnostic.code in self.codes or diagnostic.code[:2] in self.codes


def find(doc: LoadedYaml) -> tuple[list[Suppression], list[Diagnostic]]:
    """Suppressions in a file, and diagnostics for malformed ones."""
    found: list[Suppression] = []
    problems: list[Diagnostic] = []
    if "stratplan:" not in doc.text:
        return found, problems  # DIRECTIVE needs these words; most files have none: one test instead of reading comments
    for comment in comments(doc):
        match = DIRECTIVE.search(comment.text)
        if match:
            target = comment.line if comment.covers is None else comment.covers
            item, problem = _parse(doc.file, comment.line, comment.col + match.start(), target, match.group("body"))
            found.extend([item] if item else [])
            problems.extend([problem] if problem else [])
    return found, problems


def _parse(file: str, line: int, col: int, target: int, body: str) -> tuple[Suppression | None, Diagnostic | None]:
    where = Location(file, line, col)
    match = IGNORE.match(body.strip())
    if not match:
        return None, Diagnostic("SP103", f"malformed stratplan directive: '{body.strip()}'", Severity.ERROR, where,
                                name="suppression", hint="write '# stratplan: ignore[CODE] reason'")
    codes = tuple(c.strip() for c in match.group("codes").split(",") if c.strip())
    bad = [c for c in codes if not (CODE_SHAPE.match(c) or FAMILY_SHAPE.match(c))]
    if not codes or bad:
        return None, Diagnostic("SP103", f"suppression names no valid rule code: '{match.group('codes')}'",
                                Severity.ERROR, where, name="suppression", hint="use codes such as BG102 or a family such as BG")
    reason = match.group("reason").strip()
    item = Suppression(file, line, col, target, codes, reason)
    if not reason:
        return item, Diagnostic("SP102", "suppression without a reason", Severity.ERROR, where, name="suppression",
                                hint="say why, e.g. '# stratplan: ignore[BG102] the document prints 160,0'")
    return item, None


def apply(
    diagnostics: list[Diagnostic],
    suppressions: list[Suppression],
    known_codes: set[str],
    enabled: Callable[[str], bool] = lambda _code: True,
) -> list[Diagnostic]:
    """Drop suppressed diagnostics; report unknown codes, and unused suppressions of rules that ran."""
    kept = []
    for diagnostic in diagnostics:
        covering = [s for s in suppressions if s.covers(diagnostic)]
        for suppression in covering:
            suppression.used.add(diagnostic.code)
        if not covering:
            kept.append(diagnostic)
    for suppression in suppressions:
        where = Location(suppression.file, suppression.comment_line, suppression.comment_col)
        for code in suppression.codes:
            if len(code) == 5 and code not in known_codes:
                kept.append(Diagnostic("SP103", f"suppression names unknown rule {code}", Severity.ERROR, where,
                                       name="suppression"))
            elif enabled(code) and not any(used == code or used[:2] == code for used in suppression.used):
                kept.append(Diagnostic("SP101", f"unused suppression of {code}: nothing to suppress on the line it covers",
                                       Severity.WARNING, where, name="suppression",
                                       hint="remove the directive"))
    return kept
