"""Pricing models on an exact quantity: per unit, graduated, volume, package, percentage.

Each function prices the billable range ``(low, high]`` of a period's usage, in billing units after the
included allowance, and returns :class:`RatedPart` values with exact ``Fraction`` amounts; the caller
rounds each part once to whole fen (one invoice line per part). ``low`` is what earlier bills of the
same period already charged (0 for a whole period), so a period split over two bills costs the same in
total as one bill: the allowance and the tiers are never counted twice.

- per unit: ``(high − low) × price``.
- graduated: each tier prices the units inside it at its own price; a tier's flat fee is charged once,
  by the bill in which usage first goes above the tier's start. The total is the sum of the tier parts.
- volume: every unit at the price of the tier the total reaches (up_to is inclusive: exactly 100
  units in a tier "0–100" stay in it), plus that tier's flat fee. A later bill of the same period
  charges the difference ``V(high) − V(low)``, which can be negative when a cheaper tier is reached.
- package: ``ceil(quantity / size)`` packages (or floor, or nearest) × the package price; a later bill
  charges the packages not yet charged.
- percentage: for each transaction ``amount × rate + fixed_fee``, held between ``min_fee`` and
  ``max_fee``; the fees are summed exactly and rounded once.

``factor`` is the membership price list's ``1 − rate_off`` (1 without a price list); it multiplies
every unit price, flat fee and percentage fee.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction

from desktop_app.billing.exact import exact
from desktop_app.billing.plan import Direction, Tier

__all__ = ["RatedPart", "graduated", "package", "package_count", "per_unit", "percentage", "volume", "volume_amount"]


@dataclass(frozen=True)
class RatedPart:
    """One priced piece of a usage charge: ``quantity`` units at ``unit_price`` (None: no single price)."""

    quantity: Fraction
    unit_price: Fraction | None
    amount: Fraction
    tier: int | None = None
    """1-based tier number for graduated and volume pricing."""
    flat_fee: bool = False
    """True for a tier's flat fee (quantity 1)."""


def _check_range(low: Fraction, high: Fraction) -> None:
    if not 0 <= low <= high:
        raise ValueError(f"billable range must satisfy 0 <= low <= high, got ({low}, {high}]")


def per_unit(price: Fraction, low: Fraction, high: Fraction) -> list[RatedPart]:
    """``(high − low) × price``; no part for an empty range."""
    _check_range(low, high)
    quantity = high - low
    return [RatedPart(quantity, price, quantity * price)] if quantity else []


def _bounds(tier: Tier) -> tuple[Fraction, Fraction | None]:
    return exact(tier.start), None if tier.up_to is None else exact(tier.up_to)


def graduated(tiers: Sequence[Tier], low: Fraction, high: Fraction, factor: Fraction = Fraction(1)) -> list[RatedPart]:
    """Each tier's share of ``(low, high]`` at the tier's own price, plus flat fees of tiers entered."""
    _check_range(low, high)
    parts: list[RatedPart] = []
    for number, tier in enumerate(tiers, start=1):
        start, up_to = _bounds(tier)
        inside = (high if up_to is None else min(high, up_to)) - max(low, start)
        price = exact(tier.unit_price) * factor
        if inside > 0:
            parts.append(RatedPart(inside, price, inside * price, tier=number))
        if tier.flat_fee and low <= start < high:
            fee = exact(tier.flat_fee) * factor
            parts.append(RatedPart(Fraction(1), fee, fee, tier=number, flat_fee=True))
    return parts


def _volume_tier(tiers: Sequence[Tier], quantity: Fraction) -> tuple[int, Tier]:
    for number, tier in enumerate(tiers, start=1):
        if tier.up_to is None or quantity <= exact(tier.up_to):
            return number, tier
    raise ValueError("the last tier must be open-ended")


def volume_amount(tiers: Sequence[Tier], quantity: Fraction, factor: Fraction = Fraction(1)) -> Fraction:
    """All ``quantity`` units at the price of the tier reached, plus its flat fee (0 for no usage)."""
    if quantity <= 0:
        return Fraction(0)
    _, tier = _volume_tier(tiers, quantity)
    return (quantity * exact(tier.unit_price) + exact(tier.flat_fee)) * factor


def volume(tiers: Sequence[Tier], low: Fraction, high: Fraction, factor: Fraction = Fraction(1)) -> list[RatedPart]:
    """Volume pricing of ``(low, high]``: ``V(high) − V(low)``, shown as the reached tier's units and flat fee."""
    _check_range(low, high)
    if high == low:
        return []
    number, tier = _volume_tier(tiers, high)
    price = exact(tier.unit_price) * factor
    fee = exact(tier.flat_fee) * factor
    if low == 0:
        parts = [RatedPart(high, price, high * price, tier=number)]
        if fee:
            parts.append(RatedPart(Fraction(1), fee, fee, tier=number, flat_fee=True))
        return parts
    amount = volume_amount(tiers, high, factor) - volume_amount(tiers, low, factor)
    same_tier = _volume_tier(tiers, low)[0] == number
    return [RatedPart(high - low, price if same_tier else None, amount, tier=number)]


def package_count(quantity: Fraction, size: Fraction, rounding: Direction) -> int:
    """Packages of ``size`` units needed for ``quantity``: 250 units in packages of 100 → 3 up, 2 down."""
    blocks = quantity / size
    if rounding is Direction.UP:
        return math.ceil(blocks)
    if rounding is Direction.DOWN:
        return math.floor(blocks)
    return math.floor(blocks + Fraction(1, 2))


def package(
    price: Fraction, size: Fraction, rounding: Direction, low: Fraction, high: Fraction
) -> list[RatedPart]:
    """Packages for ``high`` minus those already charged for ``low``, at ``price`` per package."""
    _check_range(low, high)
    count = package_count(high, size, rounding) - package_count(low, size, rounding)
    return [RatedPart(Fraction(count), price, count * price)] if count else []


def percentage(
    amounts: Sequence[Fraction],
    rate: Fraction,
    fixed_fee: Fraction | None = None,
    min_fee: Fraction | None = None,
    max_fee: Fraction | None = None,
    factor: Fraction = Fraction(1),
) -> list[RatedPart]:
    """Per transaction ``amount × rate + fixed_fee`` held in ``[min_fee, max_fee]``; one part, the exact sum.

    The part's quantity is the sum of the transaction amounts (the base); it has no single unit price.
    """
    total = Fraction(0)
    for amount in amounts:
        fee = amount * rate + (fixed_fee or 0)
        if min_fee is not None:
            fee = max(fee, min_fee)
        if max_fee is not None:
            fee = min(fee, max_fee)
        total += fee
    return [RatedPart(sum(amounts, Fraction(0)), None, total * factor)] if amounts else []
