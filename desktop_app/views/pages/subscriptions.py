"""Subscriptions (订阅): every subscription the user may see (the scope follows the customer), newest first,
filtered by status, plan and a text on the customer or the code. More load as the table scrolls to its end
(keyset pages by code). Opening one shows its customer on the Subscriptions tab, where it is changed."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app.views import ops
from desktop_app.views.change_plan_dialog import plan_label, status_name
from desktop_app.views.error_dialog import show_error
from desktop_app.views.keyset_model import KeysetModel, record_table
from desktop_app.views.quote_view import day_text
from desktop_app.views.state import AppState
from desktop_app.views.table_model import Column, selected_record

PAGE = 200  # subscriptions per page: the first with the list, the next as the table scrolls to its end
STATUSES = ("trial", "active", "paused", "cancelled", "ended")  # services/subscriptions.STATUSES
WIDTHS = (130, 240, 190, 80, 96, 96, 64, 110)


def billed_until_text(info: Any) -> str:
    """The last day billed in advance (``billed_until`` is the end of that period, exclusive)."""
    return day_text(info.billed_until - timedelta(days=1)) if info.billed_until is not None else ""


class SubscriptionsPage(QWidget):
    def __init__(self, state: AppState) -> None:
        super().__init__()
        self.state = state
        self.dialog: Any = None
        self.tiers: list[str] = ["standard", "silver", "gold", "platinum"]  # the customer dialog's, until loaded
        self._generation = 0
        self._shown: dict[str, Any] = {}  # the filter of the rows on screen (the next pages use it too)
        title = QLabel(self.tr("Subscriptions"))
        title.setObjectName("pageTitle")
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("Customer name or code, or subscription code"))
        self.search.setClearButtonEnabled(True)
        self.search.setMinimumWidth(240)
        self.search.setMaximumWidth(380)
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(250)
        self._debounce.timeout.connect(self.reload)
        self.search.textChanged.connect(lambda _text: self._debounce.start())
        self.status = QComboBox()
        self.status.addItem(self.tr("All statuses"), "")
        for key in STATUSES:
            self.status.addItem(status_name(key), key)
        self.plan = QComboBox()
        self.plan.addItem(self.tr("All plans"), None)
        self.plan.setMinimumWidth(160)
        self.plan_label = QLabel(self.tr("Plan"))
        for combo in (self.status, self.plan):
            combo.currentIndexChanged.connect(lambda _index: self.reload())
        filters = QHBoxLayout()
        filters.addWidget(self.search, 1)
        for widget in (QLabel(self.tr("Status")), self.status, self.plan_label, self.plan):
            filters.addWidget(widget)
        filters.addStretch(1)
        self.model = KeysetModel([
            Column(self.tr("Code"), lambda s: s.code),
            Column(self.tr("Customer"), lambda s: s.customer_name, tooltip=lambda s: s.customer_code),
            Column(self.tr("Plan"), lambda s: plan_label(s.plan_name, s.plan_version_number),
                   tooltip=lambda s: s.plan_code),
            Column(self.tr("Status"), lambda s: status_name(s.status), tooltip=self._status_tip),
            Column(self.tr("Start"), lambda s: day_text(s.start_date)),
            Column(self.tr("Trial end"), lambda s: day_text(s.trial_end) if s.trial_end else ""),
            Column(self.tr("Seats"), lambda s: s.seats, align_right=True),
            Column(self.tr("Billed until"), billed_until_text,
                   tooltip=lambda s: self.tr("Billed in advance up to and including this day") if s.billed_until
                   else self.tr("Not billed yet")),
        ], lambda last: self._fetch(self._shown, last.code), PAGE, self)
        self.table = record_table(self.model, WIDTHS)
        self.table.doubleClicked.connect(lambda _index: self.open_selected())
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._enable())
        self.open_button = QPushButton(self.tr("Open customer"))
        self.open_button.setToolTip(self.tr("The customer of the selected subscription, on its Subscriptions tab "
                                            "(double-click or Enter)"))
        self.open_button.clicked.connect(self.open_selected)
        self.count = QLabel()
        self.count.setProperty("role", "muted")
        buttons = QHBoxLayout()
        buttons.addWidget(self.open_button)
        buttons.addStretch(1)
        buttons.addWidget(self.count)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 20)
        layout.addWidget(title)
        layout.addLayout(filters)
        layout.addLayout(buttons)
        layout.addWidget(self.table, 1)
        for key in ("Return", "Enter"):
            QShortcut(QKeySequence(key), self.table, self.open_selected)
        state.bus.changed.connect(self._changed)
        self._enable()
        self._load_choices()
        self.reload()

    def _status_tip(self, info: Any) -> str:
        if info.status == "paused" and info.paused_from:
            return self.tr("Paused from {0}").format(day_text(info.paused_from))
        if info.status == "cancelled" and info.cancel_at:
            return self.tr("Ends on {0}").format(day_text(info.cancel_at))
        if info.ended_at:
            return self.tr("Ended on {0}").format(day_text(info.ended_at))
        return ""

    def _load_choices(self) -> None:
        """The plans to filter by (who may not see products gets no plan filter) and the customer tiers."""
        context, products = self.state.context, self.state.user.access.can("products", "view")
        self.plan.setVisible(products)
        self.plan_label.setVisible(products)

        def work(_progress: ops.Progress) -> Any:
            from desktop_app.services.plans import list_plans
            from desktop_app.services.settings import get_settings

            plans = list_plans(context, include_archived=True) if products else []
            return plans, list(get_settings(context)["customer.tiers"])

        def done(result: tuple[list[Any], list[str]]) -> None:
            plans, self.tiers = result
            self.plan.blockSignals(True)
            for plan in plans:
                self.plan.addItem(f"{plan.name} ({plan.code})", plan.id)
            self.plan.blockSignals(False)

        ops.run(self, work, done, lambda error: show_error(self, error), write=False)

    # -- the list --------------------------------------------------------------------------------------

    def _changed(self, changes: Any) -> None:
        if getattr(changes, "customers", False):  # subscriptions change with their customer (services)
            self.reload()

    def filter_data(self) -> dict[str, Any]:
        return {"status": self.status.currentData() or None, "plan_id": self.plan.currentData(),
                "text": self.search.text().strip()}

    def reload(self) -> None:
        self._debounce.stop()
        self._generation += 1
        self._fetch(self.filter_data(), None)

    def _fetch(self, flt: dict[str, Any], before_code: str | None) -> None:
        """The first page (``before_code`` None) or the page after ``before_code``, for the filter ``flt``."""
        context, generation = self.state.context, self._generation

        def work(_progress: ops.Progress) -> Any:
            from desktop_app.services.subscriptions import list_subscriptions

            return list_subscriptions(context, newest_first=True, limit=PAGE, before_code=before_code, **flt)

        def done(rows: list[Any]) -> None:
            if generation != self._generation:
                return  # a newer filter is on its way: never show an older answer over it
            if before_code is not None:
                self.model.append_page(rows)
            else:
                self._shown, chosen = flt, self.selected()
                self.model.set_first_page(rows)
                number = next((n for n, row in enumerate(rows) if chosen is not None and row.id == chosen.id), None)
                if number is not None:
                    self.table.selectRow(number)  # the subscription selected stays selected
                self._enable()
            self._counted()

        def failed(error: BaseException) -> None:
            self.model.loading, self.model.more = False, False  # paging stops; the rows shown stay
            show_error(self, error)

        ops.run(self, work, done, failed, write=False)

    def _counted(self) -> None:
        text = self.tr("{0} subscriptions").format(f"{self.model.rowCount():,}")
        if self.model.more:
            text += " · " + self.tr("more as you scroll")
        self.count.setText(text)

    def selected(self) -> Any:
        return selected_record(self.table)

    def _enable(self) -> None:
        self.open_button.setEnabled(self.selected() is not None and self.state.user.access.can("customers", "view"))

    # -- opening ---------------------------------------------------------------------------------------

    def open_selected(self) -> None:
        """The customer dialog on its Subscriptions tab, with this subscription selected once it is loaded."""
        info = self.selected()
        if info is None or not self.state.user.access.can("customers", "view"):
            return
        from desktop_app.views.customer_dialog import CustomerDialog

        self.dialog = CustomerDialog(self.state, info.customer_id, self.tiers, self)
        tab = getattr(self.dialog, "subscriptions", None)
        if tab is not None:
            self.dialog.tabs.setCurrentWidget(tab)

            def loaded() -> None:
                tab.model.modelReset.disconnect(loaded)
                row = next((number for number, row in enumerate(tab.model.rows) if row.id == info.id), None)
                if row is not None:
                    tab.table.selectRow(row)

            tab.model.modelReset.connect(loaded)
        self.dialog.open()
