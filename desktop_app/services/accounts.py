"""A customer's account (账户): what they were billed, credited, paid and refunded and what that leaves, and
their open bills — the figures the customer dialog's Account tab and the payment dialog show.

- Permission ``payments.view``; the customer must be in the actor's scope (``record.not_found``). Read-only.
- Field rules on money (``amounts.py``): bill money (billed, credited, outstanding, overdue; each open bill's
  amount due, paid and outstanding) follows ``bills.amount``; money received and paid back (paid, refunded)
  follows ``payments.amount``; the balance and the open credit are made of both and are shown only when both
  are. A withheld figure is None.
- ``payments.py`` re-exports these names (they lived there first).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import InstrumentedAttribute

from desktop_app.models import Bill, Payment
from desktop_app.services import amounts
from desktop_app.services import payment_allocation as settling
from desktop_app.services.context import Context
from desktop_app.services.customers import visible_customer

__all__ = ["Account", "OutstandingBill", "customer_account", "outstanding_bills"]


@dataclass(frozen=True)
class OutstandingBill:
    id: int
    code: str
    issue_date: date | None
    due_date: date | None
    amount_due: Decimal | None  # the three amounts: None where the role withholds bill amounts
    paid: Decimal | None
    outstanding: Decimal | None
    overdue_days: int  # 0 when not yet due


@dataclass(frozen=True)
class Account:
    """The customer's account; a figure is None where the actor's role withholds it (see the module docstring)."""

    customer_id: int
    billed: Decimal | None  # issued bills (not void): amount due
    credited: Decimal | None  # issued credit notes (less what they put back into the prepaid wallet)
    paid: Decimal | None  # payments received
    refunded: Decimal | None  # paid back
    balance: Decimal | None  # billed − credited − paid + refunded; positive: the customer owes
    outstanding: Decimal | None  # still owed on open bills
    open_credit: Decimal | None  # received or credited, not settled yet
    overdue: Decimal | None  # outstanding on bills past their due date


def outstanding_bills(context: Context, customer_id: int) -> list[OutstandingBill]:
    """The customer's bills with something still owed, oldest due first."""
    context.require("payments.view")
    visible = amounts.rules_of(context).bills_shown
    with context.unit_of_work(write=False) as uow:
        session = uow.session
        visible_customer(session, context, customer_id)
        day = settling.today(session, context.clock())
        return [OutstandingBill(bill.id, bill.code or "", bill.issue_date, bill.due_date,
                                amounts.shown(bill.amount_due, visible), amounts.shown(bill.paid, visible),
                                amounts.shown(settling.outstanding(bill), visible),
                                max(0, (day - bill.due_date).days) if bill.due_date else 0)
                for bill in settling.open_bills(session, customer_id, lock=False)]


def customer_account(context: Context, customer_id: int) -> Account:
    """What the customer was billed, credited, paid and refunded, and what that leaves."""
    context.require("payments.view")
    rules = amounts.rules_of(context)
    with context.unit_of_work(write=False) as uow:
        session = uow.session
        visible_customer(session, context, customer_id)

        def summed(column: InstrumentedAttribute[Decimal], *conditions: ColumnElement[bool]) -> Decimal:
            return settling.total([session.scalar(select(func.sum(column)).where(*conditions))])

        mine = Bill.customer_id == customer_id
        billed = summed(Bill.amount_due, mine, Bill.kind == settling.BILL,
                        Bill.status.in_((*settling.OPEN, settling.PAID)))
        # a credit note's amount_due: its gross less what it put back into the prepaid wallet
        credited = summed(Bill.amount_due, mine, Bill.kind == settling.CREDIT_NOTE,
                          Bill.status.notin_(settling.NOT_IN_FORCE))
        paid = summed(Payment.amount, Payment.customer_id == customer_id, Payment.kind == "payment")
        refunded = summed(Payment.amount, Payment.customer_id == customer_id, Payment.kind == "refund")
        day = settling.today(session, context.clock())
        bills = settling.open_bills(session, customer_id, lock=False)
        outstanding = settling.total(settling.outstanding(bill) for bill in bills)
        overdue = settling.total(settling.outstanding(bill) for bill in bills
                                 if bill.due_date is not None and bill.due_date < day)
        open_credit = settling.open_credit(session, customer_id) if rules.account_shown else None
    bill_money, received, both = rules.bills_shown, rules.payments_shown, rules.account_shown
    return Account(customer_id, billed=amounts.shown(billed, bill_money), credited=amounts.shown(credited, bill_money),
                   paid=amounts.shown(paid, received), refunded=amounts.shown(refunded, received),
                   balance=amounts.shown(billed - credited - paid + refunded, both),
                   outstanding=amounts.shown(outstanding, bill_money), open_credit=open_credit,
                   overdue=amounts.shown(overdue, bill_money))
