"""Small services the bill screens asked for, on SQLite, PostgreSQL and MariaDB: a bill's price basis
(``BillInfo.tax_inclusive``, which manual lines follow), the company's today by the database clock, and bulk
issue that stops between bills when cancelled, reporting how many were left as drafts."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from catalog_samples import seed_products

from desktop_app.services.bill_runs import run_bills
from desktop_app.services.bills import add_line, company_today, get_bill, issue_bills, list_bills
from desktop_app.services.customers import CustomerInput, create_customer
from desktop_app.services.plans import create_plan, publish
from desktop_app.services.subscriptions import create_subscription

D = Decimal


def _monthly(price: str, inclusive: bool) -> dict[str, Any]:
    return {"tax_inclusive": inclusive, "charges": [
        {"kind": "recurring", "code": "base", "name": "月租", "product": "svc", "price": price, "interval": "month"}]}


@pytest.fixture
def drafts(org: dict[str, Any]) -> dict[str, Any]:
    """Three draft bills for March: two on a tax-inclusive plan, one on a tax-exclusive plan (软件服务 6 %)."""
    admin, north1 = org["contexts"]["admin"], org["contexts"]["north1"]
    seed_products(admin)
    plans = {}
    for code, inclusive in (("gross", True), ("net", False)):
        plan, _, _ = create_plan(admin, code, code, "", _monthly("106.00", inclusive))
        publish(admin, plan.id)
        plans[code] = plan.id
    for name, plan in (("北京星河科技有限公司", "gross"), ("天津云帆网络有限公司", "gross"),
                       ("河北远景信息有限公司", "net")):
        customer, _ = create_customer(north1, CustomerInput(name=name))
        create_subscription(north1, customer.id, date(2026, 3, 1), plan_id=plans[plan])
    clerk = org["contexts"]["clerk"]
    run_bills(clerk, date(2026, 3, 1))
    bills = {bill.customer_name: bill for bill in list_bills(clerk)}
    return {**org, "clerk": clerk, "bills": bills}


def test_a_bill_says_whether_its_prices_include_tax_and_manual_lines_follow(drafts: dict[str, Any]) -> None:
    clerk, bills = drafts["clerk"], drafts["bills"]
    gross, net = bills["北京星河科技有限公司"], bills["河北远景信息有限公司"]
    assert (gross.tax_inclusive, net.tax_inclusive) == (True, False)
    assert (gross.total_gross, net.total_gross) == (D("106.00"), D("112.36"))  # 106.00 + 6 % on top
    detail, _ = add_line(clerk, net.id, net.version, "上门安装", "100.00", "0.06")
    assert detail.bill.tax_inclusive is False
    assert (detail.lines[-1].net, detail.lines[-1].tax, detail.lines[-1].gross) == (D("100.00"), D("6.00"),
                                                                                    D("106.00"))
    detail, _ = add_line(clerk, gross.id, gross.version, "上门安装", "106.00", "0.06")
    assert detail.bill.tax_inclusive and (detail.lines[-1].net, detail.lines[-1].gross) == (D("100.00"), D("106.00"))
    assert get_bill(clerk, gross.id).bill.tax_inclusive


def test_company_today_is_the_database_day_in_the_company_time_zone(drafts: dict[str, Any]) -> None:
    shanghai = ZoneInfo("Asia/Shanghai")  # the company's default time zone
    before = datetime.now(UTC).astimezone(shanghai).date()
    today = company_today(drafts["clerk"])
    after = datetime.now(UTC).astimezone(shanghai).date()
    assert today in (before, after)
    assert company_today(drafts["contexts"]["north1"]) == today  # no permission needed: it is only the date


def test_bulk_issue_stops_between_bills_when_cancelled(drafts: dict[str, Any]) -> None:
    clerk = drafts["clerk"]
    ids = sorted(bill.id for bill in drafts["bills"].values())
    reported: list[tuple[int, int]] = []
    summary = issue_bills(clerk, ids, progress=lambda done, total: reported.append((done, total)),
                          cancelled=lambda: len(reported) >= 1)
    assert (len(summary.issued), summary.failed, summary.left) == (1, (), 2)
    assert reported == [(1, 3)]
    states = {bill.id: bill.status for bill in list_bills(clerk)}
    assert [states[bill_id] for bill_id in ids] == ["issued", "draft", "draft"]  # in order; the rest stay drafts
    rest = issue_bills(clerk, ids, cancelled=lambda: False)
    assert (len(rest.issued), [code for _id, code in rest.failed], rest.left) == (2, ["bill.not_draft"], 0)
    assert issue_bills(clerk, ids[1:], cancelled=lambda: True) == type(rest)((), (), 2)
