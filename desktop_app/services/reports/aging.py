"""Receivables aging (应收账龄) per customer on a reference day: what each customer's bills still owed then,
by days past due — current, 1–30, 31–60, 61–90, over 90 (``statements.aging_bucket``).

- Reference day: ``flt.as_of``, or today in the company's calendar by the injected clock (``rq.today``).
- What a bill owed on the reference day is what the customer statement (``services/statements.py``) ages:
  its amount due (价税合计 less the credit and wallet amounts deducted on it) less the allocations in effect
  by then. An allocation takes effect on the later of its source's day (the payment received, the credit
  note issued) and the bill's issue date. Bills count when issued on or before the reference day and
  neither draft nor void. Today (or any day after the last payment) this is ``amount_due − paid`` of the
  bills still ``issued`` / ``partially_paid`` — the outstanding of ``payments.customer_account``; for a day
  in the past the allocations that came later are added back, so a settled bill shows what it owed then.
- Days past due = reference day − due date (a bill due on the reference day is current; no due date:
  current). Open credit not yet allocated (an overpayment, a credit note not applied) is not deducted,
  as on the statement; it shows on the customer's account.
- Set-based: one query sums per customer with one SUM(CASE …) per bucket (the buckets as due-date ranges
  read off ``aging_bucket``); the parts for payments received / credit notes issued after the reference
  day are added only when there are any (never as of today). One row per customer owing something.
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import cache
from typing import Any

from sqlalchemy import ColumnElement, and_, case, func, or_, select, union_all
from sqlalchemy.orm import aliased

from desktop_app.billing.money import from_fen
from desktop_app.documents.report_snapshot import Card, Chart, Column, Drill, Label, ReportSnapshot, Series, Value
from desktop_app.models import Bill, Customer, Payment, PaymentAllocation, User
from desktop_app.services.context import Context
from desktop_app.services.reports.model import ReportFilter
from desktop_app.services.reports.query import ReportQuery, open_report, yuan
from desktop_app.services.reports.revenue import BILL, CREDIT_NOTE, NOT_COUNTED, TOTAL_TEXT, raw, scoped
from desktop_app.services.statements import BUCKETS, aging_bucket

__all__ = ["BUCKET_LABELS", "bucket_edges", "build"]

OPEN = ("issued", "partially_paid")
BUCKET_LABELS = {
    "current": Label("未到期", "Current"),
    "days_1_30": Label("1–30天", "1–30 days"),
    "days_31_60": Label("31–60天", "31–60 days"),
    "days_61_90": Label("61–90天", "61–90 days"),
    "over_90": Label("90天以上", "Over 90 days"),
}

# the chart's axis (days past due)
CATEGORIES: tuple[str | Label, ...] = (Label("未到期", "current"), "1–30", "31–60", "61–90", "90+")


@cache
def bucket_edges() -> tuple[tuple[int, str], ...]:
    """``(most days past due, bucket)`` of every bucket but the last, in order, read off
    ``statements.aging_bucket`` so the report buckets exactly as the statement does:
    ((0, "current"), (30, "days_1_30"), (60, "days_31_60"), (90, "days_61_90"))."""
    edges = []
    for days in range(0, 3660):
        if aging_bucket(days) != aging_bucket(days + 1):
            edges.append((days, aging_bucket(days)))
    return tuple(edges)


def _bucket_sums(due_date: Any, fen: Any, reference: date) -> list[Any]:
    """One SUM per bucket (in BUCKETS order) of ``fen`` whose ``due_date`` puts it in that bucket on
    ``reference`` (days past due = reference − due date; no due date: current), as due-date ranges."""
    edges = bucket_edges()
    bounds = [reference - timedelta(days=most) for most, _name in edges]  # due on or after: at most that late
    sums = []
    for index in range(len(edges) + 1):
        conditions: list[ColumnElement[bool]] = []
        if index < len(edges):
            conditions.append(due_date >= bounds[index])
        if index > 0:
            conditions.append(due_date < bounds[index - 1])
        condition = and_(*conditions)
        if index == 0:
            condition = or_(due_date.is_(None), condition)
        sums.append(func.sum(case((condition, fen), else_=0)))
    return sums


def _owed(rq: ReportQuery, reference: date) -> Any:
    """(customer id, due date, fen) rows: what each open bill owes now, plus every allocation to a bill issued
    by the reference day whose source came after it (a payment received, a credit note issued later had not
    settled the bill yet). Each part starts from what an index finds: open bills; payments and credit notes
    after the reference day (none when it is today)."""
    columns = (Bill.customer_id.label("customer_id"), Bill.due_date.label("due_date"))
    in_force = (Bill.kind == BILL, Bill.status.notin_(NOT_COUNTED), Bill.issue_date <= reference)
    open_now = (select(*columns, (raw(Bill.amount_due) - raw(Bill.paid)).label("fen"))
                .where(Bill.kind == BILL, Bill.status.in_(OPEN), Bill.issue_date <= reference,
                       raw(Bill.amount_due) - raw(Bill.paid) > 0))
    later_payments = select(Payment.id).where(Payment.received_on > reference)
    note = aliased(Bill)
    later_notes = select(note.id).where(note.kind == CREDIT_NOTE, note.issue_date > reference)
    parts = [scoped(rq, open_now)]
    for source, later in ((PaymentAllocation.payment_id, later_payments),
                          (PaymentAllocation.credit_note_id, later_notes)):
        # as of today nothing came later: the part is left out rather than left to the planner
        if rq.session.scalar(later.limit(1)) is not None:
            parts.append(scoped(rq, select(*columns, raw(PaymentAllocation.amount).label("fen"))
                                .select_from(PaymentAllocation).join(Bill, Bill.id == PaymentAllocation.bill_id)
                                .where(source.in_(later), *in_force)))
    return union_all(*parts).subquery()


def build(context: Context, flt: ReportFilter) -> ReportSnapshot:
    """One row per customer owing something on the reference day: the five buckets and the total."""
    with open_report(context, flt) as rq:
        reference = rq.today
        owed = _owed(rq, reference)
        per_customer = (select(owed.c.customer_id, *(total.label(name) for total, name in zip(
            _bucket_sums(owed.c.due_date, owed.c.fen, reference), BUCKETS, strict=True)))
            .group_by(owed.c.customer_id).subquery())
        query = (select(Customer.id, Customer.code, Customer.name, User.display_name,
                        *(per_customer.c[name] for name in BUCKETS))
                 .join(Customer, Customer.id == per_customer.c.customer_id)
                 .outerjoin(User, User.id == Customer.owner_id)
                 .order_by(Customer.code, Customer.id))
        totals = [0] * len(BUCKETS)
        rows: list[list[Value]] = []
        drills: list[Drill | None] = []
        money, zero = from_fen, _ZERO
        # up to one row per customer (100,000): plain rows off the connection, a shared zero for empty buckets
        for customer_id, code, name, owner, *found in rq.session.connection().execute(query):
            buckets = [int(fen) if fen else 0 for fen in found]
            owing = sum(buckets)
            if owing == 0:
                continue
            row: list[Value] = [code, name, owner or ""]
            for index, fen in enumerate(buckets):
                if fen:
                    totals[index] += fen
                    row.append(money(fen))
                else:
                    row.append(zero)
            row.append(money(owing))
            rows.append(row)
            drills.append(Drill("customer", {"customer_id": customer_id}))
        by_bucket = dict(zip(BUCKETS, totals, strict=True))
        overall = sum(totals)
        columns = (Column("customer_code", "text", Label("客户编号", "Customer code")),
                   Column("customer_name", "text", Label("客户名称", "Customer")),
                   Column("owner", "text", Label("负责人", "Owner")),
                   *(Column(bucket, "money", BUCKET_LABELS[bucket]) for bucket in BUCKETS),
                   Column("total", "money", Label("合计", "Total")))
        chart = Chart("bar", Label("应收账龄", "Receivables by age"), CATEGORIES,
                      (Series(Label("未收金额", "Outstanding"), tuple(yuan(fen) for fen in totals)),)
                      )
        overdue = overall - by_bucket["current"]
        cards = (Card("outstanding", Label("应收合计", "Receivables"), yuan(overall)),
                 Card("overdue", Label("已逾期", "Overdue"), yuan(overdue), drill=Drill("bills", {"overdue": True})),
                 Card("over_90", Label("逾期90天以上", "Over 90 days overdue"), yuan(by_bucket["over_90"])),
                 Card("customers", Label("欠款客户数", "Customers owing"), len(rows), kind="count")
                 )
        notes = (Label(f"账龄基准日：{reference.isoformat()}；逾期天数 = 基准日 − 到期日。",
                       f"Reference day: {reference.isoformat()}; days past due = reference day − due date."),
                 Label("未收金额 = 应收金额减截至基准日已生效的核销；未核销的预收款和冲销单不冲减。",
                       "Outstanding = amount due less the allocations in effect by the reference day; open credit "
                       "not yet allocated (overpayments, credit notes not applied) is not deducted."))
        return rq.finish("aging", Label("应收账龄", "Receivables aging"), columns, rows,
                         [TOTAL_TEXT, None, None, *(yuan(fen) for fen in totals), yuan(overall)],
                         chart=chart, cards=cards, drills=drills, notes=notes,
                         period_label=Label(f"截至 {rq.today.isoformat()}", f"As of {rq.today.isoformat()}"))


_ZERO = yuan(0)
