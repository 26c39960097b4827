"""The dashboard (the home screen) in zh_CN on a seeded SQLite database: the cards read as the service computes
them (¥1,234.50), the charts hold their series and months, a salesperson sees only their customers, a user
without reports.view sees the welcome only, and every figure opens the list behind it."""

from __future__ import annotations

import json
import sys
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCharts import QBarCategoryAxis, QBarSeries, QLineSeries, QPieSeries
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QFontMetrics
from screens import settle, state_for

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "services"))
from report_samples import Line, at, bill, noon, payment  # the report tests' seeding

from desktop_app.documents.report_snapshot import Chart, Drill, Label, Series
from desktop_app.services.access import RoleGrants
from desktop_app.services.auth import log_in
from desktop_app.services.context import Context
from desktop_app.services.customers import CustomerInput, create_customer
from desktop_app.services.reports.dashboard import load_dashboard
from desktop_app.services.roles import copy_role, list_roles, save_role
from desktop_app.services.users import UserInput, create_user
from desktop_app.views.charts import axis_categories, axis_text, chart_view, nice_ticks
from desktop_app.views.report_format import format_value

SQLITE = pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
D = Decimal
TODAY = date(2026, 10, 15)
OCTOBER = (date(2026, 10, 1), date(2026, 11, 1))
ADMIN_PASSWORD, PASSWORD = "Str0ng-pass!", "Team-pass-2026"


def line(gross: str, rate: str = "0.06") -> Line:
    return Line(gross, rate, product="svc", period_start=OCTOBER[0], period_end=OCTOBER[1])


@pytest.fixture
def seeded(org: dict[str, Any]) -> dict[str, Any]:
    """north1 owns 星河 (created in September) and 云帆 (October), south1 owns 广州 (October), the admin 上海
    (2025). October: 1,234.50 + 2,000.00 + 3,456.78 − 100.00 (credit note) + 99.00 billed; 500.00 and
    3,356.78 collected; 星河's September bill of 800.00 is overdue."""
    admin, north1, south1 = (org["contexts"][who] for who in ("admin", "north1", "south1"))

    def customer(who: Context, name: str, created: date) -> int:
        return create_customer(at(who, noon(created)), CustomerInput(name=name))[0].id

    xinghe = customer(north1, "北京星河科技有限公司", date(2026, 9, 20))
    yunfan = customer(north1, "天津云帆网络有限公司", date(2026, 10, 2))
    guangzhou = customer(south1, "广州电子有限公司", date(2026, 10, 5))
    shanghai = customer(admin, "上海申达贸易有限公司", date(2025, 6, 1))
    bill(admin, xinghe, date(2026, 10, 8), [line("1234.50")], due=date(2026, 11, 7))
    bill(admin, xinghe, date(2026, 9, 5), [Line("800.00")], due=date(2026, 9, 30))
    cloud = bill(admin, yunfan, date(2026, 10, 10), [line("2000.00", "0.09")], due=date(2026, 11, 9))
    payment(admin, yunfan, "500.00", date(2026, 10, 12), "wechat", settles=[(cloud, "500.00")])
    south = bill(admin, guangzhou, date(2026, 10, 3), [line("3456.78")], due=date(2026, 11, 2))
    bill(admin, guangzhou, date(2026, 10, 9), [Line("100.00")], kind="credit_note", original=south)
    payment(admin, guangzhou, "3356.78", date(2026, 10, 11), "alipay", settles=[(south, "3356.78")])
    year_ago = bill(admin, guangzhou, date(2025, 10, 20), [Line("1000.00")], due=date(2025, 11, 19))
    payment(admin, guangzhou, "1000.00", date(2025, 10, 25), "bank", settles=[(year_ago, "1000.00")])
    bill(admin, shanghai, date(2026, 10, 14), [line("99.00", "0.09")], due=date(2026, 11, 13))
    return {**org, "customers": {"xinghe": xinghe, "yunfan": yunfan, "guangzhou": guangzhou, "shanghai": shanghai}}


def on_day(state: Any) -> Any:
    state.context = at(state.context, noon(TODAY))
    state.language = "zh_CN"
    return state


def home_of(qtbot: Any, org: dict[str, Any], who: str, paths: Path) -> Any:
    from desktop_app.views.pages.home import HomePage

    page = HomePage(on_day(state_for(org, who, paths)))
    qtbot.addWidget(page)
    page.resize(1090, 760)
    page.show()
    if page.shows_dashboard:
        qtbot.waitUntil(lambda: page.dashboard is not None, timeout=15_000)
    settle(qtbot)
    return page


def window_of(qtbot: Any, org: dict[str, Any], who: str, paths: Path) -> Any:
    from desktop_app.views.main_window import MainWindow

    window = MainWindow(on_day(state_for(org, who, paths)))
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    home = window.sections["home"]
    qtbot.waitUntil(lambda: home.dashboard is not None, timeout=15_000)
    settle(qtbot)
    return window


def card_texts(page: Any) -> dict[str, tuple[str, str, str]]:
    return {card.card.key: (card.title.text(), card.value.text(), card.detail.text()) for card in page.cards}


@SQLITE
def test_the_dashboard_in_chinese_shows_the_service_figures_formatted(  # type: ignore[no-untyped-def]
        qtbot, seeded, benji_paths, chinese, tmp_path) -> None:
    page = home_of(qtbot, seeded, "admin", benji_paths)
    service = load_dashboard(at(seeded["contexts"]["admin"], noon(TODAY)))
    texts = card_texts(page)
    # every card as the service computed it, written by format_value
    assert list(texts) == [card.key for card in service.cards]
    for card in service.cards:
        assert texts[card.key] == (card.label.zh, format_value(card.value, card.kind), card.detail.zh if card.detail
                                   else "")
    # and the figures to the fen, as seeded
    assert texts["revenue_month"][:2] == ("本月收入（价税合计）", "¥6,690.28")
    assert "上月 ¥800.00" in texts["revenue_month"][2] and "去年同月 ¥1,000.00" in texts["revenue_month"][2]
    assert texts["overdue"][1:] == ("¥800.00", "1 张账单已过到期日")
    assert texts["payments_month"][1] == "¥3,856.78"
    assert texts["new_customers"][1:] == ("2", "上月 1")
    assert texts["mrr"][1] == format_value(next(c.value for c in service.cards if c.key == "mrr"), "money")
    assert page.title.text() == "欢迎，管理员"
    qtbot.waitUntil(lambda: page.company_name.text() == "北京本机科技有限公司", timeout=5_000)

    # the charts: one view per chart of the service, with its series and the last twelve months
    assert [view.source.key for view in page.charts] == [chart.key for chart in service.charts]
    months = ("2025-11", "2025-12", *(f"2026-{month:02d}" for month in range(1, 11)))
    revenue = page.charts[0]
    bars = revenue.chart().series()
    assert len(bars) == 1 and isinstance(bars[0], QBarSeries) and bars[0].count() == 2
    assert [bars[0].barSets()[i].label() for i in range(2)] == ["本期", "上年同期"]
    assert bars[0].barSets()[0].at(11) == pytest.approx(6690.28) and bars[0].barSets()[0].at(10) == 800.0
    axis = next(a for a in revenue.chart().axes(Qt.Orientation.Horizontal) if isinstance(a, QBarCategoryAxis))
    assert revenue.source.categories == months and axis.categories() == revenue.labels
    assert axis.categories()[-1] == "10月" and "2026" in "".join(axis.categories())
    assert revenue.chart().title() == "收入（近12个月，价税合计）"
    mrr = page.charts[1]
    assert isinstance(mrr.chart().series()[0], QLineSeries) and mrr.chart().series()[0].count() == 12
    pie = next(view for view in page.charts if view.source.key == "payments_by_method")
    slices = pie.chart().series()[0]
    assert isinstance(slices, QPieSeries)
    assert sorted(piece.label() for piece in slices.slices()) == sorted([
        "支付宝<br>¥3,356.78 (87.0%)", "微信支付<br>¥500.00 (13.0%)"])
    # the top customers of the last twelve months, the revenue formatted
    rows = [[page.top.item(row, column).text() for column in range(3)] for row in range(page.top.rowCount())]
    assert rows == [["1", "广州电子有限公司", "¥3,356.78"], ["2", "北京星河科技有限公司", "¥2,034.50"],
                    ["3", "天津云帆网络有限公司", "¥2,000.00"], ["4", "上海申达贸易有限公司", "¥99.00"]]
    assert page.top_title.text() == "近12个月收入前十的客户"
    # the shipped CJK font draws the Chinese of the cards (no empty boxes)
    metrics = QFontMetrics(page.cards[0].title.font())
    assert all(metrics.inFontUcs4(ord(ch)) for ch in "本月收入逾期未收新客户")
    shot = tmp_path / "dashboard.png"
    page.grab().save(str(shot))
    assert shot.stat().st_size > 20_000


@SQLITE
def test_a_salesperson_sees_only_their_customers(qtbot, seeded, benji_paths, chinese) -> None:  # type: ignore[no-untyped-def]
    page = home_of(qtbot, seeded, "north1", benji_paths)
    texts = card_texts(page)
    assert texts["revenue_month"][1] == "¥3,234.50"  # 星河 1,234.50 + 云帆 2,000.00: not 广州, not 上海
    assert texts["payments_month"][1] == "¥500.00"
    assert texts["overdue"][1] == "¥800.00" and texts["new_customers"][1] == "1"
    names = [page.top.item(row, 1).text() for row in range(page.top.rowCount())]
    assert names == ["北京星河科技有限公司", "天津云帆网络有限公司"]
    assert page.charts[0].chart().series()[0].barSets()[0].at(11) == pytest.approx(3234.50)
    south = home_of(qtbot, seeded, "south1", benji_paths)
    assert card_texts(south)["revenue_month"][1] == "¥3,356.78"
    assert card_texts(south)["overdue"][1:] == ("¥0.00", "0 张账单已过到期日")


def sales_variant(seeded: dict[str, Any], login: str, change: Any) -> str:
    """A salesperson of 华北组 whose role is Sales changed by ``change(grants dict)``; returns the login."""
    admin = seeded["contexts"]["admin"]
    sales = next(role for role in list_roles(admin) if role.name == "Sales")
    role, _ = copy_role(admin, sales.id, f"Sales for {login}")
    grants = json.loads(sales.grants.to_json())
    change(grants)
    save_role(admin, role.id, role.name, "", RoleGrants.from_dict(grants), role.version, confirm=ADMIN_PASSWORD)
    create_user(admin, UserInput(login, f"销售{login}", "13800000009", f"{login}@benji.cn",
                                 seeded["departments"]["north"], None, (role.id,)), PASSWORD, confirm=ADMIN_PASSWORD)
    user = log_in(Context(admin.database), login, PASSWORD)
    seeded["contexts"][login] = Context(admin.database, user.actor())
    return login


@SQLITE
def test_without_reports_view_only_the_welcome_and_the_facts(  # type: ignore[no-untyped-def]
        qtbot, seeded, benji_paths, chinese, monkeypatch) -> None:
    who = sales_variant(seeded, "north3", lambda grants: grants.pop("reports"))
    called: list[Any] = []
    monkeypatch.setattr("desktop_app.services.reports.dashboard.load_dashboard", lambda *args: called.append(args))
    page = home_of(qtbot, seeded, who, benji_paths)
    qtbot.waitUntil(lambda: page.company_name.text() == "北京本机科技有限公司", timeout=5_000)
    assert not page.shows_dashboard and page.cards == [] and page.charts == [] and called == []
    assert page.refresh_button.isHidden() and page.top_panel.isHidden()
    assert page.title.text() == "欢迎，销售north3" and "销售north3 (north3)" in page.user_name.text()


@SQLITE
def test_hidden_amounts_leave_the_counts_and_say_why(qtbot, seeded, benji_paths, chinese) -> None:  # type: ignore[no-untyped-def]
    def hide(grants: dict[str, Any]) -> None:
        for resource in ("bills", "payments"):
            grants[resource]["fields"] = {"amount": "hidden"}

    page = home_of(qtbot, seeded, sales_variant(seeded, "north4", hide), benji_paths)
    assert list(card_texts(page)) == ["new_customers"] and card_texts(page)["new_customers"][1] == "0"
    assert all(view.source.value_kind != "money" for view in page.charts)
    assert page.top_panel.isHidden() and "您的角色不显示金额。" in page.notes.text()


@SQLITE
def test_clicking_a_figure_opens_the_list_behind_it(qtbot, seeded, benji_paths, chinese) -> None:  # type: ignore[no-untyped-def]
    window = window_of(qtbot, seeded, "admin", benji_paths)
    home = window.sections["home"]
    assert window.stack.currentWidget() is home
    cards = {card.card.key: card for card in home.cards}
    # overdue: the bill list, overdue only (by the database's today, which the list counts from) → with
    # 星河's September bill
    qtbot.mouseClick(cards["overdue"], Qt.MouseButton.LeftButton)
    bills = window.sections["bills"]
    assert window.stack.currentWidget() is bills and bills.overdue.isChecked()
    qtbot.waitUntil(lambda: bills.filter_data()["overdue"] and bills._shown == bills.filter_data(), timeout=5_000)
    rows = bills.model.rows
    assert all(row.due_date < bills.today and row.status in ("issued", "partially_paid") for row in rows)
    assert (seeded["customers"]["xinghe"], D("800.00")) in [(row.customer_id, row.total_gross) for row in rows]
    # a top customer: their detail over the screen
    window.show_section("home")
    cell = home.top.visualItemRect(home.top.item(1, 1)).center()
    qtbot.mouseClick(home.top.viewport(), Qt.MouseButton.LeftButton, pos=cell)
    customers = window.sections["customers"]
    assert customers.dialog is not None and customers.dialog.customer_id == seeded["customers"]["xinghe"]
    customers.dialog.close()
    # revenue this month: the bill register of October in the reports section
    window.show_section("home")
    qtbot.mouseClick(cards["revenue_month"], Qt.MouseButton.LeftButton)
    reports = window.sections["reports"]
    assert window.stack.currentWidget() is reports and reports.name == "bill_register"
    assert reports.filters.spec()["period"] == "2026-10"
    settle(qtbot)
    # new customers this month: the customer report of this month (the list has no creation-date filter)
    window.show_section("home")
    cards["new_customers"].setFocus()
    qtbot.keyClick(cards["new_customers"], Qt.Key.Key_Return)
    assert window.stack.currentWidget() is reports and reports.name == "customers"
    settle(qtbot)
    # a month of the revenue chart: the bill register of that month
    window.show_section("home")
    revenue = home.charts[0]
    qtbot.mouseClick(revenue.viewport(), Qt.MouseButton.LeftButton, pos=revenue.point_of(10).toPoint() + QPoint(0, 5))
    assert window.stack.currentWidget() is reports and reports.name == "bill_register"
    assert reports.filters.spec()["period"] == "2026-09"
    settle(qtbot)
    # F5 on the home screen computes the figures again (the reports page's own F5 is hidden with its page)
    window.show_section("home")
    before = home.dashboard
    window.activateWindow()
    qtbot.waitUntil(lambda: window.isActiveWindow(), timeout=5_000)
    qtbot.keyClick(home.cards[0], Qt.Key.Key_F5)
    qtbot.waitUntil(lambda: home.dashboard is not before, timeout=10_000)
    settle(qtbot)


@SQLITE
def test_a_change_reloads_the_figures_and_refresh_recomputes(  # type: ignore[no-untyped-def]
        qtbot, seeded, benji_paths, chinese) -> None:
    from desktop_app.services.changes import Changes

    page = home_of(qtbot, seeded, "admin", benji_paths)
    first = page.dashboard
    bill(seeded["contexts"]["admin"], seeded["customers"]["shanghai"], date(2026, 10, 15), [line("1.00")])
    page.state.publish(Changes(billing=True))
    qtbot.waitUntil(lambda: page.dashboard is not first, timeout=10_000)
    assert card_texts(page)["revenue_month"][1] == "¥6,691.28"
    second = page.dashboard
    page.state.publish(Changes(catalog=True))  # nothing the dashboard shows
    settle(qtbot)
    assert page.dashboard is second
    page.refresh_button.click()
    qtbot.waitUntil(lambda: page.dashboard is not second, timeout=10_000)
    assert card_texts(page)["revenue_month"][1] == "¥6,691.28"


@SQLITE
def test_a_failing_dashboard_says_so_on_the_page(qtbot, seeded, benji_paths, chinese, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from desktop_app.errors import PermissionDenied

    def refused(_context: Any) -> Any:
        raise PermissionDenied("reports.view")

    monkeypatch.setattr("desktop_app.services.reports.dashboard.load_dashboard", refused)
    from desktop_app.views.pages.home import HomePage

    page = HomePage(on_day(state_for(seeded, "admin", benji_paths)))
    qtbot.addWidget(page)
    qtbot.waitUntil(lambda: page.message.property("role") == "error", timeout=10_000)
    assert page.message.text().startswith("数据未能计算") or page.message.text().startswith("The figures")
    assert page.cards == [] and page.refresh_button.isEnabled()


# -- charts on their own ---------------------------------------------------------------------------------------


def test_chart_views_draw_bar_line_and_pie_from_exact_values(qtbot, chinese) -> None:  # type: ignore[no-untyped-def]
    months = ("2026-09", "2026-10")
    two = (Series(Label("本期", "Now"), (D("1234.50"), D("0.01"))), Series(Label("上期", "Before"), (D("10"), 3)))
    bar = chart_view(Chart("bar", Label("收入", "Revenue"), months, two), "zh_CN")
    qtbot.addWidget(bar)
    series = bar.chart().series()[0]
    assert [series.barSets()[i].label() for i in range(2)] == ["本期", "上期"]
    assert series.barSets()[0].at(0) == 1234.5 and bar.chart().legend().isVisible()
    english = chart_view(Chart("line", Label("收入", "Revenue"), months, two[:1]), "en")
    qtbot.addWidget(english)
    assert english.chart().title() == "Revenue" and not english.chart().legend().isVisible()
    assert english.labels == ["Sep<br>2026", "Oct"]
    pie = chart_view(Chart("pie", Label("方式", "Methods"), ("现金", "银行", "无"),
                           (Series(Label("收款", "Received"), (D("1.00"), D("2.00"), D("0"))),)), "zh_CN")
    qtbot.addWidget(pie)
    slices = [piece.label() for piece in pie.chart().series()[0].slices()]
    assert slices == ["现金<br>¥1.00 (33.3%)", "银行<br>¥2.00 (66.7%)"]  # a slice of nothing is left out
    empty = chart_view(Chart("bar", Label("用量", "Usage"), (), ()), "zh_CN")
    qtbot.addWidget(empty)
    assert empty.chart().series() == [] and empty.chart().title() == "用量" and empty.empty is not None


def test_axis_ticks_and_labels() -> None:
    assert nice_ticks(D(0), D("6690.28")) == [D(0), D(2000), D(4000), D(6000), D(8000)]
    assert nice_ticks(D("-150"), D("420"), "money") == [D(-200), D(0), D(200), D(400), D(600)]
    assert nice_ticks(D(0), D(3), "count") == [D(0), D(1), D(2), D(3)]
    assert axis_text(D(50000), "money", "zh_CN", D(50000)) == "¥50,000"
    assert axis_text(D(150000), "money", "zh_CN", D(200000)) == "¥15万"
    assert axis_text(D(150000), "money", "en", D(200000)) == "¥150k"
    assert axis_text(D(-2500), "money", "en", D(5000)) == "-¥2,500"
    assert axis_text(D(0), "money", "zh_CN", D(10 ** 9)) == "¥0"
    assert axis_text(D("0.25"), "percent", "zh_CN", D(1)) == "25%"
    assert axis_text(D(1500000), "quantity", "en", D(2000000)) == "1.5M"


def test_days_and_long_runs_of_months_thin_their_labels(qapp, chinese) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtGui import QFont

    metrics = QFontMetrics(QFont(qapp.font().family(), 8))
    days = tuple(f"2026-10-{day:02d}" for day in range(1, 32))
    labels = axis_categories(days, "zh_CN", metrics)
    shown = [text for text in labels if text.strip("\u200b")]
    assert len(labels) == len(set(labels)) == 31 and 4 <= len(shown) <= 16
    assert shown[0].endswith("<br>10月")
    assert axis_categories(("华北", "华南"), "zh_CN", metrics) == ["华北", "华南"]
    assert axis_categories(("同名", "同名"), "zh_CN", metrics) == ["同名", "同名\u200b"]  # the axis needs distinct


@SQLITE
def test_open_drill_routes_lists_and_reports(qtbot, seeded, benji_paths, chinese) -> None:  # type: ignore[no-untyped-def]
    from desktop_app.views.navigation import open_drill

    window = window_of(qtbot, seeded, "admin", benji_paths)
    ids, customers = seeded["ids"], seeded["customers"]
    # the customer list, filtered by owner, tier and state (the owners arrive in the background)
    assert open_drill(window, Drill("customers", {"owner_id": ids["north1"], "tier": "standard", "status": "prospect"}))
    page = window.sections["customers"]
    assert window.stack.currentWidget() is page
    qtbot.waitUntil(lambda: page.owner.currentData() == ids["north1"], timeout=5_000)
    assert (page.tier.currentData(), page.status.currentData()) == ("standard", "prospect")
    settle(qtbot)
    qtbot.waitUntil(lambda: page.model.rowCount() == 2, timeout=5_000)
    assert {page.model.rows[row].id for row in range(2)} == {customers["xinghe"], customers["yunfan"]}
    # one customer's bills of a month
    assert open_drill(window, Drill("bills", {"customer_id": customers["xinghe"], "period": "2026-10"}))
    bills = window.sections["bills"]
    assert window.stack.currentWidget() is bills and bills.period.currentData() == "2026-10-01"
    qtbot.waitUntil(lambda: "北京星河科技有限公司" in bills.run_note.text(), timeout=5_000)
    qtbot.waitUntil(lambda: bills._shown.get("customer_id") == customers["xinghe"], timeout=5_000)
    settle(qtbot)
    assert [(row.customer_id, row.total_gross) for row in bills.model.rows] == [(customers["xinghe"], D("1234.50"))]
    bills.all_button.click()  # back to every bill
    assert bills.customer_id is None and bills.all_button.isHidden()
    settle(qtbot)
    # one customer's payments: their account tab; everyone's: the payment collection report
    assert open_drill(window, Drill("payments", {"customer_id": customers["yunfan"]}))
    dialog = window.sections["customers"].dialog
    assert dialog.customer_id == customers["yunfan"] and dialog.tabs.currentWidget() is dialog.account
    dialog.close()
    settle(qtbot)
    assert open_drill(window, Drill("payments", {"period": "2026-09"}))
    reports = window.sections["reports"]
    assert window.stack.currentWidget() is reports and reports.name == "collections"
    assert reports.filters.spec()["period"] == "2026-09"
    settle(qtbot)

    class Bare:
        """A window with the customer list only (no reports section)."""

        def __init__(self) -> None:
            self.sections, self.shown = {"customers": page}, []

        def show_section(self, key: str) -> None:
            self.shown.append(key)

    bare = Bare()
    # the pool row of the performance report: the customer list's pool; a region row: that region
    assert open_drill(bare, Drill("customers", {"pool": True}))
    assert page.show_which.currentData() == "pool" and page.owner.currentData() is None
    assert open_drill(bare, Drill("customers", {"region": "天津"}))
    assert page.region.text() == "天津" and page.show_which.currentData() == "all"
    settle(qtbot)
    bare.shown.clear()
    assert not open_drill(bare, Drill("bills", {"overdue": True}))
    assert not open_drill(bare, Drill("aging", {}))
    assert open_drill(bare, Drill("customers", {"created_in": "this-month", "tier": "gold"}))
    assert bare.shown == ["customers"] and page.tier.currentData() == "gold"
    settle(qtbot)


def test_a_chart_click_on_a_label_category_opens_the_chart_report() -> None:
    """The payment-method pie's slices are Labels (支付宝 / Alipay): a click opens this month's collections."""
    from desktop_app.views.pages.home import chart_drill

    pie = Chart("pie", Label("本月收款方式", "This month"), (Label("支付宝", "Alipay"),),
                (Series(Label("金额", "Amount"), (Decimal("10.00"),)),), key="payments_by_method")
    assert chart_drill(pie, 0) == Drill("collections", {"period": "this-month"})
    trend = Chart("bar", Label("收入", "Revenue"), ("2026-09", "2026-10"),
                  (Series(Label("本期", "These months"), (Decimal(1), Decimal(2))),), key="revenue_trend")
    assert chart_drill(trend, 1) == Drill("bill_register", {"period": "2026-10"})
