"""Products, charges and plans shared by the pricing tests (plain builders, no fixtures)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from desktop_app.billing.periods import Period
from desktop_app.billing.plan import (
    Charge,
    PlanVersion,
    PricingModel,
    Product,
    RecordRounding,
    RecurringCharge,
    Tier,
    UsageCharge,
)

D = Decimal
JANUARY = Period(date(2025, 1, 1), date(2025, 2, 1))
FEBRUARY_2024 = Period(date(2024, 2, 1), date(2024, 3, 1))

VOICE = Product("voice", "语音通话", "分钟", D("0.09"))
SMS = Product("sms", "短信", "条", D("0.06"))
DATA = Product("data", "流量", "MB", D("0.06"))
SERVICE = Product("svc", "软件服务", "月", D("0.06"))
HARDWARE = Product("hw", "话机", "台", D("0.13"))
PREPAID = Product("prepaid", "预付充值", "次", None)
SMALL_SCALE = Product("consult", "咨询服务", "次", D("0.01"))


def tiers(*rows: tuple[str, str | None, str] | tuple[str, str | None, str, str]) -> tuple[Tier, ...]:
    """``tiers(("0", "100", "0.10"), ("100", None, "0.08", "5.00"))`` → Tier values."""
    result = []
    for row in rows:
        start, up_to, price = row[0], row[1], row[2]
        flat = row[3] if len(row) == 4 else "0"
        result.append(Tier(D(start), None if up_to is None else D(up_to), D(price), D(flat)))
    return tuple(result)


def monthly_fee(price: str, product: Product = SERVICE, code: str = "base", name: str = "月租") -> RecurringCharge:
    return RecurringCharge(code, name, product, D(price))


def usage(
    code: str = "calls",
    model: PricingModel = PricingModel.PER_UNIT,
    product: Product = VOICE,
    meter: str | None = None,
    **fields: object,
) -> UsageCharge:
    """A usage charge; ``fields`` are UsageCharge fields (strings become Decimals where a Decimal belongs)."""
    decimal_fields = {"unit_size", "included", "unit_price", "package_size", "rate", "fixed_fee", "min_fee", "max_fee"}
    values: dict[str, object] = {
        key: D(value) if key in decimal_fields and isinstance(value, str) else value for key, value in fields.items()
    }
    if isinstance(values.get("record_rounding"), str):
        values["record_rounding"] = RecordRounding(D(str(values["record_rounding"])))
    return UsageCharge(code, code, product, meter=meter or code, model=model, **values)  # type: ignore[arg-type]


def plan(*charges: Charge, tax_inclusive: bool = True, **fields: object) -> PlanVersion:
    return PlanVersion("basic", "基础套餐", charges=charges, tax_inclusive=tax_inclusive, **fields)  # type: ignore[arg-type]
