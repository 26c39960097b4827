"""The usage report (用量报表) on SQLite, PostgreSQL and MariaDB, over usage imported and billed by real bill runs:
recorded, included and overage per meter and customer in the billing unit (per-record rounding, unit size,
allowance, max aggregation, a unit that does not divide evenly, a meter no plan prices), the overage amount equal
to the net of the issued usage lines (drafts do not count, late usage adds, a credit note takes back), the period,
scope, the plan filter, permission and hidden amounts.

Plans: "std" (catalog_samples.usage_plan: calls 0.10/分钟 with 500 included, each call rounded up to 60 s; SMS
graduated 0–1,000 at 0.05, above at 0.04) and "iot" (data in GB of 1,024 MB, 2 GB included, volume tiers; ports:
the month's largest count, 2 included, 1.00 each above). Customers: A (north1, std), B (south1, std), C (north1,
iot)."""

from __future__ import annotations

import dataclasses
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from catalog_samples import seed_products, usage_plan

from desktop_app.errors import PermissionDenied
from desktop_app.services.access import Access, FieldRule, ResourceGrant
from desktop_app.services.bill_runs import run_bills
from desktop_app.services.bills import get_bill, issue_bills, list_bills
from desktop_app.services.credit_notes import create_credit_note
from desktop_app.services.customers import CustomerInput, create_customer
from desktop_app.services.plans import create_plan, publish
from desktop_app.services.reports import ReportFilter, parse_period, run_report
from desktop_app.services.subscriptions import create_subscription
from desktop_app.services.usage import import_usage

D = Decimal
MARCH = parse_period("2026-03", date(2026, 4, 10))
APRIL = parse_period("2026-04", date(2026, 4, 10))
HEADER = "subscription,meter,timestamp,quantity,record_id\n"
IOT = {"charges": [
    {"kind": "recurring", "code": "base", "name": "月租", "product": "svc", "price": "5.00", "interval": "month"},
    {"kind": "usage", "code": "data", "name": "流量费", "product": "data", "meter": "data_mb", "model": "volume",
     "unit_size": "1024", "included": "2",
     "tiers": [{"start": "0", "up_to": "10", "unit_price": "3.00"},
               {"start": "10", "up_to": None, "unit_price": "2.00"}]},
    {"kind": "usage", "code": "ports", "name": "端口", "product": "svc", "meter": "ports", "model": "per_unit",
     "aggregation": "max", "included": "2", "unit_price": "1.00"},
]}
ROWS = {  # (meter, customer) -> (records, recorded, included, overage) after the first import
    ("call_seconds", "A"): (2, D("601"), D("500"), D("101")),  # 61 s → 2 min, 35,939 s → 599 min
    ("call_seconds", "B"): (3, D("4"), D("4"), D("0")),  # 100 s, 59 s, 1 s → 2 + 1 + 1 min
    ("sms", "A"): (1, D("1500"), D("0"), D("1500")),
    ("fax", "A"): (1, D("3"), D("0"), D("0")),  # no plan prices it: recorded only, in its own unit
    ("data_mb", "C"): (2, D("2.441406"), D("2"), D("0.441406")),  # 2,500 MB = 2.44140625 GB
    ("ports", "C"): (3, D("5"), D("2"), D("3")),  # the largest of 3, 5, 4
}
UNITS = {"call_seconds": ("语音通话", "分钟"), "sms": ("短信", "条"), "fax": ("fax", ""), "data_mb": ("流量", "GB"),
         "ports": ("软件服务", "月")}


def _import(context: Any, tmp_path: Path, name: str, *rows: str) -> None:
    path = tmp_path / name
    path.write_text(HEADER + "".join(row + "\n" for row in rows), encoding="utf-8")
    report = import_usage(context, path, dry_run=False)
    assert not report.problems, report.problems


def _issue_drafts(clerk: Any) -> None:
    drafts = [bill.id for bill in list_bills(clerk, status="draft")]
    assert not issue_bills(clerk, drafts).failed


@pytest.fixture
def metered(org: dict[str, Any], tmp_path: Path) -> dict[str, Any]:
    contexts = org["contexts"]
    admin, clerk = contexts["admin"], contexts["clerk"]
    seed_products(admin)
    plans = {}
    for code, definition in (("std", usage_plan()), ("iot", IOT)):
        plan, _, _ = create_plan(admin, code, code, "", definition)
        publish(admin, plan.id)
        plans[code] = plan.id
    made = {"A": ("north1", "std"), "B": ("south1", "std"), "C": ("north1", "iot")}
    customers, subs = {}, {}
    for name, (login, plan) in made.items():
        info, _ = create_customer(contexts[login], CustomerInput(name=f"客户{name}有限公司"))
        customers[name] = info.id
        subs[name] = create_subscription(contexts[login], info.id, date(2026, 3, 1), plan_id=plans[plan],
                                         seats=1 if plan == "std" else 0)[0].code
    a, b, c = subs["A"], subs["B"], subs["C"]
    _import(clerk, tmp_path, "march.csv",
            f"{a},call_seconds,2026-03-05T10:00:00+08:00,61,a1", f"{a},call_seconds,2026-03-31T23:59:59+08:00,35939,a2",
            f"{a},sms,2026-03-10T09:00:00+08:00,1500,a3", f"{a},fax,2026-03-11T09:00:00+08:00,3,a4",
            f"{a},call_seconds,2026-04-01T00:00:00+08:00,30,a5",  # April
            f"{b},call_seconds,2026-03-02T10:00:00+08:00,100,b1", f"{b},call_seconds,2026-03-03T10:00:00+08:00,59,b2",
            f"{b},call_seconds,2026-03-04T10:00:00+08:00,1,b3",
            f"{c},data_mb,2026-03-02T10:00:00+08:00,1500,c1", f"{c},data_mb,2026-03-20T10:00:00+08:00,1000,c2",
            f"{c},ports,2026-03-02T10:00:00+08:00,3,c3", f"{c},ports,2026-03-12T10:00:00+08:00,5,c4",
            f"{c},ports,2026-03-22T10:00:00+08:00,4,c5")
    run_bills(clerk, date(2026, 3, 1))
    run_bills(clerk, date(2026, 4, 1))
    return {**org, "clerk": clerk, "plans": plans, "customers": customers, "subs": subs}


def _usage_net(context: Any, customer_id: int, meter_charges: set[str]) -> Decimal:
    """The net of the issued documents' usage lines for March of one customer (read from the bills)."""
    total = D("0.00")
    for info in list_bills(context, customer_id=customer_id):
        if info.status in ("draft", "void"):
            continue
        sign = -1 if info.kind == "credit_note" else 1
        for line in get_bill(context, info.id).lines:
            if line.kind in ("usage", "usage_flat_fee") and line.charge in meter_charges \
                    and line.period_start == MARCH.start:
                total += sign * line.net
    return total


CHARGES = {"call_seconds": {"calls"}, "sms": {"texts"}, "fax": set(), "data_mb": {"data"}, "ports": {"ports"}}


def _rows(snapshot: Any, customers: dict[str, int]) -> dict[tuple[str, str], tuple[Any, ...]]:
    names = {f"客户{name}有限公司": name for name in customers}
    return {(row[0], names[row[4]]): row for row in snapshot.rows}


def _check(snapshot: Any, metered: dict[str, Any], seen: set[str], rows: dict[tuple[str, str], tuple[Any, ...]]
           ) -> None:
    found = _rows(snapshot, metered["customers"])
    assert set(found) == {key for key in rows if key[1] in seen}
    admin = metered["contexts"]["admin"]
    for (meter, customer), (records, recorded, included, overage) in rows.items():
        if customer not in seen:
            continue
        row = found[(meter, customer)]
        assert row[1:3] == UNITS[meter] and row[5:9] == (records, recorded, included, overage), (meter, customer)
        assert row[9] == _usage_net(admin, metered["customers"][customer], CHARGES[meter]), (meter, customer)
    assert snapshot.totals[5] == sum(rows[key][0] for key in found)
    assert snapshot.totals[9] == sum((row[9] for row in found.values()), D("0.00"))


def test_drafts_do_not_count_then_issued_usage_lines_do(metered: dict[str, Any]) -> None:
    admin, clerk = metered["contexts"]["admin"], metered["clerk"]
    before = run_report(admin, "usage", ReportFilter(MARCH))
    assert {row[9] for row in before.rows} == {D("0.00")}  # only drafts so far: quantities, no amount
    assert {key: row[5:9] for key, row in _rows(before, metered["customers"]).items()} == ROWS
    _issue_drafts(clerk)
    snapshot = run_report(admin, "usage", ReportFilter(MARCH))
    _check(snapshot, metered, {"A", "B", "C"}, ROWS)
    amounts = {key: row[9] for key, row in _rows(snapshot, metered["customers"]).items()}
    # 101 min × 0.10 = 10.10 (9 %: 9.27); SMS 1,000 × 0.05 + 500 × 0.04 = 50.00 + 20.00 (6 %: 47.17 + 18.87);
    # data 0.44140625 GB × 3.00 = 1.32 (1.25); ports 3 × 1.00 (2.83)
    assert amounts == {("call_seconds", "A"): D("9.27"), ("call_seconds", "B"): D("0.00"), ("sms", "A"): D("66.04"),
                       ("fax", "A"): D("0.00"), ("data_mb", "C"): D("1.25"), ("ports", "C"): D("2.83")}
    assert [column.key for column in snapshot.columns] == [
        "meter", "item", "unit", "customer_code", "customer", "records", "recorded", "included", "overage",
        "overage_amount"]
    assert snapshot.chart is not None and snapshot.chart.kind == "bar" and snapshot.chart.value_kind == "quantity"
    bars = dict(zip(snapshot.chart.categories, zip(*(s.values for s in snapshot.chart.series), strict=True),
                    strict=True))
    assert bars["语音通话 (分钟)"] == (D("504"), D("101")) and bars["流量 (GB)"] == (D("2"), D("0.441406"))
    cards = {card.key: card for card in snapshot.cards}
    assert cards["meter:call_seconds:分钟"].value == D("605") and "¥9.27" in cards["meter:call_seconds:分钟"].detail.zh
    assert {drill.params["customer_id"] for drill in snapshot.drills} == set(metered["customers"].values())


def test_late_usage_and_a_credit_note_follow_the_bills(metered: dict[str, Any], tmp_path: Path) -> None:
    admin, clerk, subs = metered["contexts"]["admin"], metered["clerk"], metered["subs"]
    _issue_drafts(clerk)
    # 10 more minutes in March after it was billed: all over the allowance (500 were used by the first bill)
    _import(clerk, tmp_path, "late.csv", f"{subs['A']},call_seconds,2026-03-20T10:00:00+08:00,600,a6")
    assert run_bills(clerk, date(2026, 4, 1)).bills == 1
    rows = {**ROWS, ("call_seconds", "A"): (3, D("611"), D("500"), D("111"))}
    late = run_report(admin, "usage", ReportFilter(MARCH))
    assert _rows(late, metered["customers"])[("call_seconds", "A")][5:10] == (3, D("611"), D("500"), D("111"),
                                                                             D("9.27"))  # the late bill is a draft
    _issue_drafts(clerk)
    sms_bill = next(info for info in list_bills(clerk, customer_id=metered["customers"]["A"])
                    if any(line.charge == "texts" for line in get_bill(clerk, info.id).lines))
    first_sms = next(line for line in get_bill(clerk, sms_bill.id).lines if line.charge == "texts")
    create_credit_note(admin, sms_bill.id, [(first_sms.id, D("10.00"))], "短信计费有误", "usage-cn-1")
    snapshot = run_report(admin, "usage", ReportFilter(MARCH))
    _check(snapshot, metered, {"A", "B", "C"}, rows)
    found = _rows(snapshot, metered["customers"])
    assert found[("call_seconds", "A")][9] == D("9.27") + D("0.92")  # 10 min × 0.10 = 1.00 (9 %: 0.92)
    assert found[("sms", "A")][9] == D("66.04") - D("9.43")  # 10.00 credited at 6 %


def test_the_period_takes_the_usage_periods_starting_in_it(metered: dict[str, Any]) -> None:
    snapshot = run_report(metered["contexts"]["admin"], "usage", ReportFilter(APRIL))
    assert [(row[0], row[4], row[5:9]) for row in snapshot.rows] == [
        ("call_seconds", "客户A有限公司", (1, D("1"), D("1"), D("0")))]  # 30 s → 1 min, within the allowance
    assert snapshot.totals[6:9] == (D("1"), D("1"), D("0"))  # one meter: the quantities add up


@pytest.mark.parametrize(("login", "seen"), [("north1", {"A", "C"}), ("south1", {"B"}), ("auditor", {"A", "B", "C"}),
                                             ("manager", {"A", "B", "C"})])
def test_each_role_sees_its_customers(metered: dict[str, Any], login: str, seen: set[str]) -> None:
    _issue_drafts(metered["clerk"])
    _check(run_report(metered["contexts"][login], "usage", ReportFilter(MARCH)), metered, seen, ROWS)


def test_the_plan_filter_keeps_its_subscriptions(metered: dict[str, Any]) -> None:
    _issue_drafts(metered["clerk"])
    snapshot = run_report(metered["contexts"]["admin"], "usage", ReportFilter(MARCH, plan_id=metered["plans"]["iot"]))
    assert set(_rows(snapshot, metered["customers"])) == {("data_mb", "C"), ("ports", "C")}
    assert snapshot.totals[9] == D("1.25") + D("2.83")


def test_without_reports_view_refused_and_hidden_amounts_left_out(metered: dict[str, Any]) -> None:
    north1 = metered["contexts"]["north1"]
    access = north1.actor.access
    no_reports = north1.as_actor(dataclasses.replace(north1.actor, access=Access(
        {k: v for k, v in access.grants.items() if k != "reports"}, access.role_names)))
    with pytest.raises(PermissionDenied):
        run_report(no_reports, "usage", ReportFilter(MARCH))
    bills = access.grants["bills"]
    hidden = north1.as_actor(dataclasses.replace(north1.actor, access=Access(
        {**access.grants, "bills": ResourceGrant(bills.actions, bills.scope, {"amount": FieldRule.HIDDEN})},
        access.role_names)))
    snapshot = run_report(hidden, "usage", ReportFilter(MARCH))
    assert "overage_amount" not in [column.key for column in snapshot.columns] and len(snapshot.totals) == 9
    assert {(row[0], row[4]): row[5:9] for row in snapshot.rows} == {
        (meter, f"客户{name}有限公司"): figures for (meter, name), figures in ROWS.items() if name in ("A", "C")}
    assert all("¥" not in card.detail.zh for card in snapshot.cards if card.detail)
    assert any("hidden" in note.en for note in snapshot.notes)
