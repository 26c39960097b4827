"""The dashboard on SQLite, PostgreSQL and MariaDB: every card and chart to the fen against sums computed here from
the seeded documents (not by the dashboard's queries), MRR spread over the months of quarterly, yearly and partial
lines, "this month" by the injected clock in the company's time zone, scope (a salesperson sees their customers,
the auditor everyone), permission and hidden amounts.

Seed (clock 2026-11-20 12:00 Shanghai): customers of north1 (n1a, n1b), north2 (n2), south1 (s1) and one in the
unowned pool; monthly, quarterly, yearly and anniversary fees, a discount, an adjustment, a credit note, a void
bill and a draft; payments and a refund; usage of calls and SMS."""

from __future__ import annotations

import dataclasses
import itertools
from datetime import UTC, date, datetime
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from typing import Any

import pytest
from catalog_samples import seed_products, usage_plan
from report_samples import Line, at, bill, noon, payment

from desktop_app.errors import PermissionDenied
from desktop_app.models import Bill, BillLine, UsageRecordRow
from desktop_app.services.access import Access, FieldRule, ResourceGrant
from desktop_app.services.context import Context
from desktop_app.services.customers import CustomerInput, create_customer
from desktop_app.services.plans import create_plan, publish
from desktop_app.services.reports import ReportFilter, parse_period
from desktop_app.services.reports.collections import METHODS
from desktop_app.services.reports.dashboard import load_dashboard
from desktop_app.services.reports.dashboard_mrr import RECURRING_LINE_KINDS, line_months, mrr_by_month
from desktop_app.services.reports.query import open_report
from desktop_app.services.subscriptions import create_subscription

D = Decimal
TODAY = date(2026, 11, 20)
NOW = noon(TODAY)
MONTHS = [date(2025, 12, 1)] + [date(2026, m, 1) for m in range(1, 12)]  # the last 12 months
NUMBERS = itertools.count(800001)


@dataclasses.dataclass(frozen=True)
class Doc:
    customer: str
    issued: date | None
    kind: str
    status: str
    lines: tuple[Line, ...]
    due: date | None = None
    discounts: tuple[tuple[int, int], ...] = ()  # (discount line position, the position it reduces)

    @property
    def counts(self) -> bool:
        return self.status not in ("draft", "void")

    @property
    def sign(self) -> int:
        return -1 if self.kind == "credit_note" else 1

    @property
    def gross(self) -> Decimal:
        return sum((line.split()[2] for line in self.lines), D("0.00"))


def _month(start: date, end: date) -> tuple[date, date]:
    return start, end


OCT, NOV = _month(date(2026, 10, 1), date(2026, 11, 1)), _month(date(2026, 11, 1), date(2026, 12, 1))
SEP = _month(date(2026, 9, 1), date(2026, 10, 1))

DOCS: dict[str, Doc] = {
    "a_sep": Doc("n1a", date(2026, 9, 1), "bill", "issued",
                 (Line("106.00", period_start=SEP[0], period_end=SEP[1]),
                  Line("53.00", kind="seat", period_start=SEP[0], period_end=SEP[1])), date(2026, 9, 16)),
    "a_oct": Doc("n1a", date(2026, 10, 1), "bill", "issued",
                 (Line("106.00", period_start=OCT[0], period_end=OCT[1]),
                  Line("53.00", kind="seat", period_start=OCT[0], period_end=OCT[1])), date(2026, 10, 16)),
    "a_cn": Doc("n1a", date(2026, 10, 20), "credit_note", "issued",
                (Line("31.80", period_start=OCT[0], period_end=OCT[1]),)),
    "a_nov": Doc("n1a", date(2026, 11, 1), "bill", "issued",
                 (Line("106.00", period_start=NOV[0], period_end=NOV[1]),
                  Line("21.80", "0.09", "voice", "usage", period_start=OCT[0], period_end=OCT[1])),
                 date(2026, 11, 16)),
    # a quarter: 94.34 net spread over October, November, December (31.446666... each)
    "b_q": Doc("n1b", date(2026, 10, 1), "bill", "issued",
               (Line("100.00", period_start=date(2026, 10, 1), period_end=date(2027, 1, 1)),), date(2026, 10, 16)),
    "b_void": Doc("n1b", date(2026, 11, 2), "bill", "void", (Line("500.00", period_start=NOV[0], period_end=NOV[1]),),
                  date(2026, 11, 5)),
    "b_draft": Doc("n1b", None, "bill", "draft", (Line("700.00", period_start=NOV[0], period_end=NOV[1]),)),
    # a year from 15 March: 1,200.00 net, 100.00 in each month March 2026 – February 2027
    "c_y": Doc("n2", date(2026, 3, 15), "bill", "issued",
               (Line("1272.00", period_start=date(2026, 3, 15), period_end=date(2027, 3, 15)),), date(2026, 3, 30)),
    "c_ly": Doc("n2", date(2025, 11, 5), "bill", "issued", (Line("500.00", kind="one_time"),), date(2025, 11, 20)),
    "c_nov": Doc("n2", date(2026, 11, 10), "bill", "issued",
                 (Line("10.60", kind="adjustment", period_start=date(2026, 11, 10), period_end=NOV[1]),),
                 date(2026, 11, 25)),
    # anniversary months (15th to 15th) belong to the month they start in; a discount reduces November's
    "d_oct": Doc("s1", date(2026, 10, 15), "bill", "issued",
                 (Line("212.00", period_start=date(2026, 10, 15), period_end=date(2026, 11, 15)),), date(2026, 10, 30)),
    "d_nov": Doc("s1", date(2026, 11, 15), "bill", "issued",
                 (Line("212.00", period_start=date(2026, 11, 15), period_end=date(2026, 12, 15)),
                  Line("-21.20", kind="discount", period_start=date(2026, 11, 15), period_end=date(2026, 12, 15))),
                 date(2026, 11, 30), discounts=((2, 1),)),
    "d_old": Doc("s1", date(2025, 12, 1), "bill", "issued",
                 (Line("1000.00", "0.13", period_start=date(2025, 12, 1), period_end=date(2026, 1, 1)),),
                 date(2025, 12, 16)),
    "p_nov": Doc("pool", date(2026, 11, 5), "bill", "issued", (Line("2000.00", kind="one_time"),), date(2026, 11, 10)),
}
# (customer, amount, day, method, kind, settles)
PAYMENTS = [
    ("n1a", "159.00", date(2026, 9, 10), "bank", "payment", (("a_sep", "159.00"),)),
    ("n1a", "100.00", date(2026, 11, 2), "wechat", "payment", (("a_oct", "100.00"),)),
    ("n1b", "100.00", date(2026, 10, 10), "alipay", "payment", (("b_q", "100.00"),)),
    ("n2", "1272.00", date(2026, 3, 20), "bank", "payment", (("c_y", "1272.00"),)),
    ("n2", "50.00", date(2026, 10, 31), "unionpay", "payment", ()),
    ("n2", "500.00", date(2025, 11, 25), "bank", "payment", (("c_ly", "500.00"),)),
    ("s1", "1000.00", date(2025, 12, 20), "card", "payment", (("d_old", "1000.00"),)),
    ("s1", "212.00", date(2026, 11, 5), "cash", "payment", (("d_oct", "212.00"),)),
    ("s1", "12.00", date(2026, 11, 6), "cash", "refund", ()),
    ("pool", "5.00", date(2026, 11, 7), "paypal", "payment", ()),  # a method the list does not know: other
]
CREATED = {  # when each customer was created (UTC): Shanghai days decide the month
    "n1a": noon(date(2026, 11, 3)),
    "n1b": datetime(2026, 10, 31, 15, 59, 59, tzinfo=UTC),  # 23:59:59 on 31 October in Shanghai
    "n2": datetime(2026, 10, 31, 16, 0, tzinfo=UTC),  # 00:00 on 1 November in Shanghai
    "s1": noon(date(2026, 6, 1)),
    "pool": noon(date(2025, 5, 5)),
}
SEES = {"admin": {"n1a", "n1b", "n2", "s1", "pool"}, "auditor": {"n1a", "n1b", "n2", "s1", "pool"},
        "north1": {"n1a", "n1b"}, "south1": {"s1"}}


def _issue(context: Context, bill_id: int, doc: Doc) -> None:
    with context.unit_of_work() as uow:
        for position, parent in doc.discounts:
            line = uow.session.query(BillLine).filter_by(bill_id=bill_id, position=position).one()
            line.discounted_line = parent
        row = uow.session.get(Bill, bill_id)
        assert row is not None and doc.issued is not None
        row.series, row.year, row.number = ("ZD" if doc.kind == "bill" else "HC"), doc.issued.year, next(NUMBERS)
        row.code = f"{row.series}-{row.year}-{row.number:06d}"
        row.status, row.issue_date, row.due_date = doc.status, doc.issued, doc.due
        row.issued_at, row.issued_by = context.clock(), "test"
        uow.commit()


@pytest.fixture
def board(org: dict[str, Any]) -> dict[str, Any]:
    contexts = org["contexts"]
    admin, clerk = contexts["admin"], at(contexts["clerk"], NOW)
    owners = {"n1a": "north1", "n1b": "north1", "n2": "north2", "s1": "south1"}
    customers = {}
    for name, created in CREATED.items():
        login = owners.get(name, "admin")
        info, _ = create_customer(at(contexts[login], created), CustomerInput(name=f"客户{name}有限公司"),
                                  owner_id="me" if name in owners else None)
        customers[name] = info.id
    bills = {}
    for name, doc in DOCS.items():
        bills[name] = bill(clerk, customers[doc.customer], doc.issued or TODAY, doc.lines, kind=doc.kind,
                           status="draft")
        if doc.status != "draft":
            _issue(clerk, bills[name], doc)
    for customer, amount, day, method, kind, settles in PAYMENTS:
        payment(clerk, customers[customer], amount, day, method, kind=kind,
                settles=[(bills[name], part) for name, part in settles])
    seed_products(admin)
    plan, _, _ = create_plan(admin, "std", "标准套餐", "", usage_plan())
    publish(admin, plan.id)
    subs = {name: create_subscription(contexts[owners[name]], customers[name], date(2026, 1, 1), plan_id=plan.id,
                                      seats=1)[0].id
            for name in ("n1a", "s1")}
    records = [("n1a", "call_seconds", date(2026, 10, 1), 90), ("n1a", "call_seconds", date(2026, 10, 1), 30),
               ("n1a", "call_seconds", date(2026, 11, 1), 600), ("n1a", "sms", date(2026, 11, 1), 7),
               ("s1", "call_seconds", date(2026, 11, 1), 3000), ("s1", "call_seconds", date(2025, 11, 1), 60)]
    with admin.unit_of_work() as uow:
        for number, (name, meter, start, quantity) in enumerate(records):
            uow.session.add(UsageRecordRow(subscription_id=subs[name], meter=meter, record_id=f"r{number}",
                                           occurred_at=noon(start), quantity_micro=quantity * 1_000_000,
                                           period_start=start, batch="test", imported_at=NOW, imported_by="test"))
        uow.commit()
    return {**org, "customers": customers, "bills": bills, "records": records}


# --- independent sums ---------------------------------------------------------------------------------

def _cents(value: Decimal | Fraction) -> Decimal:
    return D(value.numerator) / D(value.denominator) if isinstance(value, Fraction) else value


def _revenue(month: tuple[date, date], seen: set[str]) -> Decimal:
    return sum((doc.sign * doc.gross for doc in DOCS.values() if doc.counts and doc.customer in seen
                and doc.issued is not None and month[0] <= doc.issued < month[1]), D("0.00"))


def _mrr(seen: set[str]) -> dict[date, Decimal]:
    """MRR by the definition, line by line in exact fractions, rounded once per month (half up)."""
    found = {month: Fraction(0) for month in MONTHS}
    for doc in DOCS.values():
        if not doc.counts or doc.customer not in seen:
            continue
        discounted = dict(doc.discounts)
        for position, line in enumerate(doc.lines, 1):
            kind = doc.lines[discounted[position] - 1].kind if line.kind == "discount" else line.kind
            if kind not in RECURRING_LINE_KINDS or line.period_start is None or line.period_end is None:
                continue
            months = max(1, round(Fraction((line.period_end - line.period_start).days * 12, 365)))  # never a tie
            first = line.period_start.year * 12 + line.period_start.month - 1
            share = Fraction(int(doc.sign * line.split()[0] * 100), months)
            for k in range(months):
                month = date((first + k) // 12, (first + k) % 12 + 1, 1)
                if month in found:
                    found[month] += share
    return {month: (_cents(value) / 100).quantize(D("0.01"), ROUND_HALF_UP) for month, value in found.items()}


def _overdue(seen: set[str]) -> tuple[int, Decimal]:
    paid: dict[str, Decimal] = {}
    for *_, settles in PAYMENTS:
        for name, part in settles:
            paid[name] = paid.get(name, D("0.00")) + D(part)
    owing = [doc.gross - paid.get(name, D("0.00")) for name, doc in DOCS.items()
             if doc.kind == "bill" and doc.counts and doc.customer in seen and doc.due is not None
             and doc.due < TODAY and doc.gross > paid.get(name, D("0.00"))]
    return len(owing), sum(owing, D("0.00"))


def _collected(seen: set[str], month: tuple[date, date]) -> dict[str, Decimal]:
    methods: dict[str, Decimal] = {}
    for customer, amount, day, method, kind, _ in PAYMENTS:
        if customer in seen and month[0] <= day < month[1]:
            key = "refund" if kind == "refund" else method if method in (
                "cash", "bank", "alipay", "wechat", "unionpay", "card") else "other"
            methods[key] = methods.get(key, D("0.00")) + D(amount)
    return methods


def _cards(board: Any) -> dict[str, Any]:
    return {card.key: card for card in board.cards}


def _chart(board: Any, key: str) -> Any:
    return next(chart for chart in board.charts if chart.key == key)


# --- the tests ------------------------------------------------------------------------------------------

def test_mrr_spreads_quarterly_yearly_anniversary_and_partial_lines_by_hand() -> None:
    every = SEES["admin"]
    mrr = _mrr(every)
    # Nov: 100.00 (n1a) + 94.34/3 (quarter) + 100.00 (year) + 10.00 (adjustment, 21 days) + 200.00 − 20.00
    assert mrr[date(2026, 11, 1)] == D("421.45")
    assert mrr[date(2026, 10, 1)] == D("451.45")  # 100 + 50 − 30 (credit note) + 31.4467 + 100 + 200
    assert mrr[date(2026, 9, 1)] == D("250.00")
    assert mrr[date(2025, 12, 1)] == D("884.96")  # 1,000.00 at 13 %: net 884.96
    assert mrr[date(2026, 2, 1)] == D("0.00") and mrr[date(2026, 3, 1)] == D("100.00")
    assert [line_months(date(2026, 1, 1), date(2026, 2, 1)), line_months(date(2026, 2, 1), date(2026, 3, 1)),
            line_months(date(2026, 10, 1), date(2027, 1, 1)), line_months(date(2026, 1, 1), date(2026, 7, 1)),
            line_months(date(2028, 1, 1), date(2029, 1, 1)), line_months(date(2026, 11, 10), date(2026, 12, 1)),
            line_months(date(2026, 1, 31), date(2026, 2, 28)), line_months(date(2026, 1, 1), date(2026, 1, 2))] == \
        [1, 1, 3, 6, 12, 1, 1, 1]


def test_cards_and_charts_for_everyone_to_the_fen(board: dict[str, Any]) -> None:
    admin = at(board["contexts"]["admin"], NOW)
    found = load_dashboard(admin)
    cards, every = _cards(found), SEES["admin"]
    assert list(cards) == ["revenue_month", "mrr", "overdue", "payments_month", "new_customers"]
    assert cards["revenue_month"].value == _revenue(NOV, every) == D("2329.20")
    assert "¥439.20" in cards["revenue_month"].detail.zh and "¥500.00" in cards["revenue_month"].detail.en
    assert "+430.3%" in cards["revenue_month"].detail.en  # 2,329.20 against 439.20 last month
    mrr = _mrr(every)
    assert cards["mrr"].value == mrr[date(2026, 11, 1)] and f"¥{mrr[date(2026, 10, 1)]:,}" in cards["mrr"].detail.zh
    count, owed = _overdue(every)
    assert (cards["overdue"].value, count) == (owed, 3) and owed == D("2186.80")
    assert cards["overdue"].detail.en.startswith("3 bills") and cards["overdue"].drill.params == {"overdue": True}
    methods = _collected(every, NOV)
    net = sum(value for key, value in methods.items() if key != "refund") - methods["refund"]
    assert cards["payments_month"].value == net == D("305.00")
    assert cards["new_customers"].value == 2 and cards["new_customers"].detail.en == "Last month 1"
    assert cards["new_customers"].drill.target == "customers"
    trend = _chart(found, "revenue_trend")
    assert trend.categories == tuple(f"{m.year}-{m.month:02d}" for m in MONTHS)
    assert list(trend.series[0].values) == [_revenue((m, parse_period(f"{m.year}-{m.month:02d}", TODAY).end), every)
                                            for m in MONTHS]
    assert trend.series[1].values[-1] == D("500.00") and sum(trend.series[1].values) == D("500.00")
    assert list(_chart(found, "mrr_trend").series[0].values) == [mrr[m] for m in MONTHS]
    pie = _chart(found, "payments_by_method")
    assert dict(zip(pie.categories, pie.series[0].values, strict=True)) == {
        METHODS["cash"]: D("212.00"), METHODS["wechat"]: D("100.00"), METHODS["other"]: D("5.00")}
    usage = _chart(found, "usage_trend")
    calls = next(s for s in usage.series if "call_seconds" in s.label.en)
    assert calls.label.zh == "语音通话 (分钟) · call_seconds"
    assert calls.values[-2:] == (D(2), D(60)) and calls.values[0] == D(0)  # (90 + 30) s; (600 + 3000) s
    assert next(s for s in usage.series if "sms" in s.label.en).values[-1] == D(7)
    assert [(name, revenue) for name, revenue, _ in found.top_customers] == [
        ("客户pool有限公司", D("2000.00")), ("客户s1有限公司", D("1402.80")), ("客户n2有限公司", D("1282.60")),
        ("客户n1a有限公司", D("414.00")), ("客户n1b有限公司", D("100.00"))]
    assert found.top_customers[0][2].params == {"customer_id": board["customers"]["pool"]}
    assert found.generated_at == NOW and found.notes


@pytest.mark.parametrize("login", ["north1", "south1", "auditor"])
def test_each_role_sees_the_figures_of_its_customers(board: dict[str, Any], login: str) -> None:
    found = load_dashboard(at(board["contexts"][login], NOW))
    cards, seen = _cards(found), SEES[login]
    assert cards["revenue_month"].value == _revenue(NOV, seen)
    assert cards["mrr"].value == _mrr(seen)[date(2026, 11, 1)]
    assert cards["overdue"].value == _overdue(seen)[1]
    methods = _collected(seen, NOV)
    assert cards["payments_month"].value == sum(v for k, v in methods.items() if k != "refund") - methods.get(
        "refund", D("0.00"))
    assert cards["new_customers"].value == sum(1 for name in seen if name in ("n1a", "n2"))
    names = {name for name, _, _ in found.top_customers}
    assert names == {f"客户{name}有限公司" for name in seen}
    calls = next((s for s in _chart(found, "usage_trend").series if "call_seconds" in s.label.en), None)
    expected = sum(q for name, meter, start, q in board["records"]
                   if meter == "call_seconds" and start == date(2026, 11, 1) and name in seen)
    assert (calls.values[-1] if calls else 0) == D(expected) / 60


def test_this_month_follows_the_injected_clock_in_the_company_time_zone(board: dict[str, Any]) -> None:
    admin = board["contexts"]["admin"]
    november = load_dashboard(at(admin, datetime(2026, 10, 31, 16, 30, tzinfo=UTC)))  # 1 Nov 00:30 Shanghai
    october = load_dashboard(at(admin, datetime(2026, 10, 31, 15, 30, tzinfo=UTC)))  # 31 Oct 23:30 Shanghai
    assert _cards(november)["revenue_month"].value == _revenue(NOV, SEES["admin"])
    assert _cards(october)["revenue_month"].value == _revenue(OCT, SEES["admin"]) == D("439.20")
    assert _cards(october)["new_customers"].value == 1  # n1b, at 23:59:59 on 31 October
    assert _chart(october, "mrr_trend").categories[-1] == "2026-10"
    # overdue counts from the clock's day: on 31 October only a_oct (due 16 October) was late
    assert (_cards(october)["overdue"].value, _cards(october)["overdue"].detail.en[:6]) == (D("59.00"), "1 bill")


def test_mrr_with_and_without_a_scope_condition_agree(board: dict[str, Any]) -> None:
    """The unscoped path (lines summed alone, then corrected) and the joined path give the same months."""
    from desktop_app.models import Customer

    admin = at(board["contexts"]["admin"], NOW)
    flt = ReportFilter(parse_period("2026-11", TODAY))
    with open_report(admin, flt) as rq:
        assert rq.customers is None
        alone = mrr_by_month(rq, MONTHS)
        joined = mrr_by_month(dataclasses.replace(rq, customers=Customer.id > 0), MONTHS)
    expected = _mrr(SEES["admin"])
    assert alone == joined == {month: int(value * 100) for month, value in expected.items()}


def test_without_reports_view_refused_and_hidden_amounts_left_out(board: dict[str, Any]) -> None:
    north1 = at(board["contexts"]["north1"], NOW)
    access = north1.actor.access
    no_reports = north1.as_actor(dataclasses.replace(north1.actor, access=Access(
        {k: v for k, v in access.grants.items() if k != "reports"}, access.role_names)))
    with pytest.raises(PermissionDenied):
        load_dashboard(no_reports)
    bills = access.grants["bills"]
    hidden = north1.as_actor(dataclasses.replace(north1.actor, access=Access(
        {**access.grants, "bills": ResourceGrant(bills.actions, bills.scope, {"amount": FieldRule.HIDDEN})},
        access.role_names)))
    found = load_dashboard(hidden)
    assert [card.key for card in found.cards] == ["payments_month", "new_customers"]
    assert {chart.key for chart in found.charts} == {"usage_trend", "payments_by_method"}
    assert found.top_customers == () and any("hidden" in note.en for note in found.notes)
    no_payments = north1.as_actor(dataclasses.replace(north1.actor, access=Access(
        {k: v for k, v in access.grants.items() if k != "payments"}, access.role_names)))
    keys = [card.key for card in load_dashboard(no_payments).cards]
    assert "payments_month" not in keys and "revenue_month" in keys
