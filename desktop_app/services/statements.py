"""The customer account statement (对账单): what the customer owed at the start of a period, every bill,
credit note, payment and refund in it with the running balance, what they owe at its end, and the aging
(账龄) of the bills still open at its end.

- The period is half-open, [``period_from``, ``period_to``), like every period in the product. A bill or
  credit note counts on its issue date, a payment or refund on the day it was received (paid back).
  Drafts are not on a statement; a void bill (or credit note) is shown on its issue date with 0.00 (it
  kept its number, so the customer may ask about it).
- Signs: positive is what the customer owes. An issued bill adds its amount due (价税合计 less the credit
  and wallet amounts deducted on it: what the bill asks for); a credit note and a payment subtract; a
  refund adds. These are exactly the sums of ``payments.customer_account``, so the closing balance of a
  statement that ends after today is the account balance.
- Aging at the end of the period: per bill issued before ``period_to``, what it still owed then: its
  amount due less the allocations (``payment_allocations``) in effect by then. An allocation takes effect
  on the later of its source's day (the payment received, the credit note issued) and the bill's issue
  date: money the customer had paid settles a bill from the day both existed, even when the clerk
  applied the open credit later. (For a period ending after today this is what each bill owes now.)
  Days overdue are counted on the last day of the period (``period_to`` − 1 day): a bill due that day is
  current, one due the day before is 1 day overdue. Buckets: current (not yet due), 1–30, 31–60, 61–90,
  over 90 days.
- Permission ``bills.view``; the customer must be in the actor's scope (``record.not_found``). Read-only.
- Field rules on money (``amounts.py``): a bill's or credit note's amount and the period's billed and credited
  follow ``bills.amount``; a payment's or refund's amount and the period's paid and refunded follow
  ``payments.amount``; the opening, running and closing balances and the aging are made of both and are shown
  only when both are. A withheld amount is None; the entries themselves (day, document, status) stay listed.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session, aliased

from desktop_app.billing.money import from_fen, to_fen
from desktop_app.errors import ValidationFailed
from desktop_app.models import Bill, Payment, PaymentAllocation
from desktop_app.services import amounts
from desktop_app.services.context import Context
from desktop_app.services.customers import visible_customer

__all__ = ["BUCKETS", "Aging", "Statement", "StatementEntry", "aging_bucket", "statement"]

ZERO = Decimal("0.00")
BILL, CREDIT_NOTE, PAYMENT, REFUND = "bill", "credit_note", "payment", "refund"
NOT_IN_FORCE = ("draft", "void")
BUCKETS = ("current", "days_1_30", "days_31_60", "days_61_90", "over_90")
_ORDER = {BILL: 0, CREDIT_NOTE: 1, PAYMENT: 2, REFUND: 3}  # the same day: what was billed, then what came in


def _sum(values: Iterable[Decimal | None]) -> Decimal:
    return from_fen(sum(to_fen(value) for value in values if value is not None))


@dataclass(frozen=True)
class StatementEntry:
    day: date
    kind: str  # bill | credit_note | payment | refund
    id: int  # the bill's (credit note's) or the payment's id
    code: str  # ZD-2026-000001, HC-…, SK-…, TK-…
    status: str  # the document's status ("void": shown with 0.00); payments and refunds: "received"
    due_date: date | None  # bills
    method: str  # payments and refunds: cash, bank, …
    reference: str  # payments: bank serial number …; credit notes: the bill they correct
    amount: Decimal | None  # signed: positive adds to what the customer owes (None: withheld)
    balance: Decimal | None  # running balance after this entry (None: withheld)

    @property
    def debit(self) -> Decimal | None:
        """What this entry charges (借方), 0.00 if it is a credit."""
        if self.amount is None:
            return None
        return self.amount if self.amount > 0 else ZERO

    @property
    def credit(self) -> Decimal | None:
        """What this entry credits (贷方), as a positive amount."""
        if self.amount is None:
            return None
        return -self.amount if self.amount < 0 else ZERO


@dataclass(frozen=True)
class Aging:
    as_of: date  # the day the days overdue are counted on: the last day of the period
    current: Decimal
    days_1_30: Decimal
    days_31_60: Decimal
    days_61_90: Decimal
    over_90: Decimal

    @property
    def overdue(self) -> Decimal:
        return _sum((self.days_1_30, self.days_31_60, self.days_61_90, self.over_90))

    @property
    def total(self) -> Decimal:
        return _sum((self.current, self.overdue))


@dataclass(frozen=True)
class Statement:
    """The statement; a money figure is None where the actor's role withholds it (see the module docstring)."""

    customer_id: int
    customer_code: str
    customer_name: str
    period_from: date
    period_to: date  # exclusive
    currency: str
    opening_balance: Decimal | None
    entries: tuple[StatementEntry, ...]
    closing_balance: Decimal | None
    billed: Decimal | None  # in the period: bills issued (amount due)
    credited: Decimal | None  # credit notes
    paid: Decimal | None  # payments received
    refunded: Decimal | None  # refunds paid
    aging: Aging | None  # None: withheld

    @property
    def complete(self) -> bool:
        """Every amount shown (a statement can be printed only then)."""
        return self.aging is not None and all(entry.amount is not None for entry in self.entries)


def aging_bucket(days_overdue: int) -> str:
    """The bucket of a bill this many days past its due date (0 or less: current)."""
    if days_overdue <= 0:
        return "current"
    if days_overdue <= 30:
        return "days_1_30"
    if days_overdue <= 60:
        return "days_31_60"
    if days_overdue <= 90:
        return "days_61_90"
    return "over_90"


def _bill_day(bill: Bill) -> date:
    return bill.issue_date or bill.created_at.date()


def _entries(session: Session, customer_id: int, period_to: date) -> list[StatementEntry]:
    """Every bill, credit note, payment and refund of the customer before ``period_to``, in statement order
    (``balance`` still 0: the caller runs it)."""
    original = aliased(Bill)
    bills = session.execute(select(Bill, original.code).outerjoin(original, original.id == Bill.original_bill_id)
                            .where(Bill.customer_id == customer_id, Bill.status != "draft")).all()
    entries = []
    for bill, original_code in bills:
        day = _bill_day(bill)
        if day >= period_to:
            continue
        # a bill owes what the wallet did not pay; a credit note credits what it did not put back into the wallet
        value = (ZERO if bill.status in NOT_IN_FORCE else bill.amount_due if bill.kind == BILL
                 else -(bill.total_gross - bill.wallet_applied))
        entries.append(StatementEntry(day, bill.kind, bill.id, bill.code or "", bill.status, bill.due_date, "",
                                      original_code or "", value, ZERO))
    payments = session.scalars(select(Payment).where(Payment.customer_id == customer_id,
                                                     Payment.received_on < period_to))
    for payment in payments:
        value = -payment.amount if payment.kind == PAYMENT else payment.amount
        entries.append(StatementEntry(payment.received_on, payment.kind, payment.id, payment.code, "received", None,
                                      payment.method, payment.reference, value, ZERO))
    entries.sort(key=lambda e: (e.day, _ORDER.get(e.kind, 9), e.code, e.id))
    return entries


def _aging(session: Session, customer_id: int, period_to: date) -> Aging:
    as_of = period_to - timedelta(days=1)
    bills = list(session.scalars(select(Bill).where(Bill.customer_id == customer_id, Bill.kind == BILL,
                                                    Bill.status.notin_(NOT_IN_FORCE))))
    owed = {bill.id: bill for bill in bills if _bill_day(bill) < period_to}
    note = aliased(Bill)
    settled: dict[int, list[Decimal]] = defaultdict(list)
    if owed:
        rows = session.execute(select(PaymentAllocation.bill_id, PaymentAllocation.amount, Payment.received_on,
                                      note.issue_date)
                               .outerjoin(Payment, Payment.id == PaymentAllocation.payment_id)
                               .outerjoin(note, note.id == PaymentAllocation.credit_note_id)
                               .where(PaymentAllocation.bill_id.in_(list(owed))))
        for bill_id, amount, received_on, noted_on in rows:
            source_day = received_on or noted_on or date.min
            if max(source_day, _bill_day(owed[bill_id])) < period_to:
                settled[bill_id].append(amount)
    buckets: dict[str, list[Decimal]] = {name: [] for name in BUCKETS}
    for bill in owed.values():
        left = bill.amount_due - _sum(settled[bill.id])
        if left > 0:
            days = (as_of - bill.due_date).days if bill.due_date is not None else 0
            buckets[aging_bucket(days)].append(left)
    return Aging(as_of, *(_sum(buckets[name]) for name in BUCKETS))


def _as_shown(result: Statement, rules: amounts.AmountRules) -> Statement:
    """The statement as the actor may see it (see the module docstring)."""
    if rules.account_shown:
        return result
    bill_money, received = rules.bills_shown, rules.payments_shown

    def entry(item: StatementEntry) -> StatementEntry:
        visible = bill_money if item.kind in (BILL, CREDIT_NOTE) else received
        return replace(item, amount=amounts.shown(item.amount, visible), balance=None)

    return replace(result, opening_balance=None, entries=tuple(entry(item) for item in result.entries),
                   closing_balance=None, billed=amounts.shown(result.billed, bill_money),
                   credited=amounts.shown(result.credited, bill_money), paid=amounts.shown(result.paid, received),
                   refunded=amounts.shown(result.refunded, received), aging=None)


def statement(context: Context, customer_id: int, period_from: date, period_to: date) -> Statement:
    """The customer's statement for [``period_from``, ``period_to``) with the aging at its end (amounts withheld
    per the actor's field rules)."""
    context.require("bills.view")
    rules = amounts.rules_of(context)
    if period_to <= period_from:
        raise ValidationFailed("statement.period_invalid", "period_to", period_from=period_from.isoformat(),
                               period_to=period_to.isoformat())
    with context.unit_of_work(write=False) as uow:
        session = uow.session
        customer = visible_customer(session, context, customer_id)
        everything = _entries(session, customer.id, period_to)
        opening = _sum(entry.amount for entry in everything if entry.day < period_from)
        balance, shown = opening, []
        for entry in everything:
            if entry.day >= period_from:
                balance = _sum((balance, entry.amount))
                shown.append(StatementEntry(entry.day, entry.kind, entry.id, entry.code, entry.status, entry.due_date,
                                            entry.method, entry.reference, entry.amount, balance))

        def period_sum(kind: str) -> Decimal:
            return abs(_sum(entry.amount for entry in shown if entry.kind == kind))

        result = Statement(customer.id, customer.code, customer.name, period_from, period_to, "CNY", opening,
                           tuple(shown), balance, period_sum(BILL), period_sum(CREDIT_NOTE), period_sum(PAYMENT),
                           period_sum(REFUND), _aging(session, customer.id, period_to))
    return _as_shown(result, rules)
