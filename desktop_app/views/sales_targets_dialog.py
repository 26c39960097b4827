"""Sales targets (业绩目标): a year, and a grid of the salespeople the user sees × the twelve months, each cell
the amount that person should bill in that month. Rows the user may not set are read-only (greyed); the
last column is the year's total. Save writes the changed cells (an empty cell or 0 removes a target)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QLocale, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop_app.billing.money import parse_amount
from desktop_app.views import ops
from desktop_app.views.look import MUTED
from desktop_app.views.report_format import format_value

Index = QModelIndex | QPersistentModelIndex
MONTHS = 12
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
ZERO = Decimal("0.00")


def amount_text(amount: Decimal) -> str:
    """An amount in the grid: grouped, two decimals, without the ¥ the note already says (12,000.50)."""
    return format_value(amount, "money").replace("¥", "")


class TargetGridModel(QAbstractTableModel):
    """Rows: the users (TargetUser); columns: name, January … December, the year's total."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.year = date.today().year
        self.users: list[Any] = []
        self.saved: dict[tuple[int, int], Decimal] = {}  # (user id, month 1-12) -> amount as stored
        self.amounts: dict[tuple[int, int], Decimal] = {}  # as edited
        self._bold = QFont()
        self._bold.setBold(True)

    def load(self, year: int, users: list[Any], targets: list[Any]) -> None:
        self.beginResetModel()
        self.year, self.users = year, list(users)
        self.saved = {(row.user_id, row.month.month): Decimal(row.amount) for row in targets}
        self.amounts = dict(self.saved)
        with_targets = {row.user_id for row in targets}
        self.users = [user for user in self.users if user.active or user.user_id in with_targets]
        known = {user.user_id for user in self.users}
        for row in targets:  # a target of someone the grid would not list (left the team): still shown
            if row.user_id not in known:
                self.users.append(_Missing(row.user_id, row.user_name, row.department_name))
                known.add(row.user_id)
        self.endResetModel()

    def changes(self) -> list[tuple[int, date, Decimal]]:
        """(user id, month's first day, amount) of every cell that differs from what is stored."""
        keys = sorted(set(self.saved) | set(self.amounts))
        return [(user, date(self.year, month, 1), self.amounts.get((user, month), ZERO))
                for user, month in keys if self.amounts.get((user, month), ZERO) != self.saved.get((user, month), ZERO)]

    @property
    def dirty(self) -> bool:
        return bool(self.changes())

    def total(self, user_id: int) -> Decimal:
        return sum((self.amounts.get((user_id, month), ZERO) for month in range(1, MONTHS + 1)), ZERO)

    # -- Qt ----------------------------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self.users)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else MONTHS + 2

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.users):
            return None
        user, column = self.users[index.row()], index.column()
        if column == 0:
            if role == Qt.ItemDataRole.DisplayRole:
                return user.name
            if role == Qt.ItemDataRole.ToolTipRole:
                return user.department_name or None
            return None
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _RIGHT
        if column == MONTHS + 1:
            if role == Qt.ItemDataRole.DisplayRole:
                return amount_text(self.total(user.user_id))
            if role == Qt.ItemDataRole.FontRole:
                return self._bold
            return None
        amount = self.amounts.get((user.user_id, column))
        if role == Qt.ItemDataRole.DisplayRole:
            return amount_text(amount) if amount else ""
        if role == Qt.ItemDataRole.EditRole:
            return f"{amount:.2f}" if amount else ""
        if role == Qt.ItemDataRole.ForegroundRole and not user.editable:
            return QBrush(QColor(MUTED))
        if role == Qt.ItemDataRole.FontRole and amount != self.saved.get((user.user_id, column)) \
                and (amount or self.saved.get((user.user_id, column))):
            return self._bold  # changed, not saved yet
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not (self.flags(index) & Qt.ItemFlag.ItemIsEditable):
            return False
        text = str(value or "").strip()
        try:
            amount = parse_amount(text) if text else ZERO
        except ValueError:
            return False
        if amount < 0:
            return False
        user = self.users[index.row()]
        self.amounts[(user.user_id, index.column())] = amount
        total = self.index(index.row(), MONTHS + 1)
        self.dataChanged.emit(index, index)
        self.dataChanged.emit(total, total)
        return True

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if 1 <= index.column() <= MONTHS and self.users[index.row()].editable:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        if section == 0:
            return self.tr("Salesperson")
        if 1 <= section <= MONTHS:
            return QLocale().standaloneMonthName(section, QLocale.FormatType.ShortFormat)
        if section == MONTHS + 1:
            return self.tr("Year total")
        return None


class _Missing:
    """A user the grid lists only because a target of theirs is stored: read-only."""

    def __init__(self, user_id: int, name: str, department_name: str) -> None:
        self.user_id, self.name, self.department_name = user_id, name, department_name
        self.active, self.editable = False, False


class SalesTargetsDialog(QDialog):
    """``saved`` after targets were written."""

    saved = Signal()

    def __init__(self, state: Any, year: int | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.loading = False
        self.setWindowTitle(self.tr("Sales targets"))
        self.year = QSpinBox()
        self.year.setRange(2000, 2099)
        self.year.setValue(year or date.today().year)
        self.shown_year = self.year.value()
        self.year.valueChanged.connect(self._year_changed)
        note = QLabel(self.tr("The amount each salesperson should bill in each month (tax included). Double-click "
                              "a cell to type an amount; an empty cell has no target."))
        note.setWordWrap(True)
        note.setProperty("role", "muted")
        self.model = TargetGridModel(self)
        self.model.dataChanged.connect(lambda *_: self._enable())
        self.model.dataChanged.connect(lambda *_: self._fit())
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.verticalHeader().hide()
        self.table.setAlternatingRowColors(True)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                                   | QAbstractItemView.EditTrigger.EditKeyPressed
                                   | QAbstractItemView.EditTrigger.AnyKeyPressed)
        self.table.horizontalHeader().setMinimumSectionSize(64)
        self.status = QLabel()
        self.status.setProperty("role", "muted")
        self.save_button = QPushButton(self.tr("Save"))
        self.save_button.setProperty("default", "true")
        self.save_button.clicked.connect(self.save)
        self.close_button = QPushButton(self.tr("Close"))
        self.close_button.clicked.connect(self.reject)
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Year")))
        top.addWidget(self.year)
        top.addStretch(1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.status, 1)
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(note)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        self.resize(1280, 480)
        self._enable()
        self.reload()

    def _enable(self) -> None:
        self.save_button.setEnabled(self.model.dirty and not self.loading)

    def _fit(self) -> None:
        """Columns wide enough for their amounts (at least 88 px, so an amount typed fits)."""
        self.table.resizeColumnsToContents()
        self.table.setColumnWidth(0, max(self.table.columnWidth(0), 110))
        for column in range(1, MONTHS + 2):
            self.table.setColumnWidth(column, max(self.table.columnWidth(column), 88))

    def _year_changed(self, year: int) -> None:
        if year == self.shown_year:
            return
        if self.model.dirty:
            answer = QMessageBox.question(self, self.tr("Sales targets"), self.tr(
                "The targets of {0} have unsaved changes. Discard them?").format(self.shown_year))
            if answer != QMessageBox.StandardButton.Yes:
                self.year.blockSignals(True)
                self.year.setValue(self.shown_year)
                self.year.blockSignals(False)
                return
        self.reload()

    def reload(self) -> None:
        context, year = self.state.context, self.year.value()
        self.loading = True
        self._enable()

        def work(_progress: ops.Progress) -> Any:
            from desktop_app.services.sales_targets import list_target_users, list_targets

            return list_target_users(context), list_targets(context, year)

        def done(result: Any) -> None:
            users, targets = result
            self.loading = False
            self.shown_year = year
            self.model.load(year, users, targets)
            self._fit()
            self._enable()

        ops.run(self, work, done, write=False)

    def save(self) -> None:
        changes, context = self.model.changes(), self.state.context
        if not changes:
            return
        self.loading = True
        self._enable()

        def work(_progress: ops.Progress) -> Any:
            from desktop_app.services.changes import NOTHING
            from desktop_app.services.sales_targets import set_target

            result = NOTHING
            for user_id, month, amount in changes:
                result = result | set_target(context, user_id, month, amount)
            return result

        def done(result: Any) -> None:
            self.state.publish(result)
            self.status.setText(self.tr("{0} targets saved.").format(len(changes)))
            self.saved.emit()
            self.reload()

        def failed(error: BaseException) -> None:
            self.loading = False
            self._enable()
            from desktop_app.views.error_dialog import show_error

            show_error(self, error)  # the edits stay; those saved before the failure are not sent twice

        ops.run(self, work, done, failed)

    def reject(self) -> None:
        if self.model.dirty:
            answer = QMessageBox.question(self, self.tr("Sales targets"),
                                          self.tr("Some targets are not saved. Close without saving?"))
            if answer != QMessageBox.StandardButton.Yes:
                return
        super().reject()
