"""Changing a subscription in the middle of a period: another plan, seats, pause, resume, cancel.

Every change is previewed first (services.subscription_changes with ``preview=True``: nothing is written):
the credit for the unused part of the old terms, the charge for the rest of the period on the new terms, the
balance, and what the next bill looks like on the new terms (``ChangePreview.next_bill``, priced in the same
rolled-back unit of work).
The change is committed only by the dialog's OK button, with the subscription's version as loaded, so a
change someone else made meanwhile is refused (ConcurrentEdit) instead of overwritten."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from PySide6.QtCore import QCoreApplication, QDate, Qt, QTimer
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QLabel,
    QMessageBox,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop_app.errors import ConcurrentEdit
from desktop_app.views import amount_text, ops
from desktop_app.views.forms import FormErrors
from desktop_app.views.messages import describe
from desktop_app.views.quote_view import QuoteView, day_text, period_text, yuan
from desktop_app.views.state import AppState

KINDS = ("plan", "seats", "pause", "resume", "cancel")


def status_name(status: str) -> str:
    names = {"trial": QCoreApplication.translate("Subscriptions", "Trial"),
             "active": QCoreApplication.translate("Subscriptions", "Active"),
             "paused": QCoreApplication.translate("Subscriptions", "Paused"),
             "cancelled": QCoreApplication.translate("Subscriptions", "Cancelled"),
             "ended": QCoreApplication.translate("Subscriptions", "Ended")}
    return names.get(status, status)


def plan_label(name: str, number: int) -> str:
    return QCoreApplication.translate("Subscriptions", "{0} · version {1}").format(name, number)


def terms_text(subscription: Any) -> str:
    """"基础套餐 · version 1 · Active · 5 seats" for a SubscriptionInfo."""
    return QCoreApplication.translate("Subscriptions", "{0} · {1} · {2} seats").format(
        plan_label(subscription.plan_name, subscription.plan_version_number), status_name(subscription.status),
        subscription.seats)


def heading(text: str) -> QLabel:
    label = QLabel(text)
    label.setStyleSheet("font-weight: 600; margin-top: 6px;")
    return label


@dataclass(frozen=True)
class PlanChoice:
    """A plan's published version, as offered to new subscriptions and plan changes."""

    plan_id: int
    version_id: int
    code: str
    name: str
    number: int
    modules: tuple[tuple[str, str], ...]  # (charge code, name) of the modules and bundles one can switch on
    per_seat: bool
    trial_days: int


def plan_choices(context: Any) -> list[PlanChoice]:
    """The published version of every plan on offer (not archived), by plan code."""
    from desktop_app.services.plans import PUBLISHED, list_plans, list_versions

    choices = []
    for plan in list_plans(context):
        if plan.published_number is None:
            continue
        version = next((v for v in list_versions(context, plan.id) if v.status == PUBLISHED), None)
        if version is None:
            continue
        charges = [c for c in version.definition.get("charges", []) if isinstance(c, dict)]
        modules = tuple((str(c["code"]), str(c.get("name") or c["code"])) for c in charges
                        if c.get("kind") in ("module", "bundle") and c.get("code"))
        choices.append(PlanChoice(plan.id, version.id, plan.code, plan.name, version.number, modules,
                                  any(c.get("kind") == "seat" for c in charges),
                                  int(version.definition.get("trial_days") or 0)))
    return choices


class ChangeDialog(QDialog):
    """One change (``kind``: plan, seats, pause, resume or cancel) of ``subscription`` (a SubscriptionInfo)."""

    def __init__(self, state: AppState, subscription: Any, kind: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        assert kind in KINDS
        self.state, self.subscription, self.kind = state, subscription, kind
        self.preview: Any = None  # the ChangePreview of the inputs on screen; None while asking
        self.next_bill: Any = None
        self.applied: Any = None  # the committed change
        self.generation = 0
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(250)
        self.timer.timeout.connect(self.calculate)
        titles = {"plan": self.tr("Change plan"), "seats": self.tr("Change seats"),
                  "pause": self.tr("Pause subscription"), "resume": self.tr("Resume subscription"),
                  "cancel": self.tr("Cancel subscription")}
        self.setWindowTitle(titles[kind] + f" · {subscription.code}")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Close)
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(titles[kind])
        self.ok_button.setEnabled(False)
        self.buttons.accepted.connect(self.apply)
        self.buttons.rejected.connect(self.reject)
        self.current = QLabel()
        self.current.setProperty("role", "muted")
        self.effective = QDateEdit()
        self.effective.setCalendarPopup(True)
        self.effective.setDisplayFormat("yyyy-MM-dd")
        self.effective.setMinimumDate(QDate(subscription.start_date))
        self.effective.setDate(QDate(max(date.today(), subscription.start_date)))
        self.effective.dateChanged.connect(self.request)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
        form.addRow(self.tr("Subscription"), self.current)
        form.addRow(self.tr("Takes effect on"), self.effective)
        fields: dict[str, QWidget] = {"effective": self.effective}
        self.plan = QComboBox()
        self.plan.setMinimumWidth(320)
        self.plan.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.seats = QSpinBox()
        self.at_period_end = QRadioButton(self.tr("At the end of the billing period (no credit)"))
        self.immediately = QRadioButton(self.tr("Immediately, with a credit for the rest of the period"))
        if kind == "plan":
            self.plan.currentIndexChanged.connect(self.request)
            form.addRow(self.tr("New plan"), self.plan)
            fields["plan"] = self.plan
            self._load_plans()
        elif kind == "seats":
            self.seats.setRange(0, 1_000_000)
            self.seats.setGroupSeparatorShown(True)
            self.seats.setValue(subscription.seats)
            self.seats.valueChanged.connect(self.request)
            form.addRow(self.tr("Seats"), self.seats)
            fields["seats"] = self.seats
        elif kind == "cancel":
            group = QButtonGroup(self)
            self.at_period_end.setChecked(True)
            for button in (self.at_period_end, self.immediately):
                group.addButton(button)
                button.toggled.connect(self.request)
            when = QVBoxLayout()
            when.addWidget(self.at_period_end)
            when.addWidget(self.immediately)
            form.addRow(self.tr("When"), when)
        self.errors = FormErrors(fields)
        self.period = QLabel()
        self.period.setWordWrap(True)
        self.after = QLabel()
        self.after.setWordWrap(True)
        self.credit_view = QuoteView(self, totals=False, max_rows=4)
        self.charge_view = QuoteView(self, totals=False, max_rows=4)
        self.next_view = QuoteView(self, max_rows=4)
        self.next_title = heading(self.tr("Next bill after the change"))
        self.totals: dict[str, QLabel] = {}
        sums = QGridLayout()
        sums.setColumnStretch(0, 1)
        names = (("credit", self.tr("Credit")), ("charge", self.tr("Charge")),
                 ("balance", self.tr("Balance on the next bill")))
        for row, (key, text) in enumerate(names):
            value = QLabel()
            value.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            value.setMinimumWidth(110)
            sums.addWidget(QLabel(text), row, 1, Qt.AlignmentFlag.AlignRight)
            sums.addWidget(value, row, 2)
            self.totals[key] = value
        self.totals["balance"].setStyleSheet("font-weight: 600;")
        self.balance_note = QLabel()
        self.balance_note.setProperty("role", "muted")
        self.balance_note.setAlignment(Qt.AlignmentFlag.AlignRight)
        sums.addWidget(self.balance_note, 3, 1, 1, 2)
        box = QGroupBox(self.tr("Preview: nothing is saved until you press OK"))
        inner = QVBoxLayout(box)
        inner.addWidget(self.period)
        inner.addWidget(self.after)
        inner.addWidget(heading(self.tr("Credit for the unused part of the old terms")))
        inner.addWidget(self.credit_view)
        inner.addWidget(heading(self.tr("Charge for the rest of the period on the new terms")))
        inner.addWidget(self.charge_view)
        inner.addLayout(sums)
        inner.addWidget(self.next_title)
        inner.addWidget(self.next_view)
        inner.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(box, 1)
        layout.addWidget(self.errors.label)
        layout.addWidget(self.buttons)
        self.resize(880, 720)
        self._show_subscription()
        if kind != "plan":
            self.request()

    # -- inputs --------------------------------------------------------------------------------------

    def _show_subscription(self) -> None:
        sub = self.subscription
        self.current.setText(f"{sub.code} · {terms_text(sub)}")
        self.effective.setMinimumDate(QDate(sub.start_date))

    def _load_plans(self) -> None:
        context, current = self.state.context, self.subscription.plan_version_id

        def done(choices: list[PlanChoice]) -> None:
            self.plan.blockSignals(True)
            for choice in choices:
                if choice.version_id != current:
                    self.plan.addItem(f"{plan_label(choice.name, choice.number)} ({choice.code})", choice.version_id)
            self.plan.blockSignals(False)
            if self.plan.count() == 0:
                self._clear_preview()
                self.errors.label.setText(self.tr("There is no other published plan to change to."))
                self.errors.label.show()
                return
            self.request()

        ops.run(self, lambda _progress: plan_choices(context), done, self._show_error_of, write=False)

    def _call(self) -> Callable[[bool], Any] | None:
        """The service call for the inputs on screen (``preview`` as its argument), or None if incomplete."""
        from desktop_app.services import subscription_changes as changes

        context, sub, kind = self.state.context, self.subscription, self.kind
        effective = self.effective.date().toPython()
        assert isinstance(effective, date)
        version = sub.version
        if kind == "plan":
            target = self.plan.currentData()
            if target is None:
                return None
            return lambda preview: changes.change_plan(context, sub.id, int(target), effective, version=version,
                                                       preview=preview)
        if kind == "seats":
            seats = self.seats.value()
            return lambda preview: changes.change_seats(context, sub.id, seats, effective, version=version,
                                                        preview=preview)
        if kind == "cancel":
            at_end = self.at_period_end.isChecked()
            return lambda preview: changes.cancel(context, sub.id, effective, at_period_end=at_end, version=version,
                                                  preview=preview)
        action = changes.pause if kind == "pause" else changes.resume
        return lambda preview: action(context, sub.id, effective, version=version, preview=preview)

    def request(self, *_args: object) -> None:
        """An input changed: the preview on screen no longer applies; a new one follows shortly."""
        self.preview = None
        self.ok_button.setEnabled(False)
        self.errors.clear()
        self.timer.start()

    # -- the preview ---------------------------------------------------------------------------------

    def calculate(self) -> None:
        call = self._call()
        if call is None:
            return
        self.generation += 1
        generation = self.generation

        def done(preview: Any) -> None:
            if generation == self.generation:
                self.show_preview(preview)

        def failed(error: BaseException) -> None:
            if generation == self.generation:
                self._show_error_of(error)

        ops.run(self, lambda _progress: call(True), done, failed)  # a write transaction, rolled back

    def show_preview(self, preview: Any) -> None:
        self.preview, self.next_bill = preview, preview.next_bill  # the next bill on the new terms
        self.errors.clear()
        after = preview.subscription
        if preview.period is not None:
            self.period.setText(self.tr("Billing period {0}; the change counts from {1}.").format(
                period_text(preview.period), day_text(preview.effective)))
        else:
            self.period.setText(self.tr("No money moves: the subscription is not billed on {0} (trial or "
                                        "paused).").format(day_text(preview.effective)))
        text = self.tr("After the change: {0}").format(terms_text(after))
        stop = after.cancel_at
        if stop is not None:
            text += " · " + self.tr("last day of service {0}").format(day_text(stop - timedelta(days=1)))
        self.after.setText(text)
        if not preview.amounts_shown:  # the role masks or hides bill amounts: the change, not its money
            self._show_withheld()
            return
        none = self.tr("Nothing to credit.")
        for view, quote, empty in ((self.credit_view, preview.credit, none),
                                   (self.charge_view, preview.charge, self.tr("Nothing to charge."))):
            if quote is None:
                view.show_message(empty)
            else:
                view.set_quote(quote)
        self.totals["credit"].setText(yuan(preview.credit_total))
        self.totals["charge"].setText(yuan(preview.charge_total))
        self.totals["balance"].setText(yuan(preview.balance))
        self.balance_note.setText(self.tr("the customer pays this") if preview.balance > 0 else
                                  self.tr("credited to the customer") if preview.balance < 0 else "")
        next_bill = preview.next_bill
        if next_bill is None:
            self.next_title.setText(self.tr("Next bill after the change"))
            self.next_view.show_message(self.tr("Nothing to bill after this change (paused, cancelled or ended)."))
        else:
            self.next_title.setText(self.tr("Next bill after the change ({0})").format(
                period_text(next_bill.lines[0].period) if next_bill.lines else ""))
            self.next_view.set_quote(next_bill)
        self.ok_button.setEnabled(True)

    def _show_withheld(self) -> None:
        value_rule = amount_text.rule(self.state.user.access, "bills")
        note = QCoreApplication.translate("Amounts", amount_text.NOTES.get(("bills", value_rule), ""))
        for view in (self.credit_view, self.charge_view, self.next_view):
            view.show_message(note)
        for label in self.totals.values():
            label.setText(amount_text.withheld(value_rule))
        self.balance_note.setText("")
        self.next_title.setText(self.tr("Next bill after the change"))
        self.ok_button.setEnabled(True)

    def _clear_preview(self) -> None:
        self.preview = None
        self.ok_button.setEnabled(False)
        for view in (self.credit_view, self.charge_view, self.next_view):
            view.set_quote(None)
        for label in (*self.totals.values(), self.balance_note, self.period, self.after):
            label.setText("")

    def _show_error_of(self, error: BaseException) -> None:
        self._clear_preview()
        self.errors.show(error)

    # -- committing ----------------------------------------------------------------------------------

    def apply(self) -> None:
        """OK: the change as previewed, with the version the preview was made on."""
        call = self._call()
        if self.preview is None or call is None:
            return
        self.ok_button.setEnabled(False)
        self.timer.stop()

        def done(result: Any) -> None:
            from desktop_app.services.subscriptions import CHANGES

            self.applied = result
            self.state.publish(CHANGES)
            self.accept()

        def failed(error: BaseException) -> None:
            if isinstance(error, ConcurrentEdit):
                answer = QMessageBox.question(self, self.tr("Changed by someone else"),
                                              describe(error) + "\n\n" + self.tr("Reload it and preview again?"))
                if answer == QMessageBox.StandardButton.Yes:
                    self.reload()
                    return
            self._show_error_of(error)

        ops.run(self, lambda _progress: call(False), done, failed)

    def reload(self) -> None:
        context, sub_id = self.state.context, self.subscription.id

        def work(_progress: ops.Progress) -> Any:
            from desktop_app.services.subscriptions import get_subscription

            return get_subscription(context, sub_id)

        def done(subscription: Any) -> None:
            self.subscription = subscription
            self._show_subscription()
            self.request()

        ops.run(self, work, done, self._show_error_of, write=False)

    def reject(self) -> None:
        self.timer.stop()
        self.generation += 1  # an answer still on its way is not wanted any more
        super().reject()
