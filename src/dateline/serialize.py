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


_PLAIN = frozenset({str, int, float, bool, type(None)})


def to_jsonable(obj: Any) -> Any:
    """Plain JSON data for a model object (dataclass, enum, date, tuple, ...)."""
    kind = type(obj)
    # exact types first: stores write millions of plain values, and a str- or int-valued Enum
    # must still become its value (its type is not in _PLAIN)
    if kind in _PLAIN:
        return obj
    if kind is dict:
        return {k: to_jsonable(v) for k, v in obj.items()}
    if kind is list:
        return [to_jsonable(x) for x in obj]
    if hasattr(kind, "__dataclass_fields__"):  # a dataclass instance (a dataclass class is of type `type`)
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
    return _decoder(cls)(data)


def _identity(data: Any) -> Any:
    return data


@lru_cache(maxsize=None)
def _decoder(tp: Any) -> Any:
    """The decoding function of a type, built once: loading a store's layers decodes millions of items.

    Every decoder maps None to None, and a dataclass ignores keys it does not
    have (a field a later version added, or one it dropped).
    """
    decode = _build(tp)
    if decode is _identity:
        return decode
    return lambda data: None if data is None else decode(data)


def _build(tp: Any) -> Any:
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(tp) if a is not type(None)]
        return _decoder(args[0]) if len(args) == 1 else _identity
    if origin in (tuple, frozenset):
        item = _decoder(typing.get_args(tp)[0])
        # plain items (strings, numbers) are taken as they are: no call per item
        return (lambda data: origin(data)) if item is _identity else (lambda data: origin(map(item, data)))
    if origin in (list, dict) or tp is Any or not isinstance(tp, type):
        return _identity
    if dataclasses.is_dataclass(tp):
        return _dataclass_decoder(tp)
    if issubclass(tp, Enum):
        return _enum_decoder(tp)
    if tp is date:
        return date.fromisoformat
    return _identity


def _dataclass_decoder(tp: type) -> Any:
    """Decode a dataclass: only the fields that are not plain JSON values get a call of their own.

    The usual data has no key the class lacks; it is copied (the caller's dict is
    never changed) and its few typed fields (enums, dates, nested objects) decoded.
    """
    hints = _hints(tp)
    fields = {f.name: _decoder(hints[f.name]) for f in dataclasses.fields(tp)}
    names = fields.keys()
    typed = tuple((k, d) for k, d in fields.items() if d is not _identity)

    def decode(data: dict[str, Any]) -> Any:
        if data.keys() <= names:
            out = dict(data)
            for k, d in typed:
                if k in out:
                    out[k] = d(out[k])
            return tp(**out)
        return tp(**{k: fields[k](v) for k, v in data.items() if k in fields})

    return decode


def _enum_decoder(tp: type[Enum]) -> Any:
    """An enum member by its value: looked up (an Enum call costs several times more), else the call, which
    also takes what a lookup cannot (an alias value, or a value that raises)."""
    members = tp._value2member_map_

    def decode(value: Any) -> Any:
        try:
            return members[value]
        except (KeyError, TypeError):
            return tp(value)

    return decode
