"""Asking for the user's own password again before a sensitive action."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QLineEdit, QVBoxLayout, QWidget


class ConfirmPasswordDialog(QDialog):
    def __init__(self, reason: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Confirm with your password"))
        label = QLabel(reason + "\n" + self.tr("Enter your own log-in password to continue."))
        label.setWordWrap(True)
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(label)
        layout.addWidget(self.password)
        layout.addWidget(buttons)
        self.setMinimumWidth(360)


def ask_password(parent: QWidget | None, reason: str) -> str | None:
    dialog = ConfirmPasswordDialog(reason, parent)
    return dialog.password.text() if dialog.exec() else None
