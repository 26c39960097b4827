"""A form whose rows can show a problem right under their field (the plan editor's header, charge and
commitment forms): ``show_problems([(subpath, message)])`` puts each message at the field its path names."""

from __future__ import annotations

import re

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractButton,
    QComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop_app.views.forms import mark

_KEY = re.compile(r"^([A-Za-z_]+)")


def path_key(path: str) -> str:
    """The first name of a JSON path: "tiers[1].up_to" → "tiers", "record_rounding.increment" → "record_rounding"."""
    match = _KEY.match(path)
    return match.group(1) if match else ""


def line(placeholder: str = "", width: int = 0) -> QLineEdit:
    edit = QLineEdit()
    edit.setPlaceholderText(placeholder)
    if width:
        edit.setMaximumWidth(width)
    return edit


class FieldForm(QWidget):
    """A QFormLayout of named fields, each with a hidden error line under it; ``changed`` on every edit."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.form = QFormLayout(self)
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.fields: dict[str, QWidget] = {}
        self.notes: dict[str, QLabel] = {}
        self.rows: dict[str, QWidget] = {}
        self.loading = False
        self.read_only = False

    def add(self, key: str, label: str, widget: QWidget, *, watch: QWidget | None = None,
            span: bool = False) -> QWidget:
        """Add a row; ``watch`` is the widget whose edits count as changes (default ``widget``); with
        ``span`` the label sits above a field as wide as the form (a table)."""
        box = QWidget()
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        if span:
            column.addWidget(QLabel(label))
        column.addWidget(widget)
        note = QLabel()
        note.setProperty("role", "error")
        note.setWordWrap(True)
        note.hide()
        column.addWidget(note)
        if span:
            self.form.addRow(box)
        else:
            self.form.addRow(label, box)
        self.fields[key], self.notes[key], self.rows[key] = widget, note, box
        self.watch(watch or widget)
        return widget

    def watch(self, widget: QWidget) -> None:
        if isinstance(widget, QLineEdit):
            widget.textChanged.connect(self._edited)
        elif isinstance(widget, QComboBox):
            widget.currentIndexChanged.connect(self._edited)
            if widget.isEditable():
                widget.editTextChanged.connect(self._edited)
        elif isinstance(widget, QSpinBox):
            widget.valueChanged.connect(self._edited)
        elif isinstance(widget, QAbstractButton):
            widget.toggled.connect(self._edited)

    def _edited(self, *_args: object) -> None:
        if not self.loading:
            self.changed.emit()

    def set_row_visible(self, key: str, visible: bool) -> None:
        self.form.setRowVisible(self.rows[key], visible)

    def clear_problems(self) -> None:
        for key, note in self.notes.items():
            note.hide()
            mark(self.fields[key], False)

    def show_problems(self, problems: list[tuple[str, str]]) -> list[tuple[str, str]]:
        """Show each (path, message) under its field; returns those no field of this form holds."""
        self.clear_problems()
        left: list[tuple[str, str]] = []
        shown: dict[str, list[str]] = {}
        for path, message in problems:
            key = path_key(path)
            if key in self.notes:
                shown.setdefault(key, []).append(message)
            else:
                left.append((path, message))
        for key, texts in shown.items():
            self.notes[key].setText("\n".join(texts))
            self.notes[key].show()
            mark(self.fields[key], True)
        return left

    def freeze(self) -> None:
        """Read-only: values stay legible, nothing can be changed."""
        self.read_only = True
        for widget in self.findChildren(QWidget):
            if isinstance(widget, QLineEdit):
                widget.setReadOnly(True)
            elif isinstance(widget, QComboBox | QSpinBox | QAbstractButton):
                widget.setEnabled(False)


def text_of(edit: QLineEdit) -> str:
    return edit.text().strip()


def put(data: dict[str, object], key: str, value: str) -> None:
    """Set ``key`` unless ``value`` is empty (optional fields are left out of the definition)."""
    if value:
        data[key] = value
