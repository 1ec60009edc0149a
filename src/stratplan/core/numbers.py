"""Numbers as text, in one place: money and quantities for people (Ukrainian style) and for machines.

Every output that turns a `Decimal` into text goes through these functions, so `10 916,2` is written the
same way in the terminal, the report, the review of a change and a scaffold comment, and `10916.2` the
same way in CSV, JSON and cache entries. Pure functions of their arguments: no locale, no clock.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

TENTH = Decimal("0.1")
HUNDRED = Decimal(100)
UNKNOWN_WORD = "unknown"
DASH = "—"
MINUS = "−"  # typographic minus for signed changes


def plain(value: Decimal) -> str:
    """For machines: dot decimal separator, no thousands separator, no exponent (`10916.2`)."""
    return f"{value:f}"


def decimal_comma(value: Decimal) -> str:
    """A quantity for people with a decimal comma and no forced decimals (`12,5`, `35`)."""
    return plain(value).replace(".", ",")


def uah(value: Decimal) -> str:
    """Money as Ukrainian readers write it: `10 916,2` (space thousands separator, decimal comma, one decimal at least)."""
    sign = "-" if value < 0 else ""
    whole, _, fraction = plain(abs(value)).partition(".")
    groups: list[str] = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    return sign + " ".join(groups) + (f",{fraction}" if fraction else ",0")


def tidy(value: Decimal) -> Decimal:
    """The same amount with the decimals it needs and at least one: sums print `130.5`, not `130.50`."""
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
    """part / whole × 100, exact; None when whole is zero."""
    return None if whole == 0 else part / whole * HUNDRED


def percent_text(value: Decimal | None) -> str:
    """A percentage rounded half-up to one decimal with a decimal comma (`12,5 %`), or an em dash."""
    return DASH if value is None else decimal_comma(rounded(value)) + " %"


def decimal_comma_advice(number: str) -> str:
    """What to write instead of a number with a decimal comma (`10 916,2` -> `10916.2`)."""
    return f"in YAML the decimal separator is a dot: write {number.replace(' ', '').replace(chr(0xA0), '').replace(',', '.')}"
