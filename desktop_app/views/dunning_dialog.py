"""Payment reminders (催款), opened from the bills page: the customers to remind today (stage reached, bills,
amount overdue, owner), biggest amount first, and "Mark reminded…" with the channel and a note, which puts a
follow-up on the customer's history and takes them off the list for that stage (services/dunning.py)."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app.services.access import FieldRule
from desktop_app.views import amount_text as amounts
from desktop_app.views import ops
from desktop_app.views.account_tab import AccountErrors
from desktop_app.views.pages.audit import table
from desktop_app.views.quote_view import day_text, yuan
from desktop_app.views.state import AppState
from desktop_app.views.table_model import Column, RecordTableModel, selected_record

CHANNEL_NAMES = {
    "phone": QT_TRANSLATE_NOOP("Dunning", "Phone"),
    "email": QT_TRANSLATE_NOOP("Dunning", "E-mail"),
    "print": QT_TRANSLATE_NOOP("Dunning", "Printed letter"),
}


def channel_name(channel: str) -> str:
    return QCoreApplication.translate("Dunning", str(CHANNEL_NAMES[channel])) if channel in CHANNEL_NAMES else channel


def stage_text(days: int) -> str:
    return QCoreApplication.translate("Dunning", "{0} days").format(days)


class DunningDialog(QDialog):
    """Who to remind today. ``today`` may be given (tests); otherwise the desktop's date."""

    def __init__(self, state: AppState, parent: QWidget | None = None, today: date | None = None) -> None:
        super().__init__(parent)
        self.state, self.today = state, today or date.today()
        self.dialog: QDialog | None = None
        self.can_mark = state.user.access.can("payments", "edit") or state.user.access.can("customers", "edit")
        self.setWindowTitle(self.tr("Payment reminders"))
        title = QLabel(self.tr("To remind on {0}").format(self.today.isoformat()))
        title.setObjectName("pageTitle")
        rule = amounts.rule(state.user.access, "bills")  # masked: "****"; hidden: the amount column left out
        columns = [
            Column(self.tr("Customer"), lambda r: r.customer_name, tooltip=lambda r: r.customer_code),
            Column(self.tr("Owner"), lambda r: r.owner_name or self.tr("(pool)")),
            Column(self.tr("Stage"), lambda r: stage_text(r.stage)),
            Column(self.tr("Days overdue"), lambda r: r.days, align_right=True),
            Column(self.tr("Amount overdue"), lambda r: amounts.amount(r.amount, rule, yuan), align_right=True),
            Column(self.tr("Bills"), lambda r: ", ".join(r.bills), tooltip=lambda r: "\n".join(r.bills)),
            Column(self.tr("Last reminded"), self._last),
        ]
        if rule is FieldRule.HIDDEN:
            del columns[4]
        self.model = RecordTableModel(columns, self)
        self.table = table(self.model)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._enable())
        self.table.doubleClicked.connect(lambda _index: self.mark())
        self.count = QLabel()
        self.count.setProperty("role", "muted")
        self.mark_button = QPushButton(self.tr("Mark reminded..."))
        self.mark_button.clicked.connect(self.mark)
        self.mark_button.setVisible(self.can_mark)
        refresh = QPushButton(self.tr("Refresh"))
        refresh.clicked.connect(self.reload)
        buttons = QHBoxLayout()
        buttons.addWidget(self.mark_button)
        buttons.addWidget(refresh)
        buttons.addStretch(1)
        buttons.addWidget(self.count)
        note = QLabel(self.tr("A customer is listed once per reminder stage (days overdue of the oldest bill); "
                              "printing reminder letters comes later."))
        note.setProperty("role", "muted")
        note.setWordWrap(True)
        self.errors = AccountErrors({})
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addLayout(buttons)
        layout.addWidget(self.table, 1)
        layout.addWidget(note)
        layout.addWidget(self.errors.label)
        layout.addWidget(close)
        self.resize(900, 460)
        state.bus.changed.connect(self._changed)
        self._enable()
        self.reload()

    def _last(self, reminder: Any) -> str:
        if not reminder.reminded_stage:
            return ""
        return self.tr("{0} ({1})").format(stage_text(reminder.reminded_stage), day_text(reminder.reminded_on))

    def _changed(self, changes: Any) -> None:
        if getattr(changes, "billing", False) or getattr(changes, "customers", False):
            self.reload()

    def _enable(self) -> None:
        self.mark_button.setEnabled(self.can_mark and self.selected() is not None)

    def selected(self) -> Any:
        return selected_record(self.table)

    def reload(self) -> None:
        context, today = self.state.context, self.today

        def work(_progress: ops.Progress) -> Any:
            from desktop_app.services.dunning import reminders_due

            return reminders_due(context, today)

        def done(rows: list[Any]) -> None:
            self.model.replace_rows(self.table, rows)
            self.count.setText(self.tr("{0} customers").format(len(rows)))
            self._enable()

        self.errors.clear()
        ops.run(self, work, done, self.errors.show, write=False)

    def mark(self) -> None:
        reminder = self.selected()
        if reminder is not None and self.can_mark:
            self.dialog = MarkRemindedDialog(self.state, reminder, self.today, self)
            self.dialog.open()


class MarkRemindedDialog(QDialog):
    """How the customer was reminded, and a note for their history."""

    def __init__(self, state: AppState, reminder: Any, today: date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state, self.reminder, self.today, self.saved = state, reminder, today, None
        self.setWindowTitle(self.tr("Mark reminded"))
        facts = QLabel(self.tr("{0}: {1} overdue on {2} bills, {3} days (stage {4}).").format(
            reminder.customer_name, amounts.amount(reminder.amount, amounts.rule(state.user.access, "bills"), yuan),
            len(reminder.bills), reminder.days,
            stage_text(reminder.stage)))
        facts.setWordWrap(True)
        self.channel = QComboBox()
        for channel in CHANNEL_NAMES:
            self.channel.addItem(channel_name(channel), channel)
        self.note = QPlainTextEdit()
        self.note.setPlaceholderText(self.tr("e.g. spoke to the finance manager, payment promised by Friday"))
        self.note.setMaximumHeight(90)
        self.channel.currentIndexChanged.connect(lambda _index: self._suggest())
        self._suggested = ""
        self._suggest()
        form = QFormLayout()
        form.addRow(self.tr("Channel"), self.channel)
        form.addRow(self.tr("Note"), self.note)
        self.errors = AccountErrors({"channel": self.channel, "note": self.note})
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(self.tr("Mark reminded"))
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(facts)
        layout.addLayout(form)
        layout.addWidget(self.errors.label)
        layout.addWidget(buttons)
        self.resize(480, 0)

    def _suggest(self) -> None:
        """The note starts as a sentence in the user's language (kept on the customer's history)."""
        if self.note.toPlainText().strip() in ("", self._suggested):
            self._suggested = self.tr("Payment reminder ({0} overdue), by {1}.").format(
                stage_text(self.reminder.stage), channel_name(str(self.channel.currentData())))
            self.note.setPlainText(self._suggested)

    def save(self) -> None:
        if not self.ok_button.isEnabled():
            return
        context, customer_id, today = self.state.context, self.reminder.customer_id, self.today
        stage, channel, note = self.reminder.stage, str(self.channel.currentData()), self.note.toPlainText().strip()
        self.ok_button.setEnabled(False)

        def work(_progress: ops.Progress) -> Any:
            from desktop_app.services.dunning import record_reminder

            return record_reminder(context, customer_id, stage, channel, note, today)

        def done(changes: Any) -> None:
            self.saved = changes
            self.state.publish(changes)
            self.accept()

        def failed(error: BaseException) -> None:
            self.ok_button.setEnabled(True)
            self.errors.show(error)

        ops.run(self, work, done, failed)
