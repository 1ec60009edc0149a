"""Fidelity checker used by tests/test_fidelity.py: does a plan say what its source document says?

Every check returns a list of `Problem`s (empty when the plan is faithful), so that the tests can require
an empty list for the real plans and also prove, on a deliberately damaged copy, that the checks fail.
The normalisation, the matching rules and what is (not) checked are described in the docstring of
tests/test_fidelity.py; `normalise` and `Source` implement them (a test asserts that both agree on the
whole of every dump).

Run `PYTHONPATH=src python tests/fidelity_util.py` for a per-plan summary.
"""

from __future__ import annotations

import os
import re
import unicodedata
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from stratplan.core.diagnostics import Severity
from stratplan.io.yamlio import DataPath, LoadedYaml
from stratplan.model import AnyNode, children_of
from stratplan.plan.loader import LoadedPlan, load_plan

SPLIT_WINDOW_LINES = 60
MAX_PIECES = 3

_WS = re.compile(r"\s+")
_HYPHEN_JOIN = re.compile(r"(?<=\w)- ")
_CLOSING = ",.;:)"
_SPACE_BEFORE_PUNCT = re.compile(r" (?=[,.;:)])")


def normalise(text: str) -> str:
    """The comparison form of a text (rules a-d in the docstring of tests/test_fidelity.py)."""
    text = unicodedata.normalize("NFC", text)
    text = _WS.sub(" ", text).strip()
    text = _HYPHEN_JOIN.sub("-", text)
    return _SPACE_BEFORE_PUNCT.sub("", text)


def format_amount(value: Decimal | int) -> str:
    """An amount as the document prints it: decimal comma, the same digits, no exponent."""
    return format(Decimal(value), "f").replace(".", ",")


# --------------------------------------------------------------------------------------------- source


@dataclass(frozen=True)
class Hit:
    """Where a text was found: source line numbers of each piece's start (one piece when contiguous)."""

    lines: tuple[int, ...]
    pieces: tuple[str, ...]

    @property
    def split(self) -> bool:
        return len(self.pieces) > 1


class Source:
    """A source dump in normalised form, with each character's source line and the line-break joints."""

    def __init__(self, raw: str, name: str = "") -> None:
        self.name = name
        raw = unicodedata.normalize("NFC", raw)
        chars: list[str] = []
        lines: list[int] = []
        break_after: set[int] = set()  # positions p such that a line break separates chars[p-1] and chars[p]
        line = 1
        pending: bool | None = None  # None: no whitespace since the last character; else "had a line break"
        for match in re.finditer(r"\s+|\S+", raw):
            chunk = match.group(0)
            if chunk[0].isspace():
                line += chunk.count("\n")
                if chars:
                    pending = bool(pending) or "\n" in chunk
                continue
            if pending is not None:
                at = len(chars)
                if (chars[-1] == "-" and len(chars) > 1 and _is_word(chars[-2])) or chunk[0] in _CLOSING:
                    if pending:
                        break_after.add(at)  # rules c and d: the whitespace is dropped
                else:
                    chars.append(" ")
                    lines.append(line)
                    if pending:
                        break_after.update((at, at + 1))  # the space sits at a line break
                pending = None
            chars.extend(chunk)
            lines.extend([line] * len(chunk))
        self.text = "".join(chars)
        self.line_of = lines
        self._breaks = break_after
        self.line_count = line

    @classmethod
    def from_path(cls, path: Path) -> Source:
        return cls(path.read_text(encoding="utf-8"), path.name)

    # -- primitive searches

    def _bounded(self, start: int, end: int, needle: str) -> bool:
        """True when an occurrence [start, end) does not cut a source word at either end."""
        if _is_word(needle[0]) and start > 0 and _is_word(self.text[start - 1]):
            return False
        return not (_is_word(needle[-1]) and end < len(self.text) and _is_word(self.text[end]))

    def occurrences(self, needle: str, begin: int = 0, stop: int | None = None) -> Iterator[int]:
        """Start offsets of word-bounded occurrences of a normalised needle, in order."""
        if not needle:
            return
        end = len(self.text) if stop is None else min(stop + len(needle), len(self.text))
        pos = self.text.find(needle, begin, end)
        while pos != -1:
            if self._bounded(pos, pos + len(needle), needle):
                yield pos
            pos = self.text.find(needle, pos + 1, end)

    def _line_break_before(self, pos: int) -> bool:
        return pos == 0 or pos in self._breaks

    def _line_break_after(self, end: int) -> bool:
        return end >= len(self.text) or end in self._breaks

    def line_at(self, pos: int) -> int:
        return self.line_of[min(pos, len(self.line_of) - 1)] if self.line_of else 1

    def _offset_after_lines(self, pos: int, lines: int) -> int:
        """First offset whose source line is more than `lines` after the line at `pos`."""
        last = self.line_at(pos) + lines
        lo, hi = pos, len(self.line_of)
        while lo < hi:
            mid = (lo + hi) // 2
            if self.line_of[mid] <= last:
                lo = mid + 1
            else:
                hi = mid
        return lo

    # -- text search

    def find(self, text: str) -> Hit | None:
        """Where a plan text occurs contiguously (first occurrence), or None."""
        needle = normalise(text)
        for pos in self.occurrences(needle):
            return Hit((self.line_at(pos),), (needle,))
        return None

    def suggest_split(self, text: str) -> Hit | None:
        """A candidate page-break reassembly of a text that does not occur contiguously (a hint only).

        The text is cut between words into 2 or 3 pieces; each piece occurs word-bounded, after the
        previous one and at most `SPLIT_WINDOW_LINES` lines further on, with a source line break on at
        least one side of every joint. This is loose on purpose (a dropped line would pass), so it is never
        taken as proof: a reassembly counts only once it is listed, fragment by fragment, in the test's
        EXPLICIT_SPLITS.
        """
        words = normalise(text).split(" ")
        if len(words) < 2:
            return None
        return self._find_split(words, 0, None, MAX_PIECES)

    def _find_split(self, words: list[str], begin: int, prev_end: int | None, pieces_left: int) -> Hit | None:
        """Match all `words` as at most `pieces_left` pieces, the first starting at or after `begin`."""
        stop = None if prev_end is None else self._offset_after_lines(prev_end, SPLIT_WINDOW_LINES)
        for cut in range(len(words), 0, -1):
            rest = words[cut:]
            if rest and pieces_left == 1:
                continue
            if not rest and prev_end is None:
                continue  # one piece is a contiguous match, not a split
            piece = " ".join(words[:cut])
            for pos in self.occurrences(piece, begin, stop):
                end = pos + len(piece)
                if prev_end is not None and not (self._line_break_after(prev_end) or self._line_break_before(pos)):
                    continue
                if not rest:
                    return Hit((self.line_at(pos),), (piece,))
                tail = self._find_split(rest, end, end, pieces_left - 1)
                if tail is not None:
                    return Hit((self.line_at(pos), *tail.lines), (piece, *tail.pieces))
        return None

    def fragment_on_line(self, fragment: str, line: int) -> bool:
        """True when a normalised fragment occurs (word-bounded) starting on the given source line."""
        return any(self.line_at(pos) == line for pos in self.occurrences(normalise(fragment)))

    def has_amount(self, token: str) -> bool:
        """True when a number token occurs as a whole number (not inside a longer number)."""
        pattern = re.compile(r"(?<![\d,.])" + re.escape(token) + r"(?!\d|[,.]\d)")
        return pattern.search(self.text) is not None


_WORD = re.compile(r"\w")


def _is_word(char: str) -> bool:
    return _WORD.match(char) is not None


# ------------------------------------------------------------------------------------------- problems


@dataclass(frozen=True)
class Problem:
    """One fidelity finding: a plan text or amount that the source does not contain."""

    kind: str  # "text" or "amount"
    file: str  # relative to the plan folder, e.g. goals/sg1.yaml
    where: str  # display path inside the file, e.g. "SG1 › 1.1 › 1.1.1 · title"
    value: str  # the text, or the amount as the document would print it
    line: int = field(default=0, compare=False)
    hint: str = field(default="", compare=False)

    def __str__(self) -> str:
        shown = self.value if len(self.value) <= 200 else self.value[:197] + "..."
        what = "text not in source" if self.kind == "text" else "amount not in source"
        hint = f"\n      {self.hint}" if self.hint else ""
        return f"{self.file}:{self.line}: {what}: {self.where}: {shown!r}{hint}"


@dataclass(frozen=True)
class Item:
    """A text or amount of the plan, with where it lives (`offset`: the value's index in the file text)."""

    value: Any
    file: str
    where: str
    line: int
    offset: int = -1


@dataclass
class Report:
    """Everything one fidelity run found for one plan."""

    slug: str
    source_file: str
    texts_checked: int = 0
    amounts_checked: int = 0
    problems: list[Problem] = field(default_factory=list)
    explicit_splits_used: list[Item] = field(default_factory=list)


# ------------------------------------------------------------------------------------------ inventory


class _Walker:
    """Locates plan values: file relative to the plan root, line, and a readable path."""

    def __init__(self, plan: LoadedPlan) -> None:
        self.plan = plan
        root = plan.root.resolve()
        self.rel: dict[str, str] = {}
        for name, doc in plan.docs.items():
            path = Path(doc.file)
            absolute = path if path.is_absolute() else Path(os.getcwd(), path)
            try:
                self.rel[name] = absolute.resolve().relative_to(root).as_posix()
            except ValueError:
                self.rel[name] = path.as_posix()

    def doc_named(self, name: str) -> LoadedYaml | None:
        for key, rel in self.rel.items():
            if rel == name:
                return self.plan.docs[key]
        return None

    def item(self, doc: LoadedYaml, path: DataPath, value: Any, where: str) -> Item:
        pos = doc.position(path)
        offset = pos.index if path in doc.values else -1
        return Item(value, self.rel.get(doc.file, doc.file), where, pos.line, offset)


def _fmt_path(path: Sequence[Any]) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def plan_texts(plan: LoadedPlan) -> list[Item]:
    """Every document text of a plan: plan.yaml statements and catalogs, node texts, context.yaml."""
    walker = _Walker(plan)
    items: list[Item] = []

    def add(doc: LoadedYaml | None, path: DataPath, value: Any, where: str | None = None) -> None:
        if doc is not None and isinstance(value, str) and value.strip():
            items.append(walker.item(doc, path, value, where or _fmt_path(path)))

    meta = plan.view.meta
    plan_doc = walker.doc_named("plan.yaml")
    if meta is not None:
        add(plan_doc, ("document", "title"), meta.document.title)
        if meta.document.decision is not None:
            add(plan_doc, ("document", "decision", "title"), meta.document.decision.title)
        for key in ("strategic_goal", "operational_goal", "task", "measure"):
            add(plan_doc, ("levels", key), getattr(meta.levels, key))
        for i, stage in enumerate(meta.stages):
            add(plan_doc, ("stages", i, "title"), stage.title)
            add(plan_doc, ("stages", i, "description"), stage.description)
        add(plan_doc, ("vision",), meta.vision)
        add(plan_doc, ("mission",), meta.mission)
        for key in ("values", "principles"):
            for i, value in enumerate(getattr(meta, key)):
                add(plan_doc, (key, i), value)
        for i, source in enumerate(meta.sources):
            add(plan_doc, ("sources", i, "name"), source.name)
        for i, executor in enumerate(meta.executors):
            add(plan_doc, ("executors", i, "name"), executor.name)
            add(plan_doc, ("executors", i, "abbreviation"), executor.abbreviation)
        if meta.declared_total is not None:
            add(plan_doc, ("declared_total", "label"), meta.declared_total.label)

    for node in plan.view.walk():
        doc, node_path = plan.written(node)
        label = plan.view.display(node)

        def at(*tail: Any, node_path: DataPath = node_path) -> DataPath:
            return (*node_path, *tail)

        add(doc, at("title"), node.title, f"{label} · title")
        add(doc, at("expected_result"), node.expected_result, f"{label} · expected_result")
        add(doc, at("motto"), getattr(node, "motto", None), f"{label} · motto")
        for i, indicator in enumerate(node.indicators):
            add(doc, at("indicators", i), indicator.text, f"{label} · indicators[{i}]")
        if node.term is not None:
            add(doc, at("term", "as_written"), node.term.as_written, f"{label} · term.as_written")
        if node.declared_total is not None:
            add(doc, at("declared_total", "label"), node.declared_total.label, f"{label} · declared_total.label")

    statements = plan.view.statements
    st_doc = walker.doc_named("statements.yaml")
    if statements is not None:
        for i, section in enumerate(statements.sections):
            add(st_doc, ("sections", i, "title"), section.title)
        for i, entry in enumerate(statements.also_stated):
            add(st_doc, ("also_stated", i, "code_as_printed"), entry.code_as_printed)
            add(st_doc, ("also_stated", i, "title_as_printed"), entry.title_as_printed)
        for i, count in enumerate(statements.counts):
            add(st_doc, ("counts", i, "text"), count.text)
        for i, named in enumerate(statements.lists):
            add(st_doc, ("lists", i, "text"), named.text)
            for j, item in enumerate(named.items):
                add(st_doc, ("lists", i, "items", j, "code_as_printed"), item.code_as_printed)
                add(st_doc, ("lists", i, "items", j, "title_as_printed"), item.title_as_printed)
        for i, row in enumerate(statements.rows):
            add(st_doc, ("rows", i, "term"), row.term)
            add(st_doc, ("rows", i, "executors"), row.executors)
            for j, printed in enumerate(row.sources or []):
                add(st_doc, ("rows", i, "sources", j, "as_printed"), printed.as_printed)

    context = plan.view.context
    ctx_doc = walker.doc_named("context.yaml")
    if context is not None:
        for t, table in enumerate(context.tables):
            add(ctx_doc, ("tables", t, "title"), table.title)
            for c, column in enumerate(table.columns):
                add(ctx_doc, ("tables", t, "columns", c), column)
            for r, row in enumerate(table.rows):
                for c, cell in enumerate(row):
                    add(ctx_doc, ("tables", t, "rows", r, c), cell)
        if context.swot is not None:
            for key in ("strengths", "weaknesses", "opportunities", "threats"):
                for i, value in enumerate(getattr(context.swot, key)):
                    add(ctx_doc, ("swot", key, i), value)
        for s, scenario in enumerate(context.scenarios):
            add(ctx_doc, ("scenarios", s, "title"), scenario.title)
            for p, paragraph in enumerate(scenario.paragraphs):
                add(ctx_doc, ("scenarios", s, "paragraphs", p), paragraph)
        for li, item_list in enumerate(context.lists):
            add(ctx_doc, ("lists", li, "title"), item_list.title)
            for i, value in enumerate(item_list.items):
                add(ctx_doc, ("lists", li, "items", i), value)
        for g, matrix_row in enumerate(context.goal_matrix):
            add(ctx_doc, ("goal_matrix", g, "goal"), matrix_row.goal)
            add(ctx_doc, ("goal_matrix", g, "motto"), matrix_row.motto)
            for o, value in enumerate(matrix_row.operational_goals):
                add(ctx_doc, ("goal_matrix", g, "operational_goals", o), value)
        monitoring = context.monitoring
        if monitoring is not None:
            for i, value in enumerate(monitoring.provisions):
                add(ctx_doc, ("monitoring", "provisions", i), value)
            add(ctx_doc, ("monitoring", "frequency"), monitoring.frequency)
            add(ctx_doc, ("monitoring", "responsible"), monitoring.responsible)
            if monitoring.report_form is not None:
                add(ctx_doc, ("monitoring", "report_form", "title"), monitoring.report_form.title)
                for c, column in enumerate(monitoring.report_form.columns):
                    add(ctx_doc, ("monitoring", "report_form", "columns", c), column)
    return items


def plan_amounts(plan: LoadedPlan) -> list[Item]:
    """Every amount of a plan (Decimal values; `unknown` left out)."""
    walker = _Walker(plan)
    items: list[Item] = []

    def add(doc: LoadedYaml | None, path: DataPath, value: Any, where: str) -> None:
        if doc is not None and isinstance(value, Decimal):
            items.append(walker.item(doc, path, value, where))

    def add_total(doc: LoadedYaml | None, base: DataPath, total: Any, label: str) -> None:
        if total is None:
            return
        add(doc, (*base, "total"), total.total, f"{label}.total")
        for year, amount in total.years.items():
            add(doc, (*base, "years", year), amount, f"{label}.years[{year}]")

    if plan.view.meta is not None:
        add_total(walker.doc_named("plan.yaml"), ("declared_total",), plan.view.meta.declared_total, "declared_total")
    for node in plan.view.walk():
        doc, node_path = plan.written(node)
        label = plan.view.display(node)
        add_total(doc, (*node_path, "declared_total"), node.declared_total, f"{label} · declared_total")
        if node.funding is not None:
            for i, line in enumerate(node.funding.planned):
                base = (*node_path, "funding", "planned", i)
                for year, amount in line.years.items():
                    add(doc, (*base, "years", year), amount, f"{label} · funding.planned[{i}].years[{year}]")
                add(doc, (*base, "total"), line.total, f"{label} · funding.planned[{i}].total")
        for i, indicator in enumerate(node.indicators):
            base = (*node_path, "indicators", i)
            add(doc, (*base, "baseline"), indicator.baseline, f"{label} · indicators[{i}].baseline")
            for year, amount in indicator.targets.items():
                add(doc, (*base, "targets", year), amount, f"{label} · indicators[{i}].targets[{year}]")
    return items


# ----------------------------------------------------------------------------------------------- checks

ExplicitSplits = Mapping[str, Sequence[tuple[int, str]]]
"""normalised text -> the fragments it is made of, each with the source line it starts on."""


def explicit_split_ok(source: Source, text: str, fragments: Sequence[tuple[int, str]]) -> bool:
    """True when the fragments join to the text and each occurs starting on its stated line."""
    joined = normalise(" ".join(fragment for _, fragment in fragments))
    return joined == normalise(text) and all(source.fragment_on_line(fragment, line) for line, fragment in fragments)


def text_occurs(source: Source, text: str, explicit: ExplicitSplits | None = None) -> bool:
    """True when a plan text occurs contiguously, or is a listed and verified page-break reassembly."""
    if source.find(text) is not None:
        return True
    fragments = (explicit or {}).get(normalise(text))
    return fragments is not None and explicit_split_ok(source, text, fragments)


def _split_hint(source: Source, text: str) -> str:
    hit = source.suggest_split(text)
    if hit is None:
        return ""
    parts = ", ".join(f"({line}, {piece!r})" for line, piece in zip(hit.lines, hit.pieces, strict=True))
    return f"candidate page-break reassembly, to be checked by eye before listing it in EXPLICIT_SPLITS: [{parts}]"


def check_texts(plan: LoadedPlan, source: Source, report: Report, explicit: ExplicitSplits | None = None) -> list[Problem]:
    """Problems for plan texts that do not occur in the source."""
    problems = []
    explicit = {normalise(text): fragments for text, fragments in (explicit or {}).items()}
    for item in plan_texts(plan):
        report.texts_checked += 1
        if source.find(item.value) is not None:
            continue
        if text_occurs(source, item.value, explicit):
            report.explicit_splits_used.append(item)
            continue
        problems.append(Problem("text", item.file, item.where, item.value, item.line, _split_hint(source, item.value)))
    return problems


def check_amounts(plan: LoadedPlan, source: Source, report: Report) -> list[Problem]:
    """Problems for amounts that the source does not print as a whole number token."""
    problems = []
    seen: dict[str, bool] = {}
    for item in plan_amounts(plan):
        report.amounts_checked += 1
        token = format_amount(item.value)
        if token not in seen:
            seen[token] = source.has_amount(token)
        if not seen[token]:
            problems.append(Problem("amount", item.file, item.where, token, item.line))
    return problems


def load_errors(plan: LoadedPlan) -> list[str]:
    """Error diagnostics of loading (a plan that does not load cannot be checked)."""
    return [f"{d.location}: {d.code} {d.message}" for d in plan.diagnostics if d.severity >= Severity.ERROR]


def check_plan(root: Path, seeds: Path, explicit: Mapping[str, ExplicitSplits] | None = None) -> Report:
    """Run the text and amount checks on one plan folder against its source dump."""
    plan = load_plan(root)
    errors = load_errors(plan)
    if errors or plan.view.meta is None:
        raise AssertionError(f"{root} does not load:\n" + "\n".join(errors))
    source_file = plan.view.meta.document.source_file
    if not source_file:
        raise AssertionError(f"{root}/plan.yaml names no document.source_file")
    source = get_source(seeds / source_file)
    report = Report(plan.slug, source_file)
    report.problems += check_texts(plan, source, report, (explicit or {}).get(source_file))
    report.problems += check_amounts(plan, source, report)
    return report


_SOURCES: dict[Path, Source] = {}


def get_source(path: Path) -> Source:
    """A source dump, normalised once per run."""
    key = path.resolve()
    if key not in _SOURCES:
        _SOURCES[key] = Source.from_path(key)
    return _SOURCES[key]


# --------------------------------------------------------------------------------------------- counts


def level_counts(plan: LoadedPlan) -> dict[str, int]:
    """Number of nodes per level."""
    counts = {"strategic_goal": 0, "operational_goal": 0, "task": 0, "measure": 0}
    for node in plan.view.walk():
        counts[plan.view.level(node)] += 1
    return counts


def shape(plan: LoadedPlan, depth: int) -> list[Any]:
    """Child counts, nested `depth` levels below the strategic goals.

    depth 2: per strategic goal, the number of children of each operational goal;
    depth 3: per strategic goal, per operational goal, the number of children of each task.
    """

    def below(node: AnyNode, levels: int) -> Any:
        children = children_of(node)
        return len(children) if levels == 1 else [below(child, levels - 1) for child in children]

    return [below(goal, depth) for goal in plan.view.goals]


def main() -> None:  # pragma: no cover - a maintainer's summary, not a test
    """Print each plan's fidelity summary (run from the repository root with PYTHONPATH=src)."""
    import sys

    repo = Path(__file__).resolve().parent.parent
    sys.path.insert(0, str(repo / "tests"))
    from conftest import sources_dir
    from test_fidelity import EXPLICIT_SPLITS

    for plan_file in sorted((repo / "plans").glob("*/plan.yaml")):
        report = check_plan(plan_file.parent, sources_dir(), EXPLICIT_SPLITS)
        print(f"{report.slug} ({report.source_file}): {report.texts_checked} texts "
              f"({len(report.explicit_splits_used)} as listed page-break reassemblies), "
              f"{report.amounts_checked} amounts, {len(report.problems)} problems")
        for problem in report.problems:
            print(f"  {problem}")
        plan = load_plan(plan_file.parent)
        print(f"  nodes per level: {level_counts(plan)}")


if __name__ == "__main__":  # pragma: no cover
    main()
