"""Payments (收款): recording money received, settling bills, open credit, refunds, a customer's account.

- ``record_payment`` takes money received and settles the customer's open bills with it: the bills the
  user chose, or the oldest due first. What is left is the customer's open credit (预收), applied later by
  ``allocate_open_credit`` (with the credit notes' amounts) or paid back by ``refund``. The rules of
  settling are in ``payment_allocation.py``.
- Every write runs under the customer's row lock (``wallets.lock_customer``) in one unit of work with one
  audit entry, and is idempotent on the action's ``token``: the same token again returns what the first
  call did and writes nothing, also when the first committed on another desktop meanwhile. Payments and
  refunds keep the token in ``payments.token`` (UNIQUE; a unique violation on commit is answered with the
  row that won). Applying open credit writes no row of its own that could hold a token, and the schema
  has no place for one: its token is kept in the detail of its audit entry (``payment.allocate`` on the
  customer, with the ids of the allocations it made); under the customer lock a repeat finds that entry
  and returns the same allocations.
- Permissions: ``payments.view`` to read, ``payments.create`` to record, ``payments.edit`` to apply credit
  and to refund; the customer must be in the actor's scope (``record.not_found`` otherwise), and lists only
  show payments of customers in scope. Recording and refunding set payment amounts: only with the field rule
  ``payments.amount`` editable; a role that masks or hides payment amounts gets them as None (``amounts.py``).
- The customer's account and open bills are in ``accounts.py`` (re-exported here).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from decimal import Decimal
from typing import TypeVar

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, aliased

from desktop_app.errors import DomainError, ValidationFailed
from desktop_app.models import AuditEntry, Bill, Customer, Payment, PaymentAllocation
from desktop_app.services import amounts
from desktop_app.services import payment_allocation as settling
from desktop_app.services.accounts import Account, OutstandingBill, customer_account, outstanding_bills
from desktop_app.services.changes import Changes
from desktop_app.services.context import Context
from desktop_app.services.customers import scope_condition, visible_customer
from desktop_app.services.validation import length
from desktop_app.services.wallets import check_token, lock_customer, money_input

__all__ = ["METHODS", "Account", "AllocationInfo", "CreditApplied", "OutstandingBill", "PaymentInfo",
           "PaymentInput", "allocate_open_credit", "customer_account", "list_payments", "outstanding_bills",
           "payment_allocations", "record_payment", "refund"]

METHODS = ("cash", "bank", "alipay", "wechat", "unionpay", "card", "other")
RECEIPT, REFUND = "SK", "TK"  # receipt number series: 收款 / 退款
CHANGES = Changes(billing=True)  # bills, payments and the account reload
T = TypeVar("T")


@dataclass(frozen=True)
class PaymentInput:
    customer_id: int
    amount: Decimal | str  # Decimal or text as typed: "1,200.50", "¥1200.5"
    received_on: date
    method: str  # one of METHODS
    reference: str = ""  # bank serial number, Alipay order number ...
    payer: str = ""
    notes: str = ""
    allocations: tuple[tuple[int, Decimal | str], ...] | None = None  # (bill id, amount); None: oldest first


@dataclass(frozen=True)
class PaymentInfo:
    """A payment or refund; ``amount`` and ``allocated`` are None where the actor's role withholds payment
    amounts (field rule ``payments.amount``: ``amounts.py``)."""

    id: int
    code: str  # SK-2026-000001, refunds TK-2026-000001
    kind: str  # payment | refund
    customer_id: int
    customer_code: str
    customer_name: str
    amount: Decimal | None
    allocated: Decimal | None  # settled bills with (0.00 for a refund)
    currency: str
    received_on: date
    method: str
    reference: str
    payer: str
    notes: str
    created_at: datetime
    created_by: str
    issued_on: date | None = None  # the receipt's date: when it was recorded and numbered (0012; else received_on)


@dataclass(frozen=True)
class AllocationInfo:
    id: int
    bill_id: int
    bill_code: str
    payment_id: int | None  # from a payment ...
    payment_code: str
    credit_note_id: int | None  # ... or from a credit note
    credit_note_code: str
    amount: Decimal | None  # None where withheld: payments.amount (from a credit note: bills.amount too)
    created_at: datetime
    created_by: str


@dataclass(frozen=True)
class CreditApplied:
    allocations: tuple[AllocationInfo, ...]
    total: Decimal | None  # None (with open_credit) unless the role shows bill and payment amounts
    open_credit: Decimal | None  # what is left


# --- checks ---------------------------------------------------------------------------------------

def _method(method: str) -> str:
    if method not in METHODS:
        raise ValidationFailed("payment.method_unknown", "method", method=method)
    return method


def _chosen(data: PaymentInput, amount: Decimal) -> list[tuple[int, Decimal]] | None:
    if data.allocations is None:
        return None
    chosen = [(bill_id, money_input(share, "allocations")) for bill_id, share in data.allocations]
    bill_ids = [bill_id for bill_id, _ in chosen]
    for bill_id in bill_ids:
        if bill_ids.count(bill_id) > 1:
            raise ValidationFailed("payment.allocation_duplicate", "allocations")
    allocated = settling.total(share for _, share in chosen)
    if allocated > amount:
        raise ValidationFailed("payment.allocation_exceeds_amount", "allocations", allocated=str(allocated),
                               amount=str(amount))
    return chosen


def _texts(reference: str, payer: str, notes: str) -> None:
    length(reference, "reference", 100)
    length(payer, "payer", 200)
    length(notes, "notes", 2000)


# --- reading --------------------------------------------------------------------------------------

def _infos(session: Session, rows: Sequence[Payment], visible: bool = True) -> list[PaymentInfo]:
    ids = [row.id for row in rows]
    allocated = dict(session.execute(select(PaymentAllocation.payment_id, func.sum(PaymentAllocation.amount))
                                     .where(PaymentAllocation.payment_id.in_(ids))
                                     .group_by(PaymentAllocation.payment_id)).all()) if ids else {}
    customers = {c.id: c for c in session.scalars(select(Customer).where(
        Customer.id.in_({row.customer_id for row in rows})))} if rows else {}
    return [PaymentInfo(row.id, row.code, row.kind, row.customer_id, customers[row.customer_id].code,
                        customers[row.customer_id].name,
                        amounts.shown(row.amount, visible),
                        amounts.shown(settling.total([allocated.get(row.id)]), visible),
                        row.currency, row.received_on, row.method, row.reference, row.payer, row.notes,
                        row.created_at, row.created_by, row.issued_on or row.received_on) for row in rows]


def _allocation_infos(session: Session, condition: ColumnElement[bool]) -> list[AllocationInfo]:
    settled, note = aliased(Bill), aliased(Bill)
    query = (select(PaymentAllocation, settled.code, Payment.code, note.code)
             .join(settled, settled.id == PaymentAllocation.bill_id)
             .outerjoin(Payment, Payment.id == PaymentAllocation.payment_id)
             .outerjoin(note, note.id == PaymentAllocation.credit_note_id)
             .where(condition).order_by(PaymentAllocation.id))
    return [AllocationInfo(row.id, row.bill_id, bill_code or "", row.payment_id, payment_code or "",
                           row.credit_note_id, note_code or "", row.amount, row.created_at, row.created_by)
            for row, bill_code, payment_code, note_code in session.execute(query)]


def _allocation_shown(row: AllocationInfo, rules: amounts.AmountRules) -> AllocationInfo:
    """The allocation as the actor may see it: payment money, and from a credit note bill money too."""
    visible = rules.payments_shown and (row.credit_note_id is None or rules.bills_shown)
    return row if visible else replace(row, amount=None)


def _visible_payment(session: Session, context: Context, payment_id: int) -> Payment:
    query = select(Payment).join(Customer, Customer.id == Payment.customer_id).where(Payment.id == payment_id)
    condition = scope_condition(session, context)
    if condition is not None:
        query = query.where(condition)
    row: Payment | None = session.scalar(query)
    if row is None:
        raise DomainError("record.not_found")
    return row


def list_payments(context: Context, customer_id: int | None = None) -> list[PaymentInfo]:
    """Payments and refunds of the customers the actor sees, newest first (amounts withheld per field rule)."""
    context.require("payments.view")
    visible = amounts.rules_of(context).payments_shown
    with context.unit_of_work(write=False) as uow:
        session = uow.session
        query = select(Payment).join(Customer, Customer.id == Payment.customer_id) \
            .order_by(Payment.received_on.desc(), Payment.id.desc())
        condition = scope_condition(session, context)
        if condition is not None:
            query = query.where(condition)
        if customer_id is not None:
            query = query.where(Payment.customer_id == customer_id)
        return _infos(session, list(session.scalars(query)), visible)


def payment_allocations(context: Context, payment_id: int) -> list[AllocationInfo]:
    """The bills a payment settled, in the order it settled them."""
    context.require("payments.view")
    with context.unit_of_work(write=False) as uow:
        _visible_payment(uow.session, context, payment_id)
        rules = amounts.rules_of(context)
        return [_allocation_shown(row, rules)
                for row in _allocation_infos(uow.session, PaymentAllocation.payment_id == payment_id)]


# --- writing --------------------------------------------------------------------------------------

def _once(context: Context, token: str, work: Callable[[], T], found: Callable[[Session], T | None]) -> T:
    """``work()``; when its commit hits a unique key, the result of the call with the same token that won
    (``found``), or ``work()`` once more (a counter row made by another desktop at the same moment)."""
    for attempt in (1, 2):
        try:
            return work()
        except IntegrityError:
            with context.unit_of_work(write=False) as uow:
                result = found(uow.session)
            if result is not None:
                return result
            if attempt == 2:
                raise
    raise AssertionError("unreachable")  # pragma: no cover


def _by_token(token: str, customer_id: int) -> Callable[[Session], tuple[PaymentInfo, Changes] | None]:
    """The payment or refund an earlier call with ``token`` recorded for this customer (never another's)."""
    def found(session: Session) -> tuple[PaymentInfo, Changes] | None:
        row = session.scalar(select(Payment).where(Payment.token == token))
        if row is not None and row.customer_id != customer_id:
            raise DomainError("payment.token_used")
        return None if row is None else (_infos(session, [row])[0], CHANGES)
    return found


def record_payment(context: Context, data: PaymentInput, token: str) -> tuple[PaymentInfo, Changes]:
    """Record money received from a customer and settle their bills with it (chosen, or oldest first);
    the rest stays as open credit. The same token again returns the first payment. Only for a role that may
    set payment amounts (field rule ``payments.amount`` editable; else ``AmountNotEditable``)."""
    context.require("payments.create")
    amounts.require_editable(context, amounts.PAYMENTS)
    amount = money_input(data.amount, "amount")
    chosen = _chosen(data, amount)
    _method(data.method)
    _texts(data.reference, data.payer, data.notes)
    check_token(token)
    return _once(context, token, lambda: _record(context, data, amount, chosen, token),
                 _by_token(token, data.customer_id))


def _record(context: Context, data: PaymentInput, amount: Decimal, chosen: list[tuple[int, Decimal]] | None,
            token: str) -> tuple[PaymentInfo, Changes]:
    with context.unit_of_work() as uow:
        session, by, at = uow.session, context.actor.display_name, context.clock()
        customer = visible_customer(session, context, data.customer_id)
        lock_customer(session, customer.id)
        if (earlier := _by_token(token, customer.id)(session)) is not None:
            return earlier
        if data.received_on > settling.today(session, at):
            raise ValidationFailed("payment.received_in_future", "received_on")
        bills = settling.open_bills(session, customer.id)
        shares = (settling.spread_oldest_first(bills, amount) if chosen is None
                  else settling.chosen_shares(session, customer.id, bills, chosen))
        code, issued = settling.issue_receipt(session, RECEIPT)
        payment = Payment(code=code, issued_on=issued, kind="payment",
                          customer_id=customer.id, amount=amount, received_on=data.received_on, method=data.method,
                          reference=data.reference, payer=data.payer, notes=data.notes, token=token, created_at=at,
                          created_by=by)
        session.add(payment)
        session.flush()
        for bill, share in shares:
            settling.settle(session, bill, share, by, at, payment_id=payment.id)
        uow.audit("payment.record", "payment", payment.id, code=payment.code, customer=customer.code,
                  amount=str(amount), method=data.method, received_on=data.received_on, reference=data.reference,
                  settled=[[bill.code, str(share)] for bill, share in shares], token=token)
        result = _infos(session, [payment])[0]
        uow.commit()
    return result, CHANGES


def refund(context: Context, customer_id: int, amount: Decimal | str, method: str, token: str,
           reference: str = "", notes: str = "") -> tuple[PaymentInfo, Changes]:
    """Pay back part or all of the customer's open credit (a ``refund`` dated today, ``TK-…``); only for a role
    that may set payment amounts."""
    context.require("payments.edit")
    amounts.require_editable(context, amounts.PAYMENTS)
    wanted = money_input(amount, "amount")
    _method(method)
    _texts(reference, "", notes)
    check_token(token)

    def work() -> tuple[PaymentInfo, Changes]:
        with context.unit_of_work() as uow:
            session, by, at = uow.session, context.actor.display_name, context.clock()
            customer = visible_customer(session, context, customer_id)
            lock_customer(session, customer.id)
            if (earlier := _by_token(token, customer.id)(session)) is not None:
                return earlier
            credit = settling.open_credit(session, customer.id)
            if wanted > credit:
                raise DomainError("payment.refund_exceeds_credit", amount=str(wanted), credit=str(credit))
            code, issued = settling.issue_receipt(session, REFUND)
            row = Payment(code=code, issued_on=issued, kind="refund", customer_id=customer.id,
                          amount=wanted, received_on=settling.today(session, at), method=method, reference=reference,
                          notes=notes,
                          token=token, created_at=at, created_by=by)
            session.add(row)
            session.flush()
            uow.audit("payment.refund", "payment", row.id, code=row.code, customer=customer.code,
                      amount=str(wanted), method=method, reference=reference, token=token)
            result = _infos(session, [row])[0]
            uow.commit()
        return result, CHANGES

    return _once(context, token, work, _by_token(token, customer_id))


def _applied(session: Session, customer_id: int, ids: Sequence[int]) -> CreditApplied:
    rows = _allocation_infos(session, PaymentAllocation.id.in_(list(ids))) if ids else []
    return CreditApplied(tuple(rows), settling.total(row.amount for row in rows),
                         settling.open_credit(session, customer_id))


def _applied_shown(applied: CreditApplied, rules: amounts.AmountRules) -> CreditApplied:
    """What applying open credit did, as the actor may see it: the total and the open credit left are made of
    payment and credit-note money, shown only when both are."""
    both = rules.account_shown
    return CreditApplied(tuple(_allocation_shown(row, rules) for row in applied.allocations),
                         amounts.shown(applied.total, both), amounts.shown(applied.open_credit, both))


def _applied_before(session: Session, customer_id: int, token: str) -> CreditApplied | None:
    """What an earlier ``allocate_open_credit`` with ``token`` did, from its audit entry."""
    details = session.scalars(select(AuditEntry.detail).where(
        AuditEntry.entity == "customer", AuditEntry.entity_id == str(customer_id),
        AuditEntry.action == "payment.allocate"))
    for text in details:
        detail = json.loads(text)
        if detail.get("token") == token:
            return _applied(session, customer_id, [int(i) for i in detail.get("allocations", [])])
    return None


def allocate_open_credit(context: Context, customer_id: int, token: str, bill_ids: Sequence[int] | None = None
                         ) -> tuple[CreditApplied, Changes]:
    """Settle the customer's open bills (or only ``bill_ids``) from their open credit: unsettled payments
    and credit notes, oldest first. The same token again returns what the first call settled. No amount is
    typed, so any field rule may apply credit; the amounts in the answer follow the rules (``amounts.py``)."""
    context.require("payments.edit")
    check_token(token)
    rules = amounts.rules_of(context)
    with context.unit_of_work() as uow:
        session, by, at = uow.session, context.actor.display_name, context.clock()
        customer = visible_customer(session, context, customer_id)
        lock_customer(session, customer.id)
        earlier = _applied_before(session, customer.id, token)
        if earlier is not None:
            return _applied_shown(earlier, rules), CHANGES
        rows = settling.apply_credit(session, customer.id, bill_ids, by, at)
        ids = [row.id for row in rows]
        result = _applied(session, customer.id, ids)
        uow.audit("payment.allocate", "customer", customer.id, code=customer.code, token=token, allocations=ids,
                  total=str(result.total), settled=[[row.bill_code, str(row.amount)] for row in result.allocations])
        uow.commit()
    return _applied_shown(result, rules), CHANGES
