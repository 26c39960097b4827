"""Usage marked billed per period (services/bill_run_marks.py, schema 0013) on SQLite, PostgreSQL and MariaDB:
a run that stops after some batches leaves its marks (SQLite stamps the records at the end of the run), the
marks count as billed until the next run stamps them first, deleting a draft takes its marks with it, and
the records end up with exactly the bills an uninterrupted run gives them."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from catalog_samples import seed_products, usage_plan
from sqlalchemy import text

from desktop_app.services.bill_run_marks import stamp_pending
from desktop_app.services.bill_runs import due_count, run_bills
from desktop_app.services.bills import delete_draft, list_bills
from desktop_app.services.customers import CustomerInput, create_customer
from desktop_app.services.plans import create_plan, publish
from desktop_app.services.subscriptions import create_subscription
from desktop_app.services.usage import import_usage

HEADER = "subscription,meter,timestamp,quantity,record_id\n"


@pytest.fixture
def usage_subs(org: dict[str, Any], tmp_path: Path) -> dict[str, Any]:
    admin, north1, clerk = org["contexts"]["admin"], org["contexts"]["north1"], org["contexts"]["clerk"]
    seed_products(admin)
    plan, _, _ = create_plan(admin, "std", "标准套餐", "", usage_plan())
    publish(admin, plan.id)
    subs = []
    for number in range(4):
        customer, _ = create_customer(north1, CustomerInput(name=f"标记测试第{number}有限公司"))
        sub, _ = create_subscription(north1, customer.id, date(2026, 3, 1), plan_id=plan.id, seats=1)
        subs.append(sub)
    run_bills(clerk, date(2026, 3, 1))
    path = tmp_path / "march.csv"
    path.write_text(HEADER + "".join(f"{sub.code},{meter},2026-03-{day:02d}T09:00:00+08:00,{quantity},{sub.code}-{n}\n"
                                     for sub in subs for n, (meter, day, quantity) in enumerate(
                                         (("call_seconds", 3, 61), ("sms", 4, 700), ("sms", 9, 600),
                                          ("call_seconds", 20, 3000)))), encoding="utf-8")
    assert not import_usage(clerk, path, dry_run=False).problems
    return {**org, "subs": subs}


def _scalar(context: Any, sql: str) -> Any:
    with context.database.engine.connect() as connection:
        return connection.scalar(text(sql))


def _stamps(context: Any) -> dict[int, int | None]:
    """Which subscription's bill each usage record carries (None: unbilled)."""
    with context.database.engine.connect() as connection:
        return dict(connection.execute(text(
            "SELECT u.id, b.subscription_id FROM usage_records u LEFT JOIN bills b ON b.id = u.bill_id")).all())


def test_marks_left_by_a_stopped_run_count_as_billed_and_the_next_run_stamps_them(
        usage_subs: dict[str, Any]) -> None:
    clerk = usage_subs["contexts"]["clerk"]

    def stop_after_two(done: int, due: int) -> None:
        if done == 2:
            raise RuntimeError("the desktop was closed")

    with pytest.raises(RuntimeError):
        run_bills(clerk, date(2026, 4, 1), batch=1, progress=stop_after_two)
    sqlite = clerk.database.kind == "sqlite"
    # SQLite stamps at the end of a run: the two batches' periods are marked, their records not stamped yet;
    # elsewhere every batch stamped its own records
    assert _scalar(clerk, "SELECT count(*) FROM billed_usage_periods") == (2 if sqlite else 0)
    assert _scalar(clerk, "SELECT count(*) FROM usage_records WHERE bill_id IS NOT NULL") == (0 if sqlite else 8)
    assert due_count(clerk, date(2026, 4, 1)) == 2  # the marked periods count as billed
    rest = run_bills(clerk, date(2026, 4, 1))
    assert (rest.bills, _scalar(clerk, "SELECT count(*) FROM billed_usage_periods")) == (2, 0)
    stamps = _stamps(clerk)
    owner = {row[0]: row[1] for row in _records(clerk)}
    assert stamps == owner  # every record on its own subscription's bill
    assert stamp_pending(clerk) == 0  # nothing left


def _records(context: Any) -> list[tuple[int, int]]:
    with context.database.engine.connect() as connection:
        return [tuple(row) for row in connection.execute(text("SELECT id, subscription_id FROM usage_records"))]


def test_a_draft_deleted_before_its_records_were_stamped_leaves_them_unbilled(usage_subs: dict[str, Any]) -> None:
    clerk = usage_subs["contexts"]["clerk"]

    def stop_after_one(done: int, due: int) -> None:
        raise RuntimeError("stopped")

    with pytest.raises(RuntimeError):
        run_bills(clerk, date(2026, 4, 1), batch=1, progress=stop_after_one)
    [draft] = list_bills(clerk, run_id=_last_run(clerk))  # the first subscription's April bill
    delete_draft(clerk, draft.id, draft.version)  # its marks go with it (ON DELETE CASCADE)
    assert _scalar(clerk, "SELECT count(*) FROM billed_usage_periods") == 0  # SQLite: it had one, now gone
    assert _scalar(clerk, "SELECT count(*) FROM usage_records WHERE bill_id IS NOT NULL") == 0
    again = run_bills(clerk, date(2026, 4, 1))
    assert again.bills == 4
    assert _stamps(clerk) == {row[0]: row[1] for row in _records(clerk)}


def _last_run(context: Any) -> int:
    return int(_scalar(context, "SELECT max(id) FROM bill_runs"))


def test_stamping_what_a_dead_run_marked(usage_subs: dict[str, Any]) -> None:
    """Marks written by a run that died before stamping (as SQLite leaves them; made by hand on a server) are
    stamped by ``stamp_pending``: only the unbilled records of the period up to the highest id marked."""
    clerk, subs = usage_subs["contexts"]["clerk"], usage_subs["subs"]
    summary = run_bills(clerk, date(2026, 4, 1))
    [bill] = [b for b in list_bills(clerk, run_id=summary.run_id) if b.subscription_id == subs[0].id]
    with clerk.database.engine.begin() as connection:
        ids = [row[0] for row in connection.execute(text(
            "SELECT id FROM usage_records WHERE subscription_id = :s ORDER BY id"), {"s": subs[0].id})]
        connection.execute(text("UPDATE usage_records SET bill_id = NULL WHERE subscription_id = :s"),
                           {"s": subs[0].id})
        connection.execute(text(
            "INSERT INTO billed_usage_periods (subscription_id, period_start, bill_id, first_usage_id, "
            "last_usage_id, usage_count) VALUES (:s, :p, :b, :f, :l, :n)"),
            {"s": subs[0].id, "p": date(2026, 3, 1), "b": bill.id, "f": ids[0], "l": ids[-2], "n": len(ids) - 1})
    assert stamp_pending(clerk) == len(ids) - 1
    with clerk.database.engine.connect() as connection:
        stamped = dict(connection.execute(text("SELECT id, bill_id FROM usage_records WHERE subscription_id = :s"),
                                          {"s": subs[0].id}).all())
    assert stamped == {**dict.fromkeys(ids[:-1], bill.id), ids[-1]: None}  # the last one was not marked
    assert _scalar(clerk, "SELECT count(*) FROM billed_usage_periods") == 0
