"""Payments on SQLite, PostgreSQL and MariaDB: settling bills oldest first or as chosen, open credit,
credit notes, refunds, the account to the fen, gap-free receipt numbers, idempotent tokens, scope,
permissions, and wallet credit from a paid top-up bill.

Bills are inserted as issued rows directly (the bill run and issuing are not part of this service)."""

from __future__ import annotations

import dataclasses
import itertools
import threading
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import func, select

from desktop_app.db import open_url
from desktop_app.errors import DomainError, PermissionDenied, ValidationFailed
from desktop_app.messages_payments import payment_templates
from desktop_app.models import AuditEntry, Bill, Counter, Payment, PaymentAllocation
from desktop_app.services.access import Access, ResourceGrant
from desktop_app.services.context import Context
from desktop_app.services.customers import CustomerInput, create_customer
from desktop_app.services.payments import (
    PaymentInput,
    allocate_open_credit,
    customer_account,
    list_payments,
    outstanding_bills,
    payment_allocations,
    record_payment,
    refund,
)
from desktop_app.services.wallets import ledger_total, wallet_of

D = Decimal
NUMBERS = itertools.count(1)
MAY_10 = date(2026, 5, 10)


@pytest.fixture
def pay(org: dict[str, Any]) -> dict[str, Any]:
    north1, south1 = org["contexts"]["north1"], org["contexts"]["south1"]
    mine, _ = create_customer(north1, CustomerInput(name="北京科技有限公司"))
    theirs, _ = create_customer(south1, CustomerInput(name="广州贸易有限公司"))
    return {**org, "clerk": org["contexts"]["clerk"], "mine": mine.id, "theirs": theirs.id}


def _bill(context: Context, customer_id: int, amount: str, issued: date, due: date | None, *,
          kind: str = "bill", original: int | None = None, snapshot: dict[str, Any] | None = None) -> int:
    series, number = ("ZD" if kind == "bill" else "HC"), next(NUMBERS)
    with context.unit_of_work() as uow:
        row = Bill(kind=kind, status="issued", series=series, year=issued.year, number=number,
                   code=f"{series}-{issued.year}-{number:06d}", customer_id=customer_id, original_bill_id=original,
                   total_net=D(amount), total_tax=D("0.00"), total_gross=D(amount), amount_due=D(amount),
                   paid=D("0.00"), issue_date=issued, due_date=due, snapshot=snapshot or {},
                   created_at=context.clock(), issued_at=context.clock(), issued_by="test")
        uow.session.add(row)
        uow.session.flush()
        bill_id = row.id
        uow.commit()
    return bill_id


def _bills(context: Context, *ids: int) -> list[tuple[str, Decimal]]:
    with context.unit_of_work(write=False) as uow:
        return [(row.status, row.paid) for row in (uow.session.get(Bill, i) for i in ids) if row is not None]


def _count(context: Context, model: Any, *conditions: Any) -> int:
    with context.unit_of_work(write=False) as uow:
        return int(uow.session.scalar(select(func.count()).select_from(model).where(*conditions)) or 0)


def _cashier(context: Context) -> Context:
    """``context`` allowed to record payments and refunds, with its own customer scope (OWN for sales)."""
    access = context.actor.access
    grants = {**access.grants, "payments": ResourceGrant(frozenset({"view", "create", "edit"}),
                                                           access.scope("customers"))}
    return context.as_actor(dataclasses.replace(context.actor, access=Access(grants, access.role_names)))


def _at(context: Context, instant: datetime) -> Context:
    return Context(context.database, context.actor, lambda: instant, context.desktop)


def _cash(customer_id: int, amount: str, **extra: Any) -> PaymentInput:
    return PaymentInput(customer_id, amount, extra.pop("received_on", MAY_10), extra.pop("method", "bank"), **extra)


def test_a_payment_settles_the_oldest_due_first_and_the_rest_is_open_credit(pay: dict[str, Any]) -> None:
    clerk, mine = pay["clerk"], pay["mine"]
    march = _bill(clerk, mine, "100.00", date(2026, 3, 1), date(2026, 3, 31))
    february = _bill(clerk, mine, "50.00", date(2026, 3, 5), date(2026, 2, 28))  # issued later, due earlier
    april = _bill(clerk, mine, "200.00", date(2026, 4, 1), date(2026, 4, 30))
    first, changes = record_payment(clerk, _cash(mine, "180.00", reference="流水001", payer="北京科技"), "tok-1")
    assert changes.billing
    assert (first.code, first.kind, first.amount, first.allocated) == ("SK-2026-000001", "payment", D("180.00"),
                                                                       D("180.00"))
    assert _bills(clerk, february, march, april) == [("paid", D("50.00")), ("paid", D("100.00")),
                                                     ("partially_paid", D("30.00"))]
    assert [(a.bill_id, a.amount) for a in payment_allocations(clerk, first.id)] == [
        (february, D("50.00")), (march, D("100.00")), (april, D("30.00"))]
    second, _ = record_payment(clerk, _cash(mine, "1,200.50", method="alipay"), "tok-2")
    assert (second.code, second.allocated) == ("SK-2026-000002", D("170.00"))
    assert _bills(clerk, april) == [("paid", D("200.00"))]
    account = customer_account(clerk, mine)
    assert (account.billed, account.credited, account.paid, account.refunded) == (
        D("350.00"), D("0.00"), D("1380.50"), D("0.00"))
    assert (account.balance, account.outstanding, account.open_credit, account.overdue) == (
        D("-1030.50"), D("0.00"), D("1030.50"), D("0.00"))
    assert [p.code for p in list_payments(clerk, mine)] == ["SK-2026-000002", "SK-2026-000001"]


def test_chosen_allocations_and_every_refusal_writes_nothing_nor_uses_a_number(pay: dict[str, Any]) -> None:
    clerk, mine, theirs = pay["clerk"], pay["mine"], pay["theirs"]
    old = _bill(clerk, mine, "100.00", date(2026, 3, 1), date(2026, 3, 31))
    new = _bill(clerk, mine, "80.00", date(2026, 4, 1), date(2026, 4, 30))
    other = _bill(clerk, theirs, "10.00", date(2026, 4, 1), date(2026, 4, 30))
    refusals = [
        (((new, "80.01"),), "payment.allocation_too_large"),
        (((new, "60.00"), (old, "50.00")), "payment.allocation_exceeds_amount"),
        (((new, "10.00"), (new, "10.00")), "payment.allocation_duplicate"),
        (((other, "10.00"),), "payment.bill_not_open"),
        (((new, "0"),), "payment.amount_invalid"),
    ]
    for allocations, code in refusals:
        with pytest.raises(DomainError) as caught:
            record_payment(clerk, _cash(mine, "100.00", allocations=allocations), f"bad-{code}")
        assert caught.value.code == code
    for data, field in [(_cash(mine, "1.005"), "amount"), (_cash(mine, "0.00"), "amount"),
                        (_cash(mine, "-5"), "amount"), (_cash(mine, 1.5), "amount"),  # type: ignore[arg-type]
                        (_cash(mine, "5", method="cheque"), "method"),
                        (_cash(mine, "5", received_on=date(2999, 1, 1)), "received_on"),
                        (_cash(mine, "5", reference="x" * 101), "reference")]:
        with pytest.raises(ValidationFailed) as invalid:
            record_payment(clerk, data, f"bad-{field}")
        assert invalid.value.params["field"] == field
    assert _count(clerk, Payment) == _count(clerk, PaymentAllocation) == 0
    assert _count(clerk, Counter, Counter.series == "SK") == 0
    assert _count(clerk, AuditEntry, AuditEntry.action == "payment.record") == 0
    chosen, _ = record_payment(clerk, _cash(mine, "100.00", allocations=((new, D("20.00")),)), "tok")
    assert (chosen.code, chosen.allocated) == ("SK-2026-000001", D("20.00"))  # no number was used up
    assert _bills(clerk, old, new) == [("issued", D("0.00")), ("partially_paid", D("20.00"))]
    assert customer_account(clerk, mine).open_credit == D("80.00")
    free, _ = record_payment(clerk, _cash(mine, "5.00", allocations=()), "tok-none")
    assert free.allocated == D("0.00")


def test_the_same_token_twice_records_one_payment_and_one_audit_entry(pay: dict[str, Any], db_url: str) -> None:
    clerk, mine = pay["clerk"], pay["mine"]
    bill = _bill(clerk, mine, "100.00", date(2026, 4, 1), date(2026, 4, 30))
    first, _ = record_payment(clerk, _cash(mine, "60.00"), "double-click")
    again, _ = record_payment(clerk, _cash(mine, "60.00"), "double-click")
    other_desktop = open_url(db_url)
    try:
        elsewhere, _ = record_payment(Context(other_desktop, clerk.actor, desktop="PC-2"), _cash(mine, "60.00"),
                                      "double-click")
    finally:
        other_desktop.dispose()
    assert first == again == elsewhere
    assert _count(clerk, Payment) == 1
    assert _count(clerk, AuditEntry, AuditEntry.action == "payment.record") == 1
    assert _bills(clerk, bill) == [("partially_paid", D("60.00"))]


def test_two_desktops_sending_the_same_payment_at_once_record_it_once(pay: dict[str, Any], db_url: str) -> None:
    clerk, mine = pay["clerk"], pay["mine"]
    bill = _bill(clerk, mine, "100.00", date(2026, 4, 1), date(2026, 4, 30))
    desktops = [open_url(db_url) for _ in range(2)]
    barrier = threading.Barrier(2, timeout=30)
    results: list[Any] = []

    def send(database: Any) -> None:
        barrier.wait()
        try:
            results.append(record_payment(Context(database, clerk.actor), _cash(mine, "70.00"), "retry")[0].code)
        except Exception as error:  # pragma: no cover - reported by the assertion below
            results.append(error)

    threads = [threading.Thread(target=send, args=(database,)) for database in desktops]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    for database in desktops:
        database.dispose()
    assert results == ["SK-2026-000001", "SK-2026-000001"]
    assert _count(clerk, Payment) == 1
    assert _bills(clerk, bill) == [("partially_paid", D("70.00"))]


def test_a_salesperson_cannot_pay_another_salespersons_customer(pay: dict[str, Any]) -> None:
    north1, south1 = _cashier(pay["contexts"]["north1"]), _cashier(pay["contexts"]["south1"])
    clerk, mine = pay["clerk"], pay["mine"]
    bill = _bill(clerk, mine, "100.00", date(2026, 4, 1), date(2026, 4, 30))
    for attempt in (lambda: record_payment(south1, _cash(mine, "10.00"), "south"),
                    lambda: refund(south1, mine, "1.00", "cash", "south-refund"),
                    lambda: allocate_open_credit(south1, mine, "south-apply"),
                    lambda: customer_account(south1, mine),
                    lambda: outstanding_bills(south1, mine)):
        with pytest.raises(DomainError) as caught:
            attempt()
        assert caught.value.code == "record.not_found"
    assert _bills(clerk, bill) == [("issued", D("0.00"))]
    paid, _ = record_payment(north1, _cash(mine, "10.00"), "north")
    assert [p.id for p in list_payments(north1)] == [paid.id]
    assert list_payments(south1) == []
    with pytest.raises(DomainError, match=r"record\.not_found"):
        payment_allocations(south1, paid.id)


def test_an_auditor_may_look_but_not_record_and_nothing_is_written(pay: dict[str, Any]) -> None:
    auditor, clerk, mine = pay["contexts"]["auditor"], pay["clerk"], pay["mine"]
    _bill(clerk, mine, "100.00", date(2026, 4, 1), date(2026, 4, 30))
    entries = _count(clerk, AuditEntry)
    for attempt in (lambda: record_payment(auditor, _cash(mine, "10.00"), "a1"),
                    lambda: refund(auditor, mine, "1.00", "cash", "a2"),
                    lambda: allocate_open_credit(auditor, mine, "a3")):
        with pytest.raises(PermissionDenied):
            attempt()
    assert _count(clerk, Payment) == 0 and _count(clerk, AuditEntry) == entries
    assert customer_account(auditor, mine).outstanding == D("100.00")
    with pytest.raises(PermissionDenied):  # a salesperson sees payments but does not take them
        record_payment(pay["contexts"]["north1"], _cash(mine, "10.00"), "s1")


def test_refunds_pay_back_open_credit_and_never_more(pay: dict[str, Any]) -> None:
    clerk, mine = _at(pay["clerk"], datetime(2026, 6, 1, 2, 0, tzinfo=UTC)), pay["mine"]  # refunds are dated today
    _bill(clerk, mine, "100.00", date(2026, 4, 1), date(2026, 4, 30))
    record_payment(clerk, _cash(mine, "230.00"), "p")
    with pytest.raises(DomainError) as caught:
        refund(clerk, mine, "130.01", "bank", "r0")
    assert (caught.value.code, caught.value.params) == ("payment.refund_exceeds_credit",
                                                        {"amount": "130.01", "credit": "130.00"})
    back, _ = refund(clerk, mine, "100.00", "bank", "r1", reference="退款流水")
    assert (back.code, back.kind, back.amount) == ("TK-2026-000001", "refund", D("100.00"))
    assert refund(clerk, mine, "100.00", "bank", "r1")[0] == back  # the same token: nothing more
    with pytest.raises(DomainError, match=r"payment\.refund_exceeds_credit"):
        refund(clerk, mine, "30.01", "bank", "r2")
    last, _ = refund(clerk, mine, "30.00", "wechat", "r3")
    assert last.code == "TK-2026-000002"
    account = customer_account(clerk, mine)
    assert (account.paid, account.refunded, account.open_credit, account.balance) == (
        D("230.00"), D("130.00"), D("0.00"), D("0.00"))
    with pytest.raises(DomainError, match=r"payment\.refund_exceeds_credit"):
        refund(clerk, mine, "0.01", "bank", "r4")


def test_open_credit_and_credit_notes_settle_later_bills_once_per_token(pay: dict[str, Any]) -> None:
    clerk, mine = pay["clerk"], pay["mine"]
    advance, _ = record_payment(clerk, _cash(mine, "50.00", received_on=date(2026, 3, 1)), "advance")  # no bills yet
    older = _bill(clerk, mine, "40.00", date(2026, 3, 2), date(2026, 3, 20))
    newer = _bill(clerk, mine, "100.00", date(2026, 4, 1), date(2026, 4, 30))
    note = _bill(clerk, mine, "30.00", date(2026, 4, 5), None, kind="credit_note", original=newer)
    assert customer_account(clerk, mine).open_credit == D("80.00")
    applied, _ = allocate_open_credit(clerk, mine, "apply-1")
    # the payment (oldest) settles the older bill, then 10.00 of the newer; the credit note its own bill
    assert [(a.bill_id, a.payment_id, a.credit_note_id, a.amount) for a in applied.allocations] == [
        (older, advance.id, None, D("40.00")), (newer, advance.id, None, D("10.00")),
        (newer, None, note, D("30.00"))]
    assert (applied.total, applied.open_credit) == (D("80.00"), D("0.00"))
    assert _bills(clerk, older, newer) == [("paid", D("40.00")), ("partially_paid", D("40.00"))]
    assert allocate_open_credit(clerk, mine, "apply-1")[0] == applied  # the same token: the same result
    assert _count(clerk, AuditEntry, AuditEntry.action == "payment.allocate") == 1
    account = customer_account(clerk, mine)
    assert (account.billed, account.credited, account.paid, account.balance, account.outstanding) == (
        D("140.00"), D("30.00"), D("50.00"), D("60.00"), D("60.00"))
    record_payment(clerk, _cash(mine, "100.00", allocations=()), "unallocated")
    third = _bill(clerk, mine, "25.00", date(2026, 5, 1), date(2026, 5, 31))
    only, _ = allocate_open_credit(clerk, mine, "apply-2", bill_ids=[third])
    assert [(a.bill_id, a.amount) for a in only.allocations] == [(third, D("25.00"))]
    assert (only.open_credit, _bills(clerk, newer)) == (D("75.00"), [("partially_paid", D("40.00"))])
    nothing, _ = allocate_open_credit(clerk, mine, "apply-3", bill_ids=[third])
    assert (nothing.allocations, nothing.total) == ((), D("0.00"))


def test_the_account_to_the_fen_with_overdue_by_the_day_in_shanghai(pay: dict[str, Any]) -> None:
    clerk, mine = pay["clerk"], pay["mine"]
    late = _bill(clerk, mine, "1234.56", date(2026, 4, 1), date(2026, 5, 10))
    due_today = _bill(clerk, mine, "99.99", date(2026, 4, 11), date(2026, 5, 11))
    void = _bill(clerk, mine, "500.00", date(2026, 4, 2), date(2026, 4, 30))
    with clerk.unit_of_work() as uow:
        row = uow.session.get(Bill, void)
        assert row is not None
        row.status = "void"
        uow.commit()
    evening = _at(clerk, datetime(2026, 5, 10, 16, 30, tzinfo=UTC))  # 00:30 on 11 May in Shanghai
    record_payment(evening, _cash(mine, "0.01", received_on=date(2026, 5, 11)), "fen")
    account = customer_account(evening, mine)
    assert (account.billed, account.paid, account.balance, account.outstanding, account.overdue) == (
        D("1334.55"), D("0.01"), D("1334.54"), D("1334.54"), D("1234.55"))
    listed = outstanding_bills(evening, mine)
    assert [(b.id, b.outstanding, b.overdue_days) for b in listed] == [(late, D("1234.55"), 1),
                                                                       (due_today, D("99.99"), 0)]
    assert customer_account(_at(clerk, datetime(2026, 5, 10, 15, 59, tzinfo=UTC)), mine).overdue == D("0.00")


def test_a_paid_top_up_bill_credits_the_wallet_once(pay: dict[str, Any]) -> None:
    clerk, mine = pay["clerk"], pay["mine"]
    credits = [{"charge": "topup1000", "quantity": 1, "paid": "1000.00", "credit": "1100.00",
                "expires_on": "2027-05-01"}, {"charge": "topup100", "quantity": 1, "paid": "100.00",
                                              "credit": "100.00", "expires_on": None}]
    bill = _bill(clerk, mine, "1100.00", date(2026, 4, 1), date(2026, 4, 30), snapshot={"wallet_credits": credits})
    record_payment(clerk, _cash(mine, "600.00"), "half")
    assert wallet_of(clerk, mine).wallet_id is None  # not paid yet: nothing credited
    record_payment(clerk, _cash(mine, "600.00"), "rest")
    assert _bills(clerk, bill) == [("paid", D("1100.00"))]
    wallet = wallet_of(clerk, mine)
    assert wallet.balance == D("1200.00")
    assert [(e.kind, e.amount, e.bill_id, e.expires_on) for e in wallet.entries] == [
        ("top_up", D("100.00"), bill, None), ("top_up", D("1100.00"), bill, date(2027, 5, 1))]
    assert customer_account(clerk, mine).open_credit == D("100.00")
    with clerk.unit_of_work(write=False) as uow:
        assert wallet.wallet_id is not None and ledger_total(uow.session, wallet.wallet_id) == wallet.balance


def test_every_payment_code_has_a_sentence() -> None:
    codes = {"payment.amount_invalid", "payment.method_unknown", "payment.received_in_future",
             "payment.allocation_duplicate", "payment.allocation_exceeds_amount", "payment.allocation_too_large",
             "payment.bill_not_open", "payment.refund_exceeds_credit", "payment.top_up_unreadable",
             "wallet.insufficient"}
    assert codes <= set(payment_templates())


def test_receipts_are_dated_when_recorded_never_before_the_last_and_say_when_the_money_came(
        pay: dict[str, Any]) -> None:
    """A payment recorded days after it was received is numbered in recording order and dated by the database
    clock (never earlier than the last receipt of the series); its receipt prints the day the money came."""
    import sys
    from datetime import timedelta
    from pathlib import Path
    from zoneinfo import ZoneInfo

    from desktop_app.db import database_now
    from desktop_app.services.documents import receipt_pdf

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "documents"))
    from document_samples import text as pdf_text

    clerk, mine = pay["clerk"], pay["mine"]
    with clerk.database.engine.connect() as connection:
        today = database_now(connection).astimezone(ZoneInfo("Asia/Shanghai")).date()
    earlier = today - timedelta(days=5)
    first, _ = record_payment(clerk, _cash(mine, "10.00", received_on=today), "rec-1")
    late, _ = record_payment(clerk, _cash(mine, "20.00", received_on=earlier), "rec-2")  # received 5 days ago
    year = today.year
    assert (first.code, late.code) == (f"SK-{year}-000001", f"SK-{year}-000002")
    assert (first.issued_on, late.issued_on, late.received_on) == (today, today, earlier)
    with clerk.unit_of_work(write=False) as uow:
        counter = uow.session.scalar(select(Counter).where(Counter.series == "SK", Counter.year == year))
        assert counter is not None and counter.last_date == today
    text = pdf_text(receipt_pdf(clerk, late.id).data)
    assert f"{today:%Y-%m-%d}" in text and "收款日期" in text and f"{earlier:%Y-%m-%d}" in text
    plain = pdf_text(receipt_pdf(clerk, first.id).data)
    assert "收款日期" not in plain  # received the day it was recorded: one date
