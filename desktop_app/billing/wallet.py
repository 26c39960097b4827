"""The prepaid wallet (预付余额): top-up credits, expiry, and drawing the balance down.

A top-up package (充值套餐) is paid like any line (``price``; a membership price list may lower what is
paid) and puts ``price + bonus`` into the wallet, usable until ``expires_on`` (excluded) if the package
has ``expiry_days``. On a bill the wallet comes last (design/money-rules.md: price list → discounts →
tax → credit notes → wallet): it pays the amount still due, never a top-up itself, never below zero.
A ledger keeps the lots; :func:`draw_wallet` says which lots pay, earliest expiry first.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from desktop_app.billing.exact import require_decimal
from desktop_app.billing.money import from_fen, to_fen
from desktop_app.billing.plan import TopUpCharge
from desktop_app.billing.typecheck import check_types

__all__ = ["WalletCredit", "WalletDraw", "WalletLot", "draw_wallet", "top_up_credit", "usable_balance"]


@dataclass(frozen=True)
class WalletCredit:
    """What buying ``quantity`` top-up packages puts into the wallet."""

    charge: str
    quantity: int
    paid: Decimal
    credit: Decimal
    expires_on: date | None

    def __post_init__(self) -> None:
        check_types(self)

    def to_dict(self) -> dict[str, object]:
        return {
            "charge": self.charge,
            "quantity": self.quantity,
            "paid": str(self.paid),
            "credit": str(self.credit),
            "expires_on": None if self.expires_on is None else self.expires_on.isoformat(),
        }


def top_up_credit(charge: TopUpCharge, bought_on: date, quantity: int = 1, paid: Decimal | None = None) -> WalletCredit:
    """The wallet credit of ``quantity`` × ``charge`` bought on ``bought_on``.

    Pay 1,000.00 with a bonus of 100.00 → credit 1,100.00; with ``expiry_days`` 365 bought on
    2025-01-01 it expires on 2026-01-01 (the first day it can no longer be used).
    """
    paid = charge.price * quantity if paid is None else require_decimal(paid, "paid")
    credit = from_fen(to_fen(charge.price + charge.bonus) * quantity)
    expires_on = None if charge.expiry_days is None else bought_on + timedelta(days=charge.expiry_days)
    return WalletCredit(charge.code, quantity, from_fen(to_fen(paid)), credit, expires_on)


@dataclass(frozen=True)
class WalletLot:
    """What is left of one credit, and the first day it can no longer be used (None: never expires)."""

    amount: Decimal
    expires_on: date | None = None

    def __post_init__(self) -> None:
        check_types(self)
        if to_fen(self.amount) < 0:
            raise ValueError(f"a wallet lot cannot be negative: {self.amount}")


@dataclass(frozen=True)
class WalletDraw:
    """``amount`` taken from lot number ``lot`` (its index in the list given)."""

    lot: int
    amount: Decimal


def _usable(lots: Sequence[WalletLot], on: date) -> list[int]:
    """Indexes of lots usable on ``on``, earliest expiry first, never-expiring last, then list order."""
    usable = [index for index, lot in enumerate(lots) if lot.expires_on is None or on < lot.expires_on]
    return sorted(usable, key=lambda index: (lots[index].expires_on is None, lots[index].expires_on or on, index))


def usable_balance(lots: Sequence[WalletLot], on: date) -> Decimal:
    """The balance usable on ``on`` (expired lots excluded)."""
    return from_fen(sum(to_fen(lots[index].amount) for index in _usable(lots, on)))


def draw_wallet(lots: Sequence[WalletLot], amount: Decimal, on: date) -> tuple[WalletDraw, ...]:
    """Take up to ``amount`` from the lots usable on ``on``, earliest expiry first; never more than usable."""
    wanted = to_fen(require_decimal(amount, "amount"))
    if wanted < 0:
        raise ValueError(f"cannot draw a negative amount: {amount}")
    draws: list[WalletDraw] = []
    for index in _usable(lots, on):
        if wanted == 0:
            break
        take = min(wanted, to_fen(lots[index].amount))
        if take:
            draws.append(WalletDraw(index, from_fen(take)))
            wanted -= take
    return tuple(draws)
