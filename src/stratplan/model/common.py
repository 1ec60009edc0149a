"""Building blocks shared by every plan file: strict base model, money, years, terms, indicators."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, WithJsonSchema, model_validator

from stratplan.core.numbers import decimal_comma_advice

UNKNOWN = "unknown"
_DECIMAL_COMMA = re.compile(r"[-+]?[0-9]{1,3}(?:[ \u00a0][0-9]{3})*,[0-9]+|[-+]?[0-9]+,[0-9]+")
"""A number as the documents print it (`10916,2`, `10 916,2`): a YAML plain scalar takes it as text."""

FIRST_YEAR, LAST_YEAR = 1991, 2100  # the years a plan, a report or a command line may name
Year = Annotated[int, Field(ge=FIRST_YEAR, le=LAST_YEAR, strict=True)]
YearKey = Annotated[Year, WithJsonSchema({"type": "string", "pattern": r"^(199[1-9]|20[0-9][0-9]|2100)$"})]
"""A year as a mapping key: an integer in YAML, a string of digits to JSON Schema (object keys are strings)."""
Position = Annotated[int, WithJsonSchema({"type": "string", "pattern": r"^-?[0-9]+$"})]
"""An integer mapping key (an indicator's 1-based position), written as digits."""
Half = Literal[1, 2]
Code = Annotated[str, Field(pattern=r"^[0-9A-Za-z]+(\.[0-9A-Za-z]+)*$", min_length=1, max_length=40)]
Ident = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$", min_length=1, max_length=60)]
Text = Annotated[str, Field(min_length=0, max_length=20000)]


def _money(value: Any) -> Any:
    """Accept exact numbers only: the loader yields Decimal/int, never float; reject text and floats."""
    if isinstance(value, bool):
        raise ValueError("an amount must be a number, not a boolean")
    if isinstance(value, float):
        raise ValueError("an amount must be an exact decimal, not a binary float")
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise ValueError("an amount must be a finite number")
        return value
    if isinstance(value, str) and _DECIMAL_COMMA.fullmatch(value.strip()):
        raise ValueError(f"an amount with a decimal comma; {decimal_comma_advice(value.strip())}")
    raise ValueError(f"an amount must be a number like 160.0 or the word '{UNKNOWN}'")


def _money_or_unknown(value: Any) -> Any:
    if value == UNKNOWN:
        return UNKNOWN
    return _money(value)


# The schemas say what a plan file may hold: a number (never a string of digits, which `_money` refuses), or `unknown`.
MONEY_SCHEMA = {"type": "number"}
Money = Annotated[Decimal, BeforeValidator(_money), WithJsonSchema(MONEY_SCHEMA)]
"""An amount in the plan's money unit (thousand UAH), exact."""

Amount = Annotated[Decimal | Literal["unknown"], BeforeValidator(_money_or_unknown),
                   WithJsonSchema({"anyOf": [MONEY_SCHEMA, {"const": UNKNOWN, "type": "string"}]})]
"""An amount, or the word `unknown` where the source lost it."""


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
    unknown: bool = False
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

    text: Text = Field(min_length=1)
    unit: Text | None = None
    direction: Literal["increase", "decrease", "maintain"] | None = None
    cumulative: bool | None = None
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
