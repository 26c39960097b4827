"""A month-end bill run at scale, through the service layer (prints figures; not a test).

    python bench/bill_run.py [--subs 100000] [--usage 1000000] [--url URL] [--keep FILE] [--issue 10000]
                             [--from-template SEEDED] [--runs N]

Seeds (once; ``--keep`` reuses the file) N customers each with one subscription on a mix of plans —
monthly with seats (40 %), yearly renewing at the cut-off (10 %), metered calls (rounded up to 60 s,
500 minutes included) + SMS (graduated tiers) + data (volume tiers) on a monthly fee (50 %) — billed up
to 1 December 2026, and M usage records in November spread over the metered subscriptions. Then runs
the bill run at cut-off 2026-12-01 and prints: subscriptions due, draft bills and lines created, the
wall time end to end, draft bills per second, and the process's peak RSS. A second run at the same
cut-off shows the idempotent path ("already billed"). ``--issue N`` then issues N drafts and prints
bills per second. With each figure: the load average before and after, the CPU seconds of this process and
of the pricing worker processes, and their peak RSS. ``--runs N`` bills N fresh copies one after the other
(SQLite: copies of the ``--keep`` file; PostgreSQL: ``--from-template SEEDED`` makes the ``--url`` database
a fresh copy of the seeded database SEEDED before each run, ``CREATE DATABASE ... TEMPLATE``).
Targets (issue 6): < 15 s and ≥ 7,000 drafts/s for 100,000 subscriptions with
1,000,000 usage records on SQLite; < 1 GB RSS; PostgreSQL within 2× of SQLite; issuing ≥ 200 bills/s.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import random
import resource
import shutil
import sys
import tempfile
import threading
import time
from datetime import UTC, date, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.customers import seed as seed_customers

PLANS = {
    "monthly": {"charges": [
        {"kind": "recurring", "code": "base", "name": "月租", "product": "svc", "price": "99.00", "interval": "month"},
        {"kind": "seat", "code": "seat", "name": "用户", "product": "svc", "price": "30.00", "interval": "month"},
    ]},
    "yearly": {"billing_interval": "year", "charges": [
        {"kind": "recurring", "code": "base", "name": "年费", "product": "svc", "price": "1980.00", "interval": "year"},
    ]},
    "metered": {"charges": [
        {"kind": "recurring", "code": "base", "name": "月租", "product": "svc", "price": "19.00", "interval": "month"},
        {"kind": "usage", "code": "calls", "name": "通话费", "product": "voice", "meter": "call_seconds",
         "model": "per_unit", "unit_size": "60", "record_rounding": {"increment": "60", "direction": "up"},
         "included": "500", "unit_price": "0.10"},
        {"kind": "usage", "code": "texts", "name": "短信", "product": "sms", "meter": "sms", "model": "graduated",
         "tiers": [{"start": "0", "up_to": "1000", "unit_price": "0.05"},
                   {"start": "1000", "up_to": None, "unit_price": "0.04"}]},
        {"kind": "usage", "code": "data", "name": "流量", "product": "data", "meter": "data_mb", "model": "volume",
         "unit_size": "1024", "tiers": [{"start": "0", "up_to": "10", "unit_price": "3.00"},
                                        {"start": "10", "up_to": None, "unit_price": "2.00"}]},
    ]},
}
CUTOFF = date(2026, 12, 1)


def seed_catalog(admin) -> dict[str, int]:  # type: ignore[no-untyped-def]
    from desktop_app.services.catalog import ProductInfo, save_product
    from desktop_app.services.plans import create_plan, list_plans, publish

    existing = {plan.code: plan for plan in list_plans(admin)}
    if not existing:
        for info in (ProductInfo(0, "svc", "软件服务", unit="月", tax_rate="0.06"),
                     ProductInfo(0, "voice", "语音通话", unit="分钟", tax_rate="0.09"),
                     ProductInfo(0, "sms", "短信", unit="条", tax_rate="0.06"),
                     ProductInfo(0, "data", "流量", unit="GB", tax_rate="0.06")):
            save_product(admin, info)
    versions = {}
    for code, definition in PLANS.items():
        if code not in existing:
            plan, _, _ = create_plan(admin, code, code, "", definition)
            version, _ = publish(admin, plan.id)
        else:
            from desktop_app.services.plans import list_versions

            version = next(v for v in list_versions(admin, existing[code].id) if v.status == "published")
        versions[code] = version.id
    return versions


def seed_billing(database, subs: int, usage: int, versions: dict[str, int]) -> None:  # type: ignore[no-untyped-def]
    """One subscription per customer, billed up to the cut-off; ``usage`` records in November."""
    from sqlalchemy import insert, select

    from desktop_app.models import Customer, Subscription, UsageRecordRow

    rng = random.Random(7)
    now = datetime.now(UTC)
    started = time.perf_counter()
    with database.engine.begin() as connection:
        customer_ids = list(connection.scalars(select(Customer.id).order_by(Customer.id).limit(subs)))
        rows, metered = [], []
        for n, customer_id in enumerate(customer_ids, start=1):
            pick = rng.random()
            kind = "monthly" if pick < 0.4 else "yearly" if pick < 0.5 else "metered"
            yearly = kind == "yearly"
            rows.append({"code": f"S2026{n:07d}", "customer_id": customer_id, "plan_version_id": versions[kind],
                         "status": "active", "start_date": date(2025, 12, 1) if yearly else date(2026, 1, 1),
                         "trial_end": None, "alignment": "anniversary" if yearly else "calendar",
                         "anchor": date(2025, 12, 1) if yearly else date(2026, 1, 1),
                         "seats": rng.randint(1, 20) if kind == "monthly" else 0, "modules": [],
                         "coupon_codes": [], "billed_until": CUTOFF, "created_at": now, "created_by": "bench",
                         "version": 1})
            if kind == "metered":
                metered.append(n)
        connection.execute(insert(Subscription), rows)
        print(f"  {len(rows):,} subscriptions ({time.perf_counter() - started:.0f} s)", flush=True)
        meters = [("call_seconds", lambda: rng.randint(1, 900)), ("sms", lambda: rng.randint(1, 300)),
                  ("data_mb", lambda: rng.randint(1, 2048))]
        batch = []
        november = datetime(2026, 11, 1, tzinfo=UTC)
        for n in range(usage):
            sub = rng.choice(metered)
            meter, quantity = meters[n % 3]
            batch.append({"subscription_id": sub, "meter": meter, "record_id": f"r{n}",
                          "occurred_at": november.replace(day=1 + n % 29), "quantity_micro": quantity() * 1_000_000,
                          "period_start": date(2026, 11, 1), "bill_id": None, "batch": "bench",
                          "imported_at": now, "imported_by": "bench"})
            if len(batch) == 50_000:
                connection.execute(insert(UsageRecordRow), batch)
                batch.clear()
        if batch:
            connection.execute(insert(UsageRecordRow), batch)
        print(f"  {usage:,} usage records ({time.perf_counter() - started:.0f} s)", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--subs", type=int, default=100_000)
    parser.add_argument("--usage", type=int, default=1_000_000)
    parser.add_argument("--url", help="a database URL (default: a new SQLite file)")
    parser.add_argument("--keep", help="SQLite file to seed once and reuse (each run bills a copy of it)")
    parser.add_argument("--issue", type=int, default=0, help="then issue this many drafts")
    parser.add_argument("--seed-only", action="store_true",
                        help="seed and stop (for a server: then bill copies, e.g. createdb -T SEEDED COPY)")
    parser.add_argument("--from-template", metavar="SEEDED",
                        help="PostgreSQL: before each run, make the --url database a fresh copy of SEEDED")
    parser.add_argument("--runs", type=int, default=1, help="bill this many fresh copies, one after the other")
    parser.add_argument("--batch", type=int, help="subscriptions per batch (default: the run's own)")
    parser.add_argument("--workers", type=int, help="pricing worker processes (default: the run's own)")
    args = parser.parse_args()

    from sqlalchemy import func, select

    from desktop_app.db import open_url
    from desktop_app.models import Bill, Subscription
    from desktop_app.schema import prepare
    from desktop_app.services.auth import log_in
    from desktop_app.services.company import CompanyDetails
    from desktop_app.services.context import Context
    from desktop_app.services.setup import FirstAdmin, initialise, is_initialised

    path = Path(args.keep) if args.keep else Path(tempfile.mkdtemp()) / "bill-run.db"
    if args.url and args.from_template:
        _fresh(args, path).dispose()
    database = open_url(args.url or f"sqlite:///{path}")
    prepare(database, Path(tempfile.mkdtemp()))
    system = Context(database)
    if not is_initialised(system):
        initialise(system, CompanyDetails(name="基准测试有限公司"), FirstAdmin("admin", "管理员", "Bench-pass-1"))
    admin = Context(database, log_in(system, "admin", "Bench-pass-1").actor())
    versions = seed_catalog(admin)
    with database.engine.connect() as connection:
        subscriptions = connection.scalar(select(func.count()).select_from(Subscription)) or 0
        billed = connection.scalar(select(func.count()).select_from(Bill)) or 0
    if billed:
        raise SystemExit(f"{path} holds bills already: give a --keep file that was only seeded")
    if not subscriptions:
        print(f"seeding {args.subs:,} subscriptions and {args.usage:,} usage records ...", flush=True)
        seed_customers(database, args.subs, [admin.actor.user_id])
        seed_billing(database, args.subs, args.usage, versions)
    if args.seed_only:
        print("seeded; not billed")
        return
    database.dispose()
    for number in range(args.runs):
        database = _fresh(args, path)
        _bill(database, Context(database, admin.actor), args, subscriptions, number)
        database.dispose()


def _fresh(args: argparse.Namespace, seeded: Path):  # type: ignore[no-untyped-def]
    """The database to bill: a copy of the seeded one (the seed stays unbilled for the next run)."""
    from sqlalchemy import create_engine, make_url, text

    from desktop_app.db import open_url

    if not args.url:
        work = Path(tempfile.mkdtemp()) / "run.db"
        shutil.copyfile(seeded, work)
        return open_url(f"sqlite:///{work}")
    if args.from_template:
        url = make_url(args.url)
        server = create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
        with server.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{url.database}" WITH (FORCE)'))
            connection.execute(text(f'CREATE DATABASE "{url.database}" TEMPLATE "{args.from_template}"'))
        server.dispose()
    elif args.runs > 1:
        raise SystemExit("several runs on a server need --from-template SEEDED")
    return open_url(args.url)


def _load() -> str:
    return " ".join(f"{value:.2f}" for value in os.getloadavg())


def _cpu(who: int) -> float:
    usage = resource.getrusage(who)
    return usage.ru_utime + usage.ru_stime


class _WorkerMemory(threading.Thread):
    """The largest peak RSS (VmHWM) of this process's children while the run lasts (Linux: /proc)."""

    def __init__(self) -> None:
        super().__init__(daemon=True)
        self.peak_kb, self.running = 0, True

    def run(self) -> None:
        while self.running:
            for child in multiprocessing.active_children():
                try:
                    status = Path(f"/proc/{child.pid}/status").read_text()
                except OSError:
                    continue
                for line in status.splitlines():
                    if line.startswith("VmHWM:"):
                        self.peak_kb = max(self.peak_kb, int(line.split()[1]))
            time.sleep(0.2)


def _bill(database, admin, args: argparse.Namespace, subscriptions: int, number: int) -> None:  # type: ignore[no-untyped-def]
    from sqlalchemy import func, select

    from desktop_app.models import BillLine, UsageRecordRow
    from desktop_app.services.bill_runs import run_bills
    from desktop_app.services.bills import issue_bills, list_bills

    with database.engine.connect() as connection:
        records = connection.scalar(select(func.count()).select_from(UsageRecordRow)) or 0
    if args.workers:
        from desktop_app.services import bill_runs

        bill_runs.WORKERS = args.workers
    load, own, workers = _load(), _cpu(resource.RUSAGE_SELF), _cpu(resource.RUSAGE_CHILDREN)
    memory = _WorkerMemory()
    memory.start()
    started = time.perf_counter()
    summary = run_bills(admin, CUTOFF, **({"batch": args.batch} if args.batch else {}))
    elapsed = time.perf_counter() - started
    memory.running = False
    own = _cpu(resource.RUSAGE_SELF) - own
    deadline = time.monotonic() + 10
    while multiprocessing.active_children() and time.monotonic() < deadline:  # reaps the pricing workers
        time.sleep(0.05)
    workers = _cpu(resource.RUSAGE_CHILDREN) - workers
    with database.engine.connect() as connection:
        lines = connection.scalar(select(func.count()).select_from(BillLine)) or 0
    print(f"bill run {number + 1} on {database.engine.dialect.name}: {subscriptions or args.subs:,} subscriptions, "
          f"{records:,} usage records, cut-off {CUTOFF}")
    print(f"  due {summary.due:,}, draft bills {summary.bills:,}, lines {lines:,}, total {summary.total_gross:,} 元")
    print(f"  wall {elapsed:.2f} s = {summary.bills / elapsed:,.0f} draft bills/s "
          f"(load average {load} before, {_load()} after)")
    print(f"  CPU: this process {own:.1f} s, pricing workers {workers:.1f} s")
    started = time.perf_counter()
    again = run_bills(admin, CUTOFF)
    print(f"  rerun: {again.bills} new bills, {again.already_billed:,} already billed, "
          f"{time.perf_counter() - started:.2f} s")
    if args.issue:
        ids = [bill.id for bill in list_bills(admin, status="draft", limit=args.issue)]
        started = time.perf_counter()
        result = issue_bills(admin, ids)
        elapsed = time.perf_counter() - started
        print(f"  issued {len(result.issued):,} in {elapsed:.2f} s = {len(result.issued) / elapsed:,.0f} bills/s")
    print(f"  peak RSS: this process {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB, "
          f"largest pricing worker {memory.peak_kb / 1024:.0f} MB (SQLite: with the pages of the memory-mapped "
          "database file each reads)", flush=True)


if __name__ == "__main__":
    main()
