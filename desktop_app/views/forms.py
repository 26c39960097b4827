"""Small form helpers shared by dialogs: showing a validation message next to the field at fault."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QFormLayout, QLabel, QLineEdit, QWidget

from desktop_app.errors import DomainError
from desktop_app.views.error_dialog import message_for


def mark(widget: QWidget, invalid: bool) -> None:
    widget.setProperty("invalid", "true" if invalid else "false")
    widget.style().unpolish(widget)
    widget.style().polish(widget)


class FormErrors:
    """An error line under a form plus the red frame on the field the error names."""

    def __init__(self, fields: dict[str, QWidget]) -> None:
        self.fields = fields
        self.label = QLabel()
        self.label.setWordWrap(True)
        self.label.setProperty("role", "error")
        self.label.hide()
        for widget in fields.values():
            if isinstance(widget, QLineEdit):
                widget.textEdited.connect(lambda _text: self.clear())

    def clear(self) -> None:
        self.label.hide()
        for widget in self.fields.values():
            mark(widget, False)

    def show(self, error: BaseException) -> None:
        self.clear()
        self.label.setText(message_for(error))
        self.label.show()
        field = error.params.get("field") if isinstance(error, DomainError) else None
        widget = self.fields.get(str(field)) if field else None
        if widget is not None:
            mark(widget, True)
            widget.setFocus()


def company_fields(form: QFormLayout) -> dict[str, QLineEdit]:
    """The company detail fields, added to ``form``; keys are CompanyDetails attribute names."""
    fields = {
        "name": QLineEdit(),
        "address": QLineEdit(),
        "phone": QLineEdit(),
        "tax_id": QLineEdit(),
        "bank_name": QLineEdit(),
        "bank_account": QLineEdit(),
    }
    fields["name"].setPlaceholderText(QCoreApplication.translate("CompanyForm", "e.g. 北京本机科技有限公司"))
    fields["phone"].setPlaceholderText(QCoreApplication.translate("CompanyForm", "e.g. 010-88886666 or 13800138000"))
    fields["tax_id"].setPlaceholderText(
        QCoreApplication.translate("CompanyForm", "18 characters, e.g. 91110000600037341L")
    )
    fields["tax_id"].setMaxLength(18)
    labels = {
        "name": QCoreApplication.translate("CompanyForm", "Company name *"),
        "address": QCoreApplication.translate("CompanyForm", "Address"),
        "phone": QCoreApplication.translate("CompanyForm", "Phone"),
        "tax_id": QCoreApplication.translate("CompanyForm", "Unified social credit code"),
        "bank_name": QCoreApplication.translate("CompanyForm", "Bank"),
        "bank_account": QCoreApplication.translate("CompanyForm", "Bank account"),
    }
    for key, widget in fields.items():
        widget.setObjectName(key)
        form.addRow(labels[key], widget)
    return fields


def save_and_close(dialog: Any, work: Callable[[Any], Any], button: QWidget,
                   show_error: Callable[[BaseException], None]) -> None:
    """A dialog's Save: ``work(progress)`` (a service write returning ``(saved, Changes)``) runs in the
    background; then the result is kept on ``dialog.saved``, the change announced and the dialog closed.
    A refusal shows ``show_error`` and lets the user correct and press Save again."""
    from desktop_app.views import ops

    button.setEnabled(False)

    def done(result: Any) -> None:
        dialog.saved, changes = result
        dialog.state.publish(changes)
        dialog.accept()

    def failed(error: BaseException) -> None:
        button.setEnabled(True)
        show_error(error)

    ops.run(dialog, work, done, failed)
