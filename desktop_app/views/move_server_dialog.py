"""升级到局域网服务器: move this desktop's embedded database to a PostgreSQL or MariaDB server in one step.

The server database and its two roles exist already (IT ran ``server create`` or the scripts in
installer/server/). The dialog connects as the owner ("Test connection": reachable, empty, allowed to
create tables), asks for the user's password again, copies and verifies everything in the background
(services.move_to_server), saves the app role's profile (password in the keyring) and closes the program,
which starts again on the server. The embedded file stays as it was.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app import credentials
from desktop_app.config import DatabaseProfile, save_config
from desktop_app.views import ops
from desktop_app.views.database_form import ServerAddress
from desktop_app.views.error_dialog import message_for, show_error
from desktop_app.views.look import DANGER, SUCCESS
from desktop_app.views.prompts import ask_password
from desktop_app.views.state import AppState


def _password_edit() -> QLineEdit:
    edit = QLineEdit()
    edit.setEchoMode(QLineEdit.EchoMode.Password)
    return edit


class MoveToServerDialog(QDialog):
    def __init__(self, state: AppState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.report: Any = None
        self.desktop_profile: DatabaseProfile | None = None
        self._checked: tuple[DatabaseProfile, str] | None = None
        self.setWindowTitle(self.tr("Move to a LAN server"))
        intro = QLabel(self.tr(
            "Copies everything in this computer's database into an empty PostgreSQL or MariaDB database on the "
            "office server, checks every table, and switches this computer to the server. Other computers can then "
            "work with the same data. Your IT administrator first creates the empty database, the owner and the app "
            "user (admin guide, \"LAN server set-up\")."))
        intro.setWordWrap(True)
        self.address = ServerAddress()
        self.host, self.port, self.database, self.tls = (self.address.host, self.address.port, self.address.database,
                                                         self.address.tls)
        self.owner = QLineEdit("benji_owner")
        self.owner_password = _password_edit()
        self.app = QLineEdit("benji_app")
        self.app_password = _password_edit()
        form = QFormLayout()
        self.address.add_rows(form)
        form.addRow(self.tr("Owner (creates the tables):"), self.owner)
        form.addRow(self.tr("Owner's password:"), self.owner_password)
        form.addRow(self.tr("App user (for every computer):"), self.app)
        form.addRow(self.tr("App user's password:"), self.app_password)
        form.addRow("", self.tls)
        self.test_button = QPushButton(self.tr("Test connection"))
        self.test_button.clicked.connect(self.test_connection)
        self.status = QLabel()
        self.status.setObjectName("moveStatus")
        self.status.setWordWrap(True)
        test_row = QHBoxLayout()
        test_row.addWidget(self.test_button)
        test_row.addWidget(self.status, 1)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.move_button = self.buttons.addButton(self.tr("Move to the server"),
                                                  QDialogButtonBox.ButtonRole.AcceptRole)
        self.move_button.setEnabled(False)
        self.move_button.clicked.connect(self.start_move)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addLayout(test_row)
        layout.addWidget(self.buttons)
        for edit in (self.owner, self.owner_password, self.app):
            edit.textChanged.connect(self._changed)
        self.address.on_change(self._changed)
        self.setMinimumWidth(560)

    # --- values --------------------------------------------------------------------------------------

    def owner_profile(self) -> DatabaseProfile:
        return self.address.profile(self.owner.text())

    def _changed(self) -> None:
        self._checked = None
        self.move_button.setEnabled(False)

    def _show(self, text: str, ok: bool | None) -> None:
        self.status.setText(text)
        colour = {True: SUCCESS, False: DANGER}.get(ok) if ok is not None else None
        self.status.setStyleSheet(f"color: {colour};" if colour else "")

    # --- test ----------------------------------------------------------------------------------------

    def test_connection(self) -> None:
        from desktop_app.services.move_to_server import check_server

        profile, password = self.owner_profile(), self.owner_password.text()
        if not (profile.host and profile.database and profile.user and self.app.text().strip()):
            self._show(self.tr("Enter the host, the database, the owner and the app user."), ok=False)
            return
        self.test_button.setEnabled(False)
        self._show(self.tr("Connecting..."), ok=None)

        def done(check: Any) -> None:
            self.test_button.setEnabled(True)
            if check.tables:
                self._show(self.tr("Connected to {0}, but the database already holds {1} tables. The move needs an "
                                   "empty database: ask IT for a new one.").format(check.version, check.tables),
                           ok=False)
            elif not check.can_create:
                text = self.tr("Connected to {0}, but \"{1}\" may not create tables there. Enter the owner of the "
                               "database (the role that `server create` made).")
                self._show(text.format(check.version, profile.user), ok=False)
            else:
                self._checked = (profile, password)
                self.move_button.setEnabled(True)
                self._show(self.tr("Connected to {0}. The database is empty and ready.").format(check.version),
                           ok=True)

        def failed(error: BaseException) -> None:
            self.test_button.setEnabled(True)
            self._show(message_for(error), ok=False)

        ops.run(self, lambda _progress: check_server(profile, password), done, failed, write=False)

    # --- move ----------------------------------------------------------------------------------------

    def start_move(self) -> None:
        if self._checked is None:
            return
        profile, password = self._checked
        confirm = ask_password(self, self.tr("This computer's database is copied to the server, and from then on "
                                             "this computer works on the server."))
        if confirm is None:
            return
        context, app_user = self.state.context, self.app.text().strip()
        template = self.tr("Copying: {0} of {1} rows ({2})")

        def work(progress: ops.Progress) -> Any:
            from desktop_app.services.move_to_server import move_this_desktop

            def report(done: int, total: int, table: str) -> None:
                progress.report(done, total, template.format(f"{done:,}", f"{total:,}", table))

            return move_this_desktop(context, profile, password, app_user, confirm, progress=report)

        self.move_button.setEnabled(False)
        self.test_button.setEnabled(False)

        def failed(error: BaseException) -> None:
            self.test_button.setEnabled(True)
            self.move_button.setEnabled(True)
            show_error(self, error)

        ops.run(self, work, self._moved, failed, write=True, label=self.tr("Moving to the server..."))

    def _moved(self, result: Any) -> None:
        """Save the app role's profile (its password in the keyring when there is one), tell the user how
        the other computers join, and close the program: it starts again on the server."""
        self.report, self.desktop_profile = result
        profile = self.desktop_profile
        stored = False
        if self.app_password.text():
            try:
                credentials.store_password(profile.secret_key(), self.app_password.text())
                stored = True
            except credentials.NoSecureStore:
                stored = False
        self.state.config = self.state.config.with_profile(profile)
        save_config(self.state.paths, self.state.config)
        text = self.tr(
            "Moved: {0} rows in {1} tables, every table checked (row counts and checksums) and the audit log "
            "verified, in {2:.1f} s.\n\nThis computer now works on {3}. The old database file is kept unchanged; do "
            "not use it any more.\n\nOn every other computer: install Benji CRM, choose the LAN server in the "
            "first-run wizard (or \"Database settings...\" on the log-in window) and enter server {4}, port {5}, "
            "database {6}, user {7} and its password.\n\nBenji CRM closes now. Start it again{8}.").format(
                f"{self.report.rows:,}", self.report.tables, self.report.seconds, profile.describe(), profile.host,
                profile.effective_port, profile.database, profile.user,
                "" if stored else self.tr(" and enter the app user's password"))
        box = QMessageBox(QMessageBox.Icon.Information, self.tr("Move to a LAN server"), text,
                          QMessageBox.StandardButton.Ok, self)
        box.setObjectName("movedBox")
        box.setWindowModality(Qt.WindowModality.ApplicationModal)
        box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        box.finished.connect(lambda _result: self._quit())
        self.moved_box = box
        box.open()

    def _quit(self) -> None:
        from desktop_app.views.pages.backup import quit_app

        self.accept()
        quit_app()
