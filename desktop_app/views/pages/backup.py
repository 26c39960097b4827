"""Backup and restore (备份与恢复): back up now, check a backup, test restore (试恢复) into a scratch database,
and restore into this desktop's embedded database (then the program closes and is started again).

Everything runs off the GUI thread through views/ops.py; failures go to the one error dialog. The buttons a
user may not use are hidden (backup.view: check and test restore; backup.create: back up now;
backup.approve: restore)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSettings, QStandardPaths, Qt
from PySide6.QtWidgets import (
    QApplication,
    QFileDialog,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from desktop_app.views import ops
from desktop_app.views.backup_dialogs import ask_passphrase, manifest_rows, number, size_text
from desktop_app.views.backup_schedule_form import ScheduleForm
from desktop_app.views.error_dialog import show_error
from desktop_app.views.look import DANGER, SUCCESS, icon
from desktop_app.views.messages import local_time
from desktop_app.views.prompts import ask_password
from desktop_app.views.state import AppState

SUFFIX = ".benji"


def quit_app() -> None:
    """After a restore the open window must not touch the replaced database: the program ends."""
    QApplication.exit(0)  # not quit(): no window may keep the program open by refusing to close


class BackupPage(QWidget):
    def __init__(self, state: AppState) -> None:
        super().__init__()
        self.state = state
        self.settings = QSettings(str(state.paths.config_dir / "backup.ini"), QSettings.Format.IniFormat)
        self.result_title = ""
        self.result_values: dict[str, str] = {}
        self.restored: Any = None
        access = state.user.access
        profile = state.config.profile
        self.server = bool(profile is not None and profile.is_server)
        title = QLabel(self.tr("Backup and restore"))
        title.setObjectName("pageTitle")
        intro = QLabel(self.tr(
            "A backup holds the whole database: customers and contacts, products and plans, subscriptions and "
            "usage, bills and payments, users and roles, settings and the audit log. It is encrypted with a "
            "passphrase you choose: without the passphrase nobody can read the file, and nobody can restore it. "
            "Keep the passphrase apart from the backup files (e.g. in the company safe or a password manager) "
            "and keep copies of the backups on another disk or a NAS."))
        intro.setWordWrap(True)
        intro.setProperty("role", "muted")

        self.backup_button = QPushButton(icon("save", "#ffffff"), self.tr("Back up now..."))
        self.backup_button.setProperty("default", "true")
        self.backup_button.clicked.connect(self.back_up)
        self.check_button = QPushButton(icon("circle-check"), self.tr("Check a backup..."))
        self.check_button.clicked.connect(self.check)
        self.trial_button = QPushButton(icon("database"), self.tr("Test restore..."))
        self.trial_button.clicked.connect(self.trial_restore)
        self.restore_button = QPushButton(icon("triangle-alert", DANGER), self.tr("Restore..."))
        self.restore_button.clicked.connect(self.restore)

        self.backup_card = _card(self.tr("Back up now"), self.tr(
            "Writes an encrypted copy of the whole database to a file and checks it. Others may keep working "
            "meanwhile."), [self.backup_button])
        self.check_card = _card(self.tr("Check a backup"), self.tr(
            "Check opens a backup with its passphrase and checks every table and checksum. Test restore also "
            "restores it into a scratch database, checks the audit chain there and deletes it again; the data "
            "in use is not touched."), [self.check_button, self.trial_button])
        if self.server:
            restore_text = self.tr(
                "This desktop works with a server database. A restore into a server is done by IT with "
                "\"backup restore FILE --into URL\" into a new, empty database (see the admin guide, "
                "\"Backups and restore\").")
            self.restore_card = _card(self.tr("Restore"), restore_text, [])
        else:
            restore_text = self.tr(
                "Replaces all data of this computer's database by the backup. Everything entered since the "
                "backup was made is lost; the current database file is kept beside it as "
                "\"...before-restore\". Benji CRM closes afterwards and must be started again.")
            self.restore_card = _card(self.tr("Restore"), restore_text, [self.restore_button])
        self.restore_note = self.restore_card.findChild(QLabel, "cardText")

        self.result_card = QFrame()
        self.result_card.setObjectName("card")
        self.result_heading = QLabel()
        self.result_heading.setWordWrap(True)
        self.result_form = QFormLayout()
        result_layout = QVBoxLayout(self.result_card)
        result_layout.setContentsMargins(16, 12, 16, 12)
        result_layout.addWidget(self.result_heading)
        result_layout.addLayout(self.result_form)
        self.result_card.hide()

        content = QWidget()
        content.setMaximumWidth(820)
        layout = QVBoxLayout(content)
        layout.setContentsMargins(24, 20, 24, 20)
        layout.setSpacing(12)
        layout.addWidget(title)
        layout.addWidget(intro)
        for card in (self.backup_card, self.check_card, self.restore_card, self.result_card):
            layout.addWidget(card)
        self.schedule: ScheduleForm | None = None
        if access.can("backup", "view"):
            self.schedule = ScheduleForm(state)
            layout.addWidget(self.schedule)
        layout.addStretch(1)
        holder = QWidget()
        row = QHBoxLayout(holder)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(content, 1)
        row.addStretch(0)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(holder)
        page = QVBoxLayout(self)
        page.setContentsMargins(0, 0, 0, 0)
        page.addWidget(scroll)

        self.backup_card.setVisible(access.can("backup", "create"))
        self.check_card.setVisible(access.can("backup", "view"))
        self.restore_card.setVisible(access.can("backup", "approve"))
        self.restore_button.setVisible(not self.server)

    # --- files and the result panel --------------------------------------------------------------

    def _folder(self) -> str:
        folder = str(self.settings.value("last_folder", ""))
        if folder and Path(folder).is_dir():
            return folder
        return QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation) or str(Path.home())

    def _remember(self, path: str) -> None:
        self.settings.setValue("last_folder", str(Path(path).parent))
        self.settings.sync()

    def _open_file(self, title: str) -> str:
        path, _filter = QFileDialog.getOpenFileName(self, title, self._folder(), self._filter())
        if path:
            self._remember(path)
        return path

    def _filter(self) -> str:
        return self.tr("Benji CRM backups (*.benji);;All files (*)")

    def show_result(self, heading: str, rows: list[tuple[str, str]], ok: bool = True) -> None:
        self.result_title = heading
        self.result_values = dict(rows)
        self.result_heading.setText(heading)
        self.result_heading.setStyleSheet(f"font-weight: 600; color: {SUCCESS if ok else DANGER};")
        while self.result_form.rowCount():
            self.result_form.removeRow(0)
        for label, value in rows:
            field = QLabel(value)
            field.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            field.setWordWrap(True)
            self.result_form.addRow(label + ":", field)
        self.result_card.show()

    def _buttons(self, enabled: bool) -> None:
        for button in (self.backup_button, self.check_button, self.trial_button, self.restore_button):
            button.setEnabled(enabled)

    def _run(self, work: Any, done: Any, label: str, *, write: bool = False) -> None:
        self._buttons(False)

        def succeeded(result: Any) -> None:
            self._buttons(True)
            done(result)

        def failed(error: BaseException) -> None:
            self._buttons(True)
            show_error(self, error)  # the one error dialog

        ops.run(self, work, succeeded, failed, write=write, label=label)

    def _steps(self) -> Any:
        """``progress`` for the services: "Table n of m: name" (the template translated here, on the GUI
        thread)."""
        template = self.tr("Table {0} of {1}: {2}")

        def steps(progress: ops.Progress) -> Any:
            def report(done: int, total: int, name: str) -> None:
                progress.report(done, total, template.format(min(done + 1, total), total, name) if name else "")

            return report

        return steps

    def _rows_progress(self) -> Any:
        template = self.tr("Restoring rows: {0} of {1}")

        def steps(progress: ops.Progress) -> Any:
            def report(done: int, total: int, _name: str) -> None:
                progress.report(done, total, template.format(number(done), number(total)))

            return report

        return steps

    # --- back up now -----------------------------------------------------------------------------

    def back_up(self) -> None:
        suggested = str(Path(self._folder()) / f"benji-{datetime.now():%Y%m%d-%H%M}{SUFFIX}")
        path, _filter = QFileDialog.getSaveFileName(self, self.tr("Back up to"), suggested, self._filter())
        if not path:
            return
        if not Path(path).suffix:
            path += SUFFIX
        self._remember(path)
        passphrase = ask_passphrase(self, self.tr("Passphrase of the new backup"), twice=True)
        if passphrase is None:
            return
        context, steps = self.state.context, self._steps()

        def work(progress: ops.Progress) -> Any:
            from desktop_app.services.backup import create_backup, verify_backup

            info = create_backup(context, Path(path), passphrase, progress=steps(progress))
            progress.report(0, 0, "")
            verify_backup(info.path, passphrase)
            return info

        self._run(work, self._backed_up, self.tr("Backing up..."))

    def _backed_up(self, info: Any) -> None:
        manifest = info.manifest
        self.show_result(self.tr("Backup made and checked: it can be restored with its passphrase."), [
            (self.tr("File"), str(info.path)),
            (self.tr("Size"), size_text(info.size)),
            (self.tr("Tables"), number(len(manifest.tables))),
            (self.tr("Rows"), number(manifest.rows)),
            (self.tr("Audit chain head"), self.tr("entry {0}, {1}").format(number(manifest.audit_seq),
                                                                          manifest.audit_hash[:16])),
        ])

    # --- check and test restore ------------------------------------------------------------------

    def _file_and_passphrase(self, title: str) -> tuple[str, str] | None:
        path = self._open_file(title)
        if not path:
            return None
        passphrase = ask_passphrase(self, self.tr("Passphrase of {0}").format(Path(path).name))
        return None if passphrase is None else (path, passphrase)

    def check(self) -> None:
        chosen = self._file_and_passphrase(self.tr("Check a backup"))
        if chosen is None:
            return
        path, passphrase = chosen

        def work(_progress: ops.Progress) -> Any:
            from desktop_app.services.backup import verify_backup

            return verify_backup(Path(path), passphrase)

        def done(report: Any) -> None:
            self.show_result(self.tr("The backup is intact: every table and checksum is as it was written."),
                             [(self.tr("File"), path), *manifest_rows(report.manifest)])

        self._run(work, done, self.tr("Checking the backup..."))

    def trial_restore(self) -> None:
        chosen = self._file_and_passphrase(self.tr("Test restore"))
        if chosen is None:
            return
        path, passphrase = chosen
        context, steps = self.state.context, self._rows_progress()

        def work(progress: ops.Progress) -> Any:
            from desktop_app.services.backup_check import try_restore

            return try_restore(context, Path(path), passphrase, progress=steps(progress))

        def done(report: Any) -> None:
            rows = [(self.tr("File"), path), *manifest_rows(report.manifest),
                    (self.tr("Audit entries checked"), number(report.manifest.audit_seq))]
            if report.upgraded_from:
                rows.append((self.tr("Upgraded from"), report.upgraded_from))
            self.show_result(self.tr("Test restore succeeded: restored {0} tables, {1} rows; audit chain verified. "
                                     "The scratch database was deleted.").format(number(report.tables),
                                                                                 number(report.rows)), rows)

        self._run(work, done, self.tr("Test restore..."))

    # --- restore ---------------------------------------------------------------------------------

    def restore(self) -> None:
        if self.server:
            return
        if ops.busy():
            QMessageBox.information(self, self.tr("Restore"), self.tr(
                "Benji CRM is still working on something. Wait until it has finished, then restore again."))
            return
        chosen = self._file_and_passphrase(self.tr("Restore a backup"))
        if chosen is None:
            return
        path, passphrase = chosen

        def work(_progress: ops.Progress) -> Any:
            from desktop_app.services.backup import verify_backup

            return verify_backup(Path(path), passphrase)

        self._run(work, lambda report: self._confirm_restore(path, passphrase, report.manifest),
                  self.tr("Checking the backup..."))

    def _confirm_restore(self, path: str, passphrase: str, manifest: Any) -> None:
        question = self.tr(
            "Replace ALL data of this computer's database by the backup made at {0} ({1} rows)?\n\n"
            "Everything entered since then is lost. The current database file is kept as "
            "\"...before-restore\". Benji CRM closes when the restore is done.").format(
                local_time(manifest.created_at), number(manifest.rows))
        answer = QMessageBox.warning(self, self.tr("Restore"), question,
                                     QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
                                     QMessageBox.StandardButton.Cancel)
        if answer != QMessageBox.StandardButton.Yes:
            return
        confirm = ask_password(self, self.tr("Restoring replaces all data of this database."))
        if confirm is None:
            return
        context, steps = self.state.context, self._rows_progress()

        def work(progress: ops.Progress) -> Any:
            from desktop_app.services.backup_check import restore_embedded

            return restore_embedded(context, Path(path), passphrase, confirm, progress=steps(progress))

        self._run(work, self._restored, self.tr("Restoring..."), write=True)

    def _restored(self, report: Any) -> None:
        """The database file was replaced: this window's login and lists belong to the old one. Tell the
        user, block the window and end the program."""
        self.restored = report
        self.window().setEnabled(False)
        box = QMessageBox(QMessageBox.Icon.Information, self.tr("Restore"), self.tr(
            "The backup of {0} was restored ({1} tables, {2} rows; audit chain verified). The previous database "
            "was kept as {3}.\n\nBenji CRM closes now. Start it again and log in.").format(
                local_time(report.manifest.created_at), number(report.tables), number(report.rows),
                report.previous_file.name if report.previous_file else "-"),
            QMessageBox.StandardButton.Ok)
        box.setObjectName("restoredBox")
        box.setWindowModality(Qt.WindowModality.ApplicationModal)
        box.finished.connect(lambda _result: quit_app())
        self.restored_box = box
        box.open()


def _card(title: str, text: str, buttons: list[QPushButton]) -> QFrame:
    card = QFrame()
    card.setObjectName("card")
    heading = QLabel(title)
    heading.setStyleSheet("font-size: 12pt; font-weight: 600;")
    label = QLabel(text)
    label.setObjectName("cardText")
    label.setWordWrap(True)
    label.setProperty("role", "muted")
    layout = QVBoxLayout(card)
    layout.setContentsMargins(16, 12, 16, 12)
    layout.addWidget(heading)
    layout.addWidget(label)
    if buttons:
        row = QHBoxLayout()
        for button in buttons:
            row.addWidget(button)
        row.addStretch(1)
        layout.addLayout(row)
    return card
