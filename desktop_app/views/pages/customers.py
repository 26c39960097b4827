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
from desktop_app.views.custom_values import CustomFilter, load_fields, set_list_columns
from desktop_app.views.customer_dialog import CustomerDialog, status_name, tier_name
from desktop_app.views.error_dialog import show_error
from desktop_app.views.look import icon
from desktop_app.views.pages.audit import compact, local
from desktop_app.views.saved_filters import SavedFilterBar
from desktop_app.views.state import AppState
from desktop_app.views.table_model import Column, PagedTableModel, selected_record

ALL, MINE, POOL = "all", "mine", "pool"
PAGE = 200  # rows per page: the first arrives with the list, the next as the table scrolls to its end
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
        self.search.setMinimumWidth(220)  # the one filter used all day: never squeezed by the others
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
            edit.setMaximumWidth(90)
            edit.textChanged.connect(lambda _t: self._debounce.start())
        self.owner = QComboBox()
        self.owner.addItem(self.tr("Any owner"), None)
        self.department = QComboBox()
        self.department.addItem(self.tr("Any department"), None)
        for combo in (self.owner, self.department):  # filled with the people in the actor's scope
            combo.setVisible(access.scope("customers") > Scope.OWN)
            combo.setMaximumWidth(120)
        for combo in (self.show_which, self.status, self.tier, self.owner, self.department):
            combo.currentIndexChanged.connect(lambda _i: self.reload())
        self.count = QLabel()
        self.count.setProperty("role", "muted")
        filters = QHBoxLayout()
        filters.addWidget(self.search, 1)
        for widget in (self.show_which, self.status, self.tier, self.owner, self.department, self.region, self.tag):
            filters.addWidget(widget)
        self.custom_filter = CustomFilter()  # one admin-defined field and a value; shown once fields exist
        self.custom_filter.changed.connect(self._debounce.start)
        self.model = PagedTableModel([
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
        ], self._fetch, PAGE, self)
        self.model.failed.connect(lambda error: show_error(self, error))
        self._shown: tuple[Any, str, bool] | None = None  # the filter and order of the rows on screen
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
        self.usage_button = QPushButton(self.tr("Import usage..."))
        self.usage_button.setToolTip(self.tr("Import usage records (calls, SMS, data...) of subscriptions"))
        self.usage_button.setVisible(access.can("usage", "import"))
        self.usage_button.clicked.connect(self.import_usage)
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
        buttons.addWidget(self.custom_filter)  # the filter row is full: it sits left of the count
        buttons.addWidget(self.count)
        buttons.addWidget(self.import_button)
        buttons.addWidget(self.usage_button)
        buttons.addWidget(self.export_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 20)
        self.saved_filters = SavedFilterBar(state, "customer_filter", self.filter_data)
        self.saved_filters.chosen.connect(self.apply_filter_data)
        heading = QHBoxLayout()
        heading.addWidget(title)
        heading.addStretch(1)
        heading.addWidget(self.saved_filters)
        layout.addLayout(heading)
        layout.addLayout(filters)
        layout.addLayout(buttons)
        layout.addWidget(self.table, 1)
        QShortcut(QKeySequence.StandardKey.Find, self, self.search.setFocus)
        QShortcut(QKeySequence.StandardKey.New, self, self.new_customer)
        for key in ("Return", "Enter"):
            QShortcut(QKeySequence(key), self.table, self.open_selected)
        state.bus.changed.connect(lambda changes: changes.customers and self.reload())
        state.bus.changed.connect(lambda changes: changes.custom_fields and self._load_custom_fields())
        self._fixed_columns = len(self.model.columns)  # the in-list custom fields follow these
        self.reload()  # the rows first: the filters' choices can follow
        self._load_custom_fields()
        self._load_settings()

    def _sort(self, column: int) -> None:
        """Sorting is done by the database (the list may hold a million customers)."""
        header = self.table.horizontalHeader()
        if column not in SORTABLE:
            header.setSortIndicator(self._sort_column, self._sort_order)
            return
        self._sort_column, self._sort_order = column, header.sortIndicatorOrder()
        self.reload()

    def _load_custom_fields(self) -> None:
        context = self.state.context

        def done(fields: list[Any]) -> None:
            set_list_columns(self.model, self._fixed_columns, fields)
            for column in range(self._fixed_columns, len(self.model.columns)):
                self.table.setColumnWidth(column, 110)
            self.custom_filter.set_fields(fields)

        ops.run(self, lambda _progress: load_fields(context), done, write=False)

    def _load_settings(self) -> None:
        context = self.state.context

        def work(_progress: ops.Progress) -> Any:
            from desktop_app.services.settings import get_settings

            return get_settings(context)

        ops.run(self, work, lambda values: setattr(self, "tiers", list(values["customer.tiers"])), write=False)
        if self.state.user.access.scope("customers") > Scope.OWN:
            def choices(_progress: ops.Progress) -> Any:
                from desktop_app.services.customer_list import owner_choices

                return owner_choices(context)

            ops.run(self, choices, self._fill_owner_filters, write=False)

    def _fill_owner_filters(self, choices: Any) -> None:
        for combo, items in ((self.owner, choices.users), (self.department, choices.departments)):
            combo.blockSignals(True)
            for item_id, name in items:
                combo.addItem(name, item_id)
            combo.blockSignals(False)

    def filter_data(self) -> dict[str, Any]:
        """The filter on screen, as saved by name (the sort order too)."""
        return {"text": self.search.text(), "which": self.show_which.currentData(),
                "status": self.status.currentData(), "tier": self.tier.currentData(),
                "owner_id": self.owner.currentData(), "department_id": self.department.currentData(),
                "region": self.region.text(), "tag": self.tag.text(),
                "custom": [list(pair) for pair in self.custom_filter.pairs()],
                "sort": [self._sort_column, self._sort_order == Qt.SortOrder.DescendingOrder]}

    def apply_filter_data(self, data: dict[str, Any]) -> None:
        """Show a saved filter; a value no longer offered (a deleted tier, a departed owner) is left blank."""
        widgets = (self.search, self.show_which, self.status, self.tier, self.owner, self.department, self.region,
                   self.tag, self.custom_filter.field, self.custom_filter.value)
        for widget in widgets:
            widget.blockSignals(True)
        self.search.setText(str(data.get("text") or ""))
        for combo, key in ((self.show_which, "which"), (self.status, "status"), (self.tier, "tier"),
                           (self.owner, "owner_id"), (self.department, "department_id")):
            combo.setCurrentIndex(max(0, combo.findData(data.get(key))))
        self.region.setText(str(data.get("region") or ""))
        self.tag.setText(str(data.get("tag") or ""))
        custom = data.get("custom") or []
        key, value = custom[0] if custom else (None, "")
        self.custom_filter.field.setCurrentIndex(max(0, self.custom_filter.field.findData(key)))
        self.custom_filter.value.setText(value)
        for widget in widgets:
            widget.blockSignals(False)
        self.custom_filter.value.setEnabled(self.custom_filter.field.currentData() is not None)
        column, descending = data.get("sort") or [0, False]
        if column in SORTABLE:
            self._sort_column = column
            self._sort_order = Qt.SortOrder.DescendingOrder if descending else Qt.SortOrder.AscendingOrder
            self.table.horizontalHeader().setSortIndicator(self._sort_column, self._sort_order)
        self.reload()

    def current_filter(self) -> Any:
        from desktop_app.services.customers import CustomerFilter

        which = self.show_which.currentData()
        return CustomerFilter(text=self.search.text(), status=self.status.currentData() or "",
                              tier=self.tier.currentData() or "", region=self.region.text().strip(),
                              tag=self.tag.text().strip(),
                              owner_id=self.state.user.id if which == MINE else self.owner.currentData(),
                              department_id=self.department.currentData(),
                              pool=True if which == POOL else None, custom=self.custom_filter.pairs())

    def _fetch(self, last: Any, shown: int) -> list[Any]:
        """The next page, for the filter and order of the rows on screen (the model asks as it scrolls)."""
        if self._shown is None:
            return []
        from desktop_app.services.customer_list import page

        flt, order, descending = self._shown
        return page(self.state.context, flt, order, descending, after=last, offset=shown, limit=PAGE)

    def reload(self) -> None:
        """The first page at once; the count follows (on a million customers it takes longer)."""
        self._debounce.stop()
        context, flt = self.state.context, self.current_filter()
        order = SORTABLE.get(self._sort_column, "code")
        descending = self._sort_order == Qt.SortOrder.DescendingOrder
        self._generation += 1
        generation = self._generation

        def work(_progress: ops.Progress) -> Any:
            from desktop_app.services.customer_list import page

            return page(context, flt, order, descending, limit=PAGE)

        def counted(total: int) -> None:
            if generation == self._generation:
                self.count.setText(self.tr("{0} customers").format(f"{total:,}"))

        def done(rows: list[Any]) -> None:
            if generation != self._generation:
                return  # a newer search is on its way; never show an older answer over it
            self._shown = (flt, order, descending)
            self.model.set_first_page(rows)
            if len(rows) < PAGE:
                counted(len(rows))
                return
            self.count.setText(self.tr("Counting..."))

            def count(_progress: ops.Progress) -> Any:
                from desktop_app.services.customer_list import count_customers

                return count_customers(context, flt)

            ops.run(self, count, counted, write=False)

        ops.run(self, work, done, write=False)

    def selected(self) -> Any:
        return selected_record(self.table)

    def open_selected(self) -> None:
        row = self.selected()
        if row is not None:
            self.dialog = CustomerDialog(self.state, row.id, self.tiers, self)
            self.dialog.open()

    def open_customer(self, customer_id: int, tab: str = "") -> None:
        """Open one customer's detail over the current screen (a figure's drill); ``tab`` "account" shows
        their bills and payments."""
        self.dialog = CustomerDialog(self.state, customer_id, self.tiers, self)
        if tab == "account" and hasattr(self.dialog, "account"):
            self.dialog.tabs.setCurrentWidget(self.dialog.account)
        self.dialog.open()

    def show_filtered(self, owner_id: int | None = None, tier: str | None = None, status: str | None = None,
                      region: str | None = None, pool: bool | None = None) -> None:
        """The customers a figure stands for (a dashboard card, a report row); the other filters go back to any.
        An owner not yet among the choices (they load in the background) is chosen once they arrive."""
        mine = owner_id is not None and owner_id == self.state.user.id
        data = {"which": POOL if pool else MINE if mine else ALL, "status": status or "", "tier": tier or "",
                "owner_id": None if mine or pool else owner_id, "region": region or "",
                "sort": [self._sort_column, self._sort_order == Qt.SortOrder.DescendingOrder]}
        self.apply_filter_data(data)
        self._drilled = data  # the latest wins over an owner still awaited for an earlier one
        if data["owner_id"] is not None and self.owner.findData(owner_id) < 0:
            model = self.owner.model()

            def arrived(*_args: Any) -> None:
                if getattr(self, "_drilled", None) is not data:
                    model.rowsInserted.disconnect(arrived)
                elif self.owner.findData(owner_id) >= 0:
                    model.rowsInserted.disconnect(arrived)
                    self.apply_filter_data(data)

            model.rowsInserted.connect(arrived)

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
        from desktop_app.services.customer_list import list_ids, load_rows
        from desktop_app.services.customers import CustomerFilter

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

    def import_usage(self) -> None:
        from desktop_app.views.usage_import_dialog import UsageImportDialog

        self.usage_importer = UsageImportDialog(self.state, self)
        self.usage_importer.open()

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
