"""The plan editor's price lists per membership tier (会员级别: an override price or a % off per charge)
and the minimum commitment (最低消费)."""

from __future__ import annotations

import re
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop_app.views.catalog_text import clean_number, fraction_to_percent, percent_to_fraction
from desktop_app.views.charge_forms import ChargeForm
from desktop_app.views.customer_dialog import tier_name
from desktop_app.views.field_form import FieldForm, line, put
from desktop_app.views.look import DANGER

TIER, CHARGE, PRICE, OFF, CHECK = range(5)
_ENTRY = re.compile(r"^price_lists\[(\d+)\](?:\.entries\[(\d+)\])?")


class PriceListsEditor(QWidget):
    """One row per (tier, charge): an override unit price or a percentage off."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.tiers: list[str] = []
        self.charges: list[tuple[str, str]] = []
        self.table = QTableWidget(0, 5)
        self.table.setHorizontalHeaderLabels([self.tr("Membership tier"), self.tr("Charge"),
                                              self.tr("Override price"), self.tr("% off"), self.tr("Check")])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for column, width in ((TIER, 130), (CHARGE, 180), (PRICE, 110), (OFF, 80)):
            self.table.setColumnWidth(column, width)
        self.table.verticalHeader().hide()
        self.table.itemChanged.connect(lambda item: item.column() != CHECK and self.changed.emit())
        self.add_button = QPushButton(self.tr("Add price"))
        self.add_button.clicked.connect(lambda: self.add_row("", "", "", ""))
        self.remove_button = QPushButton(self.tr("Remove price"))
        self.remove_button.clicked.connect(self.remove_row)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        self.row_paths: dict[tuple[int, int], int] = {}

    def set_choices(self, tiers: list[str], charges: list[tuple[str, str]]) -> None:
        self.tiers, self.charges = list(tiers), list(charges)
        for row in range(self.table.rowCount()):
            for column, keys in ((TIER, [(t, tier_name(t)) for t in self.tiers]), (CHARGE, self.charges)):
                combo = self.table.cellWidget(row, column)
                if isinstance(combo, QComboBox):
                    self._fill(combo, keys, combo.currentData())

    def _fill(self, combo: QComboBox, keys: list[tuple[str, str]], chosen: object) -> None:
        combo.blockSignals(True)
        combo.clear()
        for key, text in keys:
            combo.addItem(text, key)
        if chosen and combo.findData(chosen) < 0:
            combo.addItem(str(chosen), chosen)
        combo.setCurrentIndex(combo.findData(chosen) if chosen else 0)
        combo.blockSignals(False)

    def add_row(self, tier: str, charge: str, price: str, off: str) -> None:
        row = self.table.rowCount()
        self.table.blockSignals(True)
        self.table.insertRow(row)
        for column, keys, chosen in ((TIER, [(t, tier_name(t)) for t in self.tiers], tier),
                                     (CHARGE, self.charges, charge)):
            combo = QComboBox()
            self._fill(combo, keys, chosen)
            combo.currentIndexChanged.connect(lambda _i: self.changed.emit())
            self.table.setCellWidget(row, column, combo)
        for column, text in ((PRICE, price), (OFF, off)):
            self.table.setItem(row, column, QTableWidgetItem(text))
        check = QTableWidgetItem("")
        check.setFlags(check.flags() & ~Qt.ItemFlag.ItemIsEditable)
        check.setForeground(QBrush(QColor(DANGER)))
        self.table.setItem(row, CHECK, check)
        self.table.blockSignals(False)
        if not tier:
            self.changed.emit()

    def remove_row(self) -> None:
        row = self.table.currentRow()
        if row >= 0:
            self.table.removeRow(row)
            self.changed.emit()

    def load(self, price_lists: list[dict[str, Any]]) -> None:
        self.table.setRowCount(0)
        for price_list in price_lists:
            for entry in price_list.get("entries", []):
                off = fraction_to_percent(entry["rate_off"]) if "rate_off" in entry else ""
                self.add_row(str(price_list.get("tier", "")), str(entry.get("charge", "")),
                             str(entry.get("unit_price", "")), off)

    def _value(self, row: int, column: int) -> str:
        widget = self.table.cellWidget(row, column)
        if isinstance(widget, QComboBox):
            return str(widget.currentData() or "")
        item = self.table.item(row, column)
        return item.text().strip() if item is not None else ""

    def dump(self) -> list[dict[str, Any]]:
        """Rows grouped by tier in order of appearance; remembers which row each entry came from."""
        lists: dict[str, list[dict[str, Any]]] = {}
        self.row_paths = {}
        for row in range(self.table.rowCount()):
            tier = self._value(row, TIER)
            entry: dict[str, Any] = {"charge": self._value(row, CHARGE)}
            put(entry, "unit_price", clean_number(self._value(row, PRICE)))
            if self._value(row, OFF):
                entry["rate_off"] = percent_to_fraction(self._value(row, OFF))
            entries = lists.setdefault(tier, [])
            self.row_paths[(list(lists).index(tier), len(entries))] = row
            entries.append(entry)
        return [{"tier": tier, "entries": entries} for tier, entries in lists.items()]

    def show_problems(self, problems: list[tuple[str, str]]) -> list[tuple[str, str]]:
        messages: dict[int, list[str]] = {}
        left = []
        for path, message in problems:
            match = _ENTRY.match(path)
            row = None
            if match:
                entry = int(match.group(2)) if match.group(2) is not None else 0
                row = self.row_paths.get((int(match.group(1)), entry))
            if row is None:
                left.append((path, message))
            else:
                messages.setdefault(row, []).append(message)
        for row in range(self.table.rowCount()):
            item = self.table.item(row, CHECK)
            text = " ".join(messages.get(row, []))
            item.setText(text)
            item.setToolTip(text)
        return left

    def freeze(self) -> None:
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        for row in range(self.table.rowCount()):
            for column in (TIER, CHARGE):
                widget = self.table.cellWidget(row, column)
                if widget is not None:
                    widget.setEnabled(False)
        self.add_button.hide()
        self.remove_button.hide()


class CommitmentForm(FieldForm):
    """最低消费: when the covered charges add up to less than ``amount`` a top-up line makes up the rest."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.enabled = QCheckBox(self.tr("Bill at least a minimum amount per period"))
        self.form.addRow(self.enabled)
        self.watch(self.enabled)
        self.amount = self.add("amount", self.tr("Minimum per period *"), line("100.00", 160))
        self.product = QComboBox()
        self.add("product", self.tr("Billed as product *"), self.product)
        self.charges = self.add("charges", self.tr("Counted charges"),
                                line(self.tr("charge codes, comma separated; empty: all usage charges")))
        self.enabled.toggled.connect(self._enable)
        self._enable(False)

    def _enable(self, on: bool) -> None:
        for widget in (self.amount, self.product, self.charges):
            widget.setEnabled(on and not self.read_only)

    set_products = ChargeForm.set_products
    _choose_product = ChargeForm._choose_product

    def load(self, data: dict[str, Any] | None) -> None:
        self.loading = True
        self.enabled.setChecked(data is not None)
        data = data or {}
        self.amount.setText(str(data.get("amount", "")))
        self._choose_product(str(data.get("product", "")))
        self.charges.setText(", ".join(str(code) for code in data.get("charges", [])))
        self._enable(self.enabled.isChecked())
        self.loading = False

    def dump(self) -> dict[str, Any] | None:
        if not self.enabled.isChecked():
            return None
        data: dict[str, Any] = {"product": self.product.currentData() or ""}
        put(data, "amount", clean_number(self.amount.text()))
        codes = [code.strip() for code in self.charges.text().replace("，", ",").split(",") if code.strip()]
        if codes:
            data["charges"] = codes
        return data

    def show_problems(self, problems: list[tuple[str, str]]) -> list[tuple[str, str]]:
        mine = [(path.removeprefix("minimum_commitment."), text) for path, text in problems
                if path.startswith("minimum_commitment")]
        left = super().show_problems(mine)
        return [(path, text) for path, text in problems if not path.startswith("minimum_commitment")] + [
            (f"minimum_commitment.{path}", text) for path, text in left]
