"""What a cell of an implementation table says: amounts, terms, lists of names and labelled titles."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

DASHES = {"-", "–", "—", "‒", "−", "--", "---"}
SPACES = re.compile(r"[\s\u00a0\u202f\u2009]+")
AMOUNT = re.compile(r"-?\d{1,3}(?:[ \u00a0\u202f\u2009]\d{3})+(?:[,.]\d+)?|-?\d+(?:[,.]\d+)?")
YEAR_SPAN = re.compile(r"(\d{4})\s*(?:р(?:ік|оки|оку|оків)?\.?)?\s*[-–—]\s*(\d{4})")
ONE_YEAR = re.compile(r"(\d{4})")
HALF = re.compile(r"(?:(ІІ|II|2|друге|другому)|(І|I|1|перше|першому))\s*(?:-?е\s*)?півріччя\s*(\d{4})", re.IGNORECASE)
QUARTER = re.compile(r"(IV|ІV|III|ІІІ|II|ІІ|I|І|[1-4])\s*(?:-?й\s*)?квартал\w*\s*(\d{4})", re.IGNORECASE)
ROMAN = {"I": 1, "І": 1, "II": 2, "ІІ": 2, "III": 3, "ІІІ": 3, "IV": 4, "ІV": 4}


def squeeze(text: str) -> str:
    """Spaces (non-breaking ones too) collapsed to one, the ends stripped."""
    return SPACES.sub(" ", text).strip()


def paragraphs(text: str) -> list[str]:
    """The cell's non-empty paragraphs, each squeezed."""
    return [squeeze(p) for p in text.split("\n") if p.strip()]


def is_dash(text: str) -> bool:
    """A dash printed for "no amount"."""
    return squeeze(text) in DASHES


def amount(text: str) -> Decimal | None:
    """An amount as printed (`10 916,2`, `160,0`, `5`): the exact Decimal, or None when the text is not one."""
    shown = text.strip().replace("\u00a0", " ").replace("\u202f", " ").replace("\u2009", " ")
    if not AMOUNT.fullmatch(shown):
        return None
    try:
        return Decimal(shown.replace(" ", "").replace(",", "."))
    except InvalidOperation:
        return None


@dataclass(frozen=True)
class Term:
    """A term cell read: the years, halves or quarters, and the wording when it says more than the years."""

    start: int
    end: int
    start_half: int | None = None
    end_half: int | None = None
    start_quarter: int | None = None
    end_quarter: int | None = None
    as_written: str | None = None


def term(text: str) -> Term | None:
    """A term as printed (`2021-2022`, `2021 рік`, `Протягом 2021-2022 років`, `ІІ півріччя 2021`, `І квартал
    2024`); None when it says no year or more than one span."""
    shown = squeeze(text)
    if not shown:
        return None
    plain = re.fullmatch(r"(\d{4})(?:\s*[-–—]\s*(\d{4}))?", shown)
    written = None if plain else shown
    half = HALF.fullmatch(shown)
    if half:
        which = 2 if half.group(1) else 1
        year = int(half.group(3))
        return Term(year, year, which, which, as_written=shown)
    quarter = QUARTER.fullmatch(shown)
    if quarter:
        part = quarter.group(1).upper()
        which = int(part) if part.isdigit() else ROMAN[part]
        year = int(quarter.group(2))
        return Term(year, year, start_quarter=which, end_quarter=which, as_written=shown)
    spans = YEAR_SPAN.findall(shown)
    years = ONE_YEAR.findall(shown)
    if len(spans) == 1 and len(years) == 2:
        start, end = int(spans[0][0]), int(spans[0][1])
        return Term(start, end, as_written=written) if start <= end else None
    if len(years) == 1 and not spans:
        year = int(years[0])
        return Term(year, year, as_written=written)
    return None


NAME_SPLIT = re.compile(r"[;,](?![^«(“\"]*[»)”\"])")


def names(text: str) -> list[str]:
    """The names a cell lists, in order: paragraphs split at `;` and `,` outside quotes and brackets, squeezed,
    empty ones dropped. A paragraph ending with `,`, `;` or `/` goes on in the next."""
    joined = join_continued(text.split("\n"))
    out: list[str] = []
    for part in joined:
        for name in NAME_SPLIT.split(part):
            name = squeeze(name).strip(" .")
            if name and name not in DASHES:
                out.append(name)
    return out


def join_continued(lines: list[str]) -> list[str]:
    """Non-empty paragraphs, where one ending with `,`, `;` or `/` is joined with the next (with a space)."""
    out: list[str] = []
    carry = ""
    for line in lines:
        text = squeeze(line)
        if not text:
            continue
        text = f"{carry} {text}".strip() if carry else text
        if text.endswith((",", ";", "/")):
            carry = text
            continue
        carry = ""
        out.append(text)
    if carry:
        out.append(carry)
    return out


SOURCE_CODE = re.compile(r"\s*(\(\d+\))\s*$")


def source_code(name: str) -> tuple[str, str | None]:
    """A source as printed with its code (`Бюджет ТГ (1)`): the name and the code `(1)`."""
    found = SOURCE_CODE.search(name)
    if found:
        return name[:found.start()].strip(), found.group(1)
    return name, None


def source_kind(name: str) -> str:
    """The kind of a funding source from its printed name: local, state or oblast budget, attracted, other."""
    text = name.lower()
    if "позабюджет" in text:
        return "other"
    if "державн" in text:
        return "state_budget"
    if "обласн" in text:
        return "oblast_budget"
    if any(w in text for w in ("залуч", "мтд", "міжнародн", "інвестор", "грант", "донор", "благодійн", "спонсор")):
        return "attracted"
    if any(w in text for w in ("бюджет", "місцев", "тг", "міськ", "громад", "сільськ", "селищн")):
        return "local_budget"
    return "other"


TRANSLIT = dict(zip("абвгґдезийіклмнопрстуфхцчшщьюяєїж'’", [
    "a", "b", "v", "h", "g", "d", "e", "z", "y", "i", "i", "k", "l", "m", "n", "o", "p", "r", "s", "t", "u", "f", "kh",
    "ts", "ch", "sh", "shch", "", "iu", "ia", "ie", "i", "zh", "", ""], strict=True))
# Ukrainian letters in Latin after the official transliteration (Resolution of the Cabinet of Ministers No. 55).


def identifier(name: str, taken: set[str], limit: int = 40) -> str:
    """A catalog id for a name: transliterated, lower case, words joined with `_`, cut at a word within `limit`
    characters, and made unique among `taken` (`_2`, `_3`, …)."""
    latin = "".join(TRANSLIT.get(ch, ch) for ch in name.lower())
    words = re.findall(r"[a-z0-9]+", latin)
    base = ""
    for word in words:
        if base and len(base) + 1 + len(word) > limit:
            break
        base = f"{base}_{word}" if base else word[:limit]
    base = base or "item"
    found, number = base, 2
    while found in taken:
        found, number = f"{base}_{number}", number + 1
    return found
