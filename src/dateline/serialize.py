"""Dataclasses of the model to JSON-able dicts and back.

Written by hand (not dataclasses.asdict + a library) because the model's frozen
slotted dataclasses carry enums, dates and tuples that must round-trip exactly,
and the decoder must tolerate fields that later versions add or drop.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from datetime import date
from enum import Enum
from functools import lru_cache
from typing import Any, TypeVar

T = TypeVar("T")


def to_jsonable(obj: Any) -> Any:
    """Plain JSON data for a model object (dataclass, enum, date, tuple, ...)."""
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        out = {}
        for f in dataclasses.fields(obj):
            if f.name == "parse":  # transient parser output, never stored
                continue
            out[f.name] = to_jsonable(getattr(obj, f.name))
        return out
    if isinstance(obj, Enum):
        return obj.value
    if isinstance(obj, date):
        return obj.isoformat()
    if isinstance(obj, (tuple, list)):
        return [to_jsonable(x) for x in obj]
    if isinstance(obj, (set, frozenset)):
        return sorted(to_jsonable(x) for x in obj)
    if isinstance(obj, dict):
        return {k: to_jsonable(v) for k, v in obj.items()}
    return obj


@lru_cache(maxsize=None)
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


def from_jsonable(cls: type[T], data: Any) -> T:
    """Rebuild a model object of type ``cls`` from :func:`to_jsonable` output."""
    return _decode(cls, data)


def _decode(tp: Any, data: Any) -> Any:
    if data is None:
        return None
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(tp) if a is not type(None)]
        return _decode(args[0], data) if len(args) == 1 else data
    if origin is tuple:
        (item, *_rest) = typing.get_args(tp)
        return tuple(_decode(item, x) for x in data)
    if origin is frozenset:
        (item,) = typing.get_args(tp)
        return frozenset(_decode(item, x) for x in data)
    if origin in (list, dict) or tp is Any:
        return data
    if isinstance(tp, type):
        if dataclasses.is_dataclass(tp):
            hints = _hints(tp)
            names = {f.name for f in dataclasses.fields(tp)}
            return tp(**{k: _decode(hints[k], v) for k, v in data.items() if k in names})
        if issubclass(tp, Enum):
            return tp(data)
        if tp is date:
            return date.fromisoformat(data)
    return data
