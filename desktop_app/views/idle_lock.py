"""Idle lock: after N minutes without input the window locks and asks for the password again.

The window and its forms stay as they are underneath, so unsaved input survives the lock.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QApplication, QDialog, QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from desktop_app.views import ops
from desktop_app.views.error_dialog import message_for
from desktop_app.views.look import icon

ACTIVITY = {QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.MouseMove, QEvent.Type.Wheel}
LOG_OUT = 2


class LockDialog(QDialog):
    def __init__(self, context: Any, display_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.setWindowTitle(self.tr("Benji CRM is locked"))
        self.setWindowModality(Qt.WindowModality.ApplicationModal)
        self.setWindowFlag(Qt.WindowType.WindowCloseButtonHint, False)
        title = QLabel(self.tr("Locked after a period without activity"))
        title.setObjectName("pageTitle")
        text = QLabel(self.tr("{0}, enter your password to continue. Your unsaved input is kept.")
                      .format(display_name))
        text.setWordWrap(True)
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.returnPressed.connect(self.unlock)
        self.status = QLabel()
        self.status.setProperty("role", "error")
        self.status.setWordWrap(True)
        self.unlock_button = QPushButton(icon("key-round", "#ffffff"), self.tr("Unlock"))
        self.unlock_button.setProperty("default", "true")
        self.unlock_button.clicked.connect(self.unlock)
        log_out = QPushButton(icon("log-out"), self.tr("Log out"))
        log_out.clicked.connect(lambda: self.done(LOG_OUT))
        buttons = QHBoxLayout()
        buttons.addWidget(log_out)
        buttons.addStretch(1)
        buttons.addWidget(self.unlock_button)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(text)
        layout.addWidget(self.password)
        layout.addWidget(self.status)
        layout.addLayout(buttons)
        self.setMinimumWidth(400)

    def unlock(self) -> None:
        password, context = self.password.text(), self.context
        self.unlock_button.setEnabled(False)

        def work(_progress: ops.Progress) -> None:
            from desktop_app.services.auth import confirm_password

            confirm_password(context, password)

        def failed(error: BaseException) -> None:
            self.unlock_button.setEnabled(True)
            self.status.setText(message_for(error))
            self.password.selectAll()

        ops.run(self, work, lambda _result: self.accept(), failed, write=False)

    def reject(self) -> None:  # Esc does not unlock
        return


class IdleLock(QObject):
    """Watches the application's input; calls ``on_idle`` after ``minutes`` without any."""

    idle = Signal()

    def __init__(self, minutes: float, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(max(1, int(minutes * 60_000)))
        self.timer.timeout.connect(self.idle.emit)
        self.paused = False
        app = QApplication.instance()
        assert app is not None
        app.installEventFilter(self)
        self.timer.start()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if not self.paused and event.type() in ACTIVITY:
            self.timer.start()
        return False

    def pause(self) -> None:
        self.paused = True
        self.timer.stop()

    def resume(self) -> None:
        self.paused = False
        self.timer.start()

    def stop(self) -> None:
        self.timer.stop()
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)
