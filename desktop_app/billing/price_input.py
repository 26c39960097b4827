"""What the calculator is asked: the period, seats, modules, usage, membership tier, coupons, balances.

A plain frozen dataclass; the constructor refuses wrong types (``float`` → TypeError) and makes the
collections immutable. Whether the values fit the plan (a known module, a record inside the period) is
checked by ``billing.pricing.price``, which raises ``PriceInputInvalid`` with the field's path.
"""

from __future__ import annotations

import types
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from desktop_app.billing.discounts import CouponRedemption
from desktop_app.billing.exact import require_decimal
from desktop_app.billing.money import RoundingMode
from desktop_app.billing.periods import COMPANY_TIME_ZONE, Period, ProrationConvention
from desktop_app.billing.typecheck import check_types
from desktop_app.billing.usage import UsageRecord

__all__ = ["PriceInput", "PricingSettings", "UsageInput"]

UsageInput = Decimal | tuple[UsageRecord, ...]
"""A meter's usage: an aggregated quantity in meter units, or the raw records."""


@dataclass(frozen=True)
class PricingSettings:
    """Named settings: the rounding mode (四舍五入 by default), the proration convention, the time zone."""

    rounding: RoundingMode = RoundingMode.HALF_UP
    proration: ProrationConvention = ProrationConvention.ACTUAL_DAYS
    time_zone: str = COMPANY_TIME_ZONE

    def __post_init__(self) -> None:
        check_types(self)


def _frozen_mapping(value: object, what: str) -> Mapping[str, object]:
    if not isinstance(value, Mapping):
        raise TypeError(f"{what} must be a mapping, not {type(value).__name__}")
    for key in value:
        if not isinstance(key, str):
            raise TypeError(f"{what} keys must be str, not {type(key).__name__}: {key!r}")
    return types.MappingProxyType(dict(value))


def _quantity(value: object, what: str) -> Decimal:
    if isinstance(value, int) and not isinstance(value, bool):
        return Decimal(value)
    return require_decimal(value, what)


@dataclass(frozen=True)
class PriceInput:
    """The calculator's question: "what does this plan cost for 1,234 minutes, 25 seats, tier 金卡, coupon X?".

    - ``period``: the billing period ``[start, end)``; recurring charges are billed in advance for the
      period of their own cycle that contains ``period.start``, counted from ``anchor`` (default:
      ``period.start``; pass the subscription's anchor, e.g. 31 January, for month-end anchoring).
    - ``service_from`` / ``service_to``: prorate the recurring charges and the minimum commitment
      (mid-period start, plan change: the change day belongs to the new plan, cancellation).
    - ``usage_period``: the period the usage belongs to (billed in arrears; default ``period``);
      ``usage_service_from`` / ``usage_service_to``: the served part of it, which prorates the minimum
      commitment (default: ``service_from`` / ``service_to`` when there is no separate usage period).
    - ``usage``: per meter code, an aggregated quantity in meter units or the raw records;
      ``prior_usage``: per usage charge code, billing units already billed earlier in the same usage
      period (so the allowance and the tiers are not counted twice).
    - ``modules``: module and bundle codes switched on. ``one_time``: one-time charge code → quantity
      (None: each one-time charge once in the first period, ``period_index`` 0). ``top_ups``: top-up
      charge codes bought (repeat a code to buy it twice).
    - ``membership_tier``: selects the plan's price list (会员级别); unknown tiers pay list prices.
    - ``coupons``: coupons the customer holds; ``period_index``: how many periods were billed before
      this one (for the plan's own time-limited discounts).
    - ``credit_balance``: open credit-note credit; ``wallet_balance``: usable prepaid wallet balance.
    - ``only``: bill only these charge codes (a seat change mid-period, a yearly fee on its own);
      the minimum commitment is then left out unless ``only`` names it (``quote.COMMITMENT_CODE``).
    """

    period: Period
    anchor: date | None = None
    service_from: date | None = None
    service_to: date | None = None
    usage_period: Period | None = None
    usage_service_from: date | None = None
    usage_service_to: date | None = None
    seats: int = 0
    modules: frozenset[str] = frozenset()
    usage: Mapping[str, UsageInput] = field(default_factory=dict)
    prior_usage: Mapping[str, Decimal] = field(default_factory=dict)
    one_time: Mapping[str, Decimal] | None = None
    top_ups: tuple[str, ...] = ()
    membership_tier: str | None = None
    coupons: tuple[CouponRedemption, ...] = ()
    period_index: int = 0
    credit_balance: Decimal = Decimal(0)
    wallet_balance: Decimal = Decimal(0)
    only: frozenset[str] | None = None
    settings: PricingSettings = field(default_factory=PricingSettings)

    def __post_init__(self) -> None:
        setter = object.__setattr__
        setter(self, "modules", self._codes(self.modules, "modules"))
        if self.only is not None:
            setter(self, "only", self._codes(self.only, "only"))
        usage: dict[str, UsageInput] = {}
        for meter, value in _frozen_mapping(self.usage, "usage").items():
            if not isinstance(value, Decimal) and isinstance(value, Sequence) and not isinstance(value, str):
                records = tuple(value)
                for record in records:
                    if not isinstance(record, UsageRecord):
                        raise TypeError(f"usage[{meter}] must hold UsageRecord values, not {type(record).__name__}")
                usage[meter] = records
            else:
                usage[meter] = _quantity(value, f"usage[{meter}]")
        setter(self, "usage", types.MappingProxyType(usage))
        prior = {key: _quantity(value, f"prior_usage[{key}]")
                 for key, value in _frozen_mapping(self.prior_usage, "prior_usage").items()}
        setter(self, "prior_usage", types.MappingProxyType(prior))
        if self.one_time is not None:
            one_time = {key: _quantity(value, f"one_time[{key}]")
                        for key, value in _frozen_mapping(self.one_time, "one_time").items()}
            setter(self, "one_time", types.MappingProxyType(one_time))
        if isinstance(self.top_ups, list):
            setter(self, "top_ups", tuple(self.top_ups))
        if isinstance(self.coupons, list):
            setter(self, "coupons", tuple(self.coupons))
        _check_fields(self)

    @staticmethod
    def _codes(value: Iterable[str], what: str) -> frozenset[str]:
        if isinstance(value, str):
            raise TypeError(f"{what} must be a collection of codes, not a single str")
        codes = frozenset(value)
        for code in codes:
            if not isinstance(code, str):
                raise TypeError(f"{what} must hold str codes, not {type(code).__name__}")
        return codes

    @property
    def effective_anchor(self) -> date:
        return self.period.start if self.anchor is None else self.anchor

    @property
    def effective_usage_period(self) -> Period:
        return self.period if self.usage_period is None else self.usage_period

    @property
    def usage_service(self) -> tuple[date | None, date | None]:
        """The served part of the usage period (None: from its start / to its end)."""
        if self.usage_period is None:
            return self.service_from, self.service_to
        return self.usage_service_from, self.usage_service_to


_PLAIN_FIELDS: tuple[tuple[str, tuple[type, ...]], ...] = (
    ("period", (Period,)),
    ("anchor", (date, type(None))),
    ("service_from", (date, type(None))),
    ("service_to", (date, type(None))),
    ("usage_period", (Period, type(None))),
    ("usage_service_from", (date, type(None))),
    ("usage_service_to", (date, type(None))),
    ("membership_tier", (str, type(None))),
    ("settings", (PricingSettings,)),
)


def _check_fields(value: PriceInput) -> None:
    """Type checks of the plain fields (the mappings were checked while copying them)."""
    for name, kinds in _PLAIN_FIELDS:
        field_value = getattr(value, name)
        if isinstance(field_value, datetime) or not isinstance(field_value, kinds):
            raise TypeError(f"PriceInput.{name} must be one of {kinds}, not {type(field_value).__name__}")
    for name in ("seats", "period_index"):
        number = getattr(value, name)
        if isinstance(number, bool) or not isinstance(number, int):
            raise TypeError(f"PriceInput.{name} must be an int, not {type(number).__name__}")
    require_decimal(value.credit_balance, "credit_balance")
    require_decimal(value.wallet_balance, "wallet_balance")
    if not isinstance(value.top_ups, tuple) or not all(isinstance(code, str) for code in value.top_ups):
        raise TypeError("PriceInput.top_ups must be a tuple of str codes")
    if not isinstance(value.coupons, tuple) or not all(isinstance(c, CouponRedemption) for c in value.coupons):
        raise TypeError("PriceInput.coupons must be a tuple of CouponRedemption")
