"""The one error dialog: a short translated message, "details" on demand, and where the log is."""

from __future__ import annotations

import logging
import traceback

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMessageBox, QWidget

from desktop_app.errors import DomainError
from desktop_app.views.messages import describe

log = logging.getLogger(__name__)
_log_file: str = ""
_open: set[QMessageBox] = set()


def set_log_file(path: str) -> None:
    global _log_file
    _log_file = path


def message_for(error: BaseException) -> str:
    if isinstance(error, DomainError):
        return describe(error)
    return QCoreApplication.translate(
        "ErrorDialog", "Something went wrong and the action was not completed. Nothing was saved."
    )


def build(parent: QWidget | None, error: BaseException) -> QMessageBox:
    box = QMessageBox(parent)
    box.setWindowTitle(QCoreApplication.translate("ErrorDialog", "Benji CRM"))
    box.setText(message_for(error))
    if isinstance(error, DomainError):
        box.setIcon(QMessageBox.Icon.Warning)
    else:
        box.setIcon(QMessageBox.Icon.Critical)
        box.setInformativeText(
            QCoreApplication.translate("ErrorDialog", "Details were written to the log file:\n{path}").format(
                path=_log_file
            )
        )
        box.setDetailedText("".join(traceback.format_exception(error)))
    box.setStandardButtons(QMessageBox.StandardButton.Ok)
    return box


def show_error(parent: QWidget | None, error: BaseException) -> None:
    if not isinstance(error, DomainError):
        log.error("unexpected error", exc_info=error)
    box = build(parent, error)
    box.setObjectName("errorDialog")
    _open.add(box)  # a parentless box would otherwise be collected at once
    box.finished.connect(lambda _result: _open.discard(box))
    box.open()  # window-modal, without a nested event loop
