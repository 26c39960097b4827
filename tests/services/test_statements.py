"""The customer statement (对账单) on SQLite, PostgreSQL and MariaDB: opening and closing balances, entries with
the running balance, void bills at 0.00, the aging at the end of the period to the fen, agreement with
payments.customer_account, scope and permission.

Bills and credit notes are inserted as issued rows (as tests/services/test_payments.py does); payments,
credit applied and refunds go through the payment service with an injected clock."""

from __future__ import annotations

import dataclasses
import itertools
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

import pytest

from desktop_app.errors import DomainError, PermissionDenied, ValidationFailed
from desktop_app.messages_account import account_templates
from desktop_app.models import Bill
from desktop_app.services.access import Access
from desktop_app.services.context import Context
from desktop_app.services.customers import CustomerInput, create_customer
from desktop_app.services.payments import PaymentInput, allocate_open_credit, customer_account, record_payment, refund
from desktop_app.services.statements import Aging, aging_bucket, statement

D = Decimal
NUMBERS = itertools.count(1)
JUNE_30 = datetime(2026, 6, 30, 4, 0, tzinfo=UTC)  # 12:00 in Shanghai


def _at(context: Context, instant: datetime) -> Context:
    return Context(context.database, context.actor, lambda: instant, context.desktop)


def _bill(context: Context, customer_id: int, amount: str, issued: date, due: date | None, *, kind: str = "bill",
          status: str = "issued", original: int | None = None) -> int:
    series, number = ("ZD" if kind == "bill" else "HC"), next(NUMBERS)
    with context.unit_of_work() as uow:
        row = Bill(kind=kind, status=status, series=series, year=issued.year, number=number,
                   code=f"{series}-{issued.year}-{number:06d}", customer_id=customer_id, original_bill_id=original,
                   total_net=D(amount), total_tax=D("0.00"), total_gross=D(amount), amount_due=D(amount),
                   paid=D("0.00"), issue_date=issued, due_date=due, snapshot={}, created_at=context.clock(),
                   issued_at=context.clock(), issued_by="test")
        uow.session.add(row)
        uow.session.flush()
        bill_id = row.id
        uow.commit()
    return bill_id


@pytest.fixture
def ledger(org: dict[str, Any]) -> dict[str, Any]:
    """A customer of north1 with a half year of bills, a void bill, a credit note, payments and a refund."""
    clerk = _at(org["contexts"]["clerk"], JUNE_30)
    customer, _ = create_customer(org["contexts"]["north1"], CustomerInput(name="北京科技有限公司"))
    mine = customer.id
    ids = {"b1": _bill(clerk, mine, "100.00", date(2026, 1, 10), date(2026, 2, 9))}
    ids["b2"] = _bill(clerk, mine, "250.50", date(2026, 2, 15), date(2026, 3, 17))
    ids["void"] = _bill(clerk, mine, "80.00", date(2026, 3, 1), date(2026, 3, 31), status="void")
    ids["note"] = _bill(clerk, mine, "20.00", date(2026, 3, 20), None, kind="credit_note", original=ids["b2"])
    ids["b3"] = _bill(clerk, mine, "300.33", date(2026, 4, 1), date(2026, 5, 1))
    ids["b4"] = _bill(clerk, mine, "45.67", date(2026, 6, 1), date(2026, 7, 1))
    _bill(clerk, mine, "999.99", date(2026, 6, 2), date(2026, 7, 2), status="draft")  # never on a statement
    record_payment(clerk, PaymentInput(mine, "100.00", date(2026, 2, 1), "bank"), "p1")  # settles b1
    record_payment(clerk, PaymentInput(mine, "150.00", date(2026, 4, 10), "alipay"), "p2")  # b2: 100.50 left
    allocate_open_credit(clerk, mine, "note")  # the credit note settles 20.00 of b2: 80.50 left
    record_payment(clerk, PaymentInput(mine, "50.00", date(2026, 5, 20), "cash", allocations=()), "p3")  # credit
    refund(clerk, mine, "30.00", "cash", "r1")  # on June 30 (the clock)
    return {**org, "clerk": clerk, "mine": mine, "ids": ids}


def test_a_period_in_the_past_opening_entries_closing_and_aging_to_the_fen(ledger: dict[str, Any]) -> None:
    clerk, mine = ledger["clerk"], ledger["mine"]
    result = statement(clerk, mine, date(2026, 3, 1), date(2026, 6, 1))
    assert (result.customer_name, result.currency) == ("北京科技有限公司", "CNY")
    assert result.opening_balance == D("250.50")  # b1 + b2 − p1
    assert [(e.day, e.kind, e.status, e.amount, e.balance) for e in result.entries] == [
        (date(2026, 3, 1), "bill", "void", D("0.00"), D("250.50")),
        (date(2026, 3, 20), "credit_note", "issued", D("-20.00"), D("230.50")),
        (date(2026, 4, 1), "bill", "issued", D("300.33"), D("530.83")),
        (date(2026, 4, 10), "payment", "received", D("-150.00"), D("380.83")),
        (date(2026, 5, 20), "payment", "received", D("-50.00"), D("330.83")),
    ]
    note = result.entries[1]
    assert (note.debit, note.credit, note.reference) == (D("0.00"), D("20.00"), result.entries[1].reference)
    assert result.entries[3].method == "alipay"
    assert result.closing_balance == D("330.83")
    assert (result.billed, result.credited, result.paid, result.refunded) == (
        D("300.33"), D("20.00"), D("200.00"), D("0.00"))
    # on May 31: b2 80.50 due Mar 17 is 75 days overdue, b3 300.33 due May 1 is 30; b4 not issued yet
    assert result.aging == Aging(date(2026, 5, 31), D("0.00"), D("300.33"), D("0.00"), D("80.50"), D("0.00"))
    assert (result.aging.overdue, result.aging.total) == (D("380.83"), D("380.83"))


def test_the_statement_to_today_agrees_with_the_account(ledger: dict[str, Any]) -> None:
    clerk, mine = ledger["clerk"], ledger["mine"]
    result = statement(clerk, mine, date(2026, 6, 1), date(2026, 7, 1))  # to today (June 30) included
    account = customer_account(clerk, mine)
    assert result.opening_balance == D("330.83")
    assert [(e.kind, e.amount, e.balance) for e in result.entries] == [
        ("bill", D("45.67"), D("376.50")), ("refund", D("30.00"), D("406.50"))]
    assert result.closing_balance == account.balance == D("406.50")
    assert result.aging == Aging(date(2026, 6, 30), D("45.67"), D("0.00"), D("300.33"), D("0.00"), D("80.50"))
    assert result.aging.total == account.outstanding
    assert result.aging.overdue == account.overdue == D("380.83")
    whole = statement(clerk, mine, date(2020, 1, 1), date(2027, 1, 1))
    assert whole.opening_balance == D("0.00")
    assert whole.closing_balance == account.balance
    assert (whole.billed, whole.credited, whole.paid, whole.refunded) == (
        account.billed, account.credited, account.paid, account.refunded)
    assert all(entry.status != "draft" for entry in whole.entries)


def test_credit_applied_later_ages_from_the_day_the_money_came(org: dict[str, Any]) -> None:
    clerk = _at(org["contexts"]["clerk"], JUNE_30)
    customer, _ = create_customer(org["contexts"]["north1"], CustomerInput(name="上海贸易"))
    record_payment(clerk, PaymentInput(customer.id, "70.00", date(2026, 1, 5), "bank"), "early")  # open credit
    _bill(clerk, customer.id, "100.00", date(2026, 2, 1), date(2026, 3, 3))
    allocate_open_credit(clerk, customer.id, "later")  # applied on June 30
    march = statement(clerk, customer.id, date(2026, 1, 1), date(2026, 4, 1))
    assert march.closing_balance == D("30.00")
    assert march.aging == Aging(date(2026, 3, 31), D("0.00"), D("30.00"), D("0.00"), D("0.00"), D("0.00"))
    january = statement(clerk, customer.id, date(2026, 1, 1), date(2026, 2, 1))
    assert (january.closing_balance, january.aging.total) == (D("-70.00"), D("0.00"))


def test_aging_buckets_at_their_edges() -> None:
    assert [aging_bucket(days) for days in (-3, 0, 1, 30, 31, 60, 61, 90, 91, 400)] == [
        "current", "current", "days_1_30", "days_1_30", "days_31_60", "days_31_60", "days_61_90", "days_61_90",
        "over_90", "over_90"]


def test_scope_permission_and_a_period_that_ends_before_it_starts(ledger: dict[str, Any]) -> None:
    mine, contexts = ledger["mine"], ledger["contexts"]
    assert statement(contexts["north1"], mine, date(2026, 1, 1), date(2027, 1, 1)).closing_balance == D("406.50")
    assert statement(contexts["manager"], mine, date(2026, 1, 1), date(2027, 1, 1)).closing_balance == D("406.50")
    with pytest.raises(DomainError) as hidden:
        statement(contexts["south1"], mine, date(2026, 1, 1), date(2027, 1, 1))
    assert hidden.value.code == "record.not_found"
    north1 = contexts["north1"]
    access = north1.actor.access
    no_bills = north1.as_actor(dataclasses.replace(north1.actor, access=Access(
        {k: v for k, v in access.grants.items() if k != "bills"}, access.role_names)))
    with pytest.raises(PermissionDenied):
        statement(no_bills, mine, date(2026, 1, 1), date(2027, 1, 1))
    for end in (date(2026, 1, 1), date(2025, 12, 31)):
        with pytest.raises(ValidationFailed) as invalid:
            statement(north1, mine, date(2026, 1, 1), end)
        assert (invalid.value.code, invalid.value.params["field"]) == ("statement.period_invalid", "period_to")
        assert account_templates()[invalid.value.code].format(**invalid.value.params)
