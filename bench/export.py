"""Batch export of issued bills as PDF files, through the service layer (prints figures; not a test).

    python bench/export.py [--bills 10000] [--url URL] [--keep FILE] [--seed-only]

Seeds (once; ``--keep`` reuses the file) N customers each with one subscription (bench/bill_run.py's and
bench/customers.py's seed functions), drafts their bills with a bill run at 2026-12-01 and issues them
(``issue_bills``: numbers, frozen snapshots, stored PDFs). Then, on a fresh copy of that file for each
layout, times ``services.documents.export_bills`` of the N bills into a temporary folder:

  * one file per bill, then one combined PDF;
  * each first as **originals** (the first print: the stored bytes are written as they are), then again as
    **copies** (副本: rendered from the snapshots in the two worker processes).

Every run is a separate process, so its peak RSS is its own: the main process's (``RUSAGE_SELF``) and the
largest render worker's (``RUSAGE_CHILDREN``). Prints wall seconds, bills per second, CPU seconds of the main
process and of the workers, the bytes written, and how often ``progress`` was called.
Target (issue 7): 10,000 bills in < 40 s with both cores busy when rendering, < 500 MB RSS.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

PASSWORD = "Bench-pass-1"


def _open(url: str) -> Any:
    from desktop_app.db import open_url
    from desktop_app.schema import prepare

    database = open_url(url)
    prepare(database, Path(tempfile.mkdtemp()))
    return database


def _admin(database: Any) -> Any:
    from desktop_app.services.auth import log_in
    from desktop_app.services.company import CompanyDetails
    from desktop_app.services.context import Context
    from desktop_app.services.setup import FirstAdmin, initialise, is_initialised

    system = Context(database)
    if not is_initialised(system):
        initialise(system, CompanyDetails(name="基准测试有限公司", address="北京市海淀区中关村大街27号",
                                          tax_id="91350100M000100Y43"), FirstAdmin("admin", "管理员", PASSWORD))
    return Context(database, log_in(system, "admin", PASSWORD).actor())


def seed(url: str, bills: int) -> None:
    """N customers with a subscription each, billed and issued (skipped when the file holds them already)."""
    from sqlalchemy import func, select

    from bench.bill_run import CUTOFF, seed_billing, seed_catalog
    from bench.customers import seed as seed_customers
    from desktop_app.models import Bill, Subscription
    from desktop_app.services.bill_runs import run_bills
    from desktop_app.services.bills import issue_bills, list_bills

    database = _open(url)
    admin = _admin(database)
    versions = seed_catalog(admin)
    with database.engine.connect() as connection:
        subscriptions = connection.scalar(select(func.count()).select_from(Subscription)) or 0
        made = connection.scalar(select(func.count()).select_from(Bill)) or 0
    if not subscriptions:
        print(f"seeding {bills:,} customers with a subscription each ...", flush=True)
        seed_customers(database, bills, [admin.actor.user_id])
        seed_billing(database, bills, 0, versions)
    if not made:
        summary = run_bills(admin, CUTOFF, batch=2000)
        print(f"  bill run: {summary.bills:,} draft bills", flush=True)
    ids: list[int] = []
    before = None
    while True:
        page = list_bills(admin, status="draft", limit=500, before_id=before)
        if not page:
            break
        ids += [bill.id for bill in page]
        before = page[-1].id
    if ids:
        started = time.perf_counter()
        result = issue_bills(admin, sorted(ids))
        print(f"  issued {len(result.issued):,} bills with their PDFs ({time.perf_counter() - started:.0f} s)",
              flush=True)
    database.dispose()


def run(url: str, bills: int, combined: bool, label: str) -> dict[str, object]:
    """One timed export (in its own process: ``--run``); returns the figures."""
    from datetime import date

    from desktop_app.services.documents import export_bills, issued_bill_ids

    database = _open(url)
    admin = _admin(database)
    ids = issued_bill_ids(admin, date(2000, 1, 1), date(2100, 1, 1))[:bills]
    folder = Path(tempfile.mkdtemp(prefix="benji-export-"))
    calls: list[tuple[int, int]] = []
    cpu = time.process_time()
    started = time.perf_counter()
    result = export_bills(admin, ids, folder, combined=combined,
                          progress=lambda done, total: calls.append((done, total)))
    elapsed = time.perf_counter() - started
    cpu = time.process_time() - cpu
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    size = sum(path.stat().st_size for path in result.files)
    shutil.rmtree(folder, ignore_errors=True)
    database.dispose()
    return {"label": label, "bills": result.bills, "files": len(result.files), "wall": elapsed,
            "cpu_main": cpu, "cpu_workers": children.ru_utime + children.ru_stime,
            "rss_main_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
            "rss_worker_mb": children.ru_maxrss / 1024, "bytes": size, "progress_calls": len(calls),
            "last_progress": calls[-1] if calls else None, "cancelled": result.cancelled}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--bills", type=int, default=10_000)
    parser.add_argument("--url", help="a database URL (default: a new SQLite file); exported in place")
    parser.add_argument("--keep", help="SQLite file to seed once and reuse (each layout exports a copy of it)")
    parser.add_argument("--seed-only", action="store_true")
    parser.add_argument("--run", nargs=3, metavar=("URL", "LAYOUT", "LABEL"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.run:
        url, layout, label = args.run
        print(json.dumps(run(url, args.bills, layout == "combined", label)))
        return

    path = Path(args.keep) if args.keep else Path(tempfile.mkdtemp()) / "export.db"
    seed(args.url or f"sqlite:///{path}", args.bills)
    if args.seed_only:
        print("seeded and issued")
        return
    print(f"export of {args.bills:,} issued bills, {os.cpu_count()} cores", flush=True)
    for layout in ("each", "combined"):
        if args.url:
            url = args.url
        else:  # a fresh copy: the bills are not printed yet, so the first export is of originals
            work = Path(tempfile.mkdtemp()) / "run.db"
            shutil.copyfile(path, work)
            url = f"sqlite:///{work}"
        for label in ("originals", "copies"):
            output = subprocess.run([sys.executable, __file__, "--bills", str(args.bills), "--run", url, layout, label],
                                    check=True, capture_output=True, text=True).stdout
            figures = json.loads(output.strip().splitlines()[-1])
            wall = float(figures["wall"])
            print(f"  {layout:8} {label:9}: {figures['bills']:,} bills in {figures['files']:,} file(s), "
                  f"{float(figures['bytes']) / 1024 / 1024:,.0f} MiB; wall {wall:.1f} s = "
                  f"{int(figures['bills']) / wall:,.0f} bills/s; CPU main {float(figures['cpu_main']):.1f} s, "
                  f"workers {float(figures['cpu_workers']):.1f} s "
                  f"({(float(figures['cpu_main']) + float(figures['cpu_workers'])) / wall:.2f} cores busy); "
                  f"peak RSS main {float(figures['rss_main_mb']):.0f} MB, "
                  f"worker {float(figures['rss_worker_mb']):.0f} MB; "
                  f"progress called {figures['progress_calls']} times (last {figures['last_progress']})",
                  flush=True)
        if not args.url:
            Path(url.removeprefix("sqlite:///")).unlink(missing_ok=True)


if __name__ == "__main__":
    main()
