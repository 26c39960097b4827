"""Moving an embedded database to a LAN server at scale (prints figures; not a test).

    python bench/move_to_server.py --source FILE [--kind postgresql|mysql] [--admin-url URL] [--keep]

``--source`` is an embedded database to move, e.g. the 100,000 customers of
``python bench/customers.py --rows 100000 --keep /tmp/c100k.db`` or the 100,000 customers with a year of
bills, payments and usage of ``python bench/reports.py --keep /tmp/bench_reports.db --seed-only``. It is
only read. The script creates a new server database and its owner and app roles as the server's
administrator (``--admin-url``, default the local PostgreSQL or MariaDB of the CI machine), moves the source
there through ``services.move_to_server`` (copy, verification of every table's count and checksum, the audit
chain, grants) and prints the time, rows per second and the peak RSS; the server database and roles are
dropped afterwards unless ``--keep``. Issue 9, acceptance 4 (figures in docs/performance.md).
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

ADMIN_URLS = {"postgresql": "postgresql+psycopg://postgres@127.0.0.1:5432/postgres",
              "mysql": "mysql+pymysql://root@127.0.0.1:3306/?charset=utf8mb4"}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--source", required=True, help="the embedded database file to move (only read)")
    parser.add_argument("--kind", choices=sorted(ADMIN_URLS), default="postgresql")
    parser.add_argument("--admin-url", help="the server administrator's URL (default: the local server)")
    parser.add_argument("--keep", action="store_true", help="keep the server database and roles afterwards")
    args = parser.parse_args()

    from sqlalchemy import create_engine, make_url
    from sqlalchemy.pool import NullPool

    from desktop_app.db import open_url
    from desktop_app.services.context import Context
    from desktop_app.services.move_to_server import move_to_server
    from desktop_app.services.server_setup import ServerNames, create

    admin_url = make_url(args.admin_url or ADMIN_URLS[args.kind])
    suffix = str(os.getpid())
    names = ServerNames(database=f"benji_move_{suffix}", owner=f"benji_move_o_{suffix}", app=f"benji_move_a_{suffix}")
    owner_password = app_password = "Bench-move-1"
    create(admin_url, names, owner_password, app_password)
    source = open_url(f"sqlite+pysqlite:///{Path(args.source).resolve()}")
    target = open_url(admin_url.set(database=names.database, username=names.owner, password=owner_password))
    marks: list[tuple[float, int]] = []

    def progress(done: int, total: int, table: str) -> None:
        if not marks or done - marks[-1][1] >= max(total // 10, 1) or done == total:
            marks.append((time.perf_counter(), done))
            print(f"  {done:>10,} / {total:,} rows  {time.perf_counter() - started:6.1f} s  {table}", flush=True)

    try:
        started = time.perf_counter()
        report = move_to_server(Context(source), target, names, progress=progress)
        elapsed = time.perf_counter() - started
    finally:
        source.dispose()
        target.dispose()
        if not args.keep:
            engine = create_engine(admin_url, isolation_level="AUTOCOMMIT", poolclass=NullPool)
            with engine.connect() as connection:
                if args.kind == "postgresql":
                    connection.exec_driver_sql(f"DROP DATABASE IF EXISTS {names.database}")
                    for role in (names.app, names.owner):
                        connection.exec_driver_sql(f"DROP ROLE IF EXISTS {role}")
                else:
                    connection.exec_driver_sql(f"DROP DATABASE IF EXISTS `{names.database}`")
                    for role in (names.app, names.owner):
                        connection.exec_driver_sql(f"DROP USER IF EXISTS '{role}'@'%%'")
            engine.dispose()
    big = sorted(report.counts.items(), key=lambda item: -item[1])[:6]
    print(f"source: {args.source} ({Path(args.source).stat().st_size / 1e6:,.0f} MB); target {args.kind}")
    print(f"moved {report.rows:,} rows in {report.tables} tables, verified (counts, checksums, audit chain "
          f"{report.audit_entries:,} entries): {elapsed:.1f} s = {report.rows / elapsed:,.0f} rows/s")
    print("largest tables: " + ", ".join(f"{name} {count:,}" for name, count in big))
    print(f"customers: {report.counts.get('customers', 0):,}; peak RSS "
          f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:,.0f} MB")


if __name__ == "__main__":
    main()
