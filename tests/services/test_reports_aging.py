"""Receivables aging (应收账龄) on SQLite, PostgreSQL and MariaDB: buckets at their edges with the reference day
from ``as_of`` and from the injected clock (in the company's time zone), what bills owed on a past day (later
payments and credit notes added back), agreement with the customer statement and account to the fen, scope,
filters and permission.

Reference day R = 2026-10-31 unless a test says otherwise."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest
from report_samples import Line, at, bill, noon, payment

from desktop_app.documents.report_snapshot import Label
from desktop_app.services.customers import CustomerInput, create_customer
from desktop_app.services.payments import PaymentInput, allocate_open_credit, customer_account, record_payment
from desktop_app.services.reports import ReportFilter, parse_period, run_report
from desktop_app.services.reports.aging import bucket_edges
from desktop_app.services.reports.revenue import TOTAL_TEXT
from desktop_app.services.statements import BUCKETS, aging_bucket, statement

D = Decimal
ZERO = D("0.00")
R = date(2026, 10, 31)
TODAY = date(2026, 11, 20)
ANY_PERIOD = parse_period("2026-10", R)  # aging ignores the period

# (days past due on R, gross, bucket on R): each edge of each bucket, and a bill without a due date
EDGES = [(0, "1.01", "current"), (-5, "2.02", "current"), (1, "10.10", "days_1_30"), (30, "20.20", "days_1_30"),
         (31, "30.30", "days_31_60"), (60, "40.40", "days_31_60"), (61, "50.50", "days_61_90"),
         (90, "60.60", "days_61_90"), (91, "70.70", "over_90"), (400, "80.80", "over_90")]


@pytest.fixture
def ledger(org: dict[str, Any]) -> dict[str, Any]:
    contexts, ids = org["contexts"], org["ids"]
    clerk = at(contexts["clerk"], noon(TODAY))
    made = {
        "edges": create_customer(contexts["north1"], CustomerInput(name="北京甲科技有限公司", tier="gold"))[0],
        "settled": create_customer(contexts["north1"], CustomerInput(name="北京乙贸易有限公司"))[0],
        "north2": create_customer(contexts["north2"], CustomerInput(name="天津丙网络有限公司"))[0],
        "south": create_customer(contexts["south1"], CustomerInput(name="广州丁通信有限公司", tier="gold"))[0],
        "finance": create_customer(contexts["admin"], CustomerInput(name="上海戊服务有限公司"),
                                   owner_id=ids["clerk"])[0],
    }
    customers = {name: info.id for name, info in made.items()}
    edges = customers["edges"]
    for days, gross, _bucket in EDGES:
        due = R - timedelta(days=days)
        bill(clerk, edges, min(due, R) - timedelta(days=10), [Line(gross)], due=due)
    bill(clerk, edges, R - timedelta(days=3), [Line("3.03", None)])  # no due date: current
    later = bill(clerk, edges, R + timedelta(days=1), [Line("500.00")], due=R + timedelta(days=31))  # after R
    bill(clerk, edges, R - timedelta(days=40), [Line("600.00")], due=R - timedelta(days=35), status="void")
    bill(clerk, edges, R - timedelta(days=40), [Line("700.00")], due=R - timedelta(days=35), status="draft")
    bill(clerk, edges, R - timedelta(days=20), [Line("800.00")], kind="credit_note")  # not a bill: not aged
    paid = bill(clerk, edges, R - timedelta(days=50), [Line("900.00")], due=R - timedelta(days=45))
    part = bill(clerk, edges, R - timedelta(days=50), [Line("100.00")], due=R - timedelta(days=45))
    payment(clerk, edges, "940.00", R - timedelta(days=2), settles=[(paid, "900.00"), (part, "40.00")])
    payment(clerk, edges, "500.00", R + timedelta(days=5), settles=[(later, "100.00")])  # partly, after R

    # settled only through the payment service (allocations), on the days they happened
    settled = customers["settled"]
    first = bill(clerk, settled, date(2026, 9, 1), [Line("100.00")], due=date(2026, 9, 30))
    second = bill(clerk, settled, date(2026, 10, 5), [Line("250.50")], due=date(2026, 11, 4))
    record_payment(at(clerk, noon(date(2026, 10, 15))),
                   PaymentInput(settled, "100.00", date(2026, 10, 15), "bank"), "aging-p1")  # settles `first`
    record_payment(at(clerk, noon(date(2026, 11, 10))),
                   PaymentInput(settled, "150.00", date(2026, 11, 10), "alipay"), "aging-p2")  # 100.50 left
    bill(clerk, settled, date(2026, 11, 12), [Line("20.00")], kind="credit_note", original=second)
    allocate_open_credit(at(clerk, noon(TODAY)), settled, "aging-note")  # 80.50 left
    record_payment(at(clerk, noon(TODAY)), PaymentInput(settled, "50.00", TODAY, "cash", allocations=()),
                   "aging-p3")  # open credit: not deducted from the aging
    bill(clerk, customers["north2"], date(2026, 8, 1), [Line("11.11")], due=date(2026, 8, 31))
    bill(clerk, customers["south"], date(2026, 10, 1), [Line("22.22")], due=date(2026, 10, 31))
    bill(clerk, customers["finance"], date(2026, 6, 1), [Line("33.33")], due=date(2026, 6, 30))
    return {**org, "clerk": clerk, "customers": customers, "made": made, "first": first, "second": second}


def _rows(snapshot: Any) -> dict[str, dict[str, Any]]:
    keys = [column.key for column in snapshot.columns]
    return {row[1]: dict(zip(keys, row, strict=True)) for row in snapshot.rows}


def _buckets(row: dict[str, Any]) -> dict[str, Decimal]:
    return {bucket: row[bucket] for bucket in BUCKETS}


def test_the_buckets_are_those_of_the_statement() -> None:
    assert bucket_edges() == ((0, "current"), (30, "days_1_30"), (60, "days_31_60"), (90, "days_61_90"))
    for days, _gross, bucket in EDGES:
        assert aging_bucket(days) == bucket


def test_buckets_at_their_edges_on_the_as_of_day(ledger: dict[str, Any]) -> None:
    admin = ledger["contexts"]["admin"]
    report = run_report(at(admin, noon(TODAY)), "aging", ReportFilter(ANY_PERIOD, as_of=R))
    assert [column.key for column in report.columns] == ["customer_code", "customer_name", "owner", *BUCKETS,
                                                         "total"]
    row = _rows(report)["北京甲科技有限公司"]
    expected = dict.fromkeys(BUCKETS, ZERO)
    for _days, gross, bucket in EDGES:
        expected[bucket] += D(gross)
    expected["current"] += D("3.03")  # no due date
    expected["days_31_60"] += D("60.00")  # 100.00 less the 40.00 paid on R − 2 (due R − 45)
    assert _buckets(row) == expected
    assert row["total"] == sum(expected.values()) == D("429.66")  # the bill issued after R is not in it
    assert row["owner"] == "华北销售一" and row["customer_code"] == ledger["made"]["edges"].code
    totals = dict(zip([c.key for c in report.columns], report.totals, strict=True))
    assert totals["customer_code"] == TOTAL_TEXT
    assert totals["total"] == sum(r["total"] for r in _rows(report).values())
    assert {b: totals[b] for b in BUCKETS} == {b: sum(r[b] for r in _rows(report).values()) for b in BUCKETS}
    assert report.chart is not None and report.chart.series[0].values == tuple(totals[b] for b in BUCKETS)
    cards = {card.key: card.value for card in report.cards}
    assert cards["outstanding"] == totals["total"] and cards["overdue"] == totals["total"] - totals["current"]
    assert cards["customers"] == len(report.rows)
    drills = dict(zip((r[1] for r in report.rows), report.drills, strict=True))
    assert drills["北京甲科技有限公司"].target == "customer"
    assert drills["北京甲科技有限公司"].params == {"customer_id": ledger["customers"]["edges"]}
    assert any(R.isoformat() in note.zh and R.isoformat() in note.en for note in report.notes)
    assert [r[0] for r in report.rows] == sorted(r[0] for r in report.rows)  # by customer code
    assert report.period_label == Label(f"截至 {R.isoformat()}", f"As of {R.isoformat()}")  # headers print the day
    assert report.point_in_time


def test_the_reference_day_comes_from_the_clock_in_the_company_time_zone(ledger: dict[str, Any]) -> None:
    admin = ledger["contexts"]["admin"]
    # 23:59 on R in Shanghai (15:59 UTC): still R
    late = run_report(at(admin, datetime(2026, 10, 31, 15, 59, tzinfo=UTC)), "aging", ReportFilter(ANY_PERIOD))
    on_r = run_report(at(admin, noon(TODAY)), "aging", ReportFilter(ANY_PERIOD, as_of=R))
    assert late.rows == on_r.rows
    # 00:00 the next day in Shanghai (16:00 UTC on R): every bill one day older, the bill of R + 1 is in
    next_day = _rows(run_report(at(admin, datetime(2026, 10, 31, 16, 0, tzinfo=UTC)), "aging",
                                ReportFilter(ANY_PERIOD)))["北京甲科技有限公司"]
    assert next_day["current"] == D("2.02") + D("3.03") + D("500.00")  # due R + 5, no due date, issued R + 1
    assert next_day["days_1_30"] == D("1.01") + D("10.10")  # due R (now 1 day), R − 1 (2 days)
    assert next_day["days_31_60"] == D("20.20") + D("30.30") + D("60.00")  # 31, 32 and 46 days
    assert next_day["days_61_90"] == D("40.40") + D("50.50")  # 61, 62
    assert next_day["over_90"] == D("60.60") + D("70.70") + D("80.80")  # 91, 92, 401


def test_a_past_day_adds_back_what_was_settled_later_and_agrees_with_the_statement(ledger: dict[str, Any]) -> None:
    clerk, customers = ledger["clerk"], ledger["customers"]
    settled = customers["settled"]
    cases = {
        date(2026, 10, 10): {"days_1_30": D("100.00"), "current": D("250.50")},  # before the first payment
        R: {"current": D("250.50")},  # first settled on Oct 15; the Nov payment and note not yet
        date(2026, 11, 11): {"days_1_30": D("100.50")},  # 150.00 received Nov 10; due Nov 4
        TODAY: {"days_1_30": D("80.50")},  # the credit note (issued Nov 12) too
    }
    for day, expected in cases.items():
        report = run_report(at(clerk, noon(TODAY)), "aging", ReportFilter(ANY_PERIOD, as_of=day))
        row = _rows(report)["北京乙贸易有限公司"]
        assert _buckets(row) == {b: expected.get(b, ZERO) for b in BUCKETS}, day
        aging = statement(clerk, settled, date(2026, 1, 1), day + timedelta(days=1)).aging
        assert (aging.as_of, _buckets(row)) == (day, {b: getattr(aging, b) for b in BUCKETS}), day
        assert row["total"] == aging.total
        edges = _rows(report)["北京甲科技有限公司"]
        edge_aging = statement(clerk, customers["edges"], date(2026, 1, 1), day + timedelta(days=1)).aging
        assert _buckets(edges) == {b: getattr(edge_aging, b) for b in BUCKETS}, day
    # today: what the account shows as outstanding (the open credit of 50.00 is not deducted)
    today = _rows(run_report(at(clerk, noon(TODAY)), "aging", ReportFilter(ANY_PERIOD)))
    account = customer_account(clerk, settled)
    assert today["北京乙贸易有限公司"]["total"] == account.outstanding == D("80.50")
    assert account.open_credit == D("50.00") and account.balance == D("30.50")
    edges_account = customer_account(clerk, customers["edges"])
    assert today["北京甲科技有限公司"]["total"] == edges_account.outstanding
    # before the first bill, no row at all
    early = run_report(clerk, "aging", ReportFilter(ANY_PERIOD, as_of=date(2025, 1, 1)))
    assert early.rows == () and early.totals is not None and early.totals[-1] == ZERO


NORTH1 = {"北京甲科技有限公司", "北京乙贸易有限公司"}
SALES = {*NORTH1, "天津丙网络有限公司", "广州丁通信有限公司"}
SCOPES = {
    "north1": NORTH1,  # 本人
    "north2": {"天津丙网络有限公司"},
    "south1": {"广州丁通信有限公司"},
    "manager": SALES,  # 本部门及下属部门: 销售部 and its groups, not the finance clerk's customer
    "auditor": {*SALES, "上海戊服务有限公司"},  # 全部
}


def test_scope_filters_and_permission(ledger: dict[str, Any]) -> None:
    contexts, customers, ids = ledger["contexts"], ledger["customers"], ledger["ids"]
    everyone = _rows(run_report(contexts["admin"], "aging", ReportFilter(ANY_PERIOD, as_of=R)))
    for login, names in SCOPES.items():
        report = run_report(contexts[login], "aging", ReportFilter(ANY_PERIOD, as_of=R))
        assert set(_rows(report)) == names, login
        assert {name: row["total"] for name, row in _rows(report).items()} == {
            name: everyone[name]["total"] for name in names}
        assert report.totals[-1] == sum(everyone[name]["total"] for name in names)
    filters = {
        "department_id": (ledger["departments"]["south"], {"广州丁通信有限公司"}),
        "owner_id": (ids["north2"], {"天津丙网络有限公司"}),
        "tier": ("gold", {"北京甲科技有限公司", "广州丁通信有限公司"}),
        "customer_id": (customers["settled"], {"北京乙贸易有限公司"}),
    }
    for field, (value, names) in filters.items():
        report = run_report(contexts["manager"], "aging", ReportFilter(ANY_PERIOD, as_of=R, **{field: value}))
        assert set(_rows(report)) == names, field
        assert report.filters, field
    north = run_report(contexts["manager"], "aging",
                       ReportFilter(ANY_PERIOD, as_of=R, department_id=ledger["departments"]["north"]))
    assert set(_rows(north)) == {"北京甲科技有限公司", "北京乙贸易有限公司", "天津丙网络有限公司"}
    # south1 asking for north1's customer sees nothing (the filter narrows, never widens)
    assert run_report(contexts["south1"], "aging", ReportFilter(ANY_PERIOD, as_of=R,
                                                                customer_id=customers["edges"])).rows == ()
    row = _rows(run_report(contexts["auditor"], "aging", ReportFilter(ANY_PERIOD, as_of=R)))["上海戊服务有限公司"]
    assert (row["over_90"], row["owner"]) == (D("33.33"), "会计")
