"""The plan editor's charges: the list on the left (add by kind, remove, reorder) and the selected charge's
form on the right (a QStackedWidget of one form per kind), with each charge's problems at its fields."""

from __future__ import annotations

import re
from typing import Any

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from desktop_app.views.catalog_text import KINDS, name_of
from desktop_app.views.charge_forms import ChargeForm, default_charge, make_form
from desktop_app.views.look import DANGER, icon

CHARGE_PATH = re.compile(r"^charges\[(\d+)\]\.?(.*)$")


class ChargesPanel(QWidget):
    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.charges: list[dict[str, Any]] = []
        self.problems: list[tuple[str, str]] = []
        self.default_product = ""
        self.current = -1
        self.charge_list = QListWidget()
        self.charge_list.setMinimumWidth(170)
        self.charge_list.setMaximumWidth(210)
        self.charge_list.setSpacing(3)
        self.charge_list.setIconSize(QSize(16, 16))
        self.charge_list.currentRowChanged.connect(self.select_charge)
        self.add_button = QPushButton(self.tr("Add charge"))
        menu = QMenu(self.add_button)
        for kind in KINDS:
            menu.addAction(name_of(KINDS, kind), lambda kind=kind: self.add_charge(kind))
        self.add_button.setMenu(menu)
        self.remove_button = QPushButton(self.tr("Remove"))
        self.remove_button.clicked.connect(self.remove_charge)
        self.up_button = QPushButton("↑")
        self.up_button.setToolTip(self.tr("Move up"))
        self.up_button.clicked.connect(lambda: self.move_charge(-1))
        self.down_button = QPushButton("↓")
        self.down_button.setToolTip(self.tr("Move down"))
        self.down_button.clicked.connect(lambda: self.move_charge(1))
        for button in (self.up_button, self.down_button):
            button.setMaximumWidth(32)
        self.stack = QStackedWidget()
        empty = QLabel(self.tr("Add the charges of the plan: a monthly fee, seats, modules, usage, top-ups..."))
        empty.setProperty("role", "muted")
        empty.setWordWrap(True)
        empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.stack.addWidget(empty)
        self.forms: dict[str, ChargeForm] = {}
        for kind in KINDS:
            form = make_form(kind)
            form.changed.connect(self.form_changed)
            self.forms[kind] = form
            self.stack.addWidget(form)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.stack)
        buttons = QHBoxLayout()
        for button in (self.add_button, self.remove_button, self.up_button, self.down_button):
            buttons.addWidget(button)
        left = QVBoxLayout()
        left.addWidget(self.charge_list, 1)
        left.addLayout(buttons)
        layout = QHBoxLayout(self)
        layout.addLayout(left)
        layout.addWidget(scroll, 1)

    def _item_text(self, charge: dict[str, Any]) -> str:
        return f"{charge.get('name') or '?'} ({charge.get('code', '')})\n{name_of(KINDS, str(charge.get('kind')))}"

    def load(self, charges: list[dict[str, Any]]) -> None:
        self.charges = [dict(charge) for charge in charges]
        self._fill()
        self.charge_list.setCurrentRow(0 if self.charges else -1)

    def _fill(self) -> None:
        self.charge_list.blockSignals(True)
        self.charge_list.clear()
        for charge in self.charges:
            self.charge_list.addItem(QListWidgetItem(self._item_text(charge)))
        self.charge_list.blockSignals(False)
        self.current = -1

    def form(self) -> ChargeForm | None:
        """The form on screen, or None when no charge is selected."""
        form = self.stack.currentWidget()
        return form if isinstance(form, ChargeForm) else None

    def select_charge(self, row: int) -> None:
        self.current = row
        if not 0 <= row < len(self.charges):
            self.stack.setCurrentIndex(0)
            return
        form = self.forms[str(self.charges[row].get("kind"))]
        form.load(self.charges[row])
        self.stack.setCurrentWidget(form)
        self.show_problems(self.problems)

    def form_changed(self) -> None:
        form = self.form()
        if form is not None and 0 <= self.current < len(self.charges):
            self.charges[self.current] = form.dump()
            self.charge_list.item(self.current).setText(self._item_text(self.charges[self.current]))
        self.changed.emit()

    def add_charge(self, kind: str) -> None:
        codes = {charge.get("code") for charge in self.charges}
        number = next(n for n in range(1, 10_000) if f"{kind}{n}" not in codes)
        self.charges.append(default_charge(kind, number, self.default_product))
        self.charge_list.addItem(QListWidgetItem(self._item_text(self.charges[-1])))
        self.charge_list.setCurrentRow(len(self.charges) - 1)
        self.changed.emit()

    def remove_charge(self) -> None:
        row = self.charge_list.currentRow()
        if 0 <= row < len(self.charges):
            del self.charges[row]
            self._fill()
            self.charge_list.setCurrentRow(min(row, len(self.charges) - 1))
            if not self.charges:
                self.select_charge(-1)
            self.changed.emit()

    def move_charge(self, step: int) -> None:
        row = self.charge_list.currentRow()
        if 0 <= row < len(self.charges) and 0 <= row + step < len(self.charges):
            self.charges[row], self.charges[row + step] = self.charges[row + step], self.charges[row]
            self._fill()
            self.charge_list.setCurrentRow(row + step)
            self.changed.emit()

    def set_products(self, products: list[dict[str, Any]]) -> None:
        self.default_product = str(products[0]["code"]) if products else ""
        for form in self.forms.values():
            form.set_products(products)

    def show_problems(self, problems: list[tuple[str, str]]) -> None:
        """All of the plan's problems: the charges' ones mark their list item and the selected form."""
        self.problems = problems
        bad = {int(m.group(1)) for m in (CHARGE_PATH.match(path) for path, _text in problems) if m}
        for row in range(self.charge_list.count()):
            self.charge_list.item(row).setIcon(icon("triangle-alert", DANGER) if row in bad else QIcon())
        form = self.form()
        if form is not None:
            mine = [(m.group(2), text) for m, text in ((CHARGE_PATH.match(path), text) for path, text in problems)
                    if m and int(m.group(1)) == self.current]
            form.show_problems(mine)

    def charge_name(self, index: int) -> str:
        charge = self.charges[index] if 0 <= index < len(self.charges) else {}
        return str(charge.get("name") or charge.get("code") or "")

    def freeze(self) -> None:
        for form in self.forms.values():
            form.freeze()
        for button in (self.add_button, self.remove_button, self.up_button, self.down_button):
            button.hide()
