"""Usage import on SQLite, PostgreSQL and MariaDB: exact quantities, half-open periods in Asia/Shanghai,
deduplication on the record id, problems with row and column, scope, all-or-nothing, and the summary.

Periods are calendar months (anchor 1 January): 2026-05-01T00:00:00+08:00 is May, one millisecond
earlier is April."""

from __future__ import annotations

import dataclasses
import json
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from catalog_samples import seed_products
from openpyxl import Workbook, load_workbook  # type: ignore[import-untyped]
from sqlalchemy import func, select

from desktop_app.errors import DomainError, PermissionDenied
from desktop_app.messages import _templates
from desktop_app.models import AuditEntry, UsageRecordRow
from desktop_app.services.access import Access, ResourceGrant
from desktop_app.services.context import Context
from desktop_app.services.customers import CustomerInput, create_customer
from desktop_app.services.plans import create_plan, publish
from desktop_app.services.subscriptions import create_subscription, get_subscription
from desktop_app.services.usage import import_usage, usage_summary, write_problems

D = Decimal
HEADER = "subscription,customer,meter,timestamp,quantity,record_id\n"


@pytest.fixture
def usage_org(org: dict[str, Any]) -> dict[str, Any]:
    admin = org["contexts"]["admin"]
    seed_products(admin)
    plan, _, _ = create_plan(admin, "pro", "pro", "", {"charges": [
        {"kind": "recurring", "code": "base", "name": "月租", "product": "svc", "price": "159.00",
         "interval": "month"}]})
    publish(admin, plan.id)
    north1, south1 = org["contexts"]["north1"], org["contexts"]["south1"]
    mine, _ = create_customer(north1, CustomerInput(name="北京科技有限公司"))
    theirs, _ = create_customer(south1, CustomerInput(name="广州贸易有限公司"))
    sub_mine, _ = create_subscription(north1, mine.id, date(2026, 3, 1), plan_id=plan.id)
    sub_theirs, _ = create_subscription(south1, theirs.id, date(2026, 3, 1), plan_id=plan.id)
    return {**org, "mine": mine, "theirs": theirs, "sub_mine": sub_mine, "sub_theirs": sub_theirs}


def _count(context: Any, model: Any = UsageRecordRow) -> int:
    with context.unit_of_work(write=False) as uow:
        return int(uow.session.scalar(select(func.count()).select_from(model)) or 0)


def _csv(path: Path, *lines: str) -> Path:
    path.write_text(HEADER + "".join(line + "\n" for line in lines), encoding="utf-8")
    return path


def _importer(context: Context) -> Context:
    """``context`` allowed to import usage, with its own scope (OWN for a salesperson)."""
    access = context.actor.access
    grants = {**access.grants, "usage": ResourceGrant(frozenset({"view", "import"}), access.scope("customers"))}
    return context.as_actor(dataclasses.replace(context.actor, access=Access(grants, access.role_names)))


def test_import_then_reimport_adds_nothing_and_periods_are_half_open(usage_org, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    clerk = usage_org["contexts"]["clerk"]
    code, customer = usage_org["sub_mine"].code, usage_org["mine"].code
    source = _csv(tmp_path / "usage.csv",
                  f"{code},,calls,2026-04-30T23:59:59.999+08:00,10,r1",
                  f"{code},,calls,2026-05-01T00:00:00+08:00,5.5,r2",
                  f"{code},,calls,2026-04-01T00:00:00+08:00,1,r3",
                  f"{code},,sms,2026-04-30T15:59:59Z,2,r1",  # the same id on another meter is another record
                  f",{customer},sms,2026-04-15T10:00:00+08:00,0.000001,r4")  # the customer's only subscription
    dry = import_usage(clerk, source)
    assert (dry.ok, dry.rows, dry.new, dry.already_imported, dry.committed) == (True, 5, 5, 0, False)
    assert _count(clerk) == 0
    done = import_usage(clerk, source, dry_run=False)
    assert (done.ok, done.new, done.already_imported, done.committed) == (True, 5, 0, True)
    assert done.batch.startswith("usage.csv ")
    with clerk.unit_of_work(write=False) as uow:
        rows = {(r.meter, r.record_id): (r.period_start, r.occurred_at, r.quantity_micro, r.bill_id,
                                         r.subscription_id) for r in uow.session.scalars(select(UsageRecordRow))}
        audit = [json.loads(entry.detail) for entry in
                 uow.session.scalars(select(AuditEntry).where(AuditEntry.action == "usage.import"))]
    assert {key: row[0] for key, row in rows.items()} == {
        ("calls", "r1"): date(2026, 4, 1), ("calls", "r2"): date(2026, 5, 1), ("calls", "r3"): date(2026, 4, 1),
        ("sms", "r1"): date(2026, 4, 1), ("sms", "r4"): date(2026, 4, 1)}
    assert rows[("calls", "r1")][1] == datetime(2026, 4, 30, 15, 59, 59, 999000, tzinfo=UTC)
    assert rows[("calls", "r2")][2] == 5_500_000 and rows[("sms", "r4")][2] == 1
    assert all(row[3] is None and row[4] == usage_org["sub_mine"].id for row in rows.values())
    assert len(audit) == 1 and (audit[0]["new"], audit[0]["already_imported"], audit[0]["rows"]) == (5, 0, 5)

    again = import_usage(clerk, source, dry_run=False)  # acceptance 5: re-importing adds nothing, and says so
    assert (again.ok, again.new, again.already_imported) == (True, 0, 5)
    assert _count(clerk) == 5

    sub = usage_org["sub_mine"].id
    assert usage_summary(clerk, sub, date(2026, 4, 1)) == {"calls": D("11"), "sms": D("2.000001")}
    assert usage_summary(clerk, sub, date(2026, 5, 1)) == {"calls": D("5.5")}
    assert usage_summary(clerk, sub, date(2026, 6, 1)) == {}

    changed = _csv(tmp_path / "changed.csv", f"{code},,calls,2026-05-01T00:00:00+08:00,6,r2",
                   f"{code},,calls,2026-05-02T00:00:00+08:00,1,r5")
    report = import_usage(clerk, changed, dry_run=False)
    assert [(p.row, p.column, p.code) for p in report.problems] == [(2, "record_id", "usage.record_changed")]
    assert not report.committed and _count(clerk) == 5


def test_bad_rows_are_problems_and_nothing_is_imported(usage_org, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    clerk = usage_org["contexts"]["clerk"]
    code = usage_org["sub_mine"].code
    source = _csv(tmp_path / "bad.csv",
                  f"{code},,calls,2026-04-10T10:00:00+08:00,3,ok1",  # good
                  f"{code},,calls,2026-04-10T10:00:00,3,a",  # no time zone
                  f"{code},,calls,2026-04-10T10:00:00+08:00,-1,b",  # negative
                  "S1999999999,,calls,2026-04-10T10:00:00+08:00,1,c",  # unknown subscription
                  f"{code},,calls,2026-04-11T10:00:00+08:00,4,ok1",  # duplicate record id in the file
                  f"{code},,calls,yesterday,1,d",
                  f"{code},,calls,2026-04-10T10:00:00+08:00,0.0000001,e",  # 7 decimals
                  f"{code},,,2026-04-10T10:00:00+08:00,1,f",
                  f"{code},,calls,2026-04-10T10:00:00+08:00,1,")
    report = import_usage(clerk, source, dry_run=False)
    assert [(p.row, p.column, p.code) for p in report.problems] == [
        (3, "timestamp", "usage.timestamp_no_zone"), (4, "quantity", "usage.quantity_invalid"),
        (5, "subscription", "usage.subscription_unknown"), (6, "record_id", "usage.duplicate_record"),
        (7, "timestamp", "usage.timestamp_invalid"), (8, "quantity", "usage.quantity_invalid"),
        (9, "meter", "usage.meter_invalid"), (10, "record_id", "usage.record_id_invalid")]
    assert report.problems[3].params == {"other_row": 2}
    assert "S1999999999" in report.problems[2].reason
    assert not report.committed and _count(clerk) == 0
    errors = tmp_path / "bad-errors.xlsx"
    write_problems(report, errors)
    sheet = load_workbook(errors).worksheets[0]
    values = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert values[0] == ["row", "column", "reason"] and values[1][:2] == [3, "timestamp"]
    assert "time zone" in values[1][2]
    missing = tmp_path / "missing.csv"
    missing.write_text("subscription,meter,quantity\n", encoding="utf-8")
    assert [p.code for p in import_usage(clerk, missing).problems] == ["usage.columns_missing"]
    codes = {p.code for p in report.problems} | {"usage.columns_missing", "usage.record_changed",
                                                 "usage.customer_ambiguous", "usage.subscription_required",
                                                 "usage.import_conflict"}
    assert codes <= set(_templates())


def test_xlsx_with_chinese_headers_and_a_naive_excel_date(usage_org, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    clerk = usage_org["contexts"]["clerk"]
    code = usage_org["sub_mine"].code
    book = Workbook()
    sheet = book.active
    sheet.append(["订阅编号", "计量项", "时间", "数量", "记录编号"])
    sheet.append([code, "data_mb", "2026-04-30T16:00:00Z", 1.25, 1001])  # 00:00 on 1 May in Shanghai
    sheet.append([code, "data_mb", datetime(2026, 4, 2, 8, 0), 3, 1002])  # an Excel date has no zone
    path = tmp_path / "usage.xlsx"
    book.save(path)
    report = import_usage(clerk, path, dry_run=False)
    assert [(p.row, p.column, p.code) for p in report.problems] == [(3, "时间", "usage.timestamp_no_zone")]
    sheet.delete_rows(3)
    book.save(path)
    assert import_usage(clerk, path, dry_run=False).committed
    assert usage_summary(clerk, usage_org["sub_mine"].id, date(2026, 5, 1)) == {"data_mb": D("1.25")}


def test_a_salesperson_cannot_import_usage_for_another_salespersons_customer(usage_org, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    contexts = usage_org["contexts"]
    north1 = contexts["north1"]
    mine, theirs = usage_org["sub_mine"], usage_org["sub_theirs"]
    source = _csv(tmp_path / "usage.csv", f"{mine.code},,calls,2026-04-10T10:00:00+08:00,1,a",
                  f"{theirs.code},,calls,2026-04-10T10:00:00+08:00,1,b",
                  f",{usage_org['theirs'].code},calls,2026-04-10T10:00:00+08:00,1,c")
    with pytest.raises(PermissionDenied):  # the built-in Sales role only views usage
        import_usage(north1, source, dry_run=False)
    allowed = _importer(north1)
    report = import_usage(allowed, source, dry_run=False)
    assert [(p.row, p.code) for p in report.problems] == [(3, "usage.subscription_unknown"),
                                                         (4, "usage.customer_ambiguous")]
    assert report.problems[1].params["count"] == 0
    audits = _count(north1, AuditEntry)
    assert not report.committed and _count(north1) == 0 and _count(north1, AuditEntry) == audits
    with pytest.raises(DomainError) as caught:
        usage_summary(north1, theirs.id, date(2026, 4, 1))
    assert caught.value.code == "record.not_found"
    own = _csv(tmp_path / "own.csv", f"{mine.code},,calls,2026-04-10T10:00:00+08:00,1,a")
    assert import_usage(allowed, own, dry_run=False).committed
    assert usage_summary(north1, mine.id, date(2026, 4, 1)) == {"calls": D("1")}


def test_a_customer_with_two_current_subscriptions_needs_the_subscription_code(usage_org, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    clerk = usage_org["contexts"]["clerk"]
    mine = usage_org["mine"]
    plan_version = get_subscription(clerk, usage_org["sub_mine"].id).plan_version_id
    create_subscription(clerk, mine.id, date(2026, 4, 1), plan_version_id=plan_version)
    source = _csv(tmp_path / "usage.csv", f",{mine.code},calls,2026-04-10T10:00:00+08:00,1,a", ",,calls,"
                  "2026-04-10T10:00:00+08:00,1,b")
    report = import_usage(clerk, source)
    assert [(p.row, p.column, p.code, p.params.get("count")) for p in report.problems] == [
        (2, "customer", "usage.customer_ambiguous", 2), (3, "subscription", "usage.subscription_required", None)]
