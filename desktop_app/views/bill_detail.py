"""One bill (账单) as the customer will read it: header, lines, subtotals per tax rate, totals and what is
still owed. A draft can get manual lines (or lose them) and be issued here by whoever may edit bills."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app.services.access import FieldRule
from desktop_app.views import amount_text as amounts
from desktop_app.views import ops
from desktop_app.views.bill_line_dialog import AddLineDialog
from desktop_app.views.bill_text import STATE_NAMES, decimal_text, number_text, period_text, state_name, yuan
from desktop_app.views.catalog_text import price, quantity, tax_rate_name
from desktop_app.views.pages.audit import table
from desktop_app.views.price_calculator import spread
from desktop_app.views.print_actions import BillPrintActions
from desktop_app.views.state import AppState
from desktop_app.views.table_model import Column, RecordTableModel, selected_record

__all__ = ["STATE_NAMES", "AddLineDialog", "BillDetailDialog", "fit_height", "number_text", "period_text",
           "state_name", "tax_subtotals", "yuan"]


class BillDetailDialog(QDialog):
    def __init__(self, state: AppState, bill_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state, self.bill_id = state, bill_id
        self.detail: Any = None
        self.line_dialog: AddLineDialog | None = None
        self.can_edit = state.user.access.can("bills", "edit")
        self.amount_rule = amounts.rule(state.user.access, "bills")  # masked "****"; hidden: money left out
        self.can_change_amounts = self.can_edit and amounts.editable(state.user.access, "bills")
        self.can_pay = state.user.access.can("payments", "create") and amounts.editable(state.user.access, "payments")
        self.can_credit = state.user.access.can("bills", "approve") and amounts.editable(state.user.access, "bills")
        self.sub_dialog: QDialog | None = None
        self.setWindowTitle(self.tr("Bill"))
        self.title = QLabel()
        self.title.setObjectName("pageTitle")
        self.badge = QLabel()
        self.badge.setStyleSheet("border: 1px solid #d1d9e0; border-radius: 4px; padding: 2px 8px;")
        self.amounts_note = QLabel(amounts.note("bills", self.amount_rule))
        self.amounts_note.setProperty("role", "muted")
        self.amounts_note.setVisible(bool(self.amounts_note.text()))
        heading = QHBoxLayout()
        heading.addWidget(self.title)
        heading.addWidget(self.badge)
        heading.addStretch(1)
        heading.addWidget(self.amounts_note)  # why the amounts show as "****" (or not at all)
        self.fields: dict[str, QLabel] = {}
        header = QGridLayout()
        header.setHorizontalSpacing(12)
        header.setColumnStretch(1, 3)
        header.setColumnStretch(3, 2)
        names = ((("customer", self.tr("Customer")), ("period", self.tr("Period"))),
                 (("address", self.tr("Address")), ("issue_date", self.tr("Issue date"))),
                 (("tax_id", self.tr("Tax ID")), ("due_date", self.tr("Due date"))),
                 (("note", ""), ("issued_by", self.tr("Issued by"))))
        for row, pairs in enumerate(names):
            for column, (key, text) in enumerate(pairs):
                value = QLabel()
                value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
                caption = QLabel(text)
                caption.setProperty("role", "muted")
                header.addWidget(caption, row, column * 2)
                header.addWidget(value, row, column * 2 + 1)
                self.fields[key] = value
        self.fields["note"].setWordWrap(True)
        shown = amounts.shown(self.amount_rule)
        columns = [
            Column(self.tr("Item"), self._description, tooltip=self._tooltip),
            Column(self.tr("Period"), lambda line: period_text(line.period_start, line.period_end)),
            Column(self.tr("Quantity"), lambda line: f"{decimal_text(line.quantity, quantity)} {line.unit}".strip(),
                   align_right=True),
            Column(self.tr("Unit price"), lambda line: decimal_text(line.unit_price, price) if shown else
                   amounts.withheld(self.amount_rule), align_right=True),
            Column(self.tr("Amount"), lambda line: self._money(line.net), align_right=True),
            Column(self.tr("Tax rate"), lambda line: tax_rate_name(line.tax_rate), align_right=True),
            Column(self.tr("Tax"), lambda line: self._money(line.tax), align_right=True),
            Column(self.tr("Total incl. tax"), lambda line: self._money(line.gross), align_right=True),
        ]
        if self.amount_rule is FieldRule.HIDDEN:  # the money columns left out; the tax rate stays
            columns = [column for index, column in enumerate(columns) if index not in (3, 4, 6, 7)]
        self.lines = RecordTableModel(columns, self)
        self.line_table = table(self.lines)
        self.line_table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.line_table.selectionModel().selectionChanged.connect(lambda *_: self._enable())
        self.line_table.setMinimumHeight(180)
        spread(self.line_table)
        self.subtotals = RecordTableModel([
            Column(self.tr("Tax rate"), lambda s: tax_rate_name(s[0])),
            Column(self.tr("Amount"), lambda s: self._money(s[1]), align_right=True),
            Column(self.tr("Tax"), lambda s: self._money(s[2]), align_right=True),
            Column(self.tr("Total incl. tax"), lambda s: self._money(s[3]), align_right=True),
        ], self)
        self.subtotal_table = table(self.subtotals)
        spread(self.subtotal_table)
        self.totals: dict[str, QLabel] = {}
        grid = QGridLayout()
        grid.setVerticalSpacing(2)
        grid.setColumnStretch(0, 1)
        totals = (("net", self.tr("Total amount")), ("tax", self.tr("Total tax")),
                  ("gross", self.tr("Total incl. tax")), ("wallet", self.tr("Paid from wallet")),
                  ("credit", self.tr("Credit applied")), ("due", self.tr("Amount due")),
                  ("paid", self.tr("Amount paid")), ("outstanding", self.tr("Outstanding")))
        for row, (key, text) in enumerate(totals):
            value = QLabel()
            value.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            value.setMinimumWidth(120)
            if key in ("gross", "due", "outstanding"):
                value.setStyleSheet("font-weight: 600;")
            grid.addWidget(QLabel(text), row, 1, Qt.AlignmentFlag.AlignRight)
            grid.addWidget(value, row, 2)
            self.totals[key] = value
        sums = QHBoxLayout()
        sums.addWidget(self.subtotal_table, 3, Qt.AlignmentFlag.AlignTop)
        sums.addSpacing(24)
        sums.addLayout(grid, 2)
        if self.amount_rule is FieldRule.HIDDEN:  # no sums to show: the note says why
            self.subtotal_table.hide()
            for row in range(grid.rowCount()):
                for column in range(grid.columnCount()):
                    item = grid.itemAtPosition(row, column)
                    if item is not None and item.widget() is not None:
                        item.widget().hide()
        self.add_button = QPushButton(self.tr("Add line..."))
        self.add_button.clicked.connect(self.add_line)
        self.remove_button = QPushButton(self.tr("Remove line"))
        self.remove_button.setToolTip(self.tr("Only lines added by hand can be removed"))
        self.remove_button.clicked.connect(self.remove_line)
        self.issue_button = QPushButton(self.tr("Issue"))
        self.issue_button.setToolTip(self.tr("Give the bill its number; an issued bill never changes"))
        self.issue_button.clicked.connect(self.issue)
        self.pay_button = QPushButton(self.tr("Record payment..."))
        self.pay_button.clicked.connect(self.record_payment)
        self.credit_button = QPushButton(self.tr("Credit note..."))
        self.credit_button.clicked.connect(self.credit_note)
        close = QPushButton(self.tr("Close"))
        close.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        for button in (self.add_button, self.remove_button, self.issue_button, self.pay_button, self.credit_button):
            buttons.addWidget(button)
            button.hide()
        buttons.addStretch(1)
        self.printing = BillPrintActions(state, self, lambda: self.bill_id, self.title.text)  # bills.print only
        self.printing.set_enabled(False)
        for widget in self.printing.buttons:
            buttons.addWidget(widget)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addLayout(heading)
        layout.addLayout(header)
        layout.addWidget(self.line_table, 1)
        layout.addLayout(sums)
        layout.addLayout(buttons)
        self.resize(1020, 640)
        self.reload()

    # -- showing ---------------------------------------------------------------------------------------

    def _money(self, value: Any) -> str:
        return amounts.amount(value, self.amount_rule)

    def _description(self, line: Any) -> str:
        text = str(line.description)
        if line.detail.get("tier") is not None:
            text += " · " + self.tr("tier {0}").format(line.detail["tier"])
        if line.kind == "discount" or line.discounted_line is not None:
            text = "    ↳ " + text
        if line.detail.get("late"):
            text += " · " + self.tr("late usage")
        if line.kind == "manual":
            text += " · " + self.tr("added by hand")
        elif line.kind == "adjustment":
            text += " · " + self.tr("adjustment")
        return text

    def _tooltip(self, line: Any) -> str:
        parts = [line.description]
        if line.product:
            parts.append(self.tr("Product: {0}").format(line.product))
        if line.detail.get("late"):
            parts.append(self.tr("Usage that arrived after its period was billed"))
        if line.detail.get("discounts"):
            parts.append(self.tr("Discounts: {0}").format(", ".join(map(str, line.detail["discounts"]))))
        if line.kind == "manual" and line.detail.get("by"):
            parts.append(self.tr("Added by {0}").format(line.detail["by"]))
        return "\n".join(parts)

    def reload(self) -> None:
        context, bill_id = self.state.context, self.bill_id

        def work(_progress: ops.Progress) -> Any:
            from desktop_app.services.bills import get_bill

            return get_bill(context, bill_id)

        ops.run(self, work, self.show_detail, write=False)

    def show_detail(self, detail: Any) -> None:
        self.detail = detail
        bill = detail.bill
        kind = self.tr("Credit note") if bill.kind == "credit_note" else self.tr("Bill")
        self.title.setText(f"{kind} {bill.code}" if bill.code else self.tr("Draft credit note") if
                           bill.kind == "credit_note" else self.tr("Draft bill"))
        self.setWindowTitle(self.title.text())
        self.badge.setText(state_name(bill.status))
        values = {
            "customer": f"{bill.customer_name} ({bill.customer_code})",
            "address": detail.customer_address or "—",
            "tax_id": detail.customer_tax_id or "—",
            "period": period_text(bill.period_start, bill.period_end) or "—",
            "issue_date": bill.issue_date.isoformat() if bill.issue_date else "—",
            "due_date": bill.due_date.isoformat() if bill.due_date else "—",
            "issued_by": detail.issued_by or "—",
            "note": self.tr("Voided: {0}").format(detail.void_reason) if detail.void_reason else detail.notes,
        }
        for key, value in values.items():
            self.fields[key].setText(value)
        self.lines.replace_rows(self.line_table, list(detail.lines))
        self.subtotals.set_rows(tax_subtotals(detail.lines))
        figures = {"net": bill.total_net, "tax": bill.total_tax, "gross": bill.total_gross,
                   "wallet": bill.wallet_applied, "credit": bill.credit_applied, "due": bill.amount_due,
                   "paid": bill.paid, "outstanding": bill.outstanding}
        for key, value in figures.items():
            self.totals[key].setText(amounts.amount(value, self.amount_rule, lambda v: yuan(v, bill.currency)))
        if bill.status in ("draft", "void"):  # nothing is owed on these
            for key in ("paid", "outstanding"):
                self.totals[key].setText("—")
        fit_height(self.subtotal_table)
        self.printing.set_enabled(True)
        editable = self.can_edit and bill.status == "draft"
        for button in (self.add_button, self.remove_button, self.issue_button):  # lines: only who may change amounts
            button.setVisible(editable and (button is self.issue_button or self.can_change_amounts))
        is_bill = bill.kind != "credit_note"
        self.pay_button.setVisible(self.can_pay and is_bill and bill.status in ("issued", "partially_paid"))
        self.credit_button.setVisible(self.can_credit and is_bill and bill.status in ("issued", "partially_paid",
                                                                                       "paid"))
        self._enable()

    def _enable(self) -> None:
        line = selected_record(self.line_table)
        self.remove_button.setEnabled(line is not None and line.kind == "manual")
        self.issue_button.setEnabled(self.detail is not None and bool(self.detail.lines))

    # -- changing a draft ------------------------------------------------------------------------------

    def _changed(self, result: Any) -> None:
        self.state.publish(result[1])
        self.reload()

    def add_line(self) -> None:
        if self.detail is None or self.detail.bill.status != "draft" or not self.can_change_amounts:
            return
        self.line_dialog = AddLineDialog(self.state, self.detail.bill, self)
        self.line_dialog.accepted.connect(self.reload)
        self.line_dialog.open()

    def remove_line(self) -> None:
        line, detail, context = selected_record(self.line_table), self.detail, self.state.context
        if line is None or detail is None or line.kind != "manual" or not self.can_change_amounts:
            return

        def work(_progress: ops.Progress) -> Any:
            from desktop_app.services.bills import remove_line

            return remove_line(context, detail.bill.id, detail.bill.version, line.id)

        ops.run(self, work, self._changed)

    def issue(self) -> None:
        detail, context = self.detail, self.state.context
        if detail is None or detail.bill.status != "draft" or not self.can_edit:
            return
        bill = detail.bill
        question = self.tr("Issue this bill to {0}? It gets its number now and cannot be changed afterwards.")\
            .format(bill.customer_name) if bill.total_gross is None else self.tr(
            "Issue this bill to {0} for {1}? It gets its number now and cannot be changed afterwards.")\
            .format(bill.customer_name, yuan(bill.total_gross, bill.currency))
        answer = QMessageBox.question(self, self.tr("Issue bill"), question)
        if answer != QMessageBox.StandardButton.Yes:
            return

        def work(_progress: ops.Progress) -> Any:
            from desktop_app.services.bills import issue_bill

            return issue_bill(context, detail.bill.id)

        ops.run(self, work, self._changed)


    # -- money: payments and credit notes --------------------------------------------------------------

    def record_payment(self) -> None:
        from desktop_app.views.payment_dialog import PaymentDialog

        if self.detail is None or self.pay_button.isHidden():
            return
        self.sub_dialog = PaymentDialog(self.state, self.detail.bill.customer_id, self.bill_id, self)
        self.sub_dialog.accepted.connect(self.reload)
        self.sub_dialog.open()

    def credit_note(self) -> None:
        from desktop_app.views.credit_note_dialog import CreditNoteDialog

        if self.detail is None or self.credit_button.isHidden():
            return
        self.sub_dialog = CreditNoteDialog(self.state, self.bill_id, self)
        self.sub_dialog.accepted.connect(self.reload)
        self.sub_dialog.open()


def tax_subtotals(lines: Any) -> list[tuple[str | None, Decimal | None, Decimal | None, Decimal | None]]:
    """(rate, net, tax, gross) per tax rate, highest rate first, exempt last: exact sums of the lines (None
    where the amounts are withheld)."""
    groups: dict[str | None, list[Decimal]] = {}
    withheld = False
    for line in lines:
        sums = groups.setdefault(line.tax_rate, [Decimal("0.00")] * 3)
        if line.net is None or line.tax is None or line.gross is None:
            withheld = True
            continue
        sums[0] += line.net
        sums[1] += line.tax
        sums[2] += line.gross
    order = sorted(groups, key=lambda rate: (rate is None, -Decimal(rate or 0)))
    if withheld:
        return [(rate, None, None, None) for rate in order]
    return [(rate, groups[rate][0], groups[rate][1], groups[rate][2]) for rate in order]


def fit_height(view: Any) -> None:
    """A short table exactly as tall as its rows (a few tax rates: no empty space under them)."""
    rows = view.model().rowCount()
    height = view.horizontalHeader().height() + 2 * view.frameWidth()
    height += sum(view.rowHeight(row) for row in range(rows)) or view.verticalHeader().defaultSectionSize()
    view.setFixedHeight(height + 2)
