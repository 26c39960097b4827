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
from collections.abc import Callable
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
    """Whether ``value`` fits the annotation ``hint``."""
    return _checker(hint)(value)


_Check = Callable[[object], bool]


def _checker(hint: Any) -> _Check:
    """A predicate for ``hint``, built once per annotation (each shape checks what it always checked)."""
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        options = tuple(_checker(arg) for arg in typing.get_args(hint))
        if len(options) == 2 and typing.get_args(hint)[1] is type(None):  # X | None
            first = options[0]
            return lambda value: first(value) or value is None
        return lambda value: any(option(value) for option in options)
    if origin is tuple:
        args = typing.get_args(hint)
        if len(args) == 2 and args[1] is Ellipsis:
            item = _checker(args[0])
            return lambda value: isinstance(value, tuple) and all(item(element) for element in value)
        items = tuple(_checker(arg) for arg in args)
        return lambda value: (isinstance(value, tuple) and len(items) == len(value)
                              and all(check(element) for check, element in zip(items, value, strict=True)))
    if hint is type(None):
        return lambda value: value is None
    if hint is Any:
        return lambda value: True
    if hint is int:
        return lambda value: isinstance(value, int) and not isinstance(value, bool)
    if hint is Decimal:
        return lambda value: isinstance(value, Decimal) and value.is_finite()
    if hint is str:
        return lambda value: isinstance(value, str) and not isinstance(value, enum.Enum)
    if isinstance(hint, type):
        return lambda value: isinstance(value, hint)

    def unknown(value: object) -> bool:  # pragma: no cover - a new annotation shape
        raise TypeError(f"check_types cannot check {hint!r}")

    return unknown


_CHECKS: dict[type, tuple[tuple[str, Any, _Check], ...]] = {}


def _checks(cls: type) -> tuple[tuple[str, Any, _Check], ...]:
    """Per dataclass: each field's name, annotation and predicate, in field order (built once)."""
    checks = _CHECKS.get(cls)
    if checks is None:
        hints = type_hints(cls)
        fields = dataclasses.fields(cls)
        checks = _CHECKS[cls] = tuple((field.name, hints[field.name], _checker(hints[field.name])) for field in fields)
    return checks


def check_types(instance: object) -> None:
    """TypeError naming the field when a field of the dataclass ``instance`` has the wrong type."""
    cls = type(instance)
    for name, hint, check in _checks(cls):
        value = getattr(instance, name)
        if not check(value):
            raise TypeError(f"{cls.__name__}.{name} must be {hint}, not {type(value).__name__}: {value!r}")
