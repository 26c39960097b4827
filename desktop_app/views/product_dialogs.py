"""Add/edit dialogs of the catalog: a product (产品/服务, with its VAT rate) and a coupon (优惠券)."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop_app.errors import DomainError
from desktop_app.views import amount_text as amounts
from desktop_app.views.catalog_text import (
    DURATIONS,
    TAX_RATES,
    UNITS,
    clean_number,
    fill,
    fraction_to_percent,
    percent_to_fraction,
    problem_text,
    tax_rate_name,
)
from desktop_app.views.field_form import path_key
from desktop_app.views.forms import FormErrors, mark, save_and_close
from desktop_app.views.state import AppState


class _CatalogDialog(QDialog):
    """Save through ``ops.run``; errors under the form with the field at fault framed in red."""

    def __init__(self, state: AppState, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.state = state
        self.saved: Any = None
        self.form = QFormLayout()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Save)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        self.buttons = buttons

    def finish_layout(self, fields: dict[str, QWidget], note: str = "") -> None:
        self.errors = FormErrors(fields)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        if note:
            hint = QLabel(note)
            hint.setProperty("role", "muted")
            hint.setWordWrap(True)
            layout.addWidget(hint)
        layout.addWidget(self.errors.label)
        layout.addWidget(self.buttons)
        self.resize(480, 0)

    def data(self) -> Any:
        raise NotImplementedError

    def store(self, context: Any, data: Any) -> Any:
        raise NotImplementedError

    def save(self) -> None:
        data, context = self.data(), self.state.context
        save_and_close(self, lambda _progress: self.store(context, data), self.save_button, self.show_error)

    def show_error(self, error: BaseException) -> None:
        self.errors.show(error)


class ProductDialog(_CatalogDialog):
    """Add (``product`` None) or edit a product; its code is fixed once saved (plans refer to it)."""

    def __init__(self, state: AppState, product: Any, parent: QWidget | None = None) -> None:
        super().__init__(state, parent)
        self.product = product
        self.setWindowTitle(self.tr("New product") if product is None else self.tr("Product"))
        self.code = QLineEdit()
        self.code.setMaxLength(40)
        self.code.setPlaceholderText(self.tr("e.g. voice, sms, data"))
        self.name = QLineEdit()
        self.name.setPlaceholderText(self.tr("e.g. 语音通话"))
        self.description = QLineEdit()
        self.category = QLineEdit()
        self.category.setPlaceholderText(self.tr("e.g. 通信服务"))
        self.unit = QComboBox()
        self.unit.setEditable(True)
        self.unit.addItems(UNITS)
        self.unit.setCurrentText("")
        self.tax_rate = QComboBox()
        for rate in TAX_RATES:
            self.tax_rate.addItem(tax_rate_name(rate), rate)
        self.tax_rate.setCurrentIndex(self.tax_rate.findData("0.06"))
        self.form.addRow(self.tr("Code *"), self.code)
        self.form.addRow(self.tr("Name *"), self.name)
        self.form.addRow(self.tr("Description"), self.description)
        self.form.addRow(self.tr("Category"), self.category)
        self.form.addRow(self.tr("Unit"), self.unit)
        self.form.addRow(self.tr("VAT rate"), self.tax_rate)
        self.finish_layout({"code": self.code, "name": self.name, "description": self.description,
                            "category": self.category, "unit": self.unit, "tax_rate": self.tax_rate},
                           self.tr("The VAT rate belongs to what is sold: e.g. voice 9 %, SMS and data 6 %, "
                                   "goods 13 %. Exempt (免税) is not the same as 0 %."))
        if product is not None:
            self.code.setText(product.code)
            self.code.setReadOnly(True)
            self.name.setText(product.name)
            self.description.setText(product.description)
            self.category.setText(product.category)
            self.unit.setCurrentText(product.unit)
            if self.tax_rate.findData(product.tax_rate) < 0:
                self.tax_rate.addItem(tax_rate_name(product.tax_rate), product.tax_rate)
            self.tax_rate.setCurrentIndex(self.tax_rate.findData(product.tax_rate))

    def data(self) -> Any:
        from desktop_app.services.catalog import ProductInfo

        old = self.product
        return ProductInfo(old.id if old else 0, self.code.text(), self.name.text(), self.description.text(),
                           self.category.text(), self.unit.currentText().strip(), self.tax_rate.currentData(),
                           old.active if old else True, old.version if old else 0)

    def store(self, context: Any, data: Any) -> Any:
        from desktop_app.services.catalog import save_product

        return save_product(context, data)


class CouponDialog(_CatalogDialog):
    """Add or edit a coupon: a percentage or a fixed amount, once / N periods / forever, maybe limited to
    some charge codes."""

    def __init__(self, state: AppState, coupon: Any, parent: QWidget | None = None) -> None:
        super().__init__(state, parent)
        self.coupon = coupon
        self.setWindowTitle(self.tr("New coupon") if coupon is None else self.tr("Coupon"))
        self.code = QLineEdit()
        self.code.setMaxLength(40)
        self.code.setPlaceholderText(self.tr("e.g. NEW50"))
        self.name = QLineEdit()
        self.name.setPlaceholderText(self.tr("e.g. 新客立减"))
        self.kind = QComboBox()
        self.kind.addItem(self.tr("Percentage off"), "percentage")
        self.kind.addItem(self.tr("Fixed amount off"), "fixed")
        self.value = QLineEdit()
        self.value_label = QLabel()
        self.duration = QComboBox()
        fill(self.duration, DURATIONS)
        self.duration.setCurrentIndex(self.duration.findData("once"))
        self.periods = QSpinBox()
        self.periods.setRange(1, 999)
        self.periods.setSuffix(self.tr(" periods"))
        self.charges = QLineEdit()
        self.charges.setPlaceholderText(self.tr("charge codes, comma separated; empty: every charge"))
        self.form.addRow(self.tr("Code *"), self.code)
        self.form.addRow(self.tr("Name *"), self.name)
        self.form.addRow(self.tr("Discount"), self.kind)
        self.form.addRow(self.value_label, self.value)
        self.form.addRow(self.tr("Applies"), self.duration)
        self.form.addRow(self.tr("Number of periods"), self.periods)
        self.form.addRow(self.tr("Only on charges"), self.charges)
        self.finish_layout({"code": self.code, "name": self.name, "kind": self.kind, "value": self.value,
                            "duration": self.duration, "periods": self.periods, "charges": self.charges},
                           self.tr("Discounts are taken off before tax and never below zero. A fixed amount is "
                                   "in the plan's prices (including VAT for 含税 plans)."))
        self.kind.currentIndexChanged.connect(lambda _i: self._kind_changed())
        self.duration.currentIndexChanged.connect(lambda _i: self.periods.setEnabled(self._repeating()))
        if coupon is not None:
            discount = coupon.discount
            self.code.setText(coupon.code)
            self.code.setReadOnly(True)
            self.name.setText(coupon.name)
            self.kind.setCurrentIndex(max(0, self.kind.findData(discount.get("kind"))))
            value = str(discount.get("value", "")) if discount.get("value") is not None else amounts.HIDDEN_TEXT
            self.value.setText(fraction_to_percent(value) if discount.get("kind") == "percentage" else value)
            self.duration.setCurrentIndex(max(0, self.duration.findData(discount.get("duration", "forever"))))
            self.periods.setValue(int(discount.get("periods") or 1))
            self.charges.setText(", ".join(discount.get("charges", [])))
        self._kind_changed()
        self.periods.setEnabled(self._repeating())
        # a role that may not change prices: no fixed amount set or changed here (field rule products.unit_price)
        self.fixed_prices = not amounts.editable(state.user.access, "products")
        if self.fixed_prices:
            self.kind.setEnabled(False)
            self.value.setReadOnly(self.kind.currentData() == "fixed")
            self.value.setToolTip(self.tr("Your role may not change prices."))

    def _repeating(self) -> bool:
        return self.duration.currentData() == "repeating"

    def _kind_changed(self) -> None:
        percentage = self.kind.currentData() == "percentage"
        self.value_label.setText(self.tr("Percent off *") if percentage else self.tr("Amount off (元) *"))
        self.value.setPlaceholderText("20" if percentage else "50.00")

    def discount(self) -> dict[str, Any]:
        kind = self.kind.currentData()
        value = percent_to_fraction(self.value.text()) if kind == "percentage" else clean_number(self.value.text())
        if kind == "fixed" and self.value.text() in (amounts.MASKED_TEXT, amounts.HIDDEN_TEXT):
            value = ""  # withheld: the services keep the stored amount
        data: dict[str, Any] = {"kind": kind, "value": value, "duration": self.duration.currentData()}
        if self._repeating():
            data["periods"] = self.periods.value()
        codes = [code.strip() for code in self.charges.text().replace("，", ",").split(",") if code.strip()]
        if codes:
            data["charges"] = codes
        return data

    def data(self) -> Any:
        from desktop_app.services.catalog import CouponInfo

        old = self.coupon
        return CouponInfo(old.id if old else 0, self.code.text(), self.name.text(), self.discount(),
                          old.active if old else True, old.version if old else 0)

    def store(self, context: Any, data: Any) -> Any:
        from desktop_app.services.catalog import save_coupon

        return save_coupon(context, data)

    def show_error(self, error: BaseException) -> None:
        """A discount problem names a path (``discount.value``): frame that field, say the problem itself."""
        if isinstance(error, DomainError) and error.code == "coupon.discount_invalid":
            params = {key: value for key, value in error.params.items() if key != "problem_code"}
            key = path_key(str(params.get("path", "")).removeprefix("discount.").removeprefix("discount"))
            self.errors.clear()
            self.errors.label.setText(problem_text(str(error.params.get("problem_code", "")), params))
            self.errors.label.show()
            widget = self.errors.fields.get(key or "value")
            if widget is not None:
                mark(widget, True)
                widget.setFocus()
            return
        super().show_error(error)

