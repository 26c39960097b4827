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

Exact integer core: the calculator rates every subscription, and ``Fraction`` arithmetic (a gcd and an
object per operation) was most of its time. So each model is computed on integers: the quantities of one
rating (``low``, ``high``, the tier bounds) as whole multiples of ``1/scale``, ``scale`` being a common
multiple of their denominators, so that ``min``, ``max``, ``−`` and ``<`` are integer operations; prices
and amounts as integer ratios ``(numerator, denominator)`` (``Ratio``, not reduced). Nothing is rounded
or approximated, so every value equals the one Fraction arithmetic gives, and the public functions below
are thin wrappers that convert their Fractions in and the results back (``ExactPart.to_part``).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import NamedTuple

from desktop_app.billing.plan import Direction, Tier

__all__ = [
    "ExactPart",
    "ExactTier",
    "RatedPart",
    "Ratio",
    "check_units",
    "exact_tiers",
    "graduated",
    "graduated_exact",
    "package",
    "package_count",
    "package_exact",
    "per_unit",
    "per_unit_exact",
    "percentage",
    "volume",
    "volume_amount",
    "volume_exact",
]

Ratio = tuple[int, int]
"""An exact rational ``(numerator, denominator)``, denominator > 0, not necessarily in lowest terms."""
_ONE: Ratio = (1, 1)


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


class ExactPart(NamedTuple):
    """A :class:`RatedPart` in integer ratios."""

    quantity: Ratio
    unit_price: Ratio | None
    amount: Ratio
    tier: int | None = None
    flat_fee: bool = False

    def to_part(self) -> RatedPart:
        price = self.unit_price
        return RatedPart(Fraction(*self.quantity), None if price is None else Fraction(*price), Fraction(*self.amount),
                         self.tier, self.flat_fee)


class ExactTier(NamedTuple):
    """A :class:`Tier` in integer ratios."""

    start: Ratio
    up_to: Ratio | None
    unit_price: Ratio
    flat_fee: Ratio


def exact_tiers(tiers: Sequence[Tier]) -> tuple[tuple[ExactTier, ...], int]:
    """The tier table as ratios, and the least common multiple of its bounds' denominators."""
    table = tuple(ExactTier(tier.start.as_integer_ratio(),
                            None if tier.up_to is None else tier.up_to.as_integer_ratio(),
                            tier.unit_price.as_integer_ratio(), tier.flat_fee.as_integer_ratio()) for tier in tiers)
    bounds = [tier.start[1] for tier in table] + [tier.up_to[1] for tier in table if tier.up_to is not None]
    return table, math.lcm(*bounds)


def _times(value: Ratio, factor: Ratio) -> Ratio:
    return value[0] * factor[0], value[1] * factor[1]


def _units(value: Ratio, scale: int) -> int:
    """``value × scale`` for a ``scale`` that is a multiple of the value's denominator."""
    return value[0] * (scale // value[1])


def _scaled(values: Sequence[Fraction], extra: int = 1) -> tuple[list[int], int]:
    """Fractions as whole multiples of ``1/scale``, and that scale (also a multiple of ``extra``)."""
    scale = math.lcm(extra, *(value.denominator for value in values))
    return [value.numerator * (scale // value.denominator) for value in values], scale


def _check_range(low: Fraction, high: Fraction) -> None:
    if not 0 <= low <= high:
        raise ValueError(f"billable range must satisfy 0 <= low <= high, got ({low}, {high}]")


def check_units(low: int, high: int, scale: int) -> None:
    """:func:`_check_range` for quantities in units of ``1/scale`` (the same message)."""
    if not 0 <= low <= high:
        _check_range(Fraction(low, scale), Fraction(high, scale))


# -- the integer core: low and high in units of 1/scale ---------------------------------------------


def per_unit_exact(price: Ratio, low: int, high: int, scale: int) -> list[ExactPart]:
    """``(high − low) × price``; no part for an empty range."""
    units = high - low
    return [ExactPart((units, scale), price, (units * price[0], scale * price[1]))] if units else []


def graduated_exact(table: Sequence[ExactTier], low: int, high: int, scale: int, factor: Ratio = _ONE
                    ) -> list[ExactPart]:
    """Each tier's share of ``(low, high]`` at the tier's own price, plus flat fees of tiers entered."""
    parts: list[ExactPart] = []
    for number, tier in enumerate(table, start=1):
        start = _units(tier.start, scale)
        inside = (high if tier.up_to is None else min(high, _units(tier.up_to, scale))) - max(low, start)
        price = _times(tier.unit_price, factor)
        if inside > 0:
            parts.append(ExactPart((inside, scale), price, (inside * price[0], scale * price[1]), number))
        if tier.flat_fee[0] and low <= start < high:
            fee = _times(tier.flat_fee, factor)
            parts.append(ExactPart(_ONE, fee, fee, number, True))
    return parts


def _volume_tier(table: Sequence[ExactTier], units: int, scale: int) -> tuple[int, ExactTier]:
    for number, tier in enumerate(table, start=1):
        if tier.up_to is None or units <= _units(tier.up_to, scale):
            return number, tier
    raise ValueError("the last tier must be open-ended")


def _volume_amount(table: Sequence[ExactTier], units: int, scale: int, factor: Ratio) -> Ratio:
    """``(units/scale × unit price + flat fee) × factor`` of the tier reached; 0 for no usage."""
    if units <= 0:
        return 0, 1
    _, tier = _volume_tier(table, units, scale)
    (price, price_of), (fee, fee_of) = tier.unit_price, tier.flat_fee
    return (units * price * fee_of + fee * scale * price_of) * factor[0], scale * price_of * fee_of * factor[1]


def volume_exact(table: Sequence[ExactTier], low: int, high: int, scale: int, factor: Ratio = _ONE
                 ) -> list[ExactPart]:
    """Volume pricing of ``(low, high]``: ``V(high) − V(low)``, shown as the reached tier's units and flat fee."""
    if high == low:
        return []
    number, tier = _volume_tier(table, high, scale)
    price, fee = _times(tier.unit_price, factor), _times(tier.flat_fee, factor)
    if low == 0:
        parts = [ExactPart((high, scale), price, (high * price[0], scale * price[1]), number)]
        if fee[0]:
            parts.append(ExactPart(_ONE, fee, fee, number, True))
        return parts
    (above, above_of), (below, below_of) = (_volume_amount(table, high, scale, factor),
                                            _volume_amount(table, low, scale, factor))
    same_tier = _volume_tier(table, low, scale)[0] == number
    return [ExactPart((high - low, scale), price if same_tier else None,
                      (above * below_of - below * above_of, above_of * below_of), number)]


def _blocks(numerator: int, denominator: int, rounding: Direction) -> int:
    """``numerator / denominator`` (denominator > 0) to a whole number of packages: up, down or nearest."""
    if rounding is Direction.UP:
        return -(-numerator // denominator)
    if rounding is Direction.DOWN:
        return numerator // denominator
    return (2 * numerator + denominator) // (2 * denominator)


def package_exact(price: Ratio, size: Ratio, rounding: Direction, low: int, high: int, scale: int
                  ) -> list[ExactPart]:
    """Packages for ``high`` minus those already charged for ``low``, at ``price`` per package."""
    size_numerator, size_denominator = size
    if size_numerator > 0:  # blocks = units / scale / size
        count = (_blocks(high * size_denominator, scale * size_numerator, rounding)
                 - _blocks(low * size_denominator, scale * size_numerator, rounding))
    else:  # not a valid plan: whatever Fraction arithmetic does (ZeroDivisionError for 0)
        exact_size = Fraction(*size)
        count = (package_count(Fraction(high, scale), exact_size, rounding)
                 - package_count(Fraction(low, scale), exact_size, rounding))
    return [ExactPart((count, 1), price, (count * price[0], price[1]))] if count else []


# -- the Fraction functions -----------------------------------------------------------------------


def per_unit(price: Fraction, low: Fraction, high: Fraction) -> list[RatedPart]:
    """``(high − low) × price``; no part for an empty range."""
    _check_range(low, high)
    (low_units, high_units), scale = _scaled([low, high])
    ratio = (price.numerator, price.denominator)
    return [part.to_part() for part in per_unit_exact(ratio, low_units, high_units, scale)]


def graduated(tiers: Sequence[Tier], low: Fraction, high: Fraction, factor: Fraction = Fraction(1)) -> list[RatedPart]:
    """Each tier's share of ``(low, high]`` at the tier's own price, plus flat fees of tiers entered."""
    _check_range(low, high)
    table, bounds = exact_tiers(tiers)
    (low_units, high_units), scale = _scaled([low, high], bounds)
    ratio = (factor.numerator, factor.denominator)
    return [part.to_part() for part in graduated_exact(table, low_units, high_units, scale, ratio)]


def volume_amount(tiers: Sequence[Tier], quantity: Fraction, factor: Fraction = Fraction(1)) -> Fraction:
    """All ``quantity`` units at the price of the tier reached, plus its flat fee (0 for no usage)."""
    if quantity <= 0:
        return Fraction(0)
    table, bounds = exact_tiers(tiers)
    (units,), scale = _scaled([quantity], bounds)
    return Fraction(*_volume_amount(table, units, scale, (factor.numerator, factor.denominator)))


def volume(tiers: Sequence[Tier], low: Fraction, high: Fraction, factor: Fraction = Fraction(1)) -> list[RatedPart]:
    """Volume pricing of ``(low, high]``: ``V(high) − V(low)``, shown as the reached tier's units and flat fee."""
    _check_range(low, high)
    table, bounds = exact_tiers(tiers)
    (low_units, high_units), scale = _scaled([low, high], bounds)
    ratio = (factor.numerator, factor.denominator)
    return [part.to_part() for part in volume_exact(table, low_units, high_units, scale, ratio)]


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
    (low_units, high_units), scale = _scaled([low, high])
    parts = package_exact((price.numerator, price.denominator), (size.numerator, size.denominator), rounding,
                          low_units, high_units, scale)
    return [part.to_part() for part in parts]


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
