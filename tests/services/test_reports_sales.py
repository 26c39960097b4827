"""The sales performance report (业绩报表) and the customer report (客户统计) on SQLite, PostgreSQL and MariaDB.

Bills, credit notes, payments and refunds are inserted as rows (report_samples); every figure is compared, to
the fen, with sums computed here from the same sample tables. Scope: a salesperson sees their customers, a
manager their departments, the auditor everything (with the unowned pool as a row of its own)."""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from desktop_app.documents.report_snapshot import Drill, ReportSnapshot
from desktop_app.errors import PermissionDenied
from desktop_app.services.access import Access, FieldRule, ResourceGrant, Scope
from desktop_app.services.context import Context
from desktop_app.services.customers import CustomerInput, create_customer, get_customer, update_customer
from desktop_app.services.reports import Period, ReportFilter, localised, parse_period, run_report
from desktop_app.services.sales_targets import set_target
from tests.services.report_samples import Line, at, bill, noon, payment

D = Decimal
ZERO = D("0.00")
OCTOBER = parse_period("2026-10", date(2026, 10, 31))
SHANGHAI = ZoneInfo("Asia/Shanghai")

# name: (owner login or None for the pool, created at (UTC), tier, industry, region, status)
CUSTOMERS: dict[str, tuple[str | None, datetime, str, str, str, str]] = {
    "A": ("north1", datetime(2026, 10, 3, 4, 0, tzinfo=UTC), "gold", "通信", "北京", "active"),
    "B": ("north1", datetime(2026, 9, 30, 15, 59, tzinfo=UTC), "standard", "软件", "北京", "active"),  # 9-30 23:59
    "C": ("north2", datetime(2026, 10, 31, 15, 30, tzinfo=UTC), "silver", "通信", "天津", "prospect"),  # 10-31 23:30
    "C2": ("north2", datetime(2026, 10, 31, 16, 10, tzinfo=UTC), "standard", "", "天津", "prospect"),  # 11-01 00:10
    "D": ("south1", datetime(2026, 9, 30, 16, 0, tzinfo=UTC), "gold", "零售", "广州", "active"),  # 10-01 00:00
    "E": (None, datetime(2026, 10, 5, 4, 0, tzinfo=UTC), "standard", "", "", "prospect"),
}
# (customer, issue date, kind, status, line gross amounts with their tax rates)
BILLS: list[tuple[str, date, str, str, list[Line]]] = [
    ("A", date(2026, 10, 1), "bill", "issued", [Line("106.00"), Line("109.00", "0.09")]),
    ("A", date(2026, 10, 15), "credit_note", "issued", [Line("10.60")]),
    ("A", date(2026, 10, 20), "bill", "issued", [Line("1000.01", "0.13")]),
    ("A", date(2026, 9, 30), "bill", "issued", [Line("50.00")]),
    ("A", date(2026, 11, 1), "bill", "issued", [Line("70.00", None)]),
    ("A", date(2026, 10, 10), "bill", "draft", [Line("999.99")]),
    ("A", date(2026, 10, 11), "bill", "void", [Line("500.00")]),
    ("B", date(2026, 10, 31), "bill", "issued", [Line("33.33")]),
    ("C", date(2026, 10, 5), "bill", "issued", [Line("88.88")]),
    ("D", date(2026, 10, 12), "bill", "issued", [Line("400.00"), Line("0.00")]),
    ("E", date(2026, 10, 8), "bill", "issued", [Line("77.77", "0.09")]),
]
# (customer, amount, received on, kind)
PAYMENTS = [
    ("A", "100.00", date(2026, 10, 5), "payment"), ("A", "40.00", date(2026, 9, 30), "payment"),
    ("A", "60.00", date(2026, 11, 1), "payment"), ("A", "5.50", date(2026, 10, 31), "refund"),
    ("C", "88.88", date(2026, 10, 6), "payment"), ("D", "150.00", date(2026, 10, 13), "payment"),
    ("D", "20.00", date(2026, 10, 20), "refund"), ("E", "7.77", date(2026, 10, 9), "payment"),
]
TARGETS = [("north1", date(2026, 10, 1), "1000.00"), ("north1", date(2026, 11, 1), "500.00"),
           ("north1", date(2026, 12, 1), "250.00"), ("south1", date(2026, 10, 1), "300.00"),
           ("manager", date(2026, 10, 1), "50.00"), ("clerk", date(2026, 10, 1), "999.00")]


def billed(names: set[str], period: Period = OCTOBER) -> Decimal:
    """Gross billed revenue of ``names`` in ``period``, from the sample table."""
    total = ZERO
    for name, issued, kind, status, lines in BILLS:
        if name in names and status not in ("draft", "void") and period.start <= issued < period.end:
            gross = sum((D(line.gross) for line in lines), ZERO)
            total += -gross if kind == "credit_note" else gross
    return total


def collected(names: set[str], period: Period = OCTOBER) -> Decimal:
    return sum((D(amount) if kind == "payment" else -D(amount) for name, amount, received, kind in PAYMENTS
                if name in names and period.start <= received < period.end), ZERO)


def new(names: set[str], period: Period = OCTOBER) -> int:
    def day(instant: datetime) -> date:
        return instant.astimezone(SHANGHAI).date()

    return sum(1 for name in names if period.start <= day(CUSTOMERS[name][1]) < period.end)


def owned(login: str | None) -> set[str]:
    return {name for name, spec in CUSTOMERS.items() if spec[0] == login}


@pytest.fixture
def sales(org: dict[str, Any]) -> dict[str, Any]:
    c, ids = org["contexts"], org["ids"]
    customers: dict[str, int] = {}
    for name, (owner, created, tier, industry, region, status) in CUSTOMERS.items():
        data = CustomerInput(name=f"{name}客户有限公司", tier=tier, industry=industry, region=region, status=status)
        detail, _ = create_customer(at(c["admin"], created), data, owner_id=ids[owner] if owner else None)
        customers[name] = detail.id
    clerk = at(c["clerk"], noon(date(2026, 11, 30)))
    for name, issued, kind, status, lines in BILLS:
        bill(clerk, customers[name], issued, lines, kind=kind, status=status, due=issued + timedelta(days=30))
    for name, amount, received, kind in PAYMENTS:
        payment(clerk, customers[name], amount, received, kind=kind)
    for login, month, amount in TARGETS:
        set_target(c["admin"], ids[login], month, amount)
    return {**org, "customers": customers}


def report(context: Context, name: str, period: Period = OCTOBER, **filters: Any) -> ReportSnapshot:
    """The report as a Chinese user reads it (the words it writes, like 小计, as text)."""
    return localised(run_report(at(context, noon(date(2026, 11, 30))), name, ReportFilter(period, **filters)), "zh_CN")


def person(names: set[str], target: str | None, period: Period = OCTOBER) -> tuple[Any, ...]:
    """(billed, collected, new customers, target, achievement) of a salesperson, computed from the samples."""
    amount = billed(names, period)
    goal = D(target) if target is not None else None
    achievement = (amount / goal).quantize(D("0.0001")) if goal else None
    return amount, collected(names, period), new(names, period), goal, achievement


# --- sales performance ------------------------------------------------------------------------------------


def test_performance_per_salesperson_department_and_total_to_the_fen(sales: dict[str, Any]) -> None:
    snapshot = report(sales["contexts"]["admin"], "sales_performance")
    north1, north2 = person(owned("north1"), "1000.00"), person(owned("north2"), None)
    south1, manager, pool = person(owned("south1"), "300.00"), person(set(), "50.00"), person(owned(None), None)
    clerk = person(set(), "999.00")  # a target but no customers: a row of zeros
    assert north1 == (D("1237.74"), D("94.50"), 1, D("1000.00"), D("1.2377"))  # checked by hand, too
    assert north2[:3] == (D("88.88"), D("88.88"), 1)  # C created 23:30 on Oct 31 counts, C2 at 00:10 Nov 1 not
    assert south1[:3] == (D("400.00"), D("130.00"), 1)  # D created at 00:00 on Oct 1 counts
    north = (north1[0] + north2[0], north1[1] + north2[1], 2, D("1000.00"), D("1.2377"))
    assert [tuple(row) for row in snapshot.rows] == [
        ("华北销售一", "华北组", *north1), ("华北销售二", "华北组", *north2), ("小计", "华北组", *north),
        ("华南销售", "华南组", *south1), ("小计", "华南组", *south1),
        ("会计", "财务部", *clerk), ("小计", "财务部", *clerk),
        ("销售经理", "销售部", ZERO, ZERO, 0, D("50.00"), D("0.0000")), ("小计", "销售部", *manager),
        ("（公海）", "", *pool),
    ]
    everyone = set(CUSTOMERS)
    assert snapshot.totals == ("合计", "", billed(everyone), collected(everyone), new(everyone), D("2349.00"),
                               ((north1[0] + south1[0]) / D("2349.00")).quantize(D("0.0001")))
    assert snapshot.totals[2:5] == (D("1804.39"), D("321.15"), 4)
    ids = sales["ids"]
    assert snapshot.drills[0] == Drill("customers", {"owner_id": ids["north1"]})
    assert snapshot.drills[-1] == Drill("customers", {"pool": True})
    assert snapshot.chart is not None and snapshot.chart.kind == "bar"
    assert snapshot.chart.categories == ("华北销售一", "华北销售二", "华南销售", "会计", "销售经理")
    assert [s.values for s in snapshot.chart.series] == [(north1[0], north2[0], south1[0], ZERO, ZERO),
                                                         (D("1000.00"), ZERO, D("300.00"), D("999.00"), D("50.00"))]
    assert {card.key: card.value for card in snapshot.cards}["billed"] == D("1804.39")
    assert [column.key for column in snapshot.columns] == ["salesperson", "department", "billed", "collected",
                                                           "new_customers", "target", "achievement"]


def test_performance_scope_salesperson_manager_auditor(sales: dict[str, Any]) -> None:
    c = sales["contexts"]
    mine = report(c["north1"], "sales_performance")
    north1 = person(owned("north1"), "1000.00")
    assert [tuple(row) for row in mine.rows] == [("华北销售一", "华北组", *north1), ("小计", "华北组", *north1)]
    assert mine.totals == ("合计", "", *north1)
    team = report(c["manager"], "sales_performance")
    # the finance clerk's target is outside the manager's departments
    assert [row[0] for row in team.rows] == ["华北销售一", "华北销售二", "小计", "华南销售", "小计", "销售经理", "小计"]
    team_customers = owned("north1") | owned("north2") | owned("south1")
    assert team.totals is not None and team.totals[2:6] == (billed(team_customers), collected(team_customers),
                                                            new(team_customers), D("1350.00"))
    auditor = report(c["auditor"], "sales_performance")
    assert auditor.rows == report(c["admin"], "sales_performance").rows  # sees all, the pool too
    nobody = Context(c["admin"].database, dataclasses.replace(c["admin"].actor, access=Access()))
    with pytest.raises(PermissionDenied):
        report(nobody, "sales_performance")


def test_performance_targets_follow_the_months_of_the_period(sales: dict[str, Any]) -> None:
    admin = sales["contexts"]["admin"]
    quarter = parse_period("2026-Q4", date(2026, 10, 1))
    rows = {row[0]: row for row in report(admin, "sales_performance", quarter).rows if row[0] != "小计"}
    assert tuple(rows["华北销售一"][2:]) == person(owned("north1"), "1750.00", quarter)  # 1000 + 500 + 250
    assert rows["华北销售一"][2] == D("1307.74")  # November's 70.00 bill counts in the quarter
    split = parse_period("2026-10-15..2026-11-14", date(2026, 10, 1))  # touches October and November
    rows = {row[0]: row for row in report(admin, "sales_performance", split).rows}
    assert rows["华北销售一"][5] == D("1500.00")
    assert rows["华北销售一"][2] == billed(owned("north1"), split) == D("1092.74")


def test_performance_filters_owner_department_tier(sales: dict[str, Any]) -> None:
    admin, ids, departments = sales["contexts"]["admin"], sales["ids"], sales["departments"]
    one = report(admin, "sales_performance", owner_id=ids["north2"])
    assert [row[0] for row in one.rows] == ["华北销售二", "小计"]
    assert one.totals == ("合计", "", *person(owned("north2"), None))
    south = report(admin, "sales_performance", department_id=departments["south"])
    assert [tuple(row) for row in south.rows] == [("华南销售", "华南组", *person(owned("south1"), "300.00")),
                                                  ("小计", "华南组", *person(owned("south1"), "300.00"))]
    gold = report(admin, "sales_performance", tier="gold")  # customers A (north1) and D (south1)
    rows = {row[0]: row for row in gold.rows}
    assert rows["华北销售一"][2:5] == (billed({"A"}), collected({"A"}), new({"A"}))
    assert "（公海）" not in rows  # the pool customer is no gold one
    assert gold.totals is not None and gold.totals[2] == billed({"A", "D"})


def test_performance_without_amounts_shows_no_money(sales: dict[str, Any]) -> None:
    admin = sales["contexts"]["admin"]
    grants = {**admin.actor.access.grants,
              "bills": ResourceGrant(frozenset({"view"}), Scope.ALL, {"amount": FieldRule.HIDDEN})}
    limited = Context(admin.database, dataclasses.replace(admin.actor, access=Access(grants)))
    snapshot = report(limited, "sales_performance")
    assert [column.key for column in snapshot.columns] == ["salesperson", "department", "new_customers",
                                                           "achievement"]
    assert snapshot.rows[0] == ("华北销售一", "华北组", 1, None)  # the achievement would tell the amount
    assert snapshot.chart is None and any("金额" in note.zh for note in snapshot.notes)
    assert [card.key for card in snapshot.cards] == ["new_customers"]
    grants = {**admin.actor.access.grants,  # hidden payments are enough to leave every amount out
              "payments": ResourceGrant(frozenset({"view"}), Scope.ALL, {"amount": FieldRule.HIDDEN})}
    limited = Context(admin.database, dataclasses.replace(admin.actor, access=Access(grants)))
    assert report(limited, "sales_performance").rows[0] == ("华北销售一", "华北组", 1, None)


# --- customer report --------------------------------------------------------------------------------------


def table(snapshot: ReportSnapshot) -> dict[tuple[str, str], tuple[int, int, int, int]]:
    return {(str(row[0]), str(row[1])): (int(row[2]), int(row[3]), int(row[4]), int(row[5]))  # type: ignore[arg-type]
            for row in snapshot.rows}


def _close(context: Context, customer_id: int, status: str = "closed", notes: str | None = None) -> None:
    detail = get_customer(context, customer_id)
    data = dataclasses.replace(detail.data, status=status) if notes is None else \
        dataclasses.replace(detail.data, notes=notes)
    update_customer(context, customer_id, data)


def test_customer_report_by_tier_industry_region_status(sales: dict[str, Any]) -> None:
    snapshot = report(sales["contexts"]["admin"], "customers")
    assert [tuple(row[:2]) for row in snapshot.rows] == [
        ("会员级别", "standard"), ("会员级别", "silver"), ("会员级别", "gold"),  # in the order of customer.tiers
        ("行业", "通信"), ("行业", "软件"), ("行业", "零售"), ("行业", "（未填）"),
        ("地区", "北京"), ("地区", "天津"), ("地区", "广州"), ("地区", "（未填）"),
        ("状态", "潜在"), ("状态", "活跃"),
    ]
    found = table(snapshot)
    expected = {("会员级别", "standard"): {"B", "C2", "E"}, ("会员级别", "gold"): {"A", "D"},
                ("行业", "通信"): {"A", "C"}, ("行业", "（未填）"): {"C2", "E"}, ("地区", "天津"): {"C", "C2"},
                ("状态", "活跃"): {"A", "B", "D"}}
    for (dimension, value), names in expected.items():
        active = sum(1 for name in names if CUSTOMERS[name][5] == "active")
        assert found[dimension, value] == (len(names), active, new(names), 0)
    assert snapshot.totals == ("合计", "", 6, 3, new(set(CUSTOMERS)), 0)
    for dimension in ("会员级别", "行业", "地区", "状态"):  # every dimension adds up to the totals
        assert sum(v[0] for (d, _), v in found.items() if d == dimension) == 6
        assert sum(v[2] for (d, _), v in found.items() if d == dimension) == 4
    assert snapshot.drills[0] == Drill("customers", {"tier": "standard"})
    assert snapshot.drills[6] is None  # no value to filter by
    assert snapshot.chart is not None and snapshot.chart.kind == "pie"
    assert (snapshot.chart.categories, snapshot.chart.series[0].values) == (("standard", "silver", "gold"), (3, 1, 2))


def test_customer_report_scope(sales: dict[str, Any]) -> None:
    c = sales["contexts"]
    assert report(c["north1"], "customers").totals == ("合计", "", 2, 2, 1, 0)  # A and B
    assert report(c["manager"], "customers").totals == ("合计", "", 5, 3, 3, 0)  # not the pool's E
    assert report(c["auditor"], "customers").rows == report(c["admin"], "customers").rows
    nobody = Context(c["admin"].database, dataclasses.replace(c["admin"].actor, access=Access()))
    with pytest.raises(PermissionDenied):
        report(nobody, "customers")


def test_lost_customers_come_from_status_changes_in_the_audit_log(sales: dict[str, Any]) -> None:
    c, customers = sales["contexts"], sales["customers"]
    _close(c["south1"], customers["D"])  # active -> closed
    _close(c["north2"], customers["C"])  # prospect -> closed ...
    _close(c["north2"], customers["C"], "active")  # ... and reopened: it was still lost in the period
    _close(c["north1"], customers["B"], notes='客户说 "status": ["active", "closed"] 不算')  # only text
    # the audit log is stamped by the database clock: the period around today (company calendar)
    today = datetime.now(UTC).astimezone(SHANGHAI).date()
    around = Period(today - timedelta(days=1), today + timedelta(days=2))
    found = table(report(c["admin"], "customers", around))
    assert found["会员级别", "gold"][3] == 1 and found["会员级别", "silver"][3] == 1
    assert found["状态", "已关闭"] == (1, 0, 0, 1)  # D, closed now
    assert found["状态", "活跃"][3] == 1  # C, active again
    assert found["行业", "软件"][3] == 0  # B's notes are no status change
    assert report(c["admin"], "customers", around).totals == ("合计", "", 6, 3, 0, 2)
    assert report(c["admin"], "customers").totals[5] == 0  # nothing was closed in October  # type: ignore[index]
    assert report(c["north1"], "customers", around).totals[5] == 0  # type: ignore[index]
    assert report(c["south1"], "customers", around).totals == ("合计", "", 1, 0, 0, 1)
