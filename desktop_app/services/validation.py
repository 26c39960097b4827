"""Field checks shared by every form that has them (company, customers, contacts, users, imports)."""

from __future__ import annotations

import re

from desktop_app.billing.identifiers import is_valid_phone, is_valid_uscc, normalize_uscc
from desktop_app.errors import ValidationFailed

EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def tax_id(value: str, field: str = "tax_id") -> str:
    """The normalised 统一社会信用代码 ('' stays ''), or ValidationFailed."""
    if not value:
        return ""
    code = normalize_uscc(value)
    if not is_valid_uscc(code):
        raise ValidationFailed("company.tax_id_invalid", field)
    return code


def phone(value: str, field: str = "phone") -> str:
    if value and not is_valid_phone(value):
        raise ValidationFailed("phone.invalid", field)
    return value


def email(value: str, field: str = "email") -> str:
    if value and not EMAIL.match(value):
        raise ValidationFailed("email.invalid", field)
    return value


def bank_account(value: str, field: str = "bank_account") -> str:
    digits = value.replace(" ", "").replace("-", "")
    if digits and not digits.isdigit():
        raise ValidationFailed("company.bank_account_invalid", field)
    return value


def length(value: str, field: str, maximum: int) -> str:
    if len(value) > maximum:
        raise ValidationFailed("text.too_long", field, maximum=maximum)
    return value
