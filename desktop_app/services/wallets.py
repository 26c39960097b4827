"""Prepaid wallets (预付钱包): top-ups, debits, the bill run's draws, and the ledger behind the balance.

- One wallet per customer, made by the first top-up. ``balance`` always equals the sum of the wallet's
  ledger (``wallet_entries``) and is never below zero: every movement is one Core UPDATE of the balance
  in fen (a debit or draw only ``WHERE balance >= amount``) plus one ledger entry with ``balance_after``,
  in the same transaction. The row lock of that UPDATE orders two desktops; neither ever reads a
  balance, decides, and writes it back.
- Idempotent: a top-up or debit carries the action's ``token`` (UNIQUE on the ledger); the same token
  again returns what the first one did and moves nothing.
- Kinds of entry: ``top_up`` and ``bonus`` (credits), ``draw`` (a debit by hand or a bill's draw),
  ``reversal`` (a draft bill's draws given back). Expiry dates are kept on credits; expired credit
  leaves the balance only through an ``expiry`` entry (not written here), so until then it is usable.
- Permissions: ``payments.view`` to look, ``payments.create`` to top up, ``payments.edit`` to debit and
  to set the low-balance threshold; the customer must be in the actor's scope (``record.not_found``). The
  wallet's money is payment money: its amounts follow the field rule ``payments.amount`` (None where masked
  or hidden), and top-ups, debits and the threshold need it editable (``amounts.py``).
  The session-level helpers (``usable_balance``, ``draw``, ``reverse_draws``, ``credit``) are for the
  bill run and for payments inside their own unit of work: no permission, no audit of their own.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import BigInteger, func, insert, literal, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from desktop_app.billing.money import from_fen, parse_amount, to_fen
from desktop_app.errors import DomainError, ValidationFailed
from desktop_app.models import Customer, Wallet, WalletEntry
from desktop_app.services import amounts
from desktop_app.services.changes import Changes
from desktop_app.services.context import Context
from desktop_app.services.customers import visible_customer
from desktop_app.services.validation import length

__all__ = ["ENTRY_LIMIT", "WalletEntryInfo", "WalletInfo", "credit", "debit", "draw", "ledger_total",
           "lock_customer", "money_input", "reverse_draws", "set_low_balance", "top_up", "usable_balance",
           "wallet_of"]

ENTRY_LIMIT = 200  # ledger entries shown with a wallet, newest first
MAX_AMOUNT = Decimal(10) ** 12  # any money typed in: below one trillion yuan (BIGINT fen is far larger)
TOKEN_LENGTH = 64
ZERO = Decimal("0.00")
CHANGES = Changes(billing=True)  # the wallet and the account reload


@dataclass(frozen=True)
class WalletEntryInfo:
    id: int
    kind: str  # top_up | bonus | draw | reversal | refund | expiry
    amount: Decimal | None  # signed: credits positive, draws negative (None: withheld, field rule payments.amount)
    balance_after: Decimal | None
    bill_id: int | None
    expires_on: date | None
    note: str
    at: datetime
    by: str


@dataclass(frozen=True)
class WalletInfo:
    customer_id: int
    wallet_id: int | None  # None: no top-up yet
    currency: str
    balance: Decimal | None  # balance and threshold: None where the role withholds payment amounts
    low_balance: Decimal | None
    entries: tuple[WalletEntryInfo, ...]  # newest first, at most ENTRY_LIMIT

    @property
    def is_low(self) -> bool:
        """Below the low-balance threshold (False while the amounts are withheld: the flag would tell them)."""
        if self.wallet_id is None or self.balance is None or self.low_balance is None:
            return False
        return self.balance < self.low_balance


# --- checks shared with payments -------------------------------------------------------------------

def money_input(value: Decimal | str, field: str, *, allow_zero: bool = False) -> Decimal:
    """An amount typed or given (``Decimal`` or text such as "1,200.50"): above 0 (or 0 if allowed), at most
    2 decimals, below one trillion; else ValidationFailed(``payment.amount_invalid``) naming ``field``."""
    try:
        amount = parse_amount(value) if isinstance(value, str) else from_fen(to_fen(value))
    except (TypeError, ValueError):
        raise ValidationFailed("payment.amount_invalid", field) from None
    if amount < 0 or (amount == 0 and not allow_zero) or amount >= MAX_AMOUNT:
        raise ValidationFailed("payment.amount_invalid", field)
    return amount


def check_token(token: str) -> str:
    """The idempotency token of a write: a programming error, not the user's, when missing."""
    if not isinstance(token, str) or not token.strip() or len(token) > TOKEN_LENGTH:
        raise ValueError(f"an idempotency token of 1 to {TOKEN_LENGTH} characters is required, got {token!r}")
    return token


def lock_customer(session: Session, customer_id: int) -> None:
    """Take the customer's row lock (PostgreSQL/MariaDB; SQLite write transactions are exclusive already):
    money movements of one customer run one after the other, so reading its open credit or finding its
    wallet and then writing is never raced by another desktop."""
    session.execute(select(Customer.id).where(Customer.id == customer_id).with_for_update())


def _fen(amount: Decimal) -> Any:
    return literal(to_fen(amount), BigInteger())


# --- session-level helpers -------------------------------------------------------------------------

def _wallet_id(session: Session, customer_id: int) -> int | None:
    return session.scalar(select(Wallet.id).where(Wallet.customer_id == customer_id))


def _balance(session: Session, wallet_id: int) -> Decimal:
    value: Decimal | None = session.scalar(select(Wallet.balance).where(Wallet.id == wallet_id))
    return ZERO if value is None else value


def ledger_total(session: Session, wallet_id: int) -> Decimal:
    """The sum of the wallet's ledger entries (what its balance must be)."""
    total: Decimal | None = session.scalar(select(func.sum(WalletEntry.amount)).where(WalletEntry.wallet_id
                                                                                      == wallet_id))
    return ZERO if total is None else from_fen(to_fen(total))


def usable_balance(session: Session, customer_id: int) -> Decimal:
    """What the customer's wallet can pay now (0.00 without a wallet)."""
    wallet_id = _wallet_id(session, customer_id)
    return ZERO if wallet_id is None else _balance(session, wallet_id)


def _entry(session: Session, wallet_id: int, kind: str, amount: Decimal, by: str, at: datetime, *,
           token: str | None = None, bill_id: int | None = None, expires_on: date | None = None,
           note: str = "", balance_after: Decimal | None = None) -> WalletEntry:
    after = _balance(session, wallet_id) if balance_after is None else balance_after
    row = WalletEntry(wallet_id=wallet_id, kind=kind, amount=amount, balance_after=after, bill_id=bill_id,
                      token=token, expires_on=expires_on, note=note, at=at, by=by)
    session.add(row)
    session.flush()
    return row


def _add(session: Session, wallet_id: int, amount: Decimal, by: str, at: datetime) -> None:
    session.execute(update(Wallet).where(Wallet.id == wallet_id)
                    .values(balance=Wallet.balance + _fen(amount), version=Wallet.version + 1, updated_at=at,
                            updated_by=by)
                    .execution_options(synchronize_session=False))


def _take(session: Session, customer_id: int, amount: Decimal, by: str, at: datetime) -> bool:
    """The one conditional UPDATE: take ``amount`` if the balance covers it. False: nothing taken."""
    result = session.execute(update(Wallet)
                             .where(Wallet.customer_id == customer_id, Wallet.balance >= _fen(amount))
                             .values(balance=Wallet.balance - _fen(amount), version=Wallet.version + 1,
                                     updated_at=at, updated_by=by)
                             .execution_options(synchronize_session=False))
    return bool(result.rowcount)  # type: ignore[attr-defined]


def _open_wallet(session: Session, customer_id: int, by: str, at: datetime) -> int:
    """The customer's wallet id, made if missing (call under ``lock_customer``)."""
    wallet_id = _wallet_id(session, customer_id)
    if wallet_id is None:
        session.execute(insert(Wallet).values(customer_id=customer_id, currency="CNY", balance=ZERO,
                                              low_balance=ZERO, version=1, updated_at=at, updated_by=by))
        wallet_id = _wallet_id(session, customer_id)
        assert wallet_id is not None
    return wallet_id


def credit(session: Session, customer_id: int, kind: str, amount: Decimal, by: str, at: datetime, *,
           token: str | None = None, bill_id: int | None = None, expires_on: date | None = None,
           note: str = "") -> WalletEntry:
    """Put ``amount`` (> 0) into the customer's wallet (made if missing) with one ledger entry."""
    wallet_id = _open_wallet(session, customer_id, by, at)
    _add(session, wallet_id, amount, by, at)
    return _entry(session, wallet_id, kind, amount, by, at, token=token, bill_id=bill_id, expires_on=expires_on,
                  note=note)


def draw(session: Session, customer_id: int, amount: Decimal, bill_id: int | None, by: str, at: datetime
         ) -> Decimal:
    """Take ``amount`` from the wallet for a bill, all or nothing; returns what was drawn (0.00: not enough,
    or no wallet). The bill run calls this inside its own transaction."""
    if amount <= 0 or not _take(session, customer_id, amount, by, at):
        return ZERO
    wallet_id = _wallet_id(session, customer_id)
    assert wallet_id is not None
    _entry(session, wallet_id, "draw", -amount, by, at, bill_id=bill_id)
    return from_fen(to_fen(amount))


def draw_what_it_can(session: Session, customer_id: int, payable: Decimal, bill_id: int | None, by: str,
                     at: datetime) -> Decimal:
    """Take what the wallet holds, up to ``payable`` (prepaid money pays what it can of a bill); returns
    what was drawn. The conditional UPDATE keeps it safe when another desktop draws at the same moment."""
    if payable <= 0:
        return ZERO
    for _attempt in range(3):  # the balance read may be overtaken by another desktop's draw: read again
        amount = min(usable_balance(session, customer_id), payable)
        if amount <= 0:
            return ZERO
        drawn = draw(session, customer_id, amount, bill_id, by, at)
        if drawn > 0:
            return drawn
    return ZERO


def reverse_draws(session: Session, bill_id: int, by: str, at: datetime) -> Decimal:
    """Give back what bill ``bill_id`` drew and has not been given back yet (a draft deleted or billed
    again): one ``reversal`` entry per wallet. Returns the amount given back; calling it again gives 0.00."""
    given = ZERO
    rows = session.execute(select(WalletEntry.wallet_id, func.sum(WalletEntry.amount))
                           .where(WalletEntry.bill_id == bill_id, WalletEntry.kind.in_(("draw", "reversal")),
                                  WalletEntry.token.is_(None))  # a debit by hand (with a token) stays
                           .group_by(WalletEntry.wallet_id).order_by(WalletEntry.wallet_id)).all()
    for wallet_id, net in rows:
        back = -from_fen(to_fen(net))
        if back > 0:
            _add(session, wallet_id, back, by, at)
            _entry(session, wallet_id, "reversal", back, by, at, bill_id=bill_id)
            given += back
    return given


# --- use cases -------------------------------------------------------------------------------------

def _entry_info(row: WalletEntry, visible: bool = True) -> WalletEntryInfo:
    return WalletEntryInfo(row.id, row.kind, amounts.shown(row.amount, visible),
                           amounts.shown(row.balance_after, visible), row.bill_id, row.expires_on, row.note, row.at,
                           row.by)


def _wallet_info(session: Session, customer_id: int, visible: bool = True) -> WalletInfo:
    wallet = session.scalar(select(Wallet).where(Wallet.customer_id == customer_id)
                            .execution_options(populate_existing=True))
    if wallet is None:
        return WalletInfo(customer_id, None, "CNY", amounts.shown(ZERO, visible), amounts.shown(ZERO, visible), ())
    entries = session.scalars(select(WalletEntry).where(WalletEntry.wallet_id == wallet.id)
                              .order_by(WalletEntry.id.desc()).limit(ENTRY_LIMIT))
    return WalletInfo(customer_id, wallet.id, wallet.currency, amounts.shown(wallet.balance, visible),
                      amounts.shown(wallet.low_balance, visible), tuple(_entry_info(row, visible) for row in entries))


def wallet_of(context: Context, customer_id: int) -> WalletInfo:
    """The customer's wallet: balance, low-balance threshold, the latest entries (every amount None where the
    actor's role withholds payment amounts)."""
    context.require("payments.view")
    visible = amounts.rules_of(context).payments_shown
    with context.unit_of_work(write=False) as uow:
        visible_customer(uow.session, context, customer_id)
        return _wallet_info(uow.session, customer_id, visible)


def _already(context: Context, customer_id: int, token: str) -> WalletInfo | None:
    """The wallet as it is if ``token`` was used already (by this or another desktop), else None."""
    with context.unit_of_work(write=False) as uow:
        if uow.session.scalar(select(WalletEntry.id).where(WalletEntry.token == token)) is None:
            return None
        return _wallet_info(uow.session, customer_id)


def top_up(context: Context, customer_id: int, amount: Decimal | str, token: str, bonus: Decimal | str = ZERO,
           expires_on: date | None = None, note: str = "") -> tuple[WalletInfo, Changes]:
    """Credit the wallet with ``amount`` (entry ``top_up``) and ``bonus`` (entry ``bonus``, if any), both
    usable until ``expires_on``; the wallet is made on the first top-up. The same token again: nothing."""
    context.require("payments.create")
    amounts.require_editable(context, amounts.PAYMENTS)
    paid, extra = money_input(amount, "amount"), money_input(bonus, "bonus", allow_zero=True)
    length(note, "note", 200)
    check_token(token)
    try:
        return _top_up(context, customer_id, paid, token, extra, expires_on, note)
    except IntegrityError:  # the same token committed by another desktop meanwhile
        found = _already(context, customer_id, token)
        if found is None:
            raise
        return found, CHANGES


def _top_up(context: Context, customer_id: int, paid: Decimal, token: str, extra: Decimal,
            expires_on: date | None, note: str) -> tuple[WalletInfo, Changes]:
    with context.unit_of_work() as uow:
        session, by, at = uow.session, context.actor.display_name, context.clock()
        customer = visible_customer(session, context, customer_id)
        lock_customer(session, customer_id)
        if session.scalar(select(WalletEntry.id).where(WalletEntry.token == token)) is not None:
            return _wallet_info(session, customer_id), CHANGES
        entry = credit(session, customer_id, "top_up", paid, by, at, token=token, expires_on=expires_on, note=note)
        if extra > 0:
            credit(session, customer_id, "bonus", extra, by, at, expires_on=expires_on, note=note)
        uow.audit("wallet.top_up", "customer", customer_id, code=customer.code, amount=str(paid), bonus=str(extra),
                  expires_on=expires_on, wallet=entry.wallet_id, token=token)
        result = _wallet_info(session, customer_id)
        uow.commit()
        return result, CHANGES


def debit(context: Context, customer_id: int, amount: Decimal | str, token: str, note: str = "",
          bill_id: int | None = None) -> tuple[WalletEntryInfo, Changes]:
    """Take ``amount`` from the wallet (entry ``draw``): ``wallet.insufficient`` unless the balance covers it,
    checked by the UPDATE itself. The same token again returns the first entry and takes nothing."""
    context.require("payments.edit")
    amounts.require_editable(context, amounts.PAYMENTS)
    wanted = money_input(amount, "amount")
    length(note, "note", 200)
    check_token(token)
    try:
        return _debit(context, customer_id, wanted, token, note, bill_id)
    except IntegrityError:  # the same token committed by another desktop meanwhile
        with context.unit_of_work(write=False) as uow:
            row = uow.session.scalar(select(WalletEntry).where(WalletEntry.token == token))
            if row is None:
                raise
            return _entry_info(row), CHANGES


def _debit(context: Context, customer_id: int, amount: Decimal, token: str, note: str, bill_id: int | None
           ) -> tuple[WalletEntryInfo, Changes]:
    with context.unit_of_work() as uow:
        session, by, at = uow.session, context.actor.display_name, context.clock()
        customer = visible_customer(session, context, customer_id)
        earlier = session.scalar(select(WalletEntry).where(WalletEntry.token == token))
        if earlier is not None:
            return _entry_info(earlier), CHANGES
        if not _take(session, customer_id, amount, by, at):
            earlier = session.scalar(select(WalletEntry).where(WalletEntry.token == token))
            if earlier is not None:  # the same debit won the race: it is done
                return _entry_info(earlier), CHANGES
            raise DomainError("wallet.insufficient", balance=str(usable_balance(session, customer_id)),
                              amount=str(amount))
        wallet_id = _wallet_id(session, customer_id)
        assert wallet_id is not None
        row = _entry(session, wallet_id, "draw", -amount, by, at, token=token, bill_id=bill_id, note=note)
        uow.audit("wallet.debit", "customer", customer_id, code=customer.code, amount=str(amount),
                  balance_after=str(row.balance_after), bill=bill_id, token=token)
        uow.commit()
        return _entry_info(row), CHANGES


def set_low_balance(context: Context, customer_id: int, threshold: Decimal | str) -> tuple[WalletInfo, Changes]:
    """Flag the wallet as low below ``threshold`` (0 turns the flag off); the wallet is made if missing."""
    context.require("payments.edit")
    amounts.require_editable(context, amounts.PAYMENTS)
    limit = money_input(threshold, "low_balance", allow_zero=True)
    with context.unit_of_work() as uow:
        session, by, at = uow.session, context.actor.display_name, context.clock()
        customer = visible_customer(session, context, customer_id)
        lock_customer(session, customer_id)
        wallet_id = _open_wallet(session, customer_id, by, at)
        session.execute(update(Wallet).where(Wallet.id == wallet_id)
                        .values(low_balance=limit, version=Wallet.version + 1, updated_at=at, updated_by=by)
                        .execution_options(synchronize_session=False))
        uow.audit("wallet.low_balance", "customer", customer_id, code=customer.code, threshold=str(limit))
        result = _wallet_info(session, customer_id)
        uow.commit()
        return result, CHANGES
