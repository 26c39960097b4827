"""The print actions of the windows that show a document: fetch the PDF from services/documents.py in the
background, then preview it, print it or save it. The bill detail's Preview / Print (with a menu: without
prices, print directly) / Save PDF buttons; the statement's date-range dialog; receipts."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtCore import QDate, QObject, Qt
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QMenu,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app.views import amount_text as amounts
from desktop_app.views import ops
from desktop_app.views.look import icon
from desktop_app.views.state import AppState

PREVIEW, PRINT, SAVE = "preview", "print", "save"


def open_document(parent: QWidget, state: AppState, work: Callable[[], Any], title: str, action: str = PREVIEW,
                  on_open: Callable[[QDialog], None] | None = None, recorded: Callable[[], Any] | None = None
                  ) -> None:
    """Fetch a DocumentFile with ``work()`` in the background (a document print is recorded: a write), then
    preview, print or save it. ``on_open`` gets the preview dialog; ``recorded`` (bills) fetches the print
    that the preview's Print and Save send out."""

    def done(document: Any) -> None:
        from desktop_app.views.pdf_view import PreviewDialog
        from desktop_app.views.printing import print_pdf, prints_directly, save_pdf

        if action == PRINT:
            print_pdf(parent, document.data, direct=prints_directly(state))
        elif action == SAVE:
            save_pdf(parent, document, state)
        else:
            dialog = PreviewDialog(parent, document, title, state=state, recorded=recorded)
            dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            if on_open is not None:
                on_open(dialog)
            dialog.open()

    ops.run(parent, lambda _progress: work(), done)


class BillPrintActions(QObject):
    """Preview, Print (menu: print without prices, preview without prices, print directly) and Save PDF for
    the bill ``bill_id()`` of ``window``; Ctrl+P prints. Hidden without bills.print."""

    def __init__(self, state: AppState, window: QWidget, bill_id: Callable[[], int],
                 title: Callable[[], str]) -> None:
        super().__init__(window)
        self.state, self.window, self.bill_id, self.title = state, window, bill_id, title
        self.preview: QDialog | None = None
        self.allowed = state.user.access.can("bills", "print")
        self.preview_button = QPushButton(icon("eye"), self.tr("Preview"))
        self.preview_button.clicked.connect(lambda: self.run(PREVIEW))
        self.print_button = QToolButton()
        self.print_button.setIcon(icon("printer"))
        self.print_button.setText(self.tr("Print"))
        self.print_button.setToolTip(self.tr("Print (Ctrl+P)"))
        self.print_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.print_button.setPopupMode(QToolButton.ToolButtonPopupMode.MenuButtonPopup)
        self.print_button.setMinimumHeight(self.preview_button.sizeHint().height())  # in line with the buttons
        self.print_button.clicked.connect(lambda: self.run(PRINT))
        menu = QMenu(self.print_button)
        self.without_prices = menu.addAction(self.tr("Print without prices"))
        self.without_prices.triggered.connect(lambda: self.run(PRINT, without_prices=True))
        self.preview_without = menu.addAction(self.tr("Preview without prices"))
        self.preview_without.triggered.connect(lambda: self.run(PREVIEW, without_prices=True))
        menu.addSeparator()
        self.direct: QAction = menu.addAction(self.tr("Print directly to the default printer"))
        self.direct.setCheckable(True)
        self.print_button.setMenu(menu)
        menu.aboutToShow.connect(self._sync_direct)
        self.direct.toggled.connect(self._set_direct)
        self.save_button = QPushButton(icon("file-down"), self.tr("Save PDF..."))
        self.save_button.clicked.connect(lambda: self.run(SAVE))
        self.buttons: tuple[QWidget, ...] = (self.preview_button, self.print_button, self.save_button)
        for button in self.buttons:
            button.setVisible(self.allowed)
        if self.allowed:
            QShortcut(QKeySequence.StandardKey.Print, window, lambda: self.run(PRINT))

    def _sync_direct(self) -> None:
        from desktop_app.views.printing import prints_directly

        self.direct.setChecked(prints_directly(self.state))

    def _set_direct(self, on: bool) -> None:
        from desktop_app.views.printing import set_prints_directly

        set_prints_directly(self.state, on)

    def set_enabled(self, enabled: bool) -> None:
        for button in self.buttons:
            button.setEnabled(enabled)

    def run(self, action: str, *, without_prices: bool = False) -> None:
        if not self.allowed or not self.preview_button.isEnabled():
            return
        context, bill_id = self.state.context, self.bill_id()
        title = self.title()
        if without_prices:
            title = self.tr("{0} (without prices)").format(title)

        def fetch(preview: bool) -> Any:
            from desktop_app.services.documents import bill_pdf

            return bill_pdf(context, bill_id, without_prices=without_prices, preview=preview)

        def opened(dialog: QDialog) -> None:
            self.preview = dialog

        # a preview is not a print: the original stays the original until it is printed or saved
        open_document(self.window, self.state, lambda: fetch(action == PREVIEW), title, action, opened,
                      recorded=(lambda: fetch(False)) if action == PREVIEW else None)


def _date_edit(day: date) -> QDateEdit:
    edit = QDateEdit(QDate(day.year, day.month, day.day))
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("yyyy-MM-dd")
    edit.setMinimumWidth(140)
    return edit


class StatementRangeDialog(QDialog):
    """The period of a statement (对账单): from the start of this year to today unless changed."""

    def __init__(self, parent: QWidget | None = None, start: date | None = None, end: date | None = None) -> None:
        super().__init__(parent)
        today = date.today()
        self.setWindowTitle(self.tr("Statement"))
        self.date_from = _date_edit(start or today.replace(month=1, day=1))
        self.date_to = _date_edit(end or today)
        note = QLabel(self.tr("The statement lists the bills, credit notes and payments of these days, both included, "
                              "with the opening and closing balance."))
        note.setWordWrap(True)
        note.setProperty("role", "muted")
        self.error = QLabel()
        self.error.setProperty("role", "error")
        self.error.hide()
        form = QFormLayout()
        form.addRow(self.tr("From"), self.date_from)
        form.addRow(self.tr("To"), self.date_to)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(self.tr("Preview"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.resize(400, 0)

    def period(self) -> tuple[date, date]:
        """[from, to], both days included."""
        start: date = self.date_from.date().toPython()  # type: ignore[assignment]
        end: date = self.date_to.date().toPython()  # type: ignore[assignment]
        return start, end

    def accept(self) -> None:
        start, end = self.period()
        if end < start:
            self.error.setText(self.tr("The end date is before the start date."))
            self.error.show()
            return
        super().accept()


class AccountPrintActions(QObject):
    """The account tab's "Statement…" (customers.print: asks the period, then a preview of the statement) and
    "Receipt…" (payments.print: the receipt of the payment selected in the statement, or double-clicked)."""

    def __init__(self, state: AppState, window: QWidget, customer_id: int, entries: Any,
                 period: Callable[[], tuple[date, date]]) -> None:
        super().__init__(window)
        self.state, self.window, self.customer_id, self.entries, self.period = \
            state, window, customer_id, entries, period
        self.dialog: StatementRangeDialog | None = None
        self.preview: QDialog | None = None
        access = state.user.access
        # a statement is bill and payment money, a receipt payment money: not offered where the role withholds it
        self.can_statement = access.can("customers", "print") and access.can("bills", "view") \
            and amounts.shown(amounts.account_rule(access))
        self.can_receipt = access.can("payments", "print") and access.can("payments", "view") \
            and amounts.shown(amounts.rule(access, "payments"))
        self.statement_button = QPushButton(icon("printer"), self.tr("Statement..."))
        self.statement_button.setToolTip(self.tr("Preview and print the statement of a period"))
        self.statement_button.clicked.connect(self.statement)
        self.statement_button.setVisible(self.can_statement)
        self.receipt_button = QPushButton(icon("receipt"), self.tr("Receipt..."))
        self.receipt_button.setToolTip(self.tr("Preview and print the receipt of the payment selected"))
        self.receipt_button.clicked.connect(self.receipt)
        self.receipt_button.setVisible(self.can_receipt)
        self.receipt_button.setEnabled(False)
        self.buttons = (self.statement_button, self.receipt_button)
        entries.selectionModel().selectionChanged.connect(
            lambda *_: self.receipt_button.setEnabled(self.selected_payment() is not None))
        entries.doubleClicked.connect(lambda _index: self.receipt())

    def selected_payment(self) -> Any:
        from desktop_app.views.table_model import selected_record

        entry = selected_record(self.entries)
        return entry if entry is not None and entry.kind == "payment" else None

    def statement(self) -> None:
        """Ask the period (the one shown in the tab unless changed), then preview the statement (对账单)."""
        if self.can_statement:
            self.dialog = StatementRangeDialog(self.window, *self.period())
            self.dialog.accepted.connect(self._statement_chosen)
            self.dialog.open()

    def _statement_chosen(self) -> None:
        if self.dialog is None:
            return
        context, customer_id, (start, end) = self.state.context, self.customer_id, self.dialog.period()

        def work() -> Any:
            from desktop_app.services.documents import statement_pdf

            return statement_pdf(context, customer_id, start, end)

        title = self.tr("Statement {0} ~ {1}").format(start.isoformat(), end.isoformat())
        open_document(self.window, self.state, work, title, on_open=self._opened)

    def receipt(self) -> None:
        entry, context = self.selected_payment(), self.state.context
        if entry is None or not self.can_receipt:
            return

        def work() -> Any:
            from desktop_app.services.documents import receipt_pdf

            return receipt_pdf(context, entry.id)

        open_document(self.window, self.state, work, self.tr("Receipt {0}").format(entry.code), on_open=self._opened)

    def _opened(self, dialog: QDialog) -> None:
        self.preview = dialog
