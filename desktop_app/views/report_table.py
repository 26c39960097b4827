"""A report's body on screen: the table over a ReportSnapshot (formatted cells, numbers right-aligned, the
totals row bold at the bottom, sorted by the underlying values), the headline cards and the notes.

Cells are formatted by ``report_format.format_value`` from the exact values the service computed; sorting
compares those values (a Decimal, a date, an int), never the text, and the totals row stays last whatever
the order. ``snapshot_row(row)`` maps a row on screen back to the snapshot's row (its drill-down).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QEvent, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop_app.views.look import SURFACE
from desktop_app.views.report_format import format_value, is_number

Index = QModelIndex | QPersistentModelIndex
RAW = Qt.ItemDataRole.UserRole  # the underlying value of a cell (Decimal, date, int, str or None)
TOTAL_ROLE = Qt.ItemDataRole.UserRole + 1  # True on the totals row
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
_LEFT = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)


def _sort_key(value: Any) -> tuple[int, Any]:
    """Empty cells first (ascending); text by its folded form; numbers and dates as they are."""
    if value is None:
        return (0, 0)
    if isinstance(value, str):
        return (1, value.casefold())
    return (1, value)


class ReportTableModel(QAbstractTableModel):
    """The rows of a snapshot, then its totals row (if any)."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.snapshot: Any = None
        self.language = "en"
        self.order: list[int] = []  # row on screen -> row of the snapshot
        self.sorted_by: tuple[int, Qt.SortOrder] | None = None
        self._bold = QFont()
        self._bold.setBold(True)
        self._total_brush = QBrush(QColor(SURFACE))

    # -- content -----------------------------------------------------------------------------------

    def set_snapshot(self, snapshot: Any, language: str) -> None:
        self.beginResetModel()
        self.snapshot, self.language = snapshot, language
        self.order = list(range(len(snapshot.rows))) if snapshot is not None else []
        self.sorted_by = None
        self.endResetModel()

    @property
    def columns(self) -> Sequence[Any]:
        return self.snapshot.columns if self.snapshot is not None else ()

    @property
    def has_totals(self) -> bool:
        return self.snapshot is not None and self.snapshot.totals is not None

    def is_total(self, row: int) -> bool:
        return self.has_totals and row == len(self.order)

    def snapshot_row(self, row: int) -> int | None:
        """The snapshot's row index behind row ``row`` on screen (None for the totals row)."""
        return self.order[row] if 0 <= row < len(self.order) else None

    def values(self, row: int) -> tuple[Any, ...]:
        if self.is_total(row):
            return tuple(self.snapshot.totals)
        return tuple(self.snapshot.rows[self.order[row]])

    def text(self, row: int, column: int) -> str:
        return str(self.data(self.index(row, column)) or "")

    # -- Qt ----------------------------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        if parent.isValid() or self.snapshot is None:
            return 0
        return len(self.order) + (1 if self.has_totals else 0)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or self.snapshot is None:
            return None
        row, column = index.row(), index.column()
        if not (0 <= row < self.rowCount() and 0 <= column < len(self.columns)):
            return None
        kind = self.columns[column].kind
        if role == Qt.ItemDataRole.DisplayRole:
            return format_value(self._value(row, column), kind)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _RIGHT if is_number(kind) else _LEFT
        if role == Qt.ItemDataRole.FontRole:
            return self._bold if self.is_total(row) else None
        if role == Qt.ItemDataRole.BackgroundRole:
            return self._total_brush if self.is_total(row) else None
        if role == Qt.ItemDataRole.ToolTipRole:
            drills = self.snapshot.drills
            source = self.snapshot_row(row)
            if source is not None and source < len(drills) and drills[source] is not None:
                return self.tr("Double-click to open the details")
            return None
        if role == RAW:
            return self._value(row, column)
        if role == TOTAL_ROLE:
            return self.is_total(row)
        return None

    def _value(self, row: int, column: int) -> Any:
        values = self.values(row)
        return values[column] if column < len(values) else None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self.columns):
            return None
        column = self.columns[section]
        if role == Qt.ItemDataRole.DisplayRole:
            return column.label.text(self.language)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _RIGHT if is_number(column.kind) else _LEFT
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Order the rows by the values of ``column``; the totals row stays at the bottom."""
        if self.snapshot is None or not 0 <= column < len(self.columns):
            return
        rows = self.snapshot.rows
        self.layoutAboutToBeChanged.emit()
        before = list(self.order)
        self.order.sort(key=lambda source: _sort_key(rows[source][column] if column < len(rows[source]) else None),
                        reverse=order == Qt.SortOrder.DescendingOrder)
        where = {source: position for position, source in enumerate(self.order)}
        old, new = [], []
        for index in self.persistentIndexList():
            if index.row() < len(before):
                old.append(index)
                new.append(self.index(where[before[index.row()]], index.column()))
        self.changePersistentIndexList(old, new)
        self.sorted_by = (column, order)
        self.layoutChanged.emit()


def report_table(model: ReportTableModel) -> QTableView:
    """A read-only, sortable table of a report: one line per row, columns sized to their contents."""
    from desktop_app.views.pages.audit import compact

    table = QTableView()
    table.setModel(model)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSortingEnabled(True)
    table.horizontalHeader().setSortIndicatorShown(False)  # until the user sorts: the report's own order
    table.horizontalHeader().sortIndicatorChanged.connect(
        lambda *_: table.horizontalHeader().setSortIndicatorShown(True))
    table.verticalHeader().hide()
    table.setAlternatingRowColors(True)
    compact(table)
    header = table.horizontalHeader()
    header.setStretchLastSection(False)
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    header.setMinimumSectionSize(72)
    return table


class TotalsModel(QAbstractTableModel):
    """The totals row of a ReportTableModel on its own, for the line pinned under the table."""

    def __init__(self, source: ReportTableModel) -> None:
        super().__init__(source)
        self.source = source
        source.modelAboutToBeReset.connect(self.beginResetModel)
        source.modelReset.connect(self.endResetModel)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() or not self.source.has_totals else 1

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self.source.columnCount()

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() != 0 or not self.source.has_totals:
            return None
        return self.source.data(self.source.index(self.source.rowCount() - 1, index.column()), role)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        return self.source.headerData(section, orientation, role)

    def flags(self, index: Index) -> Qt.ItemFlag:
        return Qt.ItemFlag.ItemIsEnabled if index.isValid() else Qt.ItemFlag.NoItemFlags


def totals_view(table: QTableView, model: ReportTableModel) -> QTableView:
    """The totals row pinned under ``table`` (hidden there): same columns and widths, scrolled with it, so the
    totals stay in sight however long the report."""
    view = QTableView()
    view.setModel(TotalsModel(model))
    view.horizontalHeader().hide()
    view.verticalHeader().hide()
    view.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
    view.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    view.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    view.setWordWrap(False)
    height = table.verticalHeader().defaultSectionSize()
    view.verticalHeader().setDefaultSectionSize(height)
    view.setFixedHeight(height + 2 * view.frameWidth())
    view.setStyleSheet("QTableView { border-top: none; }")
    table.horizontalHeader().sectionResized.connect(lambda column, _old, new: view.setColumnWidth(column, new))
    table.horizontalScrollBar().valueChanged.connect(view.horizontalScrollBar().setValue)

    def shown() -> None:
        view.setVisible(model.has_totals)
        for column in range(model.columnCount()):
            view.setColumnWidth(column, table.columnWidth(column))
        if model.has_totals:
            table.setRowHidden(model.rowCount() - 1, True)  # it is shown pinned instead

    model.modelReset.connect(shown)
    shown()
    return view


class ColumnFitter(QObject):
    """Keeps a report table's columns at least as wide as their contents, sharing the room left over among
    them whenever the table's width changes (a short report fills the table instead of huddling at its left)."""

    def __init__(self, table: QTableView, totals: QTableView | None = None) -> None:
        super().__init__(table)
        self.table, self.totals = table, totals
        self.widths: list[int] = []
        table.viewport().installEventFilter(self)

    def measure(self) -> None:
        """The width each column needs for its header and cells (as Qt sizes them); then fit."""
        self.table.resizeColumnsToContents()
        self.widths = [max(self.table.columnWidth(column),
                           self.totals.sizeHintForColumn(column) if self.totals is not None else 0)
                       for column in range(self.table.model().columnCount())]
        self.fit()

    def fit(self) -> None:
        if not self.widths:
            return
        extra = max(0, self.table.viewport().width() - sum(self.widths) - 2) // len(self.widths)
        for column, width in enumerate(self.widths):
            self.table.setColumnWidth(column, width + extra)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize:
            self.fit()
        return False


class CardStrip(QWidget):
    """The snapshot's headline figures, side by side: title, value, comparison line."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.row = QHBoxLayout(self)
        self.row.setContentsMargins(0, 0, 0, 0)
        self.row.setSpacing(10)
        self.cards: list[tuple[QLabel, QLabel, QLabel]] = []

    def show_cards(self, cards: Sequence[Any], language: str) -> None:
        while self.row.count():
            item = self.row.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.hide()
                widget.deleteLater()
        self.cards = []
        for card in cards:
            frame = QFrame()
            frame.setObjectName("card")
            title = QLabel(card.label.text(language))
            title.setObjectName("cardTitle")
            value = QLabel(format_value(card.value, card.kind))
            value.setObjectName("cardValue")
            detail = QLabel(card.detail.text(language) if card.detail is not None else "")
            detail.setProperty("role", "muted")
            detail.setWordWrap(True)
            detail.setVisible(card.detail is not None)
            layout = QVBoxLayout(frame)
            layout.setContentsMargins(12, 8, 12, 8)
            layout.setSpacing(2)
            layout.addWidget(title)
            layout.addWidget(value)
            layout.addWidget(detail)
            self.row.addWidget(frame, 1)
            frame.show()
            self.cards.append((title, value, detail))
        self.setVisible(bool(cards))
