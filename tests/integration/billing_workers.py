"""What the child processes of test_billing_concurrency.py run, and the data they work on.

Run as a script (``python billing_workers.py <command> ...``; the repository root must be importable):

- ``run-bills URL PASSWORD CUTOFF BATCH``: prints ``ready``, waits for ``go`` on stdin, logs in as the
  administrator, then runs ``run_bills`` step by step: before each statement and commit it prints the event
  (``sql <statement start>``, ``commit``) and waits for the parent's ``.`` (next step) or ``run`` (run
  freely from here), so the parent can SIGKILL it at a chosen point; also ``progress <done> <due>`` after
  each batch and ``done`` at the end.
- ``issue URL PASSWORD JOB_FILE``: prints ``ready``, logs in on ``log-in`` (answers ``logged-in``), waits for
  ``go``, then issues the job's bills one by one with ``issue_bill``; the job's ``fail`` bills fail once inside
  the issuing transaction, after the number was taken (``after_numbering``), and are retried at the end.
  Prints ``result <json>``.

The seeding helpers (``seed_bill_run``, ``seed_drafts``) run in the test process.
"""

from __future__ import annotations

import json
import random
import sys
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any, cast

from sqlalchemy import Table, event, insert, select

from desktop_app.db import Database, open_url
from desktop_app.models import Bill, BillLine, Customer
from desktop_app.services.auth import log_in
from desktop_app.services.context import Context

ADMIN_LOGIN = "admin"
CUTOFF = date(2026, 4, 1)
HEADER = "subscription,meter,timestamp,quantity,record_id\n"

PRODUCTS = (
    ("voice", "语音通话", "分钟", "0.09"),
    ("sms", "短信", "条", "0.06"),
    ("svc", "软件服务", "月", "0.06"),
)


def standard_plan() -> dict[str, Any]:
    """月租 99.00, 用户 30.00 per seat, 开通费 200.00, calls 0.10/分钟 with 500 included (each call rounded
    up to 60 s), SMS graduated 0-1,000 at 0.05 then 0.04; 金卡 10 % off 月租 (as tests/services/catalog_samples)."""
    return {
        "charges": [
            {"kind": "recurring", "code": "base", "name": "月租", "product": "svc", "price": "99.00",
             "interval": "month"},
            {"kind": "seat", "code": "seat", "name": "用户", "product": "svc", "price": "30.00", "interval": "month"},
            {"kind": "one_time", "code": "setup", "name": "开通费", "product": "svc", "price": "200.00"},
            {"kind": "usage", "code": "calls", "name": "通话费", "product": "voice", "meter": "call_seconds",
             "model": "per_unit", "unit_size": "60", "record_rounding": {"increment": "60", "direction": "up"},
             "included": "500", "unit_price": "0.10"},
            {"kind": "usage", "code": "texts", "name": "短信", "product": "sms", "meter": "sms", "model": "graduated",
             "tiers": [{"start": "0", "up_to": "1000", "unit_price": "0.05"},
                       {"start": "1000", "up_to": None, "unit_price": "0.04"}]},
        ],
        "price_lists": [{"tier": "金卡", "entries": [{"charge": "base", "rate_off": "0.1"}]}],
    }


def lite_plan() -> dict[str, Any]:
    """月租 49.00 and SMS at 0.06 each."""
    return {"charges": [
        {"kind": "recurring", "code": "base", "name": "基础月租", "product": "svc", "price": "49.00",
         "interval": "month"},
        {"kind": "usage", "code": "texts", "name": "短信", "product": "sms", "meter": "sms", "model": "per_unit",
         "unit_price": "0.06"},
    ]}


def admin_context(url: str, password: str) -> Context:
    """An administrator's context on its own engine (what each worker process builds)."""
    database = open_url(url)
    user = log_in(Context(database), ADMIN_LOGIN, password)
    return Context(database, user.actor())


# --- seeding (in the test process) ----------------------------------------------------------------

@dataclass(frozen=True)
class Seeded:
    subscriptions: int
    usage_records: int
    adjustments: int


def seed_bill_run(context: Context, folder: Path, *, subscriptions: int = 300, seed: int = 20260401) -> Seeded:
    """Products, two monthly plans, 60 customers (every fourth 金卡), ``subscriptions`` subscriptions started
    between December and the cut-off (seats 1-5, calendar or anniversary periods), usage on about a third,
    seat changes (adjustments) and cancellations on a few. Deterministic for a given ``seed``."""
    from desktop_app.services.catalog import ProductInfo, save_product
    from desktop_app.services.customers import CustomerInput, create_customer
    from desktop_app.services.plans import create_plan, publish
    from desktop_app.services.subscription_changes import cancel, change_seats
    from desktop_app.services.subscriptions import create_subscription
    from desktop_app.services.usage import import_usage

    rng = random.Random(seed)
    for code, name, unit, rate in PRODUCTS:
        save_product(context, ProductInfo(0, code, name, unit=unit, tax_rate=rate))
    standard, _, _ = create_plan(context, "std", "标准套餐", "", standard_plan())
    publish(context, standard.id)
    lite, _, _ = create_plan(context, "lite", "轻量套餐", "", lite_plan())
    publish(context, lite.id)
    customers = []
    for number in range(60):
        detail, _ = create_customer(context, CustomerInput(
            name=f"并发测试客户{number:03d}有限公司", address=f"北京市海淀区测试路{number}号",
            tier="金卡" if number % 4 == 0 else "standard"), allow_similar_name=True)
        customers.append(detail)
    rows: list[str] = []
    adjustments = 0
    first = date(2025, 12, 1)
    for number in range(subscriptions):
        customer = customers[number % len(customers)]
        on_standard = number % 3 != 2
        start = first + timedelta(days=rng.randrange((CUTOFF - first).days + 10))  # a few start after the cut-off
        sub, _ = create_subscription(context, customer.id, start, plan_id=(standard if on_standard else lite).id,
                                     seats=rng.randint(1, 5) if on_standard else 0,
                                     anchor=rng.choice(("calendar", "anniversary")))
        if number % 3 == 0:  # usage: calls and texts in the months since the start, some after the cut-off
            for record in range(rng.randint(1, 8)):
                at = start + timedelta(days=rng.randrange(max(1, (CUTOFF - start).days + 15)))
                meter, quantity = (("call_seconds", rng.randint(1, 40000)) if on_standard and rng.random() < 0.5
                                   else ("sms", rng.randint(1, 1500)))
                rows.append(f"{sub.code},{meter},{_stamp(at, rng)},{quantity},r{number}-{record}")
        if on_standard and number % 17 == 5 and start < date(2026, 3, 1):  # a seat change mid-period
            effective = max(start + timedelta(days=3), date(2026, 3, 10))
            change_seats(context, sub.id, sub.seats + 2, effective, version=sub.version, preview=False)
            adjustments += 1
        elif number % 23 == 7 and start < date(2026, 3, 1):
            cancel(context, sub.id, max(start + timedelta(days=5), date(2026, 3, 15)), at_period_end=number % 2 == 0,
                   version=sub.version, preview=False)
    path = folder / "usage.csv"
    path.write_text(HEADER + "".join(row + "\n" for row in rows), encoding="utf-8")
    report = import_usage(context, path, dry_run=False)
    assert not report.problems, report.problems
    return Seeded(subscriptions, len(rows), adjustments)


def _stamp(day: date, rng: random.Random) -> str:
    moment = datetime(day.year, day.month, day.day, rng.randrange(24), rng.randrange(60), rng.randrange(60))
    return moment.isoformat() + "+08:00"


def seed_drafts(context: Context, count: int, *, customers: int = 40) -> list[int]:
    """``count`` draft bills of one line each (Core bulk inserts), spread over ``customers`` customers; their ids."""
    from desktop_app.services.customers import CustomerInput, create_customer

    customer_ids = [create_customer(context, CustomerInput(name=f"开票测试客户{number:03d}有限公司"),
                                    allow_similar_name=True)[0].id for number in range(customers)]
    bills, lines = cast(Table, Bill.__table__), cast(Table, BillLine.__table__)
    now = context.clock()
    with context.database.engine.begin() as connection:
        names = dict(connection.execute(select(Customer.id, Customer.code).where(Customer.id.in_(customer_ids))).all())
        rows = []
        for number in range(count):
            customer = customer_ids[number % customers]
            gross = Decimal(100 + number % 900) + Decimal("0.06")
            rows.append({
                "kind": "bill", "status": "draft", "customer_id": customer, "subscription_id": None,
                "period_start": date(2026, 3, 1), "period_end": date(2026, 4, 1), "currency": "CNY",
                "tax_inclusive": True, "total_net": gross - Decimal("6.00"), "total_tax": Decimal("6.00"),
                "total_gross": gross, "credit_applied": Decimal(0), "wallet_applied": Decimal(0),
                "amount_due": gross, "paid": Decimal(0), "customer_code": names[customer],
                "customer_name": "", "customer_address": "", "customer_tax_id": "", "snapshot": {}, "notes": "",
                "created_at": now, "created_by": "seed", "version": 1,
            })
        connection.execute(insert(bills), rows)
        ids = list(connection.scalars(select(bills.c.id).where(bills.c.status == "draft").order_by(bills.c.id)))
        connection.execute(insert(lines), [{
            "bill_id": bill_id, "position": 0, "subscription_id": None, "kind": "manual", "charge": "",
            "description": "服务费", "product": "", "period_start": date(2026, 3, 1), "period_end": date(2026, 4, 1),
            "quantity": "1", "unit": "", "unit_price": None, "net": row["total_net"], "tax_rate": "0.06",
            "tax": row["total_tax"], "gross": row["total_gross"], "discounted_line": None, "credited_line_id": None,
            "detail": {},
        } for bill_id, row in zip(ids, rows, strict=True)])
    return ids


# --- the child processes --------------------------------------------------------------------------

def _say(*words: object) -> None:
    sys.stdout.write(" ".join(str(word) for word in words) + "\n")
    sys.stdout.flush()


def _wait_for(word: str) -> None:
    if sys.stdin.readline().strip() != word:
        raise SystemExit(3)


def instrument(database: Database, emit: Callable[..., None]) -> None:
    """Report every statement and every commit on ``database`` (the kill points of the bill-run test)."""

    @event.listens_for(database.engine, "before_cursor_execute")
    def _statement(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        emit("sql", " ".join(statement.split())[:100])

    @event.listens_for(database.engine, "commit")
    def _commit(_conn: Any) -> None:
        emit("commit")


def run_bills_child(url: str, password: str, cutoff: str, batch: int) -> None:
    """The bill run in steps: before each statement and each commit it reports the event and waits for
    ``.`` (one more step) or ``run`` (no more waiting), so the parent's SIGKILL lands exactly there or a
    random moment later."""
    from desktop_app.services.bill_runs import run_bills

    stepping = True

    def step(*words: object) -> None:
        nonlocal stepping
        _say(*words)
        if stepping:
            answer = sys.stdin.readline().strip()
            if answer == "run":
                stepping = False
            elif answer != ".":
                raise SystemExit(3)

    _say("ready")
    _wait_for("go")
    context = admin_context(url, password)
    instrument(context.database, step)
    _say("start")
    summary = run_bills(context, date.fromisoformat(cutoff), batch=batch,
                        progress=lambda done, due: _say("progress", done, due))
    _say("done", summary.bills)


class ForcedFailure(Exception):
    """Raised inside the issuing transaction once the number is taken."""


def issue_child(url: str, password: str, job_file: str) -> None:
    from desktop_app.services.bills import issue_bill

    job = json.loads(Path(job_file).read_text(encoding="utf-8"))
    fail = set(job["fail"])
    _say("ready")
    _wait_for("log-in")  # one at a time: simultaneous log-ins of one account fail (ConcurrentEdit on PostgreSQL)
    context = admin_context(url, password)
    _say("logged-in")
    _wait_for("go")
    issued: list[tuple[int, str, str]] = []
    forced: list[tuple[int, int]] = []  # bill, the number it held when its transaction failed
    errors: list[tuple[int, str]] = []
    retry: list[int] = []

    def attempt(bill_id: int, hook: Callable[[Any], None] | None) -> bool:
        try:
            info, _ = issue_bill(context, bill_id, after_numbering=hook)
        except ForcedFailure:
            return False
        except Exception:  # a deadlock, a duplicate number, a lock wait timeout...: reported, retried once more
            errors.append((bill_id, traceback.format_exc(limit=3)))
            return False
        assert info.code is not None and info.issue_date is not None
        issued.append((bill_id, info.code, info.issue_date.isoformat()))
        return True

    for bill_id in job["ids"]:
        hook = None
        if bill_id in fail:
            def hook(number: Any, bill_id: int = bill_id) -> None:
                forced.append((bill_id, number.number))
                raise ForcedFailure(number.code)
        if not attempt(bill_id, hook):
            retry.append(bill_id)
    for bill_id in retry:
        if not attempt(bill_id, None):
            attempt(bill_id, None)
    context.database.dispose()
    _say("result", json.dumps({"issued": issued, "forced": forced, "errors": errors}))


def main(argv: list[str]) -> None:
    command, *args = argv
    if command == "run-bills":
        run_bills_child(args[0], args[1], args[2], int(args[3]))
    elif command == "issue":
        issue_child(*args)
    else:
        raise SystemExit(f"unknown command {command}")


if __name__ == "__main__":
    main(sys.argv[1:])
