"""The bills section in zh_CN: a bill run through its dialog over seeded subscriptions (counts, cancel, rerun,
the run lock), the drafts in the list, bulk issue with gap-free numbers, the detail to the fen, manual lines,
delete and void, and what each role may see."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QInputDialog, QMessageBox
from screens import settle, state_for

from desktop_app.services.bills import company_today, get_bill, list_bills
from desktop_app.services.catalog import CouponInfo, ProductInfo, save_coupon, save_product
from desktop_app.services.customers import CustomerInput, create_customer
from desktop_app.services.plans import create_plan, publish
from desktop_app.services.subscriptions import create_subscription
from desktop_app.services.usage import import_usage
from desktop_app.views.bill_detail import state_name
from desktop_app.views.catalog_text import money

pytestmark = pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
D = Decimal
MARCH, APRIL = date(2026, 3, 1), date(2026, 4, 1)
PLAN = {"charges": [
    {"kind": "recurring", "code": "base", "name": "月租", "product": "svc", "price": "99.00", "interval": "month"},
    {"kind": "seat", "code": "seat", "name": "用户", "product": "svc", "price": "30.00", "interval": "month"},
    {"kind": "one_time", "code": "setup", "name": "开通费", "product": "svc", "price": "200.00"},
    {"kind": "usage", "code": "calls", "name": "通话费", "product": "voice", "meter": "call_seconds",
     "model": "per_unit", "unit_size": "60", "included": "500", "unit_price": "0.10"},
]}
# March: 99.00 + 2 × 30.00 + 200.00 = 359.00 each; the coupon takes 50.00 off 星河's seats once
MARCH_TOTAL = D("359.00") * 4 - D("50.00")


def cell(model: Any, row: int, column: int) -> str:
    return str(model.data(model.index(row, column), Qt.ItemDataRole.DisplayRole))


@pytest.fixture
def billing(org: dict[str, Any]) -> dict[str, Any]:
    admin, north1, south1 = (org["contexts"][who] for who in ("admin", "north1", "south1"))
    save_product(admin, ProductInfo(0, "svc", "软件服务", unit="月", tax_rate="0.06"))
    save_product(admin, ProductInfo(0, "voice", "语音通话", unit="分钟", tax_rate="0.09"))
    save_coupon(admin, CouponInfo(0, "NEW50", "新客立减", {"kind": "fixed", "value": "50.00", "duration": "once",
                                                          "charges": ["seat"]}))
    plan, _, _ = create_plan(admin, "std", "标准套餐", "", PLAN)
    publish(admin, plan.id)
    subs = {}
    for who, name, tax_id, coupons in (
            (north1, "北京星河科技有限公司", "91110108MA01ABC1GG", ("NEW50",)),
            (north1, "天津云帆网络有限公司", "91120116MA05XYD2HP", ()),
            (north1, "河北远景信息有限公司", "91130100MA0CDE3J0B", ()),
            (south1, "广州电子有限公司", "91440101MA59GA4K1D", ())):
        customer, _ = create_customer(who, CustomerInput(name=name, address="北京市海淀区中关村大街1号",
                                                         tax_id=tax_id))
        subs[name], _ = create_subscription(who, customer.id, MARCH, plan_id=plan.id, seats=2, coupon_codes=coupons)
    return {**org, "subs": subs}


def open_page(qtbot: Any, org: dict[str, Any], who: str, paths: Any) -> Any:
    from desktop_app.views.pages.bills import BillsPage

    page = BillsPage(state_for(org, who, paths))
    qtbot.addWidget(page)
    page.resize(1280, 560)
    page.show()
    settle(qtbot)
    return page


def bill_run(qtbot: Any, page: Any, cutoff: date, *, cancel: bool = False) -> Any:
    """Open the dialog, set the cut-off, wait for the count before, run, wait for the summary after."""
    page.bill_run()
    dialog = page.dialog
    dialog.cutoff.setDate(QDate(cutoff.year, cutoff.month, cutoff.day))
    qtbot.waitUntil(lambda: not dialog._debounce.isActive() and dialog.due is not None, timeout=5_000)
    settle(qtbot)
    dialog.run_button.click()
    if cancel:
        dialog.cancel_run()  # before the worker starts: deterministic
    qtbot.waitUntil(lambda: dialog.summary is not None, timeout=20_000)
    settle(qtbot)
    return dialog


def test_bill_run_then_drafts_bulk_issue_and_the_detail_to_the_fen(  # type: ignore[no-untyped-def]
        qtbot, qtmodeltester, billing, benji_paths, chinese, monkeypatch) -> None:
    clerk = billing["contexts"]["clerk"]
    page = open_page(qtbot, billing, "clerk", benji_paths)
    assert page.model.rowCount() == 0
    assert not page.run_button.isHidden() and not page.issue_button.isHidden()
    assert not page.delete_button.isHidden() and page.void_button.isHidden()  # a clerk does not void

    # a run cancelled before its first batch makes nothing, and says the rerun continues
    dialog = bill_run(qtbot, page, MARCH, cancel=True)
    assert dialog.summary.status == "cancelled" and dialog.summary.bills == 0
    assert dialog.result_fields["status"].text() == dialog.tr("Cancelled")
    assert "0" in dialog.message.text() and dialog.show_button.isHidden()
    dialog.close_button.click()

    page.bill_run()
    dialog = page.dialog
    dialog.cutoff.setDate(QDate(2026, 3, 1))
    qtbot.waitUntil(lambda: dialog.due == 4 and not dialog._debounce.isActive(), timeout=5_000)
    settle(qtbot)
    assert dialog.due_label.text() == dialog.tr("Subscriptions due at this cut-off: {0}").format(4)
    dialog.grab().save("/tmp/bills_run_before.png")
    dialog.run_button.click()
    qtbot.waitUntil(lambda: dialog.summary is not None, timeout=20_000)
    summary = dialog.summary
    assert (summary.status, summary.due, summary.bills, summary.already_billed) == ("finished", 4, 4, 0)
    assert summary.total_gross == MARCH_TOTAL
    assert dialog.result_fields["bills"].text() == "4"
    assert dialog.result_fields["total"].text() == f"¥{MARCH_TOTAL:,.2f}" == "¥1,386.00"
    assert dialog.result_fields["status"].text() == dialog.tr("Finished")
    qtbot.waitUntil(lambda: dialog.due == 0, timeout=5_000)  # counted again after the run
    dialog.grab().save("/tmp/bills_run_after.png")
    assert not dialog.show_button.isHidden()
    dialog.show_button.click()
    assert not dialog.isVisible() and page.run_id == summary.run_id and page.run_note.isVisibleTo(page)
    qtbot.waitUntil(lambda: page.model.rowCount() == 4 and page.model.rows[0].run_id == summary.run_id,
                    timeout=5_000)
    qtmodeltester.check(page.model)
    assert [cell(page.model, row, 9) for row in range(4)] == [state_name("draft")] * 4
    assert [cell(page.model, row, 0) for row in range(4)] == [state_name("draft")] * 4  # no number yet: 草稿
    assert cell(page.model, 3, 1) == "北京星河科技有限公司" and cell(page.model, 3, 5) == "309.00"
    assert cell(page.model, 3, 2) == "2026-03-01 ~ 2026-03-31"
    assert page.proxy.data(page.proxy.index(0, 5), Qt.ItemDataRole.TextAlignmentRole) == int(
        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)

    # run again at the same cut-off: nothing new, four already billed
    again = bill_run(qtbot, page, MARCH)
    assert (again.summary.bills, again.summary.already_billed) == (0, 4)
    assert again.result_fields["already"].text() == "4" and again.show_button.isHidden()
    again.close_button.click()

    # the customer filter works on the loaded rows
    page.customer.setText("云帆")
    assert page.proxy.rowCount() == 1 and page.count.text() == page.tr("{0} of {1} bills").format(1, 4)
    page.customer.clear()

    # bulk issue: gap-free numbers in the order the bills were made, then a summary
    monkeypatch.setattr(QMessageBox, "question", lambda *args, **kwargs: QMessageBox.StandardButton.Yes)
    page.table.selectAll()
    assert page.issue_button.isEnabled() and page.issue_button.text() == page.tr("Issue selected ({0})").format(4)
    page.issue_selected()
    qtbot.waitUntil(lambda: page.message is not None and page.message.isVisible(), timeout=20_000)
    year = date.today().year
    assert page.message.text().splitlines() == [page.tr("{0} bills issued.").format(4), page.tr(
        "Numbers: {0}").format(f"ZD-{year}-000001 … ZD-{year}-000004")]
    page.message.grab().save("/tmp/bills_issue_summary.png")
    page.message.accept()
    qtbot.waitUntil(lambda: all(bill.code for bill in page.model.rows), timeout=5_000)
    by_id = sorted(page.model.rows, key=lambda bill: bill.id)
    assert [bill.code for bill in by_id] == [f"ZD-{year}-{n:06d}" for n in range(1, 5)]
    assert {cell(page.model, row, 9) for row in range(4)} == {state_name("issued")}
    assert cell(page.model, 0, 3) == page.model.rows[0].issue_date.isoformat()  # the company's today
    assert cell(page.model, 0, 8) == cell(page.model, 0, 6) == cell(page.model, 0, 5)  # nothing paid yet

    # the detail of 星河's bill: lines, subtotals and totals exactly as the service has them
    page.show_run(None)
    settle(qtbot)
    row = next(r for r in range(page.model.rowCount()) if page.model.rows[r].customer_name.startswith("北京星河"))
    page.table.selectRow(row)
    page.open_selected()
    detail = page.dialog
    qtbot.waitUntil(lambda: detail.detail is not None, timeout=5_000)
    expected = get_bill(clerk, page.model.rows[row].id)
    lines = detail.lines
    assert lines.rowCount() == len(expected.lines) == 4
    for number, line in enumerate(expected.lines):
        assert [cell(lines, number, column) for column in (4, 6, 7)] == [money(line.net), money(line.tax),
                                                                           money(line.gross)]
    discount = next(n for n, line in enumerate(expected.lines) if line.kind == "discount")
    assert cell(lines, discount, 0).startswith("    ↳ ") and cell(lines, discount, 7) == "-50.00"
    assert cell(lines, 1, 2) == "2 月" and cell(lines, 1, 3) == "30.00" and cell(lines, 0, 5) == "6 %"
    bill = expected.bill
    assert (bill.total_gross, bill.amount_due) == (D("309.00"), D("309.00"))
    assert [detail.totals[key].text() for key in ("net", "tax", "gross", "due", "paid", "outstanding")] == [
        f"¥{value:,.2f}" for value in (bill.total_net, bill.total_tax, bill.total_gross, bill.amount_due,
                                       D("0.00"), bill.amount_due)]
    assert detail.subtotals.rowCount() == 1 and cell(detail.subtotals, 0, 3) == "309.00"
    assert detail.title.text().endswith(bill.code) and detail.badge.text() == state_name("issued")
    assert detail.fields["tax_id"].text() == "91110108MA01ABC1GG"
    assert detail.add_button.isHidden() and detail.issue_button.isHidden()  # issued: nothing to change
    detail.grab().save("/tmp/bills_detail.png")
    detail.close()
    page.grab().save("/tmp/bills_page.png")


def test_draft_lines_issue_delete_and_void(qtbot, billing, benji_paths, chinese, monkeypatch,  # type: ignore[no-untyped-def]
                                           tmp_path: Path) -> None:
    from desktop_app.services.bill_runs import run_bills

    clerk = billing["contexts"]["clerk"]
    run_bills(clerk, MARCH)
    run_bills(clerk, APRIL)
    page = open_page(qtbot, billing, "clerk", benji_paths)
    assert page.model.rowCount() == 8
    page.period.setCurrentIndex(page.period.findData(APRIL.isoformat()))
    qtbot.waitUntil(lambda: page.model.rowCount() == 4, timeout=5_000)
    assert {bill.period_start for bill in page.model.rows} == {APRIL}
    page.period.setCurrentIndex(0)
    qtbot.waitUntil(lambda: page.model.rowCount() == 8, timeout=5_000)

    # a manual line on a draft, then removed again; the totals follow to the fen
    page.table.selectRow(0)
    page.open_selected()
    detail = page.dialog
    qtbot.waitUntil(lambda: detail.detail is not None, timeout=5_000)
    assert not detail.add_button.isHidden() and not detail.remove_button.isEnabled()
    before = detail.detail.bill.total_gross
    detail.add_line()
    form = detail.line_dialog
    assert detail.detail.bill.tax_inclusive and form.basis_note.text() == form.tr(  # the plan's prices include tax
        "This bill's prices include tax: give the amount including tax; the tax is worked out from it.")
    form.description.setText("上门安装费")
    form.amount.setText("1,060.00")
    form.tax_rate.setCurrentIndex(form.tax_rate.findData("0.06"))
    form.grab().save("/tmp/bills_add_line.png")
    form.save()
    qtbot.waitUntil(lambda: detail.lines.rowCount() == 3, timeout=5_000)
    settle(qtbot)
    service = get_bill(clerk, detail.bill_id)
    assert service.bill.total_gross == before + D("1060.00")
    manual = service.lines[-1]
    assert (manual.kind, manual.net, manual.tax) == ("manual", D("1000.00"), D("60.00"))
    assert cell(detail.lines, 2, 0).startswith("上门安装费") and cell(detail.lines, 2, 4) == "1,000.00"
    assert detail.totals["gross"].text() == f"¥{service.bill.total_gross:,.2f}"
    detail.grab().save("/tmp/bills_detail_draft.png")
    detail.line_table.selectRow(0)
    assert not detail.remove_button.isEnabled()  # computed lines go only with the whole draft
    detail.line_table.selectRow(2)
    assert detail.remove_button.isEnabled()
    detail.remove_line()
    qtbot.waitUntil(lambda: detail.lines.rowCount() == 2, timeout=5_000)
    settle(qtbot)
    assert detail.totals["gross"].text() == f"¥{before:,.2f}"
    # issued from the detail
    monkeypatch.setattr(QMessageBox, "question", lambda *args, **kwargs: QMessageBox.StandardButton.Yes)
    detail.issue()
    qtbot.waitUntil(lambda: detail.detail.bill.status == "issued", timeout=5_000)
    assert detail.add_button.isHidden() and detail.detail.bill.code.endswith("000001")
    detail.close()
    settle(qtbot)

    # delete a draft (the newest of its subscription)
    page.table.selectRow(1)
    chosen = page.selected()
    assert chosen.status == "draft" and page.delete_button.isEnabled()
    page.delete_draft()
    qtbot.waitUntil(lambda: page.model.rowCount() == 7, timeout=5_000)
    assert chosen.id not in {bill.id for bill in list_bills(clerk)}
    page.status.setCurrentIndex(page.status.findData("draft"))
    qtbot.waitUntil(lambda: page.model.rowCount() == 6, timeout=5_000)

    # void: the manager may; an issued bill keeps its number and owes nothing
    manager = open_page(qtbot, billing, "manager", benji_paths)
    assert manager.run_button.isHidden() and manager.issue_button.isHidden() and manager.delete_button.isHidden()
    assert not manager.void_button.isHidden()
    row = next(r for r in range(manager.model.rowCount()) if manager.model.rows[r].status == "issued")
    manager.table.selectRow(row)
    assert manager.void_button.isEnabled()
    asked: list[str] = []

    def get_text(_parent, _title, label, *args, **kwargs):  # type: ignore[no-untyped-def]
        asked.append(label)
        return "开错了", True

    monkeypatch.setattr(QInputDialog, "getText", get_text)
    manager.void()
    qtbot.waitUntil(lambda: manager.model.rows[row].status == "void", timeout=5_000)
    assert cell(manager.model, row, 9) == state_name("void") and cell(manager.model, row, 8) == "0.00"
    assert manager.model.rows[row].code and len(asked) == 1
    assert not manager.void_button.isEnabled()
    page.status.setCurrentIndex(page.status.findData("void"))
    qtbot.waitUntil(lambda: page.model.rowCount() == 1, timeout=5_000)
    page.overdue.setChecked(True)  # issued today, due in 30 days: nothing overdue
    page.status.setCurrentIndex(0)
    qtbot.waitUntil(lambda: page.model.rowCount() == 0, timeout=5_000)
    assert page.today == company_today(clerk)  # overdue counts from the company's today by the database clock


def test_late_usage_is_marked_and_the_run_lock_names_its_holder(  # type: ignore[no-untyped-def]
        qtbot, billing, benji_paths, chinese, tmp_path: Path) -> None:
    from desktop_app.services.bill_runs import _acquire, _release, run_bills
    from desktop_app.services.bills import issue_bill
    from desktop_app.services.context import Context

    clerk = billing["contexts"]["clerk"]
    sub = billing["subs"]["天津云帆网络有限公司"]

    def usage(name: str, row: str) -> None:
        path = tmp_path / name
        path.write_text("subscription,meter,timestamp,quantity,record_id\n" + row + "\n", encoding="utf-8")
        assert not import_usage(clerk, path, dry_run=False).problems

    usage("a.csv", f"{sub.code},call_seconds,2026-03-05T10:00:00+08:00,36000,c1")  # 600 minutes, 100 over
    run_bills(clerk, APRIL)
    for bill in list_bills(clerk):
        issue_bill(clerk, bill.id)
    usage("b.csv", f"{sub.code},call_seconds,2026-03-20T10:00:00+08:00,600,c2")  # 10 minutes, after billing

    page = open_page(qtbot, billing, "clerk", benji_paths)
    other = Context(clerk.database, billing["contexts"]["admin"].actor, desktop="财务-PC02")
    _acquire(other)
    try:
        page.bill_run()
        dialog = page.dialog
        dialog.cutoff.setDate(QDate(2026, 4, 1))
        qtbot.waitUntil(lambda: dialog.due == 1 and not dialog._debounce.isActive(), timeout=5_000)
        settle(qtbot)
        dialog.run_button.click()
        qtbot.waitUntil(lambda: dialog.message.property("role") == "error", timeout=10_000)
        assert "管理员" in dialog.message.text() and "财务-PC02" in dialog.message.text()
        assert dialog.summary is None and dialog.run_button.isEnabled()
        dialog.grab().save("/tmp/bills_run_locked.png")
    finally:
        _release(other)
    dialog.run_button.click()
    qtbot.waitUntil(lambda: dialog.summary is not None, timeout=20_000)
    assert dialog.summary.bills == 1 and dialog.message.property("role") == "muted"
    dialog.show_button.click()
    qtbot.waitUntil(lambda: page.model.rowCount() == 1, timeout=5_000)
    page.table.selectRow(0)
    page.open_selected()
    detail = page.dialog
    qtbot.waitUntil(lambda: detail.detail is not None, timeout=5_000)
    assert detail.lines.rowCount() == 1
    assert cell(detail.lines, 0, 0) == "通话费 · " + detail.tr("late usage")
    assert cell(detail.lines, 0, 2) == "10 分钟" and cell(detail.lines, 0, 7) == "1.00"
    assert cell(detail.lines, 0, 5) == "9 %" and cell(detail.lines, 0, 1) == "2026-03-01 ~ 2026-03-31"
    detail.grab().save("/tmp/bills_detail_late.png")
    detail.close()


def test_who_sees_what(qtbot, billing, benji_paths, chinese) -> None:  # type: ignore[no-untyped-def]
    from desktop_app.services.bill_runs import run_bills
    from desktop_app.views.main_window import MainWindow

    run_bills(billing["contexts"]["clerk"], MARCH)
    window = MainWindow(state_for(billing, "north1", benji_paths))
    qtbot.addWidget(window)
    assert "bills" in window.sections
    window.show_section("bills")
    page = window.sections["bills"]
    settle(qtbot)
    for button in (page.run_button, page.issue_button, page.delete_button, page.void_button):
        assert button.isHidden()
    assert not page.open_button.isHidden()
    assert page.model.rowCount() == 3  # their own customers' bills only
    page.table.selectRow(0)
    page.open_selected()
    detail = page.dialog
    qtbot.waitUntil(lambda: detail.detail is not None, timeout=5_000)
    assert detail.add_button.isHidden() and detail.remove_button.isHidden() and detail.issue_button.isHidden()
    detail.close()
    page.bill_run()  # refused quietly: no dialog without the permission
    assert page.dialog is detail
    window.close()


def test_more_bills_load_as_the_table_scrolls(qtbot, qtmodeltester, billing, benji_paths, chinese,  # type: ignore[no-untyped-def]
                                              monkeypatch) -> None:
    from desktop_app.services import bills as service
    from desktop_app.services.bill_runs import run_bills
    from desktop_app.views.pages import bills

    clerk = billing["contexts"]["clerk"]
    run_bills(clerk, MARCH)
    run_bills(clerk, APRIL)
    monkeypatch.setattr(bills, "PAGE", 3)  # 8 bills: pages of 3, 3 and 2
    asked: list[Any] = []
    list_page = service.list_bills

    def recorded(context, **kwargs):  # type: ignore[no-untyped-def]
        asked.append((kwargs["limit"], kwargs["before_id"]))
        return list_page(context, **kwargs)

    monkeypatch.setattr(service, "list_bills", recorded)
    page = open_page(qtbot, billing, "clerk", benji_paths)
    page.resize(1280, 220)

    def scrolled_to_the_end() -> bool:
        page.table.scrollToBottom()  # the view asks for the next page when it reaches the end
        return page.model.rowCount() == 8

    qtbot.waitUntil(scrolled_to_the_end, timeout=10_000)
    settle(qtbot)
    assert not page.model.canFetchMore() and page.count.text() == page.tr("{0} bills").format(8)
    ids = [bill.id for bill in page.model.rows]
    assert ids == sorted(ids, reverse=True) == [bill.id for bill in list_page(clerk)]  # newest first, no gap
    assert asked == [(3, None), (3, ids[2]), (3, ids[5])]  # keyset: each page after the last bill shown
    qtmodeltester.check(page.model)
