"""Plain result dataclasses (of `compute`) as JSON-ready data and back, exactly, for cache entries.

Encoding follows the fields: numbers `Decimal` as their exact text, a pydantic model (a `Period`) as its JSON data,
lists, tuples and string-keyed dicts as JSON arrays and objects. Decoding follows the type hints and is strict: a
value of another type, a missing or extra field raises ValueError (or TypeError, KeyError), and the caller treats
the entry as a miss.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from decimal import Decimal
from functools import cache
from typing import Any

from pydantic import BaseModel


def to_data(value: Any) -> Any:
    """A result as JSON-ready data."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: to_data(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json")
    if isinstance(value, list | tuple):
        return [to_data(v) for v in value]
    if isinstance(value, dict):
        return {k: to_data(v) for k, v in value.items()}
    if value is None or type(value) in (str, int, bool):
        return value
    raise TypeError(f"cannot encode {type(value).__name__}")


@cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


def from_data(kind: Any, data: Any) -> Any:
    """A value of the type `kind` back from `to_data`'s data; ValueError or TypeError when it is not exactly that."""
    origin = typing.get_origin(kind)
    if origin in (typing.Union, types.UnionType):
        options = typing.get_args(kind)
        if data is None and type(None) in options:
            return None
        others = [o for o in options if o is not type(None)]
        if len(others) != 1:
            raise TypeError(f"cannot decode {kind}")
        return from_data(others[0], data)
    if origin is list:
        (item,) = typing.get_args(kind)
        return [from_data(item, v) for v in _of(list, data)]
    if origin is tuple:
        item = typing.get_args(kind)[0]
        return tuple(from_data(item, v) for v in _of(list, data))
    if origin is dict:
        key, item = typing.get_args(kind)
        if key is not str:
            raise TypeError(f"cannot decode {kind}")
        return {_of(str, k): from_data(item, v) for k, v in _of(dict, data).items()}
    if kind is Decimal:
        return Decimal(_of(str, data))
    if kind in (str, int, bool):
        return _of(kind, data)
    if isinstance(kind, type) and issubclass(kind, BaseModel):
        return kind.model_validate(_of(dict, data))
    if isinstance(kind, type) and dataclasses.is_dataclass(kind):
        values = _of(dict, data)
        hints = _hints(kind)
        names = [f.name for f in dataclasses.fields(kind)]
        if sorted(values) != sorted(names):
            raise ValueError(f"fields of {kind.__name__} differ")
        return kind(**{name: from_data(hints[name], values[name]) for name in names})
    raise TypeError(f"cannot decode {kind}")


def _of(kind: type, data: Any) -> Any:
    if type(data) is not kind:
        raise ValueError(f"expected {kind.__name__}, got {type(data).__name__}")
    return data
