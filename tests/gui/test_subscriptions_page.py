"""The Subscriptions section (订阅) in zh_CN on SQLite: every subscription the user may see (admin all, a
salesperson their own customers'), the filters by status, plan and text, paging as the table scrolls, and
opening one: its customer's dialog on the Subscriptions tab with that subscription selected.

Set BENJI_SCREENSHOTS to a folder to keep the screenshot (subs_page.png) there as well."""

from __future__ import annotations

import os
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from screens import settle, state_for

from desktop_app.services.bill_runs import run_bills
from desktop_app.services.catalog import ProductInfo, save_product
from desktop_app.services.customers import CustomerInput, create_customer
from desktop_app.services.plans import create_plan, publish
from desktop_app.services.subscription_changes import pause
from desktop_app.services.subscriptions import create_subscription, list_subscriptions

pytestmark = pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
MARCH = date(2026, 3, 1)


def _plan(base: str, trial_days: int = 0) -> dict[str, Any]:
    return {"trial_days": trial_days, "charges": [
        {"kind": "recurring", "code": "base", "name": "月租", "product": "svc", "price": base, "interval": "month"},
        {"kind": "seat", "code": "seat", "name": "用户", "product": "svc", "price": "30.00", "interval": "month"}]}


@pytest.fixture
def shop(org: dict[str, Any]) -> dict[str, Any]:
    """Four subscriptions: 北京 (north1) on 团队版 ×2 (one paused) and 专业版 on trial; 广州 (south1) on 专业版."""
    admin, north1, south1 = (org["contexts"][who] for who in ("admin", "north1", "south1"))
    save_product(admin, ProductInfo(0, "svc", "软件服务", unit="月", tax_rate="0.06"))
    plans = {}
    for code, name, definition in (("team", "团队版", _plan("99.00")), ("pro", "专业版", _plan("159.00", 14))):
        plan, _, _ = create_plan(admin, code, name, "", definition)
        publish(admin, plan.id)
        plans[code] = plan.id
    mine, _ = create_customer(north1, CustomerInput(name="北京星河科技有限公司"))
    theirs, _ = create_customer(south1, CustomerInput(name="广州电子有限公司"))
    subs = [create_subscription(who, customer.id, start, plan_id=plans[plan], seats=seats)[0]
            for who, customer, plan, start, seats in (
                (north1, mine, "team", MARCH, 5), (north1, mine, "team", MARCH, 2),
                (south1, theirs, "pro", date(2026, 4, 1), 3), (north1, mine, "pro", date(2026, 11, 20), 1))]
    pause(north1, subs[1].id, date(2026, 3, 16), version=subs[1].version, preview=False)
    run_bills(org["contexts"]["clerk"], date(2026, 4, 1))  # March and April in advance
    return {**org, "plans": plans, "subs": subs, "mine": mine.id}


def cell(model: Any, row: int, column: int) -> str:
    return str(model.data(model.index(row, column), Qt.ItemDataRole.DisplayRole))


def open_page(qtbot: Any, shop: dict[str, Any], who: str, paths: Any) -> Any:
    from desktop_app.views.pages.subscriptions import SubscriptionsPage

    page = SubscriptionsPage(state_for(shop, who, paths))
    qtbot.addWidget(page)
    page.resize(1280, 520)
    page.show()
    settle(qtbot)
    return page


def codes(page: Any) -> list[str]:
    return [page.model.rows[row].code for row in range(page.model.rowCount())]


def test_every_subscription_the_user_may_see_with_its_columns(qtbot, qtmodeltester, shop, benji_paths, chinese,  # type: ignore[no-untyped-def]
                                                             tmp_path: Path) -> None:
    from desktop_app.views.change_plan_dialog import plan_label, status_name

    subs = shop["subs"]
    page = open_page(qtbot, shop, "admin", benji_paths)
    assert codes(page) == [s.code for s in reversed(subs)]  # newest first
    qtmodeltester.check(page.model)
    headers = [page.model.headerData(c, Qt.Orientation.Horizontal) for c in range(page.model.columnCount())]
    assert headers == [page.tr(text) for text in ("Code", "Customer", "Plan", "Status", "Start", "Trial end", "Seats",
                                                  "Billed until")]  # zh_CN once /tmp/zh_subs_page.py is merged
    trial, paused = page.model.rows.index(next(r for r in page.model.rows if r.id == subs[3].id)), \
        page.model.rows.index(next(r for r in page.model.rows if r.id == subs[1].id))
    assert [cell(page.model, trial, c) for c in range(8)] == [
        subs[3].code, "北京星河科技有限公司", plan_label("专业版", 1), status_name("trial"), "2026-11-20",
        "2026-12-04", "1", ""]
    assert status_name("trial") == "试用" and status_name("paused") == "暂停"
    assert cell(page.model, paused, 3) == "暂停" and "2026-03-16" in page.model.data(
        page.model.index(paused, 3), Qt.ItemDataRole.ToolTipRole)
    billed = next(r for r in list_subscriptions(shop["contexts"]["admin"]) if r.id == subs[0].id).billed_until
    assert billed == date(2026, 5, 1)  # April billed in advance
    first = page.model.rows.index(next(r for r in page.model.rows if r.id == subs[0].id))
    assert cell(page.model, first, 7) == (billed - timedelta(days=1)).isoformat() == "2026-04-30"
    assert page.count.text() == page.tr("{0} subscriptions").format(4)
    assert page.plan.count() == 3 and not page.plan.isHidden()  # all plans, 团队版, 专业版
    image = page.grab()
    for folder in (Path("/tmp"), tmp_path, Path(os.environ.get("BENJI_SCREENSHOTS") or tmp_path)):
        image.save(str(folder / "subs_page.png"))

    north1 = open_page(qtbot, shop, "north1", benji_paths)  # their own customers' subscriptions only
    assert codes(north1) == [subs[3].code, subs[1].code, subs[0].code]
    north1.search.setText("广州")
    qtbot.waitUntil(lambda: north1.model.rowCount() == 0, timeout=5_000)


def test_the_filters(qtbot, shop, benji_paths, chinese) -> None:  # type: ignore[no-untyped-def]
    subs = shop["subs"]
    page = open_page(qtbot, shop, "admin", benji_paths)
    page.status.setCurrentIndex(page.status.findData("paused"))
    qtbot.waitUntil(lambda: codes(page) == [subs[1].code], timeout=5_000)
    page.status.setCurrentIndex(0)
    page.plan.setCurrentIndex(page.plan.findData(shop["plans"]["pro"]))
    qtbot.waitUntil(lambda: codes(page) == [subs[3].code, subs[2].code], timeout=5_000)
    page.search.setText("广州")  # the customer's name
    qtbot.waitUntil(lambda: codes(page) == [subs[2].code], timeout=5_000)
    page.plan.setCurrentIndex(0)
    page.search.setText(subs[1].code.lower())  # the subscription's code, any case
    qtbot.waitUntil(lambda: codes(page) == [subs[1].code], timeout=5_000)
    page.search.clear()
    page.status.setCurrentIndex(page.status.findData("ended"))
    qtbot.waitUntil(lambda: page.model.rowCount() == 0, timeout=5_000)
    settle(qtbot)
    assert page.count.text() == page.tr("{0} subscriptions").format(0)


def test_more_load_as_the_table_scrolls(qtbot, qtmodeltester, shop, benji_paths, chinese,  # type: ignore[no-untyped-def]
                                        monkeypatch) -> None:
    from desktop_app.services import subscriptions as service
    from desktop_app.views.pages import subscriptions

    monkeypatch.setattr(subscriptions, "PAGE", 3)  # 4 subscriptions: pages of 3 and 1
    asked: list[Any] = []
    listed = service.list_subscriptions

    def recorded(context, **kwargs):  # type: ignore[no-untyped-def]
        asked.append((kwargs["limit"], kwargs["before_code"]))
        return listed(context, **kwargs)

    monkeypatch.setattr(service, "list_subscriptions", recorded)
    page = open_page(qtbot, shop, "admin", benji_paths)
    page.resize(1280, 200)

    def scrolled_to_the_end() -> bool:
        page.table.scrollToBottom()
        return page.model.rowCount() == 4

    qtbot.waitUntil(scrolled_to_the_end, timeout=10_000)
    settle(qtbot)
    assert codes(page) == [s.code for s in reversed(shop["subs"])] and not page.model.canFetchMore()
    assert asked == [(3, None), (3, codes(page)[2])]
    qtmodeltester.check(page.model)


def test_double_click_opens_the_customer_on_its_subscriptions_tab(qtbot, shop, benji_paths, chinese) -> None:  # type: ignore[no-untyped-def]
    from desktop_app.views.main_window import MainWindow

    window = MainWindow(state_for(shop, "north1", benji_paths))
    qtbot.addWidget(window)
    assert list(window.sections)[:4] == ["home", "customers", "subscriptions", "products"]
    window.show()
    window.show_section("subscriptions")
    page = window.sections["subscriptions"]
    settle(qtbot)
    target = shop["subs"][1]
    row = codes(page).index(target.code)
    rect = page.table.visualRect(page.model.index(row, 1))
    qtbot.mouseClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    dialog = page.dialog
    assert dialog is not None and dialog.customer_id == shop["mine"]
    qtbot.waitUntil(lambda: dialog.isVisible() and dialog.subscriptions.model.rowCount() == 3, timeout=5_000)
    settle(qtbot)
    tab = dialog.subscriptions
    assert dialog.tabs.currentWidget() is tab
    assert tab.selected() is not None and tab.selected().info.id == target.id
    assert tab.change_buttons["resume"].isEnabled()  # the paused one, ready to be changed
    dialog.close()
    window.close()

    auditor = MainWindow(state_for(shop, "auditor", benji_paths))  # sees subscriptions; the section is there
    qtbot.addWidget(auditor)
    assert "subscriptions" in auditor.sections
    settle(qtbot)
    auditor.close()
