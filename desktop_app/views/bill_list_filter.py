"""The bills list's filters that are not a database query: the text filter on the customer of the bills loaded,
and reading the one month a figure's period names (a dashboard card or a report row opening the list)."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QSortFilterProxyModel

from desktop_app.billing.periods import add_months
from desktop_app.errors import DomainError

Index = QModelIndex | QPersistentModelIndex


def month_of(period: Any, today: date) -> date | None:
    """The first day of the one month ``period`` names ("2026-10", "this-month", a date in it, a one-month
    Period), else None (the list filters by month only)."""
    if period is None or period == "":
        return None
    if isinstance(period, date):
        return period.replace(day=1)
    if isinstance(period, str):
        from desktop_app.services.reports.model import parse_period

        try:
            period = parse_period(period, today)
        except DomainError:
            return None
    start, end = getattr(period, "start", None), getattr(period, "end", None)
    if isinstance(start, date) and isinstance(end, date) and start.day == 1 and end == add_months(start, 1):
        return start
    return None


class CustomerFilter(QSortFilterProxyModel):
    """The customer text filter, on the bills loaded (name or code, any case)."""

    text = ""

    def set_text(self, text: str) -> None:
        self.beginFilterChange()
        self.text = text.strip().casefold()
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        if not self.text:
            return True
        row = self.sourceModel().rows[source_row]  # type: ignore[attr-defined]
        return self.text in row.customer_name.casefold() or self.text in row.customer_code.casefold()
