"""The live price calculator: the pricing engine itself (``billing.pricing.price``) on a stored plan
version or on an unsaved draft, for "what does this plan cost for 1,234 minutes, 25 seats, tier 金卡,
coupon X?". The bill run prices with the same function, so the calculator shows what a bill would say.

Its answers are nothing but prices: a role whose field rule ``products.unit_price`` masks or hides prices is
refused (``AmountsWithheld``, ``amount.withheld.calculator``; ``amounts.py``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop_app.billing.discounts import CouponRedemption
from desktop_app.billing.errors import PlanInvalid, PriceInputInvalid
from desktop_app.billing.periods import Period
from desktop_app.billing.plan import PlanVersion
from desktop_app.billing.price_input import PriceInput
from desktop_app.billing.pricing import price
from desktop_app.billing.quote import Quote
from desktop_app.errors import DomainError, ValidationFailed
from desktop_app.models import Coupon, PlanVersionRow
from desktop_app.services import amounts
from desktop_app.services import plan_definitions as definitions
from desktop_app.services.billing_errors import wrapped
from desktop_app.services.catalog import coupon_discount
from desktop_app.services.context import Context

__all__ = ["CalculatorInput", "price_input", "quote_definition", "quote_version"]


@dataclass(frozen=True)
class CalculatorInput:
    """The calculator's question. ``usage`` holds (meter code, quantity in meter units), e.g.
    ``("call_seconds", Decimal(74040))``; the same meter twice adds up. ``one_time``: bill the one-time
    charges (the first period) or not. ``coupon_codes`` name active catalog coupons. ``top_ups``: the
    prepaid packages (充值套餐) bought in this period."""

    period_start: date
    period_end: date
    seats: int = 0
    modules: tuple[str, ...] = ()
    usage: tuple[tuple[str, Decimal], ...] = ()
    membership_tier: str = ""
    coupon_codes: tuple[str, ...] = ()
    wallet_balance: Decimal = Decimal(0)
    one_time: bool = True  # include one-time charges (first period)
    top_ups: tuple[str, ...] = ()  # top-up charge codes bought (a code twice: bought twice)


def _coupons(session: Session, codes: Sequence[str]) -> tuple[CouponRedemption, ...]:
    if not codes:
        return ()
    rows = {row.code: row for row in session.scalars(select(Coupon).where(Coupon.code.in_(set(codes)),
                                                                           Coupon.active))}
    redemptions = []
    for code in codes:
        row = rows.get(code)
        if row is None:
            raise DomainError("coupon.unknown", coupon=code)
        redemptions.append(CouponRedemption(coupon_discount(row.code, row.name, row.discount)))
    return tuple(redemptions)


def price_input(data: CalculatorInput, coupons: tuple[CouponRedemption, ...] = ()) -> PriceInput:
    """The engine's PriceInput for the calculator's question (the first period of a subscription)."""
    try:
        period = Period(data.period_start, data.period_end)
    except ValueError:
        raise ValidationFailed("calculator.period_invalid", "period_end") from None
    usage: dict[str, Decimal] = {}
    for meter, quantity in data.usage:
        usage[meter] = usage.get(meter, Decimal(0)) + quantity
    return PriceInput(period=period, seats=data.seats, modules=frozenset(data.modules), usage=usage,
                      one_time=None if data.one_time else {}, membership_tier=data.membership_tier or None,
                      coupons=coupons, wallet_balance=data.wallet_balance, top_ups=tuple(data.top_ups))


def _quote(plan: PlanVersion, data: CalculatorInput, coupons: tuple[CouponRedemption, ...]) -> Quote:
    given = price_input(data, coupons)
    try:
        return price(plan, given)
    except PriceInputInvalid as error:
        raise wrapped("plan.input_invalid", error) from None
    except PlanInvalid as error:  # pragma: no cover - the plan was validated before
        raise wrapped("plan.definition_invalid", error) from None


def quote_version(context: Context, version_id: int, data: CalculatorInput) -> Quote:
    """Price a stored version (draft, published or retired: a retired version still prices its subscriptions)."""
    context.require("products.view")
    amounts.require_shown(context, "calculator", amounts.PRICES)
    with context.unit_of_work(write=False) as uow:
        row = uow.session.get(PlanVersionRow, version_id)
        if row is None:
            raise DomainError("record.not_found")
        plan = definitions.stored_plan(row.definition)
        coupons = _coupons(uow.session, data.coupon_codes)
    return _quote(plan, data, coupons)


def quote_definition(context: Context, definition: Mapping[str, Any], data: CalculatorInput) -> Quote:
    """Price an unsaved definition from the editor (products from the catalog, as saving would take them);
    an invalid one raises ``plan.definition_invalid`` for its first problem."""
    context.require("products.view")
    amounts.require_shown(context, "calculator", amounts.PRICES)
    given = definitions.for_editor(definition)
    with context.unit_of_work(write=False) as uow:
        plan, _ = definitions.valid_definition(uow.session, given)
        coupons = _coupons(uow.session, data.coupon_codes)
    return _quote(plan, data, coupons)
