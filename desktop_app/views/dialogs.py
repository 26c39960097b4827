"""About, settings (language, database) and change-password dialogs."""

from __future__ import annotations

import platform
from typing import Any

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import qVersion
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop_app import __version__
from desktop_app.config import save_config
from desktop_app.views import ops
from desktop_app.views.database_form import DatabaseForm
from desktop_app.views.forms import FormErrors
from desktop_app.views.state import AppState

DEFAULT_IDLE_MINUTES = 15


class AboutDialog(QDialog):
    def __init__(self, state: AppState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("About Benji CRM"))
        from importlib.metadata import version

        def v(name: str) -> str:
            try:
                return version(name)
            except Exception:
                return "?"

        title = QLabel(self.tr("Benji CRM {0}").format(__version__))
        title.setObjectName("pageTitle")
        text = QLabel(
            self.tr("On-premise CRM and billing: your customer and billing data stays on your own computers.")
        )
        text.setWordWrap(True)
        form = QFormLayout()
        form.addRow(self.tr("Database:"), QLabel(state.config.profile.describe() if state.config.profile else "-"))
        form.addRow("Python:", QLabel(platform.python_version()))
        form.addRow("Qt / PySide6:", QLabel(f"{qVersion()} / {pyside_version}"))
        form.addRow("SQLAlchemy:", QLabel(v("sqlalchemy")))
        form.addRow("Alembic:", QLabel(v("alembic")))
        form.addRow("ReportLab:", QLabel(v("reportlab")))
        form.addRow(self.tr("Log file:"), QLabel(str(state.paths.log_file)))
        credits = QLabel(self.tr("Font: WenQuanYi Micro Hei (Apache-2.0). Icons: Lucide (ISC)."))
        credits.setProperty("role", "muted")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(text)
        layout.addLayout(form)
        layout.addWidget(credits)
        layout.addWidget(buttons)


class SettingsDialog(QDialog):
    """Device settings: language and database profile. Both take effect at the next start."""

    def __init__(self, state: AppState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.setWindowTitle(self.tr("Settings"))
        self.language = QComboBox()
        self.language.addItem(self.tr("Same as the system"), "auto")
        self.language.addItem("简体中文", "zh_CN")
        self.language.addItem("English", "en")
        self.language.setCurrentIndex(max(0, self.language.findData(state.config.language)))
        self.idle_minutes = QSpinBox()
        self.idle_minutes.setRange(1, 480)
        self.idle_minutes.setSuffix(self.tr(" min"))
        self.idle_minutes.setValue(int(str(state.config.extra.get("idle_lock_minutes", DEFAULT_IDLE_MINUTES))))
        general = QWidget()
        form = QFormLayout(general)
        form.addRow(self.tr("Language:"), self.language)
        form.addRow(self.tr("Lock after inactivity:"), self.idle_minutes)
        self.database = DatabaseForm(str(state.paths.default_database))
        self.database.set_profile(state.config.profile)
        tabs = QTabWidget()
        tabs.addTab(general, self.tr("General"))
        tabs.addTab(self.database, self.tr("Database"))
        note = QLabel(self.tr("Changes take effect when Benji CRM starts next time."))
        note.setProperty("role", "muted")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(tabs)
        layout.addWidget(note)
        layout.addWidget(buttons)
        self.resize(640, 520)

    def accept(self) -> None:
        from dataclasses import replace

        from desktop_app import credentials

        profile = self.database.profile()
        password = self.database.server_password()
        if profile.is_server and password:
            self.state.passwords.remember(profile.secret_key(), password)
            if self.database.remember.isChecked():
                try:
                    credentials.store_password(profile.secret_key(), password)
                except credentials.NoSecureStore:
                    pass
        extra = dict(self.state.config.extra, idle_lock_minutes=self.idle_minutes.value())
        self.state.config = replace(self.state.config, language=self.language.currentData(), profile=profile,
                                    extra=extra)
        save_config(self.state.paths, self.state.config)
        super().accept()


class ChangePasswordDialog(QDialog):
    def __init__(self, state: AppState, parent: QWidget | None = None, forced: bool = False) -> None:
        super().__init__(parent)
        self.state = state
        self.setWindowTitle(self.tr("Change my password"))
        self.forced = forced
        self.old = QLineEdit()
        self.new = QLineEdit()
        self.repeat = QLineEdit()
        for edit in (self.old, self.new, self.repeat):
            edit.setEchoMode(QLineEdit.EchoMode.Password)
        form = QFormLayout()
        form.addRow(self.tr("Current password"), self.old)
        form.addRow(self.tr("New password"), self.new)
        form.addRow(self.tr("Repeat new password"), self.repeat)
        self.errors = FormErrors({"old_password": self.old, "new_password": self.new})
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        if forced:
            note = QLabel(self.tr("Your password was set by an administrator. Choose your own password to "
                                  "continue."))
            note.setWordWrap(True)
            layout.addWidget(note)
        layout.addLayout(form)
        layout.addWidget(self.errors.label)
        layout.addWidget(self.buttons)

    def accept(self) -> None:
        from desktop_app.errors import ValidationFailed

        if self.new.text() != self.repeat.text():
            self.errors.show(ValidationFailed("password.mismatch", "new_password"))
            return
        context, old, new = self.state.context, self.old.text(), self.new.text()

        def work(_progress: ops.Progress) -> Any:
            from desktop_app.services.auth import change_own_password

            return change_own_password(context, old, new)

        def done(changes: Any) -> None:
            self.state.publish(changes)
            if not self.forced:
                QMessageBox.information(self, self.windowTitle(), self.tr("Your password was changed."))
            super(ChangePasswordDialog, self).accept()

        ops.run(self, work, done, self.errors.show)
