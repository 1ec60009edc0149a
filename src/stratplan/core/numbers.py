"""Numbers as text, in one place: money and quantities for people (Ukrainian style) and for machines.

Every output that turns a `Decimal` into text goes through these functions, so `10 916,2` is written the
same way in the terminal, the report, the review of a change and a scaffold comment, and `10916.2` the
same way in CSV, JSON and cache entries. Pure functions of their arguments: no locale, no clock.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from contextlib import AbstractContextManager
from decimal import (
    ROUND_HALF_EVEN,
    ROUND_HALF_UP,
    Context,
    Decimal,
    DivisionByZero,
    InvalidOperation,
    Overflow,
    localcontext,
)
from typing import ParamSpec, TypeVar

TENTH = Decimal("0.1")
HUNDRED = Decimal(100)
UNKNOWN_WORD = "unknown"
DASH = "—"
MINUS = "−"  # typographic minus for signed changes

MONEY_CONTEXT = Context(prec=60, rounding=ROUND_HALF_EVEN, Emin=-999, Emax=999,
                        traps=[InvalidOperation, DivisionByZero, Overflow])
"""The context of money arithmetic. Amounts are loaded below 10^15 with at most 4 decimals (19 significant digits,
`model.common.MONEY_LIMIT`), so sums of up to 10^40 of them are exact at 60 digits: nothing is rounded silently,
and anything out of the ordinary (an overflow, an invalid operation) raises instead of producing a wrong figure.
Python's default context (28 digits) rounds a 29-digit sum."""
QUOTIENT_CONTEXT = Context(prec=28, rounding=ROUND_HALF_EVEN, Emin=-999, Emax=999,
                           traps=[InvalidOperation, DivisionByZero, Overflow])
"""Percentages are quotients, rounded by nature: 28 significant digits, as they have always been printed."""
MAX_PLAIN_EXPONENT = 40
"""A number whose first digit lies beyond 10^±40 prints in scientific notation, so text never grows with an exponent
(`1e999999` would be a million digits); amounts in range never come near it."""

P = ParamSpec("P")
R = TypeVar("R")


def money_arithmetic() -> AbstractContextManager[Context]:
    """`with money_arithmetic():` runs the block's Decimal arithmetic in MONEY_CONTEXT."""
    return localcontext(MONEY_CONTEXT)


def exact(function: Callable[P, R]) -> Callable[P, R]:
    """Run a function's Decimal arithmetic in MONEY_CONTEXT (the facade's and the per-plan jobs' entry points)."""

    @functools.wraps(function)
    def run(*args: P.args, **kwargs: P.kwargs) -> R:
        with localcontext(MONEY_CONTEXT):
            return function(*args, **kwargs)

    return run


def plain(value: Decimal) -> str:
    """For machines: dot decimal separator, no thousands separator, no exponent (`10916.2`); beyond 10^±40 (never an
    amount in range) scientific notation (`1E+999999`), so the text stays as short as the number's digits."""
    exponent = value.as_tuple().exponent
    if isinstance(exponent, int) and exponent >= -MAX_PLAIN_EXPONENT and abs(value.adjusted()) <= MAX_PLAIN_EXPONENT:
        return f"{value:f}"
    return str(value)


def decimal_comma(value: Decimal) -> str:
    """A quantity for people with a decimal comma and no forced decimals (`12,5`, `35`)."""
    return plain(value).replace(".", ",")


def uah(value: Decimal) -> str:
    """Money as Ukrainian readers write it: `10 916,2` (space thousands separator, decimal comma, one decimal at least)."""
    text = plain(abs(value))
    sign = "-" if value < 0 else ""
    if not text[:1].isdigit() or "E" in text:  # out of any range an amount may have: shown as it is
        return sign + text
    whole, _, fraction = text.partition(".")
    groups: list[str] = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    return sign + " ".join(groups) + (f",{fraction}" if fraction else ",0")


def tidy(value: Decimal) -> Decimal:
    """The same amount with the decimals it needs and at least one: sums print `130.5`, not `130.50`."""
    if abs(value.adjusted()) > MAX_PLAIN_EXPONENT:  # out of any amount's range: left as it is
        return value
    if value == value.to_integral_value():
        return value.quantize(TENTH)
    return value.normalize()


def money(value: Decimal) -> str:
    """A computed amount for people, tidied: `10 916,2`."""
    return uah(tidy(value))


def signed(value: Decimal) -> str:
    """A change as `+100,0` or `−100,0`."""
    return ("+" if value > 0 else MINUS if value < 0 else "") + money(abs(value))


def amount_text(value: Decimal | None, unknown: bool, word: str = UNKNOWN_WORD) -> str:
    """A figure for people: `1 000,0`; `1 000,0 + unknown` when part of it is unknown; `unknown` when all of it is."""
    if value is None:
        return word if unknown else ""
    return f"{uah(value)} + {word}" if unknown else uah(value)


def rounded(value: Decimal) -> Decimal:
    """Half-up to one decimal, as the documents print shares and chart labels."""
    return value.quantize(TENTH, rounding=ROUND_HALF_UP)


def percent(part: Decimal, whole: Decimal) -> Decimal | None:
    """part / whole × 100 to 28 significant digits (QUOTIENT_CONTEXT); None when whole is zero."""
    if whole == 0:
        return None
    with localcontext(QUOTIENT_CONTEXT):
        return part / whole * HUNDRED


def percent_text(value: Decimal | None) -> str:
    """A percentage rounded half-up to one decimal with a decimal comma (`12,5 %`), or an em dash."""
    return DASH if value is None else decimal_comma(rounded(value)) + " %"


def decimal_comma_advice(number: str) -> str:
    """What to write instead of a number with a decimal comma (`10 916,2` -> `10916.2`)."""
    return f"in YAML the decimal separator is a dot: write {number.replace(' ', '').replace(chr(0xA0), '').replace(',', '.')}"
