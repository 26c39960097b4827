"""Reports and the dashboard at scale, through the service layer (prints figures; not a test).

    python bench/reports.py [--customers 100000] [--usage 1000000] [--runs 3] [--url URL] [--keep FILE]
                            [--seed-only] [--period this-month] [--only NAME ...]

Seeds (once; ``--keep FILE`` reuses a SQLite file, ``--url`` a server database that already holds the seed)
a company with departments 销售部 → 华北组 / 华南组, a manager and ten salespeople, N customers (owned by the
salespeople, a few in the unowned pool, created over three years), one subscription each (monthly with seats,
metered calls/SMS/data, quarterly, yearly), and for every customer one bill a month for the 12 months of 2026
(1,200,000 bills for 100,000 customers, each with two lines at 6 %, 9 %, 13 % or exempt: recurring fees,
usage, one-time fees; some discount lines), credit notes on 1 % of them, 0.5 % void, drafts this month, and
bills paid, partly paid or open with due dates 15 days after issue, so that aging has every bucket; about
one payment per paid bill with its allocation (~1,000,000 payments, seven methods, a few refunds), M usage
records over the year and monthly sales targets. Rows go in with the driver's own ``executemany`` (SQLite,
MariaDB) or ``COPY`` (PostgreSQL), in their stored form (``bill_run_io.Raw``).

Then times, as an administrator (scope "all") and as a salesperson (scope "own"), ``load_dashboard`` and
every report of ``REPORTS`` (a report whose module does not exist yet is skipped with a note), each ``--runs``
times on a clock fixed at 2026-12-15 12:00 (Shanghai), printing the median and the row count. ``--only NAME``
(repeatable: a report's name or ``dashboard``) times just those.
Targets (issue 8): dashboard < 1 s and each report < 1 s on SQLite; PostgreSQL within 2×.
"""

from __future__ import annotations

import argparse
import importlib.util
import random
import resource
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.bill_run import seed_catalog
from bench.customers import seed as seed_customers

NOW = datetime(2026, 12, 15, 4, 0, tzinfo=UTC)  # 12:00 in Shanghai
TODAY = date(2026, 12, 15)
MONTHS = [date(2026, month, 1) for month in range(1, 13)]
PASSWORD = "Bench-pass-1"
QUARTERLY = {"billing_interval": "quarter", "charges": [
    {"kind": "recurring", "code": "base", "name": "季费", "product": "svc", "price": "540.00", "interval": "quarter"}]}
METHODS = (("bank", 40), ("alipay", 20), ("wechat", 20), ("unionpay", 7), ("cash", 5), ("card", 5), ("other", 3))
BILL_COLUMNS = ("id", "kind", "status", "series", "year", "number", "code", "customer_id", "subscription_id",
                "original_bill_id", "period_start", "period_end", "currency", "tax_inclusive", "total_net",
                "total_tax", "total_gross", "credit_applied", "wallet_applied", "amount_due", "paid", "issue_date",
                "due_date", "customer_code", "customer_name", "customer_address", "customer_tax_id", "snapshot",
                "notes", "created_at", "created_by", "issued_at", "issued_by", "version")
LINE_COLUMNS = ("id", "bill_id", "position", "subscription_id", "kind", "charge", "description", "product",
                "period_start", "period_end", "quantity", "unit", "unit_price", "net", "tax_rate", "tax", "gross",
                "discounted_line", "credited_line_id", "detail")
PAYMENT_COLUMNS = ("id", "code", "kind", "customer_id", "amount", "currency", "received_on", "method", "reference",
                   "payer", "notes", "refund_of_id", "token", "created_at", "created_by")
ALLOCATION_COLUMNS = ("payment_id", "bill_id", "amount", "created_at", "created_by")
USAGE_COLUMNS = ("subscription_id", "meter", "record_id", "occurred_at", "quantity_micro", "period_start",
                 "batch", "imported_at", "imported_by")


def tax_of(gross: int, rate: str | None) -> int:
    """Tax in fen of a tax-inclusive gross at ``rate`` (half-up, per line)."""
    from desktop_app.billing.money import round_ratio

    if rate is None:
        return 0
    percent = int(rate[2:])  # "0.06" -> 6
    return round_ratio(gross * percent, 100 + percent)


class Writer:
    """Rows into one table: ``COPY`` on PostgreSQL, batches of ``executemany`` elsewhere."""

    def __init__(self, raw: Any, dialect: str) -> None:
        self.raw, self.dialect = raw, dialect

    def write(self, table: str, columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> int:
        count = 0
        if self.dialect == "postgresql":
            with self.raw.cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
                    count += 1
            return count
        sql, batch = self.raw.insert_sql(table, columns), []
        for row in rows:
            batch.append(row)
            if len(batch) == 20_000:
                count += self.raw.many(sql, batch)
                batch.clear()
        return count + (self.raw.many(sql, batch) if batch else 0)


def seed_people(admin: Any) -> tuple[list[int], dict[int, int], dict[str, int]]:
    """Departments, a manager and ten salespeople (five per group); returns the sales user ids, their
    departments and the logins' ids."""
    from desktop_app.services.roles import list_roles, save_department
    from desktop_app.services.users import UserInput, create_user, find_user_id

    roles = {role.name: role.id for role in list_roles(admin)}
    ids: dict[str, int] = {}
    try:
        for login in ["rmanager", *(f"rsales{n}" for n in range(10))]:
            ids[login] = find_user_id(admin, login)
    except Exception:
        sales, _ = save_department(admin, None, "销售部", None)
        north, _ = save_department(admin, None, "华北组", sales)
        south, _ = save_department(admin, None, "华南组", sales)
        manager, _ = create_user(admin, UserInput("rmanager", "销售经理", department_id=sales,
                                                  role_ids=(roles["Manager"],)), PASSWORD, confirm=PASSWORD)
        ids["rmanager"] = manager.id
        for n in range(10):
            user, _ = create_user(admin, UserInput(f"rsales{n}", f"销售{n}", department_id=north if n < 5 else south,
                                                   supervisor_id=manager.id, role_ids=(roles["Sales"],)),
                                  PASSWORD, confirm=PASSWORD)
            ids[f"rsales{n}"] = user.id
    from sqlalchemy import select

    from desktop_app.models import User

    owners = [ids[f"rsales{n}"] for n in range(10)]
    with admin.unit_of_work(write=False) as uow:
        department_of = {row.id: row.department_id for row in uow.session.execute(
            select(User.id, User.department_id).where(User.id.in_(owners)))}
    return owners, department_of, ids


def seed_versions(admin: Any) -> dict[str, int]:
    from desktop_app.services.plans import create_plan, list_plans, list_versions, publish

    versions = seed_catalog(admin)
    plan = next((p for p in list_plans(admin) if p.code == "quarterly"), None)
    if plan is None:
        created, _, _ = create_plan(admin, "quarterly", "quarterly", "", QUARTERLY)
        version, _ = publish(admin, created.id)
    else:
        version = next(v for v in list_versions(admin, plan.id) if v.status == "published")
    versions["quarterly"] = version.id
    return versions


def _line(line_id: int, bill_id: int, position: int, sub: int, kind: str, charge: str, product: str,
          period: tuple[Any, Any], quantity: str, unit: str, gross: int, rate: str | None,
          discounted: int | None = None, credited: int | None = None) -> tuple[Any, ...]:
    tax = tax_of(gross, rate) if gross >= 0 else -tax_of(-gross, rate)
    return (line_id, bill_id, position, sub, kind, charge, charge, product, period[0], period[1], quantity, unit,
            None, gross - tax, rate, tax, gross, discounted, credited, "{}")


def seed_billing(database: Any, customers: int, usage_records: int, versions: dict[str, int],
                 owners: list[int], department_of: dict[int, int]) -> None:
    """Subscriptions, a year of bills with lines, credit notes, payments with allocations, usage, targets."""
    from sqlalchemy import select

    from desktop_app.models import Customer
    from desktop_app.models.bill import issued_bill_ddl
    from desktop_app.services.bill_run_io import Raw

    rng = random.Random(8)
    started = time.perf_counter()
    with database.engine.begin() as connection:
        raw = Raw(connection)
        dialect = connection.dialect.name
        writer = Writer(raw, dialect)
        day, at = raw.stored_day, raw.stored_time
        now = at(NOW)
        people = [(row.id, row.code, row.name, row.owner_id) for row in connection.execute(
            select(Customer.id, Customer.code, Customer.name, Customer.owner_id).order_by(Customer.id)
            .limit(customers))]
        # customers: created over three years (some this month), half of them in their owner's department
        updates = []
        for cid, _, _, owner in people:
            created = NOW - timedelta(days=rng.randint(0, 3 * 365))
            department = department_of.get(owner) if owner is not None and rng.random() < 0.5 else None
            tier = rng.choices(("standard", "银卡", "金卡"), (70, 20, 10))[0]
            updates.append((at(created), department, tier, cid))
        raw.many("UPDATE customers SET created_at = ?, department_id = ?, tier = ? WHERE id = ?", updates)
        plans, subs = [], []
        for n, (cid, *_rest) in enumerate(people, start=1):
            pick = rng.random()
            kind = "monthly" if pick < 0.4 else "metered" if pick < 0.8 else "quarterly" if pick < 0.92 else "yearly"
            plans.append((kind, rng.randint(1, 12), rng.randint(1, 20)))  # plan, anniversary month, seats
            anchor = date(2025, 12, 1) if kind != "yearly" else date(2025, plans[-1][1], 1)
            subs.append((n, f"S2026{n:07d}", cid, versions[kind], "active", day(anchor), "calendar", day(anchor),
                         plans[-1][2] if kind == "monthly" else 0, "[]", "[]", day(date(2027, 1, 1)), now, "bench", 1))
        writer.write("subscriptions", ("id", "code", "customer_id", "plan_version_id", "status", "start_date",
                                       "alignment", "anchor", "seats", "modules", "coupon_codes", "billed_until",
                                       "created_at", "created_by", "version"), subs)
        print(f"  {len(subs):,} subscriptions ({time.perf_counter() - started:.0f} s)", flush=True)
        if dialect == "postgresql":
            raw.cursor.execute("ALTER TABLE bill_lines DISABLE TRIGGER bill_lines_issued_frozen")
        else:
            raw.cursor.execute("DROP TRIGGER bill_lines_issued_no_insert")
        bills, lines, payments, allocations = [], [], [], []
        bill_id = line_id = payment_id = number = notes = 0
        methods = [m for m, weight in METHODS for _ in range(weight)]
        for month_index, month in enumerate(MONTHS):
            age = 11 - month_index
            paid_share, partial_share = {0: (0.3, 0.1), 1: (0.7, 0.1), 2: (0.85, 0.05), 3: (0.9, 0.04)}.get(
                age, (0.95, 0.03))
            end = MONTHS[month_index + 1] if month_index < 11 else date(2027, 1, 1)
            before = MONTHS[month_index - 1] if month_index else date(2025, 12, 1)
            for n, (cid, code, name, _) in enumerate(people, start=1):
                kind, anniversary, seats = plans[n - 1]
                bill_id += 1
                issued = month + timedelta(days=cid % 14)
                due = issued + timedelta(days=15)
                period = (day(month), day(end))
                fields: list[tuple[Any, ...]] = []  # kind, charge, product, period, quantity, unit, gross, rate
                if kind == "monthly":
                    fields.append(("recurring", "base", "svc", period, "1", "月", 9900, "0.06"))
                    if cid % 20 == 0:
                        fields.append(("discount", "base", "svc", period, "1", "", -990, "0.06", 1))  # reduces line 1
                    fields.append(("seat", "seat", "svc", period, str(seats), "月", 3000 * seats, "0.06"))
                elif kind == "metered":
                    minutes = rng.randint(1, 400)
                    fields += [("recurring", "base", "svc", period, "1", "月", 1900, "0.06"),
                               ("usage", "calls", "voice", (day(before), day(month)), str(minutes), "分钟",
                                10 * minutes, "0.09")]
                elif kind == "quarterly" and month.month in (1, 4, 7, 10):
                    quarter_end = date(2026, month.month + 3, 1) if month.month < 10 else date(2027, 1, 1)
                    fields += [("recurring", "base", "svc", (day(month), day(quarter_end)), "1", "季", 54000, "0.06"),
                               ("one_time", "support", "svc", period, "1", "次", 5000, None)]
                elif kind == "yearly" and month.month == anniversary:
                    fields += [("recurring", "base", "svc", (day(month), day(date(2027, month.month, 1))), "1", "年",
                                198000, "0.06"),
                               ("one_time", "phone", "hw", period, "1", "台", 39900, "0.13")]
                else:
                    texts = rng.randint(100, 3000)
                    fields += [("usage", "texts", "sms", (day(before), day(month)), str(texts), "条", 5 * texts,
                                "0.06"), ("one_time", "support", "svc", period, "1", "次", 2000, "0.06")]
                own = [_line(line_id + position, bill_id, position, n, *line)
                       for position, line in enumerate(fields, 1)]
                line_id += len(own)
                net, tax, gross = (sum(line[column] for line in own) for column in (13, 15, 16))
                lines.extend(own)
                roll = rng.random()
                status, paid = "issued", 0
                if age == 0 and roll > 0.99:
                    status = "draft"
                elif roll > 0.995:
                    status = "void"
                elif roll < paid_share:
                    status, paid = "paid", gross
                elif roll < paid_share + partial_share:
                    status, paid = "partially_paid", gross // 2
                numbered = status != "draft"
                if numbered:
                    number += 1
                bills.append((bill_id, "bill", status, "ZD" if numbered else None, 2026 if numbered else None,
                              number if numbered else None, f"ZD-2026-{number:07d}" if numbered else None, cid, n,
                              None, period[0], period[1], "CNY", True, net, tax, gross, 0, 0, gross, paid,
                              day(issued) if numbered else None, day(due) if numbered else None, code, name, "", "",
                              "{}", "", now, "bench", now if numbered else None, "bench" if numbered else None, 1))
                if paid:
                    payment_id += 1
                    received = min(due - timedelta(days=rng.randint(0, 14)), TODAY)
                    payments.append((payment_id, f"SK-2026-{payment_id:07d}", "payment", cid, paid, "CNY",
                                     day(received), rng.choice(methods), "", name, "", None, f"bench-{payment_id}",
                                     now, "bench"))
                    allocations.append((payment_id, bill_id, paid, now, "bench"))
                    if payment_id % 500 == 0 and received + timedelta(days=3) <= TODAY:
                        payment_id += 1
                        payments.append((payment_id, f"TK-2026-{payment_id:07d}", "refund", cid, paid // 2, "CNY",
                                         day(received + timedelta(days=3)), payments[-1][7], "", name, "",
                                         payment_id - 1, f"bench-{payment_id}", now, "bench"))
                if status in ("issued", "paid", "partially_paid") and age > 0 and cid % 100 == month.month:
                    notes += 1  # a credit note for half of the first line, issued five days later
                    first = own[0]
                    bill_id += 1
                    credit = first[16] // 2
                    line_id += 1
                    credited = _line(line_id, bill_id, 1, n, first[4], first[5], first[7], (first[8], first[9]),
                                     "1", "", credit, first[14], credited=first[0])
                    lines.append(credited)
                    bills.append((bill_id, "credit_note", "issued", "HC", 2026, notes, f"HC-2026-{notes:07d}", cid,
                                  n, bill_id - 1, period[0], period[1], "CNY", True, credited[13], credited[15],
                                  credit, 0, 0, credit, 0, day(issued + timedelta(days=5)), None, code, name, "", "",
                                  "{}", "", now, "bench", now, "bench", 1))
            writer.write("bills", BILL_COLUMNS, bills)
            writer.write("bill_lines", LINE_COLUMNS, lines)
            writer.write("payments", PAYMENT_COLUMNS, payments)
            writer.write("payment_allocations", ALLOCATION_COLUMNS, allocations)
            for done in (bills, lines, payments, allocations):
                done.clear()
            print(f"  {month:%Y-%m}: {bill_id:,} bills, {line_id:,} lines, {payment_id:,} payments "
                  f"({time.perf_counter() - started:.0f} s)", flush=True)
        if dialect == "postgresql":
            raw.cursor.execute("ALTER TABLE bill_lines ENABLE TRIGGER bill_lines_issued_frozen")
            for table, column in (("bills", "id"), ("bill_lines", "id"), ("payments", "id"),
                                  ("subscriptions", "id")):
                raw.cursor.execute(f"SELECT setval(pg_get_serial_sequence('{table}', '{column}'), "
                                   f"(SELECT max({column}) FROM {table}))")
        else:
            raw.cursor.execute(next(s for s in issued_bill_ddl(dialect) if "bill_lines_issued_no_insert" in s))
        metered = [n for n, plan in enumerate(plans, start=1) if plan[0] == "metered"]
        meters = (("call_seconds", 1, 900), ("sms", 1, 300), ("data_mb", 1, 2048))

        def records() -> Iterable[tuple[Any, ...]]:
            for n in range(usage_records):
                month = MONTHS[n % 12]
                meter, low, high = meters[n // 12 % 3]  # every month has every meter
                occurred = datetime(2026, month.month, 1 + rng.randint(0, 13 if month.month == 12 else 27), 2,
                                    tzinfo=UTC)
                yield (rng.choice(metered), meter, f"r{n}", at(occurred), rng.randint(low, high) * 1_000_000,
                       day(month), "bench", now, "bench")

        writer.write("usage_records", USAGE_COLUMNS, records())
        writer.write("sales_targets", ("user_id", "month", "amount", "version"),
                     [(owner, day(month), 30_000_000, 1) for owner in owners for month in MONTHS])
        print(f"  {usage_records:,} usage records, targets ({time.perf_counter() - started:.0f} s)", flush=True)
    if dialect == "postgresql":  # what autovacuum does soon after a bulk load: statistics, visibility map
        with database.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.exec_driver_sql("VACUUM ANALYZE")


def vacuum_if_changed(database: Any) -> None:
    """``VACUUM ANALYZE`` a reused PostgreSQL seed that holds dead rows, as autovacuum would: a migration run by
    ``prepare`` since the seed (0012 filled ``payments.issued_on``, rewriting every payment) leaves the visibility
    map cleared, and index-only scans then read the table too (autovacuum is off on the test server)."""
    from sqlalchemy import text

    with database.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        dead = connection.scalar(text("SELECT coalesce(sum(n_dead_tup), 0) FROM pg_stat_user_tables")) or 0
        if dead > 10_000:  # a rewrite, not the few rows logging in leaves
            print(f"  {dead:,} dead rows since the seed: VACUUM ANALYZE", flush=True)
            connection.exec_driver_sql("VACUUM ANALYZE")


def timed(call: Callable[[], Any], runs: int) -> tuple[float, Any]:
    """The median wall time of ``call`` in ms, and its last result. The previous run's result is freed before
    the clock starts: a 100,000-row snapshot takes ~0.1 s to free, which is not the next run's work."""
    times, result = [], None
    for _ in range(runs):
        result = None
        started = time.perf_counter()
        result = call()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times), result


def measure(context: Any, label: str, runs: int, period: str, only: Sequence[str] = ()) -> None:
    from desktop_app.services.reports import REPORTS, ReportFilter, parse_period, run_report

    print(f"{label}:", flush=True)
    if only and "dashboard" not in only:
        pass  # not asked for
    elif importlib.util.find_spec("desktop_app.services.reports.dashboard") is None:
        print("  dashboard: module not written yet, skipped")
    else:
        from desktop_app.services.reports.dashboard import load_dashboard

        ms, board = timed(lambda: load_dashboard(context), runs)
        print(f"  {'dashboard':22} {ms:8.0f} ms   cards {len(board.cards)}, charts {len(board.charts)}, "
              f"top {len(board.top_customers)}", flush=True)
    flt = ReportFilter(parse_period(period, TODAY))
    for name, info in REPORTS.items():
        if only and name not in only:
            continue
        if importlib.util.find_spec(f"desktop_app.services.reports.{info.module}") is None:
            print(f"  {name:22} module {info.module}.py not written yet, skipped")
            continue
        ms, snapshot = timed(lambda name=name: run_report(context, name, flt), runs)
        print(f"  {name:22} {ms:8.0f} ms   rows {len(snapshot.rows):,}", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--customers", type=int, default=100_000)
    parser.add_argument("--usage", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--period", default="this-month", help="the reports' period (default: this-month)")
    parser.add_argument("--url", help="a database URL (default: a new SQLite file)")
    parser.add_argument("--keep", help="SQLite file to seed once and reuse")
    parser.add_argument("--seed-only", action="store_true")
    parser.add_argument("--only", action="append", default=[], metavar="NAME",
                        help="time only this report (or 'dashboard'); may be repeated")
    args = parser.parse_args()
    from desktop_app.services.reports import REPORTS

    unknown = sorted(set(args.only) - {"dashboard", *REPORTS})
    if unknown:
        parser.error(f"--only: no such report: {', '.join(unknown)} (choose from dashboard, {', '.join(REPORTS)})")

    from sqlalchemy import func, select

    from desktop_app.db import open_url
    from desktop_app.models import Bill
    from desktop_app.schema import prepare
    from desktop_app.services.auth import log_in
    from desktop_app.services.company import CompanyDetails
    from desktop_app.services.context import Context
    from desktop_app.services.setup import FirstAdmin, initialise, is_initialised

    path = Path(args.keep) if args.keep else Path(tempfile.mkdtemp()) / "reports.db"
    database = open_url(args.url or f"sqlite:///{path}")
    prepare(database, Path(tempfile.mkdtemp()))
    system = Context(database)
    if not is_initialised(system):
        initialise(system, CompanyDetails(name="基准测试有限公司"), FirstAdmin("admin", "管理员", PASSWORD))
    admin = Context(database, log_in(system, "admin", PASSWORD).actor())
    owners, department_of, _ = seed_people(admin)
    with database.engine.connect() as connection:
        billed = connection.scalar(select(func.count()).select_from(Bill)) or 0
    if not billed:
        versions = seed_versions(admin)
        print(f"seeding {args.customers:,} customers, {12 * args.customers:,} bills, {args.usage:,} usage records "
              f"into {database.engine.dialect.name} ...", flush=True)
        started = time.perf_counter()
        seed_customers(database, args.customers, [*owners, None])
        seed_billing(database, args.customers, args.usage, versions, owners, department_of)
        print(f"  seeded in {time.perf_counter() - started:.0f} s", flush=True)
    elif database.engine.dialect.name == "postgresql":
        vacuum_if_changed(database)
    if args.seed_only:
        return
    admin = Context(database, admin.actor, lambda: NOW)
    sales = Context(database, log_in(system, "rsales0", PASSWORD).actor(), lambda: NOW)
    with database.engine.connect() as connection:
        bills = connection.scalar(select(func.count()).select_from(Bill)) or 0
    print(f"reports on {database.engine.dialect.name}: {bills:,} bills and credit notes, today {TODAY}, "
          f"period {args.period}, median of {args.runs}")
    measure(admin, "administrator (all)", args.runs, args.period, args.only)
    measure(sales, "salesperson (own)", args.runs, args.period, args.only)
    print(f"  peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")


if __name__ == "__main__":
    main()
