"""Password hashing with Argon2id (OWASP parameters: 19 MiB, 2 passes, 1 lane), as PHC strings."""

from __future__ import annotations

import os

from cryptography.exceptions import InvalidKey
from cryptography.hazmat.primitives.kdf.argon2 import Argon2id

from desktop_app.errors import ValidationFailed

MIN_LENGTH = 8
MAX_LENGTH = 128


def hash_password(password: str) -> str:
    kdf = Argon2id(salt=os.urandom(16), length=32, iterations=2, lanes=1, memory_cost=19 * 1024)
    return kdf.derive_phc_encoded(password.encode("utf-8"))


def verify_password(password: str, encoded: str) -> bool:
    try:
        Argon2id.verify_phc_encoded(password.encode("utf-8"), encoded)
    except (InvalidKey, ValueError):
        return False
    return True


def check_policy(password: str, login: str, field: str = "password") -> None:
    if len(password) < MIN_LENGTH:
        raise ValidationFailed("password.too_short", field, minimum=MIN_LENGTH)
    if len(password) > MAX_LENGTH:
        raise ValidationFailed("password.too_long", field, maximum=MAX_LENGTH)
    if password.strip().lower() == login.strip().lower():
        raise ValidationFailed("password.same_as_login", field)
