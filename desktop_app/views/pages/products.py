"""Products (产品/服务) and coupons (优惠券): two tabs, each a list with add, edit, deactivate, reactivate."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop_app.views import ops
from desktop_app.views.amount_text import HIDDEN_TEXT
from desktop_app.views.catalog_text import DURATIONS, fraction_to_percent, money, name_of, tax_rate_name
from desktop_app.views.pages.audit import table
from desktop_app.views.product_dialogs import CouponDialog, ProductDialog
from desktop_app.views.state import AppState
from desktop_app.views.table_model import Column, RecordTableModel, selected_record


def discount_text(discount: dict[str, Any]) -> str:
    """ "20 %" or "¥50.00" off."""
    from decimal import Decimal, InvalidOperation

    if discount.get("value") is None:  # a fixed amount the role hides (services/price_rules.py)
        return HIDDEN_TEXT
    value = str(discount.get("value", ""))
    if discount.get("kind") == "percentage":
        return f"{fraction_to_percent(value)} %"
    try:
        return "¥" + money(Decimal(value))
    except InvalidOperation:
        return value


def duration_text(discount: dict[str, Any]) -> str:
    if discount.get("duration") == "repeating":
        return QCoreApplication.translate("Catalog", "{0} periods").format(discount.get("periods", "?"))
    return name_of(DURATIONS, str(discount.get("duration", "forever")))


def widen(view: Any, widths: dict[int, int]) -> None:
    """Columns fitted to their contents, but never narrower than 80 px or than ``widths`` (column → px)."""
    view.horizontalHeader().setMinimumSectionSize(80)

    def fit() -> None:
        for column, width in widths.items():
            view.setColumnWidth(column, max(width, view.columnWidth(column)))

    view.model().modelReset.connect(fit)
    fit()


class CatalogList(QWidget):
    """A list of catalog records with Add / Edit / Deactivate / Reactivate and "show deactivated"."""

    def __init__(self, state: AppState, columns: list[Column], load: Callable[[Any, bool], list[Any]],
                 dialog: Callable[[Any], Any], set_active: Callable[[Any, Any, bool], Any], add_text: str) -> None:
        super().__init__()
        self.state, self.load, self.make_dialog, self.set_active_work = state, load, dialog, set_active
        self.dialog: Any = None
        access = state.user.access
        self.can_create, self.can_edit = access.can("products", "create"), access.can("products", "edit")
        self.model = RecordTableModel(columns, self)
        self.table = table(self.model)
        widen(self.table, {1: 200, 4: 120})
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.doubleClicked.connect(lambda _index: self.edit())
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._enable())
        self.add_button = QPushButton(add_text)
        self.add_button.clicked.connect(self.add)
        self.edit_button = QPushButton(self.tr("Edit..."))
        self.edit_button.clicked.connect(self.edit)
        self.deactivate_button = QPushButton(self.tr("Deactivate"))
        self.deactivate_button.clicked.connect(lambda: self.set_active(False))
        self.reactivate_button = QPushButton(self.tr("Reactivate"))
        self.reactivate_button.clicked.connect(lambda: self.set_active(True))
        self.show_inactive = QCheckBox(self.tr("Show deactivated"))
        self.show_inactive.toggled.connect(lambda _on: self.reload())
        buttons = QHBoxLayout()
        for button in (self.add_button, self.edit_button, self.deactivate_button, self.reactivate_button):
            buttons.addWidget(button)
        self.add_button.setVisible(self.can_create)
        for button in (self.edit_button, self.deactivate_button, self.reactivate_button):
            button.setVisible(self.can_edit)
        buttons.addStretch(1)
        buttons.addWidget(self.show_inactive)
        layout = QVBoxLayout(self)
        layout.addLayout(buttons)
        layout.addWidget(self.table, 1)
        state.bus.changed.connect(lambda changes: changes.catalog and self.reload())
        self._enable()
        self.reload()

    def selected(self) -> Any:
        return selected_record(self.table)

    def _enable(self) -> None:
        row = self.selected()
        self.edit_button.setEnabled(row is not None)
        self.deactivate_button.setEnabled(row is not None and row.active)
        self.reactivate_button.setEnabled(row is not None and not row.active)

    def reload(self) -> None:
        context, load, inactive = self.state.context, self.load, self.show_inactive.isChecked()

        def done(rows: list[Any]) -> None:
            self.model.replace_rows(self.table, rows)
            self._enable()

        ops.run(self, lambda _progress: load(context, inactive), done, write=False)

    def add(self) -> None:
        if self.can_create:
            self.dialog = self.make_dialog(None)
            self.dialog.open()

    def edit(self) -> None:
        row = self.selected()
        if row is not None and self.can_edit:
            self.dialog = self.make_dialog(row)
            self.dialog.open()

    def set_active(self, active: bool) -> None:
        row, context, work = self.selected(), self.state.context, self.set_active_work
        if row is None or not self.can_edit:
            return
        if not active:
            self.show_inactive.setChecked(True)  # so the row stays in view, marked deactivated
        ops.run(self, lambda _progress: work(context, row, active), lambda result: self.state.publish(result[1]))


def _products(context: Any, inactive: bool) -> list[Any]:
    from desktop_app.services.catalog import list_products

    return list_products(context, include_inactive=inactive)


def _coupons(context: Any, inactive: bool) -> list[Any]:
    from desktop_app.services.catalog import list_coupons

    return list_coupons(context, include_inactive=inactive)


def _product_active(context: Any, row: Any, active: bool) -> Any:
    from desktop_app.services.catalog import set_product_active

    return set_product_active(context, row.id, active, row.version)


def _coupon_active(context: Any, row: Any, active: bool) -> Any:
    from desktop_app.services.catalog import set_coupon_active

    return set_coupon_active(context, row.id, active, row.version)


class ProductsPage(QWidget):
    def __init__(self, state: AppState) -> None:
        super().__init__()
        self.state = state
        title = QLabel(self.tr("Products"))
        title.setObjectName("pageTitle")
        note = QLabel(self.tr("What you sell, with its unit and VAT rate; plans are built from these. Coupons "
                              "give customers a discount. Deactivated ones stay on the plans and bills that "
                              "already use them."))
        note.setProperty("role", "muted")
        note.setWordWrap(True)
        active, inactive = self.tr("Active"), self.tr("Deactivated")

        def status(row: Any) -> str:
            return active if row.active else inactive

        self.products = CatalogList(state, [
            Column(self.tr("Code"), lambda p: p.code),
            Column(self.tr("Name"), lambda p: p.name, tooltip=lambda p: p.description),
            Column(self.tr("Category"), lambda p: p.category),
            Column(self.tr("Unit"), lambda p: p.unit),
            Column(self.tr("VAT rate"), lambda p: tax_rate_name(p.tax_rate), align_right=True),
            Column(self.tr("Status"), status),
        ], _products, lambda row: ProductDialog(state, row, self), _product_active, self.tr("Add product..."))
        self.coupons = CatalogList(state, [
            Column(self.tr("Code"), lambda c: c.code),
            Column(self.tr("Name"), lambda c: c.name),
            Column(self.tr("Discount"), lambda c: discount_text(c.discount), align_right=True),
            Column(self.tr("Applies"), lambda c: duration_text(c.discount)),
            Column(self.tr("Only on charges"), lambda c: ", ".join(c.discount.get("charges", []))
                   or self.tr("all charges")),
            Column(self.tr("Status"), status),
        ], _coupons, lambda row: CouponDialog(state, row, self), _coupon_active, self.tr("Add coupon..."))
        self.tabs = QTabWidget()
        self.tabs.addTab(self.products, self.tr("Products"))
        self.tabs.addTab(self.coupons, self.tr("Coupons"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 20)
        layout.addWidget(title)
        layout.addWidget(note)
        layout.addWidget(self.tabs, 1)
