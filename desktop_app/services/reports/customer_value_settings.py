"""The customer value (客户价值评估, RFM) settings an administrator sets: score thresholds, grade limits and the
membership tier suggested per grade (setting ``reports.customer_value``), and the scoring itself (pure).

Scores (each 1–5), from four increasing thresholds per dimension:

- recency R (days since the last payment, or the last bill when never paid): 5 when ``days <= t1``, 4 when
  ``<= t2``, 3 when ``<= t3``, 2 when ``<= t4``, else 1 (no payment and no bill at all: 1);
- frequency F (bills issued in the last 12 months) and monetary M (billed revenue in those months, yuan):
  1 plus the number of thresholds the value reaches (``>=``): 5 from ``t4`` up, 1 below ``t1``.

Grade from the total ``R + F + M`` (3–15): A from the A limit up, then B, C; below the C limit D.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import pairwise
from typing import Any

from desktop_app.billing.money import from_fen, parse_amount, to_fen
from desktop_app.errors import ValidationFailed
from desktop_app.models import Setting
from desktop_app.services.changes import NOTHING, Changes
from desktop_app.services.context import Context
from desktop_app.services.settings import DEFAULTS, read

__all__ = ["GRADES", "KEY", "ValueSettings", "parse_value_settings", "save_value_settings", "value_settings"]

KEY = "reports.customer_value"
GRADES = ("A", "B", "C", "D")
_COUNT = 4
_MAX_DAYS = 36_500
_MAX_BILLS = 1_000_000
_MAX_MONEY = Decimal("999999999999.99")


@dataclass(frozen=True)
class ValueSettings:
    recency_days: tuple[int, ...]  # four increasing day counts
    frequency: tuple[int, ...]  # four increasing bill counts
    monetary: tuple[Decimal, ...]  # four increasing amounts (yuan)
    grades: tuple[int, int, int]  # least total score of A, B and C
    tiers: Mapping[str, str] = field(default_factory=dict)  # grade -> suggested tier

    def recency_score(self, days: int | None) -> int:
        if days is None:
            return 1
        return 1 + sum(1 for limit in self.recency_days if days <= limit)

    def frequency_score(self, bills: int) -> int:
        return 1 + sum(1 for limit in self.frequency if bills >= limit)

    def monetary_score(self, amount: Decimal) -> int:
        return 1 + sum(1 for limit in self.monetary if amount >= limit)

    def grade(self, total: int) -> str:
        for grade, least in zip(GRADES, self.grades, strict=False):
            if total >= least:
                return grade
        return "D"

    def to_json(self) -> dict[str, Any]:
        return {"recency_days": list(self.recency_days), "frequency": list(self.frequency),
                "monetary": [str(amount) for amount in self.monetary],
                "grades": dict(zip(GRADES, self.grades, strict=False)),
                "tiers": {grade: self.tiers[grade] for grade in GRADES}}


def _whole(value: Any, name: str, least: int, most: int) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, str)):
        raise ValidationFailed("customer_value.threshold_invalid", name, value=str(value))
    text = str(value).strip()
    if not text.isdigit() or not least <= int(text) <= most:
        raise ValidationFailed("customer_value.threshold_invalid", name, value=text)
    return int(text)


def _money(value: Any, name: str) -> Decimal:
    try:
        if isinstance(value, Decimal):
            amount = from_fen(to_fen(value))
        elif isinstance(value, int) and not isinstance(value, bool):
            amount = from_fen(value * 100)
        elif isinstance(value, str):
            amount = parse_amount(value)
        else:
            raise ValueError(value)
    except (TypeError, ValueError):
        raise ValidationFailed("customer_value.threshold_invalid", name, value=str(value)) from None
    if not Decimal("0.01") <= amount <= _MAX_MONEY:
        raise ValidationFailed("customer_value.threshold_invalid", name, value=str(value))
    return amount


def _thresholds(data: Mapping[str, Any], name: str) -> tuple[Any, ...]:
    values = data.get(name)
    if not isinstance(values, (list, tuple)) or len(values) != _COUNT:
        raise ValidationFailed("customer_value.thresholds_count", name, count=_COUNT)
    if name == "monetary":
        parsed: tuple[Any, ...] = tuple(_money(value, name) for value in values)
    elif name == "recency_days":
        parsed = tuple(_whole(value, name, 0, _MAX_DAYS) for value in values)
    else:
        parsed = tuple(_whole(value, name, 1, _MAX_BILLS) for value in values)
    if any(later <= earlier for earlier, later in pairwise(parsed)):
        raise ValidationFailed("customer_value.thresholds_not_increasing", name)
    return parsed


def parse_value_settings(data: Any, tiers: list[str] | None = None) -> ValueSettings:
    """Check ``data`` (the JSON form, as DEFAULTS holds it) and return it parsed; ValidationFailed naming the
    field otherwise. With ``tiers`` (setting ``customer.tiers``) the suggested tiers must be among them."""
    if not isinstance(data, Mapping):
        raise ValidationFailed("customer_value.settings_invalid", "reports.customer_value")
    recency, frequency, monetary = (_thresholds(data, name) for name in ("recency_days", "frequency", "monetary"))
    grades = data.get("grades")
    if not isinstance(grades, Mapping):
        raise ValidationFailed("customer_value.grade_invalid", "grades", grade="A", value="")
    least: list[int] = []
    for grade in GRADES[:3]:
        value = grades.get(grade)
        if isinstance(value, bool) or not isinstance(value, int) or not 4 <= value <= 15:
            raise ValidationFailed("customer_value.grade_invalid", "grades", grade=grade, value=str(value))
        least.append(value)
    if not least[0] > least[1] > least[2]:
        raise ValidationFailed("customer_value.grades_not_decreasing", "grades")
    suggested = data.get("tiers")
    if not isinstance(suggested, Mapping):
        suggested = {}
    chosen: dict[str, str] = {}
    for grade in GRADES:
        tier = suggested.get(grade)
        if not isinstance(tier, str) or not tier.strip() or (tiers is not None and tier.strip() not in tiers):
            raise ValidationFailed("customer_value.tier_unknown", "tiers", grade=grade, tier=str(tier or ""),
                                   tiers=", ".join(tiers or ()))
        chosen[grade] = tier.strip()
    return ValueSettings(recency, frequency, monetary, (least[0], least[1], least[2]), chosen)


def stored_value_settings(session: Any) -> ValueSettings:
    """The stored settings; the defaults when the stored value is not valid (edited outside the app)."""
    try:
        return parse_value_settings(read(session, KEY))
    except ValidationFailed:
        return parse_value_settings(DEFAULTS[KEY])


def value_settings(context: Context) -> ValueSettings:
    """The settings in force (for the settings form and the report)."""
    with context.unit_of_work(write=False) as uow:
        return stored_value_settings(uow.session)


def save_value_settings(context: Context, data: Mapping[str, Any]) -> Changes:
    """Check and store the customer value settings (permission ``settings.edit``; audited)."""
    context.require("settings.edit")
    with context.unit_of_work() as uow:
        session = uow.session
        tiers = [str(tier) for tier in read(session, "customer.tiers")]
        value = parse_value_settings(data, tiers).to_json()
        row = session.get(Setting, KEY)
        before = json.loads(row.value) if row is not None else DEFAULTS[KEY]
        if before == value:
            return NOTHING
        text = json.dumps(value, ensure_ascii=False)
        now, who = context.clock(), context.actor.display_name
        if row is None:
            session.add(Setting(key=KEY, value=text, updated_at=now, updated_by=who))
        else:
            row.value, row.updated_at, row.updated_by = text, now, who
        uow.audit("settings.update", "setting", KEY, changed={KEY: [before, value]})
        uow.commit()
    return Changes(settings=True)
