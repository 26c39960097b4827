"""Value checks of a plan version, each problem a :class:`~desktop_app.billing.errors.PlanInvalid`.

``path`` is the JSON path of the value in the form ``billing.plan_json.to_dict`` writes
(``"charges[2].tiers[1].up_to"``, ``"products[0].tax_rate"``), so the plan editor can show the message
at the row and the catalog import names the offending path. :func:`plan_problems` lists every
problem (for the editor); :func:`validate_plan` raises the first (for the import and the calculator).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from desktop_app.billing.discounts import Discount, DiscountDuration, DiscountKind
from desktop_app.billing.errors import PlanInvalid
from desktop_app.billing.exact import decimal_places
from desktop_app.billing.plan import (
    RECURRING_KINDS,
    BundleCharge,
    Charge,
    ModuleCharge,
    OneTimeCharge,
    PlanVersion,
    PricingModel,
    Product,
    Tier,
    TopUpCharge,
    UsageCharge,
)

__all__ = ["discount_problems", "plan_problems", "single_price_charge", "validate_plan"]

PRICE_PLACES = 6
"""Unit prices carry at most 6 decimals (stored as integer millionths of a yuan)."""
AMOUNT_PLACES = 2
QUANTITY_PLACES = 6
RATE_PLACES = 6
TAX_RATE_PLACES = 4
_CURRENCY = re.compile(r"[A-Z]{3}")

_MODEL_FIELDS: dict[PricingModel, frozenset[str]] = {
    PricingModel.PER_UNIT: frozenset({"unit_price"}),
    PricingModel.GRADUATED: frozenset({"tiers"}),
    PricingModel.VOLUME: frozenset({"tiers"}),
    PricingModel.PACKAGE: frozenset({"unit_price", "package_size"}),
    PricingModel.PERCENTAGE: frozenset({"rate", "fixed_fee", "min_fee", "max_fee"}),
}
_REQUIRED: dict[PricingModel, tuple[str, ...]] = {
    PricingModel.PER_UNIT: ("unit_price",),
    PricingModel.GRADUATED: (),
    PricingModel.VOLUME: (),
    PricingModel.PACKAGE: ("unit_price", "package_size"),
    PricingModel.PERCENTAGE: ("rate",),
}
_OPTIONAL_MODEL_FIELDS = ("unit_price", "tiers", "package_size", "rate", "fixed_fee", "min_fee", "max_fee")


class _Problems:
    def __init__(self) -> None:
        self.found: list[PlanInvalid] = []

    def add(self, code: str, path: str, /, **params: Any) -> None:
        self.found.append(PlanInvalid(code, path, **params))

    def text(self, value: str, path: str, code: str) -> None:
        if not value.strip():
            self.add(code, path)

    def number(
        self, value: Decimal, path: str, places: int, kind: str, *, positive: bool = False, sign_code: str = ""
    ) -> None:
        """Check the sign (>= 0, or > 0 if ``positive``) and the decimal places of a price, amount or quantity."""
        if value < 0 or (positive and value == 0):
            self.add(sign_code or f"{kind}.{'not_positive' if positive else 'negative'}", path, value=str(value))
        if decimal_places(value) > places:
            self.add(f"{kind}.too_many_decimals", path, value=str(value), places=places)

    def rate(self, value: Decimal, path: str) -> None:
        if not Decimal(0) <= value <= 1:
            self.add("rate.out_of_range", path, value=str(value))
        elif decimal_places(value) > RATE_PLACES:
            self.add("rate.too_many_decimals", path, value=str(value), places=RATE_PLACES)


def _product(problems: _Problems, product: Product, path: str) -> None:
    problems.text(product.code, f"{path}.code", "code.empty")
    problems.text(product.name, f"{path}.name", "name.empty")
    if product.tax_rate is not None:
        if not Decimal(0) <= product.tax_rate < 1:
            problems.add("tax_rate.out_of_range", f"{path}.tax_rate", value=str(product.tax_rate))
        elif decimal_places(product.tax_rate) > TAX_RATE_PLACES:
            problems.add("tax_rate.too_many_decimals", f"{path}.tax_rate", value=str(product.tax_rate))


def _tiers(problems: _Problems, tiers: tuple[Tier, ...], path: str) -> None:
    if not tiers:
        problems.add("tiers.empty", path)
        return
    previous_end: Decimal | None = Decimal(0)
    for index, tier in enumerate(tiers):
        row = f"{path}[{index}]"
        problems.number(tier.unit_price, f"{row}.unit_price", PRICE_PLACES, "price")
        problems.number(tier.flat_fee, f"{row}.flat_fee", AMOUNT_PLACES, "amount")
        if decimal_places(tier.start) > QUANTITY_PLACES:
            problems.add("quantity.too_many_decimals", f"{row}.start", value=str(tier.start), places=QUANTITY_PLACES)
        if index == 0 and tier.start != 0:
            problems.add("tiers.first_not_zero", f"{row}.start", value=str(tier.start))
        elif index > 0 and previous_end is not None and tier.start != previous_end:
            problems.add("tiers.not_contiguous", f"{row}.start", value=str(tier.start), expected=str(previous_end))
        if tier.up_to is None:
            if index < len(tiers) - 1:
                problems.add("tiers.open_not_last", f"{row}.up_to")
        elif tier.up_to <= tier.start:
            problems.add("tiers.not_increasing", f"{row}.up_to", value=str(tier.up_to), start=str(tier.start))
        elif decimal_places(tier.up_to) > QUANTITY_PLACES:
            problems.add("quantity.too_many_decimals", f"{row}.up_to", value=str(tier.up_to), places=QUANTITY_PLACES)
        previous_end = tier.up_to
    if tiers[-1].up_to is not None:
        problems.add("tiers.last_not_open", f"{path}[{len(tiers) - 1}].up_to", value=str(tiers[-1].up_to))


def _usage(problems: _Problems, charge: UsageCharge, path: str) -> None:
    problems.text(charge.meter, f"{path}.meter", "code.empty")
    problems.number(charge.unit_size, f"{path}.unit_size", QUANTITY_PLACES, "quantity", positive=True,
                    sign_code="unit_size.not_positive")
    if charge.record_rounding is not None and charge.record_rounding.increment <= 0:
        problems.add("rounding.increment_not_positive", f"{path}.record_rounding.increment")
    if charge.included < 0:
        problems.add("allowance.negative", f"{path}.included", value=str(charge.included))
    if charge.included and charge.model is PricingModel.PERCENTAGE:
        problems.add("allowance.not_supported", f"{path}.included", model=str(charge.model))
    allowed = _MODEL_FIELDS[charge.model]
    for name in _OPTIONAL_MODEL_FIELDS:
        value = getattr(charge, name)
        if name not in allowed and value not in (None, ()):
            problems.add("field.not_allowed", f"{path}.{name}", model=str(charge.model))
    for name in _REQUIRED[charge.model]:
        if getattr(charge, name) is None:
            problems.add("field.required", f"{path}.{name}", model=str(charge.model))
    if "tiers" in allowed:
        _tiers(problems, charge.tiers, f"{path}.tiers")
    if charge.unit_price is not None:
        problems.number(charge.unit_price, f"{path}.unit_price", PRICE_PLACES, "price")
    if charge.package_size is not None and charge.package_size <= 0:
        problems.add("package.size_not_positive", f"{path}.package_size", value=str(charge.package_size))
    if charge.rate is not None:
        problems.rate(charge.rate, f"{path}.rate")
    for name in ("fixed_fee", "min_fee", "max_fee"):
        fee = getattr(charge, name)
        if fee is not None:
            problems.number(fee, f"{path}.{name}", PRICE_PLACES, "price")
    if charge.min_fee is not None and charge.max_fee is not None and charge.min_fee > charge.max_fee:
        problems.add("percentage.min_above_max", f"{path}.max_fee", min=str(charge.min_fee), max=str(charge.max_fee))


def _charge(problems: _Problems, charge: Charge, path: str, modules: set[str]) -> None:
    problems.text(charge.code, f"{path}.code", "code.empty")
    problems.text(charge.name, f"{path}.name", "name.empty")
    if isinstance(charge, RECURRING_KINDS):
        problems.number(charge.price, f"{path}.price", PRICE_PLACES, "price")
        if charge.interval_count < 1:
            problems.add("interval_count.not_positive", f"{path}.interval_count", value=charge.interval_count)
    if isinstance(charge, BundleCharge):
        if not charge.modules:
            problems.add("bundle.empty", f"{path}.modules")
        for index, module in enumerate(charge.modules):
            if module not in modules:
                problems.add("bundle.unknown_module", f"{path}.modules[{index}]", module=module)
            elif module in charge.modules[:index]:
                problems.add("bundle.duplicate_module", f"{path}.modules[{index}]", module=module)
    elif isinstance(charge, OneTimeCharge):
        problems.number(charge.price, f"{path}.price", PRICE_PLACES, "price")
    elif isinstance(charge, TopUpCharge):
        problems.number(charge.price, f"{path}.price", AMOUNT_PLACES, "amount", positive=True)
        problems.number(charge.bonus, f"{path}.bonus", AMOUNT_PLACES, "amount")
        if charge.expiry_days is not None and charge.expiry_days < 1:
            problems.add("top_up.expiry_not_positive", f"{path}.expiry_days", value=charge.expiry_days)
    elif isinstance(charge, UsageCharge):
        _usage(problems, charge, path)


def single_price_charge(charge: Charge) -> bool:
    """Whether a price list may override the charge's unit price (it has exactly one)."""
    if isinstance(charge, UsageCharge):
        return charge.model in (PricingModel.PER_UNIT, PricingModel.PACKAGE)
    return True


def _discount(problems: _Problems, discount: Discount, path: str, charge_codes: set[str] | None) -> None:
    problems.text(discount.code, f"{path}.code", "code.empty")
    if discount.kind is DiscountKind.PERCENTAGE:
        problems.rate(discount.value, f"{path}.value")
    else:
        problems.number(discount.value, f"{path}.value", AMOUNT_PLACES, "amount")
    if discount.duration is DiscountDuration.REPEATING:
        if discount.periods is None or discount.periods < 1:
            problems.add("discount.periods_required", f"{path}.periods")
    elif discount.periods is not None:
        problems.add("discount.periods_not_allowed", f"{path}.periods", duration=str(discount.duration))
    if charge_codes is not None:
        for index, code in enumerate(discount.charges):
            if code not in charge_codes:
                problems.add("discount.unknown_charge", f"{path}.charges[{index}]", charge=code)


def discount_problems(
    discount: Discount, path: str = "discount", charge_codes: Iterable[str] | None = None
) -> list[PlanInvalid]:
    """Problems of a coupon or discount at ``path``; ``charge_codes`` (if given) are those it may name."""
    problems = _Problems()
    _discount(problems, discount, path, None if charge_codes is None else set(charge_codes))
    return problems.found


def plan_problems(plan: PlanVersion) -> list[PlanInvalid]:
    """Every problem of ``plan``, in the order of its JSON form (empty list: the plan is valid)."""
    problems = _Problems()
    problems.text(plan.code, "code", "code.empty")
    problems.text(plan.name, "name", "name.empty")
    if plan.version < 1:
        problems.add("version.not_positive", "version", value=plan.version)
    if not _CURRENCY.fullmatch(plan.currency):
        problems.add("currency.invalid", "currency", value=plan.currency)
    if plan.trial_days < 0:
        problems.add("trial_days.negative", "trial_days", value=plan.trial_days)
    if plan.billing_interval_count < 1:
        problems.add("interval_count.not_positive", "billing_interval_count", value=plan.billing_interval_count)
    products: dict[str, Product] = {}
    for index, product in enumerate(plan.products()):
        products[product.code] = product
        _product(problems, product, f"products[{index}]")
    modules = {charge.code for charge in plan.charges if isinstance(charge, ModuleCharge)}
    codes: set[str] = set()
    for index, charge in enumerate(plan.charges):
        path = f"charges[{index}]"
        if charge.product != products[charge.product.code]:
            problems.add("product.conflict", f"{path}.product", product=charge.product.code)
        if charge.code in codes:
            problems.add("code.duplicate", f"{path}.code", code=charge.code)
        codes.add(charge.code)
        _charge(problems, charge, path, modules)
    tiers: set[str] = set()
    for index, price_list in enumerate(plan.price_lists):
        path = f"price_lists[{index}]"
        problems.text(price_list.tier, f"{path}.tier", "code.empty")
        if price_list.tier in tiers:
            problems.add("price_list.duplicate_tier", f"{path}.tier", tier=price_list.tier)
        tiers.add(price_list.tier)
        seen: set[str] = set()
        for row, entry in enumerate(price_list.entries):
            entry_path = f"{path}.entries[{row}]"
            priced = plan.charge(entry.charge)
            if priced is None:
                problems.add("price_list.unknown_charge", f"{entry_path}.charge", charge=entry.charge)
            elif entry.charge in seen:
                problems.add("price_list.duplicate_charge", f"{entry_path}.charge", charge=entry.charge)
            seen.add(entry.charge)
            if (entry.unit_price is None) == (entry.rate_off is None):
                problems.add("price_list.needs_one", entry_path)
            elif entry.unit_price is not None:
                problems.number(entry.unit_price, f"{entry_path}.unit_price", PRICE_PLACES, "price")
                if priced is not None and not single_price_charge(priced):
                    problems.add("price_list.override_not_single_price", f"{entry_path}.unit_price", charge=priced.code)
            elif entry.rate_off is not None:
                problems.rate(entry.rate_off, f"{entry_path}.rate_off")
    discount_codes: set[str] = set()
    for index, discount in enumerate(plan.discounts):
        _discount(problems, discount, f"discounts[{index}]", codes)
        if discount.code in discount_codes:
            problems.add("code.duplicate", f"discounts[{index}].code", code=discount.code)
        discount_codes.add(discount.code)
    commitment = plan.minimum_commitment
    if commitment is not None:
        problems.number(commitment.amount, "minimum_commitment.amount", AMOUNT_PLACES, "amount", positive=True)
        for index, code in enumerate(commitment.charges):
            if code not in codes:
                problems.add("commitment.unknown_charge", f"minimum_commitment.charges[{index}]", charge=code)
    return problems.found


def validate_plan(plan: PlanVersion) -> None:
    """Raise the first :class:`PlanInvalid` of ``plan``; return None when the plan is valid."""
    problems = plan_problems(plan)
    if problems:
        raise problems[0]
