"""What the calculator returns: lines, subtotals per tax rate, totals and deductions (frozen, JSON-ready).

Every amount has exactly two decimals. Per line ``net + tax == gross``; the totals are exact sums of the
lines (合计金额 = Σ net, 合计税额 = Σ tax, 价税合计 = Σ gross) and are never rounded again. Credit notes
and the wallet come after tax: ``amount_due = total_gross − credit_applied − wallet_applied``.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from desktop_app.billing.money import from_fen, to_fen
from desktop_app.billing.periods import Period, Proration
from desktop_app.billing.wallet import WalletCredit

__all__ = [
    "COMMITMENT_CODE",
    "DiscountSummary",
    "LineKind",
    "Quote",
    "QuoteLine",
    "TaxSubtotal",
    "UsageSummary",
    "subtotals",
    "subtotals_from_fen",
]


class LineKind(enum.StrEnum):
    RECURRING = "recurring"
    ONE_TIME = "one_time"
    SEAT = "seat"
    MODULE = "module"
    BUNDLE = "bundle"
    USAGE = "usage"
    USAGE_FLAT_FEE = "usage_flat_fee"
    TOP_UP = "top_up"
    COMMITMENT = "commitment"
    """The top-up to a minimum commitment (最低消费补足)."""
    DISCOUNT = "discount"
    """The discounts and coupons of the line it follows (折扣行): negative, same tax rate, one per line."""


COMMITMENT_CODE = "minimum_commitment"
"""The ``charge`` of a commitment line."""


@dataclass(frozen=True)
class QuoteLine:
    """One line of a bill: 项目, 期间, 数量, 单位, 单价, 金额 (net), 税率, 税额, 价税合计 (gross).

    ``unit_price`` is the effective price after the membership price list (``list_unit_price`` before
    it), exact up to 6 decimals; None where no single price exists (a volume true-up, a percentage).
    ``quantity`` is shown with at most 6 decimals; the amount is computed from the exact quantity.
    ``tax_rate`` None means exempt (免税). A discount line follows the line it discounts
    (``discounted_line`` is that line's index) and names the ``discounts`` it combines; like a 折扣行
    on a Chinese e-invoice there is at most one per line, taxed on its own at the same rate.
    """

    kind: LineKind
    charge: str
    description: str
    product: str
    period: Period
    quantity: Decimal
    unit: str
    unit_price: Decimal | None
    net: Decimal
    tax_rate: Decimal | None
    tax: Decimal
    gross: Decimal
    tier: int | None = None
    proration: Proration | None = None
    list_unit_price: Decimal | None = None
    discounts: tuple[str, ...] = ()
    discounted_line: int | None = None

    def to_dict(self) -> dict[str, object]:
        def text(value: Decimal | None) -> str | None:
            return None if value is None else str(value)

        return {
            "kind": str(self.kind),
            "charge": self.charge,
            "description": self.description,
            "product": self.product,
            "period": self.period.to_dict(),
            "quantity": str(self.quantity),
            "unit": self.unit,
            "unit_price": text(self.unit_price),
            "net": str(self.net),
            "tax_rate": "exempt" if self.tax_rate is None else str(self.tax_rate),
            "tax": str(self.tax),
            "gross": str(self.gross),
            "tier": self.tier,
            "proration": None if self.proration is None else self.proration.to_dict(),
            "list_unit_price": text(self.list_unit_price),
            "discounts": list(self.discounts),
            "discounted_line": self.discounted_line,
        }


@dataclass(frozen=True)
class TaxSubtotal:
    """The lines of one tax rate (None: exempt) added up."""

    tax_rate: Decimal | None
    net: Decimal
    tax: Decimal
    gross: Decimal


@dataclass(frozen=True)
class DiscountSummary:
    """What one discount or coupon took off this quote, in the plan's price basis (before tax)."""

    code: str
    name: str
    amount: Decimal


@dataclass(frozen=True)
class UsageSummary:
    """One usage charge in this quote: usage in billing units, allowance consumed, units billed."""

    charge: str
    meter: str
    quantity: Decimal
    included: Decimal
    billable: Decimal


@dataclass(frozen=True)
class Quote:
    """The priced result of one plan version for one input."""

    plan: str
    version: int
    currency: str
    tax_inclusive: bool
    lines: tuple[QuoteLine, ...]
    subtotals: tuple[TaxSubtotal, ...]
    total_net: Decimal
    """合计金额"""
    total_tax: Decimal
    """合计税额"""
    total_gross: Decimal
    """价税合计"""
    credit_applied: Decimal
    wallet_applied: Decimal
    amount_due: Decimal
    discounts: tuple[DiscountSummary, ...] = ()
    """The plan discounts and coupons that gave something off in this period (count their periods)."""
    usage: tuple[UsageSummary, ...] = ()
    wallet_credits: tuple[WalletCredit, ...] = ()

    def to_dict(self) -> dict[str, object]:
        """The quote as JSON-ready values (Decimals as strings)."""
        return {
            "plan": self.plan,
            "version": self.version,
            "currency": self.currency,
            "tax_inclusive": self.tax_inclusive,
            "lines": [line.to_dict() for line in self.lines],
            "subtotals": [
                {
                    "tax_rate": "exempt" if item.tax_rate is None else str(item.tax_rate),
                    "net": str(item.net),
                    "tax": str(item.tax),
                    "gross": str(item.gross),
                }
                for item in self.subtotals
            ],
            "total_net": str(self.total_net),
            "total_tax": str(self.total_tax),
            "total_gross": str(self.total_gross),
            "credit_applied": str(self.credit_applied),
            "wallet_applied": str(self.wallet_applied),
            "amount_due": str(self.amount_due),
            "discounts": [
                {"code": item.code, "name": item.name, "amount": str(item.amount)} for item in self.discounts
            ],
            "usage": [
                {
                    "charge": item.charge,
                    "meter": item.meter,
                    "quantity": str(item.quantity),
                    "included": str(item.included),
                    "billable": str(item.billable),
                }
                for item in self.usage
            ],
            "wallet_credits": [credit.to_dict() for credit in self.wallet_credits],
        }


def subtotals_from_fen(rows: Iterable[tuple[Decimal | None, int, int, int]]) -> tuple[TaxSubtotal, ...]:
    """:func:`subtotals` of lines given as ``(tax_rate, net, tax, gross)`` in fen, in one pass.

    Rates are grouped by equality (0.06 and 0.060 are one group, shown as the first seen), then
    ordered highest first, exempt last.
    """
    groups: dict[Decimal | None, list[int]] = {}
    for rate, net, tax, gross in rows:
        sums = groups.get(rate)
        if sums is None:
            groups[rate] = [net, tax, gross]
        else:
            sums[0] += net
            sums[1] += tax
            sums[2] += gross
    rates = sorted(groups, key=lambda rate: (rate is None, -(rate or Decimal(0))))
    return tuple(TaxSubtotal(rate, from_fen(groups[rate][0]), from_fen(groups[rate][1]), from_fen(groups[rate][2]))
                 for rate in rates)


def subtotals(lines: Sequence[QuoteLine]) -> tuple[TaxSubtotal, ...]:
    """One subtotal per tax rate, highest rate first, exempt last; exact sums of the lines."""
    return subtotals_from_fen((line.tax_rate, to_fen(line.net), to_fen(line.tax), to_fen(line.gross))
                              for line in lines)
