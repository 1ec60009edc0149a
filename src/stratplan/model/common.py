"""Building blocks shared by every plan file: strict base model, money, years, terms, indicators."""

import datetime as dt
import re
from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, WithJsonSchema, model_validator
from pydantic import Strict as StrictMode

from stratplan.core.numbers import decimal_comma_advice

UNKNOWN = "unknown"
_DECIMAL_COMMA = re.compile(r"[-+]?[0-9]{1,3}(?:[ \u00a0][0-9]{3})*,[0-9]+|[-+]?[0-9]+,[0-9]+")
"""A number as the documents print it (`10916,2`, `10 916,2`): a YAML plain scalar takes it as text."""

FIRST_YEAR, LAST_YEAR = 1991, 2100  # the years a plan, a report or a command line may name
Year = Annotated[int, Field(ge=FIRST_YEAR, le=LAST_YEAR, strict=True)]
YearKey = Annotated[Year, WithJsonSchema({"type": "string", "pattern": r"^(199[1-9]|20[0-9][0-9]|2100)$"})]
"""A year as a mapping key: an integer in YAML, a string of digits to JSON Schema (object keys are strings)."""
Position = Annotated[int, StrictMode(), WithJsonSchema({"type": "string", "pattern": r"^-?[0-9]+$"})]
"""An integer mapping key (an indicator's 1-based position), written as digits."""


def _whole_number(expected: str) -> BeforeValidator:
    """An integer as YAML writes one: `true` (which Python counts as 1) and `1.0` are not."""
    def check(value: Any) -> Any:
        if type(value) is not int:
            raise ValueError(f"expected {expected}, got {value!r}")
        return value

    return BeforeValidator(check)


Half = Annotated[Literal[1, 2], _whole_number("1 or 2")]
Quarter = Annotated[Literal[1, 2, 3, 4], _whole_number("1, 2, 3 or 4")]
Flag = Annotated[bool, StrictMode()]
"""`true` or `false` as YAML 1.2 writes them; `yes`, `on`, `1` (YAML 1.1 and lax readings) are refused."""
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def _iso_date(value: Any) -> Any:
    """A calendar date written YYYY-MM-DD; a number (a Unix timestamp to a lax reader) or a date-time is refused."""
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    if isinstance(value, str) and _ISO_DATE.fullmatch(value):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            raise ValueError(f"{value} is not a calendar date") from None
    raise ValueError(f"a date is written YYYY-MM-DD, got {value!r}")


Date = Annotated[dt.date, BeforeValidator(_iso_date)]
Code = Annotated[str, Field(pattern=r"^[0-9A-Za-z]+(\.[0-9A-Za-z]+)*$", min_length=1, max_length=40)]
Ident = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$", min_length=1, max_length=60)]
Text = Annotated[str, Field(max_length=20000)]
"""Text of any length up to 20,000 characters; a field that must not be empty says `Field(min_length=1)` (a minimum
here would override it)."""


def _not_blank(value: str) -> str:
    if not value.strip():
        raise ValueError("the text cannot be empty or only spaces")
    return value


MONEY_LIMIT = Decimal(10) ** 15
"""Every amount is below 10^15 in absolute value, in the plan's money unit (a quadrillion thousand UAH is far beyond
any budget), and has at most `MONEY_DECIMALS` decimal places as written. With these bounds an amount has at most 19
significant digits, so sums in `core.numbers.MONEY_CONTEXT` are exact and a figure always prints in a few characters
(`1e1000000` would print as a million digits)."""
MONEY_DECIMALS = 4


def _shown(value: Decimal) -> str:
    """An amount as a message shows it: at most 40 characters."""
    text = str(value)
    return text if len(text) <= 40 else f"{text[:37]}..."


def _in_range(value: Decimal) -> Decimal:
    """The amount when it is finite, below MONEY_LIMIT and has at most MONEY_DECIMALS decimals; ValueError otherwise."""
    if not value.is_finite():
        raise ValueError("an amount must be a finite number")
    _sign, digits, exponent = value.as_tuple()
    assert isinstance(exponent, int)  # finite
    if value.adjusted() >= 15 and any(digits):  # adjusted(): the power of ten of the first digit
        raise ValueError(f"an amount must be less than 10^15 (1 000 000 000 000 000) in absolute value, in the plan's "
                         f"money unit, got {_shown(value)}")
    if exponent < -MONEY_DECIMALS:
        raise ValueError(f"an amount has at most {MONEY_DECIMALS} decimal places, got {_shown(value)}")
    if exponent > 0 and not any(digits):  # 0E+1000000: zero written with an exponent
        return Decimal(0)
    return value


def _money(value: Any) -> Any:
    """Accept exact numbers only: the loader yields Decimal/int, never float; reject text, floats and amounts outside
    the documented range (MONEY_LIMIT, MONEY_DECIMALS)."""
    if isinstance(value, bool):
        raise ValueError("an amount must be a number, not a boolean")
    if isinstance(value, float):
        raise ValueError("an amount must be an exact decimal, not a binary float")
    if isinstance(value, int):
        return _in_range(Decimal(value))
    if isinstance(value, Decimal):
        return _in_range(value)
    if isinstance(value, str) and _DECIMAL_COMMA.fullmatch(value.strip()):
        raise ValueError(f"an amount with a decimal comma; {decimal_comma_advice(value.strip())}")
    raise ValueError(f"an amount must be a number like 160.0 or the word '{UNKNOWN}'")


def _money_or_unknown(value: Any) -> Any:
    """A planned or declared amount: `unknown`, or a number in range that is not negative."""
    if value == UNKNOWN:
        return UNKNOWN
    amount = _money(value)
    if amount < 0:
        raise ValueError(f"a planned or declared amount cannot be negative, got {amount}")
    return amount


# The schemas say what a plan file may hold: a number (never a string of digits, which `_money` refuses), or `unknown`.
MONEY_SCHEMA = {"type": "number"}
Money = Annotated[Decimal, BeforeValidator(_money), WithJsonSchema(MONEY_SCHEMA)]
"""An amount in the plan's money unit (`document.money_unit`: thousand UAH unless it says UAH), or a quantity (an
indicator's value), exact: |x| < 10^15 and at most 4 decimal places (`MONEY_LIMIT`, `MONEY_DECIMALS`)."""

Amount = Annotated[Decimal | Literal["unknown"], BeforeValidator(_money_or_unknown),
                   WithJsonSchema({"anyOf": [MONEY_SCHEMA, {"const": UNKNOWN, "type": "string"}]})]
"""A planned or declared amount (not negative, in the range of `Money`), or the word `unknown` where the source lost
it."""


def new_list() -> list[Any]:
    """A new empty list, the default of a list field. (`default_factory=list` means the same, but pydantic reads a
    builtin's signature by parsing its text: 0.15 ms a field, 5 ms of every start of the command line.)"""
    return []


def new_dict() -> dict[Any, Any]:
    """A new empty mapping, the default of a mapping field (see `new_list`)."""
    return {}


class Strict(BaseModel):
    """Base of every model: unknown keys are errors, instances are immutable."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=False)


_FIRST_MONTH = {"half": {1: 1, 2: 7}, "quarter": {1: 1, 2: 4, 3: 7, 4: 10}}
_LAST_DAY = {"half": {1: (6, 30), 2: (12, 31)}, "quarter": {1: (3, 31), 2: (6, 30), 3: (9, 30), 4: (12, 31)}}


class Term(Strict):
    """When an item runs, as a span of days: each end a year, a half-year, a quarter or a date.

    `start`/`end` are years; `start_half` or `start_quarter` narrows the start to a half-year or a quarter of
    its year, `start_date` to a day (its year is then `start`, which may be left out); likewise the end. One
    granularity per end. `as_written` keeps the document's wording; `unknown: true` (with a `note`) where the
    document gives no term or the source lost it.
    """

    start: Year | None = None
    """First year."""
    end: Year | None = None
    """Last year."""
    start_half: Half | None = None
    """The start's half-year (1 or 2)."""
    end_half: Half | None = None
    """The end's half-year (1 or 2)."""
    start_quarter: Quarter | None = None
    """The start's quarter (1 to 4)."""
    end_quarter: Quarter | None = None
    """The end's quarter (1 to 4)."""
    start_date: Date | None = None
    """The first day (ISO date); its year is `start`, which may then be left out."""
    end_date: Date | None = None
    """The last day (ISO date); its year is `end`, which may then be left out."""
    as_written: Text | None = None
    """The document's wording of the term ("ІІ півріччя 2021")."""
    unknown: Flag = False
    """True where the document gives no term or the source lost it (with a `note`)."""
    note: Text | None = None
    """Why the term is unknown, or what else the document says about it."""

    @model_validator(mode="after")
    def _one_granularity_per_end(self) -> "Term":
        for end in ("start", "end"):
            date, year = getattr(self, f"{end}_date"), getattr(self, end)
            finer = [name for name in (f"{end}_half", f"{end}_quarter", f"{end}_date") if getattr(self, name) is not None]
            if len(finer) > 1:
                raise ValueError(f"give the term's {end} as one of a half-year, a quarter or a date, not "
                                 f"{' and '.join(repr(f) for f in finer)}")
            if date is not None and year is not None and date.year != year:
                raise ValueError(f"'{end}_date' {date.isoformat()} is not in the year '{end}' {year}")
            if date is not None and year is None:
                object.__setattr__(self, end, date.year)  # the year of a date term, as every year-based check reads it
        if not self.unknown and (self.start is None or self.end is None):
            raise ValueError("a term needs both 'start' and 'end' years (or dates), or 'unknown: true' with a note")
        return self

    @property
    def known(self) -> bool:
        """True when the term is given and not unknown."""
        return not self.unknown and self.start is not None and self.end is not None

    def first_day(self) -> dt.date | None:
        """The first day of the term; None when it is unknown."""
        if not self.known or self.start is None:
            return None
        if self.start_date is not None:
            return self.start_date
        if self.start_half is not None:
            return dt.date(self.start, _FIRST_MONTH["half"][self.start_half], 1)
        if self.start_quarter is not None:
            return dt.date(self.start, _FIRST_MONTH["quarter"][self.start_quarter], 1)
        return dt.date(self.start, 1, 1)

    def last_day(self) -> dt.date | None:
        """The last day of the term; None when it is unknown."""
        if not self.known or self.end is None:
            return None
        if self.end_date is not None:
            return self.end_date
        if self.end_half is not None:
            return dt.date(self.end, *_LAST_DAY["half"][self.end_half])
        if self.end_quarter is not None:
            return dt.date(self.end, *_LAST_DAY["quarter"][self.end_quarter])
        return dt.date(self.end, 12, 31)

    def overlaps(self, first: dt.date, last: dt.date) -> bool:
        """True when the term is known and shares a day with the span from `first` to `last`."""
        start, end = self.first_day(), self.last_day()
        return start is not None and end is not None and start <= last and end >= first

    def covers(self, year: int) -> bool:
        """True when the term is known and runs on some day of the year."""
        return self.overlaps(dt.date(year, 1, 1), dt.date(year, 12, 31))

    @property
    def years_only(self) -> bool:
        """True when both ends are whole years."""
        return all(getattr(self, f"{end}_{kind}") is None for end in ("start", "end") for kind in ("half", "quarter", "date"))

    def span(self) -> str:
        """The term for people and messages: `2021–2023`, `2023-H2–2024`, `2024-Q1–2024-Q3`, `2024-03-01–2024-12-31`;
        one end only when both are the same (`2021`, `2021-H2`)."""
        start, end = self.start_text(), self.end_text()
        return start if start == end else f"{start}–{end}"

    def start_text(self) -> str:
        """The start as `2021`, `2021-H2`, `2024-Q1` or `2024-03-01`."""
        return self._end_text("start")

    def end_text(self) -> str:
        """The end as `2023`, `2023-H1`, `2024-Q3` or `2024-12-31`."""
        return self._end_text("end")

    def _end_text(self, end: str) -> str:
        date = getattr(self, f"{end}_date")
        if date is not None:
            return str(date.isoformat())
        if getattr(self, f"{end}_half") is not None:
            return f"{getattr(self, end)}-H{getattr(self, f'{end}_half')}"
        if getattr(self, f"{end}_quarter") is not None:
            return f"{getattr(self, end)}-Q{getattr(self, f'{end}_quarter')}"
        return str(getattr(self, end))


class Indicator(Strict):
    """A result indicator as the document words it, with optional numeric targets per year."""

    text: Annotated[Text, AfterValidator(_not_blank)] = Field(min_length=1)
    """The indicator as the document words it."""
    unit: Text | None = None
    """Its unit (осіб, %, од.)."""
    direction: Literal["increase", "decrease", "maintain"] | None = None
    """Whether more is better (`increase`), less (`decrease`) or the same (`maintain`)."""
    cumulative: Flag | None = None
    """True when each year's target is a running total since the item began (a monitoring report gives the year's
    own value; the report and `diff --since` add them up), false when targets are per year."""
    baseline: Money | None = None
    """The value at the start."""
    baseline_year: Year | None = None
    """The year of the baseline."""
    targets: dict[YearKey, Money] = Field(default_factory=new_dict)
    """Target values by year."""
    note: Text | None = None
    """What else the document says about it."""


def _indicator_shorthand(value: Any) -> Any:
    """A plain string in an indicator list means an indicator with that text only."""
    if isinstance(value, list):
        return [{"text": item} if isinstance(item, str) else item for item in value]
    return value


Indicators = Annotated[list[Indicator], BeforeValidator(_indicator_shorthand, json_schema_input_type=list[Text | Indicator])]


Marker = Literal["within_appropriations", "not_required", "annual_budget"]
"""Funding a document states without an amount: `within_appropriations` (у межах кошторисних призначень),
`not_required` (не потребує фінансування), `annual_budget` (в межах бюджету відповідного року)."""
MARKERS: tuple[Marker, ...] = ("within_appropriations", "not_required", "annual_budget")
MARKER_WORDS: dict[str, str] = {
    "within_appropriations": "у межах кошторисних призначень",
    "not_required": "не потребує фінансування",
    "annual_budget": "в межах бюджету відповідного року",
}
"""Each marker as the documents print it."""

Percent = Annotated[Decimal, BeforeValidator(_money), Field(gt=0, le=100), WithJsonSchema(
    {"type": "number", "exclusiveMinimum": 0, "maximum": 100})]
"""A share in percent, more than 0 and at most 100."""


class PlannedLine(Strict):
    """Planned amounts per year from one funding source, or from the node's sources together.

    `source` omitted means the document gives the amounts without splitting them by source.
    `total` is the row's printed total (the "Всього" column), a declared figure. `marker` stands instead of
    amounts where the document states funding without one (у межах кошторисних призначень, …); it is never
    counted as 0. `share` is the percentage of the node's money that comes from this line's source
    (co-financing, e.g. 70 % from the oblast budget and 30 % from the communities' budgets).
    """

    source: Ident | None = None
    """The funding source's id; left out where the document does not split the amounts by source."""
    years: dict[YearKey, Amount] = Field(default_factory=new_dict)
    """Amounts by year, in the plan's money unit; `unknown` where the source lost one."""
    total: Amount | None = None
    """The row's printed total (the "Всього" column): declared, checked against the years."""
    marker: Marker | None = None
    """Funding without an amount, instead of `years`/`total`: `within_appropriations`, `not_required`, `annual_budget`."""
    share: Percent | None = None
    """Co-financing: the percentage of the node's money from this line's source."""
    note: Text | None = None
    """What the source lost or how the document prints the row."""

    @model_validator(mode="after")
    def _marker_or_amounts(self) -> "PlannedLine":
        if self.marker is not None and (self.years or self.total is not None):
            raise ValueError(f"a line with the marker '{self.marker}' states no amount: remove its 'years' and "
                             "'total', or the marker")
        return self

    @property
    def carries_money(self) -> bool:
        """True when the line gives amounts (known or unknown) or a marker, not only a source or a share."""
        return bool(self.years) or self.total is not None or self.marker is not None


class Funding(Strict):
    """Funding sources (catalog references) and planned amounts; sources without amounts are valid."""

    sources: list[Ident] = Field(default_factory=new_list)
    """Ids of the funding sources the document names for the node."""
    planned: list[PlannedLine] = Field(default_factory=new_list)
    """Planned money, one line per source (or one for all)."""
    note: Text | None = None
    """What else the document says about the funding."""


class SourceTotal(Strict):
    """One funding source's part of a declared total, as the document prints it (a row of a passport's
    "Усього" block: обласний бюджет, бюджети громад, інші джерела)."""

    source: Ident
    """The funding source's id."""
    label: Text | None = None
    """The row's wording ("із обласного бюджету")."""
    total: Amount | None = None
    """The source's total for the whole period."""
    years: dict[YearKey, Amount] = Field(default_factory=new_dict)
    """The source's figures by year."""
    note: Text | None = None
    """What the source lost or how the document prints it."""


class DeclaredTotal(Strict):
    """A total the document prints (e.g. ВСЬОГО, РАЗОМ): kept as declared, checked against its parts.

    `by_source` holds the per-source rows printed with it, each with its own total and years.
    """

    label: Text | None = None
    """The row's wording ("ВСЬОГО:", "Разом:")."""
    total: Amount | None = None
    """The whole period's figure."""
    years: dict[YearKey, Amount] = Field(default_factory=new_dict)
    """The figures by year."""
    by_source: list[SourceTotal] = Field(default_factory=new_list)
    """The rows per funding source printed with the total."""
    note: Text | None = None
    """What the source lost or how the document prints it."""
