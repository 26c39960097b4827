"""Usage: records, per-record quantity rounding, aggregation, and rating one usage charge.

Order (design/money-rules.md, "Rounding"): each record's quantity is rounded by the charge's rule first
(a 61 s call → 120 s with 60 s increments: 不足1分钟按1分钟), then the records of the period are
aggregated (sum, max, count of unique ids, last value), divided by the unit size (60 s per 分钟),
reduced by the included allowance, and priced once. 1,000 records × 0.005 元 are one line of 5.00 元.

A period billed in parts (a mid-period plan change, an interim bill) passes what earlier parts already
counted as ``prior``; the allowance is consumed once and tiers continue where they stopped.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from fractions import Fraction
from typing import NamedTuple

from desktop_app.billing.exact import exact, exact_ratio, require_decimal
from desktop_app.billing.identity_cache import IdentityCache
from desktop_app.billing.plan import Aggregation, Direction, PricingModel, RecordRounding, UsageCharge
from desktop_app.billing.tiers import (
    ExactPart,
    ExactTier,
    RatedPart,
    Ratio,
    check_units,
    exact_tiers,
    graduated_exact,
    package_exact,
    per_unit_exact,
    percentage,
    volume_exact,
)
from desktop_app.billing.typecheck import check_types

__all__ = [
    "MICRO",
    "ExactUsage",
    "RatedUsage",
    "UsageRecord",
    "aggregate",
    "aggregate_micro",
    "rate_usage",
    "rate_usage_exact",
    "round_record",
]

MICRO = 1_000_000
"""Stored usage quantities are integer millionths of the meter's unit."""


@dataclass(frozen=True)
class UsageRecord:
    """One metered event: a call of ``quantity`` seconds, an SMS (1), a transaction of ``quantity`` yuan.

    ``at`` is an aware datetime (None: taken to be inside the usage period); ``unique_id`` identifies
    the counted thing for the ``unique_count`` aggregation (a user id, a device id).
    """

    quantity: Decimal
    at: datetime | None = None
    unique_id: str | None = None

    def __post_init__(self) -> None:
        check_types(self)


def round_record(quantity: Decimal, rounding: RecordRounding | None) -> Decimal:
    """``quantity`` rounded to a multiple of the increment: 61 s → 120 s (60 s, up), 61 s → 66 s (6 s, up)."""
    require_decimal(quantity, "quantity")
    if rounding is None:
        return quantity
    steps = exact(quantity) / exact(rounding.increment)
    if rounding.direction is Direction.UP:
        count = math.ceil(steps)
    elif rounding.direction is Direction.DOWN:
        count = math.floor(steps)
    else:
        count = math.floor(steps + Fraction(1, 2))
    return count * rounding.increment


def aggregate(
    records: Sequence[UsageRecord], aggregation: Aggregation, rounding: RecordRounding | None = None
) -> Decimal:
    """One quantity for the period from ``records`` (each rounded first); 0 without records.

    ``last`` takes the record with the latest ``at`` (the later one in the list on a tie, or when a
    record has no ``at``). ``unique_count`` counts distinct ``unique_id`` values (ValueError if one is
    missing).
    """
    if not records:
        return Decimal(0)
    if aggregation is Aggregation.UNIQUE_COUNT:
        if any(record.unique_id is None for record in records):
            raise ValueError("unique_count needs every record's unique_id")
        return Decimal(len({record.unique_id for record in records}))
    quantities = [round_record(record.quantity, rounding) for record in records]
    if aggregation is Aggregation.SUM:
        return sum(quantities, Decimal(0))
    if aggregation is Aggregation.MAX:
        return max(quantities)
    if all(record.at is not None for record in records):
        latest = max(range(len(records)), key=lambda index: (records[index].at, index))
        return quantities[latest]
    return quantities[-1]


def aggregate_micro(quantities: Sequence[int], aggregation: Aggregation, rounding: RecordRounding | None = None
                    ) -> Decimal:
    """``aggregate`` for stored quantities (integer millionths of a unit; sum or max), in whole-integer
    arithmetic: the bill run's fast path over a million records. Same result as ``aggregate`` on the
    same records (``tests/unit/test_pricing_models.py`` checks it)."""
    if aggregation not in (Aggregation.SUM, Aggregation.MAX):
        raise ValueError(f"aggregate_micro handles sum and max, not {aggregation}")
    if not quantities:
        return Decimal(0)
    rounded: Sequence[int] = quantities
    if rounding is not None:
        step = exact(rounding.increment) * MICRO
        if step.denominator != 1:
            raise ValueError(f"increment {rounding.increment} is finer than a millionth")
        size = step.numerator
        if rounding.direction is Direction.UP:
            rounded = [-(-quantity // size) * size for quantity in quantities]
        elif rounding.direction is Direction.DOWN:
            rounded = [quantity // size * size for quantity in quantities]
        else:
            rounded = [(2 * quantity + size) // (2 * size) * size for quantity in quantities]
    total = sum(rounded) if aggregation is Aggregation.SUM else max(rounded)
    return Decimal(total).scaleb(-6)


@dataclass(frozen=True)
class RatedUsage:
    """A usage charge for one (part of a) period: the parts to bill and what they consumed.

    ``quantity`` is this part's aggregated usage in billing units (after the unit size), ``included``
    the allowance it consumed, ``billable`` the rest (``quantity − included``).
    """

    quantity: Fraction
    included: Fraction
    billable: Fraction
    parts: tuple[RatedPart, ...]


class ExactUsage(NamedTuple):
    """:class:`RatedUsage` in integer ratios (``billing.tiers``), as the calculator consumes it."""

    quantity: Ratio
    included: Ratio
    billable: Ratio
    parts: tuple[ExactPart, ...]

    def to_rated(self) -> RatedUsage:
        return RatedUsage(Fraction(*self.quantity), Fraction(*self.included), Fraction(*self.billable),
                          tuple(part.to_part() for part in self.parts))


class _ChargeRatios(NamedTuple):
    """A usage charge's constants as exact ratios, worked out once per charge object."""

    unit_size: Ratio
    included: Ratio
    unit_price: Ratio
    tiers: tuple[ExactTier, ...]
    bounds: int
    """The least common multiple of the tier bounds' denominators (1 without tiers)."""


def _charge_ratios(charge: UsageCharge) -> _ChargeRatios:
    tiers, bounds = exact_tiers(charge.tiers)
    return _ChargeRatios(exact_ratio(charge.unit_size), exact_ratio(charge.included),
                         exact_ratio(charge.unit_price or Decimal(0)), tiers, bounds)


_charge_constants: IdentityCache[UsageCharge, _ChargeRatios] = IdentityCache(_charge_ratios)


def rate_usage(
    charge: UsageCharge,
    usage: Decimal | Sequence[UsageRecord],
    prior: Decimal = Decimal(0),
    *,
    factor: Fraction = Fraction(1),
    unit_price: Decimal | None = None,
) -> RatedUsage:
    """Price ``usage`` (records, or an already aggregated quantity in meter units) for ``charge``.

    ``prior`` is the quantity in billing units that earlier bills of the same period already counted.
    ``factor`` (``1 − rate_off``) or ``unit_price`` (an override) come from a membership price list.
    Percentage pricing reads each record's quantity as a transaction amount in yuan; with a fixed,
    minimum or maximum fee per transaction it needs the records (ValueError for a bare total).
    """
    ratio = (factor.numerator, factor.denominator)
    return rate_usage_exact(charge, usage, prior, factor=ratio, unit_price=unit_price).to_rated()


def rate_usage_exact(
    charge: UsageCharge,
    usage: Decimal | Sequence[UsageRecord],
    prior: Decimal = Decimal(0),
    *,
    factor: Ratio = (1, 1),
    unit_price: Decimal | None = None,
) -> ExactUsage:
    """:func:`rate_usage` in integer ratios (the calculator's path; the same values, see ``billing.tiers``).

    The usage in billing units, the allowance, the prior usage and the tier bounds become whole multiples
    of ``1/scale`` (``scale`` the least common multiple of their denominators), so the allowance and the
    tiers are applied with integer ``max``, ``min`` and ``−``.
    """
    require_decimal(prior, "prior")
    records: Sequence[UsageRecord] | None = None
    if isinstance(usage, Decimal):
        require_decimal(usage, "usage")
        raw = usage.as_integer_ratio()
    else:
        if not isinstance(usage, Sequence) or not all(isinstance(record, UsageRecord) for record in usage):
            raise TypeError(f"usage must be a Decimal or a sequence of UsageRecord, not {type(usage).__name__}")
        records = usage
        raw = aggregate(records, charge.aggregation, charge.record_rounding).as_integer_ratio()
    if charge.model is PricingModel.PERCENTAGE:
        return _exact(_rate_percentage(charge, Fraction(*raw), records, Fraction(*factor)))
    constants = _charge_constants(charge)
    size, size_of = constants.unit_size
    if size > 0:
        quantity, quantity_of = raw[0] * size_of, raw[1] * size  # raw / unit_size
    else:  # no valid plan has this: divide as before (ZeroDivisionError for 0, a negative quantity below)
        divided = Fraction(*raw) / exact(charge.unit_size)
        quantity, quantity_of = divided.numerator, divided.denominator
    done, done_of = prior.as_integer_ratio()
    allowance, allowance_of = constants.included
    scale = math.lcm(quantity_of, done_of, allowance_of, constants.bounds)
    quantity, done = quantity * (scale // quantity_of), done * (scale // done_of)
    allowance *= scale // allowance_of
    low = max(0, done - allowance)
    high = max(0, done + quantity - allowance)
    price = constants.unit_price if unit_price is None else exact_ratio(unit_price)
    price = (price[0] * factor[0], price[1] * factor[1])
    check_units(low, high, scale)  # ValueError for a negative usage (the input checks refuse it first)
    if charge.model is PricingModel.PER_UNIT:
        parts = per_unit_exact(price, low, high, scale)
    elif charge.model is PricingModel.GRADUATED:
        parts = graduated_exact(constants.tiers, low, high, scale, factor)
    elif charge.model is PricingModel.VOLUME:
        parts = volume_exact(constants.tiers, low, high, scale, factor)
    else:
        assert charge.package_size is not None
        parts = package_exact(price, charge.package_size.as_integer_ratio(), charge.package_rounding, low, high, scale)
    return ExactUsage((quantity, scale), (quantity - (high - low), scale), (high - low, scale), tuple(parts))


def _exact(rated: RatedUsage) -> ExactUsage:
    def ratio(value: Fraction) -> Ratio:
        return value.numerator, value.denominator

    parts = tuple(ExactPart(ratio(part.quantity), None if part.unit_price is None else ratio(part.unit_price),
                            ratio(part.amount), part.tier, part.flat_fee) for part in rated.parts)
    return ExactUsage(ratio(rated.quantity), ratio(rated.included), ratio(rated.billable), parts)


def _rate_percentage(
    charge: UsageCharge, total: Fraction, records: Sequence[UsageRecord] | None, factor: Fraction
) -> RatedUsage:
    """Percentage of the transaction amounts; the quantity is the amount the rate applies to."""
    rate = exact(charge.rate) if charge.rate is not None else Fraction(0)
    fees = (charge.fixed_fee, charge.min_fee, charge.max_fee)
    if records is None:
        if total and any(fee is not None for fee in fees):
            raise ValueError("percentage with a per-transaction fee needs the records, not a total")
        parts = [RatedPart(total, None, total * rate * factor)] if total else []
    else:
        fixed, low_fee, high_fee = (None if fee is None else exact(fee) for fee in fees)
        parts = percentage([exact(record.quantity) for record in records], rate, fixed, low_fee, high_fee, factor)
    return RatedUsage(total, Fraction(0), total, tuple(parts))
