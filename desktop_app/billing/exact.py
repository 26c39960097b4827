"""Exact arithmetic before the one rounding: amounts are ``Fraction`` until they become a line amount.

A line amount is computed exactly (quantity × unit price, tier by tier, × a proration fraction such as
17/31, × a price-list rate) and rounded once, to whole fen, by
:func:`~desktop_app.billing.money.round_money`. ``Fraction`` keeps 17/31 exact; :func:`to_money`
turns it into a Decimal that carries the same rounding decision (ties are recognised exactly) and
hands it to ``round_money``.
"""

from __future__ import annotations

from decimal import ROUND_05UP, ROUND_HALF_UP, Context, Decimal
from fractions import Fraction

from desktop_app.billing.money import RoundingMode, round_money, unit_price_from_int, unit_price_to_int

__all__ = ["decimal_places", "display_decimal", "display_price", "exact", "require_decimal", "to_money"]

_DISPLAY_PLACES = 6


def require_decimal(value: object, what: str) -> Decimal:
    """``value`` if it is a finite Decimal; TypeError for anything else (``float`` first of all)."""
    if not isinstance(value, Decimal):
        raise TypeError(f"{what} must be a Decimal, not {type(value).__name__}: {value!r}")
    if not value.is_finite():
        raise ValueError(f"{what} must be finite, got {value}")
    return value


def exact(value: Decimal | int) -> Fraction:
    """A Decimal (or int) as an exact Fraction; TypeError for ``float``."""
    if isinstance(value, bool) or not isinstance(value, Decimal | int):
        raise TypeError(f"expected a Decimal or an int, not {type(value).__name__}: {value!r}")
    return Fraction(value)


def decimal_places(value: Decimal) -> int:
    """Significant decimal places of ``value``: ``Decimal("0.0150")`` → 3, ``Decimal("12.00")`` → 0."""
    exponent = value.normalize().as_tuple().exponent
    assert isinstance(exponent, int)
    return max(0, -exponent)


def _sticky_decimal(value: Fraction) -> Decimal:
    """``value`` as a Decimal with many digits below the fen, rounded "sticky" (ROUND_05UP).

    Sticky rounding never produces a false tie: if the exact value lies strictly between two
    candidates, the last kept digit is never 0 or 5, so a later rounding to 0.01 decides as the exact
    value would. An exact tie (k + ½ fen) is a finite decimal and stays exact.
    """
    whole_digits = len(str(abs(value.numerator) // value.denominator))
    context = Context(prec=whole_digits + 20, rounding=ROUND_05UP)
    return context.divide(Decimal(value.numerator), Decimal(value.denominator))


def to_money(value: Fraction, mode: RoundingMode = RoundingMode.HALF_UP) -> Decimal:
    """The exact ``value`` rounded to whole fen through ``round_money`` (17/31 × 99 → 54.29)."""
    if not isinstance(value, Fraction):
        raise TypeError(f"value must be a Fraction, not {type(value).__name__}")
    return round_money(_sticky_decimal(value), mode)


def display_decimal(value: Fraction) -> Decimal:
    """``value`` as a Decimal for display: exact when it terminates within 6 places, else 6 places.

    Only quantities shown on a line go through here (1.1 minutes, or 7/60 → 0.116667); amounts are
    always computed from the exact Fraction.
    """
    if not isinstance(value, Fraction):
        raise TypeError(f"value must be a Fraction, not {type(value).__name__}")
    scaled = value * 10**_DISPLAY_PLACES
    if scaled.denominator == 1:
        return _strip(Decimal(scaled.numerator).scaleb(-_DISPLAY_PLACES))
    return _sticky_decimal(value).quantize(Decimal(1).scaleb(-_DISPLAY_PLACES), rounding=ROUND_HALF_UP)


def _strip(value: Decimal) -> Decimal:
    """Drop trailing zeros after the point (1.100000 → 1.1) without switching to exponent notation."""
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return Decimal(text)


def display_price(value: Fraction) -> Decimal:
    """A unit price for display: at most 6 decimals, at least 2 (89.1 → 89.10, 0.0015 stays 0.0015)."""
    return unit_price_from_int(unit_price_to_int(display_decimal(value)))
