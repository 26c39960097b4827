"""A priced quote (billing.quote.Quote) on screen: its lines, the subtotals per tax rate and the totals, as the
price calculator shows them, in a compact widget that dialogs can stack (a change's credit and charge, the
next bill). Amounts are formatted exactly (Decimal, two decimals), never through float."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from desktop_app.views.catalog_text import money, price, quantity, tax_rate_name
from desktop_app.views.pages.audit import table
from desktop_app.views.price_calculator import spread
from desktop_app.views.table_model import Column, RecordTableModel


def yuan(value: Decimal | None, currency: str = "CNY") -> str:
    """¥1,234.50; -¥66.00 for a negative amount; another currency by its code after the number."""
    if value is None:
        return ""
    sign, amount = ("-", -value) if value < 0 else ("", value)
    return f"{sign}¥{money(amount)}" if currency == "CNY" else f"{sign}{money(amount)} {currency}"


def day_text(day: date | None) -> str:
    return day.isoformat() if day is not None else ""


def period_text(period: Any) -> str:
    """[start, end) as the days printed on a bill: 2026-04-11 – 2026-04-30 (the last day inside)."""
    return f"{period.start.isoformat()} – {period.last_day.isoformat()}" if period is not None else ""


class QuoteView(QWidget):
    """The lines of a quote and a totals line under them; ``subtotals`` adds the per-tax-rate table."""

    def __init__(self, parent: QWidget | None = None, *, totals: bool = True, subtotals: bool = False,
                 max_rows: int = 6) -> None:
        super().__init__(parent)
        self.quote: Any = None
        self.max_rows = max_rows
        self.lines = RecordTableModel([
            Column(self.tr("Item"), self._description, tooltip=self._description),
            Column(self.tr("Period"), lambda q: period_text(q.period)),
            Column(self.tr("Quantity"), lambda q: f"{quantity(q.quantity)} {q.unit}".strip(), align_right=True),
            Column(self.tr("Unit price"), lambda q: price(q.unit_price), align_right=True),
            Column(self.tr("Amount"), lambda q: money(q.net), align_right=True),
            Column(self.tr("Tax rate"), lambda q: tax_rate_name(q.tax_rate), align_right=True),
            Column(self.tr("Tax"), lambda q: money(q.tax), align_right=True),
            Column(self.tr("Total"), lambda q: money(q.gross), align_right=True),
        ], self)
        self.table = table(self.lines)
        spread(self.table)
        self._fit(1)
        self.subtotals = RecordTableModel([
            Column(self.tr("Tax rate"), lambda s: tax_rate_name(s.tax_rate)),
            Column(self.tr("Amount"), lambda s: money(s.net), align_right=True),
            Column(self.tr("Tax"), lambda s: money(s.tax), align_right=True),
            Column(self.tr("Total"), lambda s: money(s.gross), align_right=True),
        ], self)
        self.subtotal_table = table(self.subtotals)
        spread(self.subtotal_table)
        self.subtotal_table.setFixedHeight(self._height(self.subtotal_table, 2))
        self.subtotal_table.setVisible(subtotals)
        self.total = QLabel()
        self.total.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.total.setVisible(totals)
        self.message = QLabel()
        self.message.setProperty("role", "muted")
        self.message.setWordWrap(True)
        self.message.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.table)
        sums = QHBoxLayout()
        sums.addWidget(self.subtotal_table, 3)
        sums.addWidget(self.total, 2, Qt.AlignmentFlag.AlignBottom)
        layout.addLayout(sums)
        layout.addWidget(self.message)

    @staticmethod
    def _height(view: Any, rows: int) -> int:
        frame = 2 * view.frameWidth()
        return int(view.horizontalHeader().sizeHint().height() + view.verticalHeader().defaultSectionSize() * rows
                   + frame)

    def _fit(self, rows: int) -> None:
        """As tall as the lines (a scroll bar only beyond ``max_rows``)."""
        self.table.setFixedHeight(self._height(self.table, max(1, min(rows, self.max_rows))))

    def _description(self, line: Any) -> str:
        text = str(line.description)
        if line.tier is not None:
            text += " · " + self.tr("tier {0}").format(line.tier)
        if line.proration is not None and not line.proration.is_full:
            text += " · " + self.tr("{0} of {1} days").format(line.proration.days, line.proration.period_days)
        return text

    def set_quote(self, quote: Any) -> None:
        """Show ``quote`` (a Quote); None shows nothing."""
        self.quote = quote
        self.message.hide()
        self.table.show()
        self.lines.set_rows(quote.lines if quote is not None else [])
        self._fit(len(self.lines.rows))
        self.subtotals.set_rows(quote.subtotals if quote is not None else [])
        if quote is None:
            self.total.setText("")
            return
        self.total.setText(self.tr("Amount {0} · Tax {1} · <b>Total incl. tax {2}</b>").format(
            yuan(quote.total_net, quote.currency), yuan(quote.total_tax, quote.currency),
            yuan(quote.total_gross, quote.currency)))

    def show_message(self, text: str) -> None:
        """No quote: a sentence in its place (nothing to credit, nothing to bill...)."""
        self.set_quote(None)
        self.table.hide()
        self.message.setText(text)
        self.message.show()
