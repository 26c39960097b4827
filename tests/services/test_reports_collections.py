"""Payment collection (收款统计) on SQLite, PostgreSQL and MariaDB: a row per day with payments or refunds, one
column per method, refunds and net, to the fen against sums computed here from the seeded payments; the period's
edges, an unknown method as "other", the pie, scope, filters, permission and hidden amounts."""

from __future__ import annotations

import dataclasses
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from report_samples import at, noon, payment

from desktop_app.errors import PermissionDenied
from desktop_app.services.access import Access, FieldRule, ResourceGrant
from desktop_app.services.customers import CustomerInput, create_customer
from desktop_app.services.reports import ReportFilter, parse_period, run_report
from desktop_app.services.reports.collections import METHODS
from desktop_app.services.reports.query import TOTAL

D = Decimal
TODAY = date(2026, 11, 20)
NOVEMBER = parse_period("2026-11", TODAY)
KNOWN = ("cash", "bank", "alipay", "wechat", "unionpay", "card", "other")
# (customer, amount, day, method, kind)
PAYMENTS = [
    ("n1a", "100.00", date(2026, 11, 2), "cash", "payment"),
    ("n1a", "200.50", date(2026, 11, 2), "bank", "payment"),
    ("n1a", "0.01", date(2026, 11, 2), "alipay", "payment"),
    ("n1a", "33.33", date(2026, 11, 5), "wechat", "payment"),
    ("n1a", "10.00", date(2026, 11, 5), "cash", "refund"),
    ("n1a", "44.44", date(2026, 11, 30), "unionpay", "payment"),  # the last day is in
    ("n1a", "55.55", date(2026, 12, 1), "card", "payment"),  # the next month is not
    ("n1a", "66.66", date(2026, 10, 31), "bank", "payment"),  # nor the month before
    ("n2", "12.34", date(2026, 11, 5), "card", "payment"),
    ("n2", "7.00", date(2026, 11, 6), "other", "payment"),
    ("n2", "8.00", date(2026, 11, 6), "paypal", "payment"),  # not a method of the list: other
    ("s1", "1000.00", date(2026, 11, 2), "bank", "payment"),
    ("s1", "100.00", date(2026, 11, 9), "bank", "refund"),  # a day with only a refund
    ("pool", "9.99", date(2026, 11, 3), "wechat", "payment"),
]
SEES = {"admin": {"n1a", "n2", "s1", "pool"}, "auditor": {"n1a", "n2", "s1", "pool"}, "north1": {"n1a"},
        "manager": {"n1a", "n2", "s1"}, "south1": {"s1"}}


@pytest.fixture
def ledger(org: dict[str, Any]) -> dict[str, Any]:
    contexts = org["contexts"]
    clerk = at(contexts["clerk"], noon(TODAY))
    owners = {"n1a": "north1", "n2": "north2", "s1": "south1"}
    customers = {}
    for name in ("n1a", "n2", "s1", "pool"):
        data = CustomerInput(name=f"客户{name}有限公司", tier="gold" if name == "n2" else "standard")
        info, _ = create_customer(contexts[owners.get(name, "admin")], data, owner_id="me" if name in owners else None)
        customers[name] = info.id
    for customer, amount, day, method, kind in PAYMENTS:
        payment(clerk, customers[customer], amount, day, method, kind=kind)
    return {**org, "customers": customers}


def _expected(seen: set[str]) -> dict[date, dict[str, Decimal | int]]:
    days: dict[date, dict[str, Decimal | int]] = {}
    for customer, amount, day, method, kind in PAYMENTS:
        if customer not in seen or not NOVEMBER.start <= day < NOVEMBER.end:
            continue
        row = days.setdefault(day, {**{m: D("0.00") for m in KNOWN}, "payments": 0, "refunds": D("0.00")})
        if kind == "refund":
            row["refunds"] += D(amount)
        else:
            row[method if method in KNOWN else "other"] += D(amount)
            row["payments"] += 1
    for row in days.values():
        row["net"] = sum((row[m] for m in KNOWN), D("0.00")) - row["refunds"]
    return days


def _as_dicts(snapshot: Any) -> dict[date, dict[str, Any]]:
    keys = [column.key for column in snapshot.columns]
    return {row[0]: dict(zip(keys[1:], row[1:], strict=True)) for row in snapshot.rows}


@pytest.mark.parametrize("login", sorted(SEES))
def test_days_methods_refunds_and_net_to_the_fen(ledger: dict[str, Any], login: str) -> None:
    snapshot = run_report(at(ledger["contexts"][login], noon(TODAY)), "collections", ReportFilter(NOVEMBER))
    expected = _expected(SEES[login])
    assert [column.key for column in snapshot.columns] == ["day", *KNOWN, "payments", "refunds", "net"]
    assert [column.label.zh for column in snapshot.columns[1:8]] == [
        "现金", "银行转账", "支付宝", "微信支付", "银联", "银行卡", "其他"]
    assert [row[0] for row in snapshot.rows] == sorted(expected)
    assert _as_dicts(snapshot) == expected
    totals = dict(zip([c.key for c in snapshot.columns], snapshot.totals or (), strict=True))
    assert totals["day"] == TOTAL
    for key in (*KNOWN, "payments", "refunds", "net"):
        assert totals[key] == sum((row[key] for row in expected.values()), D("0.00") if key != "payments" else 0)
    assert [drill.params for drill in snapshot.drills] == [
        {"period": f"{day.isoformat()}..{day.isoformat()}"} for day in sorted(expected)]
    assert snapshot.chart is not None and snapshot.chart.kind == "pie"
    slices = dict(zip(snapshot.chart.categories, snapshot.chart.series[0].values, strict=True))
    assert slices == {METHODS[m]: totals[m] for m in KNOWN if totals[m] > 0}
    cards = {card.key: card.value for card in snapshot.cards}
    assert cards["net"] == totals["net"] and cards["refunds"] == totals["refunds"]


def test_the_whole_company_in_figures(ledger: dict[str, Any]) -> None:
    snapshot = run_report(at(ledger["contexts"]["admin"], noon(TODAY)), "collections", ReportFilter(NOVEMBER))
    assert snapshot.totals == (TOTAL, D("100.00"), D("1200.50"), D("0.01"), D("43.32"), D("44.44"),
                               D("12.34"), D("15.00"), 10, D("110.00"), D("1305.61"))
    assert snapshot.period_label.zh == "2026年11月"


@pytest.mark.parametrize(("changes", "seen"), [
    (lambda o: {"owner_id": o["ids"]["north2"]}, {"n2"}),
    (lambda o: {"department_id": o["departments"]["north"]}, {"n1a", "n2"}),
    (lambda o: {"tier": "gold"}, {"n2"}),
    (lambda o: {"customer_id": o["customers"]["s1"]}, {"s1"}),
])
def test_filters_narrow_the_payments(ledger: dict[str, Any], changes: Any, seen: set[str]) -> None:
    flt = ReportFilter(NOVEMBER, **changes(ledger))
    snapshot = run_report(at(ledger["contexts"]["admin"], noon(TODAY)), "collections", flt)
    assert _as_dicts(snapshot) == _expected(seen)
    assert snapshot.filters


def test_without_reports_view_refused_and_hidden_payment_amounts_left_out(ledger: dict[str, Any]) -> None:
    north1 = at(ledger["contexts"]["north1"], noon(TODAY))
    access = north1.actor.access
    no_reports = north1.as_actor(dataclasses.replace(north1.actor, access=Access(
        {k: v for k, v in access.grants.items() if k != "reports"}, access.role_names)))
    with pytest.raises(PermissionDenied):
        run_report(no_reports, "collections", ReportFilter(NOVEMBER))
    payments = access.grants["payments"]
    hidden = north1.as_actor(dataclasses.replace(north1.actor, access=Access(
        {**access.grants, "payments": ResourceGrant(payments.actions, payments.scope, {"amount": FieldRule.HIDDEN})},
        access.role_names)))
    snapshot = run_report(hidden, "collections", ReportFilter(NOVEMBER))
    assert [column.key for column in snapshot.columns] == ["day", "payments"]  # no money column is left
    assert snapshot.rows == ((date(2026, 11, 2), 3), (date(2026, 11, 5), 1), (date(2026, 11, 30), 1))
    assert snapshot.totals == (TOTAL, 5)
    assert snapshot.chart is None and [card.key for card in snapshot.cards] == ["payments"]
    assert any("hidden" in note.en for note in snapshot.notes)
