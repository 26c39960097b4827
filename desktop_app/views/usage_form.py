"""The form of a usage (按量计费) charge: meter, aggregation, per-record rounding, unit size, included
allowance and the pricing model with the fields that model uses (tier table for graduated/volume)."""

from __future__ import annotations

import re
from typing import Any

from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QWidget

from desktop_app.views.catalog_text import (
    AGGREGATIONS,
    DIRECTIONS,
    METERS,
    MODELS,
    fill,
    fraction_to_percent,
    percent_to_fraction,
)
from desktop_app.views.charge_forms import ChargeForm, number
from desktop_app.views.field_form import line, put
from desktop_app.views.tier_table import COLUMNS, TierTable

MODEL_ROWS = {
    "per_unit": ("unit_price",),
    "graduated": ("tiers",),
    "volume": ("tiers",),
    "package": ("unit_price", "package_size", "package_rounding"),
    "percentage": ("rate", "fixed_fee", "min_fee", "max_fee"),
}
_TIER = re.compile(r"^tiers\[(\d+)\](?:\.(\w+))?")


class UsageForm(ChargeForm):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("usage", parent)
        self.meter = QComboBox()
        self.meter.setEditable(True)
        self.meter.addItems(METERS)
        self.meter.setToolTip(self.tr("call_seconds, sms, data_mb, or a meter of your own"))
        self.add("meter", self.tr("Meter *"), self.meter)
        self.aggregation = QComboBox()
        fill(self.aggregation, AGGREGATIONS)
        self.add("aggregation", self.tr("Aggregation"), self.aggregation)
        rounding = QWidget()
        row = QHBoxLayout(rounding)
        row.setContentsMargins(0, 0, 0, 0)
        self.increment = line(self.tr("none"), 100)
        self.increment.setToolTip(self.tr("Each record is rounded to a multiple of this, e.g. 60 "
                                          "(不足1分钟按1分钟) or 6 seconds; empty: no rounding"))
        self.direction = QComboBox()
        fill(self.direction, DIRECTIONS)
        row.addWidget(QLabel(self.tr("to a multiple of")))
        row.addWidget(self.increment)
        row.addWidget(self.direction)
        row.addStretch(1)
        self.add("record_rounding", self.tr("Round each record"), rounding, watch=self.increment)
        self.watch(self.direction)
        self.unit_size = self.add("unit_size", self.tr("Meter units per billing unit"), line("60", 120))
        self.unit_size.setToolTip(self.tr("e.g. 60 seconds per minute, 1024 MB per GB; 1 if the same"))
        self.included = self.add("included", self.tr("Included per period"), line("0", 120))
        self.included.setToolTip(self.tr("Free allowance in billing units, e.g. 500 minutes"))
        self.model = QComboBox()
        fill(self.model, MODELS)
        self.add("model", self.tr("Pricing model"), self.model)
        self.unit_price = self.add("unit_price", self.tr("Unit price *"), line("0.10", 160))
        self.package_size = self.add("package_size", self.tr("Units per package *"), line("100", 120))
        self.package_rounding = QComboBox()
        fill(self.package_rounding, DIRECTIONS)
        self.add("package_rounding", self.tr("Packages"), self.package_rounding)
        self.tiers = TierTable()
        self.tiers.changed.connect(self._edited)
        self.add("tiers", self.tr("Tiers *"), self.tiers, span=True)
        self.rate = self.add("rate", self.tr("Rate (%) *"), line("1", 120))
        self.fixed_fee = self.add("fixed_fee", self.tr("Fixed fee per transaction"), line("0.10", 120))
        self.min_fee = self.add("min_fee", self.tr("Minimum per transaction"), line("", 120))
        self.max_fee = self.add("max_fee", self.tr("Maximum per transaction"), line("", 120))
        self.model.currentIndexChanged.connect(lambda _i: self._show_model_rows())
        self._show_model_rows()

    def _show_model_rows(self) -> None:
        model = self.model.currentData()
        for name in ("unit_price", "package_size", "package_rounding", "tiers", "rate", "fixed_fee", "min_fee",
                     "max_fee"):
            self.set_row_visible(name, name in MODEL_ROWS[model])
        self.set_row_visible("included", model != "percentage")
        label = self.form.labelForField(self.rows["unit_price"])
        if isinstance(label, QLabel):
            label.setText(self.tr("Price per package *") if model == "package" else self.tr("Unit price *"))

    def load_own(self, data: dict[str, Any]) -> None:
        self.meter.setCurrentText(str(data.get("meter", "")))
        self.aggregation.setCurrentIndex(max(0, self.aggregation.findData(data.get("aggregation", "sum"))))
        rounding = data.get("record_rounding") or {}
        self.increment.setText(str(rounding.get("increment", "")))
        self.direction.setCurrentIndex(max(0, self.direction.findData(rounding.get("direction", "up"))))
        self.unit_size.setText(str(data.get("unit_size", "")))
        self.included.setText(str(data.get("included", "")))
        self.model.setCurrentIndex(max(0, self.model.findData(data.get("model", "per_unit"))))
        for name in ("unit_price", "package_size", "fixed_fee", "min_fee", "max_fee"):
            getattr(self, name).setText(str(data.get(name, "")))
        self.package_rounding.setCurrentIndex(max(0, self.package_rounding.findData(data.get("package_rounding",
                                                                                              "up"))))
        self.rate.setText(fraction_to_percent(data["rate"]) if "rate" in data else "")
        self.tiers.load(list(data.get("tiers", [])))
        self._show_model_rows()

    def dump_own(self) -> dict[str, Any]:
        model = self.model.currentData()
        data: dict[str, Any] = {"meter": self.meter.currentText().strip(), "model": model,
                                "aggregation": self.aggregation.currentData()}
        put(data, "unit_size", number(self.unit_size))
        increment = number(self.increment)
        if increment:
            data["record_rounding"] = {"increment": increment, "direction": self.direction.currentData()}
        if model != "percentage":
            put(data, "included", number(self.included))
        fields = MODEL_ROWS[model]
        for name in ("unit_price", "package_size", "fixed_fee", "min_fee", "max_fee"):
            if name in fields:
                put(data, name, number(getattr(self, name)))
        if "package_rounding" in fields:
            data["package_rounding"] = self.package_rounding.currentData()
        if "rate" in fields and self.rate.text().strip():
            data["rate"] = percent_to_fraction(self.rate.text())
        if "tiers" in fields:
            data["tiers"] = self.tiers.dump()
        return data

    def show_problems(self, problems: list[tuple[str, str]]) -> list[tuple[str, str]]:
        """Tier problems go to their row; the others under their field."""
        rows: dict[int, list[tuple[str, str]]] = {}
        others = []
        for path, message in problems:
            match = _TIER.match(path)
            if match:
                column = match.group(2) or ""
                rows.setdefault(int(match.group(1)), []).append((column if column in COLUMNS else "", message))
            else:
                others.append((path, message))
        left = super().show_problems(others)  # clears the tier rows too
        self.tiers.show_problems(rows)
        if rows:  # also under the table, where a narrow Check column cannot cut them off
            note = self.notes["tiers"]
            lines = [self.tr("Tier {0}: {1}").format(row + 1, text) for row, found in sorted(rows.items())
                     for _column, text in found]
            note.setText("\n".join(filter(None, [note.text() if note.isVisibleTo(self) else "", *lines])))
            note.show()
        return left

    def clear_problems(self) -> None:
        super().clear_problems()
        self.tiers.show_problems({})

    def freeze(self) -> None:
        super().freeze()
        self.tiers.freeze()
