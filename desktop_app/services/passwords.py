"""Password hashing with Argon2id as PHC strings (OWASP: at least 19 MiB, 2 passes, 1 lane).

Passwords are NFKC-normalised first, so the same password typed with full-width or half-width
characters is the same password; any length up to MAX_LENGTH and any Unicode text works.
"""

from __future__ import annotations

import os
import re
import unicodedata

from cryptography.exceptions import InvalidKey
from cryptography.hazmat.primitives.kdf.argon2 import Argon2id

from desktop_app.errors import ValidationFailed

MIN_LENGTH = 8
MAX_LENGTH = 128
MEMORY_KIB = 19 * 1024
ITERATIONS = 2
LANES = 1
_PARAMS = re.compile(r"^\$argon2id\$v=19\$m=(\d+),t=(\d+),p=(\d+)\$")


def _bytes(password: str) -> bytes:
    return unicodedata.normalize("NFKC", password).encode("utf-8")


def hash_password(password: str) -> str:
    kdf = Argon2id(salt=os.urandom(16), length=32, iterations=ITERATIONS, lanes=LANES, memory_cost=MEMORY_KIB)
    return kdf.derive_phc_encoded(_bytes(password))


def verify_password(password: str, encoded: str) -> bool:
    try:
        Argon2id.verify_phc_encoded(_bytes(password), encoded)
    except (InvalidKey, ValueError):
        return False
    return True


def parameters(encoded: str) -> tuple[int, int, int] | None:
    """(memory KiB, iterations, lanes) of an argon2id PHC string, or None for anything else."""
    match = _PARAMS.match(encoded)
    return (int(match[1]), int(match[2]), int(match[3])) if match else None


def needs_rehash(encoded: str) -> bool:
    """True when the hash was made with weaker parameters than today's (rehash at the next log-in)."""
    found = parameters(encoded)
    return found is None or found[0] < MEMORY_KIB or found[1] < ITERATIONS


def check_policy(password: str, login: str, field: str = "password") -> None:
    length = len(unicodedata.normalize("NFKC", password))
    if length < MIN_LENGTH:
        raise ValidationFailed("password.too_short", field, minimum=MIN_LENGTH)
    if length > MAX_LENGTH:
        raise ValidationFailed("password.too_long", field, maximum=MAX_LENGTH)
    if password.strip().lower() == login.strip().lower():
        raise ValidationFailed("password.same_as_login", field)
