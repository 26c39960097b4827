"""Subscriptions on the customer dialog, the change dialogs with their preview, and the usage import, in the
GUI on SQLite: a subscription is created through the dialog; a plan change previews exactly the service's
amounts (to the fen) and writes only on OK; a change someone else made meanwhile is caught; a usage file is
checked, imported, and a second import says it was imported before; who may only look sees no buttons.

Periods are calendar months (anchor 1 January); April 2026 has 30 days. Prices include 6 % VAT (product svc).
Set BENJI_SCREENSHOTS to a folder to keep the screenshots (subs_*.png) there as well."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget
from screens import settle, state_for

from desktop_app.services.catalog import CouponInfo, ProductInfo, save_coupon, save_product
from desktop_app.services.customers import CustomerInput, create_customer
from desktop_app.services.plans import create_plan, publish
from desktop_app.services.subscription_changes import change_plan, change_seats
from desktop_app.services.subscriptions import (
    create_subscription,
    get_subscription,
    list_events,
    list_subscriptions,
    preview_next_bill,
)
from desktop_app.services.usage import usage_summary

pytestmark = pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)


def _plan(base: str, seat: str) -> dict[str, Any]:
    return {"charges": [
        {"kind": "recurring", "code": "base", "name": "月租", "product": "svc", "price": base, "interval": "month"},
        {"kind": "seat", "code": "seat", "name": "用户", "product": "svc", "price": seat, "interval": "month"},
        {"kind": "module", "code": "crm", "name": "客户管理模块", "product": "svc", "price": "20.00",
         "interval": "month"},
    ]}


@pytest.fixture
def shop(org):  # type: ignore[no-untyped-def]
    admin = org["contexts"]["admin"]
    save_product(admin, ProductInfo(0, "svc", "软件服务", unit="月", tax_rate="0.06"))
    save_coupon(admin, CouponInfo(0, "NEW50", "新客立减", {"kind": "fixed", "value": "50.00", "duration": "once"}))
    plans = {}
    offers = (("team", "团队版", _plan("99.00", "30.00")), ("pro", "专业版", _plan("159.00", "40.00")))
    for code, name, definition in offers:
        plan, version, _ = create_plan(admin, code, name, "", definition)
        publish(admin, plan.id)
        plans[code] = (plan.id, version.id)
    customer, _ = create_customer(org["contexts"]["north1"], CustomerInput(name="北京科技有限公司"))
    return {**org, "plans": plans, "customer": customer.id}


def shot(qtbot, widget: QWidget, name: str, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    qtbot.wait(50)  # the layout follows the last answer
    image = widget.grab()
    image.save(str(tmp_path / f"subs_{name}.png"))
    folder = os.environ.get("BENJI_SCREENSHOTS")
    if folder:
        image.save(str(Path(folder) / f"subs_{name}.png"))


def cell(model, row: int, column: int) -> str:  # type: ignore[no-untyped-def]
    return str(model.data(model.index(row, column), Qt.ItemDataRole.DisplayRole))


def yuan(value) -> str:  # type: ignore[no-untyped-def]
    return f"-¥{-value:,.2f}" if value < 0 else f"¥{value:,.2f}"


def open_tab(qtbot, shop, who: str, paths, rows: int):  # type: ignore[no-untyped-def]
    """The customer dialog of ``who`` on its subscriptions tab, with ``rows`` subscriptions loaded."""
    from desktop_app.views.customer_dialog import CustomerDialog

    dialog = CustomerDialog(state_for(shop, who, paths), shop["customer"], ["standard"])
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.detail is not None, timeout=5_000)
    tab = dialog.subscriptions
    dialog.tabs.setCurrentWidget(tab)
    qtbot.waitUntil(lambda: tab.model.rowCount() == rows, timeout=5_000)
    settle(qtbot)
    return dialog, tab


def test_create_a_subscription_through_the_dialog(qtbot, qtmodeltester, shop, benji_paths, chinese,  # type: ignore[no-untyped-def]
                                                  tmp_path: Path) -> None:
    from desktop_app.views.change_plan_dialog import status_name

    north1 = shop["contexts"]["north1"]
    dialog, tab = open_tab(qtbot, shop, "north1", benji_paths, 0)
    assert not tab.new_button.isHidden() and tab.new_button.isEnabled()
    assert all(not button.isEnabled() for button in tab.change_buttons.values())  # nothing selected
    tab.new_button.click()
    new = tab.dialog
    qtbot.waitUntil(lambda: new.plan.count() == 2, timeout=5_000)
    new.plan.setCurrentIndex(new.plan.findData(shop["plans"]["team"][1]))
    assert new.seats.isEnabled() and new.seats.minimum() == 1  # the plan charges per seat
    assert [new.modules.item(i).data(Qt.ItemDataRole.UserRole) for i in range(new.modules.count())] == ["crm"]
    new.start.setDate(QDate(2026, 3, 18))
    new.seats.setValue(5)
    new.modules.item(0).setCheckState(Qt.CheckState.Checked)
    new.coupons.setText("NEW50")
    new.anchor.setCurrentIndex(new.anchor.findData("anniversary"))
    shot(qtbot, new, "new", tmp_path)
    new.ok_button.click()
    qtbot.waitUntil(lambda: not new.isVisible(), timeout=5_000)
    qtbot.waitUntil(lambda: tab.model.rowCount() == 1, timeout=5_000)
    settle(qtbot)

    [sub] = list_subscriptions(north1, customer_id=shop["customer"])
    assert (sub.plan_code, sub.start_date, sub.seats, sub.modules, sub.coupon_codes, sub.alignment, sub.status) == (
        "team", date(2026, 3, 18), 5, ("crm",), ("NEW50",), "anniversary", "active")
    model = tab.model
    qtmodeltester.check(model)
    assert cell(model, 0, 0) == sub.code and cell(model, 0, 2) == status_name("active")
    assert (cell(model, 0, 3), cell(model, 0, 5), cell(model, 0, 6)) == ("2026-03-18", "5", "客户管理模块")
    expected = preview_next_bill(north1, sub.id, date.today())
    assert cell(model, 0, 7) == yuan(expected.total_gross)
    tab.table.selectRow(0)
    assert tab.change_buttons["plan"].isEnabled() and tab.change_buttons["pause"].isEnabled()
    assert not tab.change_buttons["resume"].isEnabled()
    shot(qtbot, dialog, "tab", tmp_path)

    tab.history_button.click()
    history = tab.dialog
    qtbot.waitUntil(lambda: history.model.rowCount() == 1, timeout=5_000)
    assert "NEW50" in cell(history.model, 0, 3)
    shot(qtbot, history, "history", tmp_path)
    history.close()
    dialog.close()


def test_change_plan_previews_the_services_amounts_and_writes_only_on_ok(qtbot, shop, benji_paths, chinese,  # type: ignore[no-untyped-def]
                                                                         tmp_path: Path) -> None:
    north1 = shop["contexts"]["north1"]
    team, pro = shop["plans"]["team"], shop["plans"]["pro"]
    sub, _ = create_subscription(north1, shop["customer"], date(2026, 3, 1), plan_id=team[0], seats=5,
                                 modules=["crm"])
    dialog, tab = open_tab(qtbot, shop, "north1", benji_paths, 1)
    effective = date(2026, 4, 11)  # 20 of April's 30 days are left
    expected = change_plan(north1, sub.id, pro[1], effective, preview=True)
    next_bill = expected.next_bill  # May on the new plan (pro)
    assert next_bill is not None and next_bill != preview_next_bill(north1, sub.id, date(2026, 5, 1))
    assert expected.credit is not None and expected.charge is not None and expected.balance != 0

    def open_change():  # type: ignore[no-untyped-def]
        tab.table.selectRow(0)
        tab.change_buttons["plan"].click()
        change = tab.dialog
        qtbot.waitUntil(lambda: change.plan.count() == 1, timeout=5_000)  # every other published plan
        assert change.plan.currentData() == pro[1]
        change.effective.setDate(QDate(2026, 4, 11))
        qtbot.waitUntil(lambda: change.preview is not None and change.preview.effective == effective, timeout=5_000)
        return change

    change = open_change()
    assert change.preview == expected and change.next_bill == next_bill
    assert change.totals["credit"].text() == yuan(expected.credit_total)
    assert change.totals["charge"].text() == yuan(expected.charge_total)
    assert change.totals["balance"].text() == yuan(expected.balance)
    for view, quote in ((change.credit_view, expected.credit), (change.charge_view, expected.charge),
                        (change.next_view, next_bill)):
        assert view.lines.rowCount() == len(quote.lines)
        for row, line in enumerate(quote.lines):
            assert cell(view.lines, row, 0).startswith(line.description)
            assert [cell(view.lines, row, column) for column in (4, 6, 7)] == [
                f"{line.net:,.2f}", f"{line.tax:,.2f}", f"{line.gross:,.2f}"]
    assert "20" in cell(change.credit_view.lines, 0, 0) and "30" in cell(change.credit_view.lines, 0, 0)
    assert cell(change.credit_view.lines, 0, 1) == "2026-04-11 – 2026-04-30"
    assert yuan(next_bill.total_gross) in change.next_view.total.text()
    assert change.ok_button.isEnabled()
    shot(qtbot, change, "change_plan", tmp_path)
    events = list_events(north1, sub.id)

    # Close: nothing written
    change.buttons.button(change.buttons.StandardButton.Close).click()
    assert not change.isVisible()
    settle(qtbot)
    assert get_subscription(north1, sub.id) == sub and list_events(north1, sub.id) == events

    # OK: committed as previewed
    change = open_change()
    change.ok_button.click()
    qtbot.waitUntil(lambda: not change.isVisible(), timeout=5_000)
    assert change.applied is not None and change.applied.applied
    after = get_subscription(north1, sub.id)
    assert (after.plan_code, after.plan_version_id, after.version) == ("pro", pro[1], sub.version + 1)
    assert preview_next_bill(north1, sub.id, date(2026, 5, 1)) == next_bill  # the preview's next bill, now real
    last = list_events(north1, sub.id)[-1]
    assert (last.kind, last.effective, last.detail["credit"], last.detail["charge"]) == (
        "plan_changed", effective, str(expected.credit_total), str(expected.charge_total))
    qtbot.waitUntil(lambda: tab.model.rowCount() == 1 and tab.model.rows[0].info.plan_code == "pro", timeout=5_000)
    settle(qtbot)
    dialog.close()


def test_a_change_made_meanwhile_is_caught_then_previewed_again(qtbot, shop, benji_paths, chinese, monkeypatch,  # type: ignore[no-untyped-def]
                                                                tmp_path: Path) -> None:
    north1, manager = shop["contexts"]["north1"], shop["contexts"]["manager"]
    sub, _ = create_subscription(north1, shop["customer"], date(2026, 3, 1), plan_id=shop["plans"]["team"][0],
                                 seats=5)
    dialog, tab = open_tab(qtbot, shop, "north1", benji_paths, 1)
    tab.table.selectRow(0)
    tab.change_buttons["seats"].click()
    change = tab.dialog
    change.effective.setDate(QDate(2026, 4, 11))
    change.seats.setValue(8)
    qtbot.waitUntil(lambda: change.preview is not None and change.preview.subscription.seats == 8, timeout=5_000)
    assert change.preview == change_seats(north1, sub.id, 8, date(2026, 4, 11), preview=True)
    change_seats(manager, sub.id, 6, date(2026, 4, 5), version=sub.version, preview=False)  # the manager, meanwhile
    asked: list[str] = []

    def question(_parent, _title, text, *_args, **_kwargs):  # type: ignore[no-untyped-def]
        asked.append(text)
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", question)
    change.ok_button.click()
    qtbot.waitUntil(lambda: len(asked) == 1, timeout=5_000)
    assert "销售经理" in asked[0]  # who changed it
    assert get_subscription(north1, sub.id).seats == 6  # nothing of ours was written
    qtbot.waitUntil(lambda: change.preview is not None and change.subscription.seats == 6, timeout=5_000)
    expected = change_seats(north1, sub.id, 8, date(2026, 4, 11), preview=True)  # from 6 seats now
    assert change.preview == expected and change.totals["charge"].text() == yuan(expected.charge_total)
    change.ok_button.click()
    qtbot.waitUntil(lambda: not change.isVisible(), timeout=5_000)
    assert get_subscription(north1, sub.id).seats == 8

    # cancel at the end of the period: no money moves, the last day is shown
    settle(qtbot)
    qtbot.waitUntil(lambda: tab.model.rowCount() == 1 and tab.model.rows[0].info.seats == 8, timeout=5_000)
    tab.table.selectRow(0)
    tab.change_buttons["cancel"].click()
    cancel = tab.dialog
    cancel.effective.setDate(QDate(2026, 4, 20))
    qtbot.waitUntil(lambda: cancel.preview is not None and cancel.preview.effective == date(2026, 4, 20),
                    timeout=5_000)
    assert cancel.preview.balance == 0 and "2026-04-30" in cancel.after.text()
    cancel.immediately.setChecked(True)
    qtbot.waitUntil(lambda: cancel.preview is not None and cancel.preview.credit is not None, timeout=5_000)
    assert cancel.totals["credit"].text() == yuan(cancel.preview.credit_total)
    shot(qtbot, cancel, "cancel", tmp_path)
    cancel.at_period_end.setChecked(True)
    qtbot.waitUntil(lambda: cancel.preview is not None and cancel.preview.credit is None, timeout=5_000)
    cancel.ok_button.click()
    qtbot.waitUntil(lambda: not cancel.isVisible(), timeout=5_000)
    after = get_subscription(north1, sub.id)
    assert (after.status, after.cancel_at) == ("cancelled", date(2026, 5, 1))
    qtbot.waitUntil(lambda: tab.model.rows[0].info.status == "cancelled", timeout=5_000)
    tab.table.selectRow(0)
    assert [kind for kind, button in tab.change_buttons.items() if button.isEnabled()] == []
    settle(qtbot)
    dialog.close()


def test_pause_then_resume_through_their_dialogs(qtbot, shop, benji_paths, chinese) -> None:  # type: ignore[no-untyped-def]
    from desktop_app.services.subscription_changes import pause, resume

    north1 = shop["contexts"]["north1"]
    sub, _ = create_subscription(north1, shop["customer"], date(2026, 3, 1), plan_id=shop["plans"]["team"][0],
                                 seats=3)
    dialog, tab = open_tab(qtbot, shop, "north1", benji_paths, 1)
    tab.table.selectRow(0)
    assert not tab.change_buttons["resume"].isEnabled()
    tab.change_buttons["pause"].click()
    paused = tab.dialog
    paused.effective.setDate(QDate(2026, 4, 21))  # 10 of April's 30 days credited
    qtbot.waitUntil(lambda: paused.preview is not None and paused.preview.effective == date(2026, 4, 21),
                    timeout=5_000)
    expected = pause(north1, sub.id, date(2026, 4, 21), preview=True)
    assert paused.preview == expected and paused.totals["credit"].text() == yuan(expected.credit_total)
    assert paused.totals["balance"].text() == yuan(-expected.credit_total) and expected.charge is None
    paused.ok_button.click()
    qtbot.waitUntil(lambda: not paused.isVisible(), timeout=5_000)
    qtbot.waitUntil(lambda: tab.model.rows[0].info.status == "paused", timeout=5_000)
    assert cell(tab.model, 0, 7) == "—"  # nothing to bill while paused
    tab.table.selectRow(0)
    assert [kind for kind, button in tab.change_buttons.items() if button.isEnabled()] == ["resume", "cancel"]
    tab.change_buttons["resume"].click()
    resumed = tab.dialog
    resumed.effective.setDate(QDate(2026, 5, 11))
    qtbot.waitUntil(lambda: resumed.preview is not None and resumed.preview.effective == date(2026, 5, 11),
                    timeout=5_000)
    expected = resume(north1, sub.id, date(2026, 5, 11), preview=True)
    assert resumed.preview == expected and resumed.totals["charge"].text() == yuan(expected.charge_total)
    resumed.ok_button.click()
    qtbot.waitUntil(lambda: not resumed.isVisible(), timeout=5_000)
    assert get_subscription(north1, sub.id).status == "active"
    qtbot.waitUntil(lambda: tab.model.rows[0].info.status == "active", timeout=5_000)
    settle(qtbot)
    dialog.close()


def test_usage_import_dry_run_then_import_then_again(qtbot, shop, benji_paths, chinese, monkeypatch,  # type: ignore[no-untyped-def]
                                                     tmp_path: Path) -> None:
    from desktop_app.views.pages.customers import CustomersPage

    north1, clerk = shop["contexts"]["north1"], shop["contexts"]["clerk"]
    sub, _ = create_subscription(north1, shop["customer"], date(2026, 3, 1), plan_id=shop["plans"]["team"][0],
                                 seats=1)
    sales_page = CustomersPage(state_for(shop, "north1", benji_paths))
    qtbot.addWidget(sales_page)
    assert sales_page.usage_button.isHidden()  # a salesperson may not import usage
    page = CustomersPage(state_for(shop, "clerk", benji_paths))
    qtbot.addWidget(page)
    page.resize(1100, 500)
    settle(qtbot)
    assert not page.usage_button.isHidden()
    shot(qtbot, page, "customers_page", tmp_path)
    rows = [f"{sub.code},sms,2026-04-01T09:00:00+08:00,100,r1",
            f"{sub.code},sms,2026-04-02T09:00:00+08:00,50.5,r2",
            f"{sub.code},call_seconds,2026-04-30T23:59:59+08:00,60,r1"]
    source = tmp_path / "用量.csv"
    source.write_text("subscription,meter,timestamp,quantity,record_id\n" + "\n".join(
        [*rows, f"{sub.code},sms,2026-04-03 09:00:00,7,r3"]) + "\n", encoding="utf-8")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *_a, **_k: (str(source), ""))
    page.import_usage()
    importer = page.usage_importer
    importer.browse()  # chosen, then checked at once
    qtbot.waitUntil(lambda: importer.report is not None, timeout=10_000)
    report = importer.report
    assert (report.rows, len(report.problems)) == (4, 1) and not importer.import_button.isEnabled()
    assert (importer.model.rowCount(), importer.model.rows[0].row, importer.model.rows[0].column) == (1, 5,
                                                                                                     "timestamp")
    assert importer.save_errors.isVisible()
    error_file = tmp_path / "problems.csv"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *_a, **_k: (str(error_file), ""))
    importer.save_errors.click()
    qtbot.waitUntil(error_file.exists, timeout=5_000)
    settle(qtbot)
    assert "5,timestamp," in error_file.read_text(encoding="utf-8-sig")
    shot(qtbot, importer, "usage_problems", tmp_path)

    source.write_text("subscription,meter,timestamp,quantity,record_id\n" + "\n".join(rows) + "\n", encoding="utf-8")
    importer.check()
    qtbot.waitUntil(lambda: importer.report is not None and importer.report.ok, timeout=10_000)
    assert (importer.report.rows, importer.report.new, importer.report.already_imported) == (3, 3, 0)
    assert importer.import_button.isEnabled() and not importer.save_errors.isVisible()
    assert usage_summary(clerk, sub.id, date(2026, 4, 1)) == {}  # a dry run writes nothing
    importer.import_button.click()
    qtbot.waitUntil(lambda: importer.result is not None, timeout=10_000)
    assert importer.result.committed and importer.result.new == 3 and not importer.import_button.isEnabled()
    assert importer.summary.text() == importer.tr(
        "Imported: {0} new records added; {1} imported before were skipped.").format(3, 0)
    assert {k: str(v) for k, v in usage_summary(clerk, sub.id, date(2026, 4, 1)).items()} == {
        "sms": "150.5", "call_seconds": "60"}
    shot(qtbot, importer, "usage_done", tmp_path)
    importer.close()

    page.import_usage()  # the same file again
    again = page.usage_importer
    assert again is not importer
    again.path.setText(str(source))
    again.check()
    qtbot.waitUntil(lambda: again.report is not None, timeout=10_000)
    assert (again.report.new, again.report.already_imported) == (0, 3)
    assert again.summary.text() == again.tr(
        "All {0} records of this file were already imported: there is nothing new to import.").format(3)
    assert not again.import_button.isEnabled()
    settle(qtbot)
    again.close()


def test_who_may_only_look_sees_no_change_buttons(qtbot, shop, benji_paths, chinese, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    north1 = shop["contexts"]["north1"]
    create_subscription(north1, shop["customer"], date(2026, 3, 1), plan_id=shop["plans"]["team"][0], seats=2)
    assert not shop["contexts"]["auditor"].actor.access.can("subscriptions", "edit")
    dialog, tab = open_tab(qtbot, shop, "auditor", benji_paths, 1)
    tab.table.selectRow(0)
    assert tab.new_button.isHidden()
    for button in tab.change_buttons.values():
        assert button.isHidden() and not button.isEnabled()
    assert tab.history_button.isEnabled()
    tab.change("plan")  # even asked directly: no dialog
    assert tab.dialog is None
    shot(qtbot, dialog, "read_only", tmp_path)
    dialog.close()
