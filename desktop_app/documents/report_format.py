"""How report figures are written: one formatter per column kind, shared by the printed report and its chart
(and by any screen that wants the same texts).

- money ``Decimal("1234.5")`` → ``¥1,234.50`` (``-¥5.00``), exact, never through float;
- percent (a ratio) ``Decimal("0.853")`` → ``85.3%`` (half-up to one place);
- count ``12345`` → ``12,345``; quantity ``Decimal("12500.5")`` → ``12,500.5``;
- date → ``2026-10-05``; None → an em dash (nothing to show, e.g. no target set).
"""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from desktop_app.documents import labels as fmt
from desktop_app.documents.report_snapshot import ColumnKind, Label, Value

__all__ = ["EMPTY", "NUMERIC", "axis_text", "cell_text", "percent_text"]

EMPTY = "—"
NUMERIC: frozenset[str] = frozenset({"count", "money", "quantity", "percent"})
_TENTH = Decimal("0.1")


def percent_text(ratio: Decimal | int) -> str:
    """``Decimal("0.853")`` → ``"85.3%"``; exact decimal arithmetic, half-up."""
    percent = (Decimal(ratio) * 100).quantize(_TENTH, rounding=ROUND_HALF_UP)
    if not percent:
        percent = abs(percent)  # no "-0.0%"
    return f"{percent:,}%"


def _quantity_text(value: Decimal | int) -> str:
    number = Decimal(value)
    if number == number.to_integral_value():
        number = number.quantize(Decimal(1))
    return f"{number:,f}"


def cell_text(value: Value, kind: ColumnKind) -> str:
    """The printed text of one table cell of a column of ``kind``."""
    if value is None:
        return EMPTY
    if isinstance(value, str):
        return value
    if isinstance(value, Label):  # renderers format report_snapshot.localised(...) snapshots
        raise TypeError(f"localise the snapshot before formatting {value!r}")
    if isinstance(value, date):
        return value.isoformat()
    if kind == "money":
        return fmt.money(Decimal(value), "CNY")
    if kind == "percent":
        return percent_text(value)
    if kind == "count":
        return f"{int(value):,}"
    if kind == "quantity":
        return _quantity_text(value)
    return str(value)


def axis_text(value: float, kind: ColumnKind) -> str:
    """A chart axis tick: whole yuan for money (``¥12,000``), whole percent, thousands separated."""
    if kind == "percent":
        return _tick(value * 100) + "%"
    if kind == "money":
        return ("-¥" if value < 0 else "¥") + _tick(abs(value))
    return _tick(value)


def _tick(value: float) -> str:
    """Whole numbers as they are; a fractional tick (small scales) with up to two places."""
    if value == int(value) or abs(value) >= 100:
        return f"{value:,.0f}"
    return f"{value:,.2f}".rstrip("0").rstrip(".")
