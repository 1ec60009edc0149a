"""Building blocks shared by every plan file: strict base model, money, years, terms, indicators."""

from __future__ import annotations

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


def _whole_number(value: Any) -> Any:
    """An integer as YAML writes one: `true` (which Python counts as 1) and `1.0` are not."""
    if type(value) is not int:
        raise ValueError(f"expected 1 or 2, got {value!r}")
    return value


Half = Annotated[Literal[1, 2], BeforeValidator(_whole_number)]
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


def _in_range(value: Decimal) -> Decimal:
    """The amount when it is finite, below MONEY_LIMIT and has at most MONEY_DECIMALS decimals; ValueError otherwise."""
    if not value.is_finite():
        raise ValueError("an amount must be a finite number")
    _sign, digits, exponent = value.as_tuple()
    assert isinstance(exponent, int)  # finite
    shown = str(value) if len(str(value)) <= 40 else f"{str(value)[:37]}..."
    if value.adjusted() >= 15 and any(digits):  # adjusted(): the power of ten of the first digit
        raise ValueError(f"an amount must be less than 10^15 (1 000 000 000 000 000) in absolute value, in the plan's "
                         f"money unit, got {shown}")
    if exponent < -MONEY_DECIMALS:
        raise ValueError(f"an amount has at most {MONEY_DECIMALS} decimal places, got {shown}")
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
"""An amount in the plan's money unit (thousand UAH), or a quantity (an indicator's value), exact: |x| < 10^15 and
at most 4 decimal places (`MONEY_LIMIT`, `MONEY_DECIMALS`)."""

Amount = Annotated[Decimal | Literal["unknown"], BeforeValidator(_money_or_unknown),
                   WithJsonSchema({"anyOf": [MONEY_SCHEMA, {"const": UNKNOWN, "type": "string"}]})]
"""A planned or declared amount (not negative, in the range of `Money`), or the word `unknown` where the source lost
it."""


class Strict(BaseModel):
    """Base of every model: unknown keys are errors, instances are immutable."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=False)


class Term(Strict):
    """When an item runs: years, optionally half-years; `as_written` keeps the document's wording."""

    start: Year | None = None
    end: Year | None = None
    start_half: Half | None = None
    end_half: Half | None = None
    as_written: Text | None = None
    unknown: Flag = False
    note: Text | None = None

    @model_validator(mode="after")
    def _known_or_declared_unknown(self) -> Term:
        if not self.unknown and (self.start is None or self.end is None):
            raise ValueError("a term needs both 'start' and 'end' years, or 'unknown: true' with a note")
        return self

    def covers(self, year: int) -> bool:
        """True when the term is known and includes the year."""
        return self.start is not None and self.end is not None and self.start <= year <= self.end


class Indicator(Strict):
    """A result indicator as the document words it, with optional numeric targets per year."""

    text: Annotated[Text, AfterValidator(_not_blank)] = Field(min_length=1)
    unit: Text | None = None
    direction: Literal["increase", "decrease", "maintain"] | None = None
    cumulative: Flag | None = None
    baseline: Money | None = None
    baseline_year: Year | None = None
    targets: dict[YearKey, Money] = Field(default_factory=dict)
    note: Text | None = None


def _indicator_shorthand(value: Any) -> Any:
    """A plain string in an indicator list means an indicator with that text only."""
    if isinstance(value, list):
        return [{"text": item} if isinstance(item, str) else item for item in value]
    return value


Indicators = Annotated[list[Indicator], BeforeValidator(_indicator_shorthand, json_schema_input_type=list[Text | Indicator])]


class PlannedLine(Strict):
    """Planned amounts per year from one funding source, or from the node's sources together.

    `source` omitted means the document gives the amounts without splitting them by source.
    `total` is the row's printed total (the "Всього" column), a declared figure.
    """

    source: Ident | None = None
    years: dict[YearKey, Amount] = Field(default_factory=dict)
    total: Amount | None = None
    note: Text | None = None


class Funding(Strict):
    """Funding sources (catalog references) and planned amounts; sources without amounts are valid."""

    sources: list[Ident] = Field(default_factory=list)
    planned: list[PlannedLine] = Field(default_factory=list)
    note: Text | None = None


class DeclaredTotal(Strict):
    """A total the document prints (e.g. ВСЬОГО, РАЗОМ): kept as declared, checked against its parts."""

    label: Text | None = None
    total: Amount | None = None
    years: dict[YearKey, Amount] = Field(default_factory=dict)
    note: Text | None = None
