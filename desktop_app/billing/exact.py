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

from desktop_app.billing.money import (
    RoundingMode,
    from_fen,
    round_ratio,
    unit_price_from_int,
    unit_price_to_int,
)

__all__ = [
    "decimal_places",
    "display_decimal",
    "display_price",
    "display_price_ratio",
    "display_ratio",
    "exact",
    "exact_ratio",
    "fen_from_ratio",
    "require_decimal",
    "to_money",
]

_DISPLAY_PLACES = 6
_DISPLAY_SCALE = 10**_DISPLAY_PLACES
_DISPLAY_LIMIT = 10**27
"""Below this many millionths the integer display path runs; above it, the Decimal one (whose context
precision of 28 digits then starts to matter)."""
_WHOLE_LIMIT = _DISPLAY_LIMIT // _DISPLAY_SCALE


def require_decimal(value: object, what: str) -> Decimal:
    """``value`` if it is a finite Decimal; TypeError for anything else (``float`` first of all)."""
    if not isinstance(value, Decimal):
        raise TypeError(f"{what} must be a Decimal, not {type(value).__name__}: {value!r}")
    if not value.is_finite():
        raise ValueError(f"{what} must be finite, got {value}")
    return value


def exact(value: Decimal | int) -> Fraction:
    """A Decimal (or int) as an exact Fraction; TypeError for ``float``."""
    return Fraction(*exact_ratio(value))


def exact_ratio(value: Decimal | int) -> tuple[int, int]:
    """A Decimal (or int) as its exact ratio ``(numerator, denominator)`` in lowest terms; TypeError for ``float``."""
    if isinstance(value, bool) or not isinstance(value, Decimal | int):
        raise TypeError(f"expected a Decimal or an int, not {type(value).__name__}: {value!r}")
    if isinstance(value, Decimal):
        return value.as_integer_ratio()  # ValueError for NaN or infinity, as Fraction(value) gives
    return int(value), 1


def decimal_places(value: Decimal) -> int:
    """Significant decimal places of ``value``: ``Decimal("0.0150")`` → 3, ``Decimal("12.00")`` → 0."""
    exponent = value.normalize().as_tuple().exponent
    assert isinstance(exponent, int)
    return max(0, -exponent)


def _sticky_decimal(value: Fraction) -> Decimal:
    """``value`` as a Decimal with many digits below the fen, rounded "sticky" (ROUND_05UP).

    Sticky rounding never produces a false tie: if the exact value lies strictly between two
    candidates, the last kept digit is never 0 or 5, so a later rounding decides as the exact value
    would. An exact tie is a finite decimal and stays exact. (Only huge display values still use it.)
    """
    whole_digits = len(str(abs(value.numerator) // value.denominator))
    context = Context(prec=whole_digits + 20, rounding=ROUND_05UP)
    return context.divide(Decimal(value.numerator), Decimal(value.denominator))


def fen_from_ratio(numerator: int, denominator: int, mode: RoundingMode = RoundingMode.HALF_UP) -> Decimal:
    """The exact amount ``numerator / denominator`` yuan rounded to whole fen, as a Decimal.

    Integer arithmetic only: ``fen = round_ratio(numerator × 100, denominator)``, the rounding rule of
    ``round_money``, so the result is the one ``round_money`` gives for the exact value.
    """
    return from_fen(round_ratio(numerator * 100, denominator, mode))


def to_money(value: Fraction, mode: RoundingMode = RoundingMode.HALF_UP) -> Decimal:
    """The exact ``value`` rounded to whole fen through ``round_money``'s rule (17/31 × 99 → 54.29)."""
    if not isinstance(value, Fraction):
        raise TypeError(f"value must be a Fraction, not {type(value).__name__}")
    return fen_from_ratio(value.numerator, value.denominator, mode)


def _millionths(numerator: int, denominator: int) -> tuple[int, bool]:
    """``numerator / denominator × 10**6`` rounded half-up to an integer, and whether that was exact."""
    scaled, remainder = divmod(numerator * _DISPLAY_SCALE, denominator)
    if not remainder:
        return scaled, True
    return round_ratio(numerator * _DISPLAY_SCALE, denominator, RoundingMode.HALF_UP), False


def display_decimal(value: Fraction) -> Decimal:
    """``value`` as a Decimal for display: exact when it terminates within 6 places, else 6 places.

    Only quantities shown on a line go through here (1.1 minutes, or 7/60 → 0.116667); amounts are
    always computed from the exact Fraction.
    """
    if not isinstance(value, Fraction):
        raise TypeError(f"value must be a Fraction, not {type(value).__name__}")
    return display_ratio(value.numerator, value.denominator)


def display_ratio(numerator: int, denominator: int) -> Decimal:
    """:func:`display_decimal` of the exact ``numerator / denominator`` (``denominator > 0``, any terms).

    In integers: the value in millionths, exact or rounded half-up (a tie at the 7th place is a
    terminating decimal, so it is recognised exactly). A terminating value loses its trailing zeros
    (1.100000 → 1.1, 5 → 5); a rounded one keeps exactly 6 places, and its sign even when it rounds
    to zero (-0.000000), as ``quantize`` gives.
    """
    whole, remainder = divmod(numerator, denominator)
    if not remainder and -_WHOLE_LIMIT < whole < _WHOLE_LIMIT:  # a whole number: no places to strip
        return Decimal(whole)
    millionths, terminates = _millionths(numerator, denominator)
    if abs(millionths) >= _DISPLAY_LIMIT:
        return _display_decimal_large(Fraction(numerator, denominator))
    if terminates:
        places = _DISPLAY_PLACES
        while places and millionths % 10 == 0:  # 0 ends as 0
            millionths //= 10
            places -= 1
        return Decimal(millionths).scaleb(-places)
    shown = Decimal(millionths).scaleb(-_DISPLAY_PLACES)
    return shown.copy_negate() if millionths == 0 and numerator < 0 else shown


def _display_decimal_large(value: Fraction) -> Decimal:
    """``display_decimal`` for values of 27 digits or more, through Decimal arithmetic."""
    scaled = value * _DISPLAY_SCALE
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
    if not isinstance(value, Fraction):
        raise TypeError(f"value must be a Fraction, not {type(value).__name__}")
    return display_price_ratio(value.numerator, value.denominator)


def display_price_ratio(numerator: int, denominator: int) -> Decimal:
    """:func:`display_price` of the exact ``numerator / denominator`` (``denominator > 0``, any terms):
    the millionths of :func:`display_ratio`, shown with 2 to 6 places."""
    millionths, _ = _millionths(numerator, denominator)
    if abs(millionths) >= _DISPLAY_LIMIT:
        return unit_price_from_int(unit_price_to_int(_display_decimal_large(Fraction(numerator, denominator))))
    return unit_price_from_int(millionths)
