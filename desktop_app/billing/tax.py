"""Value-added tax (增值税) on one line, tax-inclusive or tax-exclusive, rounded per line.

Rules (design/money-rules.md, "Tax" and "Rounding"):

- Tax-inclusive (含税, the common way prices are quoted in China), gross G and rate r:
  ``tax = round_money(G × r / (1 + r))``, ``net = G − tax``. 99.00 at 9 % → tax 8.17, net 90.83.
- Tax-exclusive, net N: ``tax = round_money(N × r)``, ``gross = N + tax``. 10.25 at 6 % → 0.615 → 0.62.
- Rounding is per line through :func:`~desktop_app.billing.money.round_money` (half-up by default);
  document totals are exact sums of the rounded lines and are never rounded again.
- The rate is an exact Decimal fraction (``Decimal("0.09")``, not 9) and belongs to what is sold.
- Per-line rounding keeps ``|tax − net × rate| ≤ 0.01``, the tax platform's tolerance.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_05UP, Context, Decimal

from desktop_app.billing.money import RoundingMode, from_fen, round_money, to_fen

__all__ = ["STANDARD_RATES", "TaxSplit", "split_exclusive", "split_inclusive"]

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


def _working_context(amount: Decimal, rate: Decimal) -> Context:
    """A context in which ``amount × rate`` and ``1 + rate`` are exact and the quotient safe.

    The product needs at most len(amount digits) + len(rate digits) digits and ``1 + rate`` at most
    len(rate digits) − rate.adjusted() (rate < 1). The quotient is rounded with ROUND_05UP ("sticky"
    rounding) well below the fen, so the single later rounding to 0.01 gives the same result as
    rounding the exact rational value: ties are recognised exactly.
    """
    precision = (
        len(amount.as_tuple().digits)
        + len(rate.as_tuple().digits)
        + max(amount.adjusted(), 0)
        - min(rate.adjusted(), 0)
        + 10
    )
    return Context(prec=max(28, precision), rounding=ROUND_05UP)


def split_inclusive(gross: Decimal, rate: Decimal, mode: RoundingMode = RoundingMode.HALF_UP) -> TaxSplit:
    """Split a tax-inclusive line amount: ``tax = round_money(G × r / (1 + r))``, ``net = G − tax``.

    ``gross`` must be whole fen (a line amount always is; ValueError otherwise) and may be negative
    (credit lines split symmetrically). Examples at half-up: 99.00 at 9 % → 8.17 / 90.83;
    30.00 at 6 % → 1.70 / 28.30; 1,000.00 at 3 % → 29.13 / 970.87.
    """
    gross_fen = to_fen(gross)
    _check_rate(rate)
    context = _working_context(gross, rate)
    exact_tax = context.divide(context.multiply(gross, rate), context.add(Decimal(1), rate))
    tax_fen = to_fen(round_money(exact_tax, mode))
    return TaxSplit(net=from_fen(gross_fen - tax_fen), tax=from_fen(tax_fen), gross=from_fen(gross_fen))


def split_exclusive(net: Decimal, rate: Decimal, mode: RoundingMode = RoundingMode.HALF_UP) -> TaxSplit:
    """Add tax to a tax-exclusive line amount: ``tax = round_money(N × r)``, ``gross = N + tax``.

    ``net`` must be whole fen (ValueError otherwise) and may be negative. Example at half-up:
    10.25 at 6 % → 0.615 → tax 0.62, gross 10.87.
    """
    net_fen = to_fen(net)
    _check_rate(rate)
    exact_tax = _working_context(net, rate).multiply(net, rate)
    tax_fen = to_fen(round_money(exact_tax, mode))
    return TaxSplit(net=from_fen(net_fen), tax=from_fen(tax_fen), gross=from_fen(net_fen + tax_fen))
