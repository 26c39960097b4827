"""The audit log viewer: filters, the hash-chain check, CSV export; and a record's History tab."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from typing import Any

from PySide6.QtCore import QCoreApplication, QDate, QLocale
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDateEdit,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop_app.views import ops
from desktop_app.views.look import icon
from desktop_app.views.state import AppState
from desktop_app.views.table_model import Column, RecordTableModel


def local(moment: datetime) -> str:
    return QLocale().toString(moment.astimezone().replace(tzinfo=None), "yyyy-MM-dd HH:mm:ss")


def summary(detail: dict[str, Any]) -> str:
    changed = detail.get("changed")
    if isinstance(changed, dict):
        return "; ".join(f"{key}: {old!r} → {new!r}" for key, (old, new) in changed.items())
    return ", ".join(f"{key}={value}" for key, value in sorted(detail.items()))


def audit_columns() -> list[Column]:
    return [
        Column(QCoreApplication.translate("AuditColumns", "No."), lambda r: r.seq, align_right=True),
        Column(QCoreApplication.translate("AuditColumns", "Time"), lambda r: local(r.at)),
        Column(QCoreApplication.translate("AuditColumns", "User"), lambda r: r.user_login),
        Column(QCoreApplication.translate("AuditColumns", "Desktop"), lambda r: r.desktop),
        Column(QCoreApplication.translate("AuditColumns", "Action"), lambda r: r.action),
        Column(QCoreApplication.translate("AuditColumns", "Record"), lambda r: f"{r.entity} {r.entity_id}".strip()),
        Column(
            QCoreApplication.translate("AuditColumns", "Details"),
            lambda r: summary(r.detail),
            tooltip=lambda r: summary(r.detail),
        ),
    ]


def table(model: RecordTableModel) -> QTableView:
    view = QTableView()
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.horizontalHeader().setStretchLastSection(True)
    view.verticalHeader().hide()
    view.setAlternatingRowColors(True)
    compact(view)
    return view


def compact(view: QTableView, fit: bool = True) -> None:
    """One line per row; with ``fit``, columns sized to their contents (never for lazy lists: that would
    load every row)."""
    view.setWordWrap(False)
    view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + 10)
    if fit:
        view.model().modelReset.connect(view.resizeColumnsToContents)


class AuditPage(QWidget):
    def __init__(self, state: AppState) -> None:
        super().__init__()
        self.state = state
        title = QLabel(self.tr("Audit log"))
        title.setObjectName("pageTitle")
        self.user = QLineEdit()
        self.user.setPlaceholderText(self.tr("Login"))
        self.entity = QLineEdit()
        self.entity.setPlaceholderText(self.tr("Record type, e.g. user"))
        self.action = QLineEdit()
        self.action.setPlaceholderText(self.tr("Action, e.g. user.login"))
        today = QDate.currentDate()
        self.since = QDateEdit(today.addDays(-30))
        self.until = QDateEdit(today)
        for edit in (self.since, self.until):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
        search = QPushButton(self.tr("Search"))
        search.setProperty("default", "true")
        search.clicked.connect(self.reload)
        for edit in (self.user, self.entity, self.action):
            edit.returnPressed.connect(self.reload)
        filters = QHBoxLayout()
        for widget in (
            self.user,
            self.entity,
            self.action,
            QLabel(self.tr("From")),
            self.since,
            QLabel(self.tr("to")),
            self.until,
            search,
        ):
            filters.addWidget(widget)
        self.model = RecordTableModel(audit_columns(), self)
        self.table = table(self.model)
        self.verify_button = QPushButton(icon("circle-check"), self.tr("Verify chain"))
        self.verify_button.clicked.connect(self.verify)
        self.export_button = QPushButton(self.tr("Export CSV..."))
        self.export_button.clicked.connect(self.export)
        self.export_button.setEnabled(state.user.access.can("audit", "export"))
        self.result = QLabel()
        self.result.setWordWrap(True)
        actions = QHBoxLayout()
        actions.addWidget(self.verify_button)
        actions.addWidget(self.export_button)
        actions.addWidget(self.result, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 20)
        layout.addWidget(title)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        layout.addLayout(actions)
        self.reload()

    def current_filter(self) -> Any:
        from desktop_app.services.audit import AuditFilter

        def start_of(day: QDate) -> datetime:
            return datetime.combine(day.toPython(), time()).astimezone().astimezone(UTC)

        return AuditFilter(
            user_login=self.user.text().strip(),
            entity=self.entity.text().strip(),
            action=self.action.text().strip(),
            since=start_of(self.since.date()),
            until=start_of(self.until.date()) + timedelta(days=1),
        )

    def reload(self) -> None:
        context, flt = self.state.context, self.current_filter()

        def work(_progress: ops.Progress) -> Any:
            from desktop_app.services.audit import list_entries

            return list_entries(context, flt)

        ops.run(self, work, self.model.set_rows, write=False)

    def verify(self) -> None:
        context = self.state.context
        self.verify_button.setEnabled(False)

        def work(_progress: ops.Progress) -> Any:
            from desktop_app.services.audit import verify

            return verify(context)

        def done(report: Any) -> None:
            self.verify_button.setEnabled(True)
            if report.ok:
                self.result.setProperty("role", "ok")
                self.result.setText(self.tr("The chain is intact: {0} entries checked.").format(report.checked))
            else:
                self.result.setProperty("role", "error")
                self.result.setText(
                    self.tr(
                        "The chain is broken at entry No. {0}: the entry was changed, removed "
                        "or inserted outside Benji CRM."
                    ).format(report.broken_seq)
                )
            self.result.style().unpolish(self.result)
            self.result.style().polish(self.result)

        def failed(error: BaseException) -> None:
            self.verify_button.setEnabled(True)
            from desktop_app.views.error_dialog import show_error

            show_error(self, error)

        ops.run(self, work, done, failed, write=False, label=self.tr("Verifying the audit chain..."))

    def export(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Export audit log"), "audit-log.csv", "CSV (*.csv)")
        if not path:
            return
        context, flt = self.state.context, self.current_filter()

        def work(_progress: ops.Progress) -> Any:
            from pathlib import Path

            from desktop_app.services.audit import export_csv

            return export_csv(context, flt, Path(path))

        ops.run(self, work, lambda count: self.result.setText(self.tr("{0} entries exported.").format(count)))


class HistoryTab(QWidget):
    """A record's changes, newest first (needs the audit view right)."""

    def __init__(self, state: AppState, entity: str, entity_id: object) -> None:
        super().__init__()
        self.state, self.entity, self.entity_id = state, entity, entity_id
        self.model = RecordTableModel(audit_columns(), self)
        layout = QVBoxLayout(self)
        layout.addWidget(table(self.model))
        state.bus.changed.connect(lambda _changes: self.reload())
        self.reload()

    def reload(self) -> None:
        context, entity, entity_id = self.state.context, self.entity, self.entity_id

        def work(_progress: ops.Progress) -> Any:
            from desktop_app.services.audit import history

            return history(context, entity, entity_id)

        ops.run(self, work, self.model.set_rows, write=False)
