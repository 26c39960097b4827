"""The dashboard's figures as set-based queries, each restricted to the report scope (``rq.scoped``).

Every query groups in the database and reads integer fen; the definitions are those of every report
(``services/reports/__init__``): billed revenue = bills less credit notes issued in the period, neither draft
nor void; collected = payments less refunds received in the period; outstanding = amount due − paid of the
bills ``issued`` or ``partially_paid``. Each leans on a covering index (``models/bill.py``, ``payment.py``,
``customer.py``, ``usage.py``: "reports" indexes), so a year of a million bills is read from the index alone.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import BigInteger, ColumnElement, case, func, select, type_coerce

from desktop_app.models import Bill, Customer, Subscription, UsageRecordRow
from desktop_app.services.reports.model import month_start
from desktop_app.services.reports.query import ReportQuery

__all__ = ["BILL", "CREDIT_NOTE", "NOT_COUNTED", "OPEN", "Overdue", "TopCustomer", "new_customers", "overdue",
           "raw", "revenue_by_day", "signed", "top_customers", "usage_by_month"]

BILL, CREDIT_NOTE = "bill", "credit_note"
NOT_COUNTED = ("draft", "void")
OPEN = ("issued", "partially_paid")


def raw(column: Any) -> ColumnElement[int]:
    """A Fen column as the integer fen it stores (sums stay integers; ``yuan`` converts once)."""
    return type_coerce(column, BigInteger)


def signed(kind: Any, column: Any) -> ColumnElement[int]:
    """``column`` in fen, negative on a credit note."""
    return case((kind == CREDIT_NOTE, -raw(column)), else_=raw(column))


def revenue_by_day(rq: ReportQuery, start: date, end: date) -> dict[date, int]:
    """Billed gross (fen, credit notes subtracted) per issue day in ``[start, end)``."""
    query = (select(Bill.issue_date, Bill.kind, func.sum(raw(Bill.total_gross)))
             .where(Bill.issue_date >= start, Bill.issue_date < end, Bill.status.notin_(NOT_COUNTED))
             .group_by(Bill.issue_date, Bill.kind))
    days: dict[date, int] = defaultdict(int)
    for day, kind, fen in rq.session.execute(rq.scoped(query, Bill.customer_id)):
        if day is not None:  # (the range excludes undated drafts; this tells the type checker)
            days[day] += -int(fen or 0) if kind == CREDIT_NOTE else int(fen or 0)
    return days


def by_month(days: dict[date, int]) -> dict[date, int]:
    months: dict[date, int] = defaultdict(int)
    for day, fen in days.items():
        months[month_start(day)] += fen
    return months


@dataclass(frozen=True)
class Overdue:
    count: int
    fen: int  # outstanding: amount due − paid


def overdue(rq: ReportQuery, today: date) -> Overdue:
    """Open bills (``issued`` / ``partially_paid``) due before ``today``: how many and what they still owe."""
    query = (select(func.count(), func.sum(raw(Bill.amount_due) - raw(Bill.paid)))
             .where(Bill.status.in_(OPEN), Bill.kind == BILL, Bill.due_date < today))
    count, fen = rq.session.execute(rq.scoped(query, Bill.customer_id)).one()
    return Overdue(int(count or 0), int(fen or 0))


def new_customers(rq: ReportQuery, start: date, end: date) -> int:
    """Customers created on the company's calendar days ``[start, end)``."""
    query = (select(func.count()).select_from(Customer)
             .where(Customer.created_at >= rq.day_start(start), Customer.created_at < rq.day_start(end)))
    return int(rq.session.scalar(rq.scoped(query, Customer.id)) or 0)


@dataclass(frozen=True)
class TopCustomer:
    customer_id: int
    name: str
    fen: int


def top_customers(rq: ReportQuery, start: date, end: date, limit: int = 10) -> list[TopCustomer]:
    """The ``limit`` customers with the most billed gross issued in ``[start, end)`` (ties by id; only those
    with a positive total). Each scoped customer's sum is a range of the index (customer, issue date): no
    grouping of a year of bills."""
    revenue = func.coalesce(
        select(func.sum(signed(Bill.kind, Bill.total_gross)))
        .where(Bill.customer_id == Customer.id, Bill.issue_date >= start, Bill.issue_date < end,
               Bill.status.notin_(NOT_COUNTED))
        .correlate(Customer).scalar_subquery(), 0)
    query = select(Customer.id, Customer.name, revenue).order_by(revenue.desc(), Customer.id).limit(limit)
    return [TopCustomer(int(customer_id), name, int(fen)) for customer_id, name, fen
            in rq.session.execute(rq.scoped(query, Customer.id)) if int(fen or 0) > 0]


def usage_by_month(rq: ReportQuery, start: date, end: date) -> dict[str, dict[date, int]]:
    """Per meter: the recorded quantity (millionths of the meter's unit, records summed as stored) of the usage
    periods starting in each month of ``[start, end)``."""
    query: Any = (select(UsageRecordRow.meter, UsageRecordRow.period_start, func.sum(UsageRecordRow.quantity_micro))
                  .where(UsageRecordRow.period_start >= start, UsageRecordRow.period_start < end)
                  .group_by(UsageRecordRow.period_start, UsageRecordRow.meter))
    if rq.customers is not None:  # only then is the subscription's customer needed
        query = rq.scoped(query.join(Subscription, Subscription.id == UsageRecordRow.subscription_id),
                          Subscription.customer_id)
    meters: dict[str, dict[date, int]] = defaultdict(lambda: defaultdict(int))
    for meter, period_start, micro in rq.session.execute(query):
        meters[meter][month_start(period_start)] += int(micro or 0)
    return meters


def month_values(months: Sequence[date], values: dict[date, int]) -> list[int]:
    return [values.get(month, 0) for month in months]
