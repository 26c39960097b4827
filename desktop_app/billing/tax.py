"""Value-added tax (增值税) on one line, tax-inclusive or tax-exclusive, rounded per line.

Rules (design/money-rules.md, "Tax" and "Rounding"):

- Tax-inclusive (含税, the common way prices are quoted in China), gross G and rate r:
  ``tax = round_money(G × r / (1 + r))``, ``net = G − tax``. 99.00 at 9 % → tax 8.17, net 90.83.
- Tax-exclusive, net N: ``tax = round_money(N × r)``, ``gross = N + tax``. 10.25 at 6 % → 0.615 → 0.62.
- Rounding is per line through :func:`~desktop_app.billing.money.round_money`'s rule (half-up by
  default), applied by ``round_ratio`` to the exact integer ratio of the tax in fen; document totals
  are exact sums of the rounded lines and are never rounded again.
- The rate is an exact Decimal fraction (``Decimal("0.09")``, not 9) and belongs to what is sold.
- Per-line rounding keeps ``|tax − net × rate| ≤ 0.01``, the tax platform's tolerance.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from desktop_app.billing.money import RoundingMode, from_fen, round_ratio, to_fen

__all__ = [
    "STANDARD_RATES",
    "TaxSplit",
    "split_exclusive",
    "split_inclusive",
    "tax_fen_exclusive",
    "tax_fen_inclusive",
]

STANDARD_RATES: tuple[Decimal, ...] = (
    Decimal("0.13"),  # goods and hardware
    Decimal("0.09"),  # basic telecom (voice)
    Decimal("0.06"),  # value-added telecom (SMS, data, internet) and most services
    Decimal("0.03"),  # small-scale taxpayers (statutory)
    Decimal("0.01"),  # small-scale taxpayers (currently levied)
    Decimal("0"),  # exempt / zero-rated
)
"""The Chinese VAT rates, as exact fractions, highest first."""


@dataclass(frozen=True)
class TaxSplit:
    """One line's amount split into net (金额), tax (税额) and gross (价税合计).

    All three have exactly two decimal places and ``net + tax == gross`` exactly.
    """

    net: Decimal
    tax: Decimal
    gross: Decimal


def _check_rate(rate: Decimal) -> None:
    """Refuse anything but a finite Decimal fraction 0 ≤ rate < 1 (so 9 for 9 % is caught)."""
    if not isinstance(rate, Decimal):
        raise TypeError(f"rate must be a Decimal, not {type(rate).__name__}: {rate!r}")
    if not rate.is_finite() or not Decimal(0) <= rate < 1:
        raise ValueError(f"rate must be a fraction 0 <= rate < 1, e.g. Decimal('0.09'); got {rate}")


def split_inclusive(gross: Decimal, rate: Decimal, mode: RoundingMode = RoundingMode.HALF_UP) -> TaxSplit:
    """Split a tax-inclusive line amount: ``tax = round_money(G × r / (1 + r))``, ``net = G − tax``.

    ``gross`` must be whole fen (a line amount always is; ValueError otherwise) and may be negative
    (credit lines split symmetrically). Examples at half-up: 99.00 at 9 % → 8.17 / 90.83;
    30.00 at 6 % → 1.70 / 28.30; 1,000.00 at 3 % → 29.13 / 970.87.
    """
    gross_fen = to_fen(gross)
    _check_rate(rate)
    tax_fen = tax_fen_inclusive(gross_fen, rate, mode)
    return TaxSplit(net=from_fen(gross_fen - tax_fen), tax=from_fen(tax_fen), gross=from_fen(gross_fen))


def split_exclusive(net: Decimal, rate: Decimal, mode: RoundingMode = RoundingMode.HALF_UP) -> TaxSplit:
    """Add tax to a tax-exclusive line amount: ``tax = round_money(N × r)``, ``gross = N + tax``.

    ``net`` must be whole fen (ValueError otherwise) and may be negative. Example at half-up:
    10.25 at 6 % → 0.615 → tax 0.62, gross 10.87.
    """
    net_fen = to_fen(net)
    _check_rate(rate)
    tax_fen = tax_fen_exclusive(net_fen, rate, mode)
    return TaxSplit(net=from_fen(net_fen), tax=from_fen(tax_fen), gross=from_fen(net_fen + tax_fen))


# The tax in whole fen, in exact integer arithmetic: with the rate r = a/b in lowest terms (a Decimal's
# exact ratio) and the line amount in fen, G × r / (1 + r) = G·a / (a + b) and N × r = N·a / b exactly;
# ``round_ratio`` then rounds that exact ratio once, by the rule of ``round_money``. The rate must
# already be checked (``_check_rate``, or ``validate_plan`` for a plan's products).


def tax_fen_inclusive(gross_fen: int, rate: Decimal, mode: RoundingMode = RoundingMode.HALF_UP) -> int:
    """``round_money(G × r / (1 + r))`` in fen for a gross of ``gross_fen`` fen."""
    numerator, denominator = rate.as_integer_ratio()
    return round_ratio(gross_fen * numerator, numerator + denominator, mode)


def tax_fen_exclusive(net_fen: int, rate: Decimal, mode: RoundingMode = RoundingMode.HALF_UP) -> int:
    """``round_money(N × r)`` in fen for a net of ``net_fen`` fen."""
    numerator, denominator = rate.as_integer_ratio()
    return round_ratio(net_fen * numerator, denominator, mode)
