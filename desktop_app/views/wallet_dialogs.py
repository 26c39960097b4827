"""The prepaid wallet's dialogs of the account tab: "Top up…" (money into the wallet, with a bonus and an expiry
date) and "Low-balance threshold…". Offered only to a role that may type payment amounts (field rule
``payments.amount`` editable); the services refuse it otherwise."""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal
from typing import Any

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QCheckBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from desktop_app.views import ops
from desktop_app.views.forms import FormErrors, save_and_close
from desktop_app.views.state import AppState


def date_edit(day: date) -> QDateEdit:
    edit = QDateEdit(QDate(day.year, day.month, day.day))
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("yyyy-MM-dd")
    return edit


def day_of(edit: QDateEdit) -> date:
    value = edit.date()
    return date(value.year(), value.month(), value.day())


class TopUpDialog(QDialog):
    """Money put into the customer's prepaid wallet, with a bonus and an expiry date if any."""

    def __init__(self, state: AppState, customer_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state, self.customer_id, self.saved = state, customer_id, None
        self.token = uuid.uuid4().hex  # once per dialog: a double click tops up once
        self.setWindowTitle(self.tr("Top up wallet"))
        self.amount, self.bonus, self.note = QLineEdit(), QLineEdit(), QLineEdit()
        self.amount.setPlaceholderText(self.tr("e.g. 1,000.00"))
        self.bonus.setPlaceholderText("0.00")
        self.note.setMaxLength(200)
        self.expires = QCheckBox(self.tr("Valid until"))
        self.expires_on = date_edit(date.today().replace(year=date.today().year + 1, day=1))
        self.expires_on.setEnabled(False)
        self.expires.toggled.connect(self.expires_on.setEnabled)
        expiry = QHBoxLayout()
        expiry.addWidget(self.expires)
        expiry.addWidget(self.expires_on, 1)
        form = QFormLayout()
        form.addRow(self.tr("Amount paid (CNY) *"), self.amount)
        form.addRow(self.tr("Bonus credit"), self.bonus)
        form.addRow(self.tr("Expiry"), expiry)
        form.addRow(self.tr("Note"), self.note)
        self.errors = FormErrors({"amount": self.amount, "bonus": self.bonus, "note": self.note})
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(self.tr("Top up"))
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.errors.label)
        layout.addWidget(buttons)
        self.resize(420, 0)

    def save(self) -> None:
        if not self.ok_button.isEnabled():
            return
        context, customer_id, token = self.state.context, self.customer_id, self.token
        amount, bonus, note = self.amount.text().strip(), self.bonus.text().strip() or "0", self.note.text().strip()
        expires_on = day_of(self.expires_on) if self.expires.isChecked() else None

        def work(_progress: ops.Progress) -> Any:
            from desktop_app.services.wallets import top_up

            return top_up(context, customer_id, amount, token, bonus, expires_on, note)

        save_and_close(self, work, self.ok_button, self.errors.show)


class ThresholdDialog(QDialog):
    """The balance below which the wallet is flagged as low (0 turns the flag off)."""

    def __init__(self, state: AppState, customer_id: int, current: Decimal, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state, self.customer_id, self.saved = state, customer_id, None
        self.setWindowTitle(self.tr("Low-balance threshold"))
        self.threshold = QLineEdit(f"{current:.2f}")
        hint = QLabel(self.tr("The wallet is flagged as low below this balance; 0 turns the flag off."))
        hint.setProperty("role", "muted")
        hint.setWordWrap(True)
        form = QFormLayout()
        form.addRow(self.tr("Threshold (CNY)"), self.threshold)
        self.errors = FormErrors({"low_balance": self.threshold})
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Save)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(hint)
        layout.addWidget(self.errors.label)
        layout.addWidget(buttons)
        self.resize(380, 0)

    def save(self) -> None:
        context, customer_id, text = self.state.context, self.customer_id, self.threshold.text().strip()

        def work(_progress: ops.Progress) -> Any:
            from desktop_app.services.wallets import set_low_balance

            return set_low_balance(context, customer_id, text)

        save_and_close(self, work, self.ok_button, self.errors.show)
