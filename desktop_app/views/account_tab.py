"""A customer's account (账户), a tab of the customer dialog: the balance, open credit and overdue amount; the
statement (对账单) for a chosen range with its aging (账龄); the prepaid wallet (预付钱包) with its latest
entries, "Top up…" and "Low-balance threshold…"; and "Record payment…". Each part and button follows the
user's permissions (bills.view for the statement, payments.view/create/edit for the money). "Statement…"
(customers.print) and "Receipt…" (payments.print) open print previews (views/print_actions.py)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (
    QDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app.services.access import FieldRule
from desktop_app.views import amount_text as amounts
from desktop_app.views import ops
from desktop_app.views.error_dialog import message_for
from desktop_app.views.forms import FormErrors
from desktop_app.views.pages.audit import local, table
from desktop_app.views.payment_dialog import method_name
from desktop_app.views.print_actions import AccountPrintActions
from desktop_app.views.quote_view import day_text, yuan
from desktop_app.views.state import AppState
from desktop_app.views.table_model import Column, RecordTableModel
from desktop_app.views.wallet_dialogs import ThresholdDialog, TopUpDialog, date_edit, day_of

WALLET_ROWS = 20  # the wallet's latest entries shown


def account_message(error: BaseException) -> str:
    """The sentence for an error (messages.py; the one error path)."""
    return message_for(error)


class AccountErrors(FormErrors):
    """FormErrors that know the account's codes."""

    def show(self, error: BaseException) -> None:
        super().show(error)
        self.label.setText(account_message(error))


def entry_kind_name(kind: str, status: str = "") -> str:
    names = {"bill": QCoreApplication.translate("Account", "Bill"),
             "credit_note": QCoreApplication.translate("Account", "Credit note"),
             "payment": QCoreApplication.translate("Account", "Payment"),
             "refund": QCoreApplication.translate("Account", "Refund")}
    name = names.get(kind, kind)
    return QCoreApplication.translate("Account", "{0} (void)").format(name) if status == "void" else name


def entry_details(entry: Any) -> str:
    """A payment's method and reference; the bill a credit note corrects."""
    if entry.kind in ("payment", "refund"):
        return " · ".join(part for part in (method_name(entry.method), entry.reference) if part)
    if entry.kind == "credit_note" and entry.reference:
        return QCoreApplication.translate("Account", "corrects {0}").format(entry.reference)
    return ""


def wallet_kind_name(kind: str) -> str:
    names = {"top_up": QCoreApplication.translate("Account", "Top-up"),
             "bonus": QCoreApplication.translate("Account", "Bonus"),
             "draw": QCoreApplication.translate("Account", "Drawn"),
             "reversal": QCoreApplication.translate("Account", "Given back"),
             "refund": QCoreApplication.translate("Account", "Refunded"),
             "expiry": QCoreApplication.translate("Account", "Expired")}
    return names.get(kind, kind)


def aging_text(aging: Any) -> str:
    if aging is None:  # withheld: the role does not show bill and payment amounts
        return ""
    return QCoreApplication.translate(
        "Account", "Aging on {0}: current {1} · 1–30 days {2} · 31–60 days {3} · 61–90 days {4} · over 90 days {5}"
    ).format(aging.as_of.isoformat(), yuan(aging.current), yuan(aging.days_1_30), yuan(aging.days_31_60),
             yuan(aging.days_61_90), yuan(aging.over_90))


@dataclass(frozen=True)
class AccountView:
    account: Any  # payments.Account, None without payments.view
    statement: Any  # statements.Statement, None without bills.view
    wallet: Any  # wallets.WalletInfo, None without payments.view


def load_account(context: Any, customer_id: int, period_from: date, period_to: date, *, money: bool,
                 bills: bool) -> AccountView:
    from desktop_app.services.payments import customer_account
    from desktop_app.services.statements import statement
    from desktop_app.services.wallets import wallet_of

    return AccountView(customer_account(context, customer_id) if money else None,
                       statement(context, customer_id, period_from, period_to) if bills else None,
                       wallet_of(context, customer_id) if money else None)


class AccountTab(QWidget):
    def __init__(self, state: AppState, customer_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state, self.customer_id = state, customer_id
        self.dialog: QDialog | None = None
        self.view: AccountView | None = None
        self.generation = 0
        access = state.user.access
        self.can_money, self.can_bills = access.can("payments", "view"), access.can("bills", "view")
        # money the role may type (field rule payments.amount editable): payments, top-ups, the threshold
        typed = amounts.editable(access, "payments")
        self.can_pay = access.can("payments", "create") and typed
        self.can_edit = access.can("payments", "edit") and typed
        self.bill_rule, self.pay_rule = amounts.rule(access, "bills"), amounts.rule(access, "payments")
        self.both_rule = amounts.account_rule(access)  # balances, open credit, aging: bill and payment money
        self.summary = QLabel()
        self.summary.setStyleSheet("font-weight: 600;")
        self.pay_button = QPushButton(self.tr("Record payment..."))
        self.pay_button.clicked.connect(self.record_payment)
        self.pay_button.setVisible(self.can_pay)
        top = QHBoxLayout()
        top.addWidget(self.summary, 1)
        top.addWidget(self.pay_button)
        today = date.today()
        self.period_from, self.period_to = date_edit(today.replace(month=1, day=1)), date_edit(today)
        show = QPushButton(self.tr("Show"))
        show.clicked.connect(self.reload)
        self.opening, self.closing, self.aging = QLabel(), QLabel(), QLabel()
        self.aging.setProperty("role", "muted")
        self.aging.setWordWrap(True)
        columns = [
            Column(self.tr("Date"), lambda e: day_text(e.day)),
            Column(self.tr("Document"), lambda e: e.code, tooltip=lambda e: e.reference),
            Column(self.tr("Type"), lambda e: entry_kind_name(e.kind, e.status)),
            Column(self.tr("Due date"), lambda e: day_text(e.due_date)),
            Column(self.tr("Charges"), self._charges, align_right=True),
            Column(self.tr("Credits"), self._credits, align_right=True),
            Column(self.tr("Balance"), lambda e: amounts.amount(e.balance, self.both_rule, yuan), align_right=True),
            Column(self.tr("Details"), entry_details, tooltip=entry_details),
        ]
        if self.both_rule is FieldRule.HIDDEN:  # a running balance is bill and payment money
            del columns[6]
        self.entries = RecordTableModel(columns, self)
        self.statement_table = table(self.entries)
        self.printing = AccountPrintActions(state, self, customer_id, self.statement_table,
                                            lambda: (day_of(self.period_from), day_of(self.period_to)))
        range_row = QHBoxLayout()
        for widget in (QLabel(self.tr("From")), self.period_from, QLabel(self.tr("to")), self.period_to, show):
            range_row.addWidget(widget)
        range_row.addStretch(1)
        range_row.addWidget(self.opening)
        for button in self.printing.buttons:  # Statement… (customers.print), Receipt… (payments.print)
            range_row.addWidget(button)
        self.statement_box = QGroupBox(self.tr("Statement"))
        box = QVBoxLayout(self.statement_box)
        box.addLayout(range_row)
        box.addWidget(self.statement_table, 1)
        box.addWidget(self.closing)
        box.addWidget(self.aging)
        self.statement_box.setVisible(self.can_bills)
        self.wallet_box = self._wallet_box()
        self.wallet_box.setVisible(self.can_money)
        self.errors = AccountErrors({"period_to": self.period_to})
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.statement_box, 3)
        layout.addWidget(self.wallet_box, 2)
        layout.addWidget(self.errors.label)
        state.bus.changed.connect(self._changed)
        self.reload()

    def _wallet_box(self) -> QGroupBox:
        self.wallet_line = QLabel()
        self.low_flag = QLabel()
        self.low_flag.setProperty("role", "error")
        self.top_up_button = QPushButton(self.tr("Top up..."))
        self.top_up_button.clicked.connect(self.top_up)
        self.top_up_button.setVisible(self.can_pay)
        self.threshold_button = QPushButton(self.tr("Low-balance threshold..."))
        self.threshold_button.clicked.connect(self.set_threshold)
        self.threshold_button.setVisible(self.can_edit)
        columns = [
            Column(self.tr("Time"), lambda e: local(e.at)),
            Column(self.tr("Type"), lambda e: wallet_kind_name(e.kind)),
            Column(self.tr("Amount"), lambda e: amounts.amount(e.amount, self.pay_rule, yuan), align_right=True),
            Column(self.tr("Balance after"), lambda e: amounts.amount(e.balance_after, self.pay_rule, yuan),
                   align_right=True),
            Column(self.tr("Valid until"), lambda e: day_text(e.expires_on)),
            Column(self.tr("Note"), lambda e: e.note, tooltip=lambda e: e.note),
        ]
        if self.pay_rule is FieldRule.HIDDEN:  # the wallet's money is payment money
            del columns[2:4]
        self.wallet_entries = RecordTableModel(columns, self)
        self.wallet_table = table(self.wallet_entries)
        heading = QHBoxLayout()
        heading.addWidget(self.wallet_line)
        heading.addWidget(self.low_flag)
        heading.addStretch(1)
        heading.addWidget(self.top_up_button)
        heading.addWidget(self.threshold_button)
        box = QGroupBox(self.tr("Prepaid wallet"))
        inner = QVBoxLayout(box)
        inner.addLayout(heading)
        inner.addWidget(self.wallet_table, 1)
        return box

    def _changed(self, changes: Any) -> None:
        if getattr(changes, "billing", False):
            self.reload()

    def _rule_of(self, entry: Any) -> FieldRule:
        return self.bill_rule if entry.kind in ("bill", "credit_note") else self.pay_rule

    def _charges(self, entry: Any) -> str:
        """What a bill (or refund) charges; "****" (or "—") where the role withholds that money."""
        if entry.debit is None:
            return amounts.withheld(self._rule_of(entry)) if entry.kind in ("bill", "refund") else ""
        return yuan(entry.debit) if entry.debit or entry.kind == "bill" else ""

    def _credits(self, entry: Any) -> str:
        if entry.credit is None:
            return amounts.withheld(self._rule_of(entry)) if entry.kind in ("credit_note", "payment") else ""
        return yuan(entry.credit) if entry.credit else ""

    def _yuan(self, value: Any, rule: FieldRule) -> str:
        return amounts.amount(value, rule, yuan)

    def period(self) -> tuple[date, date]:
        """The range shown, [from, to]: the service's end is the day after ``to`` (half-open)."""
        return day_of(self.period_from), day_of(self.period_to) + timedelta(days=1)

    def reload(self) -> None:
        context, customer_id = self.state.context, self.customer_id
        start, end = self.period()
        money, bills = self.can_money, self.can_bills
        self.generation += 1
        generation = self.generation

        def done(view: AccountView) -> None:
            if generation == self.generation:
                self.show_account(view)

        self.errors.clear()
        ops.run(self, lambda _progress: load_account(context, customer_id, start, end, money=money, bills=bills),
                done, self.errors.show, write=False)

    def show_account(self, view: AccountView) -> None:
        self.view = view
        account = view.account
        both, bill, paid = self.both_rule, self.bill_rule, self.pay_rule
        if account is not None:
            self.summary.setText(self.tr("Balance {0} · outstanding {1} · open credit {2} · overdue {3}").format(
                self._yuan(account.balance, both), self._yuan(account.outstanding, bill),
                self._yuan(account.open_credit, both), self._yuan(account.overdue, bill)))
        else:
            self.summary.setText("")
        report = view.statement
        if report is not None:
            self.entries.set_rows(report.entries)
            self.opening.setText(self.tr("Opening balance {0}").format(self._yuan(report.opening_balance, both)))
            self.closing.setText(self.tr(
                "Closing balance {0}  (billed {1} · credited {2} · paid {3} · refunded {4})").format(
                self._yuan(report.closing_balance, both), self._yuan(report.billed, bill),
                self._yuan(report.credited, bill), self._yuan(report.paid, paid),
                self._yuan(report.refunded, paid)))
            self.aging.setText(aging_text(report.aging) or " ".join(
                filter(None, (amounts.note("bills", bill), amounts.note("payments", paid)))))
        wallet = view.wallet
        if wallet is not None:
            self.wallet_line.setText(self.tr("Balance {0} · low-balance threshold {1}").format(
                self._yuan(wallet.balance, paid), self._yuan(wallet.low_balance, paid))
                if wallet.wallet_id is not None else self.tr("No wallet yet: the first top-up opens it."))
            self.low_flag.setText(self.tr("Low balance") if wallet.is_low else "")
            self.wallet_entries.set_rows(wallet.entries[:WALLET_ROWS])

    # -- actions ---------------------------------------------------------------------------------------

    def record_payment(self) -> None:
        from desktop_app.views.payment_dialog import PaymentDialog

        if self.can_pay:
            self.dialog = PaymentDialog(self.state, self.customer_id, parent=self)
            self.dialog.open()

    def top_up(self) -> None:
        if self.can_pay:
            self.dialog = TopUpDialog(self.state, self.customer_id, self)
            self.dialog.open()

    def set_threshold(self) -> None:
        if self.can_edit:
            current = self.view.wallet.low_balance if self.view and self.view.wallet else None
            current = current if current is not None else Decimal("0.00")
            self.dialog = ThresholdDialog(self.state, self.customer_id, current, self)
            self.dialog.open()
