"""Payment collection (收款统计): money received per day and per payment method.

Collected in a period: payments (kind ``payment``) minus refunds (kind ``refund``) whose ``received_on`` day
lies in the period (half-open days ``[start, end)``), of the customers in the report's scope and filters.
One row per day with a payment or a refund: one column per method (cash 现金, bank transfer 银行转账, Alipay
支付宝, WeChat Pay 微信支付, UnionPay 银联, bank card 银行卡, other 其他 — a method the list does not know counts
as other), the payments' count, the refunds (all methods) and the net (payments − refunds); a totals row; a
pie of the method totals. Grouped in the database by (day, method, kind); amounts read as integer fen.

Amounts are left out (the counts stay) when the actor's role hides ``payments.amount``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import BigInteger, func, select, type_coerce

from desktop_app.documents.report_snapshot import Card, Chart, Column, Drill, Label, ReportSnapshot, Series, Value
from desktop_app.models import Payment
from desktop_app.services.context import Context
from desktop_app.services.reports.model import ReportFilter
from desktop_app.services.reports.query import TOTAL, ReportQuery, open_report, yuan

__all__ = ["METHODS", "MethodTotals", "build", "method_label", "method_totals"]

METHODS: dict[str, Label] = {
    "cash": Label("现金", "Cash"),
    "bank": Label("银行转账", "Bank transfer"),
    "alipay": Label("支付宝", "Alipay"),
    "wechat": Label("微信支付", "WeChat Pay"),
    "unionpay": Label("银联", "UnionPay"),
    "card": Label("银行卡", "Bank card"),
    "other": Label("其他", "Other"),
}
PAYMENT, REFUND = "payment", "refund"
TITLE = Label("收款统计", "Payment collection")


def method_label(method: str) -> Label:
    return METHODS.get(method, METHODS["other"])


def _method(method: str | None) -> str:
    return method if method in METHODS else "other"


@dataclass
class MethodTotals:
    """Payments per method, refunds and counts, in fen (one day, or a whole period)."""

    payments: dict[str, int] = field(default_factory=lambda: dict.fromkeys(METHODS, 0))
    refunds: int = 0
    payment_count: int = 0
    refund_count: int = 0

    def add(self, method: str | None, kind: str, count: int, fen: int) -> None:
        if kind == REFUND:
            self.refunds += fen
            self.refund_count += count
        else:
            self.payments[_method(method)] += fen
            self.payment_count += count

    def merge(self, other: MethodTotals) -> None:
        for method, fen in other.payments.items():
            self.payments[method] += fen
        self.refunds += other.refunds
        self.payment_count += other.payment_count
        self.refund_count += other.refund_count

    @property
    def received(self) -> int:
        return sum(self.payments.values())

    @property
    def net(self) -> int:
        return self.received - self.refunds


def method_totals(rq: ReportQuery, start: date, end: date) -> dict[date, MethodTotals]:
    """Per ``received_on`` day in ``[start, end)``: payments per method and refunds of the scoped customers."""
    amount = type_coerce(Payment.amount, BigInteger)
    query = (select(Payment.received_on, Payment.method, Payment.kind, func.count(), func.sum(amount))
             .where(Payment.received_on >= start, Payment.received_on < end, Payment.kind.in_((PAYMENT, REFUND)))
             .group_by(Payment.received_on, Payment.method, Payment.kind))
    days: dict[date, MethodTotals] = defaultdict(MethodTotals)
    for day, method, kind, count, fen in rq.session.execute(rq.scoped(query, Payment.customer_id)):
        days[day].add(method, kind, int(count), int(fen or 0))
    return days


def _cells(totals: MethodTotals) -> list[Value]:
    return [*(yuan(totals.payments[m]) for m in METHODS), totals.payment_count, yuan(totals.refunds),
            yuan(totals.net)]


def build(context: Context, flt: ReportFilter) -> ReportSnapshot:
    """收款统计 for ``flt``: one row per day with payments or refunds, a totals row and a pie by method (the money
    columns, the pie and the money cards are left out by ``rq.finish`` when ``payments.amount`` is hidden)."""
    with open_report(context, flt) as rq:
        days = method_totals(rq, flt.period.start, flt.period.end)
        order = sorted(days)
        total = MethodTotals()
        for day in order:
            total.merge(days[day])
        columns: Sequence[Column] = (
            Column("day", "date", Label("日期", "Day")),
            *(Column(method, "money", label) for method, label in METHODS.items()),
            Column("payments", "count", Label("笔数", "Payments")),
            Column("refunds", "money", Label("退款", "Refunds")),
            Column("net", "money", Label("净收款", "Net collected")),
        )
        rows: list[list[Value]] = [[day, *_cells(days[day])] for day in order]
        drills = [Drill("payments", {"period": f"{day.isoformat()}..{day.isoformat()}"}) for day in order]
        slices = [(method, fen) for method, fen in total.payments.items() if fen > 0]
        chart = Chart("pie", Label("收款方式构成", "Payments by method"),
                      tuple(METHODS[m] for m, _ in slices),
                      (Series(Label("收款", "Received"), tuple(yuan(fen) for _, fen in slices)),),
                      key="payments_by_method")
        cards = [Card("payments", Label("收款笔数", "Payments"), total.payment_count, "count",
                      detail=Label(f"退款 {total.refund_count} 笔", f"{total.refund_count} refunds")),
                 Card("received", Label("收款", "Received"), yuan(total.received)),
                 Card("refunds", Label("退款", "Refunds"), yuan(total.refunds)),
                 Card("net", Label("净收款", "Net collected"), yuan(total.net))]
        notes = [Label("净收款 = 收款 − 退款，按收款日期统计。",
                       "Net collected = payments − refunds, by the day received.")]
        totals: list[Any] = [TOTAL, *_cells(total)]
        return rq.finish("collections", TITLE, columns, rows, totals, chart=chart, cards=cards, drills=drills,
                         notes=notes, amounts=("payments",))
