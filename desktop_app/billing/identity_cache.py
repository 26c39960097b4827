"""A cache per object identity, for values derived from immutable objects (a plan version, a usage charge).

The billing model is made of frozen dataclasses of immutable values, so whatever is derived from one
object stays true while it lives. Keying by identity avoids hashing (or comparing) a whole plan on every
call: an entry is found by ``id(obj)`` and confirmed by a weak reference to the very object, which also
drops the entry when the object is collected (so a recycled ``id`` can never return a stale value).
"""

from __future__ import annotations

import weakref
from collections.abc import Callable
from typing import Generic, TypeVar

__all__ = ["IdentityCache"]

_Key = TypeVar("_Key")
_Value = TypeVar("_Value")


class IdentityCache(Generic[_Key, _Value]):
    """``compute(obj)`` remembered per object identity while the object lives (it must allow weak references).

    The value must not refer to the object itself, or the object would never be collected.
    """

    def __init__(self, compute: Callable[[_Key], _Value]) -> None:
        self._compute = compute
        self._entries: dict[int, tuple[weakref.ref[_Key], _Value]] = {}

    def __call__(self, key: _Key) -> _Value:
        entry = self._entries.get(id(key))
        if entry is not None and entry[0]() is key:
            return entry[1]
        value = self._compute(key)
        self._entries[id(key)] = (weakref.ref(key, self._forget(id(key))), value)
        return value

    def _forget(self, ident: int) -> Callable[[weakref.ref[_Key]], None]:
        def forget(ref: weakref.ref[_Key]) -> None:
            entry = self._entries.get(ident)
            if entry is not None and entry[0] is ref:
                del self._entries[ident]

        return forget

    def __len__(self) -> int:
        return len(self._entries)
