"""The reports section in zh_CN on SQLite, with a fixed clock (2026-04-30): revenue by month and receivables
aging rendered (texts as ¥1,234.50, the totals row equal to the service's totals, the chart's categories), a
filter change reruns, XLSX export through the button, the print preview and a recorded print, saved settings
round trip, drill-down from a month to the bill register of that month, a salesperson's figures only, every
report of the list rendered. Screenshots: /tmp/reports_png (or $BENJI_REPORT_SHOTS)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QFileDialog, QInputDialog, QMessageBox
from report_screens import audited, open_page, seed_sample, service, shot, texts, wait_for
from screens import settle

pytestmark = pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
D = Decimal


@pytest.fixture
def seeded(org: dict[str, Any]) -> dict[str, Any]:
    return seed_sample(org)


def test_revenue_by_month_shows_the_services_figures_chart_and_reruns_on_a_filter_change(  # type: ignore[no-untyped-def]
        qtbot, qtmodeltester, seeded, benji_paths, chinese) -> None:
    page = open_page(qtbot, seeded, "clerk", benji_paths, changes={"period": "2026-Q1"})
    snapshot = page.snapshot
    expected = service(seeded, "clerk", "revenue_by_period", "2026-Q1")
    assert snapshot.rows == expected.rows and snapshot.totals == expected.totals
    qtmodeltester.check(page.model)
    assert page.title.text() == "收入（按月）"
    assert page.filters.period.text() == "2026-Q1" and "2026年第1季度" in page.subtitle.text()
    model = page.model
    gross = [column.key for column in snapshot.columns].index("gross")
    assert model.headerData(gross, Qt.Orientation.Horizontal) == "价税合计"
    assert texts(page, 0) == ["2026-01", "2026-02", "2026-03", "合计"]
    assert texts(page, gross) == ["¥1,234.50", "¥2,000.00", "¥3,400.00", "¥6,634.50"]
    assert expected.totals is not None
    assert [model.text(3, column) for column in range(model.columnCount())] == [
        "合计" if column == 0 else f"¥{value:,.2f}" if isinstance(value, Decimal) else f"{value:,}"
        for column, value in enumerate(expected.totals)]
    total_row = model.index(3, gross)
    assert page.table.isRowHidden(3) and page.totals.isVisible()  # pinned under the table instead
    pinned = page.totals.model()
    qtmodeltester.check(pinned)
    assert [pinned.data(pinned.index(0, column)) for column in range(pinned.columnCount())] == [
        model.text(3, column) for column in range(model.columnCount())]
    assert page.totals.columnWidth(gross) == page.table.columnWidth(gross)
    assert model.data(total_row, Qt.ItemDataRole.FontRole).bold()
    assert model.data(model.index(0, gross), Qt.ItemDataRole.FontRole) is None
    assert model.data(total_row, Qt.ItemDataRole.TextAlignmentRole) == int(
        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    assert model.data(total_row, Qt.ItemDataRole.UserRole) == D("6634.50")
    # sorted by the values (not the text), the totals row stays last
    page.table.sortByColumn(gross, Qt.SortOrder.DescendingOrder)
    assert texts(page, gross) == ["¥3,400.00", "¥2,000.00", "¥1,234.50", "¥6,634.50"]
    assert model.snapshot_row(0) == 2
    qtmodeltester.check(model)
    page.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
    assert texts(page, 0) == ["2026-01", "2026-02", "2026-03", "合计"]
    # the chart: one bar per month, titled in Chinese, with the gross of each month
    chart = page.findChild(type(page.chart), "reportChart")
    assert chart is page.chart and chart.isVisible()
    assert chart.source.categories == ("2026-01", "2026-02", "2026-03")
    assert chart.chart().title() == "价税合计（按月）"
    bars = chart.chart().series()[0].barSets()[0]
    assert [D(str(bars.at(i))) for i in range(bars.count())] == [D("1234.5"), D("2000"), D("3400")]
    assert [card[1].text() for card in page.cards.cards][:1] == ["¥6,634.50"]
    assert page.notes.isVisibleTo(page) and "冲销单" in page.notes.text()
    shot(page, "revenue_q1")

    # a filter change reruns: February only
    first = page._generation
    period = page.filters.period
    period.kind.setCurrentIndex(period.kind.findData("month"))
    period.month.setDate(QDate(2026, 2, 1))
    qtbot.waitUntil(lambda: page._generation > first and page.snapshot.period_label.zh == "2026年2月"
                    and not page.running, timeout=10_000)
    assert texts(page, 0) == ["2026-02", "合计"] and page.model.text(1, gross) == "¥2,000.00"


def test_aging_as_of_a_day_with_the_services_totals(  # type: ignore[no-untyped-def]
        qtbot, qtmodeltester, seeded, benji_paths, chinese) -> None:
    page = open_page(qtbot, seeded, "clerk", benji_paths, "aging")
    assert page.filters.as_of_check.isVisibleTo(page) and not page.filters.period.isVisibleTo(page)
    expected = service(seeded, "clerk", "aging", "this-month")
    assert page.snapshot.rows == expected.rows and page.snapshot.totals == expected.totals
    qtmodeltester.check(page.model)
    keys = [column.key for column in page.snapshot.columns]
    total = keys.index("total")
    names = texts(page, keys.index("customer_name"))
    assert names[-1] == "" or names[-1] == "合计" or texts(page, 0)[-1] == "合计"
    assert expected.totals is not None
    assert page.model.text(page.model.rowCount() - 1, total) == f"¥{expected.totals[total]:,.2f}"
    # as of 2026-04-30: star owes 1,234.50 (61–90 days) and 500.00 (1–30), canton 3,000.00 (1–30)
    assert expected.totals[total] == D("4734.50")
    assert page.model.text(page.model.rowCount() - 1, total) == "¥4,734.50"
    assert page.chart is not None and len(page.chart.source.categories) == 5
    shot(page, "aging")

    # as of an earlier day: the figures of that day
    page.filters.as_of.setDate(QDate(2026, 3, 10))
    page.filters.as_of_check.setChecked(True)
    qtbot.waitUntil(lambda: page.shown_spec.get("as_of") == "2026-03-10" and not page.running, timeout=10_000)
    earlier = service(seeded, "clerk", "aging", "this-month", as_of=date(2026, 3, 10))
    assert page.snapshot.totals == earlier.totals and page.snapshot.rows == earlier.rows
    assert "2026-03-10" in page.subtitle.text()


def test_export_print_and_saved_settings(  # type: ignore[no-untyped-def]
        qtbot, seeded, benji_paths, chinese, monkeypatch, tmp_path) -> None:
    page = open_page(qtbot, seeded, "clerk", benji_paths, changes={"period": "2026-Q1"})
    output = page.output
    assert all(not button.isHidden() and button.isEnabled() for button in output.buttons)

    # Export…: the file dialog (monkeypatched) names an .xlsx file; the numbers are numbers
    target = tmp_path / "收入.xlsx"
    asked: list[str] = []

    def save_name(_parent: Any, _title: str, suggested: str, _filter: str) -> tuple[str, str]:
        asked.append(suggested)
        return str(target), _filter.split(";;")[0]

    monkeypatch.setattr(QFileDialog, "getSaveFileName", save_name)
    output.export_button.click()
    qtbot.waitUntil(target.exists, timeout=20_000)
    settle(qtbot)
    assert Path(asked[0]).name == "收入（按月）-2026年第1季度.xlsx"
    sheet = openpyxl.load_workbook(target).worksheets[0]
    values = [cell for row in sheet.iter_rows(values_only=True) for cell in row]
    assert "2026-03" in values and "价税合计" in values
    numbers = [value for value in values if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool)]
    assert D("6634.50") in [D(str(value)) for value in numbers]
    assert str(target) in page.status.text()

    # Print preview: the PDF in the preview dialog; its Print records the print
    from desktop_app.views import printing
    from desktop_app.views.pdf_view import PreviewDialog

    output.preview_button.click()
    qtbot.waitUntil(lambda: output.preview is not None, timeout=20_000)
    settle(qtbot)
    preview = output.preview
    assert isinstance(preview, PreviewDialog) and preview.view.pages.count >= 1
    assert preview.windowTitle() == "收入（按月） · 2026年第1季度" and preview.document.data.startswith(b"%PDF")
    sent: list[bytes] = []
    monkeypatch.setattr(printing, "print_pdf", lambda _parent, data, direct: sent.append(data) or True)
    assert preview.print_document()
    assert sent == [preview.document.data]
    qtbot.waitUntil(lambda: audited(seeded, "report.print") == 1, timeout=10_000)
    # Save as PDF: written by the export service (a PDF export in the audit log), not recorded as a print
    saved_pdf = tmp_path / "收入.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *_args: (str(saved_pdf), ""))
    preview.save_button.click()
    qtbot.waitUntil(saved_pdf.exists, timeout=20_000)
    settle(qtbot)
    assert saved_pdf.read_bytes().startswith(b"%PDF") and str(saved_pdf) in preview.status.text()
    assert audited(seeded, "report.export") == 2 and audited(seeded, "report.print") == 1
    preview.close()
    output.print_button.click()  # Print… without a preview: printed and recorded again
    qtbot.waitUntil(lambda: len(sent) == 2, timeout=20_000)
    settle(qtbot)
    qtbot.waitUntil(lambda: audited(seeded, "report.print") == 2, timeout=10_000)
    assert audited(seeded, "report.export") == 2

    # saved settings: save the first quarter under a name, look at another period, choose it again
    saved = page.saved
    monkeypatch.setattr(QInputDialog, "getText", lambda *_args, **_kwargs: ("一季度", True))
    saved.save_button.click()
    qtbot.waitUntil(lambda: saved.combo.findText("一季度") > 0, timeout=10_000)
    settle(qtbot)
    page.show_report("revenue_by_period", {"period": "2026-02"})
    wait_for(qtbot, page, "revenue_by_period")
    assert page.snapshot.period_label.zh == "2026年2月"
    saved.combo.setCurrentIndex(saved.combo.findText("一季度"))
    saved.combo.activated.emit(saved.combo.currentIndex())
    qtbot.waitUntil(lambda: page.snapshot.period_label.zh == "2026年第1季度" and not page.running, timeout=10_000)
    assert page.filters.period.text() == "2026-Q1"
    monkeypatch.setattr(QMessageBox, "question", lambda *_args, **_kwargs: QMessageBox.StandardButton.Yes)
    saved.delete_button.click()
    qtbot.waitUntil(lambda: saved.combo.findText("一季度") < 0 and saved.combo.count() == 1, timeout=10_000)


def test_drill_down_from_a_month_to_the_bill_register_of_that_month(  # type: ignore[no-untyped-def]
        qtbot, seeded, benji_paths, chinese) -> None:
    page = open_page(qtbot, seeded, "clerk", benji_paths, changes={"period": "2026-Q1"})
    march = page.model.index(2, 0)
    assert page.model.data(march, Qt.ItemDataRole.ToolTipRole)
    page.table.doubleClicked.emit(march)
    snapshot = wait_for(qtbot, page, "bill_register")
    assert page.reports.currentItem().text() == "账单登记簿" and page.title.text() == "账单登记簿"
    assert page.filters.period.text() == "2026-03" and snapshot.period_label.zh == "2026年3月"
    keys = [column.key for column in snapshot.columns]
    assert sorted(row[keys.index("issue_date")] for row in snapshot.rows) == [
        date(2026, 3, 5), date(2026, 3, 20), date(2026, 3, 25)]
    assert page.model.text(page.model.rowCount() - 1, keys.index("gross")) == "¥3,400.00"
    assert snapshot.rows == service(seeded, "clerk", "bill_register", "2026-03").rows


def test_a_salesperson_sees_only_their_customers(  # type: ignore[no-untyped-def]
        qtbot, seeded, benji_paths, chinese) -> None:
    page = open_page(qtbot, seeded, "north1", benji_paths, changes={"period": "2026-Q1"})
    output = page.output
    assert all(button.isHidden() for button in output.buttons)  # Sales: reports.view only
    assert page.targets_button.isHidden() and page.apply_button.isHidden() and page.grading_button.isHidden()
    gross = [column.key for column in page.snapshot.columns].index("gross")
    assert texts(page, gross) == ["¥1,234.50", "¥2,000.00", "¥400.00", "¥3,634.50"]
    page.show_report("aging", {})
    wait_for(qtbot, page, "aging")
    keys = [column.key for column in page.snapshot.columns]
    names = {row[keys.index("customer_name")] for row in page.snapshot.rows}
    assert names == {"北京星河科技有限公司"}
    owners = [page.filters.combos["owner_id"].itemText(i) for i in range(page.filters.combos["owner_id"].count())]
    assert owners[1:] == ["华北销售一"]


def test_every_report_in_the_list_renders(  # type: ignore[no-untyped-def]
        qtbot, qtmodeltester, seeded, benji_paths, chinese) -> None:
    from desktop_app.services.reports import REPORTS

    page = open_page(qtbot, seeded, "admin", benji_paths, changes={"period": "2026-Q1"})
    assert [page.reports.item(i).text() for i in range(page.reports.count())] == [
        info.title.zh for info in REPORTS.values()]
    for row, name in enumerate(REPORTS):
        page.reports.setCurrentRow(row)
        snapshot = wait_for(qtbot, page, name)
        assert page.title.text() == snapshot.title.zh
        assert page.model.columnCount() == len(snapshot.columns)
        assert page.model.rowCount() == len(snapshot.rows) + (snapshot.totals is not None)
        assert (page.chart is not None) == (snapshot.chart is not None)
        qtmodeltester.check(page.model)
        for column, spec in enumerate(snapshot.columns):  # every cell is formatted by its column's kind
            for shown in range(len(snapshot.rows)):
                value = page.model.data(page.model.index(shown, column), Qt.ItemDataRole.UserRole)
                if spec.kind == "money" and value is not None:
                    assert page.model.text(shown, column) == (f"-¥{-value:,.2f}" if value < 0 else f"¥{value:,.2f}")
