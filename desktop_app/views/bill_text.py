"""How the bill screens write a bill's facts: its state, its number (or what it is while it has none), its
period as the days it covers, and amounts in yuan."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from desktop_app.views.catalog_text import money

STATE_NAMES = {
    "draft": QT_TRANSLATE_NOOP("Bills", "Draft"),
    "issued": QT_TRANSLATE_NOOP("Bills", "Issued"),
    "partially_paid": QT_TRANSLATE_NOOP("Bills", "Partially paid"),
    "paid": QT_TRANSLATE_NOOP("Bills", "Paid"),
    "void": QT_TRANSLATE_NOOP("Bills", "Void"),
}


def state_name(status: str) -> str:
    return QCoreApplication.translate("Bills", str(STATE_NAMES[status])) if status in STATE_NAMES else status


def number_text(bill: Any) -> str:
    """The bill's number, or what it is while it has none."""
    if bill.code:
        return str(bill.code)
    if bill.kind == "credit_note":
        return QCoreApplication.translate("Bills", "Draft credit note")
    return QCoreApplication.translate("Bills", "Draft")


def period_text(start: date | None, end: date | None) -> str:
    """A half-open period as the days it covers: 2026-03-01 ~ 2026-03-31."""
    if start is None or end is None:
        return ""
    last = end - timedelta(days=1) if end > start else end
    return f"{start.isoformat()} ~ {last.isoformat()}"


def yuan(value: Decimal, currency: str = "CNY") -> str:
    return "¥" + money(value) if currency == "CNY" else f"{money(value)} {currency}"


def decimal_text(text: str | None, format_: Any) -> str:
    if text is None or text == "":
        return ""
    try:
        return str(format_(Decimal(text)))
    except ArithmeticError:
        return text
