"""One table model for lists of frozen dataclasses: columns are (header, getter) pairs."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

Index = QModelIndex | QPersistentModelIndex


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

    def row_at(self, index: Index) -> Any:
        return self.rows[index.row()] if index.isValid() and index.row() < len(self.rows) else None

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= self.rowCount() or index.column() >= len(self.columns):
            return None
        row = self.row_at(index)
        if row is None:
            return None
        column = self.columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            value = column.value(row)
            return "" if value is None else str(value)
        if role == Qt.ItemDataRole.ToolTipRole and column.tooltip is not None:
            return column.tooltip(row)
        if role == Qt.ItemDataRole.TextAlignmentRole and column.align_right:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        horizontal = role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal
        return self.columns[section].header if horizontal and 0 <= section < len(self.columns) else None


class LazyTableModel(RecordTableModel):
    """Big lists: the ids come first; rows are loaded in batches the first time they are shown.

    ``loader(ids)`` returns the rows for those ids (a service call, e.g. customers.load_rows); rows the
    loader no longer returns (deleted, or moved out of scope) show as empty.
    """

    BATCH = 200

    def __init__(self, columns: Sequence[Column], loader: Callable[[list[int]], Sequence[Any]],
                 parent: Any = None) -> None:
        super().__init__(columns, parent)
        self.loader = loader
        self.ids: list[int] = []
        self.cache: dict[int, Any] = {}

    def set_ids(self, ids: Sequence[int]) -> None:
        self.beginResetModel()
        self.ids, self.cache = list(ids), {}
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.ids)

    def row_at(self, index: Index) -> Any:
        if not index.isValid() or index.row() >= len(self.ids):
            return None
        row_id = self.ids[index.row()]
        if row_id not in self.cache:
            start = (index.row() // self.BATCH) * self.BATCH
            batch = self.ids[start:start + self.BATCH]
            loaded = {row.id: row for row in self.loader(batch)}
            self.cache.update({i: loaded.get(i) for i in batch})
        return self.cache.get(row_id)
