"""One form per charge kind (a QStackedWidget in the plan editor shows the selected charge's form).

Each form loads a charge's definition dict (``billing.plan_json`` form) and dumps what is on screen back
into one, leaving out empty optional fields; values are passed on as typed (cleaned of thousands
separators) so the service's check names the field of anything that is not a number.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QComboBox, QSpinBox, QWidget

from desktop_app.views.catalog_text import INTERVALS, KINDS, clean_number, fill, name_of, tax_rate_name
from desktop_app.views.field_form import FieldForm, line, put, text_of

FIXED_KINDS = ("recurring", "seat", "module", "bundle")


class ChargeForm(FieldForm):
    """The fields every charge has: code, name and the product (which brings the unit and the tax rate)."""

    def __init__(self, kind: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.kind = kind
        self.code = self.add("code", self.tr("Code *"), line(self.tr("e.g. base, calls, sms"), 220))
        self.name = self.add("name", self.tr("Name *"), line(self.tr("shown on the bill, e.g. 月租")))
        self.product = QComboBox()
        self.add("product", self.tr("Product *"), self.product)
        self.extra: dict[str, object] = {}

    def set_products(self, products: list[dict[str, Any]]) -> None:
        """The products to choose from (definition dicts); the chosen one stays chosen."""
        chosen = self.product.currentData()
        self.loading, was = True, self.loading
        self.product.clear()
        for product in products:
            text = f"{product['name']} ({product['code']}) · {tax_rate_name(str(product.get('tax_rate')))}"
            self.product.addItem(text, product["code"])
        if chosen:
            self._choose_product(str(chosen))
        self.loading = was

    def _choose_product(self, code: str) -> None:
        if code and self.product.findData(code) < 0:
            self.product.addItem(code, code)
        self.product.setCurrentIndex(self.product.findData(code) if code else -1)

    def load(self, data: dict[str, Any]) -> None:
        self.loading = True
        self.code.setText(str(data.get("code", "")))
        self.name.setText(str(data.get("name", "")))
        self._choose_product(str(data.get("product", "")))
        self.load_own(data)
        self.loading = False

    def dump(self) -> dict[str, Any]:
        data: dict[str, Any] = {"kind": self.kind, "code": text_of(self.code), "name": self.name.text().strip(),
                                "product": self.product.currentData() or ""}
        data.update(self.dump_own())
        return data

    def load_own(self, data: dict[str, Any]) -> None:
        """The kind's own fields (subclasses)."""

    def dump_own(self) -> dict[str, Any]:
        return {}


def number(edit: Any) -> str:
    return clean_number(edit.text())


class FixedForm(ChargeForm):
    """Recurring fee, per seat, module and bundle: a price every N × interval, billed in advance."""

    def __init__(self, kind: str, parent: QWidget | None = None) -> None:
        super().__init__(kind, parent)
        labels = {"recurring": self.tr("Price per period *"), "seat": self.tr("Price per seat *"),
                  "module": self.tr("Price of the module *"), "bundle": self.tr("Price of the bundle *")}
        self.price = self.add("price", labels[kind], line("99.00", 160))
        self.interval = QComboBox()
        fill(self.interval, INTERVALS)
        self.interval.setCurrentIndex(self.interval.findData("month"))
        self.add("interval", self.tr("Interval"), self.interval)
        self.interval_count = QSpinBox()
        self.interval_count.setRange(1, 120)
        self.interval_count.setPrefix("× ")
        self.add("interval_count", self.tr("Every"), self.interval_count)
        self.modules = line(self.tr("module codes, comma separated, e.g. crm, billing"))
        if kind == "bundle":
            self.add("modules", self.tr("Modules in the bundle *"), self.modules)

    def load_own(self, data: dict[str, Any]) -> None:
        self.price.setText(str(data.get("price", "")))
        self.interval.setCurrentIndex(max(0, self.interval.findData(data.get("interval", "month"))))
        self.interval_count.setValue(int(data.get("interval_count", 1)))
        self.modules.setText(", ".join(str(code) for code in data.get("modules", [])))

    def dump_own(self) -> dict[str, Any]:
        data: dict[str, Any] = {}
        put(data, "price", number(self.price))
        data["interval"] = self.interval.currentData()
        data["interval_count"] = self.interval_count.value()
        if self.kind == "bundle":
            data["modules"] = [code.strip() for code in self.modules.text().replace("，", ",").split(",")
                               if code.strip()]
        return data


class OneTimeForm(ChargeForm):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("one_time", parent)
        self.price = self.add("price", self.tr("Price *"), line("399.00", 160))

    def load_own(self, data: dict[str, Any]) -> None:
        self.price.setText(str(data.get("price", "")))

    def dump_own(self) -> dict[str, Any]:
        data: dict[str, Any] = {}
        put(data, "price", number(self.price))
        return data


class TopUpForm(ChargeForm):
    """充值套餐: pay ``price``, the wallet gets price + bonus, valid for ``expiry_days`` (0: no expiry)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("top_up", parent)
        self.price = self.add("price", self.tr("Customer pays *"), line("1000.00", 160))
        self.bonus = self.add("bonus", self.tr("Bonus credit"), line("100.00", 160))
        self.expiry = QSpinBox()
        self.expiry.setRange(0, 3650)
        self.expiry.setSpecialValueText(self.tr("never expires"))
        self.expiry.setSuffix(self.tr(" days"))
        self.add("expiry_days", self.tr("Credit valid for"), self.expiry)

    def load_own(self, data: dict[str, Any]) -> None:
        self.price.setText(str(data.get("price", "")))
        self.bonus.setText(str(data.get("bonus", "")))
        self.expiry.setValue(int(data.get("expiry_days") or 0))

    def dump_own(self) -> dict[str, Any]:
        data: dict[str, Any] = {}
        put(data, "price", number(self.price))
        put(data, "bonus", number(self.bonus))
        if self.expiry.value():
            data["expiry_days"] = self.expiry.value()
        return data


def make_form(kind: str) -> ChargeForm:
    """The form for one charge kind."""
    from desktop_app.views.usage_form import UsageForm

    if kind in FIXED_KINDS:
        return FixedForm(kind)
    if kind == "one_time":
        return OneTimeForm()
    if kind == "top_up":
        return TopUpForm()
    return UsageForm()


def default_charge(kind: str, number: int, product: str) -> dict[str, Any]:
    """A new charge of ``kind`` as the editor adds it (code made unique by ``number``)."""
    charge: dict[str, Any] = {"kind": kind, "code": f"{kind}{number}", "name": name_of(KINDS, kind),
                              "product": product}
    if kind in FIXED_KINDS:
        charge.update(price="0.00", interval="month", interval_count=1)
    elif kind in ("one_time", "top_up"):
        charge["price"] = "0.00" if kind == "one_time" else "100.00"
    else:
        charge.update(meter="call_seconds", model="per_unit", aggregation="sum", unit_size="60", unit_price="0.10")
    if kind == "bundle":
        charge["modules"] = []
    return charge
