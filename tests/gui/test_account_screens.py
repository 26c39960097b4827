"""The customer's account screens on SQLite: the Account tab of the customer dialog shows the statement and
totals the services compute; a top-up and a low-balance threshold through the wallet part; the payment
reminders dialog marks a reminder and the customer leaves today's list. Screenshots: /tmp/acct_*.png."""

from __future__ import annotations

import itertools
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from screens import settle, state_for

from desktop_app.models import Bill
from desktop_app.services.contacts import list_follow_ups
from desktop_app.services.customers import CustomerInput, create_customer
from desktop_app.services.dunning import reminders_due
from desktop_app.services.payments import PaymentInput, customer_account, record_payment
from desktop_app.services.statements import statement
from desktop_app.services.wallets import wallet_of
from desktop_app.views.payment_dialog import method_name
from desktop_app.views.quote_view import yuan

pytestmark = pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
D = Decimal
NUMBERS = itertools.count(1)
TODAY = date.today()


def _issued(context: Any, customer_id: int, amount: str, issued: date, due: date, status: str = "issued") -> int:
    """An issued bill inserted as a row (as tests/services/test_payments.py does)."""
    number = next(NUMBERS)
    with context.unit_of_work() as uow:
        row = Bill(kind="bill", status=status, series="ZD", year=issued.year, number=number,
                   code=f"ZD-{issued.year}-{number:06d}", customer_id=customer_id, total_net=D(amount),
                   total_tax=D("0.00"), total_gross=D(amount), amount_due=D(amount), paid=D("0.00"),
                   issue_date=issued, due_date=due, snapshot={}, created_at=context.clock(),
                   issued_at=context.clock(), issued_by="test")
        uow.session.add(row)
        uow.session.flush()
        bill_id = row.id
        uow.commit()
    return bill_id


@pytest.fixture
def account(org: dict[str, Any]) -> dict[str, Any]:
    """A customer of north1 with three bills this year (one void), one last year, and two payments."""
    clerk = org["contexts"]["clerk"]
    customer, _ = create_customer(org["contexts"]["north1"], CustomerInput(name="北京星河科技有限公司"))
    start = TODAY.replace(month=1, day=1)
    _issued(clerk, customer.id, "500.00", start - timedelta(days=20), start + timedelta(days=10))
    _issued(clerk, customer.id, "1280.50", start + timedelta(days=5), start + timedelta(days=35))
    _issued(clerk, customer.id, "99.00", start + timedelta(days=6), start + timedelta(days=36), status="void")
    _issued(clerk, customer.id, "318.27", TODAY - timedelta(days=40), TODAY - timedelta(days=10))
    record_payment(clerk, PaymentInput(customer.id, "600.00", start + timedelta(days=8), "bank"), "gui-p1")
    record_payment(clerk, PaymentInput(customer.id, "200.00", TODAY, "alipay"), "gui-p2")
    return {**org, "customer": customer.id}


def _shot(widget: Any, name: str) -> None:
    widget.grab().save(f"/tmp/acct_{name}.png")


def _open_account(qtbot: Any, org: dict[str, Any], who: str, paths: Any) -> Any:
    from desktop_app.views.customer_dialog import CustomerDialog

    dialog = CustomerDialog(state_for(org, who, paths), org["customer"], ["standard"])
    qtbot.addWidget(dialog)
    dialog.resize(1000, 720)
    dialog.show()
    dialog.tabs.setCurrentWidget(dialog.account)
    qtbot.waitUntil(lambda: dialog.account.view is not None, timeout=10_000)
    settle(qtbot)
    return dialog


def test_the_account_tab_shows_what_the_services_compute(qtbot, qtmodeltester, account, benji_paths,  # type: ignore[no-untyped-def]
                                                        chinese) -> None:
    admin, customer_id = account["contexts"]["admin"], account["customer"]
    dialog = _open_account(qtbot, account, "admin", benji_paths)
    tab = dialog.account
    expected = statement(admin, customer_id, TODAY.replace(month=1, day=1), TODAY + timedelta(days=1))
    totals = customer_account(admin, customer_id)
    assert tab.view.statement == expected
    assert expected.closing_balance == totals.balance == D("1298.77")  # 500 + 1280.50 + 318.27 − 800
    assert tab.entries.rowCount() == len(expected.entries) == 5  # bill, void bill, payment, bill, payment
    assert yuan(expected.opening_balance) in tab.opening.text()
    assert yuan(expected.closing_balance) in tab.closing.text()
    assert yuan(expected.aging.days_1_30) in tab.aging.text() and yuan(expected.aging.over_90) in tab.aging.text()
    assert yuan(totals.balance) in tab.summary.text() and yuan(totals.overdue) in tab.summary.text()
    last = tab.entries.rowCount() - 1
    assert tab.entries.data(tab.entries.index(last, 6)) == yuan(expected.closing_balance)
    assert tab.entries.data(tab.entries.index(1, 4)) == "¥0.00"  # the void bill: shown, nothing charged
    assert tab.entries.data(tab.entries.index(last, 7)) == method_name("alipay")
    qtmodeltester.check(tab.entries)
    assert tab.pay_button.isVisible() and tab.top_up_button.isVisible() and tab.threshold_button.isVisible()
    _shot(dialog, "account_tab")
    dialog.resize(900, 600)  # the dialog's own size
    _shot(dialog, "account_tab_small")

    tab.period_to.setDate(tab.period_from.date().addDays(-1))  # ends before it starts: said, nothing shown
    tab.reload()
    qtbot.waitUntil(lambda: tab.errors.label.isVisibleTo(tab), timeout=10_000)
    assert "2026-01-01" in tab.errors.label.text()  # the sentence names the start it must come after


def test_top_up_and_low_balance_through_the_wallet_part(qtbot, account, benji_paths, chinese) -> None:  # type: ignore[no-untyped-def]
    from desktop_app.views.account_tab import ThresholdDialog, TopUpDialog

    admin, customer_id = account["contexts"]["admin"], account["customer"]
    dialog = _open_account(qtbot, account, "admin", benji_paths)
    tab = dialog.account
    tab.top_up_button.click()
    top_up = tab.dialog
    assert isinstance(top_up, TopUpDialog)
    top_up.amount.setText("1,000.00")
    top_up.bonus.setText("100")
    top_up.note.setText("充值活动")
    _shot(top_up, "top_up")
    top_up.ok_button.click()
    top_up.ok_button.click()  # a double click tops up once
    qtbot.waitUntil(lambda: top_up.saved is not None, timeout=10_000)
    settle(qtbot)
    wallet = wallet_of(admin, customer_id)
    assert wallet.balance == D("1100.00") and [e.kind for e in wallet.entries] == ["bonus", "top_up"]
    qtbot.waitUntil(lambda: tab.wallet_entries.rowCount() == 2, timeout=10_000)
    assert "¥1,100.00" in tab.wallet_line.text() and tab.low_flag.text() == ""

    tab.threshold_button.click()
    threshold = tab.dialog
    assert isinstance(threshold, ThresholdDialog)
    threshold.threshold.setText("abc")
    threshold.ok_button.click()
    qtbot.waitUntil(lambda: threshold.errors.label.isVisibleTo(threshold), timeout=10_000)
    threshold.threshold.setText("2,000.00")
    threshold.ok_button.click()
    qtbot.waitUntil(lambda: threshold.saved is not None, timeout=10_000)
    settle(qtbot)
    assert wallet_of(admin, customer_id).is_low
    qtbot.waitUntil(lambda: tab.low_flag.text() != "", timeout=10_000)
    _shot(dialog, "account_wallet_low")


def test_a_salesperson_sees_the_account_without_money_buttons(qtbot, account, benji_paths, chinese) -> None:  # type: ignore[no-untyped-def]
    dialog = _open_account(qtbot, account, "north1", benji_paths)
    tab = dialog.account
    assert tab.view.statement is not None and tab.view.wallet is not None  # bills.view, payments.view (own)
    assert not tab.pay_button.isVisibleTo(tab) and not tab.top_up_button.isVisibleTo(tab)
    assert not tab.threshold_button.isVisibleTo(tab)


def test_the_reminders_dialog_marks_a_reminder_and_the_customer_leaves_the_list(  # type: ignore[no-untyped-def]
        qtbot, qtmodeltester, account, benji_paths, chinese) -> None:
    from desktop_app.views.dunning_dialog import DunningDialog, MarkRemindedDialog

    north1, customer_id = account["contexts"]["north1"], account["customer"]
    other, _ = create_customer(north1, CustomerInput(name="天津云帆网络有限公司"))
    _issued(account["contexts"]["clerk"], other.id, "66.00", TODAY - timedelta(days=30), TODAY - timedelta(days=8))
    state = state_for(account, "north1", benji_paths)
    dialog = DunningDialog(state, today=TODAY)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 2, timeout=10_000)
    settle(qtbot)
    qtmodeltester.check(dialog.model)
    assert [r.customer_id for r in dialog.model.rows] == [customer_id, other.id]  # biggest amount first
    assert [r.stage for r in dialog.model.rows] == [30, 7]  # ~300 and 8 days overdue
    assert not dialog.mark_button.isEnabled()
    _shot(dialog, "reminders")

    dialog.table.selectRow(0)
    assert dialog.mark_button.isEnabled()
    dialog.mark_button.click()
    mark = dialog.dialog
    assert isinstance(mark, MarkRemindedDialog)
    mark.channel.setCurrentIndex(mark.channel.findData("email"))
    assert mark.note.toPlainText()  # a sentence suggested in the user's language
    mark.note.setPlainText(mark.note.toPlainText() + " 财务经理答应周五付款")
    _shot(mark, "mark_reminded")
    mark.ok_button.click()
    qtbot.waitUntil(lambda: mark.saved is not None, timeout=10_000)
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 1, timeout=10_000)
    settle(qtbot)
    assert [r.customer_id for r in dialog.model.rows] == [other.id]
    assert [r.customer_id for r in reminders_due(north1, TODAY)] == [other.id]
    history = list_follow_ups(north1, customer_id)
    assert len(history) == 1 and history[0].kind == "message" and "财务经理答应周五付款" in history[0].content
    _shot(dialog, "reminders_after")


def test_the_bills_page_opens_the_reminders(qtbot, account, benji_paths, chinese) -> None:  # type: ignore[no-untyped-def]
    from desktop_app.views.dunning_dialog import DunningDialog
    from desktop_app.views.pages.bills import BillsPage

    page = BillsPage(state_for(account, "clerk", benji_paths))
    qtbot.addWidget(page)
    page.show()
    settle(qtbot)
    page.reminders_button.click()
    assert isinstance(page.dialog, DunningDialog)
    qtbot.waitUntil(lambda: page.dialog.model.rowCount() == 1, timeout=10_000)  # the clerk sees all
    settle(qtbot)
    assert page.dialog.mark_button.isVisibleTo(page.dialog)  # collecting is the clerk's work (payments.edit)
