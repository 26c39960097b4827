"""Domain errors as translated sentences for the GUI (the sentences live in desktop_app/messages.py)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from desktop_app import messages
from desktop_app.errors import DomainError


def _t(text: str) -> str:
    return QCoreApplication.translate("Messages", text)


def field_label(field: str) -> str:
    return _t(messages.field_label(field))


def describe(error: DomainError) -> str:
    return messages.describe(error, _t)


_templates = messages._templates
