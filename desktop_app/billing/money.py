"""Exact money: Decimal amounts, integer fen storage, one rounding function, input parsing.

Rules (design/money-rules.md, "Representation" and "Rounding"):

- Amounts are ``Decimal`` in Python and integer fen (0.01 CNY) in storage; ``float`` is refused
  everywhere (the built-in rounding of the float 0.615 gives 0.61, ``Decimal(0.615)`` is already inexact).
- Unit prices may need more digits (0.0015 元/KB); they are stored as integer millionths of a yuan
  (``UNIT_PRICE_SCALE``). A line *amount* is always whole fen.
- Rounding to 0.01 goes through :func:`round_money` only (or, for an amount the calculator holds as an
  exact integer ratio of fen, through :func:`round_ratio`, the integer rule ``round_money`` itself
  uses). The mode is a setting; the default for China is half-up (四舍五入). Both modes are symmetric:
  ties on negative amounts round away from zero (half-up) or to even (half-even), so rounding -x gives
  minus the rounding of x.
- Conversions never round silently: a value that does not fit the target scale raises ValueError.
"""

from __future__ import annotations

import enum
import re
from decimal import MAX_EMAX, MAX_PREC, MIN_EMIN, ROUND_HALF_EVEN, ROUND_HALF_UP, Context, Decimal

__all__ = [
    "FEN",
    "UNIT_PRICE_SCALE",
    "RoundingMode",
    "from_fen",
    "parse_amount",
    "round_money",
    "round_ratio",
    "to_fen",
    "unit_price_from_int",
    "unit_price_to_int",
]

FEN = Decimal("0.01")
"""The smallest money unit, 1 分 = 0.01 CNY; every amount is rounded to it."""

UNIT_PRICE_SCALE = 1_000_000
"""Unit prices are stored as integer millionths of a yuan (6 decimal places)."""

_UNIT_PRICE_PLACES = 6


class RoundingMode(enum.StrEnum):
    """How :func:`round_money` breaks ties; stored as a named setting."""

    HALF_UP = "half_up"
    """四舍五入, the China default: 0.615 → 0.62, 2.665 → 2.67 (ties away from zero)."""
    HALF_EVEN = "half_even"
    """Banker's rounding (Tryton's default): 2.665 → 2.66, 0.615 → 0.62."""


_DECIMAL_ROUNDING = {
    RoundingMode.HALF_UP: ROUND_HALF_UP,
    RoundingMode.HALF_EVEN: ROUND_HALF_EVEN,
}


def _require_finite_decimal(value: object, what: str = "amount") -> Decimal:
    """Return ``value`` if it is a finite Decimal; TypeError for other types, ValueError for NaN/inf."""
    if not isinstance(value, Decimal):
        raise TypeError(f"{what} must be a Decimal, not {type(value).__name__}: {value!r}")
    if not value.is_finite():
        raise ValueError(f"{what} must be finite, got {value}")
    return value


_EXACT = Context(prec=MAX_PREC, Emax=MAX_EMAX, Emin=MIN_EMIN)
"""A context in which ``scaleb`` never rounds: it only moves the exponent of an exact coefficient."""


def _to_scaled_int(value: Decimal, places: int, what: str) -> int:
    """Return ``value × 10**places`` as an int, exactly; ValueError if it has more decimals.

    ``as_integer_ratio`` is the exact value n/d in lowest terms (d a power of 2 × 5), so
    ``n × 10**places`` divides by d exactly iff the value has at most ``places`` decimals.
    """
    numerator, denominator = _require_finite_decimal(value, what).as_integer_ratio()
    multiplier: int = 10**places
    scaled, remainder = divmod(numerator * multiplier, denominator)
    if remainder:
        raise ValueError(f"{what} {value} has more than {places} decimal places")
    return scaled


def _from_scaled_int(value: int, places: int, what: str) -> Decimal:
    """Return ``value / 10**places`` exactly, with ``places`` decimal places (coefficient ``|value|``)."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{what} must be an int, not {type(value).__name__}: {value!r}")
    return Decimal(value).scaleb(-places, _EXACT)


def round_ratio(numerator: int, denominator: int, mode: RoundingMode = RoundingMode.HALF_UP) -> int:
    """The exact rational ``numerator / denominator`` (``denominator > 0``) rounded to an integer.

    The one rounding rule of the application, on exact integers: half-up rounds ties away from zero
    (四舍五入), half-even to the even neighbour; both are symmetric (rounding -x gives minus the rounding
    of x). :func:`round_money` applies it to fen; the calculator applies it to amounts it keeps as
    integer ratios (``fen × days / period_days``), so no intermediate value is ever approximated.
    """
    rounding = ROUND_HALF_UP if mode is RoundingMode.HALF_UP else _DECIMAL_ROUNDING[mode]  # KeyError: unknown mode
    quotient, remainder = divmod(-numerator if numerator < 0 else numerator, denominator)
    twice = 2 * remainder
    if twice > denominator or (twice == denominator and (rounding == ROUND_HALF_UP or quotient & 1)):
        quotient += 1
    return -quotient if numerator < 0 else quotient


def round_money(amount: Decimal, mode: RoundingMode = RoundingMode.HALF_UP) -> Decimal:
    """Round ``amount`` to whole fen (0.01) — the one rounding function of the application.

    Half-up (四舍五入) by default: ``Decimal("0.615")`` → ``0.62``, ``Decimal("2.665")`` → ``2.67``;
    half-even gives ``0.62`` and ``2.66``. Ties on negative amounts are symmetric
    (``-2.665`` → ``-2.67`` half-up). The result always has exactly two decimal places and a zero
    result is never negative (``-0.001`` → ``0.00``). Exact for any magnitude: the amount is taken as
    its exact ratio of integers and rounded by :func:`round_ratio`.

    Raises TypeError for anything that is not a Decimal (``float`` in particular) and ValueError
    for NaN or infinity.
    """
    _require_finite_decimal(amount)
    if amount.adjusted() < -3:  # |amount| < 0.001 rounds to 0 (and 1E-999999 has a huge exact ratio)
        return from_fen(round_ratio(0, 1, mode))
    numerator, denominator = amount.as_integer_ratio()
    return from_fen(round_ratio(numerator * 100, denominator, mode))


def to_fen(amount: Decimal) -> int:
    """Return ``amount`` as integer fen (``Decimal("12.3")`` → 1230) for storage.

    Never rounds: ValueError if ``amount`` is not a whole number of fen (``Decimal("0.615")``);
    trailing zeros are fine (``Decimal("1.000")`` → 100). Round with :func:`round_money` first.
    TypeError for non-Decimal input, ValueError for NaN/infinity.
    """
    return _to_scaled_int(amount, 2, "amount")


def from_fen(fen: int) -> Decimal:
    """Return integer fen as a Decimal yuan amount with exactly two places (1230 → ``12.30``)."""
    if type(fen) is int:  # the common case, checked by its type (bool and other int subclasses go the long way)
        return Decimal(fen).scaleb(-2, _EXACT)
    return _from_scaled_int(fen, 2, "fen")


def unit_price_to_int(price: Decimal) -> int:
    """Return a unit price as integer millionths of a yuan (``Decimal("0.0015")`` → 1500).

    Never rounds: ValueError if ``price`` has more than 6 significant decimal places.
    """
    return _to_scaled_int(price, _UNIT_PRICE_PLACES, "unit price")


def unit_price_from_int(value: int) -> Decimal:
    """Return a stored unit price (millionths of a yuan) as a Decimal, exactly.

    Trailing zeros are dropped down to two places: 1500 → ``0.0015``, 12_000_000 → ``12.00``,
    12_345_000 → ``12.345``.
    """
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"unit price must be an int, not {type(value).__name__}: {value!r}")
    places = _UNIT_PRICE_PLACES
    while places > 2 and value % 10 == 0:  # 0 ends at 0.00 as well
        value //= 10
        places -= 1
    return Decimal(value).scaleb(-places, _EXACT)


# Full-width forms typed by Chinese input methods → ASCII. An explicit table rather than NFKC,
# which would also turn "²" or "①" into digits.
_FULL_WIDTH = str.maketrans(
    {
        **{chr(0xFF10 + digit): str(digit) for digit in range(10)},  # ０-９
        "\uff0e": ".",  # full-width full stop
        "\uff0c": ",",  # full-width comma
        "\uff0d": "-",  # full-width hyphen-minus
        "\uffe5": "\u00a5",  # full-width yen/yuan sign → ¥
    }
)
_AMOUNT = re.compile(
    r"(?P<sign>-)?\s*\u00a5?\s*"
    r"(?P<whole>[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)"
    r"(?:\.(?P<fraction>[0-9]{1,2}))?"
)


def parse_amount(text: str) -> Decimal:
    """Parse a money amount typed by a user into a Decimal with exactly two places.

    Accepted: ``"1234.5"``, ``"1,234.50"`` (commas only as thousands separators), a leading ``¥``
    or ``￥`` (``"¥1234.5"``), full-width digits and punctuation (``"１２３４．５"``), surrounding
    whitespace (including the ideographic space), and a leading minus sign (``"-¥12.00"``; callers
    that need a positive amount check the sign). At most two decimal places: ``"1.005"`` is
    refused, never rounded. Anything else raises ValueError.
    """
    if not isinstance(text, str):
        raise TypeError(f"text must be a str, not {type(text).__name__}")
    match = _AMOUNT.fullmatch(text.translate(_FULL_WIDTH).strip())
    if match is None:
        raise ValueError(f"not a money amount with at most 2 decimals: {text!r}")
    whole = match["whole"].replace(",", "")
    fen = int(whole) * 100 + int((match["fraction"] or "").ljust(2, "0"))
    return from_fen(-fen if match["sign"] else fen)
