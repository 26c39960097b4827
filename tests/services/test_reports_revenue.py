"""Revenue by month / plan / product / tax rate, the tax summary and the bill register on SQLite, PostgreSQL and
MariaDB: totals equal the sums of the seeded bills to the fen (computed here from the seeded lines, not by the
reports' queries), the five revenue views agree, drafts never count, void documents are listed in the register
but never counted, credit notes subtract; scope (salesperson, manager, auditor), filters and permission.

Seed (clock 2026-11-20): customers of north1 (two), north2, south1 and one of the finance clerk; plans basic and
pro with subscriptions; bills over August–December 2026 and a year earlier at 6 %, 9 %, 13 % and exempt."""

from __future__ import annotations

import dataclasses
import itertools
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from catalog_samples import seed_products
from report_samples import Line, at, bill, noon, payment

from desktop_app.errors import PermissionDenied
from desktop_app.models import Bill
from desktop_app.services.access import Access, FieldRule, ResourceGrant
from desktop_app.services.context import Context
from desktop_app.services.customers import CustomerInput, create_customer
from desktop_app.services.plans import create_plan, publish
from desktop_app.services.reports import REPORTS, ReportFilter, parse_period, run_report
from desktop_app.services.reports.model import Period
from desktop_app.services.reports.register import KINDS, STATUSES
from desktop_app.services.reports.revenue import BILL, CREDIT_NOTE, EXEMPT, NO_PLAN, OTHER, TOTAL_TEXT
from desktop_app.services.subscriptions import create_subscription

D = Decimal
ZERO = D("0.00")
TODAY = date(2026, 11, 20)
AUTUMN = parse_period("2026-09-01..2026-11-30", TODAY)  # September to November 2026
NUMBERS = itertools.count(700001)  # apart from report_samples' numbers
REVENUE = ("revenue_by_period", "revenue_by_plan", "revenue_by_product", "revenue_by_tax_rate")


@dataclasses.dataclass(frozen=True)
class Doc:
    id: int
    customer: str
    issued: date
    kind: str
    status: str
    lines: tuple[Line, ...]
    plan: str | None  # the plan of its subscription (or its original bill's)

    def counts(self, period: Period) -> bool:
        return self.status not in ("draft", "void") and period.start <= self.issued < period.end

    @property
    def sign(self) -> int:
        return -1 if self.kind == "credit_note" else 1


def _flat(price: str) -> dict[str, Any]:
    return {"charges": [{"kind": "recurring", "code": "base", "name": "月租", "product": "svc", "price": price,
                         "interval": "month"}]}


@pytest.fixture
def seeded(org: dict[str, Any]) -> dict[str, Any]:
    contexts, ids = org["contexts"], org["ids"]
    admin = contexts["admin"]
    clerk = at(contexts["clerk"], noon(TODAY))
    seed_products(admin)
    plans = {}
    for code, name, price in (("basic", "基础套餐", "99.00"), ("pro", "专业套餐", "159.00")):
        plan, _, _ = create_plan(admin, code, name, "", _flat(price))
        publish(admin, plan.id)
        plans[code] = plan.id
    infos = {
        "n1a": create_customer(contexts["north1"], CustomerInput(name="北京甲科技有限公司", tier="gold"))[0],
        "n1b": create_customer(contexts["north1"], CustomerInput(name="北京乙贸易有限公司"))[0],
        "n2": create_customer(contexts["north2"], CustomerInput(name="天津丙网络有限公司"))[0],
        "s1": create_customer(contexts["south1"], CustomerInput(name="广州丁通信有限公司", tier="gold"))[0],
        "fin": create_customer(admin, CustomerInput(name="上海戊服务有限公司"), owner_id=ids["clerk"])[0],
    }
    customers = {name: info.id for name, info in infos.items()}
    subs = {name: create_subscription(contexts[login], customers[name], date(2026, 1, 1), plan_id=plans[plan])[0].id
            for name, login, plan in (("n1a", "north1", "basic"), ("n2", "north2", "pro"), ("s1", "south1", "basic"))}
    docs: dict[str, Doc] = {}

    def add(name: str, customer: str, issued: date, lines: list[Line], *, kind: str = "bill",
            status: str = "issued", sub: str | None = None, plan: str | None = None,
            original: str | None = None) -> None:
        doc_id = bill(clerk, customers[customer], issued, lines, kind=kind, status="draft",
                      subscription_id=subs[sub] if sub else None, original=docs[original].id if original else None)
        if status != "draft":
            _issue(clerk, doc_id, infos[customer], issued, status)
        docs[name] = Doc(doc_id, customer, issued, kind, status, tuple(lines), plan)

    add("b1", "n1a", date(2026, 10, 3), [Line("99.00", "0.09", "voice"), Line("30.00", "0.06", "sms"),
                                         Line("10.00", "0.06", "data")], sub="n1a", plan="basic")
    add("b2", "n1a", date(2026, 10, 20), [Line("159.00", "0.06", "sms"), Line("50.00", None, "")],
        sub="n1a", plan="basic")
    # a credit note without its own subscription counts under its original bill's plan
    add("c3", "n1a", date(2026, 10, 25), [Line("30.00", "0.06", "sms")], kind="credit_note", plan="basic",
        original="b1")
    add("b4", "n1b", date(2026, 10, 5), [Line("1130.00", "0.13", "hw"), Line("20.00", None, "prepaid")])
    add("void5", "n1b", date(2026, 10, 6), [Line("500.00", "0.06", "sms")], status="void")
    add("draft6", "n1b", date(2026, 10, 7), [Line("999.99", "0.06", "sms")], status="draft")
    add("b7", "n2", date(2026, 9, 15), [Line("159.00", "0.06", "svc")], sub="n2", plan="pro")
    add("b8", "n2", date(2026, 11, 2), [Line("159.00", "0.06", "svc"), Line("12.34", "0.09", "voice")],
        sub="n2", plan="pro")
    add("c9", "n2", date(2026, 11, 10), [Line("12.34", "0.09", "voice")], kind="credit_note", sub="n2",
        plan="pro", original="b8")
    add("b10", "s1", date(2026, 10, 31), [Line("99.00", "0.09", "voice"), Line("0.01", "0.06", "data")],
        sub="s1", plan="basic")
    add("b11", "s1", date(2026, 11, 1), [Line("88.88", "0.13", "hw")])
    add("b12", "fin", date(2026, 10, 15), [Line("300.00", "0.06", "data")])
    add("void13", "n1b", date(2026, 10, 10), [Line("20.00", None, "prepaid")], kind="credit_note",
        status="void", original="b4")
    add("edge14", "n1a", date(2026, 8, 31), [Line("77.00", "0.06", "sms")], sub="n1a", plan="basic")
    add("edge15", "s1", date(2026, 12, 1), [Line("66.00", "0.06", "sms")])
    add("ly16", "n1a", date(2025, 10, 10), [Line("100.00", "0.06", "sms")])
    add("ly17", "s1", date(2025, 11, 30), [Line("200.00", "0.09", "voice")])
    payment(clerk, customers["n1a"], "209.00", date(2026, 10, 28), settles=[(docs["b2"].id, "209.00")])
    payment(clerk, customers["n1b"], "150.00", date(2026, 10, 30), settles=[(docs["b4"].id, "150.00")])
    return {**org, "clerk": clerk, "plans": plans, "customers": customers, "infos": infos, "docs": docs}


def _issue(context: Context, bill_id: int, customer: Any, issued: date, status: str) -> None:
    """Number a draft and snapshot the customer onto it, as issuing does (report_samples.bill leaves the
    snapshot empty)."""
    with context.unit_of_work() as uow:
        row = uow.session.get(Bill, bill_id)
        assert row is not None
        row.series = "ZD" if row.kind == "bill" else "HC"
        row.year, row.number = issued.year, next(NUMBERS)
        row.code = f"{row.series}-{row.year}-{row.number:06d}"
        row.status, row.issue_date, row.due_date = status, issued, issued.replace(day=28)
        row.customer_code, row.customer_name = customer.code, customer.data.name
        row.issued_at, row.issued_by = context.clock(), "test"
        uow.commit()


# --- independent sums -------------------------------------------------------------------------------

Keep = Callable[[Doc], bool]


def _all(_doc: Doc) -> bool:
    return True


def _sums(docs: dict[str, Doc], period: Period, keep: Keep = _all, product: str = "",
          line_key: Callable[[Line], Any] | None = None) -> dict[Any, tuple[Decimal, Decimal, Decimal]]:
    """Signed net, tax and gross of the counted documents' lines, per ``line_key`` (one key None: all)."""
    found: dict[Any, list[Decimal]] = {}
    for doc in docs.values():
        if not doc.counts(period) or not keep(doc):
            continue
        for line in doc.lines:
            if product and line.product != product:
                continue
            key = line_key(line) if line_key else None
            sums = found.setdefault(key, [ZERO, ZERO, ZERO])
            for index, value in enumerate(line.split()):
                sums[index] += doc.sign * value
    return {key: (net, tax, gross) for key, (net, tax, gross) in found.items()}


def _total(docs: dict[str, Doc], period: Period, keep: Keep = _all, product: str = "") -> tuple[Decimal, ...]:
    return _sums(docs, period, keep, product).get(None, (ZERO, ZERO, ZERO))


def _money_totals(snapshot: Any) -> tuple[Decimal, Decimal, Decimal]:
    """The net, tax and gross of a revenue report's (or the tax summary's result) totals row."""
    keys = [column.key for column in snapshot.columns]
    totals = snapshot.totals
    return totals[keys.index("net")], totals[keys.index("tax")], totals[keys.index("gross")]


def _run_all(context: Context, flt: ReportFilter) -> dict[str, Any]:
    return {name: run_report(context, name, flt) for name in (*REVENUE, "tax_summary", "bill_register")}


def _assert_agree(snapshots: dict[str, Any], expected: tuple[Decimal, ...]) -> None:
    for name, snapshot in snapshots.items():
        assert _money_totals(snapshot) == expected, name
        assert snapshot.totals[0] == TOTAL_TEXT or snapshot.totals[1] == TOTAL_TEXT


# --- the reports ------------------------------------------------------------------------------------

def test_revenue_by_period_months_last_year_and_drills(seeded: dict[str, Any]) -> None:
    docs, admin = seeded["docs"], seeded["contexts"]["admin"]
    report = run_report(at(admin, noon(TODAY)), "revenue_by_period", ReportFilter(AUTUMN))
    assert [column.key for column in report.columns] == ["month", "bills", "credit_notes", "net", "tax", "gross"]
    assert [row[0] for row in report.rows] == ["2026-09", "2026-10", "2026-11"]
    for row in report.rows:
        month = parse_period(str(row[0]), TODAY)
        counted = [doc for doc in docs.values() if doc.counts(month)]
        assert row[1] == sum(doc.kind == "bill" for doc in counted)
        assert row[2] == sum(doc.kind == "credit_note" for doc in counted)
        assert tuple(row[3:]) == _total(docs, month)
    assert report.rows[1][1:3] == (5, 1)  # b1 b2 b4 b10 b12, c3 (void, draft not counted)
    assert report.totals == (TOTAL_TEXT, 8, 2, *_total(docs, AUTUMN))
    assert report.totals[5] == D("2273.89")  # 159 + (139+209−30+1150+99.01+300) + (171.34−12.34+88.88)
    assert report.drills == tuple(dataclasses.replace(report.drills[0], params={"period": month})
                                  for month in ("2026-09", "2026-10", "2026-11"))
    assert report.drills[0].target == "bill_register"
    assert report.chart is not None and report.chart.kind == "bar"
    assert report.chart.categories == ("2026-09", "2026-10", "2026-11")
    assert report.chart.series[0].values == tuple(row[5] for row in report.rows)
    assert report.chart.series[1].values == (ZERO, D("100.00"), D("200.00"))  # the same months of 2025
    assert (report.period_label.zh, report.generated_by) == ("2026-09-01 至 2026-11-30", "管理员")
    # a period cutting months: only its days, drills to those days; empty months show zeros
    part = run_report(admin, "revenue_by_period", ReportFilter(parse_period("2026-10-26..2026-11-01", TODAY)))
    assert [row[0] for row in part.rows] == ["2026-10", "2026-11"]
    assert part.rows[0][1:] == (1, 0, *_total(docs, parse_period("2026-10-26..2026-10-31", TODAY)))
    assert part.rows[1][1:] == (1, 0, D("78.65"), D("10.23"), D("88.88"))  # 88.88 at 13 %
    assert [drill.params["period"] for drill in part.drills] == ["2026-10-26..2026-10-31", "2026-11-01..2026-11-01"]
    empty = run_report(admin, "revenue_by_period", ReportFilter(parse_period("2027-02", TODAY)))
    assert empty.rows == (("2027-02", 0, 0, ZERO, ZERO, ZERO),)


def test_plan_product_and_tax_rate_rows_and_the_four_reports_agree(seeded: dict[str, Any]) -> None:
    docs, plans, admin = seeded["docs"], seeded["plans"], seeded["contexts"]["admin"]
    snapshots = _run_all(admin, ReportFilter(AUTUMN))
    total = _total(docs, AUTUMN)
    _assert_agree({k: v for k, v in snapshots.items() if k != "bill_register"}, total)

    by_plan = snapshots["revenue_by_plan"]
    expected = {name: _total(docs, AUTUMN, lambda d, n=name: d.plan == n) for name in ("basic", "pro", None)}
    rows = {row[0]: row for row in by_plan.rows}
    assert set(rows) == {"基础套餐", "专业套餐", NO_PLAN}
    assert tuple(rows["基础套餐"][2:5]) == expected["basic"] and rows["基础套餐"][1] == 4  # b1 b2 c3 b10
    assert tuple(rows["专业套餐"][2:5]) == expected["pro"] and rows["专业套餐"][1] == 3  # b7 b8 c9
    assert tuple(rows[NO_PLAN][2:5]) == expected[None] and rows[NO_PLAN][1] == 3  # b4 b11 b12
    assert by_plan.rows[-1][0] == NO_PLAN
    assert abs(sum(row[5] for row in by_plan.rows) - 1) <= D("0.0002")
    assert rows["基础套餐"][5] == (expected["basic"][2] / total[2]).quantize(D("0.0001"))
    assert by_plan.totals[1] == 10 and by_plan.totals[5] == D(1)
    drills = {row[0]: drill for row, drill in zip(by_plan.rows, by_plan.drills, strict=True)}
    assert drills["基础套餐"].target == "bill_register" and drills["基础套餐"].params == {"plan_id": plans["basic"]}
    assert drills[NO_PLAN] is None
    assert by_plan.chart is not None and by_plan.chart.kind == "pie"
    assert set(by_plan.chart.categories) == {"基础套餐", "专业套餐", NO_PLAN}  # the Label, read in either language

    by_product = snapshots["revenue_by_product"]
    per_product = _sums(docs, AUTUMN, line_key=lambda line: line.product)
    assert {row[0]: tuple(row[3:6]) for row in by_product.rows} == per_product
    names = {row[0]: row[1] for row in by_product.rows}
    assert names == {"voice": "语音通话", "sms": "短信", "data": "流量", "svc": "软件服务", "prepaid": "预付充值",
                     "hw": "hw", "": OTHER}
    assert by_product.rows[-1][0] == ""  # the lines without a product come last
    assert {row[0]: row[2] for row in by_product.rows}["voice"] == 4  # b1 b8 c9 b10
    assert by_product.totals[2] == 10  # documents, not the sum of the rows (a bill holds several products)

    by_rate = snapshots["revenue_by_tax_rate"]
    per_rate = _sums(docs, AUTUMN, line_key=lambda line: line.tax_rate)
    assert [row[0] for row in by_rate.rows] == ["6%", "9%", "13%", EXEMPT]
    texts = {"0.06": "6%", "0.09": "9%", "0.13": "13%", None: EXEMPT}
    assert {row[0]: tuple(row[2:5]) for row in by_rate.rows} == {texts[k]: v for k, v in per_rate.items()}
    assert by_rate.rows[1][2:5] == (D("90.83") + D("90.83") + D("11.32") - D("11.32"),
                                    D("8.17") + D("8.17") + D("1.02") - D("1.02"), D("198.00"))

    summary = snapshots["tax_summary"]
    keys = [column.key for column in summary.columns]
    nine = dict(zip(keys, summary.rows[1], strict=True))
    assert nine["tax_rate"] == "9%" and (nine["bills"], nine["credit_notes"]) == (3, 1)  # b1 b8 b10; c9
    assert (nine["bill_net"], nine["bill_tax"], nine["bill_gross"]) == (D("192.98"), D("17.36"), D("210.34"))
    assert (nine["credit_net"], nine["credit_tax"], nine["credit_gross"]) == (D("11.32"), D("1.02"), D("12.34"))
    assert (nine["net"], nine["tax"], nine["gross"]) == (D("181.66"), D("16.34"), D("198.00"))
    totals = dict(zip(keys, summary.totals, strict=True))
    assert (totals["bills"], totals["credit_notes"]) == (8, 2)
    assert totals["credit_gross"] == D("42.34") and totals["bill_gross"] - totals["credit_gross"] == total[2]
    assert any("税务平台" in note.zh and "tax platform" in note.en for note in summary.notes)


def test_bill_register_lists_void_documents_but_leaves_them_out_of_the_totals(seeded: dict[str, Any]) -> None:
    docs, admin = seeded["docs"], seeded["contexts"]["admin"]
    october = parse_period("2026-10", TODAY)
    register = run_report(admin, "bill_register", ReportFilter(october))
    keys = [column.key for column in register.columns]
    assert keys == ["code", "kind", "status", "issue_date", "due_date", "customer_code", "customer_name", "net",
                    "tax", "gross", "paid", "outstanding"]
    listed = [doc for doc in docs.values() if doc.status != "draft" and october.start <= doc.issued < october.end]
    assert len(register.rows) == len(listed) == 8  # b1 b2 c3 b4 void5 b10 b12 void13 (draft6 never)
    assert [row[3] for row in register.rows] == sorted(row[3] for row in register.rows)
    rows = {row[0]: dict(zip(keys, row, strict=True)) for row in register.rows}
    by_id = {doc.id: doc for doc in listed}
    assert len(by_id) == len(rows)
    void = [row for row in rows.values() if row["status"] == STATUSES["void"]]
    assert len(void) == 2 and {row["kind"] for row in void} == {KINDS[BILL], KINDS[CREDIT_NOTE]}
    note = next(row for row in rows.values() if row["kind"] == KINDS[CREDIT_NOTE] and row["status"] != STATUSES["void"])
    assert (note["net"], note["tax"], note["gross"], note["paid"], note["outstanding"]) == (
        D("-28.30"), D("-1.70"), D("-30.00"), None, None)
    b4 = next(row for row in rows.values() if row["gross"] == D("1150.00"))
    assert (b4["paid"], b4["outstanding"], b4["customer_name"]) == (D("150.00"), D("1000.00"), "北京乙贸易有限公司")
    assert b4["customer_code"] and b4["status"] == STATUSES["partially_paid"] and b4["kind"] == KINDS[BILL]
    b2 = next(row for row in rows.values() if row["gross"] == D("209.00"))
    assert (b2["status"], b2["paid"], b2["outstanding"]) == (STATUSES["paid"], D("209.00"), ZERO)
    totals = dict(zip(keys, register.totals, strict=True))
    assert (totals["net"], totals["tax"], totals["gross"]) == _total(docs, october)
    assert totals["paid"] == D("359.00")
    assert totals["outstanding"] == D("139.00") + D("1000.00") + D("99.01") + D("300.00")
    assert {drill.target for drill in register.drills} == {"customer"}
    customers = {drill.params["customer_id"] for drill in register.drills}
    assert customers == {seeded["customers"][name] for name in ("n1a", "n1b", "s1", "fin")}
    assert any("作废" in note.zh and "void" in note.en.lower() for note in register.notes)


# --- scope, filters, permission ------------------------------------------------------------------------

SCOPES = {
    "north1": {"n1a", "n1b"},  # 本人: their own customers
    "north2": {"n2"},
    "south1": {"s1"},
    "manager": {"n1a", "n1b", "n2", "s1"},  # 本部门及下属部门 (销售部 and its groups), not finance's customer
    "auditor": {"n1a", "n1b", "n2", "s1", "fin"},
    "clerk": {"n1a", "n1b", "n2", "s1", "fin"},
}


@pytest.mark.parametrize("login", sorted(SCOPES))
def test_each_role_sees_only_the_figures_of_its_customers(seeded: dict[str, Any], login: str) -> None:
    docs, context = seeded["docs"], seeded["contexts"][login]
    mine = SCOPES[login]
    snapshots = _run_all(context, ReportFilter(AUTUMN))
    expected = _total(docs, AUTUMN, lambda d: d.customer in mine)
    _assert_agree(snapshots, expected)
    names = {row[6] for row in snapshots["bill_register"].rows}
    customers = seeded["customers"]
    assert {drill.params["customer_id"] for drill in snapshots["bill_register"].drills} == {
        customers[name] for name in mine if any(d.customer == name and d.counts(AUTUMN) for d in docs.values())}
    shown = {name for name in mine if any(d.customer == name and d.counts(AUTUMN) for d in docs.values())}
    assert names == {customer.data.name for key, customer in seeded["infos"].items() if key in shown}


FILTERS: dict[str, tuple[Callable[[dict[str, Any]], dict[str, Any]], Keep, str]] = {
    "department": (lambda s: {"department_id": s["departments"]["north"]},
                   lambda d: d.customer in {"n1a", "n1b", "n2"}, ""),
    "owner": (lambda s: {"owner_id": s["ids"]["north2"]}, lambda d: d.customer == "n2", ""),
    "tier": (lambda s: {"tier": "gold"}, lambda d: d.customer in {"n1a", "s1"}, ""),
    "customer": (lambda s: {"customer_id": s["customers"]["n1b"]}, lambda d: d.customer == "n1b", ""),
    "plan": (lambda s: {"plan_id": s["plans"]["basic"]}, lambda d: d.plan == "basic", ""),
    "product": (lambda s: {"product": "voice"}, _all, "voice"),
}


@pytest.mark.parametrize("name", sorted(FILTERS))
def test_filters_narrow_every_report_that_honours_them(seeded: dict[str, Any], name: str) -> None:
    docs, admin = seeded["docs"], seeded["contexts"]["admin"]
    changes, keep, product = FILTERS[name]
    field = next(iter(changes(seeded)))
    flt = ReportFilter(AUTUMN, **changes(seeded))
    expected = _total(docs, AUTUMN, keep, product)
    assert expected != _total(docs, AUTUMN)  # the filter does narrow
    unfiltered = _total(docs, AUTUMN)
    for report in (*REVENUE, "tax_summary", "bill_register"):
        snapshot = run_report(admin, report, flt)
        honoured = field in REPORTS[report].filters
        assert _money_totals(snapshot) == (expected if honoured else unfiltered), report
        if honoured:
            assert snapshot.filters, report  # the printed header names the filter
    if name == "product":
        by_product = run_report(admin, "revenue_by_product", flt)
        assert [row[0] for row in by_product.rows] == ["voice"] and by_product.totals[2] == 4
        by_period = run_report(admin, "revenue_by_period", flt)
        assert [row[1:3] for row in by_period.rows] == [(0, 0), (2, 0), (1, 1)]  # b1 b10; b8 c9


def test_without_reports_view_every_report_is_refused_and_hidden_amounts_stay_hidden(
        seeded: dict[str, Any]) -> None:
    north1 = seeded["contexts"]["north1"]
    access = north1.actor.access
    no_reports = north1.as_actor(dataclasses.replace(north1.actor, access=Access(
        {k: v for k, v in access.grants.items() if k != "reports"}, access.role_names)))
    for name in (*REVENUE, "tax_summary", "bill_register", "aging"):
        with pytest.raises(PermissionDenied):
            run_report(no_reports, name, ReportFilter(AUTUMN))
    bills = access.grants["bills"]
    hidden = north1.as_actor(dataclasses.replace(north1.actor, access=Access(
        {**access.grants, "bills": ResourceGrant(bills.actions, bills.scope, {"amount": FieldRule.HIDDEN})},
        access.role_names)))
    for name in (*REVENUE, "tax_summary", "bill_register"):
        snapshot = run_report(hidden, name, ReportFilter(AUTUMN))
        kinds = [column.kind for column in snapshot.columns]
        assert "money" not in kinds and snapshot.chart is None, name
        assert all(row[i] is None for row in snapshot.rows for i, kind in enumerate(kinds) if kind == "percent")
        assert any("hidden" in note.en for note in snapshot.notes), name
    counts = run_report(hidden, "revenue_by_period", ReportFilter(AUTUMN))
    assert counts.totals == (TOTAL_TEXT, 3, 1)  # b1 b2 b4 / c3: counts stay visible
    shares = run_report(hidden, "revenue_by_plan", ReportFilter(AUTUMN))
    assert [column.key for column in shares.columns] == ["plan", "documents", "share"]
    assert shares.rows and all(row[2] is None for row in shares.rows)
