"""A line typed by hand on a draft bill (opened from the bill's window): description, amount (negative for a
reduction), tax rate. Offered only to a role that may change bill amounts (field rule ``bills.amount``)."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from desktop_app.views import ops
from desktop_app.views.catalog_text import TAX_RATES, tax_rate_name
from desktop_app.views.forms import FormErrors, save_and_close
from desktop_app.views.state import AppState


class AddLineDialog(QDialog):
    """A line typed by hand on a draft: description, amount (negative for a reduction), tax rate."""

    def __init__(self, state: AppState, bill: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state, self.bill, self.saved = state, bill, None
        self.setWindowTitle(self.tr("Add a line"))
        self.description = QLineEdit()
        self.description.setMaxLength(200)
        self.description.setPlaceholderText(self.tr("e.g. On-site installation"))
        self.amount = QLineEdit()
        self.amount.setPlaceholderText(self.tr("e.g. 120.00, or -30.00 for a reduction"))
        self.tax_rate = QComboBox()
        for rate in TAX_RATES:
            self.tax_rate.addItem(tax_rate_name(rate), None if rate == "exempt" else rate)
        self.tax_rate.setCurrentIndex(self.tax_rate.findData("0.06"))
        form = QFormLayout()
        form.addRow(self.tr("Description *"), self.description)
        inclusive = bool(bill.tax_inclusive)  # the bill's price basis (含税 or not)
        amount = self.tr("Amount incl. tax (CNY) *") if inclusive else self.tr("Amount excl. tax (CNY) *")
        form.addRow(amount, self.amount)
        form.addRow(self.tr("Tax rate"), self.tax_rate)
        note = self.basis_note = QLabel(self.tr("This bill's prices include tax: give the amount including tax; the "
                                                "tax is worked out from it.") if inclusive else self.tr(
            "This bill's prices exclude tax: give the amount before tax; the tax is added to it."))
        note.setProperty("role", "muted")
        note.setWordWrap(True)
        self.errors = FormErrors({"description": self.description, "amount": self.amount, "tax_rate": self.tax_rate})
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addWidget(self.errors.label)
        layout.addWidget(buttons)
        self.resize(440, 0)

    def save(self) -> None:
        context, bill = self.state.context, self.bill
        description, amount, rate = self.description.text(), self.amount.text().replace(",", ""), \
            self.tax_rate.currentData()

        def work(_progress: ops.Progress) -> Any:
            from desktop_app.services.bills import add_line

            return add_line(context, bill.id, bill.version, description, amount, rate)

        save_and_close(self, work, self.ok_button, self.errors.show)
