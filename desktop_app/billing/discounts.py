"""Discounts, coupons and membership-tier price lists.

Rules (design/money-rules.md, "Deduction order"): a tier price list changes the price first; then
discounts and coupons reduce line amounts before tax; a discount never takes a line (so never a total)
below zero.

- A :class:`Discount` is a percentage (``value`` a fraction: ``Decimal("0.2")`` is 20 % off) or a fixed
  amount in the plan's price basis (gross for a tax-inclusive plan, net otherwise). Its duration is
  ``once`` (the first period), ``repeating`` (``periods`` periods) or ``forever``. ``charges`` limits it
  to those charge codes; empty means every discountable charge (not top-ups, not commitment top-up lines).
- A plan's own discounts count periods from the subscription's first period; a coupon
  (:class:`CouponRedemption`) counts the periods it has already been applied.
- Each discount gives one discount line per discounted line (same tax rate, negative amount), as a
  Chinese VAT invoice's 折扣行 does. A percentage discount is rounded per line; a fixed one is split
  across the eligible lines in proportion to their amounts, in whole fen (largest remainder), and is
  capped at their sum. An unused part of a fixed discount is not carried over.
- A :class:`PriceList` belongs to a membership tier (会员级别, e.g. 金卡) and holds, per charge, either an
  override unit price or a ``rate_off`` (``Decimal("0.1")`` = 10 % off every unit price and flat fee).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from desktop_app.billing.exact import exact, exact_ratio, fen_from_ratio
from desktop_app.billing.money import RoundingMode, from_fen, to_fen
from desktop_app.billing.typecheck import check_types

__all__ = [
    "CouponRedemption",
    "Discount",
    "DiscountDuration",
    "DiscountKind",
    "PriceList",
    "PriceListEntry",
    "allocate_fen",
    "discount_shares",
]


class DiscountKind(enum.StrEnum):
    PERCENTAGE = "percentage"
    FIXED = "fixed"


class DiscountDuration(enum.StrEnum):
    ONCE = "once"
    REPEATING = "repeating"
    FOREVER = "forever"


@dataclass(frozen=True)
class Discount:
    """A discount or coupon: percentage (fraction) or fixed amount, for once / N periods / forever."""

    code: str
    name: str
    kind: DiscountKind
    value: Decimal
    duration: DiscountDuration = DiscountDuration.FOREVER
    periods: int | None = None
    charges: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        check_types(self)

    def applies_after(self, periods_applied: int) -> bool:
        """Whether the discount still applies when it has already been applied ``periods_applied`` times."""
        if self.duration is DiscountDuration.FOREVER:
            return True
        if self.duration is DiscountDuration.ONCE:
            return periods_applied == 0
        return periods_applied < (self.periods or 0)

    def covers(self, charge_code: str) -> bool:
        """Whether the discount is limited to nothing or includes ``charge_code``."""
        return not self.charges or charge_code in self.charges


@dataclass(frozen=True)
class CouponRedemption:
    """A coupon a customer holds, with the number of billing periods it has already been applied."""

    discount: Discount
    periods_applied: int = 0

    def __post_init__(self) -> None:
        check_types(self)
        if self.periods_applied < 0:
            raise ValueError(f"periods_applied must be >= 0, got {self.periods_applied}")


@dataclass(frozen=True)
class PriceListEntry:
    """For one charge: an override unit price, or a rate off every unit price and flat fee (not both)."""

    charge: str
    unit_price: Decimal | None = None
    rate_off: Decimal | None = None

    def __post_init__(self) -> None:
        check_types(self)

    def factor(self) -> Fraction:
        """What the list price is multiplied by: ``1 − rate_off`` (1 for an override entry)."""
        return 1 - exact(self.rate_off) if self.rate_off is not None else Fraction(1)


@dataclass(frozen=True)
class PriceList:
    """The prices of one membership tier (会员级别), per charge code."""

    tier: str
    entries: tuple[PriceListEntry, ...] = ()

    def __post_init__(self) -> None:
        check_types(self)

    def entry_for(self, charge_code: str) -> PriceListEntry | None:
        return next((entry for entry in self.entries if entry.charge == charge_code), None)


def allocate_fen(total_fen: int, bases_fen: list[int]) -> list[int]:
    """Split ``total_fen`` across ``bases_fen`` in proportion, in whole fen, never above a base.

    ``total_fen`` is first capped at the sum of the (non-negative) bases. Largest remainder; ties go to
    the earlier base. ``allocate_fen(1000, [3000, 1000])`` → ``[750, 250]``; ``allocate_fen(100, [1, 1, 1])``
    → ``[1, 1, 1]``.
    """
    if any(base < 0 for base in bases_fen) or total_fen < 0:
        raise ValueError("allocate_fen takes non-negative amounts")
    whole = sum(bases_fen)
    total_fen = min(total_fen, whole)
    if whole == 0:
        return [0 for _ in bases_fen]
    shares = [total_fen * base // whole for base in bases_fen]
    left = total_fen - sum(shares)
    if left:  # (nothing left over when the split is exact: no remainders to rank)
        remainders = [total_fen * base % whole for base in bases_fen]
        order = sorted(range(len(bases_fen)), key=lambda index: (-remainders[index], index))
        for index in order[:left]:
            shares[index] += 1
    return shares


def discount_shares(
    discount: Discount, bases: list[Decimal], mode: RoundingMode = RoundingMode.HALF_UP
) -> list[Decimal]:
    """The amount ``discount`` takes off each of ``bases`` (eligible line amounts, whole fen, >= 0).

    Percentage: each base × value, rounded per line. Fixed: the value split in proportion
    (:func:`allocate_fen`). Never more than a base, so never below zero.
    """
    if discount.kind is DiscountKind.PERCENTAGE:
        # base × value rounded to fen, as to_money(exact(base) × exact(value)), on the exact integer ratios
        numerator, denominator = exact_ratio(discount.value)
        shares = []
        for base in bases:
            base_numerator, base_denominator = exact_ratio(base)
            share = fen_from_ratio(base_numerator * numerator, base_denominator * denominator, mode)
            shares.append(min(base, share))
        return shares
    return [from_fen(fen) for fen in allocate_fen(to_fen(discount.value), [to_fen(base) for base in bases])]
