"""Bills (账单): the list, newest first, with filters; the bill run; issuing drafts in bulk; deleting a draft;
voiding an issued bill; opening one; printing or exporting the selected bills as PDF (bills.print). More bills
load as the table scrolls to its end (keyset pages)."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QSignalBlocker, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app.billing.periods import add_months
from desktop_app.errors import DomainError
from desktop_app.services.access import FieldRule
from desktop_app.views import amount_text as amounts
from desktop_app.views import ops
from desktop_app.views.bill_detail import STATE_NAMES, BillDetailDialog, number_text, period_text, state_name
from desktop_app.views.bill_list_filter import CustomerFilter, month_of
from desktop_app.views.catalog_text import money
from desktop_app.views.error_dialog import show_error
from desktop_app.views.keyset_model import KeysetModel, record_table
from desktop_app.views.look import icon
from desktop_app.views.messages import describe
from desktop_app.views.state import AppState
from desktop_app.views.table_model import Column

PAGE = 200  # bills per page: the first with the list, the next as the table scrolls to its end
WIDTHS = (125, 200, 170, 92, 92, 100, 100, 90, 100, 84, 76)
MONEY_COLUMNS = slice(5, 9)  # total, amount due, paid, outstanding: left out where the role hides bill amounts


class BillsPage(QWidget):
    def __init__(self, state: AppState) -> None:
        super().__init__()
        self.state = state
        self.run_id: int | None = None
        self.customer_id: int | None = None  # one customer's bills only (show_filtered: a figure's drill)
        self.dialog: Any = None
        self.message: QMessageBox | None = None
        self._generation = 0
        self.today: date | None = None  # the company's today by the database clock, as of the last reload
        self._shown: dict[str, Any] = {}  # the filter of the rows on screen (the next pages use it too)
        access = state.user.access
        self.can_run, self.can_edit = access.can("bills", "create"), access.can("bills", "edit")
        self.can_delete, self.can_void = access.can("bills", "delete"), access.can("bills", "approve")
        self.can_print = access.can("bills", "print")
        title = QLabel(self.tr("Bills"))
        title.setObjectName("pageTitle")
        self.status = QComboBox()
        self.status.addItem(self.tr("All states"), "")
        for key in STATE_NAMES:
            self.status.addItem(state_name(key), key)
        self.period = QComboBox()
        self.period.addItem(self.tr("Any period"), None)
        first = add_months(date.today().replace(day=1), 3)
        for month in (add_months(first, -back) for back in range(48)):
            self.period.addItem(month.strftime("%Y-%m"), month.isoformat())
        self.period.setToolTip(self.tr("Bills whose period overlaps this month"))
        self.customer = QLineEdit()
        self.customer.setPlaceholderText(self.tr("Customer name or code"))
        self.customer.setClearButtonEnabled(True)
        self.customer.setMinimumWidth(200)
        self.customer.setMaximumWidth(360)
        self.overdue = QCheckBox(self.tr("Overdue only"))
        for combo in (self.status, self.period):
            combo.currentIndexChanged.connect(lambda _i: self.reload())
        self.overdue.toggled.connect(lambda _on: self.reload())
        self.run_note = QLabel()
        self.run_note.setProperty("role", "muted")
        self.all_button = QPushButton(self.tr("Show all bills"))
        self.all_button.clicked.connect(lambda: self.show_run(None))
        self.run_note.hide()
        self.all_button.hide()
        filters = QHBoxLayout()
        filters.addWidget(self.customer, 1)
        for widget in (QLabel(self.tr("State")), self.status, QLabel(self.tr("Period")), self.period, self.overdue):
            filters.addWidget(widget)
        filters.addStretch(1)
        filters.addWidget(self.run_note)
        filters.addWidget(self.all_button)
        self.amount_rule = amounts.rule(access, "bills")  # masked: "****"; hidden: the money columns left out
        columns = [
            Column(self.tr("Bill number"), number_text),
            Column(self.tr("Customer"), lambda b: b.customer_name, tooltip=lambda b: b.customer_code),
            Column(self.tr("Period"), lambda b: period_text(b.period_start, b.period_end)),
            Column(self.tr("Issue date"), lambda b: b.issue_date.isoformat() if b.issue_date else ""),
            Column(self.tr("Due date"), lambda b: b.due_date.isoformat() if b.due_date else ""),
            Column(self.tr("Total incl. tax"), lambda b: self._money(b.total_gross), align_right=True),
            Column(self.tr("Amount due"), lambda b: self._money(b.amount_due), align_right=True),
            Column(self.tr("Amount paid"), lambda b: self._money(b.paid), align_right=True),
            Column(self.tr("Outstanding"), lambda b: self._money(b.outstanding), align_right=True),
            Column(self.tr("State"), lambda b: state_name(b.status)),
            Column(self.tr("Overdue days"), lambda b: (b.overdue_days(self.today) or "") if self.today else "",
                   align_right=True),
        ]
        widths = list(WIDTHS)
        if self.amount_rule is FieldRule.HIDDEN:
            del columns[MONEY_COLUMNS], widths[MONEY_COLUMNS]
        self.model = KeysetModel(columns, lambda last: self._load_more(last.id), PAGE, self)
        self.proxy = CustomerFilter(self)
        self.proxy.setSourceModel(self.model)
        self.customer.textChanged.connect(self._filter_customers)
        self.table = record_table(self.proxy, widths, multi=True)
        self.table.doubleClicked.connect(lambda _index: self.open_selected())
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._enable())
        self.run_button = QPushButton(icon("refresh-cw"), self.tr("Bill run..."))
        self.run_button.clicked.connect(self.bill_run)
        self.issue_button = QPushButton(icon("circle-check"), self.tr("Issue selected"))
        self.issue_button.clicked.connect(self.issue_selected)
        self.delete_button = QPushButton(self.tr("Delete draft"))
        self.delete_button.clicked.connect(self.delete_draft)
        self.void_button = QPushButton(icon("circle-x"), self.tr("Void..."))
        self.void_button.clicked.connect(self.void)
        self.open_button = QPushButton(self.tr("Open"))
        self.open_button.clicked.connect(self.open_selected)
        self.reminders_button = QPushButton(self.tr("Reminders..."))
        self.reminders_button.clicked.connect(self.reminders)
        self.print_button = QPushButton(icon("printer"), self.tr("Print..."))
        self.print_button.setToolTip(self.tr("Print the selected bills as one job"))
        self.print_button.clicked.connect(lambda: self.print_selected(export=False))
        self.export_button = QPushButton(icon("file-down"), self.tr("Export PDFs..."))
        self.export_button.setToolTip(self.tr("Save the selected bills as PDF files"))
        self.export_button.clicked.connect(lambda: self.print_selected(export=True))
        self.count = QLabel()
        self.count.setProperty("role", "muted")
        self.amounts_note = QLabel(amounts.note("bills", self.amount_rule))
        self.amounts_note.setProperty("role", "muted")
        self.amounts_note.setVisible(bool(self.amounts_note.text()))
        buttons = QHBoxLayout()
        allowed = {self.run_button: self.can_run, self.issue_button: self.can_edit,
                   self.delete_button: self.can_delete, self.void_button: self.can_void}
        for button in (self.open_button, self.run_button, self.issue_button, self.delete_button, self.void_button):
            buttons.addWidget(button)
            button.setVisible(allowed.get(button, True))
        for button in (self.print_button, self.export_button):
            buttons.addWidget(button)
            button.setVisible(self.can_print)
        buttons.addStretch(1)
        buttons.addWidget(self.reminders_button)
        buttons.addWidget(self.count)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 20)
        heading = QHBoxLayout()  # the title, and on its right why amounts show as "****" (or not at all)
        heading.addWidget(title)
        heading.addStretch(1)
        heading.addWidget(self.amounts_note, 0, Qt.AlignmentFlag.AlignBottom)
        layout.addLayout(heading)
        layout.addLayout(filters)
        layout.addLayout(buttons)
        layout.addWidget(self.table, 1)
        for key in ("Return", "Enter"):
            QShortcut(QKeySequence(key), self.table, self.open_selected)
        state.bus.changed.connect(self._changed)
        self._enable()
        self.reload()

    # -- the list --------------------------------------------------------------------------------------

    def _money(self, value: Any) -> str:
        return amounts.amount(value, self.amount_rule)

    def _changed(self, changes: Any) -> None:
        if changes.billing:
            self.reload()

    def _filter_customers(self, text: str) -> None:
        self.proxy.set_text(text)
        self._counted()

    def filter_data(self) -> dict[str, Any]:
        period = date.fromisoformat(self.period.currentData()) if self.period.currentData() else None
        return {"status": self.status.currentData() or None, "run_id": self.run_id, "customer_id": self.customer_id,
                "period_from": period, "period_to": add_months(period, 1) if period else None,
                "overdue": self.overdue.isChecked()}  # open bills due before the company's today

    def reload(self) -> None:
        self._generation += 1
        self._fetch(self.filter_data(), None)

    def _load_more(self, before_id: int) -> None:
        self._fetch(self._shown, before_id)

    def _fetch(self, flt: dict[str, Any], before_id: int | None) -> None:
        """The first page (``before_id`` None) or the page after ``before_id``, for the filter ``flt``; the
        first page also asks for the company's today (days overdue and the overdue filter count from it)."""
        context, generation, shown_today = self.state.context, self._generation, self.today

        def work(_progress: ops.Progress) -> Any:
            from desktop_app.services.bills import company_today, list_bills

            today = company_today(context) if before_id is None or shown_today is None else shown_today
            query = {key: value for key, value in flt.items() if key != "overdue"}
            rows = list_bills(context, limit=PAGE, before_id=before_id, overdue_on=today if flt["overdue"] else None,
                              **query)
            return rows, today

        def done(result: tuple[list[Any], date]) -> None:
            rows, today = result
            if generation != self._generation:
                return  # a newer filter is on its way: never show an older answer over it
            if before_id is not None:
                self.model.append_page(rows)
            else:
                self._shown, self.today = flt, today
                chosen = {bill.id for bill in self.selected_bills()}
                self.model.set_first_page(rows)
                self._select(chosen)
                self._enable()
            self._counted()

        def failed(error: BaseException) -> None:
            self.model.loading, self.model.more = False, False  # paging stops; the rows shown stay
            show_error(self, error)

        ops.run(self, work, done, failed, write=False)

    def _counted(self) -> None:
        shown, loaded = self.proxy.rowCount(), self.model.rowCount()
        text = self.tr("{0} bills").format(f"{loaded:,}") if shown == loaded else \
            self.tr("{0} of {1} bills").format(f"{shown:,}", f"{loaded:,}")
        if self.model.more:
            text += " · " + self.tr("more as you scroll")
        self.count.setText(text)

    def _select(self, ids: set[int]) -> None:
        for row in range(self.proxy.rowCount()):
            bill = self.model.rows[self.proxy.mapToSource(self.proxy.index(row, 0)).row()]
            if bill.id in ids:
                self.table.selectionModel().select(
                    self.proxy.index(row, 0), self.table.selectionModel().SelectionFlag.Select
                    | self.table.selectionModel().SelectionFlag.Rows)

    def selected_bills(self) -> list[Any]:
        rows = sorted(self.proxy.mapToSource(index).row() for index in self.table.selectionModel().selectedRows())
        return [self.model.rows[row] for row in rows if row < len(self.model.rows)]

    def selected(self) -> Any:
        """The one bill selected (None when none or several are)."""
        bills = self.selected_bills()
        return bills[0] if len(bills) == 1 else None

    def _enable(self) -> None:
        bills, one = self.selected_bills(), self.selected()
        drafts = sum(1 for bill in bills if bill.status == "draft")
        self.issue_button.setEnabled(drafts > 0)
        self.issue_button.setText(self.tr("Issue selected ({0})").format(drafts) if drafts > 1
                                  else self.tr("Issue selected"))
        self.delete_button.setEnabled(one is not None and one.status == "draft")
        self.void_button.setEnabled(one is not None and one.status == "issued" and not one.paid)
        self.open_button.setEnabled(one is not None)
        self.print_button.setEnabled(bool(bills))
        self.export_button.setEnabled(bool(bills))

    def show_run(self, run_id: int | None) -> None:
        """Only the bills of one bill run (None: all bills again)."""
        self.run_id, self.customer_id = run_id, None
        self.run_note.setText(self.tr("Bill run {0} only").format(run_id) if run_id else "")
        self.run_note.setVisible(run_id is not None)
        self.all_button.setVisible(run_id is not None)
        if run_id is not None:  # the run's bills, all of them: the other filters go back to "any"
            with QSignalBlocker(self.status), QSignalBlocker(self.period), QSignalBlocker(self.overdue):
                self.status.setCurrentIndex(0)
                self.period.setCurrentIndex(0)
                self.overdue.setChecked(False)
            self.customer.clear()
        self.reload()

    def show_filtered(self, status: str | None = None, overdue: bool | None = None, customer_id: int | None = None,
                      period: Any = None) -> None:
        """The bills a figure stands for (a dashboard card, a report row): state, overdue only, one customer,
        and ``period`` (a month: "2026-10", a date in it, or a one-month Period; bills whose billing period
        overlaps it). The other filters go back to "any"."""
        month = month_of(period, self.today or date.today())
        self.run_id, self.customer_id = None, int(customer_id) if customer_id is not None else None
        with QSignalBlocker(self.status), QSignalBlocker(self.period), QSignalBlocker(self.overdue):
            self.status.setCurrentIndex(max(0, self.status.findData(status or "")))
            self.period.setCurrentIndex(max(0, self.period.findData(month.isoformat() if month else None)))
            self.overdue.setChecked(bool(overdue))
        self.customer.clear()
        self.run_note.setText(self.tr("One customer's bills only"))
        self.run_note.setVisible(self.customer_id is not None)
        self.all_button.setVisible(self.customer_id is not None)
        if self.customer_id is not None:
            context, wanted = self.state.context, self.customer_id

            def named(detail: Any) -> None:
                if self.customer_id == wanted:
                    self.run_note.setText(self.tr("Bills of {0} only").format(detail.data.name))

            from desktop_app.services.customers import get_customer

            ops.run(self, lambda _progress: get_customer(context, wanted), named, lambda _error: None, write=False)
        self.reload()

    # -- actions ---------------------------------------------------------------------------------------

    def open_selected(self) -> None:
        bill = self.selected() or next(iter(self.selected_bills()), None)
        if bill is not None:
            self.dialog = BillDetailDialog(self.state, bill.id, self)
            self.dialog.open()

    def bill_run(self) -> None:
        if not self.can_run:
            return
        from desktop_app.views.bill_run_dialog import BillRunDialog

        self.dialog = BillRunDialog(self.state, self)
        self.dialog.show_bills.connect(self.show_run)
        self.dialog.open()

    def issue_selected(self) -> None:
        drafts = [bill for bill in self.selected_bills() if bill.status == "draft"]
        if not drafts or not self.can_edit:
            return
        answer = QMessageBox.question(self, self.tr("Issue bills"), self.tr(
            "Issue {0} draft bills? Each gets its number now; issued bills cannot be changed.").format(len(drafts)))
        if answer != QMessageBox.StandardButton.Yes:
            return
        context, ids = self.state.context, sorted(bill.id for bill in drafts)  # numbers follow the bills' order
        names = {bill.id: f"{bill.customer_name} #{bill.id}" for bill in drafts}
        text = self.tr("Issuing bills: {0} of {1} done...")

        def work(progress: ops.Progress) -> Any:
            from desktop_app.services.bills import issue_bills

            def report(done: int, total: int) -> None:
                try:  # Cancel stops between bills (``cancelled``): every bill issued so far stays issued
                    progress.report(done, total, text.format(done, total))
                except ops.Cancelled:
                    pass

            return issue_bills(context, ids, progress=report, cancelled=lambda: progress.cancelled)

        ops.run(self, work, lambda summary: self._issued(summary, names), label=self.tr("Issuing bills..."),
                cancellable=True)

    def _issued(self, summary: Any, names: dict[int, str]) -> None:
        from desktop_app.services.changes import Changes

        issued, failed, left = summary.issued, summary.failed, summary.left
        lines = [self.tr("{0} bills issued.").format(len(issued))]
        if issued:
            lines.append(self.tr("Numbers: {0}").format(issued[0] if len(issued) == 1 else
                                                        f"{issued[0]} … {issued[-1]}"))
        if failed:
            lines.append(self.tr("{0} could not be issued:").format(len(failed)))
            lines.extend(f"· {names.get(bill_id, bill_id)}: {describe(DomainError(code, bill=names.get(bill_id)))}"
                         for bill_id, code in failed[:10])
        if left > 0:
            lines.append(self.tr("Cancelled: {0} drafts were not issued.").format(left))
        self.message = QMessageBox(QMessageBox.Icon.Warning if failed else QMessageBox.Icon.Information,
                                   self.tr("Issue bills"), "\n".join(lines), QMessageBox.StandardButton.Ok, self)
        self.message.open()
        if issued:
            self.state.publish(Changes(billing=True))

    def delete_draft(self) -> None:
        bill, context = self.selected(), self.state.context
        if bill is None or bill.status != "draft" or not self.can_delete:
            return
        question = self.tr("Delete the draft bill of {0}? What it billed becomes billable again at the next bill "
                           "run.").format(bill.customer_name) if bill.total_gross is None else self.tr(
            "Delete the draft bill of {0} for ¥{1}? What it billed becomes billable again at the next bill run.")\
            .format(bill.customer_name, money(bill.total_gross))
        answer = QMessageBox.question(self, self.tr("Delete draft"), question)
        if answer == QMessageBox.StandardButton.Yes:
            from desktop_app.services.bills import delete_draft

            ops.run(self, lambda _progress: delete_draft(context, bill.id, bill.version), self.state.publish)

    def void(self) -> None:
        bill, context = self.selected(), self.state.context
        if bill is None or bill.status != "issued" or not self.can_void:
            return
        reason, ok = QInputDialog.getText(self, self.tr("Void bill"), self.tr(
            "Void bill {0} of {1}? It keeps its number and nothing is owed on it any more.\nReason:")
            .format(bill.code, bill.customer_name))
        if ok:
            from desktop_app.services.bills import void_bill

            ops.run(self, lambda _progress: void_bill(context, bill.id, bill.version, reason),
                    lambda result: self.state.publish(result[1]))

    def print_selected(self, *, export: bool) -> None:
        """Print or export the selected bills (views/batch_print_dialog.py)."""
        from desktop_app.views.batch_print_dialog import BatchPrintDialog

        bills = self.selected_bills()
        if bills and self.can_print:
            self.dialog = BatchPrintDialog(self.state, bills, export, self)
            self.dialog.open()

    def reminders(self) -> None:
        """Payment reminders (催款): who to remind today (views/dunning_dialog.py)."""
        from desktop_app.views.dunning_dialog import DunningDialog

        self.dialog = DunningDialog(self.state, self)
        self.dialog.open()
