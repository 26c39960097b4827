"""The plan editor's header: code, name, description; currency, 含税 prices, trial days, billing interval."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QCheckBox, QComboBox, QHBoxLayout, QSpinBox, QWidget

from desktop_app.views.catalog_text import INTERVALS, fill
from desktop_app.views.field_form import FieldForm, line, put, text_of


class PlanHeader(QWidget):
    """Two FieldForms side by side; ``changed`` of either is forwarded by the editor."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.left, self.right = FieldForm(), FieldForm()
        self.code = self.left.add("code", self.tr("Plan code *"), line(self.tr("e.g. basic"), 200))
        self.name = self.left.add("name", self.tr("Plan name *"), line(self.tr("e.g. 基础套餐")))
        self.description = self.left.add("description", self.tr("Description"), line())
        self.currency = self.right.add("currency", self.tr("Currency"), line("CNY", 80))
        self.currency.setReadOnly(True)
        self.tax_inclusive = QCheckBox(self.tr("Prices include VAT (含税)"))
        self.tax_inclusive.setChecked(True)
        self.right.add("tax_inclusive", self.tr("Prices"), self.tax_inclusive)
        self.trial_days = QSpinBox()
        self.trial_days.setRange(0, 3650)
        self.trial_days.setSpecialValueText(self.tr("no trial"))
        self.trial_days.setSuffix(self.tr(" days"))
        self.right.add("trial_days", self.tr("Trial"), self.trial_days)
        interval = QWidget()
        row = QHBoxLayout(interval)
        row.setContentsMargins(0, 0, 0, 0)
        self.interval_count = QSpinBox()
        self.interval_count.setRange(1, 120)
        self.interval_count.setPrefix("× ")
        self.interval = QComboBox()
        fill(self.interval, INTERVALS)
        row.addWidget(self.interval_count)
        row.addWidget(self.interval, 1)
        self.right.add("billing_interval", self.tr("Bill every"), interval, watch=self.interval)
        self.right.watch(self.interval_count)
        self.right.fields["billing_interval_count"] = self.interval_count
        self.right.notes["billing_interval_count"] = self.right.notes["billing_interval"]
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.left, 3)
        layout.addSpacing(16)
        layout.addWidget(self.right, 2)

    def load(self, data: dict[str, Any]) -> None:
        for form in (self.left, self.right):
            form.loading = True
        self.code.setText(str(data.get("code", "")))
        self.name.setText(str(data.get("name", "")))
        self.description.setText(str(data.get("description", "")))
        self.currency.setText(str(data.get("currency", "CNY")))
        self.tax_inclusive.setChecked(bool(data.get("tax_inclusive", True)))
        self.trial_days.setValue(int(data.get("trial_days", 0)))
        self.interval.setCurrentIndex(max(0, self.interval.findData(data.get("billing_interval", "month"))))
        self.interval_count.setValue(int(data.get("billing_interval_count", 1)))
        for form in (self.left, self.right):
            form.loading = False

    def dump(self) -> dict[str, Any]:
        data: dict[str, Any] = {"code": text_of(self.code), "name": self.name.text().strip()}
        put(data, "description", self.description.text().strip())
        data.update(currency=text_of(self.currency) or "CNY", tax_inclusive=self.tax_inclusive.isChecked(),
                    trial_days=self.trial_days.value(), billing_interval=self.interval.currentData(),
                    billing_interval_count=self.interval_count.value())
        return data

    def show_problems(self, problems: list[tuple[str, str]]) -> list[tuple[str, str]]:
        return self.right.show_problems(self.left.show_problems(problems))

    def freeze(self) -> None:
        self.left.freeze()
        self.right.freeze()
