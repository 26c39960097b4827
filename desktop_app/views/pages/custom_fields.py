"""Custom fields (自定义字段): the administrator defines extra customer fields for the form and the list."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop_app.views import ops
from desktop_app.views.custom_values import kind_name
from desktop_app.views.forms import FormErrors, save_and_close
from desktop_app.views.pages.audit import table
from desktop_app.views.state import AppState
from desktop_app.views.table_model import Column, RecordTableModel, selected_record

KINDS = ("text", "number", "date", "choice")


class FieldDialog(QDialog):
    """Add (``field`` None) or edit one definition. The key and the type are fixed once the field exists."""

    def __init__(self, state: AppState, field: Any, position: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state, self.field = state, field
        self.setWindowTitle(self.tr("New custom field") if field is None else self.tr("Custom field"))
        self.label = QLineEdit()
        self.label.setMaxLength(60)
        self.label.setPlaceholderText(self.tr("e.g. 客户等级"))
        self.key = QLineEdit()
        self.key.setMaxLength(40)
        self.key.setPlaceholderText(self.tr("made from the label if empty, e.g. khdj"))
        self.kind = QComboBox()
        for kind in KINDS:
            self.kind.addItem(kind_name(kind), kind)
        self.choices = QPlainTextEdit()
        self.choices.setPlaceholderText(self.tr("One choice per line, e.g.\nA级\nB级\nC级"))
        self.choices.setMaximumHeight(120)
        self.required = QCheckBox(self.tr("Required"))
        self.in_list = QCheckBox(self.tr("Show as a column in the customer list"))
        self.in_list.setChecked(True)
        self.position = QSpinBox()
        self.position.setRange(0, 9999)
        self.position.setValue(position)
        self.position.setToolTip(self.tr("Fields are shown in the order of this number."))
        form = QFormLayout()
        form.addRow(self.tr("Label *"), self.label)
        form.addRow(self.tr("Key"), self.key)
        form.addRow(self.tr("Type"), self.kind)
        form.addRow(self.tr("Choices"), self.choices)
        form.addRow(self.tr("Position"), self.position)
        form.addRow("", self.required)
        form.addRow("", self.in_list)
        self.errors = FormErrors({"label": self.label, "key": self.key, "kind": self.kind, "choices": self.choices,
                                  "position": self.position})
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Save)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.errors.label)
        layout.addWidget(buttons)
        self.kind.currentIndexChanged.connect(lambda _i: self.choices.setEnabled(self.kind.currentData() == "choice"))
        if field is not None:
            self.label.setText(field.label)
            self.key.setText(field.key)
            self.key.setReadOnly(True)
            self.kind.setCurrentIndex(self.kind.findData(field.kind))
            self.kind.setEnabled(False)
            self.choices.setPlainText("\n".join(field.choices))
            self.required.setChecked(field.required)
            self.in_list.setChecked(field.in_list)
            self.position.setValue(field.position)
        self.choices.setEnabled(self.kind.currentData() == "choice")
        self.resize(460, 0)

    def data(self) -> Any:
        from desktop_app.services.custom_fields import CustomFieldInfo

        old = self.field
        return CustomFieldInfo(old.id if old else 0, self.key.text(), self.label.text(), self.kind.currentData(),
                               tuple(self.choices.toPlainText().splitlines()), self.required.isChecked(),
                               self.in_list.isChecked(), self.position.value(), old.active if old else True,
                               old.version if old else 0)

    def save(self) -> None:
        data, context = self.data(), self.state.context

        def work(_progress: ops.Progress) -> Any:
            from desktop_app.services.custom_fields import save_field

            return save_field(context, data)

        save_and_close(self, work, self.save_button, self.errors.show)


class CustomFieldsPage(QWidget):
    def __init__(self, state: AppState) -> None:
        super().__init__()
        self.state = state
        self.dialog: FieldDialog | None = None
        title = QLabel(self.tr("Custom fields"))
        title.setObjectName("pageTitle")
        note = QLabel(self.tr("Extra fields on the customer form and, if you choose, in the customer list. "
                              "A deactivated field disappears from both; the values customers have are kept."))
        note.setProperty("role", "muted")
        note.setWordWrap(True)
        yes = self.tr("yes")
        self.model = RecordTableModel([
            Column(self.tr("Position"), lambda f: f.position, align_right=True),
            Column(self.tr("Label"), lambda f: f.label),
            Column(self.tr("Key"), lambda f: f.key),
            Column(self.tr("Type"), lambda f: kind_name(f.kind)),
            Column(self.tr("Choices"), lambda f: "、".join(f.choices), tooltip=lambda f: "\n".join(f.choices)),
            Column(self.tr("Required"), lambda f: yes if f.required else ""),
            Column(self.tr("In the list"), lambda f: yes if f.in_list else ""),
            Column(self.tr("Status"), lambda f: self.tr("Active") if f.active else self.tr("Deactivated")),
        ], self)
        self.table = table(self.model)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.doubleClicked.connect(lambda _index: self.edit())
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._enable())
        self.add_button = QPushButton(self.tr("Add field..."))
        self.add_button.clicked.connect(self.add)
        self.edit_button = QPushButton(self.tr("Edit..."))
        self.edit_button.clicked.connect(self.edit)
        self.deactivate_button = QPushButton(self.tr("Deactivate"))
        self.deactivate_button.clicked.connect(lambda: self.set_active(False))
        self.reactivate_button = QPushButton(self.tr("Reactivate"))
        self.reactivate_button.clicked.connect(lambda: self.set_active(True))
        self.can_edit = state.user.access.can("settings", "edit")
        buttons = QHBoxLayout()
        for button in (self.add_button, self.edit_button, self.deactivate_button, self.reactivate_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 20)
        layout.addWidget(title)
        layout.addWidget(note)
        layout.addLayout(buttons)
        layout.addWidget(self.table, 1)
        state.bus.changed.connect(lambda changes: changes.custom_fields and self.reload())
        self._enable()
        self.reload()

    def selected(self) -> Any:
        return selected_record(self.table)

    def _enable(self) -> None:
        field = self.selected()
        self.add_button.setEnabled(self.can_edit)
        self.edit_button.setEnabled(self.can_edit and field is not None)
        self.deactivate_button.setEnabled(self.can_edit and field is not None and field.active)
        self.reactivate_button.setEnabled(self.can_edit and field is not None and not field.active)

    def reload(self) -> None:
        context = self.state.context

        def work(_progress: ops.Progress) -> Any:
            from desktop_app.services.custom_fields import list_fields

            return list_fields(context, active_only=False)

        def done(fields: list[Any]) -> None:
            self.model.replace_rows(self.table, fields)
            self._enable()

        ops.run(self, work, done, write=False)

    def add(self) -> None:
        if not self.can_edit:
            return
        last = max((f.position for f in self.model.rows), default=0)
        self.dialog = FieldDialog(self.state, None, min(last + 1, 9999), self)
        self.dialog.open()

    def edit(self) -> None:
        field = self.selected()
        if field is not None and self.can_edit:
            self.dialog = FieldDialog(self.state, field, field.position, self)
            self.dialog.open()

    def set_active(self, active: bool) -> None:
        field, context = self.selected(), self.state.context
        if field is None or not self.can_edit:
            return

        def work(_progress: ops.Progress) -> Any:
            from desktop_app.services.custom_fields import deactivate, reactivate

            return (reactivate if active else deactivate)(context, field.id, field.version)

        ops.run(self, work, lambda result: self.state.publish(result[1]))
