"""A table model for lists paged by a key (keyset paging): the first page comes with the list; the next is
asked for in the background when the view reaches the end (Qt's canFetchMore/fetchMore) and appended."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView

from desktop_app.views.table_model import Column, RecordTableModel

Index = QModelIndex | QPersistentModelIndex


def record_table(model: Any, widths: Sequence[int], *, multi: bool = False, stretch: int = 1) -> QTableView:
    """A read-only table of whole-row records for a list page: columns at least as wide as their header's
    words (English is longer), column ``stretch`` (the customer) taking the room left."""
    from desktop_app.views.pages.audit import compact

    table = QTableView()
    table.setModel(model)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection if multi
                           else QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.verticalHeader().hide()
    table.setAlternatingRowColors(True)
    compact(table, fit=False)
    header = table.horizontalHeader()
    header.setStretchLastSection(False)
    for column, width in enumerate(widths):
        table.setColumnWidth(column, max(width, header.sectionSizeHint(column)))
    header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    return table


class KeysetModel(RecordTableModel):
    """``load_more(last_row)`` starts loading the page after the last row loaded; the page calls
    ``append_page`` with it (or sets ``loading``/``more`` False when it failed). A page shorter than
    ``page_size`` is the last."""

    def __init__(self, columns: Sequence[Column], load_more: Callable[[Any], None], page_size: int,
                 parent: Any = None) -> None:
        super().__init__(columns, parent)
        self.load_more, self.page_size, self.more, self.loading = load_more, page_size, False, False

    def set_first_page(self, rows: Sequence[Any]) -> None:
        self.loading, self.more = False, False  # no fetch from inside the reset's own signal handlers
        self.set_rows(rows)
        self.more = len(rows) >= self.page_size

    def append_page(self, rows: Sequence[Any]) -> None:
        if rows:
            self.beginInsertRows(QModelIndex(), len(self.rows), len(self.rows) + len(rows) - 1)
            self.rows.extend(rows)
            self.endInsertRows()
        self.loading, self.more = False, len(rows) >= self.page_size

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008 - Qt's signature
        return not parent.isValid() and self.more and not self.loading

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008
        if self.canFetchMore(parent) and self.rows:
            self.loading = True
            self.load_more(self.rows[-1])
