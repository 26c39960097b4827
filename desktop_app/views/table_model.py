"""One table model for lists of frozen dataclasses: columns are (header, getter) pairs."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal

Index = QModelIndex | QPersistentModelIndex
_DISPLAY, _TOOLTIP = Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole
_ALIGNMENT = Qt.ItemDataRole.TextAlignmentRole
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)


class Column:
    def __init__(self, header: str, value: Callable[[Any], object], *, align_right: bool = False,
                 tooltip: Callable[[Any], str] | None = None) -> None:
        self.header, self.value, self.align_right, self.tooltip = header, value, align_right, tooltip


class RecordTableModel(QAbstractTableModel):
    def __init__(self, columns: Sequence[Column], parent: Any = None) -> None:
        super().__init__(parent)
        self.columns = list(columns)
        self.rows: list[Any] = []

    def set_rows(self, rows: Sequence[Any]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def replace_rows(self, view: Any, rows: Sequence[Any]) -> None:
        """New rows after a reload; the record that was selected in ``view`` (same ``id``) stays selected."""
        chosen = selected_record(view)
        self.set_rows(rows)
        if chosen is not None:
            for number, row in enumerate(self.rows):
                if row.id == chosen.id:
                    view.selectRow(number)
                    break

    def row_at(self, index: Index) -> Any:
        return self.rows[index.row()] if index.isValid() and index.row() < len(self.rows) else None

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        # called for every cell and role on every paint: answer the roles we do not serve first
        if role != _DISPLAY and role != _TOOLTIP and role != _ALIGNMENT:
            return None
        column_number = index.column()
        if not 0 <= column_number < len(self.columns):
            return None
        row = self.row_at(index)
        if row is None:
            return None
        column = self.columns[column_number]
        if role == _DISPLAY:
            value = column.value(row)
            return "" if value is None else str(value)
        if role == _TOOLTIP:
            return column.tooltip(row) if column.tooltip is not None else None
        return _RIGHT if column.align_right else None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        horizontal = role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal
        return self.columns[section].header if horizontal and 0 <= section < len(self.columns) else None


class PagedTableModel(RecordTableModel):
    """Big lists: the first page arrives with the list; the next pages load as the view scrolls to the end
    (Qt's canFetchMore/fetchMore, as QSqlQueryModel does), so a million customers never sit in memory.

    ``fetch(last_row, shown)`` returns the page after ``last_row`` (``shown`` rows are on screen); a page
    shorter than ``page_size`` is the last. A failing fetch stops paging and is reported by ``failed``.
    """

    failed = Signal(object)

    def __init__(self, columns: Sequence[Column], fetch: Callable[[Any, int], Sequence[Any]], page_size: int,
                 parent: Any = None) -> None:
        super().__init__(columns, parent)
        self.fetch, self.page_size, self.more = fetch, page_size, False

    def set_first_page(self, rows: Sequence[Any]) -> None:
        self.beginResetModel()
        self.rows, self.more = list(rows), False  # no fetch from inside the reset's own signal handlers
        self.endResetModel()
        self.more = len(rows) >= self.page_size

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and self.more

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008
        if parent.isValid() or not self.more:
            return
        self.more = False  # no second fetch while this one runs
        try:
            rows = list(self.fetch(self.rows[-1] if self.rows else None, len(self.rows)))
        except Exception as error:  # shown by the page; the rows already shown stay
            self.failed.emit(error)
            return
        if rows:
            self.beginInsertRows(QModelIndex(), len(self.rows), len(self.rows) + len(rows) - 1)
            self.rows.extend(rows)
            self.endInsertRows()
        self.more = len(rows) >= self.page_size


def selected_record(view: Any) -> Any:
    """The record of the selected row of a single-selection table over a RecordTableModel, or None."""
    rows = view.selectionModel().selectedRows()
    return view.model().row_at(rows[0]) if rows else None
