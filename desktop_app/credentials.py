"""The one wrapper around the OS keyring. Database passwords live here and nowhere else.

Where the OS offers no secure store (a headless Linux box: keyring's ``fail`` backend), callers are told
so and ask for the password for this session only. A plaintext keyring is never used.
"""

from __future__ import annotations

from typing import Any

SERVICE = "Benji CRM"
_INSECURE_MODULE_PREFIXES = ("keyring.backends.fail", "keyrings.alt", "keyring.backends.null")


class NoSecureStore(Exception):
    """The OS has no secure password store on this machine."""


def _backend() -> Any:  # a keyring backend (keyring ships no precise type for it)
    import keyring

    return keyring.get_keyring()


def _is_secure(backend: object) -> bool:
    module = type(backend).__module__
    if module.startswith(_INSECURE_MODULE_PREFIXES):
        return False
    if module == "keyring.backends.chainer":
        return any(_is_secure(inner) for inner in getattr(backend, "backends", []))
    return True


def secure_store_available() -> bool:
    return _is_secure(_backend())


def store_password(key: str, password: str) -> None:
    backend = _backend()
    if not _is_secure(backend):
        raise NoSecureStore()
    backend.set_password(SERVICE, key, password)


def load_password(key: str) -> str | None:
    backend = _backend()
    if not _is_secure(backend):
        return None
    try:
        password: str | None = backend.get_password(SERVICE, key)
        return password
    except Exception:  # a locked or broken keyring: ask the user instead
        return None


def delete_password(key: str) -> None:
    backend = _backend()
    if not _is_secure(backend):
        return
    try:
        backend.delete_password(SERVICE, key)
    except Exception:
        pass


class SessionPasswords:
    """Passwords typed in for this run only (no secure store, or the user declined to save)."""

    def __init__(self) -> None:
        self._passwords: dict[str, str] = {}

    def remember(self, key: str, password: str) -> None:
        self._passwords[key] = password

    def get(self, key: str) -> str | None:
        return self._passwords.get(key) or load_password(key)
