"""Seeding for the report tests: issued bills with lines, credit notes, payments and refunds, written as
rows (the bill run and issuing have their own tests; reports only read what they leave behind).

A bill is inserted as a draft with its lines, then marked issued (the database refuses lines on an issued
bill); its totals are the exact sums of its lines, as the services keep them.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal

from desktop_app.billing.money import round_money
from desktop_app.models import Bill, BillLine, Payment, PaymentAllocation
from desktop_app.services.context import Context

D = Decimal
_NUMBERS = itertools.count(1)
_TOKENS = itertools.count(1)


def at(context: Context, instant: datetime) -> Context:
    """The same actor with a fixed clock."""
    return Context(context.database, context.actor, lambda: instant, context.desktop)


def noon(day: date) -> datetime:
    """12:00 in Shanghai on ``day`` (04:00 UTC)."""
    return datetime(day.year, day.month, day.day, 4, 0, tzinfo=UTC)


@dataclass(frozen=True)
class Line:
    """A bill line: gross amount (tax inclusive) at a tax rate ("0.06", "0.09", "0.13", None = exempt)."""

    gross: str
    tax_rate: str | None = "0.06"
    product: str = ""
    kind: str = "recurring"
    charge: str = ""
    quantity: str = "1"
    period_start: date | None = None
    period_end: date | None = None

    def split(self) -> tuple[Decimal, Decimal, Decimal]:
        gross = D(self.gross)
        if self.tax_rate is None:
            return gross, D("0.00"), gross
        net = round_money(gross / (1 + D(self.tax_rate)))
        return net, gross - net, gross


def bill(context: Context, customer_id: int, issued: date, lines: Sequence[Line], *, due: date | None = None,
         kind: str = "bill", status: str = "issued", subscription_id: int | None = None,
         original: int | None = None, paid: str = "0.00") -> int:
    """Insert one bill (or credit note: ``kind="credit_note"``, positive amounts) with its lines; returns its
    id. ``status`` "draft" leaves it unnumbered."""
    series = "ZD" if kind == "bill" else "HC"
    number = next(_NUMBERS)
    parts = [line.split() for line in lines]
    net, tax, gross = (sum((p[i] for p in parts), D("0.00")) for i in range(3))
    with context.unit_of_work() as uow:
        row = Bill(kind=kind, status="draft", customer_id=customer_id, subscription_id=subscription_id,
                   original_bill_id=original, total_net=net, total_tax=tax, total_gross=gross, amount_due=gross,
                   paid=D(paid), snapshot={}, created_at=context.clock(), created_by="test",
                   period_start=lines[0].period_start if lines else None,
                   period_end=lines[0].period_end if lines else None)
        uow.session.add(row)
        uow.session.flush()
        for position, (line, (line_net, line_tax, line_gross)) in enumerate(zip(lines, parts, strict=True), 1):
            uow.session.add(BillLine(
                bill_id=row.id, position=position, subscription_id=subscription_id, kind=line.kind,
                charge=line.charge or line.product or line.kind, description=line.product or line.kind,
                product=line.product, period_start=line.period_start, period_end=line.period_end,
                quantity=line.quantity, unit="", unit_price=None, net=line_net, tax_rate=line.tax_rate,
                tax=line_tax, gross=line_gross, detail={}))
        uow.session.flush()
        if status != "draft":
            row.status, row.series, row.year, row.number = status, series, issued.year, number
            row.code = f"{series}-{issued.year}-{number:06d}"
            row.issue_date, row.due_date = issued, due
            row.issued_at, row.issued_by = context.clock(), "test"
        bill_id = row.id
        uow.commit()
    return bill_id


def payment(context: Context, customer_id: int, amount: str, received: date, method: str = "bank", *,
            kind: str = "payment", settles: Sequence[tuple[int, str]] = ()) -> int:
    """Insert a payment (or a refund: ``kind="refund"``) and its allocations to bills ``(bill id, amount)``,
    moving those bills' ``paid`` and status as the payment service does."""
    token = f"report-sample-{next(_TOKENS)}"
    prefix = "SK" if kind == "payment" else "TK"
    with context.unit_of_work() as uow:
        row = Payment(code=f"{prefix}-{received.year}-{token}", kind=kind, customer_id=customer_id,
                      amount=D(amount), received_on=received, method=method, token=token,
                      created_at=context.clock(), created_by="test")
        uow.session.add(row)
        uow.session.flush()
        for bill_id, part in settles:
            uow.session.add(PaymentAllocation(payment_id=row.id, bill_id=bill_id, amount=D(part),
                                              created_at=context.clock(), created_by="test"))
            settled = uow.session.get(Bill, bill_id)
            assert settled is not None
            settled.paid = settled.paid + D(part)
            settled.status = "paid" if settled.paid >= settled.amount_due else "partially_paid"
        payment_id = row.id
        uow.commit()
    return payment_id
