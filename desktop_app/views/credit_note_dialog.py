"""A credit note (红冲) for an issued bill: how much of each line to credit, and why. Issued at once; it settles
what the bill still owes and the rest stays with the customer as open credit."""

from __future__ import annotations

import uuid
from decimal import Decimal
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
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

from desktop_app.errors import DomainError
from desktop_app.views import amount_text as amounts
from desktop_app.views import ops
from desktop_app.views.catalog_text import money
from desktop_app.views.error_dialog import message_for
from desktop_app.views.payment_dialog import ZERO, column_amounts, yuan


def credit_note_message(error: BaseException) -> str:
    """The sentence for an error (messages.py; the one error path)."""
    return message_for(error)


class CreditNoteDialog(QDialog):
    CREDIT = 4

    def __init__(self, state: Any, bill_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state, self.bill_id = state, bill_id
        self.token = uuid.uuid4().hex  # once per dialog: a double click credits once
        self.saved: Any = None
        self.lines: list[Any] = []
        self.rule = amounts.rule(state.user.access, "bills")  # offered only where bill amounts are editable
        self._filling = False
        self.setWindowTitle(self.tr("Credit note"))
        self.error = QLabel()
        self.error.setProperty("role", "error")
        self.error.setWordWrap(True)
        self.error.hide()
        self.table = QTableWidget(0, 5)
        self.table.setHorizontalHeaderLabels([self.tr("Item"), self.tr("Charged"), self.tr("Already credited"),
                                              self.tr("Creditable"), self.tr("Credit")])
        self.table.verticalHeader().hide()
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                                   | QAbstractItemView.EditTrigger.EditKeyPressed
                                   | QAbstractItemView.EditTrigger.AnyKeyPressed)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in range(1, 5):
            self.table.setColumnWidth(column, 110)
        self.table.setMinimumHeight(180)
        self.table.itemChanged.connect(self._edited)
        self.all_button = QPushButton(self.tr("Credit all"))
        self.all_button.setToolTip(self.tr("Credit everything still creditable on every line"))
        self.all_button.clicked.connect(self.credit_all)
        self.clear_button = QPushButton(self.tr("Clear"))
        self.clear_button.clicked.connect(lambda: self._fill(lambda _line: ZERO))
        self.total = QLabel()
        self.total.setStyleSheet("font-weight: 600;")
        tools = QHBoxLayout()
        tools.addWidget(self.all_button)
        tools.addWidget(self.clear_button)
        tools.addStretch(1)
        tools.addWidget(self.total)
        self.reason = QLineEdit()
        self.reason.setMaxLength(500)
        self.reason.setPlaceholderText(self.tr("e.g. Service outage 3–5 March, agreed with the customer"))
        self.reason.textEdited.connect(lambda _text: self.error.hide())
        form = QFormLayout()
        form.addRow(self.tr("Reason *"), self.reason)
        note = QLabel(self.tr("Amounts include tax. The credit note is issued at once: it settles what the bill "
                              "still owes, the rest stays with the customer as open credit."))
        note.setProperty("role", "muted")
        note.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(self.tr("Create credit note"))
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addLayout(tools)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.resize(760, 460)
        self._update_total()
        self.reload()

    def reload(self) -> None:
        context, bill_id = self.state.context, self.bill_id

        def work(_progress: ops.Progress) -> Any:
            from desktop_app.services.credit_notes import creditable

            return creditable(context, bill_id)

        ops.run(self, work, self.show_lines, self.show_error, write=False)

    def show_lines(self, lines: list[Any]) -> None:
        self.lines = list(lines)
        self._filling = True
        self.table.setRowCount(len(self.lines))
        for row, line in enumerate(self.lines):
            texts = (line.description, *(amounts.amount(value, self.rule)
                                         for value in (line.gross, line.credited, line.creditable)), "")
            for column, text in enumerate(texts):
                item = QTableWidgetItem(text)
                editable = column == self.CREDIT and line.can_credit and line.creditable is not None
                if editable:
                    item.setFlags(item.flags() | Qt.ItemFlag.ItemIsEditable)
                    item.setToolTip(self.tr("Double-click to type the amount to credit, at most {0}").format(
                        money(line.creditable)))
                else:
                    item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
                if column >= 1:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(row, column, item)
        self._filling = False
        self.all_button.setEnabled(any(line.can_credit and line.creditable is not None for line in self.lines))
        self._update_total()

    def _fill(self, amount: Any) -> None:
        self._filling = True
        for row, line in enumerate(self.lines):
            item = self.table.item(row, self.CREDIT)
            value = amount(line) or ZERO
            if item is not None:
                item.setText(money(value) if value > 0 else "")
        self._filling = False
        self.error.hide()
        self._update_total()

    def credit_all(self) -> None:
        self._fill(lambda line: line.creditable)

    def _edited(self, item: QTableWidgetItem) -> None:
        if not self._filling and item.column() == self.CREDIT:
            self.error.hide()
            self._update_total()

    def items(self) -> list[tuple[int, Decimal | None]]:
        """(line id, amount) per line with an amount; None where the text cannot be read."""
        return column_amounts(self.table, self.CREDIT, [line.line_id for line in self.lines])

    def _update_total(self) -> None:
        items = self.items()
        if any(value is None for _, value in items):
            self.total.setText(self.tr("Check the amounts: they must be numbers such as 30.00"))
        else:
            self.total.setText(self.tr("Total to credit: {0}").format(
                yuan(sum((value or ZERO for _, value in items), ZERO))))

    def show_error(self, error: BaseException) -> None:
        self.error.setText(credit_note_message(error))
        self.error.show()

    def save(self) -> None:
        from desktop_app.errors import ValidationFailed

        if not self.ok_button.isEnabled():
            return
        items = self.items()
        if any(value is None for _, value in items):
            self.show_error(ValidationFailed("credit_note.amount_invalid", "items"))
            return
        if not items:
            self.show_error(DomainError("credit_note.nothing_to_credit", bill=self.windowTitle()))
            return
        context, bill_id, reason, token = self.state.context, self.bill_id, self.reason.text(), self.token
        chosen = [(line_id, value) for line_id, value in items if value is not None]

        def work(_progress: ops.Progress) -> Any:
            from desktop_app.services.credit_notes import create_credit_note

            return create_credit_note(context, bill_id, chosen, reason, token)

        def done(result: Any) -> None:
            self.saved, changes = result
            self.state.publish(changes)
            QMessageBox.information(self, self.windowTitle(), self.tr("Credit note {0} of {1} issued.").format(
                self.saved.code, yuan(abs(self.saved.total_gross))))
            self.accept()

        def failed(error: BaseException) -> None:
            self.ok_button.setEnabled(True)
            self.show_error(error)
            if isinstance(error, DomainError) and error.params.get("field") == "reason":
                self.reason.setFocus()

        self.error.hide()
        self.ok_button.setEnabled(False)
        ops.run(self, work, done, failed)
