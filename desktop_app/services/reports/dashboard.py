"""The dashboard (首页看板): the home screen's figures for the logged-in user's ``reports`` scope.

Cards: billed revenue this month (gross, credit notes subtracted) against last month and the same month last
year; monthly recurring revenue (``dashboard_mrr``: net recurring fees spread over the months they cover)
against last month; overdue bills (what they still owe; how many); collected this month (payments less
refunds); new customers this month. Charts: revenue of the last 12 months beside the same months a year
before (bar), MRR of the last 12 months (line), usage per meter of the last 12 months (line: the records of
the usage periods starting in each month, in the billing unit where the plans agree on one) and this month's
payments by method (pie). Top 10 customers by billed revenue of the last 12 months. "This month" is the
company's calendar month of the injected clock (``context.clock``).

Each figure leads to the list behind it (``Drill``). Amounts a role may not see (``bills.amount`` /
``payments.amount`` hidden) are left out, with a note.
"""

from __future__ import annotations

from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from typing import TypeVar

from desktop_app.billing.exact import display_ratio
from desktop_app.documents.report_snapshot import Card, Chart, Dashboard, Drill, Label, Series
from desktop_app.services.context import Context
from desktop_app.services.reports import collections
from desktop_app.services.reports.dashboard_mrr import mrr_by_month
from desktop_app.services.reports.dashboard_queries import (
    Overdue,
    by_month,
    month_values,
    new_customers,
    overdue,
    revenue_by_day,
    top_customers,
    usage_by_month,
)
from desktop_app.services.reports.model import Period, ReportFilter, add_months, month_start, next_month
from desktop_app.services.reports.query import AMOUNTS_HIDDEN, ReportQuery, in_report, open_report, yuan
from desktop_app.services.reports.usage import MICRO, meter_units, rules_by_version

__all__ = ["MRR_NOTE", "load_dashboard", "percent_change"]

T = TypeVar("T")

MRR_NOTE = Label("月经常性收入：有效账单中周期性费用（月费、按用户数、功能模块、套餐包及期中调整，扣除折扣与冲销）的"
                 "不含税金额，按账单行的服务期平均分摊到各月。",
                 "Monthly recurring revenue: the net (without VAT) recurring fees of the bills in force (fees, "
                 "seats, modules, bundles and mid-period adjustments, less discounts and credit notes), each "
                 "line spread evenly over the months of its service period.")
TOP_LABEL = Label("近12个月收入前十的客户", "Top 10 customers by revenue, last 12 months")



def _money(fen: int) -> str:
    return f"¥{yuan(fen):,}"


def percent_change(now: int, before: int) -> Decimal | None:
    """(now − before) / |before| as a ratio to four places (half up: 0.1235 is 12.35 %); None when there is
    nothing to compare with."""
    if before == 0:
        return None
    return (Decimal(now - before) / abs(Decimal(before))).quantize(Decimal("0.0001"), ROUND_HALF_UP)


def _change(now: int, before: int) -> str:
    """"+12.3%" (half up to a tenth of a percent, from the exact ratio), or "—"."""
    if before == 0:
        return "—"
    percent = (Decimal(100 * (now - before)) / abs(Decimal(before))).quantize(Decimal("0.1"), ROUND_HALF_UP)
    return f"{percent:+}%"


def _month_text(month: date) -> str:
    return f"{month.year}-{month.month:02d}"


def _revenue_card(this: int, last: int, year_ago: int, month: date) -> Card:
    detail = Label(f"上月 {_money(last)}（{_change(this, last)}）· "
                   f"去年同月 {_money(year_ago)}（{_change(this, year_ago)}）",
                   f"Last month {_money(last)} ({_change(this, last)}) · same month last year {_money(year_ago)} "
                   f"({_change(this, year_ago)})")
    return Card("revenue_month", Label("本月收入（价税合计）", "Revenue this month (gross)"), yuan(this),
                detail=detail, drill=Drill("bill_register", {"period": _month_text(month)}))


def _mrr_card(this: int, last: int) -> Card:
    detail = Label(f"上月 {_money(last)}（{_change(this, last)}）",
                   f"Last month {_money(last)} ({_change(this, last)})")
    return Card("mrr", Label("月经常性收入（不含税）", "Monthly recurring revenue (net)"), yuan(this), detail=detail,
                drill=Drill("revenue_by_period", {"period": "last-12-months"}))


def _usage_chart(rq: ReportQuery, months: Sequence[date]) -> Chart:
    found = usage_by_month(rq, months[0], next_month(months[-1]))
    shown = meter_units(rules_by_version(rq))
    series = []
    for meter in sorted(found):
        name, size = shown.get(meter, (meter, Fraction(1)))
        values = tuple(display_ratio(micro * size.denominator, size.numerator * MICRO)
                       for micro in month_values(months, found[meter]))
        label = name if name == meter else f"{name} · {meter}"
        series.append(Series(Label(label, label), values))
    return Chart("line", Label("用量趋势（近12个月）", "Usage, last 12 months"), tuple(map(_month_text, months)),
                 tuple(series), value_kind="quantity", key="usage_trend")


@dataclass
class _Facts:
    """Where and when the dashboard is computed (from a first, short read)."""

    month: date
    months: list[date]
    today: date
    now: datetime
    time_zone: str
    bills_shown: bool
    payments_shown: bool
    flt: ReportFilter


@dataclass
class _Basics:
    revenue: dict[date, int] = field(default_factory=dict)  # gross per month, the last 24 months
    owed: Overdue = field(default_factory=lambda: Overdue(0, 0))
    payments: collections.MethodTotals = field(default_factory=collections.MethodTotals)
    created: int = 0
    created_before: int = 0
    usage: Chart | None = None


def _basics(rq: ReportQuery, facts: _Facts) -> _Basics:
    month, found = facts.month, _Basics()
    if facts.bills_shown:
        found.revenue = by_month(revenue_by_day(rq, add_months(month, -23), next_month(month)))
        found.owed = overdue(rq, facts.today)
    if facts.payments_shown:
        for day in collections.method_totals(rq, month, next_month(month)).values():
            found.payments.merge(day)
    found.created = new_customers(rq, month, next_month(month))
    found.created_before = new_customers(rq, add_months(month, -1), month)
    found.usage = _usage_chart(rq, facts.months)
    return found


def _facts(context: Context) -> _Facts:
    # the filter's period is only a label: every figure takes its days from the company's day (rq.today)
    guess = month_start(context.clock().date())
    with open_report(context, ReportFilter(Period(guess, next_month(guess), "this-month"))) as rq:
        month = month_start(rq.today)
        return _Facts(month, [add_months(month, k) for k in range(-11, 1)], rq.today, rq.now, rq.time_zone,
                      rq.amounts_visible(), rq.amounts_visible("payments"),
                      ReportFilter(Period(month, next_month(month), "this-month")))


def load_dashboard(context: Context) -> Dashboard:
    """The dashboard of the context's actor (PermissionDenied without ``reports.view``).

    Three independent reads run side by side, each in its own read-only unit of work through the same scope
    (``open_report``): the monthly figures and usage, MRR, and the top customers — a database answers them
    in parallel (SQLite readers too: WAL), which halves the wait on two cores."""
    facts = _facts(context)
    month, months, flt = facts.month, facts.months, facts.flt
    with ThreadPoolExecutor(max_workers=3, thread_name_prefix="dashboard") as pool:
        mrr_job = pool.submit(in_report, context, flt, lambda rq: mrr_by_month(rq, months)) \
            if facts.bills_shown else None
        top_job = pool.submit(in_report, context, flt, lambda rq: top_customers(rq, months[0], next_month(month))) \
            if facts.bills_shown else None
        basics = in_report(context, flt, lambda rq: _basics(rq, facts))
        mrr = mrr_job.result() if mrr_job is not None else {}
        top = top_job.result() if top_job is not None else []
    cards: list[Card] = []
    charts: list[Chart] = []
    notes: list[Label] = []
    revenue, labels = basics.revenue, tuple(map(_month_text, months))
    if facts.bills_shown:
        cards.append(_revenue_card(revenue.get(month, 0), revenue.get(add_months(month, -1), 0),
                                   revenue.get(add_months(month, -12), 0), month))
        cards.append(_mrr_card(mrr[month], mrr[add_months(month, -1)]))
        cards.append(Card("overdue", Label("逾期未收", "Overdue"), yuan(basics.owed.fen),
                          detail=Label(f"{basics.owed.count:,} 张账单已过到期日",
                                       f"{basics.owed.count:,} bill{'' if basics.owed.count == 1 else 's'} past due"),
                          drill=Drill("bills", {"overdue": True})))
    payments = basics.payments
    if facts.payments_shown:
        cards.append(Card("payments_month", Label("本月收款", "Collected this month"), yuan(payments.net),
                          detail=Label(f"{payments.payment_count:,} 笔 · 退款 {_money(payments.refunds)}",
                                       f"{payments.payment_count:,} payments · refunds {_money(payments.refunds)}"),
                          drill=Drill("collections", {"period": _month_text(month)})))
    cards.append(Card("new_customers", Label("本月新客户", "New customers this month"), basics.created, "count",
                      detail=Label(f"上月 {basics.created_before:,}", f"Last month {basics.created_before:,}"),
                      drill=Drill("customers", {"created_in": "this-month"})))
    if facts.bills_shown:
        charts.append(Chart("bar", Label("收入（近12个月，价税合计）", "Revenue, last 12 months (gross)"), labels, (
            Series(Label("本期", "These months"), tuple(yuan(v) for v in month_values(months, revenue))),
            Series(Label("上年同期", "A year before"),
                   tuple(yuan(revenue.get(add_months(m, -12), 0)) for m in months)),
        ), key="revenue_trend"))
        charts.append(Chart("line", Label("月经常性收入（近12个月）", "Monthly recurring revenue, last 12 months"),
                            labels, (Series(Label("月经常性收入", "MRR"), tuple(yuan(mrr[m]) for m in months)),),
                            key="mrr_trend"))
        notes.append(MRR_NOTE)
    if basics.usage is not None:
        charts.append(basics.usage)
    if facts.payments_shown:
        slices = [(method, fen) for method, fen in payments.payments.items() if fen > 0]
        charts.append(Chart("pie", Label("本月收款方式", "Payments this month by method"),
                            tuple(collections.METHODS[m] for m, _ in slices),
                            (Series(Label("收款", "Received"), tuple(yuan(fen) for _, fen in slices)),),
                            key="payments_by_method"))
    if not (facts.bills_shown and facts.payments_shown):
        notes.append(AMOUNTS_HIDDEN)
    leaders = tuple((found.name, yuan(found.fen), Drill("customer", {"customer_id": found.customer_id}))
                    for found in top)
    return Dashboard(cards=tuple(cards), charts=tuple(charts), top_customers=leaders,
                     top_customers_label=TOP_LABEL, generated_at=facts.now, time_zone=facts.time_zone,
                     notes=tuple(notes))
