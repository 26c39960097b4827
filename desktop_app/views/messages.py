"""Domain errors as translated sentences for the GUI (the sentences live in desktop_app/messages.py)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLocale

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


_templates = messages._templates
