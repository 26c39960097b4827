"""Money screens on SQLite: recording a payment over two open bills (oldest first) with the rest as open
credit, and a credit note for part of a line, then one beyond what is creditable (refused, nothing written)."""

from __future__ import annotations

import itertools
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from PySide6.QtCore import QDate
from PySide6.QtWidgets import QMessageBox
from screens import settle, state_for
from sqlalchemy import func, select

from desktop_app.models import Bill
from desktop_app.services.bill_runs import run_bills
from desktop_app.services.bills import get_bill, issue_bill, list_bills
from desktop_app.services.catalog import ProductInfo, save_product
from desktop_app.services.credit_notes import creditable
from desktop_app.services.customers import CustomerInput, create_customer
from desktop_app.services.payments import customer_account, list_payments, outstanding_bills
from desktop_app.services.plans import create_plan, publish
from desktop_app.services.subscriptions import create_subscription

pytestmark = pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
D = Decimal
NUMBERS = itertools.count(1)
PLAN = {"charges": [
    {"kind": "recurring", "code": "base", "name": "月租", "product": "svc", "price": "99.00", "interval": "month"},
    {"kind": "one_time", "code": "setup", "name": "开通费", "product": "svc", "price": "200.00"},
]}


def _issued(context: Any, customer_id: int, amount: str, issued: date, due: date) -> int:
    """An issued bill inserted as a row (as tests/services/test_payments.py does)."""
    number = next(NUMBERS)
    with context.unit_of_work() as uow:
        row = Bill(kind="bill", status="issued", series="ZD", year=issued.year, number=number,
                   code=f"ZD-{issued.year}-{number:06d}", customer_id=customer_id, total_net=D(amount),
                   total_tax=D("0.00"), total_gross=D(amount), amount_due=D(amount), paid=D("0.00"),
                   issue_date=issued, due_date=due, snapshot={}, created_at=context.clock(),
                   issued_at=context.clock(), issued_by="test")
        uow.session.add(row)
        uow.session.flush()
        bill_id = row.id
        uow.commit()
    return bill_id


def cell(dialog: Any, row: int, column: int) -> str:
    item = dialog.table.item(row, column)
    assert item is not None
    return str(item.text())


def put(dialog: Any, row: int, column: int, text: str) -> None:
    item = dialog.table.item(row, column)
    assert item is not None
    item.setText(text)


def _count_notes(context: Any) -> int:
    with context.unit_of_work(write=False) as uow:
        return int(uow.session.scalar(select(func.count()).select_from(Bill).where(Bill.kind == "credit_note")) or 0)


@pytest.fixture
def quiet(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """QMessageBox statics answered at once; what they said is kept."""
    said: list[str] = []

    def information(_parent: Any, _title: str, text: str, *args: Any) -> Any:
        said.append(text)
        return QMessageBox.StandardButton.Ok

    monkeypatch.setattr(QMessageBox, "information", information)
    return said


def test_payment_over_two_bills_oldest_first_leaves_open_credit(  # type: ignore[no-untyped-def]
        qtbot, org, benji_paths, quiet, chinese) -> None:
    from desktop_app.views.payment_dialog import PaymentDialog

    clerk, north1 = org["contexts"]["clerk"], org["contexts"]["north1"]
    customer, _ = create_customer(north1, CustomerInput(name="北京星河科技有限公司"))
    newer = _issued(clerk, customer.id, "300.00", date(2026, 4, 1), date(2026, 4, 15))
    older = _issued(clerk, customer.id, "500.00", date(2026, 3, 1), date(2026, 3, 15))

    dialog = PaymentDialog(state_for(org, "clerk", benji_paths), customer.id)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: len(dialog.bills) == 2, timeout=10_000)
    settle(qtbot)
    assert [bill.id for bill in dialog.bills] == [older, newer]  # oldest due first
    assert cell(dialog, 0, 0) == dialog.bills[0].code
    assert dialog.received_on.date() == QDate.currentDate()

    dialog.amount.setText("1,000.00")  # follows the amount: 500.00 then 300.00, 200.00 open credit
    assert [cell(dialog, row, dialog.ALLOCATE) for row in range(2)] == ["500.00", "300.00"]
    assert "¥800.00" in dialog.summary.text() and "¥200.00" in dialog.summary.text()
    dialog.method.setCurrentIndex(dialog.method.findData("alipay"))
    dialog.reference.setText("2026051022001400001")
    dialog.payer.setText("张三")
    dialog.grab().save("/tmp/pay_payment_dialog.png")

    dialog.ok_button.click()
    dialog.ok_button.click()  # a double click records once (disabled, and the same token)
    qtbot.waitUntil(lambda: dialog.saved is not None, timeout=10_000)
    settle(qtbot)
    payment = dialog.saved
    assert payment.code.startswith("SK-") and payment.amount == D("1000.00") and payment.allocated == D("800.00")
    assert payment.method == "alipay" and payment.payer == "张三"
    assert quiet and payment.code in quiet[0]
    assert dialog.result() == dialog.DialogCode.Accepted

    assert len(list_payments(clerk, customer.id)) == 1
    assert get_bill(clerk, older).bill.status == "paid" and get_bill(clerk, newer).bill.status == "paid"
    assert outstanding_bills(clerk, customer.id) == []
    account = customer_account(clerk, customer.id)
    assert account.open_credit == D("200.00") and account.outstanding == D("0.00")


def test_payment_refused_keeps_the_dialog_open(  # type: ignore[no-untyped-def]
        qtbot, org, benji_paths, quiet, chinese) -> None:
    from desktop_app.views.payment_dialog import PaymentDialog

    clerk, north1 = org["contexts"]["clerk"], org["contexts"]["north1"]
    customer, _ = create_customer(north1, CustomerInput(name="天津云帆网络有限公司"))
    first = _issued(clerk, customer.id, "100.00", date(2026, 3, 1), date(2026, 3, 15))
    second = _issued(clerk, customer.id, "100.00", date(2026, 4, 1), date(2026, 4, 15))
    dialog = PaymentDialog(state_for(org, "clerk", benji_paths), customer.id, preselected_bill_id=second)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: len(dialog.bills) == 2, timeout=10_000)
    assert [bill.id for bill in dialog.bills] == [second, first]  # the bill looked at first
    dialog.amount.setText("50")
    put(dialog, 1, dialog.ALLOCATE, "30.00")  # typed by hand: 50 + 30 > 50
    assert cell(dialog, 0, dialog.ALLOCATE) == "50.00"
    dialog.ok_button.click()
    qtbot.waitUntil(lambda: not dialog.errors.label.isHidden(), timeout=10_000)
    settle(qtbot)
    assert dialog.isVisible() and dialog.saved is None and not quiet and dialog.ok_button.isEnabled()
    assert list_payments(clerk, customer.id) == []
    dialog.grab().save("/tmp/pay_payment_refused.png")

    dialog.oldest_button.click()  # back to following the amount: fine now
    assert cell(dialog, 1, dialog.ALLOCATE) == ""
    dialog.ok_button.click()
    qtbot.waitUntil(lambda: dialog.saved is not None, timeout=10_000)
    settle(qtbot)
    assert get_bill(clerk, second).bill.status == "partially_paid"
    assert get_bill(clerk, first).bill.status == "issued"


@pytest.fixture
def issued_bill(org: dict[str, Any]) -> dict[str, Any]:
    admin, north1, clerk = (org["contexts"][who] for who in ("admin", "north1", "clerk"))
    save_product(admin, ProductInfo(0, "svc", "软件服务", unit="月", tax_rate="0.06"))
    plan, _, _ = create_plan(admin, "std", "标准套餐", "", PLAN)
    publish(admin, plan.id)
    customer, _ = create_customer(north1, CustomerInput(name="河北远景信息有限公司", tax_id="91130100MA0CDE3J0B"))
    create_subscription(north1, customer.id, date(2026, 3, 1), plan_id=plan.id, seats=1)
    run_bills(clerk, date(2026, 3, 1))
    [draft] = list_bills(clerk)
    bill, _ = issue_bill(clerk, draft.id)
    return {**org, "bill": bill}


def test_credit_note_part_of_a_line_then_refused_beyond_creditable(  # type: ignore[no-untyped-def]
        qtbot, issued_bill, benji_paths, quiet, chinese) -> None:
    from desktop_app.views.credit_note_dialog import CreditNoteDialog

    admin, bill = issued_bill["contexts"]["admin"], issued_bill["bill"]

    def open_dialog() -> Any:
        dialog = CreditNoteDialog(state_for(issued_bill, "admin", benji_paths), bill.id)
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitUntil(lambda: len(dialog.lines) == 2, timeout=10_000)
        settle(qtbot)
        return dialog

    dialog = open_dialog()
    rows = {cell(dialog, row, 0): row for row in range(2)}
    base = rows[next(text for text in rows if "月租" in text)]
    assert cell(dialog, base, 3) == "99.00"
    dialog.credit_all()
    assert dialog.total.text() == dialog.tr("Total to credit: {0}").format("¥299.00")
    dialog.clear_button.click()
    put(dialog, base, dialog.CREDIT, "30.00")
    assert dialog.total.text() == dialog.tr("Total to credit: {0}").format("¥30.00")

    dialog.ok_button.click()  # no reason: refused by the service
    qtbot.waitUntil(lambda: not dialog.error.isHidden(), timeout=10_000)
    settle(qtbot)
    assert dialog.isVisible() and _count_notes(admin) == 0
    dialog.reason.setText("3月服务中断3天，协商减免")
    dialog.grab().save("/tmp/pay_credit_note_dialog.png")
    dialog.ok_button.click()
    qtbot.waitUntil(lambda: dialog.saved is not None, timeout=10_000)
    settle(qtbot)
    assert dialog.saved.code.startswith("HC-") and quiet and dialog.saved.code in quiet[0]
    lines = {line.description: line for line in creditable(admin, bill.id)}
    [base_line] = [line for text, line in lines.items() if "月租" in text]
    assert base_line.credited == D("30.00") and base_line.creditable == D("69.00")
    assert get_bill(admin, bill.id).bill.outstanding == D("269.00")

    # beyond what is left: refused with the service's sentence, the dialog stays, nothing written
    dialog = open_dialog()
    assert cell(dialog, base, 2) == "30.00"
    put(dialog, base, dialog.CREDIT, "70.00")
    dialog.reason.setText("再次减免")
    dialog.ok_button.click()
    qtbot.waitUntil(lambda: not dialog.error.isHidden(), timeout=10_000)
    settle(qtbot)
    assert "69.00" in dialog.error.text() and "70.00" in dialog.error.text()
    assert dialog.isVisible() and dialog.saved is None and dialog.ok_button.isEnabled()
    assert _count_notes(admin) == 1 and len(quiet) == 1
    dialog.grab().save("/tmp/pay_credit_note_refused.png")


def test_bill_detail_buttons_follow_status_and_permission(  # type: ignore[no-untyped-def]
        qtbot, issued_bill, benji_paths, quiet, chinese) -> None:
    from desktop_app.views.bill_detail import BillDetailDialog

    bill = issued_bill["bill"]
    shown = {}
    for who in ("admin", "clerk", "auditor"):
        detail = BillDetailDialog(state_for(issued_bill, who, benji_paths), bill.id)
        qtbot.addWidget(detail)
        detail.show()
        qtbot.waitUntil(lambda d=detail: d.detail is not None, timeout=10_000)
        shown[who] = (not detail.pay_button.isHidden(), not detail.credit_button.isHidden())
        if who == "admin":
            detail.grab().save("/tmp/pay_bill_detail_admin.png")
    assert shown == {"admin": (True, True), "clerk": (True, False), "auditor": (False, False)}
