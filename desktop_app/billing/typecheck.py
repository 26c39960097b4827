"""Runtime type checks for the plan dataclasses: a ``float`` never gets into a plan.

Each frozen dataclass of the plan model calls :func:`check_types` from ``__post_init__``. It reads the
field annotations and raises TypeError when a value has the wrong type: ``float`` where a ``Decimal``
belongs, an ``int`` where a ``str`` belongs, a list where a tuple belongs, a bare string where an enum
belongs. Values (negative prices, broken tier tables) are checked later, with paths, by
``billing.validation``.
"""

from __future__ import annotations

import dataclasses
import enum
import types
import typing
from decimal import Decimal
from typing import Any

__all__ = ["check_types", "type_hints"]


_HINTS: dict[type, dict[str, Any]] = {}


def type_hints(cls: type) -> dict[str, Any]:
    """The resolved annotations of ``cls`` (cached)."""
    if cls not in _HINTS:
        _HINTS[cls] = typing.get_type_hints(cls)
    return _HINTS[cls]


def _matches(value: object, hint: Any) -> bool:
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        return any(_matches(value, arg) for arg in typing.get_args(hint))
    if origin is tuple:
        args = typing.get_args(hint)
        if not isinstance(value, tuple):
            return False
        if len(args) == 2 and args[1] is Ellipsis:
            return all(_matches(item, args[0]) for item in value)
        return len(args) == len(value) and all(_matches(item, arg) for item, arg in zip(args, value, strict=True))
    if hint is type(None):
        return value is None
    if hint is Any:
        return True
    if hint is int:
        return isinstance(value, int) and not isinstance(value, bool)
    if hint is Decimal:
        return isinstance(value, Decimal) and value.is_finite()
    if hint is str:
        return isinstance(value, str) and not isinstance(value, enum.Enum)
    if isinstance(hint, type):
        return isinstance(value, hint)
    raise TypeError(f"check_types cannot check {hint!r}")  # pragma: no cover - a new annotation shape


def check_types(instance: object) -> None:
    """TypeError naming the field when a field of the dataclass ``instance`` has the wrong type."""
    cls = type(instance)
    hints = type_hints(cls)
    for field in dataclasses.fields(instance):  # type: ignore[arg-type]
        name, hint = field.name, hints[field.name]
        value = getattr(instance, name)
        if not _matches(value, hint):
            raise TypeError(f"{cls.__name__}.{name} must be {hint}, not {type(value).__name__}: {value!r}")
