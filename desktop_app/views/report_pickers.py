"""The pickers of the report filter bar: the period (a relative choice such as "this month", or a month,
quarter, year or custom day range, written as ``parse_period`` reads it) and the customer (type part of a
name, pick one)."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from PySide6.QtCore import QDate, QSignalBlocker, QTimer, Signal
from PySide6.QtWidgets import QComboBox, QDateEdit, QHBoxLayout, QLabel, QSpinBox, QWidget

from desktop_app.views import ops

_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")
_QUARTER = re.compile(r"^(\d{4})-[Qq]([1-4])$")
_YEAR = re.compile(r"^(\d{4})$")
_RANGE = re.compile(r"^(\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2})$")


def qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def day_of(edit: QDateEdit) -> date:
    value: date = edit.date().toPython()  # type: ignore[assignment]
    return value


def date_edit(fmt: str = "yyyy-MM-dd", popup: bool = True) -> QDateEdit:
    edit = QDateEdit(QDate.currentDate())
    edit.setDisplayFormat(fmt)
    edit.setCalendarPopup(popup)
    edit.setMinimumDate(QDate(2000, 1, 1))
    edit.setMaximumDate(QDate(2099, 12, 31))
    return edit


class PeriodPicker(QWidget):
    """A relative period, a month, a quarter, a year or a custom day range; ``text()`` is parse_period's."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.kind = QComboBox()
        for key, text in (
                ("this-month", self.tr("This month")), ("last-month", self.tr("Last month")),
                ("this-quarter", self.tr("This quarter")), ("last-quarter", self.tr("Last quarter")),
                ("this-year", self.tr("This year")), ("last-year", self.tr("Last year")),
                ("year-to-date", self.tr("Year to date")), ("last-12-months", self.tr("Last 12 months")),
                ("month", self.tr("A month")), ("quarter", self.tr("A quarter")), ("year", self.tr("A year")),
                ("range", self.tr("Days from ... to"))):
            self.kind.addItem(text, key)
        self.kind.insertSeparator(8)
        self.month = date_edit("yyyy-MM", popup=False)
        self.year = QSpinBox()
        self.year.setRange(2000, 2099)
        self.year.setValue(date.today().year)
        self.quarter = QComboBox()
        for number in range(1, 5):
            self.quarter.addItem(self.tr("Q{0}").format(number), number)
        self.quarter.setCurrentIndex((date.today().month - 1) // 3)
        self.start = date_edit()
        self.start.setDate(qdate(date.today().replace(day=1)))
        self.end = date_edit()
        self.to_label = QLabel(self.tr("to"))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        for widget in (self.kind, self.month, self.year, self.quarter, self.start, self.to_label, self.end):
            layout.addWidget(widget)
        self.kind.currentIndexChanged.connect(self._kind_changed)
        self.month.dateChanged.connect(lambda _d: self.changed.emit())
        self.year.valueChanged.connect(lambda _v: self.changed.emit())
        self.quarter.currentIndexChanged.connect(lambda _i: self.changed.emit())
        self.start.dateChanged.connect(lambda _d: self.changed.emit())
        self.end.dateChanged.connect(lambda _d: self.changed.emit())
        self._show_parts()

    def _kind_changed(self, _index: int) -> None:
        self._show_parts()
        self.changed.emit()

    def _show_parts(self) -> None:
        kind = self.kind.currentData()
        self.month.setVisible(kind == "month")
        self.year.setVisible(kind in ("quarter", "year"))
        self.quarter.setVisible(kind == "quarter")
        for widget in (self.start, self.to_label, self.end):
            widget.setVisible(kind == "range")

    def text(self) -> str:
        kind = self.kind.currentData()
        if kind == "month":
            chosen = day_of(self.month)
            return f"{chosen.year:04d}-{chosen.month:02d}"
        if kind == "quarter":
            return f"{self.year.value():04d}-Q{self.quarter.currentData()}"
        if kind == "year":
            return f"{self.year.value():04d}"
        if kind == "range":
            return f"{day_of(self.start).isoformat()}..{day_of(self.end).isoformat()}"
        return str(kind)

    def set_text(self, text: str) -> None:
        """Show the period ``text`` (unknown text: this month)."""
        blockers = [QSignalBlocker(w) for w in (self.kind, self.month, self.year, self.quarter, self.start, self.end)]
        value = (text or "").strip()
        kind = value if self.kind.findData(value) >= 0 and value not in ("month", "quarter", "year", "range") \
            else "this-month"
        try:
            if match := _MONTH.match(value):
                self.month.setDate(QDate(int(match[1]), int(match[2]), 1))
                kind = "month"
            elif match := _QUARTER.match(value):
                self.year.setValue(int(match[1]))
                self.quarter.setCurrentIndex(int(match[2]) - 1)
                kind = "quarter"
            elif match := _YEAR.match(value):
                self.year.setValue(int(match[1]))
                kind = "year"
            elif match := _RANGE.match(value):
                self.start.setDate(qdate(date.fromisoformat(match[1])))
                self.end.setDate(qdate(date.fromisoformat(match[2])))
                kind = "range"
        except ValueError:
            kind = "this-month"
        self.kind.setCurrentIndex(self.kind.findData(kind))
        del blockers
        self._show_parts()


class CustomerPicker(QComboBox):
    """Type part of a name (or pinyin, phone, code) and pick the customer; empty is every customer."""

    changed = Signal()

    def __init__(self, state: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.customer_id: int | None = None
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.setMinimumWidth(180)
        self.lineEdit().setPlaceholderText(self.tr("All customers"))
        self.lineEdit().setClearButtonEnabled(True)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(300)
        self._timer.timeout.connect(self._search)
        self.lineEdit().textEdited.connect(self._typed)
        self.activated.connect(self._chosen)

    def _typed(self, text: str) -> None:
        if not text.strip():
            self._timer.stop()
            if self.customer_id is not None:
                self.customer_id = None
                self.changed.emit()
            return
        self._timer.start()

    def _search(self) -> None:
        context, text = self.state.context, self.currentText().strip()

        def work(_progress: ops.Progress) -> Any:
            from desktop_app.services.customer_list import search

            return search(context, text, 20)

        ops.run(self, work, lambda rows: self._offer(text, rows), write=False)

    def _offer(self, text: str, rows: list[Any]) -> None:
        if self.currentText().strip() != text:
            return  # typed on meanwhile
        blocker = QSignalBlocker(self)
        self.clear()
        for row in rows:
            self.addItem(f"{row.name} ({row.code})", row.id)
        self.setCurrentIndex(-1)
        self.setEditText(text)
        del blocker
        if rows:
            self.showPopup()

    def _chosen(self, index: int) -> None:
        customer_id = self.itemData(index)
        if customer_id is not None and customer_id != self.customer_id:
            self.customer_id = customer_id
            self.changed.emit()

    def set_customer(self, customer_id: int | None, name: str = "") -> None:
        blocker = QSignalBlocker(self)
        self.customer_id = customer_id
        self.clear()
        if customer_id is not None:
            self.addItem(name or f"#{customer_id}", customer_id)
            self.setCurrentIndex(0)
        else:
            self.setEditText("")
        del blocker
