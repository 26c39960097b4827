"""The plan editor's own discounts of a plan (折扣): one row each, a percentage or a fixed amount off, once /
for N periods / forever, maybe limited to some charge codes (empty: every discountable charge).

A row that is not edited gives back exactly what was loaded (``"0.10"`` stays ``"0.10"``, not ``"0.1"``), so
saving a plan without touching its discounts keeps them identical."""

from __future__ import annotations

import re
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop_app.views.catalog_text import DURATIONS, clean_number, fill, fraction_to_percent, percent_to_fraction
from desktop_app.views.forms import mark
from desktop_app.views.look import DANGER

CODE, NAME, KIND, VALUE, DURATION, PERIODS, CHARGES, CHECK = range(8)
FIELDS = ("code", "name", "kind", "value", "duration", "periods", "charges")
_ROW = re.compile(r"^discounts\[(\d+)\](?:\.([a-z_]+))?")
_COLUMNS = dict(zip(FIELDS, (CODE, NAME, KIND, VALUE, DURATION, PERIODS, CHARGES), strict=True))
_BAD = QColor(DANGER).lighter(190)


def codes(text: str) -> list[str]:  # "base，seat" → ["base", "seat"]
    return [code.strip() for code in text.replace("，", ",").split(",") if code.strip()]


class DiscountsEditor(QWidget):
    """The plan's discounts, applied in this order (before coupons) from the subscription's first period."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.read_only = False
        self.loaded: list[tuple[dict[str, Any], dict[str, Any]] | None] = []  # per row: (as given, as shown)
        self.table = QTableWidget(0, 8)
        self.table.setHorizontalHeaderLabels([
            self.tr("Code *"), self.tr("Name"), self.tr("Discount"), self.tr("Off (% or 元) *"),
            self.tr("Applies"), self.tr("Periods"), self.tr("Only on charges"), self.tr("Check")])
        self.table.horizontalHeaderItem(CHARGES).setToolTip(
            self.tr("Charge codes, comma separated; empty: every charge"))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for column, width in ((CODE, 80), (NAME, 100), (KIND, 115), (VALUE, 100), (DURATION, 85),
                              (PERIODS, 55), (CHARGES, 100)):
            self.table.setColumnWidth(column, width)
        self.table.verticalHeader().hide()
        self.table.itemChanged.connect(lambda item: item.column() != CHECK and self.changed.emit())
        self.add_button = QPushButton(self.tr("Add discount"))
        self.add_button.clicked.connect(self.add)
        self.remove_button = QPushButton(self.tr("Remove discount"))
        self.remove_button.clicked.connect(self.remove_row)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        note = QLabel(self.tr("The plan's own discounts apply from the subscription's first period, in this order "
                              "and before coupons; they are taken off before tax and never below zero. A fixed "
                              "amount is in the plan's prices (including VAT for 含税 plans)."))
        note.setProperty("role", "muted")
        note.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        layout.addWidget(note)

    # -- rows ----------------------------------------------------------------------------------------

    def add(self) -> None:
        taken = {self._text(row, CODE) for row in range(self.table.rowCount())}
        number = next(n for n in range(1, 10_000) if f"discount{n}" not in taken)
        self.add_row({"code": f"discount{number}", "name": "", "kind": "percentage", "value": "",
                      "duration": "forever"})
        self.table.setCurrentCell(self.table.rowCount() - 1, VALUE)
        self.changed.emit()

    def add_row(self, discount: dict[str, Any]) -> None:
        row = self.table.rowCount()
        self.table.blockSignals(True)
        self.table.insertRow(row)
        kind = str(discount.get("kind", "percentage"))
        value = discount.get("value", "")
        texts = {CODE: discount.get("code", ""), NAME: discount.get("name", ""),
                 VALUE: fraction_to_percent(value) if kind == "percentage" and value != "" else value}
        for column, text in texts.items():
            self.table.setItem(row, column, QTableWidgetItem(str(text)))
        kinds = QComboBox()
        kinds.addItem(self.tr("Percentage off"), "percentage")
        kinds.addItem(self.tr("Fixed amount off"), "fixed")
        durations = QComboBox()
        fill(durations, DURATIONS)
        periods = QSpinBox()
        periods.setRange(0, 999)
        periods.setSpecialValueText(" ")  # 0: not repeating (or not given)
        charges = QLineEdit(", ".join(str(code) for code in discount.get("charges", [])))
        charges.setFrame(False)
        charges.setPlaceholderText(self.tr("all charges"))
        for combo, key in ((kinds, kind), (durations, str(discount.get("duration", "forever")))):
            if combo.findData(key) < 0:
                combo.addItem(key, key)
            combo.setCurrentIndex(combo.findData(key))
        given = discount.get("periods")
        given = given if isinstance(given, int) and 0 <= given <= 999 else 0
        repeating = durations.currentData() == "repeating"
        periods.setValue(given if repeating else 0)
        periods.setProperty("remembered", given or 1)
        periods.setEnabled(repeating and not self.read_only)
        for column, widget in ((KIND, kinds), (DURATION, durations), (PERIODS, periods), (CHARGES, charges)):
            self.table.setCellWidget(row, column, widget)
        kinds.currentIndexChanged.connect(lambda _i: self.changed.emit())
        durations.currentIndexChanged.connect(lambda _i: self._duration_changed(durations, periods))
        periods.valueChanged.connect(lambda _v: self.changed.emit())
        charges.textChanged.connect(lambda _t: self.changed.emit())
        check = QTableWidgetItem("")
        check.setFlags(check.flags() & ~Qt.ItemFlag.ItemIsEditable)
        check.setForeground(QBrush(QColor(DANGER)))
        self.table.setItem(row, CHECK, check)
        self.table.blockSignals(False)
        self.loaded.append(None)

    def _duration_changed(self, durations: QComboBox, periods: QSpinBox) -> None:
        """N periods only for "for N periods"; the number typed comes back when it is chosen again."""
        repeating = durations.currentData() == "repeating"
        periods.blockSignals(True)
        if repeating:
            periods.setValue(int(periods.property("remembered") or 1))
        else:
            periods.setProperty("remembered", periods.value() or 1)
            periods.setValue(0)
        periods.blockSignals(False)
        periods.setEnabled(repeating and not self.read_only)
        self.changed.emit()

    def remove_row(self) -> None:
        row = self.table.currentRow()
        if row >= 0:
            self.table.removeRow(row)
            del self.loaded[row]
            self.changed.emit()

    # -- load / dump ---------------------------------------------------------------------------------

    def load(self, discounts: list[Any]) -> None:
        self.table.setRowCount(0)
        self.loaded = []
        for index, discount in enumerate(discounts):
            given = dict(discount) if isinstance(discount, dict) else {}
            self.add_row(given)
            self.loaded[index] = (given, self._row(index))

    def _text(self, row: int, column: int) -> str:
        item = self.table.item(row, column)
        return item.text().strip() if item is not None else ""

    def _widget(self, row: int, column: int) -> Any:  # the combo, spin box or line edit of a cell
        return self.table.cellWidget(row, column)

    def _row(self, row: int) -> dict[str, Any]:
        """The row on screen in ``discount_to_dict`` form."""
        kind = self._widget(row, KIND).currentData()
        value = self._text(row, VALUE)
        data: dict[str, Any] = {"code": self._text(row, CODE), "name": self._text(row, NAME), "kind": kind,
                                "value": (percent_to_fraction(value) if kind == "percentage" else clean_number(value))
                                if value else "",
                                "duration": self._widget(row, DURATION).currentData()}
        if data["duration"] == "repeating":
            data["periods"] = self._widget(row, PERIODS).value()
        charges = codes(self._widget(row, CHARGES).text())
        if charges:
            data["charges"] = charges
        return data

    def dump(self) -> list[dict[str, Any]]:
        """Every row; what was loaded and not changed is given back exactly as it was loaded."""
        result = []
        for row in range(self.table.rowCount()):
            data, loaded = self._row(row), self.loaded[row]
            if loaded is not None:
                given, shown = loaded
                if data == shown:
                    data = dict(given)
                else:
                    data = {key: given[key] if key in given and shown.get(key) == value else value
                            for key, value in data.items()}
                    data.update((key, value) for key, value in given.items() if key not in FIELDS)
            result.append(data)
        return result

    # -- problems ------------------------------------------------------------------------------------

    def show_problems(self, problems: list[tuple[str, str]]) -> list[tuple[str, str]]:
        """Each ``discounts[i]…`` message in row i's Check column, its cell framed; returns the other problems."""
        messages: dict[int, list[str]] = {}
        bad: set[tuple[int, int]] = set()
        left = []
        for path, message in problems:
            match = _ROW.match(path)
            if match and int(match.group(1)) < self.table.rowCount():
                messages.setdefault(int(match.group(1)), []).append(message)
                bad.add((int(match.group(1)), _COLUMNS.get(match.group(2) or "", CHECK)))
            else:
                left.append((path, message))
        self.table.blockSignals(True)
        for row in range(self.table.rowCount()):
            item = self.table.item(row, CHECK)
            text = " ".join(messages.get(row, []))
            item.setText(text)
            item.setToolTip(text)
            for column in _COLUMNS.values():
                cell, widget = self.table.item(row, column), self._widget(row, column)
                if cell is not None:
                    cell.setBackground(QBrush(_BAD) if (row, column) in bad else QBrush())
                    cell.setToolTip(text if (row, column) in bad else "")
                elif widget is not None:
                    mark(widget, (row, column) in bad)
                    widget.setToolTip(text if (row, column) in bad else "")
        self.table.blockSignals(False)
        return left

    def row_message(self, row: int) -> str:
        return self._text(row, CHECK)

    def freeze(self) -> None:
        self.read_only = True
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        for row in range(self.table.rowCount()):
            for column in (KIND, DURATION, PERIODS):
                self._widget(row, column).setEnabled(False)
            self._widget(row, CHARGES).setReadOnly(True)
        self.add_button.hide()
        self.remove_button.hide()
