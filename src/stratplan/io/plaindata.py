"""Plain plan data (mappings, lists, text, whole numbers, exact decimals, dates) as JSON text and back, exactly.

`stratplan export --format xlsx` keeps each plan file's data in the workbook this way, so that `stratplan import`
of the workbook gives the same plan: JSON alone would turn a decimal into a float, a date into text and a year
key into text. A decimal is written `{"$decimal": "10916.2"}` (its digits as written), a date `{"$date":
"2021-08-20"}`, and a mapping with keys other than text `{"$items": [[key, value], ...]}`.
"""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal, InvalidOperation
from typing import Any

CELL_LIMIT = 32_000  # Excel keeps at most 32,767 characters in a cell: longer text is cut into parts


class PlainDataError(ValueError):
    """Text that is not plain data written by `dumps` (hand-edited, cut, or from elsewhere)."""


def dumps(value: Any) -> str:
    """The data as JSON text, sorted by nothing: mappings keep their order."""
    return json.dumps(_encode(value), ensure_ascii=False, separators=(",", ":"))


def loads(text: str) -> Any:
    """The data `dumps` wrote; PlainDataError otherwise."""
    try:
        return _decode(json.loads(text))
    except (ValueError, TypeError, KeyError, InvalidOperation, RecursionError) as exc:
        raise PlainDataError(f"{type(exc).__name__}: {exc}") from None


def parts(text: str, size: int = CELL_LIMIT) -> list[str]:
    """The text cut into pieces a spreadsheet cell can hold."""
    return [text[i:i + size] for i in range(0, len(text), size)] or [""]


def _encode(value: Any) -> Any:
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, Decimal):
        return {"$decimal": format(value, "f")}
    if isinstance(value, dt.date):
        return {"$date": value.isoformat()}
    if isinstance(value, list | tuple):
        return [_encode(v) for v in value]
    if isinstance(value, dict):
        if all(isinstance(k, str) and not k.startswith("$") for k in value):
            return {k: _encode(v) for k, v in value.items()}
        return {"$items": [[_encode(k), _encode(v)] for k, v in value.items()]}
    raise TypeError(f"not plain data: {type(value).__name__}")


def _decode(value: Any) -> Any:
    if isinstance(value, list):
        return [_decode(v) for v in value]
    if isinstance(value, dict):
        if set(value) == {"$decimal"}:
            return Decimal(value["$decimal"])
        if set(value) == {"$date"}:
            return dt.date.fromisoformat(value["$date"])
        if set(value) == {"$items"}:
            return {_decode(k): _decode(v) for k, v in value["$items"]}
        return {k: _decode(v) for k, v in value.items()}
    if isinstance(value, float):
        raise TypeError("a float in plain data (amounts are written as exact decimals)")
    return value
