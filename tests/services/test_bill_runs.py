"""Bill runs on SQLite, PostgreSQL and MariaDB: fees in advance, usage in arrears, every line to the fen,
idempotent reruns, late usage, the run lock, drafts deleted and billed again, issuing and the gap report.

The plan (catalog_samples.usage_plan): 月租 99.00 and 用户 30.00 per seat (软件服务 6 %), 开通费 200.00 once,
calls 0.10/分钟 with 500 included, each call rounded up to 60 s (语音 9 %), SMS graduated 0–1,000 at 0.05,
above at 0.04 (短信 6 %). Prices are tax-inclusive: tax = round(G × r / (1 + r)).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from catalog_samples import seed_products, usage_plan
from sqlalchemy import func, select, text

from desktop_app.errors import DomainError, PermissionDenied
from desktop_app.models import AuditEntry, Bill, BilledCharge, BillLine, BillRun
from desktop_app.services.bill_runs import run_bills
from desktop_app.services.bills import delete_draft, gap_report, get_bill, issue_bill, list_bills, void_bill
from desktop_app.services.customers import CustomerInput, create_customer
from desktop_app.services.plans import create_plan, publish
from desktop_app.services.subscriptions import create_subscription
from desktop_app.services.usage import import_usage

D = Decimal
HEADER = "subscription,meter,timestamp,quantity,record_id\n"


@pytest.fixture
def billing(org: dict[str, Any]) -> dict[str, Any]:
    admin = org["contexts"]["admin"]
    seed_products(admin)
    plan, _, _ = create_plan(admin, "std", "标准套餐", "", usage_plan())
    publish(admin, plan.id)
    north1 = org["contexts"]["north1"]
    customer, _ = create_customer(north1, CustomerInput(
        name="北京星河科技有限公司", address="北京市海淀区中关村大街1号", tax_id="91350100M000100Y43"))
    sub, _ = create_subscription(north1, customer.id, date(2026, 3, 1), plan_id=plan.id, seats=2)
    return {**org, "plan": plan, "customer": customer, "sub": sub, "clerk": org["contexts"]["clerk"]}


def _usage(context: Any, tmp_path: Path, name: str, *rows: str) -> None:
    path = tmp_path / name
    path.write_text(HEADER + "".join(row + "\n" for row in rows), encoding="utf-8")
    report = import_usage(context, path, dry_run=False)
    assert not report.problems, report.problems


def _lines(context: Any, bill_id: int) -> list[tuple[str, str, str, str, str, str | None]]:
    """(description, period, quantity, net, tax, rate) per line."""
    detail = get_bill(context, bill_id)
    return [(line.description, f"{line.period_start}~{line.period_end}", line.quantity, str(line.net), str(line.tax),
             line.tax_rate) for line in detail.lines]


def _count(context: Any, model: Any) -> int:
    with context.unit_of_work(write=False) as uow:
        return int(uow.session.scalar(select(func.count()).select_from(model)) or 0)


def test_first_bill_in_advance_then_usage_in_arrears_to_the_fen(billing: dict[str, Any], tmp_path: Path) -> None:
    clerk, sub = billing["clerk"], billing["sub"]
    first = run_bills(clerk, date(2026, 3, 1))
    assert (first.status, first.due, first.bills) == ("finished", 1, 1)
    [bill] = list_bills(clerk)
    assert bill.status == "draft" and bill.code is None and bill.subscription_id == sub.id
    assert _lines(clerk, bill.id) == [
        ("月租", "2026-03-01~2026-04-01", "1", "93.40", "5.60", "0.06"),
        ("用户", "2026-03-01~2026-04-01", "2", "56.60", "3.40", "0.06"),
        ("开通费", "2026-03-01~2026-04-01", "1", "188.68", "11.32", "0.06"),
    ]
    assert (bill.total_net, bill.total_tax, bill.total_gross, bill.amount_due) == \
        (D("338.68"), D("20.32"), D("359.00"), D("359.00"))
    # a 61 s call is billed as 2 minutes; 600 minutes in all, 100 over the 500 included
    _usage(clerk, tmp_path, "march.csv",
           f"{sub.code},call_seconds,2026-03-05T10:00:00+08:00,61,c1",
           f"{sub.code},call_seconds,2026-03-31T23:59:59+08:00,35939,c2",
           f"{sub.code},sms,2026-03-10T09:00:00+08:00,1500,s1",
           f"{sub.code},sms,2026-04-01T00:00:00+08:00,7,s2")  # April: billed with May's bill
    second = run_bills(clerk, date(2026, 4, 1))
    assert (second.due, second.bills) == (1, 1)
    april = list_bills(clerk)[0]
    assert _lines(clerk, april.id) == [
        ("月租", "2026-04-01~2026-05-01", "1", "93.40", "5.60", "0.06"),
        ("用户", "2026-04-01~2026-05-01", "2", "56.60", "3.40", "0.06"),
        ("通话费", "2026-03-01~2026-04-01", "101", "9.27", "0.83", "0.09"),
        ("短信", "2026-03-01~2026-04-01", "1000", "47.17", "2.83", "0.06"),
        ("短信", "2026-03-01~2026-04-01", "500", "18.87", "1.13", "0.06"),
    ]
    assert april.total_gross == D("99.00") + D("60.00") + D("10.10") + D("50.00") + D("20.00")
    # acceptance 2: a finished run run again creates nothing and says what it found billed
    again = run_bills(clerk, date(2026, 4, 1))
    assert (again.due, again.bills, again.already_billed) == (0, 0, 1)
    assert _count(clerk, Bill) == 2


def test_late_usage_goes_on_the_next_bill_never_into_an_issued_one(billing: dict[str, Any], tmp_path: Path) -> None:
    clerk, sub = billing["clerk"], billing["sub"]
    _usage(clerk, tmp_path, "a.csv", f"{sub.code},call_seconds,2026-03-05T10:00:00+08:00,30000,c1")  # 500 min
    run_bills(clerk, date(2026, 4, 1))
    march_usage = next(b for b in list_bills(clerk) if b.period_start == date(2026, 3, 1))
    issued, _ = issue_bill(clerk, march_usage.id)
    assert issued.code is not None and issued.code.startswith("ZD-")
    _usage(clerk, tmp_path, "b.csv", f"{sub.code},call_seconds,2026-03-20T10:00:00+08:00,600,c2")  # 10 min, late
    late = run_bills(clerk, date(2026, 4, 1))
    assert late.bills == 1
    newest = list_bills(clerk)[0]
    lines = get_bill(clerk, newest.id).lines
    assert [(line.description, line.quantity, str(line.gross), line.detail.get("late")) for line in lines] == \
        [("通话费", "10", "1.00", True)]  # the allowance was used up by the first 500 minutes
    assert get_bill(clerk, issued.id).bill.total_gross == issued.total_gross


def test_deleted_draft_is_billed_again_identically(billing: dict[str, Any], tmp_path: Path) -> None:
    clerk, sub = billing["clerk"], billing["sub"]
    _usage(clerk, tmp_path, "a.csv", f"{sub.code},sms,2026-03-05T10:00:00+08:00,1200,s1")
    run_bills(clerk, date(2026, 3, 1))
    run_bills(clerk, date(2026, 4, 1))
    newest = list_bills(clerk)[0]
    before = _lines(clerk, newest.id)
    delete_draft(clerk, newest.id, newest.version)
    assert run_bills(clerk, date(2026, 4, 1)).bills == 1
    assert _lines(clerk, list_bills(clerk)[0].id) == before  # deterministic
    older = list_bills(clerk)[1]
    with pytest.raises(DomainError) as caught:
        delete_draft(clerk, older.id, older.version)
    assert caught.value.code == "bill.not_latest"


def test_issue_numbers_dates_snapshot_and_the_database_refuses_changes(billing: dict[str, Any]) -> None:
    clerk, admin = billing["clerk"], billing["contexts"]["admin"]
    run_bills(clerk, date(2026, 3, 1))
    run_bills(clerk, date(2026, 4, 1))
    older, newer = sorted(list_bills(clerk), key=lambda b: b.id)
    first, _ = issue_bill(clerk, older.id)
    second, _ = issue_bill(clerk, newer.id)
    year = first.issue_date.year  # type: ignore[union-attr]
    assert (first.code, second.code) == (f"ZD-{year}-000001", f"ZD-{year}-000002")
    assert first.due_date == first.issue_date + __import__("datetime").timedelta(days=30)  # type: ignore[operator]
    detail = get_bill(clerk, first.id)
    assert (detail.bill.customer_name, detail.customer_tax_id) == ("北京星河科技有限公司", "91350100M000100Y43")
    with pytest.raises(DomainError) as caught:
        delete_draft(clerk, first.id, first.version)
    assert caught.value.code == "bill.not_draft"
    # acceptance 4: through the app's own database connection, the database itself refuses
    for statement in ("UPDATE bills SET total_gross = 1 WHERE id = :id",
                      "UPDATE bills SET customer_name = 'x' WHERE id = :id",
                      "DELETE FROM bills WHERE id = :id",
                      "UPDATE bill_lines SET gross = 1 WHERE bill_id = :id",
                      "DELETE FROM bill_lines WHERE bill_id = :id"):
        with pytest.raises(Exception) as refused:
            with admin.database.engine.begin() as connection:
                connection.execute(text(statement), {"id": first.id})
        assert "issued bills never change" in str(refused.value)
    voided, _ = void_bill(admin, second.id, second.version, "开错了")
    assert voided.status == "void" and voided.code == second.code
    with pytest.raises(Exception):  # noqa: B017 - a void bill is not taken back, even in SQL
        with admin.database.engine.begin() as connection:
            connection.execute(text("UPDATE bills SET status = 'issued' WHERE id = :id"), {"id": second.id})
    assert gap_report(clerk) == []


def test_scope_permissions_and_audit(billing: dict[str, Any]) -> None:
    contexts = billing["contexts"]
    with pytest.raises(PermissionDenied):
        run_bills(contexts["auditor"], date(2026, 3, 1))
    assert _count(contexts["admin"], Bill) == 0
    run_bills(contexts["clerk"], date(2026, 3, 1))
    assert list_bills(contexts["south1"]) == []  # the customer is north1's
    assert len(list_bills(contexts["north1"])) == 1
    with contexts["admin"].unit_of_work(write=False) as uow:
        actions = list(uow.session.scalars(select(AuditEntry.action).where(AuditEntry.action.like("bill_run.%"))
                                           .order_by(AuditEntry.seq)))
    assert actions == ["bill_run.start", "bill_run.batch", "bill_run.finished"]
    assert _count(contexts["admin"], BilledCharge) == 3 and _count(contexts["admin"], BillLine) == 3


def test_a_run_stopped_half_way_is_marked_interrupted_and_a_rerun_bills_the_rest(billing: dict[str, Any]) -> None:
    clerk, north1 = billing["clerk"], billing["contexts"]["north1"]
    other, _ = create_customer(north1, CustomerInput(name="天津海河物流有限公司"))
    create_subscription(north1, other.id, date(2026, 3, 1), plan_id=billing["plan"].id, seats=1)

    def stop(done: int, due: int) -> None:
        raise RuntimeError("the desktop was closed")

    with pytest.raises(RuntimeError):
        run_bills(clerk, date(2026, 3, 1), batch=1, progress=stop)
    assert _count(clerk, Bill) == 1  # the first batch stays
    with clerk.unit_of_work(write=False) as uow:
        assert uow.session.scalar(select(BillRun.status)) == "interrupted"
    rest = run_bills(clerk, date(2026, 3, 1))
    assert (rest.due, rest.bills, rest.status) == (1, 1, "finished")
    assert _count(clerk, Bill) == 2 and _count(clerk, BilledCharge) == 6


def test_a_run_whose_lock_was_taken_over_stops_before_writing_more(billing: dict[str, Any]) -> None:
    # another desktop judged this run dead (no sign of life for STALE_AFTER by the database's clock) and took
    # the lock: the run must not go on writing beside the new holder
    clerk, north1 = billing["clerk"], billing["contexts"]["north1"]
    other, _ = create_customer(north1, CustomerInput(name="天津海河物流有限公司"))
    create_subscription(north1, other.id, date(2026, 3, 1), plan_id=billing["plan"].id, seats=1)

    def taken_over(done: int, due: int) -> None:
        with clerk.database.engine.begin() as connection:
            connection.execute(text("UPDATE run_locks SET holder = '李四', desktop = 'PC-7', pid = 4242"))

    with pytest.raises(DomainError) as caught:
        run_bills(clerk, date(2026, 3, 1), batch=1, progress=taken_over)
    assert caught.value.code == "bill_run.lock_lost"
    assert _count(clerk, Bill) == 1  # the batch written before stays; nothing after the take-over
    with clerk.unit_of_work(write=False) as uow:
        assert uow.session.scalar(select(BillRun.status)) == "interrupted"


def test_pricing_in_a_second_process_gives_the_same_bills(billing: dict[str, Any], tmp_path: Path) -> None:
    """The big-run path (a worker process prices while this one writes) bills exactly what the in-process
    path bills: the same run made twice, once each way, from the same data."""
    clerk, north1, sub = billing["clerk"], billing["contexts"]["north1"], billing["sub"]
    for n in range(6):
        customer, _ = create_customer(north1, CustomerInput(name=f"成都第{n}贸易有限公司"))
        create_subscription(north1, customer.id, date(2026, 3, 1), plan_id=billing["plan"].id, seats=n + 1)
    _usage(clerk, tmp_path, "a.csv", f"{sub.code},call_seconds,2026-03-05T10:00:00+08:00,36000,c1",
           f"{sub.code},sms,2026-03-05T10:00:00+08:00,1500,s1")
    run_bills(clerk, date(2026, 3, 1), batch=2, parallel=True)
    first = [_lines(clerk, bill.id) for bill in sorted(list_bills(clerk), key=lambda b: b.subscription_id or 0)]
    second = run_bills(clerk, date(2026, 4, 1), batch=3, parallel=True)
    assert second.bills == 7
    parallel = {b.subscription_id: _lines(clerk, b.id) for b in list_bills(clerk, run_id=second.run_id)}
    for bill in list_bills(clerk, run_id=second.run_id):
        delete_draft(clerk, bill.id, bill.version)
    again = run_bills(clerk, date(2026, 4, 1), batch=3, parallel=False)
    in_process = {b.subscription_id: _lines(clerk, b.id) for b in list_bills(clerk, run_id=again.run_id)}
    assert parallel == in_process and len(first) == 7
    assert any(line[0] == "通话费" for line in parallel[sub.id])


def _once_after_reading(monkeypatch: pytest.MonkeyPatch, action: Any) -> list[int]:
    """Do ``action()`` once the first batch was read (and before it is written): another desktop's work
    meanwhile. Returns the list of reads made (a batch read again after a change adds one)."""
    from desktop_app.services import bill_runs

    real, calls = bill_runs._Pricing.read, []

    def read(*args: Any, **kwargs: Any) -> Any:
        batch = real(*args, **kwargs)
        calls.append(1)
        if len(calls) == 1:
            action()
        return batch

    monkeypatch.setattr(bill_runs._Pricing, "read", read)
    return calls


def test_a_subscription_changed_while_its_batch_is_priced_is_read_and_billed_again(
        billing: dict[str, Any], monkeypatch: pytest.MonkeyPatch) -> None:
    clerk, sub = billing["clerk"], billing["sub"]

    def change_seats() -> None:  # committed by "another desktop" between the batch's read and its write
        with clerk.database.engine.begin() as connection:
            connection.execute(text("UPDATE subscriptions SET seats = 3, version = version + 1 WHERE id = :id"),
                               {"id": sub.id})

    calls = _once_after_reading(monkeypatch, change_seats)
    summary = run_bills(clerk, date(2026, 3, 1))
    assert (summary.bills, len(calls)) == (1, 2)  # the first write rolled back, the second bills the new terms
    [bill] = list_bills(clerk)
    assert ("用户", "2026-03-01~2026-04-01", "3") in [line[:3] for line in _lines(clerk, bill.id)]
    assert _count(clerk, Bill) == 1


def test_a_usage_record_committed_late_below_the_highest_id_read_is_billed_not_lost(
        billing: dict[str, Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # On PostgreSQL and MariaDB ids are taken when a record is inserted, but the import may commit after the
    # run read the period: the write must not mark a record it did not price.
    clerk, sub = billing["clerk"], billing["sub"]
    run_bills(clerk, date(2026, 3, 1))
    _usage(clerk, tmp_path, "march.csv", *(f"{sub.code},sms,2026-03-0{day}T10:00:00+08:00,100,s{day}"
                                           for day in (1, 2, 3)))
    with clerk.database.engine.begin() as connection:  # the middle record is "not committed yet"
        held = dict(connection.execute(text("SELECT * FROM usage_records WHERE record_id = 's2'")).mappings().one())
        connection.execute(text("DELETE FROM usage_records WHERE id = :id"), {"id": held["id"]})

    def commit_late() -> None:
        with clerk.database.engine.begin() as connection:
            columns = ", ".join(held)
            connection.execute(text(f"INSERT INTO usage_records ({columns}) VALUES "
                                    f"({', '.join(':' + name for name in held)})"), held)

    calls = _once_after_reading(monkeypatch, commit_late)
    summary = run_bills(clerk, date(2026, 4, 1))
    assert (summary.bills, len(calls)) == (1, 2)
    [april] = list_bills(clerk, run_id=summary.run_id)
    sms = [line for line in _lines(clerk, april.id) if line[0] == "短信"]
    assert [line[2] for line in sms] == ["300"]  # all three records, none left unbilled
    with clerk.database.engine.connect() as connection:
        assert connection.scalar(text("SELECT count(*) FROM usage_records WHERE bill_id IS NULL")) == 0
