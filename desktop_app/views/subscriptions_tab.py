"""A customer's subscriptions (订阅), a tab of the customer dialog: the list with what the next bill comes to,
a new subscription, and the changes (plan, seats, pause, resume, cancel: previewed in ChangeDialog before
they are committed) and each subscription's history. Buttons follow the user's permissions
(subscriptions.create / .edit) and the selected subscription's status."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from PySide6.QtCore import QCoreApplication, QDate, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop_app.views import amount_text, ops
from desktop_app.views.change_plan_dialog import ChangeDialog, PlanChoice, plan_choices, plan_label, status_name
from desktop_app.views.forms import FormErrors, save_and_close
from desktop_app.views.pages.audit import local, table
from desktop_app.views.pages.products import widen
from desktop_app.views.quote_view import day_text, yuan
from desktop_app.views.state import AppState
from desktop_app.views.table_model import Column, RecordTableModel, selected_record

# which change each status allows (services/subscription_changes.py)
ALLOWED = {"plan": ("trial", "active"), "seats": ("trial", "active"), "pause": ("active",), "resume": ("paused",),
           "cancel": ("trial", "active", "paused")}


@dataclass(frozen=True)
class SubscriptionRow:
    """One line of the tab: the subscription, its modules by name and its next bill (None: nothing to bill)."""

    info: Any
    modules: tuple[str, ...]
    next_bill: Any

    @property
    def id(self) -> int:
        return int(self.info.id)


def load_rows(context: Any, customer_id: int, as_of: date) -> list[SubscriptionRow]:
    from desktop_app.errors import DomainError
    from desktop_app.services.plans import get_version
    from desktop_app.services.subscriptions import list_subscriptions, preview_next_bill

    names: dict[int, dict[str, str]] = {}
    rows = []
    for info in list_subscriptions(context, customer_id=customer_id):
        if info.plan_version_id not in names:
            try:
                charges = get_version(context, info.plan_version_id).definition.get("charges", [])
                names[info.plan_version_id] = {str(c.get("code")): str(c.get("name") or c.get("code"))
                                               for c in charges if isinstance(c, dict)}
            except DomainError:  # no products.view: the codes will do
                names[info.plan_version_id] = {}
        try:
            next_bill = None if info.status == "ended" else preview_next_bill(context, info.id, as_of)
        except DomainError:  # paused or cancelled: nothing to bill
            next_bill = None
        modules = tuple(names[info.plan_version_id].get(code, code) for code in info.modules)
        rows.append(SubscriptionRow(info, modules, next_bill))
    return rows


def event_name(kind: str) -> str:
    names = {"created": QCoreApplication.translate("Subscriptions", "Created"),
             "activated": QCoreApplication.translate("Subscriptions", "Trial ended, active"),
             "plan_changed": QCoreApplication.translate("Subscriptions", "Plan changed"),
             "seats_changed": QCoreApplication.translate("Subscriptions", "Seats changed"),
             "paused": QCoreApplication.translate("Subscriptions", "Paused"),
             "resumed": QCoreApplication.translate("Subscriptions", "Resumed"),
             "cancelled": QCoreApplication.translate("Subscriptions", "Cancelled"),
             "ended": QCoreApplication.translate("Subscriptions", "Ended")}
    return names.get(kind, kind)


def event_detail(detail: dict[str, Any]) -> str:
    """The event's details in words: plan and seat moves, the credit and charge, the cancellation."""
    parts = []
    if isinstance(detail.get("old"), list) and isinstance(detail.get("new"), list):
        (old_code, old_number), (new_code, new_number) = detail["old"][:2], detail["new"][:2]
        parts.append(f"{old_code} v{old_number} → {new_code} v{new_number}")
    elif detail.get("plan"):
        parts.append(f"{detail['plan']} v{detail.get('number', '')}")
    seats = detail.get("seats")
    if isinstance(seats, list):
        parts.append(QCoreApplication.translate("Subscriptions", "seats {0} → {1}").format(*seats))
    elif seats is not None:
        parts.append(QCoreApplication.translate("Subscriptions", "{0} seats").format(seats))
    if detail.get("modules"):
        modules = ", ".join(map(str, detail["modules"]))
        parts.append(QCoreApplication.translate("Subscriptions", "modules {0}").format(modules))
    if detail.get("coupons"):
        coupons = ", ".join(map(str, detail["coupons"]))
        parts.append(QCoreApplication.translate("Subscriptions", "coupons {0}").format(coupons))
    if detail.get("trial_end"):
        parts.append(QCoreApplication.translate("Subscriptions", "trial until {0}").format(detail["trial_end"]))
    if "at_period_end" in detail:
        parts.append(QCoreApplication.translate("Subscriptions", "at the end of the period") if detail["at_period_end"]
                     else QCoreApplication.translate("Subscriptions", "immediately"))
    amounts = {"credit": QCoreApplication.translate("Subscriptions", "credit {0}"),
               "charge": QCoreApplication.translate("Subscriptions", "charge {0}")}
    for key, text in amounts.items():
        if detail.get(key) not in (None, "0.00", "0"):
            parts.append(text.format(yuan(Decimal(str(detail[key])))))
    return " · ".join(parts)


class SubscriptionsTab(QWidget):
    def __init__(self, state: AppState, customer_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state, self.customer_id = state, customer_id
        self.dialog: QDialog | None = None
        self.generation = 0
        access = state.user.access
        self.can_create, self.can_edit = access.can("subscriptions", "create"), access.can("subscriptions", "edit")
        self.model = RecordTableModel([
            Column(self.tr("Code"), lambda r: r.info.code),
            Column(self.tr("Plan"), lambda r: plan_label(r.info.plan_name, r.info.plan_version_number)),
            Column(self.tr("Status"), lambda r: status_name(r.info.status), tooltip=self._status_tip),
            Column(self.tr("Start"), lambda r: day_text(r.info.start_date)),
            Column(self.tr("Trial end"), lambda r: day_text(r.info.trial_end)),
            Column(self.tr("Seats"), lambda r: r.info.seats, align_right=True),
            Column(self.tr("Modules"), lambda r: ", ".join(r.modules), tooltip=lambda r: ", ".join(r.modules)),
            Column(self.tr("Next bill"), self._next_bill_text,
                   align_right=True, tooltip=self._next_bill_tip),
        ], self)
        self.table = table(self.model)
        widen(self.table, {1: 150, 6: 120})
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self.update_buttons())
        self.table.doubleClicked.connect(lambda _index: self.history())
        self.new_button = QPushButton(self.tr("New subscription..."))
        self.new_button.clicked.connect(self.new_subscription)
        self.change_buttons: dict[str, QPushButton] = {
            "plan": QPushButton(self.tr("Change plan...")), "seats": QPushButton(self.tr("Change seats...")),
            "pause": QPushButton(self.tr("Pause...")), "resume": QPushButton(self.tr("Resume...")),
            "cancel": QPushButton(self.tr("Cancel..."))}
        self.history_button = QPushButton(self.tr("History"))
        self.history_button.clicked.connect(self.history)
        self.new_button.setVisible(self.can_create)
        buttons = QHBoxLayout()
        buttons.addWidget(self.new_button)
        for kind, button in self.change_buttons.items():
            button.setVisible(self.can_edit)
            button.clicked.connect(lambda _checked=False, kind=kind: self.change(kind))
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.history_button)
        self.note = QLabel(self.tr("Next bill: the recurring charges of the coming bill, without usage."))
        self.note.setProperty("role", "muted")
        layout = QVBoxLayout(self)
        layout.addLayout(buttons)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.note)
        state.bus.changed.connect(self._changed)
        self.update_buttons()
        self.reload()

    def _status_tip(self, row: SubscriptionRow) -> str:
        info = row.info
        if info.status == "paused" and info.paused_from:
            return self.tr("Paused from {0}").format(day_text(info.paused_from))
        if info.cancel_at is not None and info.status == "cancelled":
            return self.tr("Ends on {0}").format(day_text(info.cancel_at))
        if info.ended_at is not None:
            return self.tr("Ended on {0}").format(day_text(info.ended_at))
        return ""

    def _next_bill_text(self, row: SubscriptionRow) -> str:
        value_rule = amount_text.rule(self.state.user.access, "bills")
        if not amount_text.shown(value_rule):  # preview_next_bill refuses such a role: nothing but amounts
            return amount_text.withheld(value_rule)
        return yuan(row.next_bill.total_gross) if row.next_bill else "—"

    def _next_bill_tip(self, row: SubscriptionRow) -> str:
        quote = row.next_bill
        if not quote or not quote.lines:
            return ""
        from desktop_app.views.quote_view import period_text

        return self.tr("{0}: amount {1}, tax {2}").format(period_text(quote.lines[0].period), yuan(quote.total_net),
                                                         yuan(quote.total_tax))

    def _changed(self, changes: Any) -> None:
        if getattr(changes, "customers", False):
            self.reload()

    def reload(self) -> None:
        context, customer_id, today = self.state.context, self.customer_id, date.today()
        self.generation += 1
        generation = self.generation

        def done(rows: list[SubscriptionRow]) -> None:
            if generation == self.generation:
                self.model.replace_rows(self.table, rows)
                self.update_buttons()

        ops.run(self, lambda _progress: load_rows(context, customer_id, today), done, write=False)

    def selected(self) -> SubscriptionRow | None:
        row: SubscriptionRow | None = selected_record(self.table)
        return row

    def update_buttons(self) -> None:
        row = self.selected()
        status = row.info.status if row is not None else ""
        for kind, button in self.change_buttons.items():
            button.setEnabled(self.can_edit and status in ALLOWED[kind])
        self.history_button.setEnabled(row is not None)

    def new_subscription(self) -> None:
        if self.can_create:
            self.dialog = NewSubscriptionDialog(self.state, self.customer_id, self)
            self.dialog.open()

    def change(self, kind: str) -> None:
        row = self.selected()
        if row is not None and self.can_edit and row.info.status in ALLOWED[kind]:
            self.dialog = ChangeDialog(self.state, row.info, kind, self)
            self.dialog.open()

    def history(self) -> None:
        row = self.selected()
        if row is not None:
            self.dialog = HistoryDialog(self.state, row.info, self)
            self.dialog.open()


class NewSubscriptionDialog(QDialog):
    """Subscribe the customer to a published plan: start, seats, modules, coupons, how periods are counted."""

    def __init__(self, state: AppState, customer_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state, self.customer_id = state, customer_id
        self.saved: Any = None
        self.choices: list[PlanChoice] = []
        self.setWindowTitle(self.tr("New subscription"))
        self.plan = QComboBox()
        self.plan.currentIndexChanged.connect(lambda _index: self._plan_chosen())
        self.trial = QLabel()
        self.trial.setProperty("role", "muted")
        self.start = QDateEdit(QDate.currentDate())
        self.start.setCalendarPopup(True)
        self.start.setDisplayFormat("yyyy-MM-dd")
        self.seats = QSpinBox()
        self.seats.setRange(0, 1_000_000)
        self.seats.setGroupSeparatorShown(True)
        for narrow in (self.start, self.seats):
            narrow.setMinimumWidth(140)
            narrow.setMaximumWidth(160)
        self.modules = QListWidget()
        self.modules.setMaximumHeight(90)
        self.modules_label = QLabel(self.tr("Modules"))
        self.coupons = QLineEdit()
        self.coupons.setPlaceholderText(self.tr("coupon codes, comma separated, e.g. NEW50"))
        self.anchor = QComboBox()
        self.anchor.addItem(self.tr("Calendar: periods start on the 1st of the month"), "calendar")
        self.anchor.addItem(self.tr("Anniversary: periods start on the first billed day"), "anniversary")
        form = QFormLayout()
        form.addRow(self.tr("Plan *"), self.plan)
        form.addRow("", self.trial)
        form.addRow(self.tr("Start date"), self.start)
        form.addRow(self.tr("Seats"), self.seats)
        form.addRow(self.modules_label, self.modules)
        form.addRow(self.tr("Coupons"), self.coupons)
        form.addRow(self.tr("Billing periods"), self.anchor)
        self.errors = FormErrors({"plan": self.plan, "seats": self.seats, "modules": self.modules,
                                  "anchor": self.anchor, "coupons": self.coupons})
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(self.tr("Subscribe"))
        self.ok_button.setEnabled(False)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.errors.label)
        layout.addWidget(buttons)
        self.resize(560, 0)
        self._plan_chosen()
        context = state.context
        ops.run(self, lambda _progress: plan_choices(context), self._fill_plans, self.errors.show, write=False)

    def _fill_plans(self, choices: list[PlanChoice]) -> None:
        self.choices = choices
        self.plan.blockSignals(True)
        for choice in choices:
            self.plan.addItem(f"{plan_label(choice.name, choice.number)} ({choice.code})", choice.version_id)
        self.plan.blockSignals(False)
        if not choices:
            self.errors.label.setText(self.tr("No plan is published yet: publish one on the Plans page first."))
            self.errors.label.show()
        self._plan_chosen()

    def choice(self) -> PlanChoice | None:
        index = self.plan.currentIndex()
        return self.choices[index] if 0 <= index < len(self.choices) else None

    def _plan_chosen(self) -> None:
        choice = self.choice()
        self.ok_button.setEnabled(choice is not None)
        per_seat = choice is not None and choice.per_seat
        self.seats.setEnabled(per_seat)
        self.seats.setMinimum(1 if per_seat else 0)
        if not per_seat:
            self.seats.setValue(0)
        self.modules.clear()
        for code, name in choice.modules if choice is not None else ():
            item = QListWidgetItem(f"{name} ({code})")
            item.setData(Qt.ItemDataRole.UserRole, code)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.modules.addItem(item)
        has_modules = self.modules.count() > 0
        self.modules.setVisible(has_modules)
        self.modules_label.setVisible(has_modules)
        self.trial.setText(self.tr("Starts with a free trial of {0} days.").format(choice.trial_days)
                           if choice is not None and choice.trial_days else "")
        self.trial.setVisible(bool(self.trial.text()))

    def chosen_modules(self) -> list[str]:
        return [self.modules.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.modules.count())
                if self.modules.item(i).checkState() == Qt.CheckState.Checked]

    def save(self) -> None:
        choice = self.choice()
        if choice is None:
            return
        context, customer_id = self.state.context, self.customer_id
        start, seats, modules = self.start.date().toPython(), self.seats.value(), self.chosen_modules()
        assert isinstance(start, date)
        coupons = [code.strip() for code in self.coupons.text().replace("，", ",").split(",") if code.strip()]
        anchor, version_id = str(self.anchor.currentData()), choice.version_id

        def work(_progress: ops.Progress) -> Any:
            from desktop_app.services.subscriptions import create_subscription

            return create_subscription(context, customer_id, start, plan_version_id=version_id, seats=seats,
                                       modules=modules, coupon_codes=coupons, anchor=anchor)

        save_and_close(self, work, self.ok_button, self.errors.show)


class HistoryDialog(QDialog):
    """What happened to one subscription, oldest first."""

    def __init__(self, state: AppState, subscription: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("History of {0}").format(subscription.code))
        self.model = RecordTableModel([
            Column(self.tr("Time"), lambda e: local(e.at)),
            Column(self.tr("Event"), lambda e: event_name(e.kind)),
            Column(self.tr("Effective"), lambda e: day_text(e.effective)),
            Column(self.tr("Details"), lambda e: event_detail(e.detail), tooltip=lambda e: event_detail(e.detail)),
            Column(self.tr("By"), lambda e: e.by),
        ], self)
        self.table = table(self.model)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
        self.resize(820, 380)
        context, sub_id = state.context, subscription.id

        def work(_progress: ops.Progress) -> Any:
            from desktop_app.services.subscriptions import list_events

            return list_events(context, sub_id)

        ops.run(self, work, self.model.set_rows, write=False)
