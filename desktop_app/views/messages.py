"""Domain errors as translated sentences for the GUI (the sentences live in desktop_app/messages.py)."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QLocale

from desktop_app import messages
from desktop_app.errors import DomainError


def _t(text: str) -> str:
    return QCoreApplication.translate("Messages", text)


def field_label(field: str) -> str:
    return _t(messages.field_label(field))


def describe(error: DomainError) -> str:
    if error.code == "concurrent_edit" and error.params.get("at", "?") != "?":
        error = DomainError(error.code, **{**error.params, "at": local_time(str(error.params["at"]))})
    return messages.describe(error, _t)


def local_time(iso: str) -> str:
    """An ISO timestamp as the user's local date and time, in the UI language's format."""
    from datetime import datetime

    try:
        moment = datetime.fromisoformat(iso).astimezone()
    except ValueError:
        return iso
    return QLocale().toString(moment.replace(tzinfo=None), QLocale.FormatType.ShortFormat)


ROLE_NAMES = {
    "Administrator": QT_TRANSLATE_NOOP("Roles", "Administrator"),
    "Manager": QT_TRANSLATE_NOOP("Roles", "Manager"),
    "Sales": QT_TRANSLATE_NOOP("Roles", "Sales"),
    "Billing clerk": QT_TRANSLATE_NOOP("Roles", "Billing clerk"),
    "Auditor": QT_TRANSLATE_NOOP("Roles", "Auditor"),
}


ROLE_DESCRIPTIONS = {
    "Administrator": QT_TRANSLATE_NOOP("Roles", "Everything, including users, roles, settings and backups."),
    "Manager": QT_TRANSLATE_NOOP(
        "Roles", "Customers, subscriptions and reports of their department and the departments below it."
    ),
    "Sales": QT_TRANSLATE_NOOP("Roles", "Their own customers and what belongs to them."),
    "Billing clerk": QT_TRANSLATE_NOOP(
        "Roles", "Bills, payments and usage for all customers; customer phone numbers masked."
    ),
    "Auditor": QT_TRANSLATE_NOOP("Roles", "Reads everything, changes nothing; reads and exports the audit log."),
}


def role_description(name: str, stored: str) -> str:
    """A built-in role's description in the UI language (the stored text is English)."""
    if name in ROLE_DESCRIPTIONS and stored == ROLE_DESCRIPTIONS[name]:
        return QCoreApplication.translate("Roles", ROLE_DESCRIPTIONS[name])
    return stored


def role_name(name: str) -> str:
    """Built-in role names are data ("Sales"); show them in the UI language. Custom names as typed."""
    return QCoreApplication.translate("Roles", ROLE_NAMES[name]) if name in ROLE_NAMES else name


_templates = messages._templates
