"""The log-in dialog. It paints at once and opens the database in the background meanwhile."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app.errors import ConnectionProblem
from desktop_app.views import ops
from desktop_app.views.error_dialog import message_for
from desktop_app.views.look import icon
from desktop_app.views.state import AppState

NEEDS_PASSWORD = ("db.no_password", "db.wrong_password")



def preload() -> None:
    """Import what the main window's first pages use while the user types the password, so the customer
    list shows its rows without first waiting for its modules (about 25 ms otherwise)."""
    import desktop_app.services.custom_fields
    import desktop_app.services.customer_list
    import desktop_app.services.saved_views
    import desktop_app.views.pages.customers  # noqa: F401

class LoginDialog(QDialog):
    database_ready = Signal()
    settings_requested = Signal()

    def __init__(self, state: AppState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.setWindowTitle(self.tr("Log in - Benji CRM"))
        self.setWindowIcon(icon("building-2"))
        title = QLabel(self.tr("Benji CRM"))
        title.setObjectName("pageTitle")
        self.company = QLabel(self.tr("Opening the database..."))
        self.company.setProperty("role", "muted")
        self.login = QLineEdit()
        self.login.setPlaceholderText(self.tr("Login name"))
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText(self.tr("Password"))
        self.db_password = QLineEdit()
        self.db_password.setEchoMode(QLineEdit.EchoMode.Password)
        self.db_password_label = QLabel(self.tr("Database password"))
        self.form = QFormLayout()
        self.form.addRow(self.tr("Login name"), self.login)
        self.form.addRow(self.tr("Password"), self.password)
        self.form.addRow(self.db_password_label, self.db_password)
        self._show_db_password(False)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setProperty("role", "error")
        self.log_in_button = QPushButton(self.tr("Log in"))
        self.log_in_button.setDefault(True)
        self.log_in_button.setEnabled(False)
        self.log_in_button.clicked.connect(self._log_in)
        settings = QPushButton(self.tr("Database settings..."))
        settings.clicked.connect(self.settings_requested.emit)
        buttons = QHBoxLayout()
        buttons.addWidget(settings)
        buttons.addStretch(1)
        buttons.addWidget(self.log_in_button)
        database = QLabel(
            self.tr("Database: {0}").format(state.config.profile.describe() if state.config.profile else "")
        )
        database.setProperty("role", "muted")
        database.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(self.company)
        layout.addSpacing(8)
        layout.addLayout(self.form)
        layout.addWidget(self.status)
        layout.addLayout(buttons)
        layout.addWidget(database)
        self.setMinimumWidth(420)
        self.login.setText(str(state.config.extra.get("last_login", "")))
        (self.password if self.login.text() else self.login).setFocus()
        if state.database is None:
            QTimer.singleShot(0, self.open_database)
        else:
            self._ready(state.database)

    def _show_db_password(self, visible: bool) -> None:
        self.db_password.setVisible(visible)
        self.db_password_label.setVisible(visible)

    # --- opening the database -------------------------------------------------------------------

    def open_database(self) -> None:
        profile = self.state.config.profile
        assert profile is not None
        password = None
        if profile.is_server:
            password = self.db_password.text() or self.state.passwords.get(profile.secret_key())
        paths = self.state.paths

        def work(_progress: ops.Progress) -> Any:
            from desktop_app.services.system import open_and_prepare

            database = open_and_prepare(profile, password, paths.backup_dir)
            preload()
            return database

        def done(database: Any) -> None:
            if profile.is_server and password:
                self.state.passwords.remember(profile.secret_key(), password)
            self._ready(database)

        ops.run(self, work, done, self._open_failed, write=False)

    def _ready(self, database: Any) -> None:
        from desktop_app.services.company import get_company
        from desktop_app.services.context import Context

        self.state.database = database
        self._show_db_password(False)
        self.status.setText("")
        try:
            self.company.setText(get_company(Context(database)).name)
        except Exception as error:  # not set up: say so, log-in cannot work
            self.company.setText(message_for(error))
            return
        self.log_in_button.setEnabled(True)
        self.database_ready.emit()

    def _open_failed(self, error: BaseException) -> None:
        self.company.setText(self.tr("The database could not be opened."))
        self.status.setText(message_for(error))
        if isinstance(error, ConnectionProblem) and error.code in NEEDS_PASSWORD:
            from desktop_app import credentials

            if not credentials.secure_store_available():
                self.status.setText(self.status.text() + "\n" + self.tr(
                    "This computer has no secure password store, so the password is kept for this session "
                    "only and asked for at each start."))
            self._show_db_password(True)
            self.db_password.setFocus()
            self.log_in_button.setText(self.tr("Connect"))
            self.log_in_button.setEnabled(True)
        else:
            self.log_in_button.setText(self.tr("Retry"))
            self.log_in_button.setEnabled(True)

    # --- logging in ------------------------------------------------------------------------------

    def _log_in(self) -> None:
        if self.state.database is None:
            self.log_in_button.setEnabled(False)
            self.log_in_button.setText(self.tr("Log in"))
            self.status.setText("")
            self.company.setText(self.tr("Opening the database..."))
            self.open_database()
            return
        login, password = self.login.text(), self.password.text()
        database = self.state.database
        self.log_in_button.setEnabled(False)

        def work(_progress: ops.Progress) -> Any:
            from desktop_app.services.auth import log_in
            from desktop_app.services.context import Context

            return log_in(Context(database), login, password)

        def done(user: Any) -> None:
            from desktop_app.services.context import Context

            self.state.user = user
            self.state.context = Context(database, user.actor())
            self.accept()

        def failed(error: BaseException) -> None:
            self.log_in_button.setEnabled(True)
            self.status.setText(message_for(error))
            self.password.selectAll()
            self.password.setFocus()

        ops.run(self, work, done, failed)

    def keyPressEvent(self, event: Any) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.log_in_button.isEnabled():
            self._log_in()
            return
        super().keyPressEvent(event)
