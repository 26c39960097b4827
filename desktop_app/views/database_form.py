"""Choosing the database: embedded file or a LAN server, with "Test connection".

Used by the first-run wizard and the settings dialog.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop_app import credentials
from desktop_app.config import DEFAULT_PORTS, MYSQL, POSTGRESQL, SQLITE, DatabaseProfile
from desktop_app.views import ops
from desktop_app.views.error_dialog import message_for


class ServerAddress:
    """Where a server database is — type, host, port (following the type), database — and whether TLS is
    required: the fields the database form and the move-to-server dialog share."""

    def __init__(self) -> None:
        self.port = QSpinBox()
        self.port.setRange(1, 65535)
        self.port.setValue(DEFAULT_PORTS[POSTGRESQL])
        self.kind = QComboBox()
        self.kind.addItem("PostgreSQL", POSTGRESQL)
        self.kind.addItem("MariaDB / MySQL", MYSQL)
        self.kind.currentIndexChanged.connect(lambda _index: self.port.setValue(DEFAULT_PORTS[self.kind.currentData()]))
        self.host = QLineEdit()
        self.host.setPlaceholderText(QCoreApplication.translate("DatabaseForm", "e.g. 192.168.1.10 or crm-server"))
        self.database = QLineEdit("benji")
        self.tls = QCheckBox(QCoreApplication.translate("DatabaseForm", "Require an encrypted connection (TLS)"))
        self.tls.setToolTip(QCoreApplication.translate(
            "DatabaseForm", "Refuse to connect when the server does not offer TLS. Switch TLS on at the server first "
            "(admin guide, LAN server set-up)."))

    def add_rows(self, form: QFormLayout) -> None:
        form.addRow(QCoreApplication.translate("DatabaseForm", "Server type:"), self.kind)
        form.addRow(QCoreApplication.translate("DatabaseForm", "Host:"), self.host)
        form.addRow(QCoreApplication.translate("DatabaseForm", "Port:"), self.port)
        form.addRow(QCoreApplication.translate("DatabaseForm", "Database:"), self.database)

    def on_change(self, slot: Callable[[], None]) -> None:
        for edit in (self.host, self.database):
            edit.textChanged.connect(lambda _text: slot())
        self.kind.currentIndexChanged.connect(lambda _index: slot())
        self.port.valueChanged.connect(lambda _value: slot())
        self.tls.toggled.connect(lambda _on: slot())

    def profile(self, user: str) -> DatabaseProfile:
        return DatabaseProfile(kind=self.kind.currentData(), host=self.host.text().strip(), port=self.port.value(),
                               database=self.database.text().strip(), user=user.strip(), tls=self.tls.isChecked())

    def show(self, profile: DatabaseProfile) -> None:
        self.kind.setCurrentIndex(self.kind.findData(profile.kind))
        self.host.setText(profile.host)
        self.port.setValue(profile.effective_port)
        self.database.setText(profile.database)
        self.tls.setChecked(profile.tls)


class DatabaseForm(QWidget):
    """Edits a ``DatabaseProfile`` plus the server password (which only goes to the keyring)."""

    tested = Signal(object)  # the ConnectionReport of a successful test
    edited = Signal()

    def __init__(self, default_path: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._last_ok: tuple[DatabaseProfile, str] | None = None
        self.report: object | None = None
        self.embedded = QRadioButton(self.tr("On this computer (embedded database, no set-up)"))
        self.server = QRadioButton(self.tr("On a server in the office network (PostgreSQL or MariaDB)"))
        group = QButtonGroup(self)
        group.addButton(self.embedded)
        group.addButton(self.server)
        self.embedded.setChecked(True)

        self.path = QLineEdit(default_path)
        browse = QPushButton(self.tr("Browse..."))
        browse.clicked.connect(self._browse)
        path_row = QHBoxLayout()
        path_row.addWidget(self.path, 1)
        path_row.addWidget(browse)
        self.embedded_box = QWidget()
        embedded_form = QFormLayout(self.embedded_box)
        embedded_form.addRow(self.tr("Database file:"), path_row)

        self.address = ServerAddress()
        self.kind, self.host, self.port = self.address.kind, self.address.host, self.address.port
        self.database, self.tls = self.address.database, self.address.tls
        self.user = QLineEdit("benji_app")
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.remember = QCheckBox(self.tr("Save the password in the system keyring"))
        self.keyring_note = QLabel()
        self.keyring_note.setProperty("role", "muted")
        self.keyring_note.setWordWrap(True)
        if not credentials.secure_store_available():
            self.remember.setChecked(False)
            self.remember.setEnabled(False)
            self.keyring_note.setText(
                self.tr(
                    "This computer has no secure password store, so the password is kept for this session "
                    "only and asked for at each start. It is never written to a file."
                )
            )
        else:
            self.remember.setChecked(True)
        self.server_box = QWidget()
        server_form = QFormLayout(self.server_box)
        self.address.add_rows(server_form)
        server_form.addRow(self.tr("User:"), self.user)
        server_form.addRow(self.tr("Password:"), self.password)
        server_form.addRow("", self.tls)
        server_form.addRow("", self.remember)
        server_form.addRow("", self.keyring_note)

        self.test_button = QPushButton(self.tr("Test connection"))
        self.test_button.clicked.connect(self.test_connection)
        self.status = QLabel()
        self.status.setWordWrap(True)
        test_row = QHBoxLayout()
        test_row.addWidget(self.test_button)
        test_row.addWidget(self.status, 1)

        layout = QVBoxLayout(self)
        layout.addWidget(self.embedded)
        layout.addWidget(self.embedded_box)
        layout.addWidget(self.server)
        layout.addWidget(self.server_box)
        layout.addLayout(test_row)
        layout.addStretch(1)
        self.embedded.toggled.connect(self._mode_changed)
        for edit in (self.path, self.user, self.password):
            edit.textChanged.connect(self._changed)
        self.address.on_change(self._changed)
        self._mode_changed()

    # --- values -----------------------------------------------------------------------------------

    def profile(self) -> DatabaseProfile:
        if self.embedded.isChecked():
            return DatabaseProfile(kind=SQLITE, path=self.path.text().strip())
        return self.address.profile(self.user.text())

    def server_password(self) -> str | None:
        return self.password.text() if self.server.isChecked() else None

    def set_profile(self, profile: DatabaseProfile | None) -> None:
        if profile is None:
            return
        if profile.kind == SQLITE:
            self.embedded.setChecked(True)
            self.path.setText(profile.path)
            return
        self.server.setChecked(True)
        self.address.show(profile)
        self.user.setText(profile.user)

    def tested_ok(self) -> bool:
        """True when the current values are the ones last tested successfully."""
        return self._last_ok == (self.profile(), self.server_password() or "")

    # --- behaviour --------------------------------------------------------------------------------

    def _mode_changed(self) -> None:
        self.embedded_box.setEnabled(self.embedded.isChecked())
        self.server_box.setVisible(self.server.isChecked())
        self._changed()

    def _changed(self) -> None:
        self._last_ok = None
        self.status.setText("")
        self.edited.emit()

    def _browse(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self,
            self.tr("Database file"),
            self.path.text(),
            self.tr("Benji CRM database (*.db)"),
            options=QFileDialog.Option.DontConfirmOverwrite,
        )
        if path:
            self.path.setText(path)

    def test_connection(self) -> None:
        from desktop_app.services.system import try_connection

        profile, password = self.profile(), self.server_password()
        if profile.is_server and not (profile.host and profile.database and profile.user):
            self._show(self.tr("Enter the host, the database and the user."), ok=False)
            return
        self.test_button.setEnabled(False)
        self._show(self.tr("Connecting..."), ok=None)

        def done(report: object) -> None:
            self.test_button.setEnabled(True)
            self._last_ok = (profile, password or "")
            self.report = report
            if getattr(report, "initialised", False):
                self._show(
                    self.tr(
                        "Connected. Benji CRM is already set up in this database: you will log in with your account."
                    ),
                    ok=True,
                )
            else:
                self._show(self.tr("Connected. The database is ready for Benji CRM."), ok=True)
            self.tested.emit(report)

        def failed(error: BaseException) -> None:
            self.test_button.setEnabled(True)
            self._show(message_for(error), ok=False)

        ops.run(self, lambda _progress: try_connection(profile, password), done, failed, write=False)

    def _show(self, text: str, ok: bool | None) -> None:
        self.status.setText(text)
        self.status.setProperty("role", {True: "ok", False: "error", None: "muted"}[ok])
        self.status.style().unpolish(self.status)
        self.status.style().polish(self.status)
