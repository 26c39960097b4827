"""Automatic backups (services/backup_schedule.py) as a card of the Backup section: on/off, folder, every N
hours, how many to keep (days / weeks / months), the passphrase kept in this desktop's keyring, and the result
of the last run. Editable with backup.approve; shown with backup.view."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QCheckBox,
    QFileDialog,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop_app.errors import DomainError
from desktop_app.views import ops
from desktop_app.views.backup_dialogs import ask_passphrase, number, size_text
from desktop_app.views.error_dialog import show_error
from desktop_app.views.forms import FormErrors
from desktop_app.views.look import icon
from desktop_app.views.messages import describe, local_time
from desktop_app.views.state import AppState


def _spin(low: int, high: int, suffix: str = "") -> QSpinBox:
    spin = QSpinBox()
    spin.setRange(low, high)
    spin.setSuffix(suffix)
    return spin


class ScheduleForm(QFrame):
    def __init__(self, state: AppState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.setObjectName("card")
        self.loaded: Any = None
        self.new_passphrase: str | None = None
        self.last_text = ""
        heading = QLabel(self.tr("Automatic backups"))
        heading.setStyleSheet("font-size: 12pt; font-weight: 600;")
        note = QLabel(self.tr("A backup is made into the folder every few hours, checked, and old ones are removed: "
                              "the newest of each of the last days, weeks and months is kept. The passphrase is kept "
                              "in this computer's secure password store, never in the database."))
        note.setWordWrap(True)
        note.setProperty("role", "muted")
        self.enabled = QCheckBox(self.tr("Back up automatically"))
        self.folder = QLineEdit()
        self.folder.setPlaceholderText(self.tr("e.g. D:\\Backups or \\\\nas\\benji"))
        self.browse = QPushButton(self.tr("Choose..."))
        self.browse.clicked.connect(self.choose_folder)
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.folder, 1)
        folder_row.addWidget(self.browse)
        self.every_hours = _spin(1, 168, self.tr(" hours"))
        self.keep_daily = _spin(0, 100, self.tr(" days"))
        self.keep_weekly = _spin(0, 100, self.tr(" weeks"))
        self.keep_monthly = _spin(0, 100, self.tr(" months"))
        keep_row = QHBoxLayout()
        for spin in (self.keep_daily, self.keep_weekly, self.keep_monthly):
            keep_row.addWidget(spin)
        keep_row.addStretch(1)
        self.passphrase_state = QLabel()
        self.passphrase_button = QPushButton(icon("key-round"), self.tr("Set passphrase..."))
        self.passphrase_button.clicked.connect(self.set_passphrase)
        passphrase_row = QHBoxLayout()
        passphrase_row.addWidget(self.passphrase_state, 1)
        passphrase_row.addWidget(self.passphrase_button)
        form = QFormLayout()
        form.addRow("", self.enabled)
        form.addRow(self.tr("Folder:"), folder_row)
        every_row = QHBoxLayout()
        every_row.addWidget(self.every_hours)
        every_row.addStretch(1)
        form.addRow(self.tr("Every:"), every_row)
        form.addRow(self.tr("Keep:"), keep_row)
        form.addRow(self.tr("Backup passphrase:"), passphrase_row)
        self.errors = FormErrors({"folder": self.folder, "every_hours": self.every_hours,
                                  "keep_daily": self.keep_daily, "keep_weekly": self.keep_weekly,
                                  "keep_monthly": self.keep_monthly, "passphrase": self.passphrase_button})
        self.last = QLabel()
        self.last.setWordWrap(True)
        self.saved = QLabel()
        self.saved.setProperty("role", "ok")
        self.save_button = QPushButton(icon("save", "#ffffff"), self.tr("Save"))
        self.save_button.setProperty("default", "true")
        self.save_button.clicked.connect(self.save)
        buttons = QHBoxLayout()
        buttons.addWidget(self.saved, 1)
        buttons.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.addWidget(heading)
        layout.addWidget(note)
        layout.addLayout(form)
        layout.addWidget(self.last)
        layout.addWidget(self.errors.label)
        layout.addLayout(buttons)
        self.can_edit = state.user.access.can("backup", "approve")
        for widget in (self.enabled, self.folder, self.browse, self.every_hours, self.keep_daily, self.keep_weekly,
                       self.keep_monthly, self.passphrase_button, self.save_button):
            widget.setEnabled(self.can_edit)
        self.reload()

    def reload(self) -> None:
        context = self.state.context

        def work(_progress: ops.Progress) -> Any:
            from desktop_app.services import backup_schedule as schedule

            return (schedule.get_schedule(context), schedule.last_backup(context),
                    schedule.passphrase_stored(context))

        ops.run(self, work, self._fill, write=False)

    def _fill(self, result: Any) -> None:
        loaded, last, stored = result
        self.loaded, self.new_passphrase = loaded, None
        self.enabled.setChecked(loaded.enabled)
        self.folder.setText(loaded.folder)
        self.every_hours.setValue(loaded.every_hours)
        self.keep_daily.setValue(loaded.keep_daily)
        self.keep_weekly.setValue(loaded.keep_weekly)
        self.keep_monthly.setValue(loaded.keep_monthly)
        self.passphrase_state.setText(self.tr("Stored on this desktop.") if stored else
                                      self.tr("Not stored on this desktop yet."))
        self.last_text = self._describe(last)
        self.last.setText(self.last_text)
        self.last.setProperty("role", "error" if last is not None and not last.ok else "muted")
        self.last.style().polish(self.last)
        self.errors.clear()

    def _describe(self, last: Any) -> str:
        if last is None:
            return self.tr("No automatic backup has been made yet.")
        when = local_time(last.at.isoformat())
        if last.ok:
            return self.tr("Last automatic backup: {0}, {1} ({2}, {3} rows).").format(
                when, last.file, size_text(last.size), number(last.rows))
        from desktop_app.services.backup_schedule import error_of

        error = error_of(last)
        reason = describe(error) if error is not None else ""
        return self.tr("The last automatic backup failed ({0}): {1}").format(when, reason)

    def choose_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("Backup folder"), self.folder.text())
        if folder:
            self.folder.setText(folder)

    def set_passphrase(self) -> None:
        passphrase = ask_passphrase(self, self.tr("Passphrase of the automatic backups"), twice=True)
        if passphrase is not None:
            self.new_passphrase = passphrase
            self.passphrase_state.setText(self.tr("New passphrase: stored when you save."))

    def save(self) -> None:
        if self.loaded is None or not self.can_edit:
            return
        from dataclasses import replace

        schedule = replace(self.loaded, enabled=self.enabled.isChecked(), folder=self.folder.text(),
                           every_hours=self.every_hours.value(), keep_daily=self.keep_daily.value(),
                           keep_weekly=self.keep_weekly.value(), keep_monthly=self.keep_monthly.value())
        context, passphrase = self.state.context, self.new_passphrase
        self.save_button.setEnabled(False)
        self.saved.setText("")

        def work(_progress: ops.Progress) -> Any:
            from desktop_app.services.backup_schedule import save_schedule

            return save_schedule(context, schedule, passphrase)

        def done(changes: Any) -> None:
            self.save_button.setEnabled(True)
            self.saved.setText(self.tr("Saved."))
            self.state.publish(changes)
            self.reload()

        def failed(error: BaseException) -> None:
            self.save_button.setEnabled(True)
            if isinstance(error, DomainError):
                self.errors.show(error)
            else:
                show_error(self, error)

        ops.run(self, work, done, failed)
