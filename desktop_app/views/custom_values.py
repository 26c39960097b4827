"""Admin-defined customer fields in the customer screens: the form section, the list columns, the filter.

The definitions come from services/custom_fields.py (``list_fields``) as plain dataclasses; values are
text both ways, and the service validates and normalises them (its errors name the field by its key).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QCoreApplication, QDate, QModelIndex, Signal
from PySide6.QtWidgets import (
    QCalendarWidget,
    QComboBox,
    QCompleter,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QToolButton,
    QVBoxLayout,
    QWidget,
    QWidgetAction,
)

from desktop_app.views.forms import FormErrors
from desktop_app.views.look import BORDER
from desktop_app.views.table_model import Column, RecordTableModel


def kind_name(kind: str) -> str:
    names = {"text": QCoreApplication.translate("CustomFields", "Text"),
             "number": QCoreApplication.translate("CustomFields", "Number"),
             "date": QCoreApplication.translate("CustomFields", "Date"),
             "choice": QCoreApplication.translate("CustomFields", "Choice")}
    return names.get(kind, kind)


class DateEdit(QWidget):
    """A date as text (empty allowed: "no date"), typed in any form the service accepts or picked."""

    def __init__(self) -> None:
        super().__init__()
        self.edit = QLineEdit()
        self.edit.setPlaceholderText(QCoreApplication.translate("CustomFields", "e.g. 2026-01-05"))
        self.calendar = QCalendarWidget()
        self.calendar.setGridVisible(True)
        self.calendar.clicked.connect(self._picked)
        menu = QMenu(self)
        action = QWidgetAction(menu)
        action.setDefaultWidget(self.calendar)
        menu.addAction(action)
        menu.aboutToShow.connect(self._before_popup)
        self.button = QToolButton()
        self.button.setText("…")
        self.button.setToolTip(QCoreApplication.translate("CustomFields", "Pick a date"))
        self.button.setMenu(menu)
        self.button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.button.setStyleSheet("QToolButton::menu-indicator { image: none; width: 0; }")
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(4)
        row.addWidget(self.edit, 1)
        row.addWidget(self.button)

    def _before_popup(self) -> None:
        day = QDate.fromString(self.edit.text().strip(), "yyyy-MM-dd")
        self.calendar.setSelectedDate(day if day.isValid() else QDate.currentDate())

    def _picked(self, day: QDate) -> None:
        self.edit.setText(day.toString("yyyy-MM-dd"))
        self.edit.textEdited.emit(self.edit.text())
        menu = self.button.menu()
        if menu is not None:
            menu.hide()

    def text(self) -> str:
        return self.edit.text()

    def setText(self, text: str) -> None:  # the QLineEdit name, so callers treat both alike
        self.edit.setText(text)


class CustomFieldsForm(QWidget):
    """The active custom fields, under the built-in ones, in two columns like them."""

    def __init__(self, align_with: Sequence[QFormLayout] = ()) -> None:
        super().__init__()
        self.fields: list[Any] = []
        self.inputs: dict[str, QLineEdit | QComboBox | DateEdit] = {}
        self.loaded: dict[str, str] = {}
        self.align_with = list(align_with)  # the built-in columns: their labels and ours get one width
        self.title = QLabel(QCoreApplication.translate("CustomFields", "More fields"))
        self.title.setProperty("role", "muted")
        self.line = QFrame()
        self.line.setFrameShape(QFrame.Shape.HLine)
        self.line.setFrameShadow(QFrame.Shadow.Plain)
        self.line.setStyleSheet(f"color: {BORDER};")
        self.left, self.right = QFormLayout(), QFormLayout()
        columns = QHBoxLayout()
        columns.setContentsMargins(0, 0, 0, 0)
        columns.addLayout(self.left, 1)
        columns.addSpacing(16)
        columns.addLayout(self.right, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 8, 0, 0)
        layout.addWidget(self.line)
        layout.addWidget(self.title)
        layout.addLayout(columns)
        self.setVisible(False)

    def set_fields(self, fields: Sequence[Any], errors: FormErrors | None = None) -> None:
        """Build a widget per field (text: line edit, number: line edit, date: DateEdit, choice: combo
        with an empty first item) and register each with ``errors`` under the field's key."""
        current = {**self.loaded, **dict(self.values())}
        for form in (self.left, self.right):
            while form.rowCount():
                form.removeRow(0)
        if errors is not None:
            for key in self.inputs:
                errors.fields.pop(key, None)
        self.fields, self.inputs = list(fields), {}
        for n, field in enumerate(self.fields):
            widget = self._widget(field)
            self.inputs[field.key] = widget
            label = field.label + (" *" if field.required else "")
            (self.left if n % 2 == 0 else self.right).addRow(label, widget)
            if errors is not None:
                target = widget.edit if isinstance(widget, DateEdit) else widget
                errors.fields[field.key] = target
                if isinstance(target, QLineEdit):
                    target.textEdited.connect(lambda _text: errors.clear())
        self.setVisible(bool(self.fields))
        self.set_values(tuple(current.items()))
        for mine, theirs in zip((self.left, self.right), self.align_with, strict=False):
            labels = [label for form in (mine, theirs) for label in _labels(form)]
            width = max((label.sizeHint().width() for label in labels), default=0)
            for label in labels:
                label.setMinimumWidth(width)

    def _widget(self, field: Any) -> QLineEdit | QComboBox | DateEdit:
        if field.kind == "choice":
            combo = QComboBox()
            combo.addItem("", "")
            for choice in field.choices:
                combo.addItem(choice, choice)
            return combo
        if field.kind == "date":
            return DateEdit()
        edit = QLineEdit()
        if field.kind == "number":
            edit.setPlaceholderText(QCoreApplication.translate("CustomFields", "e.g. 1234.50"))
        else:
            edit.setMaxLength(500)
        return edit

    def set_values(self, pairs: Sequence[tuple[str, str]]) -> None:
        self.loaded = dict(pairs)
        for key, widget in self.inputs.items():
            value = self.loaded.get(key, "")
            if isinstance(widget, QComboBox):
                if widget.findData(value) < 0:  # a choice since removed from the list: keep showing it
                    widget.addItem(value, value)
                widget.setCurrentIndex(widget.findData(value))
            else:
                widget.setText(value)

    def values(self) -> tuple[tuple[str, str], ...]:
        """(key, text) for every field on the form; '' clears a value."""
        return tuple((key, str(w.currentData() or "") if isinstance(w, QComboBox) else w.text())
                     for key, w in self.inputs.items())


def _labels(form: QFormLayout) -> list[QWidget]:
    items = (form.itemAt(row, QFormLayout.ItemRole.LabelRole) for row in range(form.rowCount()))
    return [w for w in (item.widget() if item is not None else None for item in items) if w is not None]


def load_fields(context: Any) -> list[Any]:
    """The active definitions (call from a background work function)."""
    from desktop_app.services.custom_fields import list_fields

    return list_fields(context)


def set_list_columns(model: RecordTableModel, fixed: int, fields: Sequence[Any]) -> None:
    """Replace the columns after the first ``fixed`` with one per in-list field, in form order."""
    extra = [Column(f.label, lambda row, key=f.key: dict(getattr(row, "custom", ())).get(key, ""),
                    align_right=f.kind == "number") for f in fields if f.in_list]
    if len(model.columns) > fixed:
        model.beginRemoveColumns(QModelIndex(), fixed, len(model.columns) - 1)
        del model.columns[fixed:]
        model.endRemoveColumns()
    if extra:
        model.beginInsertColumns(QModelIndex(), fixed, fixed + len(extra) - 1)
        model.columns.extend(extra)
        model.endInsertColumns()


class CustomFilter(QWidget):
    """One custom-field filter: which field, and the value (text fields: contains; others: equals)."""

    changed = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.field = QComboBox()
        self.field.addItem(QCoreApplication.translate("CustomFields", "Custom field"), None)
        self.field.setMaximumWidth(140)
        self.value = QLineEdit()
        self.value.setPlaceholderText(QCoreApplication.translate("CustomFields", "Value"))
        self.value.setMaximumWidth(110)
        self.value.setEnabled(False)
        self.fields: dict[str, Any] = {}
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(4)
        row.addWidget(self.field)
        row.addWidget(self.value)
        self.field.currentIndexChanged.connect(self._field_changed)
        self.value.textChanged.connect(lambda _t: self.changed.emit())
        self.setVisible(False)

    def set_fields(self, fields: Sequence[Any]) -> None:
        chosen = self.field.currentData()
        self.field.blockSignals(True)
        while self.field.count() > 1:
            self.field.removeItem(1)
        self.fields = {f.key: f for f in fields}
        for f in fields:
            self.field.addItem(f.label, f.key)
        self.field.setCurrentIndex(max(0, self.field.findData(chosen)) if chosen in self.fields else 0)
        self.field.blockSignals(False)
        self.setVisible(bool(fields))
        self._field_changed()

    def _field_changed(self, _index: int = 0) -> None:
        field = self.fields.get(self.field.currentData() or "")
        self.value.setEnabled(field is not None)
        self.value.setCompleter(QCompleter(list(field.choices), self.value) if field and field.choices else None)
        if self.value.text():
            self.changed.emit()

    def pairs(self) -> tuple[tuple[str, str], ...]:
        key, value = self.field.currentData(), self.value.text().strip()
        return ((key, value),) if key and value else ()
