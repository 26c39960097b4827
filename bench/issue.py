"""Bulk issue with the frozen PDF, through the service layer (prints figures; not a test).

    python bench/issue.py [--bills 2000] [--url URL] [--keep FILE]

Seeds N customers each with one subscription (bench/bill_run.py's seed functions, no usage records),
drafts their bills with a bill run at 2026-12-01, then times ``issue_bills`` of the N drafts: each gets
its gap-free number, its frozen snapshot (in the numbering transaction) and its stored PDF (rendered in
worker processes, stored in follow-up transactions). Prints bills per second and the split: the main
process's numbering transactions, the rendering (CPU seconds in the workers), storing the PDFs, and the
wait for the last PDFs. Target (issue 7): ≥ 200 bills/s on a 2-core machine.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.bill_run import CUTOFF, seed_billing, seed_catalog
from bench.customers import seed as seed_customers


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--bills", type=int, default=2000)
    parser.add_argument("--url", help="a database URL (default: a new SQLite file)")
    parser.add_argument("--keep", help="SQLite file to seed once and reuse (each run issues a copy of it)")
    args = parser.parse_args()

    from sqlalchemy import func, select

    from desktop_app.db import open_url
    from desktop_app.models import Bill, IssuedDocument, Subscription
    from desktop_app.schema import prepare
    from desktop_app.services import document_snapshots
    from desktop_app.services.auth import log_in
    from desktop_app.services.bill_runs import run_bills
    from desktop_app.services.bills import issue_bills, list_bills
    from desktop_app.services.company import CompanyDetails
    from desktop_app.services.context import Context
    from desktop_app.services.setup import FirstAdmin, initialise, is_initialised

    path = Path(args.keep) if args.keep else Path(tempfile.mkdtemp()) / "issue.db"
    database = open_url(args.url or f"sqlite:///{path}")
    prepare(database, Path(tempfile.mkdtemp()))
    system = Context(database)
    if not is_initialised(system):
        initialise(system, CompanyDetails(name="基准测试有限公司", address="北京市海淀区中关村大街27号",
                                          tax_id="91350100M000100Y43"), FirstAdmin("admin", "管理员", "Bench-pass-1"))
    admin = Context(database, log_in(system, "admin", "Bench-pass-1").actor())
    versions = seed_catalog(admin)
    with database.engine.connect() as connection:
        subscriptions = connection.scalar(select(func.count()).select_from(Subscription)) or 0
        drafts = connection.scalar(select(func.count()).select_from(Bill)) or 0
    if not subscriptions:
        print(f"seeding {args.bills:,} customers with a subscription each ...", flush=True)
        seed_customers(database, args.bills, [admin.actor.user_id])
        seed_billing(database, args.bills, 0, versions)
    if not drafts:
        summary = run_bills(admin, CUTOFF, batch=2000)
        print(f"  bill run: {summary.bills:,} draft bills", flush=True)
    if args.keep and not args.url:  # issue on a copy: the kept file stays unissued for the next run
        database.dispose()
        work = Path(tempfile.mkdtemp()) / "run.db"
        shutil.copyfile(path, work)
        database = open_url(f"sqlite:///{work}")
        admin = Context(database, admin.actor)
    ids: list[int] = []
    before = None
    while len(ids) < args.bills:
        page = list_bills(admin, status="draft", limit=500, before_id=before)
        if not page:
            break
        ids += [bill.id for bill in page]
        before = page[-1].id
    ids = sorted(ids[:args.bills])

    cpu = time.process_time()
    started = time.perf_counter()
    result = issue_bills(admin, ids)
    elapsed = time.perf_counter() - started
    cpu = time.process_time() - cpu
    stats = document_snapshots.LAST_ISSUE
    with database.engine.connect() as connection:
        stored = connection.scalar(select(func.count()).select_from(IssuedDocument)
                                   .where(IssuedDocument.sha256.is_not(None))) or 0
        size = connection.scalar(select(func.sum(func.length(IssuedDocument.pdf)))) or 0
    print(f"issue on {database.engine.dialect.name}, {os.cpu_count()} cores: {len(result.issued):,} bills "
          f"({result.issued[0] if result.issued else '-'} … {result.issued[-1] if result.issued else '-'}), "
          f"{len(result.failed)} failed, {stored:,} PDFs stored ({size / 1024 / 1024:.0f} MiB)")
    print(f"  wall {elapsed:.2f} s = {len(result.issued) / elapsed:,.0f} bills/s "
          f"(main process CPU {cpu:.2f} s)")
    if stats is not None:
        print(f"  numbering + snapshots {stats.numbering:.2f} s in {stats.transactions} transactions; "
              f"rendering {stats.rendering:.2f} CPU s in {stats.workers} worker(s) "
              f"({1000 * stats.rendering / max(1, stats.rendered):.1f} ms/bill); storing PDFs {stats.storing:.2f} s; "
              f"waiting for the last PDFs {stats.waiting:.2f} s")
    database.dispose()


if __name__ == "__main__":
    main()
