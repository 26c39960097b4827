"""The reports section's tools in zh_CN on SQLite (clock 2026-04-30): the sales targets grid, the customer
value grading settings and applying suggested tiers, the customer picker of the filter bar; and the main window
at 1280×800 on two reports (screenshots report-revenue.png and report-aging.png, see /tmp/shot_reports.sh),
with a customer's row leading to that customer."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtWidgets import QMessageBox
from report_screens import SHOWCASE, TODAY, at, noon, open_page, seed_sample, seed_showcase, shot, texts, wait_for
from screens import state_for

from desktop_app.services.customers import get_customer

pytestmark = pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
D = Decimal


@pytest.fixture
def seeded(org: dict[str, Any]) -> dict[str, Any]:
    return seed_sample(org)


@pytest.fixture
def showcase(org: dict[str, Any]) -> dict[str, Any]:
    return seed_showcase(org)


def test_sales_targets_are_set_in_the_grid(  # type: ignore[no-untyped-def]
        qtbot, qtmodeltester, seeded, benji_paths, chinese) -> None:
    from desktop_app.services.sales_targets import list_targets

    page = open_page(qtbot, seeded, "admin", benji_paths, "sales_performance", {"period": "2026-03"})
    assert not page.targets_button.isHidden()
    page.targets_button.click()
    dialog = page.dialog
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.model.rowCount() > 0 and not dialog.loading, timeout=10_000)
    assert dialog.year.value() == 2026
    qtmodeltester.check(dialog.model)
    model = dialog.model
    row = next(i for i, user in enumerate(model.users) if user.user_id == seeded["ids"]["north1"])
    assert model.setData(model.index(row, 3), "12,000.5")
    assert not model.setData(model.index(row, 4), "not money")
    assert model.data(model.index(row, 3)) == "12,000.50" and model.data(model.index(row, 13)) == "12,000.50"
    assert model.data(model.index(row, 3), Qt.ItemDataRole.EditRole) == "12000.50"
    assert dialog.save_button.isEnabled()
    shot(dialog, "targets")
    dialog.save_button.click()
    qtbot.waitUntil(lambda: not dialog.loading and not model.dirty, timeout=10_000)
    targets = list_targets(seeded["contexts"]["admin"], 2026)
    assert [(t.user_id, t.month, t.amount) for t in targets] == [(seeded["ids"]["north1"], date(2026, 3, 1),
                                                                  D("12000.50"))]
    wait_for(qtbot, page, "sales_performance")
    keys = [column.key for column in page.snapshot.columns]
    targets_shown = [page.model.text(r, keys.index("target")) for r in range(page.model.rowCount())]
    assert "¥12,000.50" in targets_shown
    dialog.close()


def test_apply_suggested_tiers_updates_the_customer(  # type: ignore[no-untyped-def]
        qtbot, seeded, benji_paths, chinese, monkeypatch) -> None:
    page = open_page(qtbot, seeded, "admin", benji_paths, "customer_value")
    assert not page.apply_button.isHidden() and not page.grading_button.isHidden()
    keys = [column.key for column in page.snapshot.columns]
    canton = next(row for row in range(page.model.rowCount() - (1 if page.model.has_totals else 0))
                  if page.model.values(row)[keys.index("customer")] == "广州电子有限公司")
    values = page.model.values(canton)
    assert values[keys.index("tier")] == "gold" and values[keys.index("suggested_tier")] != "gold"
    suggested = values[keys.index("suggested_tier")]
    asked: list[str] = []

    def yes(_parent: Any, _title: str, text: str, *_args: Any) -> QMessageBox.StandardButton:
        asked.append(text)
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", yes)
    page.table.selectionModel().select(page.model.index(canton, 0), QItemSelectionModel.SelectionFlag.Select
                                       | QItemSelectionModel.SelectionFlag.Rows)
    page.apply_button.click()
    assert asked and "1" in asked[0]
    qtbot.waitUntil(lambda: get_customer(seeded["contexts"]["admin"], seeded["customers"]["canton"]).data.tier
                    == suggested, timeout=10_000)
    wait_for(qtbot, page, "customer_value")
    qtbot.waitUntil(lambda: "1" in page.status.text() and not page.running, timeout=10_000)
    row = next(row for row in page.snapshot.rows if row[keys.index("customer")] == "广州电子有限公司")
    assert row[keys.index("tier")] == suggested


def test_the_customer_picker_and_the_grading_settings(  # type: ignore[no-untyped-def]
        qtbot, seeded, benji_paths, chinese) -> None:
    from desktop_app.services.reports.customer_value_settings import value_settings

    page = open_page(qtbot, seeded, "admin", benji_paths, changes={"period": "2026-Q1"})
    picker = page.filters.customer
    picker.lineEdit().setText("星河")
    picker.lineEdit().textEdited.emit("星河")
    qtbot.waitUntil(lambda: picker.count() == 1, timeout=10_000)
    assert picker.itemText(0).startswith("北京星河科技有限公司")
    picker.activated.emit(0)
    qtbot.waitUntil(lambda: page.shown_spec.get("customer_id") == seeded["customers"]["star"] and not page.running,
                    timeout=10_000)
    gross = [column.key for column in page.snapshot.columns].index("gross")
    assert texts(page, gross) == ["¥1,234.50", "¥0.00", "¥400.00", "¥1,634.50"]
    assert "客户: 北京星河科技有限公司" in page.subtitle.text()
    picker.lineEdit().clear()
    picker.lineEdit().textEdited.emit("")
    qtbot.waitUntil(lambda: page.shown_spec.get("customer_id") is None and not page.running, timeout=10_000)
    assert page.model.text(3, gross) == "¥6,634.50"

    page.show_report("customer_value", {})
    wait_for(qtbot, page, "customer_value")
    page.grading_button.click()
    dialog = page.dialog
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.loaded, timeout=10_000)
    assert dialog.grades["A"].value() == value_settings(seeded["contexts"]["admin"]).grades[0]
    shot(dialog, "grading")
    dialog.grades["A"].setValue(14)
    dialog.tiers["C"].setCurrentIndex(dialog.tiers["C"].findData("gold"))
    dialog.save_button.click()
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=10_000)
    stored = value_settings(seeded["contexts"]["admin"])
    assert stored.grades[0] == 14 and stored.tiers["C"] == "gold"
    wait_for(qtbot, page, "customer_value")
    keys = [column.key for column in page.snapshot.columns]
    graded_c = {row[keys.index("suggested_tier")] for row in page.snapshot.rows if row[keys.index("grade")] == "C"}
    assert graded_c == {"gold"}  # the three customers score 7 or 8: grade C


def test_screenshots_of_two_reports_in_the_main_window(  # type: ignore[no-untyped-def]
        qtbot, showcase, benji_paths, chinese) -> None:
    """The main window at 1280×800 in zh_CN on the reports section: revenue by month over the last 12 months,
    then receivables aging (saved as report-revenue.png and report-aging.png)."""
    from desktop_app.views.main_window import MainWindow

    state = state_for(showcase, "manager", benji_paths)
    state.context = at(state.context, noon(TODAY))
    window = MainWindow(state)
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    window.show_section("reports")
    page = window.sections["reports"]
    assert window.sidebar.currentItem().text() == window.tr("Reports")
    page.show_report("revenue_by_period", {"period": "last-12-months"})
    snapshot = wait_for(qtbot, page, "revenue_by_period")
    assert len(snapshot.rows) == 12 and page.chart.source.categories[0] == "2025-05"
    assert page.table.horizontalHeader().length() <= page.table.viewport().width()
    shot(window, "report-revenue")
    page.show_report("aging", {})
    snapshot = wait_for(qtbot, page, "aging")
    assert len(snapshot.rows) == len(SHOWCASE) - 1  # 广州电子 has paid everything
    shot(window, "report-aging")

    # a customer's row leads to that customer (navigation.open_drill → the customers section's dialog)
    opened: list[tuple[int, str]] = []
    customers = window.sections["customers"]
    customers.open_customer = lambda customer_id, tab="": opened.append((customer_id, tab))
    page.table.doubleClicked.emit(page.model.index(0, 0))
    assert opened == [(snapshot.drills[page.model.snapshot_row(0)].params["customer_id"], "")]
