"""The live price calculator (价格试算) of the plan editor: the pricing engine itself, through
``services.calculator.quote_definition``, on the definition being edited; every line, the subtotals
per tax rate and the totals. Recalculated in the background a moment after each change."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from PySide6.QtCore import QDate, Qt, QTimer
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop_app.billing.money import parse_amount
from desktop_app.billing.periods import add_months
from desktop_app.views import ops
from desktop_app.views.catalog_text import METER_NAMES, money, name_of, parse_decimal, price, quantity, tax_rate_name
from desktop_app.views.customer_dialog import tier_name
from desktop_app.views.forms import mark
from desktop_app.views.pages.audit import table
from desktop_app.views.state import AppState
from desktop_app.views.table_model import Column, RecordTableModel

PERIODS = ((1, "month"), (3, "quarter"), (6, "half_year"), (12, "year"))


TOP_UP = "top_up:"  # marks a prepaid package among the module check boxes


class CalculatorPanel(QWidget):
    def __init__(self, state: AppState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.definition: dict[str, Any] = {}
        self.meters: list[tuple[str, str, Decimal, str]] = []  # (meter, billing unit, units per billing unit, charge)
        self.quote: Any = None
        self.version_id: int | None = None  # a stored version is priced as stored (its own product snapshot)
        self.generation = 0
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(300)
        self.timer.timeout.connect(self.calculate)
        title = QLabel(self.tr("Price calculator"))
        title.setStyleSheet("font-size: 13pt; font-weight: 600;")
        today = date.today()
        self.start = QDateEdit(QDate(today.year, today.month, 1))
        self.start.setCalendarPopup(True)
        self.start.setDisplayFormat("yyyy-MM-dd")
        self.length = QComboBox()
        for months, text in zip((m for m, _k in PERIODS), (self.tr("1 month"), self.tr("1 quarter"),
                                                           self.tr("half a year"), self.tr("1 year")), strict=True):
            self.length.addItem(text, months)
        self.seats = QSpinBox()
        self.seats.setRange(0, 1_000_000)
        self.seats.setGroupSeparatorShown(True)
        self.modules = QListWidget()
        self.modules.setMaximumHeight(56)
        self.modules.setFlow(QListWidget.Flow.LeftToRight)
        self.modules.setWrapping(True)
        self.usage_box = QWidget()
        self.usage_grid = QGridLayout(self.usage_box)
        self.usage_grid.setContentsMargins(0, 0, 0, 0)
        self.usage_cells: list[QWidget] = []
        self.usage: dict[str, QLineEdit] = {}
        self.tier = QComboBox()
        self.coupon = QComboBox()
        self.coupon.setEditable(True)
        self.wallet = QLineEdit()
        self.wallet.setPlaceholderText("0.00")
        self.one_time = QCheckBox(self.tr("First period (with the one-time fees)"))
        self.one_time.setChecked(True)
        inputs = QGridLayout()  # two label-field pairs per row: the lines below get the height
        inputs.setColumnStretch(1, 1)
        inputs.setColumnStretch(3, 1)
        self.modules_label = QLabel(self.tr("Modules"))
        pairs = ((self.tr("Period from"), self.start, self.tr("Length"), self.length),
                 (self.tr("Seats"), self.seats, self.tr("Membership tier"), self.tier),
                 (self.tr("Coupon"), self.coupon, self.tr("Wallet balance"), self.wallet))
        for row, (first, first_field, second, second_field) in enumerate(pairs):
            inputs.addWidget(QLabel(first), row, 0)
            inputs.addWidget(first_field, row, 1)
            inputs.addWidget(QLabel(second), row, 2)
            inputs.addWidget(second_field, row, 3)
        inputs.addWidget(self.usage_box, 3, 0, 1, 4)
        inputs.addWidget(self.modules_label, 4, 0)
        inputs.addWidget(self.modules, 4, 1, 1, 3)
        inputs.addWidget(self.one_time, 5, 0, 1, 4)
        for widget in (self.start, self.length, self.seats, self.tier, self.coupon, self.one_time):
            signal = {QDateEdit: "dateChanged", QComboBox: "currentIndexChanged", QSpinBox: "valueChanged",
                      QCheckBox: "toggled"}[type(widget)]
            getattr(widget, signal).connect(self.request)
        self.coupon.editTextChanged.connect(self.request)
        self.wallet.textChanged.connect(self.request)
        self.modules.itemChanged.connect(self.request)
        self.lines = RecordTableModel([
            Column(self.tr("Item"), self._description, tooltip=self._description),
            Column(self.tr("Quantity"), lambda q: f"{quantity(q.quantity)} {q.unit}".strip(), align_right=True),
            Column(self.tr("Unit price"), lambda q: price(q.unit_price), align_right=True),
            Column(self.tr("Amount"), lambda q: money(q.net), align_right=True),
            Column(self.tr("Tax rate"), lambda q: tax_rate_name(q.tax_rate), align_right=True),
            Column(self.tr("Tax"), lambda q: money(q.tax), align_right=True),
            Column(self.tr("Total"), lambda q: money(q.gross), align_right=True),
        ], self)
        self.table = table(self.lines)
        self.table.setMinimumHeight(150)
        spread(self.table)
        self.subtotals = RecordTableModel([
            Column(self.tr("Tax rate"), lambda s: tax_rate_name(s.tax_rate)),
            Column(self.tr("Amount"), lambda s: money(s.net), align_right=True),
            Column(self.tr("Tax"), lambda s: money(s.tax), align_right=True),
            Column(self.tr("Total"), lambda s: money(s.gross), align_right=True),
        ], self)
        self.subtotal_table = table(self.subtotals)
        self.subtotal_table.setMaximumHeight(110)
        spread(self.subtotal_table)
        self.totals: dict[str, QLabel] = {}
        grid = QGridLayout()
        grid.setColumnStretch(0, 1)
        grid.setVerticalSpacing(2)
        names = (("net", self.tr("Total amount")), ("tax", self.tr("Total tax")), ("gross", self.tr("Total incl. tax")),
                 ("wallet", self.tr("Paid from wallet")), ("due", self.tr("Amount due")))
        for row, (key, text) in enumerate(names):
            value = QLabel()
            value.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            value.setMinimumWidth(110)
            if key in ("gross", "due"):
                value.setStyleSheet("font-weight: 600;")
            grid.addWidget(QLabel(text), row, 1, Qt.AlignmentFlag.AlignRight)
            grid.addWidget(value, row, 2)
            self.totals[key] = value
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setProperty("role", "error")
        self.status.hide()
        box = QGroupBox(self.tr("What the customer uses"))
        box.setLayout(inputs)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(title)
        layout.addWidget(box)
        layout.addWidget(self.table, 1)
        sums = QHBoxLayout()
        sums.addWidget(self.subtotal_table, 3)
        sums.addLayout(grid, 2)
        layout.addLayout(sums)
        layout.addWidget(self.status)

    def _description(self, line: Any) -> str:
        text = line.description
        if line.tier is not None:
            text += " · " + self.tr("tier {0}").format(line.tier)
        if str(line.kind) == "usage_flat_fee":
            text += " · " + self.tr("flat fee")
        return text

    # -- what can be asked ---------------------------------------------------------------------------

    def set_choices(self, tiers: list[str], coupons: list[str]) -> None:
        chosen_tier, chosen_coupon = self.tier.currentData(), self.coupon.currentText()
        self.tier.blockSignals(True)
        self.tier.clear()
        self.tier.addItem(self.tr("(list prices)"), "")
        for tier in tiers:
            self.tier.addItem(tier_name(tier), tier)
        self.tier.setCurrentIndex(max(0, self.tier.findData(chosen_tier)))
        self.tier.blockSignals(False)
        self.coupon.blockSignals(True)
        self.coupon.clear()
        self.coupon.addItems(["", *coupons])
        self.coupon.setCurrentText(chosen_coupon)
        self.coupon.blockSignals(False)

    def set_definition(self, definition: dict[str, Any]) -> None:
        """The plan as edited now: the inputs follow its meters and modules; a new quote follows shortly."""
        self.definition = definition
        charges = [c for c in definition.get("charges", []) if isinstance(c, dict)]
        units = {p.get("code"): p.get("unit", "") for p in definition.get("products", []) if isinstance(p, dict)}
        meters: list[tuple[str, str, Decimal, str]] = []
        for charge in charges:
            meter = str(charge.get("meter", "")).strip()
            if charge.get("kind") == "usage" and meter and meter not in [m[0] for m in meters]:
                size = parse_decimal(str(charge.get("unit_size", "1")))
                meters.append((meter, str(units.get(charge.get("product"), "")), size if size else Decimal(1),
                               str(charge.get("name") or "")))
        if meters != self.meters:
            self._usage_rows(meters)
        modules = [(str(c.get("code", "")), str(c.get("name", ""))) for c in charges
                   if c.get("kind") in ("module", "bundle") and c.get("code")]
        modules += [(TOP_UP + str(c["code"]), self.tr("Buy: {0}").format(c.get("name") or c["code"]))
                    for c in charges if c.get("kind") == "top_up" and c.get("code")]  # a prepaid package bought
        if modules != [(self.modules.item(i).data(Qt.ItemDataRole.UserRole), self.modules.item(i).text())
                       for i in range(self.modules.count())]:
            on = self.chosen_modules()
            self.modules.blockSignals(True)
            self.modules.clear()
            for code, name in modules:
                item = QListWidgetItem(name)
                item.setData(Qt.ItemDataRole.UserRole, code)
                item.setCheckState(Qt.CheckState.Checked if code in on else Qt.CheckState.Unchecked)
                self.modules.addItem(item)
            self.modules.blockSignals(False)
        self.modules.setVisible(bool(modules))
        self.modules_label.setVisible(bool(modules))
        self.request()

    def _usage_rows(self, meters: list[tuple[str, str, Decimal, str]]) -> None:
        typed = {meter: edit.text() for meter, edit in self.usage.items()}
        for widget in self.usage_cells:
            self.usage_grid.removeWidget(widget)
            widget.deleteLater()
        self.usage_cells, self.usage = [], {}
        for number, (meter, unit, size, charge) in enumerate(meters):
            edit = QLineEdit(typed.get(meter, ""))
            edit.setPlaceholderText("0")
            edit.setToolTip(self.tr("Meter {0}: {1} per {2}").format(name_of(METER_NAMES, meter), quantity(size),
                                                                      unit or "1"))
            edit.textChanged.connect(self.request)
            label = (charge or name_of(METER_NAMES, meter)) + (f" ({unit})" if unit else "")
            caption = QLabel(label)
            self.usage_grid.addWidget(caption, number // 2, 2 * (number % 2))
            self.usage_grid.addWidget(edit, number // 2, 2 * (number % 2) + 1)
            self.usage_grid.setColumnStretch(2 * (number % 2) + 1, 1)
            self.usage_cells += [caption, edit]
            self.usage[meter] = edit
        self.meters = meters

    def chosen_modules(self) -> set[str]:
        return {self.modules.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.modules.count())
                if self.modules.item(i).checkState() == Qt.CheckState.Checked}

    # -- asking --------------------------------------------------------------------------------------

    def request(self, *_args: object) -> None:
        self.timer.start()

    def _input(self) -> Any:
        """The CalculatorInput on screen, or None (with the bad field marked) if a number is wrong."""
        from desktop_app.services.calculator import CalculatorInput

        start = self.start.date().toPython()
        usage: list[tuple[str, Decimal]] = []
        bad = False
        for meter, _unit, size, _charge in self.meters:
            edit = self.usage[meter]
            value = parse_decimal(edit.text())
            mark(edit, value is None or value < 0)
            if value is None or value < 0:
                bad = True
            elif value:
                usage.append((meter, value * size))
        try:
            wallet = parse_amount(self.wallet.text()) if self.wallet.text().strip() else Decimal(0)
            mark(self.wallet, False)
        except ValueError:
            mark(self.wallet, True)
            bad = True
            wallet = Decimal(0)
        if bad:
            self._show_error(self.tr("Enter numbers, e.g. 1,234 or 12.5."))
            return None
        coupon = self.coupon.currentText().strip()
        return CalculatorInput(start, add_months(start, int(self.length.currentData())), seats=self.seats.value(),
                               modules=tuple(sorted(c for c in self.chosen_modules() if not c.startswith(TOP_UP))),
                               top_ups=tuple(sorted(c[len(TOP_UP):] for c in self.chosen_modules()
                                                    if c.startswith(TOP_UP))), usage=tuple(usage),
                               membership_tier=self.tier.currentData() or "",
                               coupon_codes=(coupon,) if coupon else (), wallet_balance=wallet,
                               one_time=self.one_time.isChecked())

    def calculate(self) -> None:
        if not self.definition:
            return
        data = self._input()
        if data is None:
            return
        self.generation += 1
        generation, definition, context = self.generation, self.definition, self.state.context
        version_id = self.version_id

        def work(_progress: ops.Progress) -> Any:
            from desktop_app.services.calculator import quote_definition, quote_version

            if version_id is not None:
                return quote_version(context, version_id, data)
            return quote_definition(context, definition, data)

        def done(quote: Any) -> None:
            if generation == self.generation:
                self.show_quote(quote)

        def failed(error: BaseException) -> None:
            if generation == self.generation:
                from desktop_app.views.catalog_text import error_text

                self._show_error(error_text(error)[0])

        ops.run(self, work, done, failed, write=False)

    def show_quote(self, quote: Any) -> None:
        self.quote = quote
        self.status.hide()
        self.lines.set_rows(quote.lines)
        self.subtotals.set_rows(quote.subtotals)
        currency = "" if quote.currency == "CNY" else f" {quote.currency}"
        values = {"net": quote.total_net, "tax": quote.total_tax, "gross": quote.total_gross,
                  "wallet": quote.wallet_applied, "due": quote.amount_due}
        for key, value in values.items():
            self.totals[key].setText(("¥" if not currency else "") + money(value) + currency)

    def _show_error(self, text: str) -> None:
        self.quote = None
        self.lines.set_rows([])
        self.subtotals.set_rows([])
        for label in self.totals.values():
            label.setText("")
        self.status.setText(text)
        self.status.show()


def spread(view: Any) -> None:
    """The first column takes the room left; the amounts are as wide as they need."""
    header = view.horizontalHeader()
    header.setStretchLastSection(False)
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
