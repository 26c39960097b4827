"""The tier table of a graduated or volume usage charge: from / up to / unit price / flat fee per row, and
the problem of each row shown in the row itself ("bad tier tables are refused with a message at the row")."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop_app.views.catalog_text import clean_number
from desktop_app.views.look import DANGER

COLUMNS = ("start", "up_to", "unit_price", "flat_fee")
PROBLEM = len(COLUMNS)
_BAD = QColor("#ffebe9")


class TierTable(QWidget):
    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.table = QTableWidget(0, len(COLUMNS) + 1)
        self.table.setHorizontalHeaderLabels([self.tr("From"), self.tr("Up to"), self.tr("Unit price"),
                                              self.tr("Flat fee"), self.tr("Check")])
        self.table.horizontalHeaderItem(1).setToolTip(self.tr("Leave the last tier's limit empty: no limit"))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        header = self.table.horizontalHeader()
        for column, width in enumerate((80, 80, 80, 70)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            self.table.setColumnWidth(column, width)
        header.setStretchLastSection(True)
        self.table.verticalHeader().setDefaultSectionSize(self.table.fontMetrics().height() + 10)
        self.table.setMinimumHeight(150)
        self.table.setWordWrap(False)
        self.table.itemChanged.connect(self._item_changed)
        self.add_button = QPushButton(self.tr("Add tier"))
        self.add_button.clicked.connect(self.add_row)
        self.remove_button = QPushButton(self.tr("Remove tier"))
        self.remove_button.clicked.connect(self.remove_row)
        buttons = QHBoxLayout()
        buttons.setContentsMargins(0, 0, 0, 0)
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        hint = QLabel(self.tr("Each tier starts where the one before ends; the last has no limit."))
        hint.setProperty("role", "muted")
        hint.setWordWrap(True)
        buttons.addWidget(hint, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table)
        layout.addLayout(buttons)
        self._filling = False

    def _cell(self, text: str, editable: bool = True) -> QTableWidgetItem:
        item = QTableWidgetItem(text)
        item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if not editable:
            item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
            item.setForeground(QBrush(QColor(DANGER)))
            item.setTextAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        return item

    def _append(self, values: tuple[str, str, str, str]) -> None:
        row = self.table.rowCount()
        self.table.insertRow(row)
        for column, value in enumerate(values):
            self.table.setItem(row, column, self._cell(value))
        self.table.setItem(row, PROBLEM, self._cell("", editable=False))

    def load(self, tiers: list[dict[str, object]]) -> None:
        self._filling = True
        self.table.setRowCount(0)
        for tier in tiers:
            up_to = tier.get("up_to")
            self._append((str(tier.get("start", "")), "" if up_to is None else str(up_to),
                          str(tier.get("unit_price", "")), str(tier.get("flat_fee", ""))))
        self._filling = False

    def text(self, row: int, column: int) -> str:
        item = self.table.item(row, column)
        return clean_number(item.text()) if item is not None else ""

    def set_text(self, row: int, column: int, text: str) -> None:
        """Put ``text`` in a cell as if typed (tests and the keyboard go through the same path)."""
        item = self.table.item(row, column)
        if item is not None:
            item.setText(text)

    def dump(self) -> list[dict[str, object]]:
        tiers: list[dict[str, object]] = []
        for row in range(self.table.rowCount()):
            tier: dict[str, object] = {}
            start, up_to, unit_price, flat_fee = (self.text(row, column) for column in range(len(COLUMNS)))
            if start:
                tier["start"] = start
            tier["up_to"] = up_to or None
            if unit_price:
                tier["unit_price"] = unit_price
            if flat_fee:
                tier["flat_fee"] = flat_fee
            tiers.append(tier)
        return tiers

    def add_row(self) -> None:
        """A new last tier, starting where the one before ends (which gets a limit if it had none)."""
        rows = self.table.rowCount()
        self._filling = True
        start = "0"
        if rows:
            previous_start = self.text(rows - 1, 0) or "0"
            if not self.text(rows - 1, 1):
                self.table.item(rows - 1, 1).setText(_next_limit(previous_start))
            start = self.text(rows - 1, 1)
        self._append((start, "", self.text(rows - 1, 2) if rows else "", ""))
        self._filling = False
        self.table.setCurrentCell(rows, 1)
        self.changed.emit()

    def remove_row(self) -> None:
        row = self.table.currentRow()
        if row < 0:
            row = self.table.rowCount() - 1
        if row < 0:
            return
        self.table.removeRow(row)
        self.changed.emit()

    def _item_changed(self, item: QTableWidgetItem) -> None:
        if self._filling or item.column() == PROBLEM:
            return
        if item.column() == 1:  # keep the next tier starting where this one now ends
            next_row = item.row() + 1
            if next_row < self.table.rowCount():
                self._filling = True
                self.table.item(next_row, 0).setText(self.text(item.row(), 1))
                self._filling = False
        self.changed.emit()

    def show_problems(self, problems: dict[int, list[tuple[str, str]]]) -> None:
        """``problems``: row → [(column key or "", message)]; the row's Check cell says what is wrong."""
        self._filling = True
        for row in range(self.table.rowCount()):
            found = problems.get(row, [])
            for column in range(len(COLUMNS)):
                bad = any(key == COLUMNS[column] for key, _message in found)
                self.table.item(row, column).setBackground(QBrush(_BAD) if bad else QBrush())
            message = "\n".join(text for _key, text in found)
            cell = self.table.item(row, PROBLEM)
            cell.setText(message.replace("\n", " "))
            cell.setToolTip(message)
        self._filling = False

    def row_message(self, row: int) -> str:
        item = self.table.item(row, PROBLEM)
        return item.text() if item is not None else ""

    def freeze(self) -> None:
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.add_button.hide()
        self.remove_button.hide()


def _next_limit(start: str) -> str:
    from decimal import Decimal, InvalidOperation

    try:
        return str(max(Decimal(start), Decimal(0)) + 1000)
    except InvalidOperation:
        return "1000"
