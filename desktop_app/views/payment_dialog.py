"""Recording money received (收款): amount, date, method, and which open bills it settles (oldest first by
default); what is not allocated stays with the customer as open credit (预收)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from decimal import Decimal, InvalidOperation
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QDate, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop_app.views import amount_text as amounts
from desktop_app.views import ops
from desktop_app.views.catalog_text import money
from desktop_app.views.forms import FormErrors

METHOD_NAMES = {
    "cash": QT_TRANSLATE_NOOP("PaymentDialog", "Cash"),
    "bank": QT_TRANSLATE_NOOP("PaymentDialog", "Bank transfer"),
    "alipay": QT_TRANSLATE_NOOP("PaymentDialog", "Alipay"),
    "wechat": QT_TRANSLATE_NOOP("PaymentDialog", "WeChat Pay"),
    "unionpay": QT_TRANSLATE_NOOP("PaymentDialog", "UnionPay"),
    "card": QT_TRANSLATE_NOOP("PaymentDialog", "Card"),
    "other": QT_TRANSLATE_NOOP("PaymentDialog", "Other"),
}
ZERO = Decimal("0.00")
CENT = Decimal("0.01")


def method_name(method: str) -> str:
    return QCoreApplication.translate("PaymentDialog", str(METHOD_NAMES[method])) if method in METHOD_NAMES else method


def column_amounts(table: Any, column: int, keys: Sequence[Any]) -> list[tuple[Any, Decimal | None]]:
    """(key, amount) for each row of ``table`` with an amount typed in ``column``; None where the text cannot
    be read (the allocation of a payment, the lines of a credit note)."""
    chosen: list[tuple[Any, Decimal | None]] = []
    for row, key in enumerate(keys):
        item = table.item(row, column)
        value = parse_money(item.text()) if item is not None else ZERO
        if value is None or value != 0:
            chosen.append((key, value))
    return chosen


def parse_money(text: str) -> Decimal | None:
    """Typed money ("1,200.50", "¥1200.5", "") as Decimal; "" is 0; None when unreadable."""
    cleaned = text.strip().replace(",", "").replace("，", "").replace("¥", "").replace("￥", "")
    if not cleaned:
        return ZERO
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        return None
    return value.quantize(CENT) if value.is_finite() else None


def yuan(value: Decimal) -> str:
    return "¥" + money(value)


class PaymentDialog(QDialog):
    """Money received from one customer. ``preselected_bill_id`` (a bill being looked at) is settled first."""

    COLUMNS = 6
    ALLOCATE = 5

    def __init__(self, state: Any, customer_id: int, preselected_bill_id: int | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state, self.customer_id, self.preselected = state, customer_id, preselected_bill_id
        self.token = uuid.uuid4().hex  # once per dialog: a double click or a retry records once
        self.saved: Any = None
        self.bills: list[Any] = []
        self._auto = True  # the allocation follows the amount until the user types in it
        self._filling = False
        # where the role withholds bill amounts the bills' outstanding shows "****" and the payment settles them
        # oldest first (the services do it): an allocation cannot be typed against amounts not shown
        self.bill_rule = amounts.rule(state.user.access, "bills")
        self.choosing = amounts.shown(self.bill_rule)
        self.setWindowTitle(self.tr("Record payment"))
        self.amount = QLineEdit()
        self.amount.setPlaceholderText(self.tr("e.g. 1,200.00"))
        self.amount.textChanged.connect(self._amount_changed)
        self.received_on = QDateEdit(QDate.currentDate())
        self.received_on.setCalendarPopup(True)
        self.received_on.setDisplayFormat("yyyy-MM-dd")
        self.received_on.setMaximumDate(QDate.currentDate())
        self.method = QComboBox()
        for method in METHOD_NAMES:
            self.method.addItem(method_name(method), method)
        self.method.setCurrentIndex(self.method.findData("bank"))
        self.reference = QLineEdit()
        self.reference.setMaxLength(100)
        self.reference.setPlaceholderText(self.tr("Bank serial number, Alipay order number ..."))
        self.payer = QLineEdit()
        self.payer.setMaxLength(200)
        self.payer.setPlaceholderText(self.tr("Who paid, if not the customer"))
        self.notes = QLineEdit()
        self.notes.setMaxLength(2000)
        form = QFormLayout()
        form.addRow(self.tr("Amount received (CNY) *"), self.amount)
        form.addRow(self.tr("Date received *"), self.received_on)
        form.addRow(self.tr("Method *"), self.method)
        form.addRow(self.tr("Reference"), self.reference)
        form.addRow(self.tr("Payer"), self.payer)
        form.addRow(self.tr("Notes"), self.notes)

        self.table = QTableWidget(0, self.COLUMNS)
        self.table.setHorizontalHeaderLabels([
            self.tr("Bill"), self.tr("Issue date"), self.tr("Due date"), self.tr("Outstanding"),
            self.tr("Overdue days"), self.tr("Allocate"),
        ])
        self.table.verticalHeader().hide()
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                                   | QAbstractItemView.EditTrigger.EditKeyPressed
                                   | QAbstractItemView.EditTrigger.AnyKeyPressed)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.itemChanged.connect(self._allocation_edited)
        self.table.setMinimumHeight(160)
        self.empty = QLabel(self.tr("This customer owes nothing at the moment: the whole amount stays as open "
                                    "credit."))
        self.empty.setProperty("role", "muted")
        self.empty.setWordWrap(True)
        self.empty.hide()
        self.oldest_button = QPushButton(self.tr("Oldest first"))
        self.oldest_button.setToolTip(self.tr("Settle the bills with the amount received, the oldest due first"))
        self.oldest_button.clicked.connect(self.fill_oldest_first)
        self.clear_button = QPushButton(self.tr("Clear"))
        self.clear_button.clicked.connect(self.clear_allocation)
        self.summary = QLabel()
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        tools = QHBoxLayout()
        tools.addWidget(self.oldest_button)
        tools.addWidget(self.clear_button)
        tools.addStretch(1)
        self.summary.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.summary.setWordWrap(True)
        tools.addWidget(self.summary, 1)
        caption = QLabel(self.tr("Open bills of the customer"))
        caption.setStyleSheet("font-weight: 600;")

        self.errors = FormErrors({"amount": self.amount, "received_on": self.received_on, "method": self.method,
                                  "reference": self.reference, "payer": self.payer, "notes": self.notes,
                                  "allocations": self.table})
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(self.tr("Record payment"))
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addSpacing(8)
        layout.addWidget(caption)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty)
        layout.addLayout(tools)
        layout.addWidget(self.errors.label)
        layout.addWidget(self.buttons)
        self.resize(760, 560)
        self._update_summary()
        self.reload()

    # -- the customer's open bills ---------------------------------------------------------------------

    def reload(self) -> None:
        context, customer_id = self.state.context, self.customer_id

        def work(_progress: ops.Progress) -> Any:
            from desktop_app.services.payments import outstanding_bills

            return outstanding_bills(context, customer_id)

        ops.run(self, work, self.show_bills, self.errors.show, write=False)

    def show_bills(self, bills: list[Any]) -> None:
        first = [bill for bill in bills if bill.id == self.preselected]
        self.bills = first + [bill for bill in bills if bill.id != self.preselected]
        self._filling = True
        self.table.setRowCount(len(self.bills))
        for row, bill in enumerate(self.bills):
            texts = (bill.code, bill.issue_date.isoformat() if bill.issue_date else "—",
                     bill.due_date.isoformat() if bill.due_date else "—",
                     amounts.amount(bill.outstanding, self.bill_rule),
                     str(bill.overdue_days) if bill.overdue_days else "—", "")
            for column, text in enumerate(texts):
                item = QTableWidgetItem(text)
                if column == self.ALLOCATE:
                    item.setFlags(item.flags() | Qt.ItemFlag.ItemIsEditable)
                    item.setToolTip(self.tr("Double-click to change the amount settled on this bill"))
                else:
                    item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
                if column >= 3:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                if column == 4 and bill.overdue_days:
                    item.setForeground(Qt.GlobalColor.darkRed)
                self.table.setItem(row, column, item)
        self._filling = False
        self.table.setHidden(not self.bills)
        self.empty.setVisible(not self.bills)
        self.oldest_button.setEnabled(bool(self.bills))
        self.clear_button.setEnabled(bool(self.bills))
        self.table.setColumnHidden(self.ALLOCATE, not self.choosing)
        for button in (self.oldest_button, self.clear_button):
            button.setVisible(self.choosing)
        if self._auto:
            self.fill_oldest_first()
        self._update_summary()

    # -- allocating ------------------------------------------------------------------------------------

    def _amount_changed(self, _text: str) -> None:
        if self._auto:
            self.fill_oldest_first()
        else:
            self._update_summary()

    def _set_allocations(self, shares: list[Decimal]) -> None:
        self._filling = True
        for row, share in enumerate(shares):
            item = self.table.item(row, self.ALLOCATE)
            if item is not None:
                item.setText(money(share) if share > 0 else "")
        self._filling = False
        self._update_summary()

    def fill_oldest_first(self) -> None:
        """Spread the amount over the bills in the order shown (the preselected bill first, then the oldest)."""
        self._auto = True
        if not self.choosing:
            self._update_summary()
            return
        left = parse_money(self.amount.text()) or ZERO
        shares = []
        for bill in self.bills:
            share = min(max(left, ZERO), bill.outstanding)
            shares.append(share)
            left -= share
        self._set_allocations(shares)

    def clear_allocation(self) -> None:
        self._auto = False
        self._set_allocations([ZERO] * len(self.bills))

    def _allocation_edited(self, item: QTableWidgetItem) -> None:
        if self._filling or item.column() != self.ALLOCATE:
            return
        self._auto = False
        self.errors.clear()
        self._update_summary()

    def allocations(self) -> list[tuple[int, Decimal | None]]:
        """(bill id, amount) per row with an amount; None where the text cannot be read."""
        if not self.choosing:
            return []
        return column_amounts(self.table, self.ALLOCATE, [bill.id for bill in self.bills])

    def _update_summary(self) -> None:
        amount = parse_money(self.amount.text())
        shares = self.allocations()
        if not self.choosing and amount is not None:
            self.summary.setText(self.tr("Settles the open bills oldest first; what is left stays as open credit. "
                                         "{0}").format(amounts.note("bills", self.bill_rule)))
            self.summary.setProperty("role", "")
        elif amount is None or any(share is None for _, share in shares):
            self.summary.setText(self.tr("Check the amounts: they must be numbers such as 1,200.00"))
            self.summary.setProperty("role", "error")
        else:
            allocated = sum((share or ZERO for _, share in shares), ZERO)
            credit = amount - allocated
            if credit < 0:
                self.summary.setText(self.tr("Allocated {0} — {1} more than received").format(
                    yuan(allocated), yuan(-credit)))
                self.summary.setProperty("role", "error")
            else:
                self.summary.setText(self.tr("Allocated {0} · stays as open credit {1}").format(
                    yuan(allocated), yuan(credit)))
                self.summary.setProperty("role", "")
        self.summary.style().unpolish(self.summary)
        self.summary.style().polish(self.summary)

    # -- recording -------------------------------------------------------------------------------------

    def save(self) -> None:
        from desktop_app.errors import ValidationFailed

        if not self.ok_button.isEnabled():
            return
        shares = self.allocations()
        if any(share is None for _, share in shares):
            self.errors.show(ValidationFailed("payment.amount_invalid", "allocations"))
            return
        context = self.state.context
        day = self.received_on.date()
        fields = dict(customer_id=self.customer_id, amount=self.amount.text().strip(),
                      method=str(self.method.currentData()), reference=self.reference.text().strip(),
                      payer=self.payer.text().strip(), notes=self.notes.text().strip(),
                      allocations=tuple((bill_id, share) for bill_id, share in shares if share is not None)
                      if self.choosing else None)
        token = self.token

        def work(_progress: ops.Progress) -> Any:
            from datetime import date

            from desktop_app.services.payments import PaymentInput, record_payment

            data = PaymentInput(received_on=date(day.year(), day.month(), day.day()), **fields)  # type: ignore[arg-type]
            return record_payment(context, data, token)

        def done(result: Any) -> None:
            self.saved, changes = result
            self.state.publish(changes)
            payment = self.saved
            QMessageBox.information(self, self.windowTitle(), self.tr(
                "Payment {0} of {1} recorded. {2} settled bills; {3} stays as open credit.").format(
                payment.code, yuan(payment.amount), yuan(payment.allocated), yuan(payment.amount - payment.allocated)))
            self.accept()

        def failed(error: BaseException) -> None:
            self.ok_button.setEnabled(True)
            self.errors.show(error)

        self.errors.clear()
        self.ok_button.setEnabled(False)
        ops.run(self, work, done, failed)
