"""Money the user's role withholds, as the screens show it (services/amounts.py is the guard: a withheld amount
arrives as None). Masked (field rule "masked"): "****" in place of the amount. Hidden: the column is left out
where a table has one, "—" where a single figure stands in a sentence or a form.

The rules: ``bills.amount`` (bills, credit notes, reminders), ``payments.amount`` (payments, refunds, the
wallet), ``products.unit_price`` (plan prices, fixed-amount coupons, the price calculator); a figure made of
bill and payment money (balance, open credit, aging) follows the stricter of the two."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from desktop_app.services.access import Access, FieldRule
from desktop_app.views.catalog_text import money

MASKED_TEXT = "****"
HIDDEN_TEXT = "—"
FIELDS = {"bills": "amount", "payments": "amount", "products": "unit_price"}
NOTES = {
    ("bills", FieldRule.MASKED): QT_TRANSLATE_NOOP("Amounts", "Bill amounts are masked for your role."),
    ("bills", FieldRule.HIDDEN): QT_TRANSLATE_NOOP("Amounts", "Bill amounts are hidden for your role."),
    ("payments", FieldRule.MASKED): QT_TRANSLATE_NOOP("Amounts", "Payment amounts are masked for your role."),
    ("payments", FieldRule.HIDDEN): QT_TRANSLATE_NOOP("Amounts", "Payment amounts are hidden for your role."),
    ("products", FieldRule.MASKED): QT_TRANSLATE_NOOP("Amounts", "Prices are masked for your role."),
    ("products", FieldRule.HIDDEN): QT_TRANSLATE_NOOP("Amounts", "Prices are hidden for your role."),
}


def rule(access: Access, resource: str) -> FieldRule:
    """The user's field rule on the money of ``resource`` (bills, payments or products)."""
    return access.field_rule(resource, FIELDS[resource])


def account_rule(access: Access) -> FieldRule:
    """The rule of figures made of bill and payment money together."""
    return min(rule(access, "bills"), rule(access, "payments"))


def shown(value: FieldRule) -> bool:
    return value >= FieldRule.READ_ONLY


def editable(access: Access, resource: str) -> bool:
    """May the user type this kind of money (the services refuse it otherwise)? The rule their roles set,
    as the services check it (an action's own permission decides the rest)."""
    grant = access.grants.get(resource)
    if grant is None or "view" not in grant.actions:
        return False
    return grant.fields.get(FIELDS[resource], FieldRule.EDITABLE) is FieldRule.EDITABLE


def withheld(value: FieldRule) -> str:
    return MASKED_TEXT if value is FieldRule.MASKED else HIDDEN_TEXT


def amount(value: Decimal | None, value_rule: FieldRule, fmt: Callable[[Any], str] = money) -> str:
    """``fmt(value)``, or what stands in for a withheld amount."""
    return withheld(value_rule) if value is None else fmt(value)


def note(resource: str, value_rule: FieldRule) -> str:
    """"Bill amounts are masked for your role." and the like; "" when the amounts are shown."""
    text = NOTES.get((resource, value_rule))
    return QCoreApplication.translate("Amounts", text) if text else ""
