"""Render the dashboard and two reports offscreen into docs/screenshots/ (zh_CN, 1280×800, a demo company):
dashboard.png, report-revenue.png (收入（按月）, last 12 months) and report-aging.png (应收账龄).

    python tools/report_screenshots.py

The demo company (services.demo) issues all its bills today; so that the charts show a year, this throw-away
database dates each bill by its billing period (its guard against changing issued bills is lifted for that
one update — never do this to a real database).
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
OUT = ROOT / "docs" / "screenshots"
PASSWORD = "Benji-2026!"


def wait(app, condition, seconds: float = 60) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise SystemExit("timed out waiting for the GUI")
        app.processEvents()
        time.sleep(0.01)


def settle(app) -> None:  # type: ignore[no-untyped-def]
    for _ in range(30):
        app.processEvents()
        time.sleep(0.01)


def demo_database(home: Path):  # type: ignore[no-untyped-def]
    from sqlalchemy import text

    from desktop_app.db import open_url
    from desktop_app.schema import prepare
    from desktop_app.services.auth import log_in
    from desktop_app.services.company import CompanyDetails
    from desktop_app.services.context import Context
    from desktop_app.services.demo import fill_demo
    from desktop_app.services.setup import FirstAdmin, initialise

    database = open_url(f"sqlite+pysqlite:///{home / 'benji.db'}")
    prepare(database, home / "backups")
    initialise(Context(database), CompanyDetails(name="北京本机科技有限公司", tax_id="91110000600037341L"),
               FirstAdmin("zhangwei", "张伟", PASSWORD))
    user = log_in(Context(database), "zhangwei", PASSWORD)
    context = Context(database, user.actor())
    summary = fill_demo(context, today=date.today(), customers=240, confirm=PASSWORD)
    print(f"demo: {summary.customers} customers, {summary.bills} bills")
    with database.engine.begin() as connection:
        for (name,) in connection.execute(text("SELECT name FROM sqlite_master WHERE type = 'trigger' "
                                               "AND tbl_name = 'bills'")).all():
            connection.execute(text(f'DROP TRIGGER "{name}"'))
        connection.execute(text("UPDATE bills SET issue_date = period_start, due_date = date(period_start, '+30 day') "
                                "WHERE period_start IS NOT NULL AND issue_date IS NOT NULL "
                                "AND period_start <= issue_date"))
    return database, user, context


def main() -> None:
    home = Path(tempfile.mkdtemp(prefix="benji-report-shots-"))
    os.environ["BENJI_HOME"] = str(home)
    from PySide6.QtWidgets import QApplication

    from desktop_app.config import DatabaseProfile, DeviceConfig, Paths
    from desktop_app.views import i18n, look, ops
    from desktop_app.views.state import AppState

    app = QApplication([])
    look.apply(app)
    language = i18n.install("zh_CN")
    database, user, context = demo_database(home)
    state = AppState(Paths.default(), DeviceConfig(language="zh_CN", profile=DatabaseProfile(path=str(home))),
                     database=database, context=context, user=user, language=language)
    from desktop_app.views.main_window import MainWindow

    window = MainWindow(state)
    window.resize(1280, 800)
    window.show()
    OUT.mkdir(parents=True, exist_ok=True)
    dashboard = window.sections["home"]
    wait(app, lambda: dashboard.dashboard is not None and not ops.busy())
    settle(app)
    window.grab().save(str(OUT / "dashboard.png"))
    window.show_section("reports")
    reports = window.sections["reports"]
    for name, changes, file in (("revenue_by_period", {"period": "last-12-months"}, "report-revenue.png"),
                                ("aging", {}, "report-aging.png")):
        reports.show_report(name, changes)
        wait(app, lambda name=name: reports.snapshot is not None and reports.snapshot.name == name
             and not reports.running and not ops.busy())
        settle(app)
        window.grab().save(str(OUT / file))
    print(f"written: {OUT / 'dashboard.png'}, report-revenue.png, report-aging.png")
    window.close()
    ops.wait_idle()
    database.dispose()


if __name__ == "__main__":
    main()
