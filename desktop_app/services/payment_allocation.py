"""Settling bills: allocations of payments and credit notes, the customer's open credit, receipt numbers.

Session-level helpers for ``payments.py`` (no permission checks, no audit; the caller holds the unit of work
and ``wallets.lock_customer``):

- A bill is open while ``issued`` or ``partially_paid`` with something outstanding (``amount_due − paid``).
  Settling adds a ``payment_allocations`` row, raises ``paid`` and moves the status to ``partially_paid``
  or ``paid``; never more than what is outstanding. A bill that becomes ``paid`` and sold top-up packages
  (``snapshot["wallet_credits"]``, ``billing.wallet.WalletCredit.to_dict``) credits the customer's wallet,
  once per package (the ledger token ``bill-<id>-credit-<n>`` is unique).
- Open credit (预收/未核销): what the customer's payments and issued credit notes have not settled, less
  the refunds. Refunds are not tied to one payment; they use up the oldest credit first, so each source's
  available amount is its unallocated amount after that (the sum is the open credit either way).
- Receipt numbers (``SK-2026-000001``, refunds ``TK-…``) come from the ``counters`` row of (series, year),
  locked for update in the recording transaction: rolled back with it, hence gap-free.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop_app.billing.money import from_fen, to_fen
from desktop_app.billing.periods import COMPANY_TIME_ZONE, local_day
from desktop_app.errors import DomainError, ValidationFailed
from desktop_app.models import Bill, Company, Counter, Payment, PaymentAllocation, WalletEntry
from desktop_app.services import wallets

BILL, CREDIT_NOTE = "bill", "credit_note"
ISSUED, PARTIALLY_PAID, PAID = "issued", "partially_paid", "paid"
OPEN = (ISSUED, PARTIALLY_PAID)
NOT_IN_FORCE = ("draft", "void")  # statuses of a document that neither bills nor credits
ZERO = Decimal("0.00")


def today(session: Session, now: datetime) -> date:
    """The company's calendar day at ``now`` (its time zone, Asia/Shanghai by default)."""
    zone = session.scalar(select(Company.timezone).order_by(Company.id).limit(1)) or COMPANY_TIME_ZONE
    return local_day(now, zone)


def issue_receipt(session: Session, series: str) -> tuple[str, date]:
    """The next receipt (or refund) number of ``series`` and its issue date, from the locked counter row of the
    issue year: the company's day by the database clock, never earlier than the last issued in the series
    (design/money-rules.md) — a payment recorded days after it was received is numbered and dated when it is
    recorded, and carries the day the money moved apart (``received_on``)."""
    from desktop_app.services.numbering import database_today

    zone = session.scalar(select(Company.timezone).order_by(Company.id).limit(1)) or COMPANY_TIME_ZONE
    day = database_today(session, zone)
    counter = session.scalar(select(Counter).where(Counter.series == series, Counter.year == day.year)
                             .with_for_update())
    if counter is None:
        counter = Counter(series=series, year=day.year, last=0)
        session.add(counter)
    issued = day if counter.last_date is None else max(counter.last_date, day)
    counter.last += 1
    counter.last_date = issued
    session.flush()
    return f"{series}-{counter.year}-{counter.last:06d}", issued


def total(values: Iterable[Decimal | None]) -> Decimal:
    """An exact sum of money amounts (SQL sums come back as Decimal, int or None)."""
    return from_fen(sum(to_fen(Decimal(value)) for value in values if value is not None))


# --- bills ----------------------------------------------------------------------------------------

def outstanding(bill: Bill) -> Decimal:
    return bill.amount_due - bill.paid


def _oldest_first(bill: Bill) -> tuple[date, date, int]:
    return (bill.due_date or bill.issue_date or date.max, bill.issue_date or date.max, bill.id)


def open_bills(session: Session, customer_id: int, bill_ids: Sequence[int] | None = None, *,
               lock: bool = True) -> list[Bill]:
    """The customer's bills with something outstanding, oldest due first (then issue date, id)."""
    query = select(Bill).where(Bill.customer_id == customer_id, Bill.kind == BILL, Bill.status.in_(OPEN))
    if bill_ids is not None:
        query = query.where(Bill.id.in_(list(bill_ids)))
    if lock:
        query = query.with_for_update()
    return sorted((bill for bill in session.scalars(query) if outstanding(bill) > 0), key=_oldest_first)


def spread_oldest_first(bills: Sequence[Bill], amount: Decimal) -> list[tuple[Bill, Decimal]]:
    """``amount`` over ``bills`` in their order, each up to what it still owes."""
    shares: list[tuple[Bill, Decimal]] = []
    left = amount
    for bill in bills:
        share = min(left, outstanding(bill))
        if share > 0:
            shares.append((bill, share))
            left -= share
    return shares


def chosen_shares(session: Session, customer_id: int, bills: Sequence[Bill],
                  chosen: Sequence[tuple[int, Decimal]]) -> list[tuple[Bill, Decimal]]:
    """The shares the user chose, each on an open bill of the customer and within what it owes."""
    by_id = {bill.id: bill for bill in bills}
    shares: list[tuple[Bill, Decimal]] = []
    for bill_id, amount in chosen:
        bill = by_id.get(bill_id)
        if bill is None:
            code = session.scalar(select(Bill.code).where(Bill.id == bill_id, Bill.customer_id == customer_id))
            raise DomainError("payment.bill_not_open", bill=code or f"#{bill_id}")
        if amount > outstanding(bill):
            raise ValidationFailed("payment.allocation_too_large", "allocations", bill=bill.code,
                                   outstanding=str(outstanding(bill)))
        shares.append((bill, amount))
    return shares


def settle(session: Session, bill: Bill, amount: Decimal, by: str, at: datetime, *, payment_id: int | None = None,
           credit_note_id: int | None = None) -> PaymentAllocation:
    """Settle ``amount`` of ``bill`` from a payment or a credit note."""
    if not ZERO < amount <= outstanding(bill):  # pragma: no cover - callers share within what is owed
        raise ValueError(f"cannot settle {amount} of {bill.code}: {outstanding(bill)} outstanding")
    row = PaymentAllocation(payment_id=payment_id, credit_note_id=credit_note_id, bill_id=bill.id, amount=amount,
                            created_at=at, created_by=by)
    session.add(row)
    bill.paid = bill.paid + amount
    bill.status = PAID if bill.paid >= bill.amount_due else PARTIALLY_PAID
    bill.updated_at, bill.updated_by = at, by
    session.flush()
    if bill.status == PAID:
        credit_top_ups(session, bill, by, at)
    return row


def _credit_of(item: Any) -> tuple[Decimal, date | None]:
    try:
        amount = from_fen(to_fen(Decimal(str(item["credit"]))))
        expires = item.get("expires_on")
        return amount, date.fromisoformat(expires) if expires else None
    except (KeyError, TypeError, ValueError, InvalidOperation, AttributeError):
        raise DomainError("payment.top_up_unreadable") from None


def credit_top_ups(session: Session, bill: Bill, by: str, at: datetime) -> list[WalletEntry]:
    """Credit the wallet with the top-up packages a paid bill sold (each once)."""
    entries: list[WalletEntry] = []
    for index, item in enumerate((bill.snapshot or {}).get("wallet_credits") or []):
        token = f"bill-{bill.id}-credit-{index}"
        if session.scalar(select(WalletEntry.id).where(WalletEntry.token == token)) is not None:
            continue
        amount, expires_on = _credit_of(item)
        if amount > 0:
            entries.append(wallets.credit(session, bill.customer_id, "top_up", amount, by, at, token=token,
                                          bill_id=bill.id, expires_on=expires_on, note=bill.code or ""))
    return entries


# --- open credit ----------------------------------------------------------------------------------

@dataclass
class CreditSource:
    """A payment or a credit note with credit left (``available``)."""

    day: date
    payment_id: int | None
    credit_note_id: int | None
    original_bill_id: int | None
    available: Decimal


def _allocated(session: Session, column: Any, ids: list[int]) -> dict[int, Decimal]:
    if not ids:
        return {}
    rows = session.execute(select(column, func.sum(PaymentAllocation.amount)).where(column.in_(ids))
                           .group_by(column)).all()
    return {source: total([amount]) for source, amount in rows}


def credit_sources(session: Session, customer_id: int) -> list[CreditSource]:
    """The customer's payments, credit notes and negative bills with credit left, oldest first (refunds used
    the oldest)."""
    payments = session.execute(select(Payment.id, Payment.received_on, Payment.amount)
                               .where(Payment.customer_id == customer_id, Payment.kind == "payment")).all()
    notes = session.execute(select(Bill.id, Bill.issue_date, Bill.total_gross, Bill.wallet_applied,
                                   Bill.original_bill_id)
                            .where(Bill.customer_id == customer_id, Bill.kind == CREDIT_NOTE,
                                   Bill.status.notin_(NOT_IN_FORCE))).all()
    # a bill whose credits exceed its charges (e.g. a pause billed in advance) owes the customer money: it
    # is credit like a credit note (its allocations name it as the crediting document)
    negative = session.execute(select(Bill.id, Bill.issue_date, Bill.amount_due)
                               .where(Bill.customer_id == customer_id, Bill.kind == BILL,
                                      Bill.status.notin_(NOT_IN_FORCE), Bill.amount_due < ZERO)).all()
    paid_out = _allocated(session, PaymentAllocation.payment_id, [row.id for row in payments])
    noted_out = _allocated(session, PaymentAllocation.credit_note_id, [row.id for row in (*notes, *negative)])
    sources = [CreditSource(row.received_on, row.id, None, None, row.amount - paid_out.get(row.id, ZERO))
               for row in payments]
    sources += [CreditSource(row.issue_date or date.min, None, row.id, row.original_bill_id,
                             # what went back to the prepaid wallet is not open credit
                             row.total_gross - row.wallet_applied - noted_out.get(row.id, ZERO)) for row in notes]
    sources += [CreditSource(row.issue_date or date.min, None, row.id, None,
                             -row.amount_due - noted_out.get(row.id, ZERO)) for row in negative]
    sources.sort(key=lambda s: (s.day, s.payment_id is not None, s.payment_id or s.credit_note_id or 0))
    refunded = total(session.scalars(select(Payment.amount).where(Payment.customer_id == customer_id,
                                                                  Payment.kind == "refund")))
    for source in sources:
        used = min(refunded, max(source.available, ZERO))
        source.available -= used
        refunded -= used
    return [source for source in sources if source.available > 0]


def open_credit(session: Session, customer_id: int) -> Decimal:
    return total(source.available for source in credit_sources(session, customer_id))


def _own_bill_first(bills: Sequence[Bill], original_bill_id: int | None) -> list[Bill]:
    return sorted(bills, key=lambda bill: bill.id != original_bill_id)  # stable: otherwise oldest first


def apply_credit(session: Session, customer_id: int, bill_ids: Sequence[int] | None, by: str, at: datetime
                 ) -> list[PaymentAllocation]:
    """Settle open bills from open credit, oldest credit first; a credit note settles its own bill first,
    then the oldest due."""
    bills = open_bills(session, customer_id, bill_ids)
    rows: list[PaymentAllocation] = []
    for source in credit_sources(session, customer_id):
        for bill, share in spread_oldest_first(_own_bill_first(bills, source.original_bill_id), source.available):
            rows.append(settle(session, bill, share, by, at, payment_id=source.payment_id,
                               credit_note_id=source.credit_note_id))
            source.available -= share
    return rows
