"""The header of an implementation table: which column holds what, the years, and the money unit.

Column names are recognised as the documents print them, compared after normalising (case, spaces, soft and
line-end hyphens, trailing punctuation): «Цілі/операційні цілі/завдання/заходи», «Індикатор результату»,
«Термін виконання», «Відповідальний виконавець», «Джерело фінансування», «Всього», a year per column, and
so on. A mapping given by the user (`--columns`) names a column by its printed header or by its number and
says what it holds; it wins over recognition.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from stratplan.core.diagnostics import UsageError
from stratplan.io.tables import Cell, Table

ROLES = ("title", "number", "indicators", "expected_result", "term", "executors", "sources", "total", "note", "skip")
"""What a column may hold; a year (`2024`) is a role too: that year's amounts."""

# (role, prefixes of the normalised header); the first match wins, so money headers come before results.
NAMES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("money", ("очікуваний обсяг фінансування", "обсяг фінансування", "обсяги фінансування", "орієнтовний обсяг",
               "прогнозний обсяг", "фінансування, тис", "фінансування, грн", "вартість")),
    ("years", ("у т. ч. за роками", "у т.ч. за роками", "у тому числі за роками", "в т. ч. за роками",
               "в т.ч. за роками", "у тому числі по роках", "за роками", "у т. ч.", "у т.ч.")),
    ("total", ("всього", "усього", "разом")),
    ("number", ("№", "n п/п", "номер")),
    ("title", ("цілі/операційні цілі", "ціль/завдання", "назва", "найменування", "зміст заходу", "перелік заходів",
               "зміст завдання")),
    ("indicators", ("індикатор", "показник")),
    ("expected_result", ("очікуваний результат", "очікувані результати", "результат")),
    ("term", ("термін", "строк", "період реалізації", "період виконання", "терміни", "роки виконання")),
    ("executors", ("відповідальн", "виконав")),
    ("sources", ("джерел",)),
    ("note", ("відмітка", "примітк", "стан виконання", "стан реалізації")),
)
EXACT_TITLES = ("заходи", "захід", "завдання", "завдання/заходи", "напрям", "напрями", "пріоритет", "ціль", "цілі",
                "стратегічна ціль", "операційна ціль", "заходи програми", "назва")
"""Words that name the title column only when they are the whole header (a goal row starts with them too)."""
YEAR = re.compile(r"(\d{4})(?:\s*(?:рік|р\.?|роки))?")
SCAN_ROWS = 30
MAX_HEADER = 120  # a longer cell is a row's text, never a column's name  # the header is looked for in the table's first rows


def normalise(text: str) -> str:
    """A header as compared: lower case, soft hyphens dropped, a word hyphenated at a line end joined, spaces
    (including non-breaking ones) collapsed, trailing punctuation dropped."""
    text = text.replace("\u00ad", "").replace("\u00a0", " ").replace("\u202f", " ")
    text = re.sub(r"(\w)-\s*\n\s*(\w)", r"\1\2", text)
    text = re.sub(r"\s+", " ", text).strip().lower()
    return text.rstrip(" .:;,")


def recognise(text: str) -> str | int | None:
    """What a header cell names: a role, `money` or `years` (groups over the amount columns), a year, or None."""
    name = normalise(text)
    if not name:
        return None
    year = YEAR.fullmatch(name)
    if year:
        return int(year.group(1))
    if name in EXACT_TITLES:
        return "title"
    if len(name) > MAX_HEADER:
        return None
    for role, prefixes in NAMES:
        if name.startswith(prefixes):
            return role
    return None


def unit_of(text: str) -> str | None:
    """The money unit a header names: thousand UAH (тис. грн), UAH (грн), or None."""
    name = normalise(text)
    if re.search(r"тис\.?\s*грн", name):
        return "thousand_uah"
    if re.search(r"\bгрн\b", name):
        return "uah"
    return None


@dataclass
class Mapping:
    """A user's column mapping: by printed header (normalised) or by 1-based column number."""

    by_name: dict[str, str | int] = field(default_factory=dict)
    by_number: dict[int, str | int] = field(default_factory=dict)
    given: str = ""


def parse_mapping(text: str | None) -> Mapping:
    """`--columns "Назва=title,Строк=term,4=skip,7=2024"`; UsageError when a part is malformed."""
    mapping = Mapping(given=text or "")
    if not text:
        return mapping
    for part in text.split(","):
        if not part.strip():
            continue
        name, sep, role_text = part.rpartition("=")
        name, role_text = name.strip(), role_text.strip()
        if not sep or not name:
            raise UsageError(f"--columns: {part.strip()!r} is not HEADER=ROLE (e.g. \"Назва=title,3=term\")")
        role: str | int
        if re.fullmatch(r"\d{4}", role_text):
            role = int(role_text)
        elif role_text in ROLES:
            role = role_text
        else:
            raise UsageError(f"--columns: {role_text!r} is not a role; use one of {', '.join(ROLES)} or a year")
        if name.isdigit():
            mapping.by_number[int(name)] = role
        else:
            mapping.by_name[normalise(name)] = role
    return mapping


@dataclass
class Header:
    """The recognised header: its rows, each grid column's role (a role name or a year), the money unit, the
    level name the title column prints, the header cells used and those not understood."""

    first: int
    last: int
    roles: dict[int, str | int]
    unit: str | None
    unit_cell: Cell | None
    title_header: str
    used: list[Cell]
    unknown: list[Cell]


def find_header(table: Table, mapping: Mapping) -> Header | None:
    """The table's header, or None when no row of its first ones names at least two columns (or one the user
    mapped)."""
    rows = table.rows
    for index in range(min(SCAN_ROWS, len(rows))):
        named = [c for c in rows[index] if _role(c, mapping) is not None]
        if len(named) >= 2 or (named and (mapping.by_name or mapping.by_number)):
            last = index
            while last + 1 < len(rows) and rows[last + 1] and all(
                    _role(c, mapping) is not None or not c.text.strip() for c in rows[last + 1]) \
                    and any(c.text.strip() for c in rows[last + 1]):
                last += 1
            return _header(rows, index, last, mapping)
    return None


def _role(cell: Cell, mapping: Mapping) -> str | int | None:
    name = normalise(cell.text)
    if name and name in mapping.by_name:
        return mapping.by_name[name]
    return recognise(cell.text)


def _header(rows: list[list[Cell]], first: int, last: int, mapping: Mapping) -> Header:
    roles: dict[int, str | int] = {}
    used: list[Cell] = []
    unknown: list[Cell] = []
    unit: str | None = None
    unit_cell: Cell | None = None
    title_header = ""
    for index in range(first, last + 1):
        for cell in rows[index]:
            role = _role(cell, mapping)
            if not cell.text.strip():
                continue
            found_unit = unit_of(cell.text)
            if found_unit and unit is None:
                unit, unit_cell = found_unit, cell
            if role is None:
                unknown.append(cell)
                continue
            used.append(cell)
            if role in ("money", "years"):
                continue
            for col in range(cell.col, cell.last_col + 1):
                roles[col] = role
            if role == "title" and not title_header:
                title_header = re.sub(r"\s+", " ", cell.text).strip()
    for number, role in mapping.by_number.items():
        roles[number] = role
    return Header(first, last, roles, unit, unit_cell, title_header, used, unknown)
