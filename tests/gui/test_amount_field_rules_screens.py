"""Field rules on money on the screens, in zh_CN on SQLite (issue 3, "Field rules"; services/amounts.py): a billing
clerk whose role masks bill amounts sees "****" in the bills list and the bill's window, with a note saying why;
hidden, the money columns are left out; a role that masks payment amounts sees "****" in the customer's
account and cannot record money. Screenshots: /tmp/masked_bills.png, /tmp/masked_bill_detail.png,
/tmp/hidden_bills.png, /tmp/masked_account.png."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

import pytest
from PySide6.QtCore import Qt
from screens import settle, state_for

from desktop_app.services.access import FieldRule
from desktop_app.services.bill_runs import run_bills
from desktop_app.services.bills import issue_bill, list_bills
from desktop_app.services.catalog import ProductInfo, save_product
from desktop_app.services.context import Context
from desktop_app.services.customers import CustomerInput, create_customer
from desktop_app.services.payments import PaymentInput, record_payment
from desktop_app.services.plans import create_plan, publish
from desktop_app.services.subscriptions import create_subscription
from desktop_app.services.wallets import top_up
from desktop_app.views import amount_text as amounts

pytestmark = pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
AMOUNTS = ("1,280.50", "1280.50", "1,080.50", "200.00", "1,208.02", "72.48")  # 1,280.50 incl. 6 %; 200.00 paid
NAMES = ("北京星河科技有限公司", "天津云帆网络有限公司")


def _ruled(context: Context, resource: str, rule: FieldRule) -> Context:
    access = context.actor.access
    grant = access.grants[resource]
    grants = {**access.grants, resource: replace(grant, fields={**grant.fields, "amount": rule})}
    return context.as_actor(replace(context.actor, access=replace(access, grants=grants)))


@pytest.fixture
def bills(org: dict[str, Any]) -> dict[str, Any]:
    """Two bills of 1,280.50 for March 2026: one issued with 200.00 paid, one a draft; the clerk's masked and
    hidden twins."""
    admin, clerk = org["contexts"]["admin"], org["contexts"]["clerk"]
    save_product(admin, ProductInfo(0, "svc", "软件服务", unit="月", tax_rate="0.06"))
    plan, _, _ = create_plan(admin, "std", "标准套餐", "", {"charges": [
        {"kind": "recurring", "code": "base", "name": "月租", "product": "svc", "price": "1280.50",
         "interval": "month"}]})
    publish(admin, plan.id)
    customers = []
    for name in NAMES:
        customer, _ = create_customer(admin, CustomerInput(name=name))
        create_subscription(admin, customer.id, date(2026, 3, 1), plan_id=plan.id)
        customers.append(customer.id)
    run_bills(clerk, date(2026, 3, 1))
    first = next(bill for bill in list_bills(clerk) if bill.customer_id == customers[0])
    issued, _ = issue_bill(clerk, first.id)
    record_payment(clerk, PaymentInput(customers[0], "200.00", date.today(), "bank"), "gui-pay")
    top_up(clerk, customers[0], "200.00", "gui-top")
    contexts = {**org["contexts"], "masked": _ruled(clerk, "bills", FieldRule.MASKED),
                "hidden": _ruled(clerk, "bills", FieldRule.HIDDEN),
                "masked_pay": _ruled(clerk, "payments", FieldRule.MASKED)}
    return {**org, "contexts": contexts, "bill": issued.id, "customer": customers[0]}


def _texts(model: Any) -> list[list[str]]:
    return [[str(model.data(model.index(row, column), Qt.ItemDataRole.DisplayRole) or "")
             for column in range(model.columnCount())] for row in range(model.rowCount())]


def _headers(model: Any) -> list[str]:
    return [str(model.headerData(column, Qt.Orientation.Horizontal, Qt.ItemDataRole.DisplayRole))
            for column in range(model.columnCount())]


def _open_page(qtbot: Any, org: dict[str, Any], who: str, paths: Any) -> Any:
    from desktop_app.views.pages.bills import BillsPage

    page = BillsPage(state_for(org, who, paths))
    qtbot.addWidget(page)
    page.resize(1280, 420)
    page.show()
    qtbot.waitUntil(lambda: page.model.rowCount() == 2, timeout=10_000)
    settle(qtbot)
    return page


def test_masked_bill_amounts_in_the_list_and_the_bill(qtbot, qtmodeltester, bills, benji_paths,  # type: ignore[no-untyped-def]
                                                      chinese) -> None:
    page = _open_page(qtbot, bills, "masked", benji_paths)
    qtmodeltester.check(page.model)
    headers, rows = _headers(page.model), _texts(page.model)
    assert headers[5:9] == ["价税合计", "应付金额", "已付金额", "未付金额"]
    for row in rows:
        assert row[5:9] == ["****"] * 4
        assert not any(amount in cell for cell in row for amount in AMOUNTS)
    assert {row[1] for row in rows} == set(NAMES)
    assert page.amounts_note.isVisible() and page.amounts_note.text() == amounts.note("bills", FieldRule.MASKED)
    qtbot.wait(100)  # the count label's new width laid out
    page.grab().save("/tmp/masked_bills.png")

    page.table.selectRow(next(i for i, bill in enumerate(page.model.rows) if bill.id == bills["bill"]))
    page.open_selected()
    dialog = page.dialog
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.detail is not None, timeout=10_000)
    settle(qtbot)
    lines = _texts(dialog.lines)
    assert lines[0][3:5] == ["****", "****"] and lines[0][5] == "6 %" and lines[0][6:8] == ["****", "****"]
    assert {label.text() for label in dialog.totals.values()} <= {"****", "—"}
    assert dialog.amounts_note.isVisible()
    assert dialog.pay_button.isHidden() is False  # payment amounts are the clerk's to type: only bills are masked
    assert dialog.add_button.isHidden() and dialog.credit_button.isHidden()
    dialog.resize(1020, 560)
    qtbot.wait(100)
    dialog.grab().save("/tmp/masked_bill_detail.png")
    dialog.close()


def test_hidden_bill_amounts_leave_the_money_columns_out(qtbot, bills, benji_paths, chinese) -> None:  # type: ignore[no-untyped-def]
    page = _open_page(qtbot, bills, "hidden", benji_paths)
    headers, rows = _headers(page.model), _texts(page.model)
    assert len(headers) == 7 and "价税合计" not in headers and "未付金额" not in headers
    assert not any("****" in cell or any(amount in cell for amount in AMOUNTS) for row in rows for cell in row)
    assert page.amounts_note.text() == amounts.note("bills", FieldRule.HIDDEN) != ""
    qtbot.wait(100)
    page.grab().save("/tmp/hidden_bills.png")


def test_masked_payment_amounts_in_the_account_tab(qtbot, bills, benji_paths, chinese) -> None:  # type: ignore[no-untyped-def]
    from desktop_app.views.customer_dialog import CustomerDialog

    dialog = CustomerDialog(state_for(bills, "masked_pay", benji_paths), bills["customer"], ["standard"])
    qtbot.addWidget(dialog)
    dialog.resize(1000, 720)
    dialog.show()
    dialog.tabs.setCurrentWidget(dialog.account)
    tab = dialog.account
    qtbot.waitUntil(lambda: tab.view is not None, timeout=10_000)
    settle(qtbot)
    assert "****" in tab.summary.text() and "1,080.50" in tab.summary.text()  # balance masked, outstanding shown
    assert "200.00" not in tab.summary.text() and "****" in tab.wallet_line.text()
    entries = {row[2]: row for row in _texts(tab.entries)}
    assert entries["收款"][5] == "****" and entries["收款"][6] == "****" and entries["账单"][4] == "¥1,280.50"
    assert all(row[2] == "****" and row[3] == "****" for row in _texts(tab.wallet_entries))
    assert tab.pay_button.isHidden() and tab.top_up_button.isHidden() and tab.threshold_button.isHidden()
    assert tab.printing.receipt_button.isHidden() and tab.printing.statement_button.isHidden()
    dialog.grab().save("/tmp/masked_account.png")


def test_masked_prices_open_the_plan_read_only_without_the_calculator(qtbot, bills, benji_paths,  # type: ignore[no-untyped-def]
                                                                      chinese) -> None:
    from desktop_app.services.plans import list_plans, list_versions
    from desktop_app.views.plan_editor import PlanEditor

    admin = bills["contexts"]["admin"]
    access = admin.actor.access
    grant = access.grants["products"]
    grants = {**access.grants, "products": replace(grant, fields={"unit_price": FieldRule.MASKED})}
    masked = admin.as_actor(replace(admin.actor, access=replace(access, grants=grants)))
    org = {**bills, "contexts": {**bills["contexts"], "masked_prices": masked}}
    plan = list_plans(masked)[0]
    version = list_versions(masked, plan.id)[0]
    assert version.definition["charges"][0]["price"] == "****"
    editor = PlanEditor(state_for(org, "masked_prices", benji_paths), plan, version)
    qtbot.addWidget(editor)
    editor.resize(1100, 640)
    editor.show()
    settle(qtbot)
    assert editor.read_only and editor.save_button.isHidden() and editor.calculator.isHidden()
    assert editor.charges.charges[0]["price"] == "****" and editor.note.text() == amounts.note("products",
                                                                                                FieldRule.MASKED)
    assert "1280.50" not in str(editor.definition())
    qtbot.wait(400)  # past the check's debounce: nothing checked, no problem listed
    assert editor.problem_list.isHidden()
    editor.grab().save("/tmp/masked_plan_editor.png")
