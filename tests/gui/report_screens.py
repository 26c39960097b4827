"""What the report screen tests share: the seeded figures (a small sample, and a year of a showcase for the
screenshots), the reports page of a user with the clock at 2026-04-30 noon, waiting for a report, reading cells,
the service's own snapshot to compare with, screenshots."""

from __future__ import annotations

import os
import sys
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from screens import settle, state_for

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "services"))
from report_samples import Line, at, bill, noon, payment

from desktop_app.services.customers import CustomerInput, create_customer
from desktop_app.services.reports import ReportFilter, parse_period, run_report

D = Decimal
TODAY = date(2026, 4, 30)
SHOTS = Path(os.environ.get("BENJI_REPORT_SHOTS", "/tmp/reports_png"))


def seed_sample(org: dict[str, Any]) -> dict[str, Any]:
    """Three customers (two of north1, one of south1 at tier gold) and their bills of January–March 2026, a
    credit note, a payment; the clerk writes them at noon on 2026-04-30."""
    contexts = org["contexts"]
    clerk = at(contexts["clerk"], noon(TODAY))
    star = create_customer(contexts["north1"], CustomerInput(name="北京星河科技有限公司"))[0]
    sail = create_customer(contexts["north1"], CustomerInput(name="天津云帆网络有限公司"))[0]
    canton = create_customer(contexts["south1"], CustomerInput(name="广州电子有限公司", tier="gold"))[0]
    january = bill(clerk, star.id, date(2026, 1, 15), [Line("1234.50")], due=date(2026, 2, 14))
    february = bill(clerk, sail.id, date(2026, 2, 10), [Line("2000.00", "0.09")], due=date(2026, 3, 12))
    bill(clerk, canton.id, date(2026, 3, 5), [Line("3000.00")], due=date(2026, 4, 4))
    bill(clerk, star.id, date(2026, 3, 20), [Line("500.00", "0.13")], due=date(2026, 4, 19))
    bill(clerk, star.id, date(2026, 3, 25), [Line("100.00")], kind="credit_note", original=january)
    payment(clerk, sail.id, "2000.00", date(2026, 3, 1), settles=[(february, "2000.00")])
    return {**org, "customers": {"star": star.id, "sail": sail.id, "canton": canton.id}}


def open_page(qtbot: Any, org: dict[str, Any], who: str, paths: Any, report: str = "revenue_by_period",
              changes: dict[str, Any] | None = None) -> Any:
    from desktop_app.views.pages.reports import ReportsPage

    state = state_for(org, who, paths)
    state.context = at(state.context, noon(TODAY))
    page = ReportsPage(state)
    qtbot.addWidget(page)
    page.resize(1280, 800)
    page.show_report(report, changes or {})
    page.show()
    wait_for(qtbot, page, report)
    return page


def wait_for(qtbot: Any, page: Any, report: str) -> Any:
    qtbot.waitUntil(lambda: page.snapshot is not None and page.snapshot.name == report and not page.running,
                    timeout=20_000)
    settle(qtbot)
    return page.snapshot


def texts(page: Any, column: int) -> list[str]:
    return [page.model.text(row, column) for row in range(page.model.rowCount())]


def shot(widget: Any, name: str) -> None:
    from PySide6.QtWidgets import QApplication

    QApplication.processEvents()  # the layout of the report just shown
    SHOTS.mkdir(parents=True, exist_ok=True)
    widget.grab().save(str(SHOTS / f"{name}.png"))


def service(org: dict[str, Any], who: str, report: str, period: str, **changes: Any) -> Any:
    context = at(org["contexts"][who], noon(TODAY))
    return run_report(context, report, ReportFilter(parse_period(period, TODAY), **changes))


def audited(org: dict[str, Any], action: str) -> int:
    from desktop_app.services.audit import AuditFilter, list_entries

    return len(list_entries(org["contexts"]["admin"], AuditFilter(action=action)))


SHOWCASE = (  # name, owner, tier, monthly gross, the bills issued before this day are paid
    ("北京星河科技有限公司", "north1", "gold", "12345.60", date(2026, 3, 1)),
    ("天津云帆网络有限公司", "north1", "standard", "8600.00", date(2026, 4, 1)),
    ("河北远景信息有限公司", "north2", "silver", "5230.50", date(2025, 12, 1)),
    ("广州电子有限公司", "south1", "platinum", "18800.00", date(2026, 5, 1)),
    ("深圳海岸通信有限公司", "south1", "standard", "3999.90", date(2026, 2, 1)),
    ("上海申城数据服务有限公司", "north2", "gold", "9680.00", date(2026, 4, 1)),
)


def seed_showcase(org: dict[str, Any]) -> dict[str, Any]:
    """Six customers billed every month from May 2025 to April 2026 (growing 3 % a month, 70 % at 6 % and the
    rest usage at 9 %), each having paid its bills up to a day, so the receivables spread over the buckets."""
    contexts = org["contexts"]
    clerk = at(contexts["clerk"], noon(TODAY))
    for position, (name, owner, tier, monthly, paid_before) in enumerate(SHOWCASE):
        customer = create_customer(contexts[owner], CustomerInput(name=name, tier=tier))[0]
        for index in range(12):
            month = date(2025 + (4 + index) // 12, (4 + index) % 12 + 1, 1)
            gross = (D(monthly) * (D("1.03") ** index)).quantize(D("0.01"))
            issued = month.replace(day=5 + position)
            due = date(issued.year + issued.month // 12, issued.month % 12 + 1, issued.day)
            service_part = (gross * D("0.7")).quantize(D("0.01"))
            lines = [Line(str(service_part)), Line(str(gross - service_part), "0.09", product="voice", kind="usage")]
            bill_id = bill(clerk, customer.id, issued, lines, due=due)
            if issued < paid_before:
                payment(clerk, customer.id, str(gross), min(due, TODAY), ("bank", "alipay", "wechat")[index % 3],
                        settles=[(bill_id, str(gross))])
    return org
