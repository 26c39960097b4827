"""The backup passphrase dialog (entered twice with a warning when a backup is made) and how a backup's
manifest reads on screen (views/pages/backup.py)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, QLocale
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from desktop_app.config import MYSQL, POSTGRESQL, SQLITE
from desktop_app.views.look import DANGER
from desktop_app.views.messages import local_time

MIN_PASSPHRASE = 8  # as services/backup_format.py


class PassphraseDialog(QDialog):
    """``twice``: a new backup's passphrase, typed twice, at least 8 characters, with the warning that it
    cannot be recovered. Otherwise: the passphrase that opens an existing backup."""

    def __init__(self, title: str, twice: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.twice = twice
        self.setWindowTitle(title)
        self.error = QLabel()
        self.error.setProperty("role", "error")
        self.error.setWordWrap(True)
        self.passphrase = QLineEdit()
        self.repeat = QLineEdit()
        for edit in (self.passphrase, self.repeat):
            edit.setEchoMode(QLineEdit.EchoMode.Password)
            edit.textEdited.connect(lambda _text: self.error.setText(""))
        self.show_text = QCheckBox(self.tr("Show the passphrase"))
        self.show_text.toggled.connect(self._show)
        form = QFormLayout()
        form.addRow(self.tr("Passphrase:"), self.passphrase)
        if twice:
            form.addRow(self.tr("Repeat it:"), self.repeat)
        form.addRow("", self.show_text)
        layout = QVBoxLayout(self)
        if twice:
            warning = QLabel(self.tr(
                "The backup is encrypted with this passphrase (at least {0} characters). Without it the backup "
                "cannot be restored: nobody, not even the supplier of Benji CRM, can open it. Write it down and "
                "keep it apart from the backup files, e.g. in the company safe or a password manager."
            ).format(MIN_PASSPHRASE))
            warning.setObjectName("passphraseWarning")
            warning.setStyleSheet(f"color: {DANGER}; font-weight: 600;")
        else:
            warning = QLabel(self.tr("Type the passphrase that was used when the backup was made."))
        warning.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(warning)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.setMinimumWidth(440)

    def _show(self, visible: bool) -> None:
        mode = QLineEdit.EchoMode.Normal if visible else QLineEdit.EchoMode.Password
        self.passphrase.setEchoMode(mode)
        self.repeat.setEchoMode(mode)

    def accept(self) -> None:
        text = self.passphrase.text()
        if not text:
            self.error.setText(self.tr("Type the passphrase."))
            return
        if self.twice and len(text) < MIN_PASSPHRASE:
            self.error.setText(self.tr("The passphrase needs at least {0} characters.").format(MIN_PASSPHRASE))
            return
        if self.twice and text != self.repeat.text():
            self.error.setText(self.tr("The two passphrases differ. Type the same passphrase twice."))
            return
        super().accept()


def ask_passphrase(parent: QWidget | None, title: str, *, twice: bool = False) -> str | None:
    dialog = PassphraseDialog(title, twice, parent)
    return dialog.passphrase.text() if dialog.exec() else None


def backend_name(kind: str) -> str:
    if kind == SQLITE:
        return QCoreApplication.translate("BackupPage", "Embedded (SQLite)")
    return {POSTGRESQL: "PostgreSQL", MYSQL: "MariaDB / MySQL"}.get(kind, kind)


def size_text(size: int) -> str:
    return QLocale().formattedDataSize(size)


def number(value: int) -> str:
    return QLocale().toString(value)


def manifest_rows(manifest: Any) -> list[tuple[str, str]]:
    """What a backup holds, as (label, value) rows (literal translate calls, so lupdate finds them)."""
    translate = QCoreApplication.translate
    made_by = translate("BackupPage", "Benji CRM {0}").format(manifest.app_version)
    head = translate("BackupPage", "entry {0}, {1}").format(number(manifest.audit_seq), manifest.audit_hash[:16])
    return [
        (translate("BackupPage", "Made at"), local_time(manifest.created_at)),
        (translate("BackupPage", "Made by"), made_by),
        (translate("BackupPage", "Database version"), manifest.schema_revision),
        (translate("BackupPage", "Database"), backend_name(manifest.backend)),
        (translate("BackupPage", "Tables"), number(len(manifest.tables))),
        (translate("BackupPage", "Rows"), number(manifest.rows)),
        (translate("BackupPage", "Audit chain head"), head),
    ]
