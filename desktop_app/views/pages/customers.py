"""The customer list: search (Ctrl+F), filters, the pool, export; Enter opens, Ctrl+N creates."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop_app.services.access import Scope
from desktop_app.views import ops
from desktop_app.views.customer_dialog import CustomerDialog, status_name, tier_name
from desktop_app.views.look import icon
from desktop_app.views.pages.audit import compact, local
from desktop_app.views.state import AppState
from desktop_app.views.table_model import Column, LazyTableModel

ALL, MINE, POOL = "all", "mine", "pool"
SORTABLE = {0: "code", 1: "name", 2: "tier", 3: "status", 6: "region", 9: "last_followup_at"}  # column -> order


class CustomersPage(QWidget):
    def __init__(self, state: AppState) -> None:
        super().__init__()
        self.state = state
        access = state.user.access
        self.tiers: list[str] = ["standard", "silver", "gold", "platinum"]
        self.dialog: CustomerDialog | None = None
        self._generation = 0
        self._sort_column, self._sort_order = 0, Qt.SortOrder.AscendingOrder
        title = QLabel(self.tr("Customers"))
        title.setObjectName("pageTitle")
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("Search name, pinyin (bjkj), phone, tax ID, contact... (Ctrl+F)"))
        self.search.setClearButtonEnabled(True)
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(250)
        self._debounce.timeout.connect(self.reload)
        self.search.textChanged.connect(lambda _t: self._debounce.start())
        self.show_which = QComboBox()
        self.show_which.addItem(self.tr("All I can see"), ALL)
        self.show_which.addItem(self.tr("My customers"), MINE)
        self.show_which.addItem(self.tr("Customer pool"), POOL)
        self.status = QComboBox()
        self.status.addItem(self.tr("Any status"), "")
        for status in ("prospect", "active", "suspended", "closed"):
            self.status.addItem(status_name(status), status)
        self.tier = QComboBox()
        self.tier.addItem(self.tr("Any tier"), "")
        for tier in self.tiers:
            self.tier.addItem(tier_name(tier), tier)
        self.region = QLineEdit()
        self.region.setPlaceholderText(self.tr("Region"))
        self.tag = QLineEdit()
        self.tag.setPlaceholderText(self.tr("Tag"))
        for edit in (self.region, self.tag):
            edit.setMaximumWidth(110)
            edit.textChanged.connect(lambda _t: self._debounce.start())
        for combo in (self.show_which, self.status, self.tier):
            combo.currentIndexChanged.connect(lambda _i: self.reload())
        self.count = QLabel()
        self.count.setProperty("role", "muted")
        filters = QHBoxLayout()
        filters.addWidget(self.search, 1)
        for widget in (self.show_which, self.status, self.tier, self.region, self.tag):
            filters.addWidget(widget)
        self.model = LazyTableModel([
            Column(self.tr("Code"), lambda c: c.code),
            Column(self.tr("Name"), lambda c: c.name),
            Column(self.tr("Tier"), lambda c: tier_name(c.tier)),
            Column(self.tr("Status"), lambda c: status_name(c.status)),
            Column(self.tr("Owner"), lambda c: c.owner_name or self.tr("(pool)")),
            Column(self.tr("Department"), lambda c: c.department_name),
            Column(self.tr("Region"), lambda c: c.region),
            Column(self.tr("Phone"), lambda c: c.phone),
            Column(self.tr("Tags"), lambda c: c.tags),
            Column(self.tr("Last follow-up"), lambda c: local(c.last_followup_at) if c.last_followup_at else ""),
        ], self._load_rows, self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setAlternatingRowColors(True)
        self.table.doubleClicked.connect(lambda _i: self.open_selected())
        compact(self.table, fit=False)
        header = self.table.horizontalHeader()
        header.setSortIndicatorShown(True)
        header.setSortIndicator(0, Qt.SortOrder.AscendingOrder)
        header.sectionClicked.connect(self._sort)
        for column, width in enumerate((100, 240, 80, 70, 90, 90, 80, 110, 120)):
            self.table.setColumnWidth(column, width)
        self.new_button = QPushButton(icon("user"), self.tr("New customer"))
        self.new_button.setToolTip(self.tr("New customer (Ctrl+N)"))
        self.new_button.setEnabled(access.can("customers", "create"))
        self.new_button.clicked.connect(self.new_customer)
        self.claim_button = QPushButton(self.tr("Claim"))
        self.claim_button.clicked.connect(self.claim)
        self.return_button = QPushButton(self.tr("Return to pool"))
        self.return_button.clicked.connect(self.return_to_pool)
        self.assign_button = QPushButton(self.tr("Assign..."))
        self.assign_button.clicked.connect(self.assign)
        self.merge_button = QPushButton(self.tr("Merge into..."))
        self.merge_button.setToolTip(self.tr("Merge the selected duplicate into another customer"))
        self.merge_button.setVisible(access.can("customers", "delete"))
        self.merge_button.clicked.connect(self.merge)
        self.import_button = QPushButton(self.tr("Import..."))
        self.import_button.setVisible(access.can("customers", "import"))
        self.import_button.clicked.connect(self.import_customers)
        self.export_button = QPushButton(self.tr("Export..."))
        self.export_button.setEnabled(access.can("customers", "export"))
        self.export_button.clicked.connect(self.export)
        for button in (self.claim_button, self.return_button, self.assign_button):
            button.setEnabled(access.can("customers", "edit"))
        self.assign_button.setVisible(access.scope("customers") >= Scope.DEPARTMENT)  # managers
        buttons = QHBoxLayout()
        for button in (self.new_button, self.claim_button, self.return_button, self.assign_button,
                       self.merge_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.count)
        buttons.addWidget(self.import_button)
        buttons.addWidget(self.export_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 20)
        layout.addWidget(title)
        layout.addLayout(filters)
        layout.addLayout(buttons)
        layout.addWidget(self.table, 1)
        QShortcut(QKeySequence.StandardKey.Find, self, self.search.setFocus)
        QShortcut(QKeySequence.StandardKey.New, self, self.new_customer)
        for key in ("Return", "Enter"):
            QShortcut(QKeySequence(key), self.table, self.open_selected)
        state.bus.changed.connect(lambda changes: changes.customers and self.reload())
        self._load_settings()
        self.reload()

    def _sort(self, column: int) -> None:
        """Sorting is done by the database (the list may hold a million customers)."""
        header = self.table.horizontalHeader()
        if column not in SORTABLE:
            header.setSortIndicator(self._sort_column, self._sort_order)
            return
        self._sort_column, self._sort_order = column, header.sortIndicatorOrder()
        self.reload()

    def _load_settings(self) -> None:
        context = self.state.context

        def work(_progress: ops.Progress) -> Any:
            from desktop_app.services.settings import get_settings

            return get_settings(context)

        ops.run(self, work, lambda values: setattr(self, "tiers", list(values["customer.tiers"])), write=False)

    def current_filter(self) -> Any:
        from desktop_app.services.customers import CustomerFilter

        which = self.show_which.currentData()
        return CustomerFilter(text=self.search.text(), status=self.status.currentData() or "",
                              tier=self.tier.currentData() or "", region=self.region.text().strip(),
                              tag=self.tag.text().strip(),
                              owner_id=self.state.user.id if which == MINE else None,
                              pool=True if which == POOL else None)

    def _load_rows(self, ids: list[int]) -> list[Any]:
        from desktop_app.services.customers import load_rows

        return load_rows(self.state.context, ids)

    def reload(self) -> None:
        self._debounce.stop()
        context, flt = self.state.context, self.current_filter()
        order = SORTABLE.get(self._sort_column, "code")
        descending = self._sort_order == Qt.SortOrder.DescendingOrder
        self._generation += 1
        generation = self._generation

        def work(_progress: ops.Progress) -> Any:
            from desktop_app.services.customers import list_ids

            return list_ids(context, flt, order, descending)

        def done(ids: list[int]) -> None:
            if generation != self._generation:
                return  # a newer search is on its way; never show an older answer over it
            self.model.set_ids(ids)
            self.count.setText(self.tr("{0} customers").format(len(ids)))

        ops.run(self, work, done, write=False)

    def selected(self) -> Any:
        rows = self.table.selectionModel().selectedRows()
        return self.model.row_at(rows[0]) if rows else None

    def open_selected(self) -> None:
        row = self.selected()
        if row is not None:
            self.dialog = CustomerDialog(self.state, row.id, self.tiers, self)
            self.dialog.open()

    def new_customer(self) -> None:
        if self.new_button.isEnabled():
            self.dialog = CustomerDialog(self.state, None, self.tiers, self)
            self.dialog.open()

    def _run(self, call: Any) -> None:
        ops.run(self, call, self.state.publish)

    def claim(self) -> None:
        row, context = self.selected(), self.state.context
        if row is not None:
            from desktop_app.services.pool import claim

            self._run(lambda _p: claim(context, row.id))

    def return_to_pool(self) -> None:
        row, context = self.selected(), self.state.context
        if row is None:
            return
        reason, ok = QInputDialog.getText(self, self.tr("Return to pool"), self.tr("Why (optional):"))
        if ok:
            from desktop_app.services.pool import return_to_pool

            self._run(lambda _p: return_to_pool(context, row.id, reason))

    def assign(self) -> None:
        row, context = self.selected(), self.state.context
        if row is None:
            return
        from desktop_app.services.users import list_users

        people = [u for u in list_users(context) if u.active]
        labels = [f"{u.display_name} ({u.login})" for u in people]
        choice, ok = QInputDialog.getItem(self, self.tr("Assign customer"), self.tr("New owner:"), labels, 0, False)
        if ok and choice in labels:
            from desktop_app.services.pool import assign

            user_id = people[labels.index(choice)].id
            self._run(lambda _p: assign(context, row.id, user_id))

    def merge(self) -> None:
        row, context = self.selected(), self.state.context
        if row is None:
            return
        code, ok = QInputDialog.getText(self, self.tr("Merge customers"), self.tr(
            "Merge {0} {1} into the customer with the code:").format(row.code, row.name))
        if not ok or not code.strip():
            return
        from desktop_app.services.customers import CustomerFilter, list_ids, load_rows

        targets = [r for r in load_rows(context, list_ids(context, CustomerFilter(text=code.strip())))
                   if r.code == code.strip().upper()]
        if not targets:
            QMessageBox.warning(self, self.tr("Merge customers"), self.tr("No customer has the code {0}.").format(code))
            return
        target = targets[0]
        answer = QMessageBox.question(self, self.tr("Merge customers"), self.tr(
            "Move the contacts and follow-ups of {0} to {1} {2}, then delete {0}?").format(row.name, target.code,
                                                                                       target.name))
        if answer == QMessageBox.StandardButton.Yes:
            from desktop_app.services.pool import merge

            self._run(lambda _p: merge(context, row.id, target.id))

    def import_customers(self) -> None:
        from desktop_app.views.import_wizard import ImportWizard

        self.importer = ImportWizard(self.state, self)
        self.importer.open()

    def export(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Export customers"), "customers.xlsx",
                                              self.tr("Excel workbook (*.xlsx);;CSV (*.csv)"))
        if not path:
            return
        context, flt = self.state.context, self.current_filter()

        def work(_progress: ops.Progress) -> Any:
            from pathlib import Path

            from desktop_app.services.exports import export_customers

            return export_customers(context, flt, Path(path))

        ops.run(self, work, lambda n: self.count.setText(self.tr("{0} customers exported.").format(n)))
