"""`stratplan init`: the files of a new plan folder that validates clean, with comments saying what to fill in.

The plan has the issuer, the document (kind, period, money unit, status `draft`), the levels the document
uses with its names for them, one funding source and one executor, and one example top-level node with one
child (a one-level plan: one node under `nodes:`). Every text is a placeholder to replace; none is a figure.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass

from stratplan.core.diagnostics import UsageError
from stratplan.model import LEVEL_KEYS, LEVELS

KINDS = ("strategy", "action_plan", "programme")
ISSUER_TYPES = ("community", "district", "oblast")
UNITS = ("thousand_uah", "uah")
BY_COUNT = {1: ("measure",), 2: ("strategic_goal", "measure"), 3: ("strategic_goal", "operational_goal", "measure"),
            4: LEVELS}
"""Level names given in order, without ids, fill these levels top-down."""
KIND_WORDS = {"strategy": "Стратегія", "action_plan": "План дій", "programme": "Програма"}
SOURCES = {  # the issuer's own budget, as a first catalog entry to edit
    "community": ("local_budget", "бюджет територіальної громади", "local_budget"),
    "district": ("district_budget", "районний бюджет", "local_budget"),
    "oblast": ("oblast_budget", "обласний бюджет", "oblast_budget"),
}
UNIT_WORDS = {"thousand_uah": "thousand UAH (тис. грн)", "uah": "UAH (грн)"}
# Ukrainian letters in Latin, after the official transliteration (Resolution of the Cabinet of Ministers No. 55, 2010).
TRANSLIT = dict(zip("абвгґдезийіклмнопрстуфхцчшщьюяєїж'’", [
    "a", "b", "v", "h", "g", "d", "e", "z", "y", "i", "i", "k", "l", "m", "n", "o", "p", "r", "s", "t", "u", "f", "kh",
    "ts", "ch", "sh", "shch", "", "iu", "ia", "ie", "i", "zh", "", ""], strict=True))


@dataclass(frozen=True)
class NewPlan:
    """What `init` writes: the issuer, the document and the levels with their names, as given or asked for."""

    issuer_type: str
    name: str
    oblast: str | None
    district: str | None
    slug: str
    kind: str
    start: int
    end: int
    levels: tuple[tuple[str, str], ...]
    unit: str = "thousand_uah"
    title: str | None = None


def parse_period(text: str) -> tuple[int, int]:
    """`2024-2026` (or `2024–2026`, or one year `2024`) as (start, end); UsageError otherwise."""
    from stratplan.model.common import FIRST_YEAR, LAST_YEAR

    match = re.fullmatch(r"\s*(\d{4})\s*(?:[-–—]\s*(\d{4}))?\s*", text)
    if not match:
        raise UsageError(f"--period takes years like 2024-2026, got {text!r}")
    start, end = int(match.group(1)), int(match.group(2) or match.group(1))
    if not FIRST_YEAR <= start <= end <= LAST_YEAR:
        raise UsageError(f"--period {text}: the years must run forward, from {FIRST_YEAR} to {LAST_YEAR}")
    return start, end


def parse_levels(text: str) -> tuple[tuple[str, str], ...]:
    """The document's level names: `Напрям,Захід` fills levels top-down by their count (1: measure; 2: strategic
    goal, measure; 3: strategic goal, operational goal, measure; 4: all); `task=Завдання,measure=Захід` names them."""
    parts = [part.strip() for part in text.split(",")]
    if not parts or any(not part for part in parts):
        raise UsageError(f"--levels takes the document's names of its levels, e.g. \"Напрям,Захід\", got {text!r}")
    named = [part.partition("=") for part in parts]
    if all(sep for _id, sep, _name in named):
        return _named_levels([(level.strip(), name.strip()) for level, _sep, name in named], text)
    if any(sep for _id, sep, _name in named):
        raise UsageError("--levels: name every level with an id (task=Завдання,measure=Захід) or none")
    if len(parts) > len(LEVELS):
        raise UsageError(f"--levels: a plan has at most {len(LEVELS)} levels, got {len(parts)}")
    return tuple(zip(BY_COUNT[len(parts)], parts, strict=True))


def _named_levels(pairs: list[tuple[str, str]], text: str) -> tuple[tuple[str, str], ...]:
    unknown = [level for level, _name in pairs if level not in LEVELS]
    if unknown:
        raise UsageError(f"--levels: unknown level {unknown[0]!r}; the levels are {', '.join(LEVELS)}")
    if len({level for level, _name in pairs}) != len(pairs) or any(not name for _level, name in pairs):
        raise UsageError(f"--levels: each level once, each with a name, got {text!r}")
    return tuple(sorted(pairs, key=lambda pair: LEVELS.index(pair[0])))


def slug_for(text: str) -> str:
    """An identifier for the plan from its folder's (or issuer's) name: Latin lower case, digits and `_`."""
    latin = "".join(TRANSLIT.get(char, char) for char in text.lower())
    ascii_only = unicodedata.normalize("NFKD", latin).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "_", ascii_only).strip("_")[:60]
    return slug if re.fullmatch(r"[a-z][a-z0-9_]*", slug) else f"plan_{slug}".rstrip("_")[:60]


def _q(text: str) -> str:
    """A double-quoted YAML scalar (JSON's string syntax is YAML's)."""
    return json.dumps(text, ensure_ascii=False)


def plan_yaml(spec: NewPlan, schemas: str | None) -> str:
    """The text of plan.yaml."""
    source_id, source_name, source_kind = SOURCES[spec.issuer_type]
    title = spec.title or f"{KIND_WORDS[spec.kind]} на {spec.start}–{spec.end} роки"
    lines = [*([f"# yaml-language-server: $schema={schemas}/plan.schema.json"] if schemas else []),
             "# A new plan written by `stratplan init`. Replace every text with the document's own words (verbatim),",
             "# add the document's sources and executors, then run `stratplan validate` (format: docs/plan-format.md).",
             "schema_version: 1",
             "issuer:",
             f"  type: {_q(spec.issuer_type)}",
             f"  name: {_q(spec.name)}",
             *([f"  oblast: {_q(spec.oblast)}"] if spec.oblast else []),
             *([f"  district: {_q(spec.district)}"] if spec.district else []),
             f"  slug: {_q(spec.slug)}  # folder and report file names; Latin letters, digits and _",
             "document:",
             f"  title: {_q(title)}  # the title as the document prints it",
             f"  kind: {_q(spec.kind)}",
             "  status: \"draft\"  # \"adopted\" once adopted, then add decision: {body, date, number}",
             f"  period: {{start: {spec.start}, end: {spec.end}}}",
             *([f"  action_plan_year: {spec.start}"] if spec.kind == "action_plan" and spec.start == spec.end else []),
             f"  money_unit: {_q(spec.unit)}  # every amount of the plan is in {UNIT_WORDS[spec.unit]}",
             "levels:  # the levels the document uses, with its own names for them",
             *(f"  {level}: {_q(name)}" for level, name in spec.levels),
             "sources:  # the funding sources the document names; nodes refer to them by id",
             f"  - id: {_q(source_id)}",
             f"    name: {_q(source_name)}  # as the document writes it",
             f"    kind: {_q(source_kind)}  # local_budget, state_budget, oblast_budget, attracted or other",
             "executors:  # the responsible executors the document names; nodes refer to them by id",
             "  - id: \"executor\"",
             "    name: \"Відповідальний виконавець\"  # the executor's full name as printed"]
    return "\n".join(lines) + "\n"


def _node(spec: NewPlan, level: str, code: str, indent: str, item: bool) -> list[str]:
    """One example node (an item with term, executor and source when `item`), as YAML mapping lines."""
    name = dict(spec.levels)[level]
    source_id = SOURCES[spec.issuer_type][0]
    unit = UNIT_WORDS[spec.unit]
    lines = [f"{indent}code: {_q(code)}  # the number the document prints",
             f"{indent}title: {_q(f'{name} {code}: назва, як її надруковано')}"]
    if item:
        lines += [f"{indent}expected_result: \"Очікуваний результат або індикатор\"",
                  f"{indent}term: {{start: {spec.start}, end: {spec.end}}}  # or a half-year, quarter or date: "
                  "docs/plan-format.md",
                  f"{indent}executors: [\"executor\"]",
                  f"{indent}funding:",
                  f"{indent}  sources: [{_q(source_id)}]",
                  f"{indent}  # planned:  # amounts by year in {unit}, or a marker such as within_appropriations",
                  f"{indent}  #   - {{source: {source_id}, years: {{{spec.start}: 0.0}}}}"]
    return lines


def goal_yaml(spec: NewPlan, schemas: str | None) -> str:
    """The text of the example goal file: one top-level node with one child (one node under `nodes:` for a
    one-level plan)."""
    levels = [level for level, _name in spec.levels]
    head = [*([f"# yaml-language-server: $schema={schemas}/goal.schema.json"] if schemas else [])]
    if len(levels) == 1:
        head.append("# The plan's items, one list item each (one level: nothing groups them).")
        body = ["nodes:", *_list_item(_node(spec, levels[0], "1", "    ", item=True))]
    else:
        top, child = levels[0], levels[1]
        head.append(f"# One top-level node ({dict(spec.levels)[top]}) with what it holds; copy this file for the next ones.")
        body = [*_node(spec, top, "1", "", item=False),
                f"{LEVEL_KEYS[child]}:  # {dict(spec.levels)[child]}",
                *_list_item(_node(spec, child, "1.1", "    ", item=True))]
    return "\n".join([*head, "schema_version: 1", *body]) + "\n"


def _list_item(lines: list[str]) -> list[str]:
    return [f"  - {lines[0].lstrip()}", *lines[1:]]
