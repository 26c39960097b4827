"""The customer list window on a big database, as a user meets it (prints figures; not a test).

    python bench/customer_window.py --db FILE [--login admin --password Bench-pass-1]

Run ``bench/customers.py --keep FILE`` first to seed the database. Opens the real CustomersPage offscreen
(QT_QPA_PLATFORM=offscreen) as that user and measures:
  * first rows: from creating the page to the first page of rows in the table,
  * count: until the "N customers" label shows the total,
  * scroll: ten scrolls to the end of the table (each loads the next page), median per page,
  * search: typing a pinyin query to its first rows (after the search box's 250 ms pause, not counted),
and the process's resident memory (RSS) at the end and at its peak. Targets (issue 4): first rows
< 100 ms, scroll < 20 ms a page, RSS < 250 MB.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", required=True, help="SQLite file seeded by bench/customers.py --keep")
    parser.add_argument("--url", help="a server database URL instead of --db")
    parser.add_argument("--login", default="admin")
    parser.add_argument("--password", default="Bench-pass-1")
    args = parser.parse_args()

    from PySide6.QtWidgets import QApplication

    from desktop_app.config import DatabaseProfile, DeviceConfig, Paths
    from desktop_app.db import open_url
    from desktop_app.services.auth import log_in
    from desktop_app.services.context import Context
    from desktop_app.views import look, ops
    from desktop_app.views.pages.customers import CustomersPage
    from desktop_app.views.state import AppState

    app = QApplication(sys.argv)
    look.apply(app)
    database = open_url(args.url or f"sqlite:///{args.db}")
    user = log_in(Context(database), args.login, args.password)
    state = AppState(Paths.default(), DeviceConfig(profile=DatabaseProfile(path=args.db)))
    state.database, state.context, state.user = database, Context(database, user.actor()), user
    from desktop_app.views.login import preload

    preload()  # as the app does while the password is typed
    print(f"before the window: RSS {rss_mb():.0f} MB", flush=True)

    def wait(condition, timeout: float = 60.0) -> float:  # type: ignore[no-untyped-def]
        started = time.perf_counter()
        while not condition():
            app.processEvents()
            if time.perf_counter() - started > timeout:
                raise TimeoutError
            time.sleep(0.0005)
        return (time.perf_counter() - started) * 1000

    started = time.perf_counter()
    page = CustomersPage(state)
    page.resize(1200, 800)
    page.show()
    wait(lambda: page.model.rowCount() > 0)
    first_rows = (time.perf_counter() - started) * 1000
    wait(lambda: any(ch.isdigit() for ch in page.count.text()))
    counted = (time.perf_counter() - started) * 1000
    scrolls = []
    for _ in range(10):
        shown = page.model.rowCount()
        began = time.perf_counter()
        page.table.scrollToBottom()
        wait(lambda s=shown: page.model.rowCount() > s)
        app.processEvents()
        scrolls.append((time.perf_counter() - began) * 1000)
    searches = []
    for query in ("bjkj", "wuliu", "dfcc", "shkj", "8888"):
        ops.wait_idle()  # the previous search's count
        page.search.setText(query)
        page._debounce.stop()
        began = time.perf_counter()
        page.reload()
        generation = page._generation
        wait(lambda g=generation: page._generation == g and page._shown is not None
             and page._shown[0].text == page.search.text())  # its first rows are in the table
        searches.append((time.perf_counter() - began) * 1000)
    ops.wait_idle()
    print(f"{page.count.text()}: first rows {first_rows:.0f} ms, count shown {counted:.0f} ms, "
          f"scroll median {statistics.median(scrolls):.1f} ms a page, "
          f"search median {statistics.median(searches):.0f} ms")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"RSS now {rss_mb():.0f} MB, peak {peak:.0f} MB", flush=True)
    database.dispose()


if __name__ == "__main__":
    main()
