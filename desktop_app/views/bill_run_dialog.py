"""The bill run (账单批处理) dialog: choose the cut-off date, see how many subscriptions are due, run it in
the background with progress and Cancel, then see what it made and jump to those bills.

The run itself is ``services.bill_runs.run_bills``: batches commit one by one, so a cancelled run keeps
the bills of the batches it finished, and running again with the same cut-off bills the rest."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QDate, QTimer, Signal
from PySide6.QtWidgets import (
    QDateEdit,
    QDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app.errors import DomainError
from desktop_app.views import amount_text as amounts
from desktop_app.views import ops
from desktop_app.views.bill_detail import yuan
from desktop_app.views.error_dialog import message_for, show_error
from desktop_app.views.messages import local_time
from desktop_app.views.state import AppState


class BillRunDialog(QDialog):
    show_bills = Signal(int)  # the run whose bills the user wants to see

    def __init__(self, state: AppState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.summary: Any = None
        self.due: int | None = None
        self.progress: ops.Progress | None = None
        self.running = False
        self._generation = 0
        self.setWindowTitle(self.tr("Bill run"))
        title = QLabel(self.tr("Bill run"))
        title.setObjectName("pageTitle")
        explain = QLabel(self.tr(
            "Makes a draft bill for every subscription with a fee period starting on or before the cut-off date, "
            "or with usage or adjustments not billed yet. Nothing is issued: review the drafts, then issue them."))
        explain.setWordWrap(True)
        explain.setProperty("role", "muted")
        self.cutoff = QDateEdit(QDate.currentDate())
        self.cutoff.setCalendarPopup(True)
        self.cutoff.setDisplayFormat("yyyy-MM-dd")
        self.due_label = QLabel()
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(300)
        self._debounce.timeout.connect(self.count)
        self.cutoff.dateChanged.connect(lambda _d: self._cutoff_changed())
        self.cutoff.setMinimumWidth(150)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
        form.addRow(self.tr("Cut-off date"), self.cutoff)
        self.due_label.setStyleSheet("font-weight: 600;")
        self.results = QGroupBox(self.tr("Result"))
        result_form = QFormLayout(self.results)
        self.result_fields: dict[str, QLabel] = {}
        self.amount_rule = amounts.rule(state.user.access, "bills")
        for key, text in (("status", self.tr("Status")), ("due", self.tr("Subscriptions looked at")),
                          ("bills", self.tr("Bills created")), ("already", self.tr("Already billed")),
                          ("total", self.tr("Total of the new bills"))):
            value = QLabel()
            self.result_fields[key] = value
            result_form.addRow(text, value)
        self.results.hide()
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.hide()
        self.run_button = QPushButton(self.tr("Run"))
        self.run_button.setDefault(True)
        self.run_button.setProperty("default", "true")
        self.run_button.clicked.connect(self.run)
        self.show_button = QPushButton(self.tr("Show these bills"))
        self.show_button.clicked.connect(self._show_bills)
        self.show_button.hide()
        self.close_button = QPushButton(self.tr("Close"))
        self.close_button.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        for button in (self.show_button, self.run_button, self.close_button):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(explain)
        layout.addLayout(form)
        layout.addWidget(self.due_label)
        layout.addWidget(self.results)
        layout.addWidget(self.message)
        layout.addStretch(1)
        layout.addLayout(buttons)
        self._watch = QTimer(self)  # notices a Cancel pressed in the progress window
        self._watch.setInterval(200)
        self._watch.timeout.connect(self._check_cancelled)
        explain.setMinimumWidth(520)
        self._fit()
        self.count()

    def cutoff_date(self) -> date:
        value: date = self.cutoff.date().toPython()  # type: ignore[assignment]
        return value

    def _say(self, text: str, role: str = "muted") -> None:
        self.message.setText(text)
        self.message.setProperty("role", role)
        self.message.style().unpolish(self.message)
        self.message.style().polish(self.message)
        self.message.setVisible(bool(text))
        self._fit()

    def _fit(self) -> None:
        """As tall as the wrapped texts and the result need (their height depends on the width)."""
        QTimer.singleShot(0, self.adjustSize)

    def _cutoff_changed(self) -> None:
        self.due_label.setText(self.tr("Counting..."))
        self._debounce.start()

    def count(self) -> None:
        """The summary before: how many subscriptions a run at this cut-off looks at."""
        self._debounce.stop()
        self._generation += 1
        generation, context, cutoff = self._generation, self.state.context, self.cutoff_date()
        self.due_label.setText(self.tr("Counting..."))

        def work(_progress: ops.Progress) -> Any:
            from desktop_app.services.bill_runs import due_count

            return due_count(context, cutoff)

        def done(due: int) -> None:
            if generation == self._generation:
                self.due = due
                self.due_label.setText(self.tr("Subscriptions due at this cut-off: {0}").format(f"{due:,}"))

        def failed(error: BaseException) -> None:
            if generation == self._generation:
                self.due_label.setText("")
                show_error(self, error)

        ops.run(self, work, done, failed, write=False)

    def run(self) -> None:
        if self.running:
            return
        context, cutoff = self.state.context, self.cutoff_date()
        text = self.tr("Billing subscriptions: {0} of {1} done...")

        def work(progress: ops.Progress) -> Any:
            from desktop_app.services.bill_runs import run_bills

            def report(done: int, total: int) -> None:
                if progress.cancelled:
                    return  # the run stops at the next batch and says so; never break off inside it
                try:
                    progress.report(done, total, text.format(f"{done:,}", f"{total:,}"))
                except ops.Cancelled:
                    pass

            return run_bills(context, cutoff, progress=report, cancelled=lambda: progress.cancelled)

        self._set_running(True)
        self._say(self.tr("Running... If you cancel, the bills made so far are kept; run again with the same "
                          "cut-off date to bill the rest."))
        self.progress = ops.run(self, work, self._finished, self._failed, label=self.tr("Running the bill run..."),
                                cancellable=True)

    def cancel_run(self) -> None:
        if self.progress is not None and self.running:
            self.progress.cancel()
            self._check_cancelled()

    def _check_cancelled(self) -> None:
        if self.running and self.progress is not None and self.progress.cancelled:
            self._watch.stop()
            self._say(self.tr("Stopping after the current batch..."))

    def _set_running(self, running: bool) -> None:
        self.running = running
        self.run_button.setEnabled(not running)
        self.cutoff.setEnabled(not running)
        self.close_button.setEnabled(not running)
        if running:
            self.results.hide()
            self.show_button.hide()
            self._watch.start()
        else:
            self._watch.stop()

    def _finished(self, summary: Any) -> None:
        from desktop_app.services.changes import Changes

        self._set_running(False)
        self.summary = summary
        cancelled = summary.status == "cancelled"
        values = {"status": self.tr("Cancelled") if cancelled else self.tr("Finished"),
                  "due": f"{summary.due:,}", "bills": f"{summary.bills:,}",
                  "already": f"{summary.already_billed:,}",
                  # bill money: "****" (or "—") where the role withholds it (services/bill_runs.py does not yet)
                  "total": amounts.amount(summary.total_gross if amounts.shown(self.amount_rule) else None,
                                          self.amount_rule, yuan)}
        for key, value in values.items():
            self.result_fields[key].setText(value)
        self.results.show()
        self._fit()
        if cancelled:
            self._say(self.tr("The run was cancelled. The {0} bills made before that are kept; run again with the "
                              "same cut-off date to bill the rest.").format(f"{summary.bills:,}"))
        elif summary.bills == 0:
            self._say(self.tr("Nothing was due: every subscription is billed up to this cut-off date."))
        else:
            self._say(self.tr("The bills are drafts: review them, then issue them from the bills list."))
        self.show_button.setVisible(summary.bills > 0)
        if summary.bills:
            self.show_button.setFocus()
        self.state.publish(Changes(billing=True))
        self.count()

    def _failed(self, error: BaseException) -> None:
        self._set_running(False)
        if isinstance(error, DomainError):
            if error.code == "bill_run.locked" and error.params.get("since"):
                error = DomainError(error.code, **{**error.params, "since": local_time(str(error.params["since"]))})
            self._say(message_for(error), "error")  # bill_run.locked names who runs one now
        else:
            self._say("")
            show_error(self, error)

    def _show_bills(self) -> None:
        if self.summary is not None:
            self.show_bills.emit(self.summary.run_id)
            self.accept()

    def reject(self) -> None:
        if not self.running:  # a running bill run is cancelled from its progress window
            super().reject()
