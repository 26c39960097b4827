"""How report and dashboard values read on screen: ¥1,234.50, 85.3%, 12,345, 2026-10-01.

Money is formatted from the exact Decimal (never float); the same text in both languages, as Chinese
finance staff write it.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

__all__ = ["format_value", "is_number"]


def _grouped(value: Decimal, places: int) -> str:
    return f"{value:,.{places}f}"


def format_value(value: Any, kind: str) -> str:
    """The text of one cell of column kind ``kind`` (report_snapshot.ColumnKind)."""
    if value is None:
        return ""
    if kind == "money":
        amount = Decimal(value)
        text = "¥" + _grouped(abs(amount), 2)
        return "-" + text if amount < 0 else text
    if kind == "percent":
        return _grouped(Decimal(value) * 100, 1) + "%"
    if kind == "count":
        return f"{int(value):,}"
    if kind == "quantity":
        amount = Decimal(value)
        exponent = amount.normalize().as_tuple().exponent
        places = max(0, -exponent) if isinstance(exponent, int) else 0
        return _grouped(amount, min(places, 6))
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def is_number(kind: str) -> bool:
    """Numbers are right-aligned in tables."""
    return kind in ("money", "percent", "count", "quantity")
