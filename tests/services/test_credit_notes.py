"""Credit notes on SQLite, PostgreSQL and MariaDB: partial and full credits to the fen, never beyond what is
still creditable (and nothing written when refused), settling the original bill, open credit, idempotent
tokens, permissions, contiguous HC numbers and an empty gap report.

The bill (catalog_samples.usage_plan, March 2026, 2 seats): 月租 99.00 (net 93.40, tax 5.60), 用户 60.00
(56.60 / 3.40), 开通费 200.00 (188.68 / 11.32), all 6 %, tax-inclusive; 359.00 in all.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from catalog_samples import seed_products, usage_plan
from sqlalchemy import func, select, text

from desktop_app.errors import DomainError, PermissionDenied, ValidationFailed
from desktop_app.models import AuditEntry, Bill, BillLine, Counter, PaymentAllocation
from desktop_app.services import payment_allocation as settling
from desktop_app.services.bill_runs import run_bills
from desktop_app.services.bills import gap_report, get_bill, issue_bill, list_bills, void_bill
from desktop_app.services.catalog import CouponInfo, save_coupon
from desktop_app.services.credit_notes import create_credit_note, creditable
from desktop_app.services.customers import CustomerInput, create_customer
from desktop_app.services.payments import PaymentInput, record_payment
from desktop_app.services.plans import create_plan, publish
from desktop_app.services.subscriptions import create_subscription

D = Decimal


@pytest.fixture
def billing(org: dict[str, Any]) -> dict[str, Any]:
    """One issued bill of north1's customer (as in test_bill_runs.py), issued by the billing clerk."""
    admin = org["contexts"]["admin"]
    seed_products(admin)
    plan, _, _ = create_plan(admin, "std", "标准套餐", "", usage_plan())
    publish(admin, plan.id)
    north1, clerk = org["contexts"]["north1"], org["contexts"]["clerk"]
    customer, _ = create_customer(north1, CustomerInput(
        name="北京星河科技有限公司", address="北京市海淀区中关村大街1号", tax_id="91350100M000100Y43"))
    create_subscription(north1, customer.id, date(2026, 3, 1), plan_id=plan.id, seats=2)
    run_bills(clerk, date(2026, 3, 1))
    [draft] = list_bills(clerk)
    bill, _ = issue_bill(clerk, draft.id)
    lines = {line.description: line for line in get_bill(clerk, bill.id).lines}
    return {**org, "plan": plan, "customer": customer, "bill": bill, "lines": lines, "clerk": clerk,
            "admin": admin, "manager": org["contexts"]["manager"]}


def _count(context: Any, model: Any) -> int:
    with context.unit_of_work(write=False) as uow:
        return int(uow.session.scalar(select(func.count()).select_from(model)) or 0)


def _note_lines(context: Any, note_id: int) -> list[tuple[str, str, str, str, str | None, int | None]]:
    """(description, net, tax, gross, rate, credited line) per line of a credit note."""
    with context.unit_of_work(write=False) as uow:
        rows = uow.session.scalars(select(BillLine).where(BillLine.bill_id == note_id).order_by(BillLine.position))
        return [(r.description, str(r.net), str(r.tax), str(r.gross), r.tax_rate, r.credited_line_id) for r in rows]


def _allocations(context: Any) -> list[tuple[int, int | None, int | None, str]]:
    with context.unit_of_work(write=False) as uow:
        rows = uow.session.scalars(select(PaymentAllocation).order_by(PaymentAllocation.id))
        return [(r.bill_id, r.payment_id, r.credit_note_id, str(r.amount)) for r in rows]


def _open_credit(context: Any, customer_id: int) -> Decimal:
    with context.unit_of_work(write=False) as uow:
        return settling.open_credit(uow.session, customer_id)


def _creditable(context: Any, bill_id: int) -> dict[str, tuple[str, str, str]]:
    return {line.description: (str(line.gross), str(line.credited), str(line.creditable))
            for line in creditable(context, bill_id)}


def test_partial_credit_issued_at_once_and_settling_the_bill(billing: dict[str, Any]) -> None:
    manager, bill, base = billing["manager"], billing["bill"], billing["lines"]["月租"]
    assert _creditable(manager, bill.id) == {"月租": ("99.00", "0.00", "99.00"), "用户": ("60.00", "0.00", "60.00"),
                                             "开通费": ("200.00", "0.00", "200.00")}
    note, changes = create_credit_note(manager, bill.id, [(base.id, D("30.00"))], " 月租多收 ", "tok-1")
    assert changes.billing and changes.customers
    year = note.issue_date.year  # type: ignore[union-attr]
    assert (note.kind, note.status, note.code, note.original_bill_id) == ("credit_note", "issued",
                                                                          f"HC-{year}-000001", bill.id)
    assert (note.total_net, note.total_tax, note.total_gross) == (D("28.30"), D("1.70"), D("30.00"))
    assert note.issue_date is not None and note.issue_date >= bill.issue_date  # type: ignore[operator]
    assert note.due_date is None and note.currency == "CNY"
    detail = get_bill(manager, note.id)
    assert (detail.bill.customer_name, detail.customer_address, detail.customer_tax_id, detail.notes) == (
        "北京星河科技有限公司", "北京市海淀区中关村大街1号", "91350100M000100Y43", "月租多收")
    assert detail.snapshot["token"] == "tok-1"
    [line] = detail.lines
    assert (line.description, line.product, line.period_start, line.period_end, line.tax_rate, line.quantity,
            line.unit_price) == ("月租", base.product, base.period_start, base.period_end, "0.06", "1", None)
    assert _note_lines(manager, note.id) == [("月租", "28.30", "1.70", "30.00", "0.06", base.id)]
    # settled against the original bill
    assert _allocations(manager) == [(bill.id, None, note.id, "30.00")]
    original = get_bill(manager, bill.id).bill
    assert (original.status, original.paid, original.outstanding) == ("partially_paid", D("30.00"), D("329.00"))
    assert _creditable(manager, bill.id)["月租"] == ("99.00", "30.00", "69.00")
    assert _open_credit(manager, bill.customer_id) == D("0.00")
    with manager.unit_of_work(write=False) as uow:
        [entry] = uow.session.execute(select(AuditEntry.entity, AuditEntry.entity_id, AuditEntry.user_login,
                                             AuditEntry.detail).where(AuditEntry.action == "credit_note.create"))
    assert tuple(entry[:3]) == ("bill", str(note.id), "manager")
    assert '"settled": "30.00"' in entry.detail and '"token": "tok-1"' in entry.detail


def test_full_credit_gives_back_each_line_to_the_fen(billing: dict[str, Any]) -> None:
    admin, bill, lines = billing["admin"], billing["bill"], billing["lines"]
    # 月租 in two parts (30.00 then the rest), then everything else at once (items None)
    first, _ = create_credit_note(admin, bill.id, [(lines["月租"].id, D("30.00"))], "部分", "a")
    rest, _ = create_credit_note(admin, bill.id, [(lines["月租"].id, D("69.00"))], "余额", "b")
    assert _note_lines(admin, rest.id) == [("月租", "65.10", "3.90", "69.00", "0.06", lines["月租"].id)]
    everything, _ = create_credit_note(admin, bill.id, None, "全部冲销", "c")
    assert _note_lines(admin, everything.id) == [
        ("用户", "56.60", "3.40", "60.00", "0.06", lines["用户"].id),
        ("开通费", "188.68", "11.32", "200.00", "0.06", lines["开通费"].id),
    ]
    with admin.unit_of_work(write=False) as uow:
        credited = {line_id: (D(0), D(0), D(0)) for line_id in (line.id for line in lines.values())}
        for row in uow.session.scalars(select(BillLine).where(BillLine.credited_line_id.is_not(None))):
            n, t, g = credited[row.credited_line_id]  # type: ignore[index]
            credited[row.credited_line_id] = (n + row.net, t + row.tax, g + row.gross)  # type: ignore[index]
    for line in lines.values():
        assert credited[line.id] == (line.net, line.tax, line.gross), line.description
    # a whole line credited at once keeps its quantity and unit price
    with admin.unit_of_work(write=False) as uow:
        seats = uow.session.scalar(select(BillLine).where(BillLine.bill_id == everything.id, BillLine.position == 0))
        assert seats is not None and (seats.quantity, seats.unit_price) == (lines["用户"].quantity,
                                                                            lines["用户"].unit_price)
    original = get_bill(admin, bill.id).bill
    assert (original.status, original.paid, original.outstanding) == ("paid", D("359.00"), D("0.00"))
    assert first.total_gross + rest.total_gross + everything.total_gross == bill.total_gross
    assert {k: v[2] for k, v in _creditable(admin, bill.id).items()} == {"月租": "0.00", "用户": "0.00",
                                                                          "开通费": "0.00"}
    with pytest.raises(DomainError) as caught:
        create_credit_note(admin, bill.id, None, "再来一次", "d")
    assert caught.value.code == "credit_note.nothing_to_credit"


def test_beyond_creditable_is_refused_and_nothing_is_written(billing: dict[str, Any]) -> None:
    admin, bill, lines = billing["admin"], billing["bill"], billing["lines"]
    tables = (Bill, BillLine, PaymentAllocation, AuditEntry, Counter)
    before = [_count(admin, table) for table in tables]
    with pytest.raises(DomainError) as caught:
        create_credit_note(admin, bill.id, [(lines["用户"].id, D("10.00")), (lines["月租"].id, D("99.01"))], "x", "t1")
    assert caught.value.code == "credit_note.exceeds_creditable"
    assert caught.value.params == {"bill": bill.code, "line": "月租", "requested": "99.01", "creditable": "99.00"}
    for amount in (D("0"), D("-5.00"), D("1.001")):
        with pytest.raises(ValidationFailed) as invalid:
            create_credit_note(admin, bill.id, [(lines["月租"].id, amount)], "x", "t2")
        assert invalid.value.code == "credit_note.amount_invalid"
    with pytest.raises(ValidationFailed) as twice:
        create_credit_note(admin, bill.id, [(lines["月租"].id, D("1")), (lines["月租"].id, D("1"))], "x", "t3")
    assert twice.value.code == "credit_note.line_twice"
    with pytest.raises(ValidationFailed) as no_reason:
        create_credit_note(admin, bill.id, None, "   ", "t4")
    assert no_reason.value.code == "credit_note.reason_required"
    with pytest.raises(DomainError) as elsewhere:
        create_credit_note(admin, bill.id, [(999999, D("1.00"))], "x", "t5")
    assert elsewhere.value.code == "credit_note.line_not_on_bill"
    with pytest.raises(DomainError) as empty:
        create_credit_note(admin, bill.id, [], "x", "t6")
    assert empty.value.code == "credit_note.nothing_to_credit"
    assert [_count(admin, table) for table in tables] == before
    assert gap_report(admin) == []
    # a draft (and a credit note) cannot be credited
    run_bills(billing["clerk"], date(2026, 4, 1))
    draft = next(b for b in list_bills(admin) if b.status == "draft")
    with pytest.raises(DomainError) as not_issued:
        creditable(admin, draft.id)
    assert (not_issued.value.code, not_issued.value.params["status"]) == ("credit_note.not_creditable", "draft")
    issued, _ = issue_bill(billing["clerk"], draft.id)
    void, _ = void_bill(admin, issued.id, issued.version, "开错了")
    with pytest.raises(DomainError) as voided:
        create_credit_note(admin, void.id, None, "x", "t9")
    assert (voided.value.code, voided.value.params["status"]) == ("credit_note.not_creditable", "void")
    note, _ = create_credit_note(admin, bill.id, [(lines["月租"].id, D("1.00"))], "x", "t7")
    with pytest.raises(DomainError) as of_note:
        create_credit_note(admin, note.id, None, "x", "t8")
    assert of_note.value.code == "credit_note.not_a_bill"


def test_a_second_credit_note_only_up_to_the_rest_and_a_void_one_gives_back(billing: dict[str, Any]) -> None:
    admin, bill, setup = billing["admin"], billing["bill"], billing["lines"]["开通费"]
    first, _ = create_credit_note(admin, bill.id, [(setup.id, D("150.00"))], "优惠", "one")
    assert _note_lines(admin, first.id) == [("开通费", "141.51", "8.49", "150.00", "0.06", setup.id)]
    with pytest.raises(DomainError) as caught:
        create_credit_note(admin, bill.id, [(setup.id, D("50.01"))], "再冲", "two")
    assert caught.value.params["creditable"] == "50.00"
    second, _ = create_credit_note(admin, bill.id, [(setup.id, D("50.00"))], "再冲", "two")
    assert _note_lines(admin, second.id) == [("开通费", "47.17", "2.83", "50.00", "0.06", setup.id)]
    assert _creditable(admin, bill.id)["开通费"] == ("200.00", "200.00", "0.00")
    # a credit note that is void no longer counts (the status is changed in SQL: the database allows it)
    with admin.database.engine.begin() as connection:
        connection.execute(text("UPDATE bills SET status = 'void' WHERE id = :id"), {"id": second.id})
    assert _creditable(admin, bill.id)["开通费"] == ("200.00", "150.00", "50.00")


def test_credit_beyond_what_is_owed_stays_open_credit(billing: dict[str, Any]) -> None:
    admin, clerk, bill, setup = billing["admin"], billing["clerk"], billing["bill"], billing["lines"]["开通费"]
    payment, _ = record_payment(clerk, PaymentInput(bill.customer_id, "300.00", date(2026, 3, 5), "bank"), "pay-1")
    assert get_bill(admin, bill.id).bill.outstanding == D("59.00")
    note, _ = create_credit_note(admin, bill.id, [(setup.id, D("200.00"))], "开通费免收", "cn-1")
    assert _allocations(admin) == [(bill.id, payment.id, None, "300.00"), (bill.id, None, note.id, "59.00")]
    original = get_bill(admin, bill.id).bill
    assert (original.status, original.paid) == ("paid", D("359.00"))
    assert _open_credit(admin, bill.customer_id) == D("141.00")
    # a paid bill can still be credited: all of it is open credit
    more, _ = create_credit_note(admin, bill.id, [(billing["lines"]["用户"].id, D("10.00"))], "用户少一个", "cn-2")
    assert _allocations(admin)[-1] == (bill.id, None, note.id, "59.00") and more.status == "issued"
    assert _open_credit(admin, bill.customer_id) == D("151.00")


def test_the_same_token_returns_the_first_credit_note(billing: dict[str, Any]) -> None:
    admin, bill, base = billing["admin"], billing["bill"], billing["lines"]["月租"]
    first, _ = create_credit_note(admin, bill.id, [(base.id, D("99.00"))], "重复点击", "same")
    again, _ = create_credit_note(admin, bill.id, [(base.id, D("99.00"))], "重复点击", "same")
    assert again == first
    with admin.unit_of_work(write=False) as uow:
        assert uow.session.scalar(select(func.count()).select_from(AuditEntry)
                                  .where(AuditEntry.action == "credit_note.create")) == 1
        assert uow.session.scalar(select(Counter.last).where(Counter.series == "HC")) == 1
    assert _count(admin, PaymentAllocation) == 1
    with pytest.raises(ValueError):
        create_credit_note(admin, bill.id, None, "x", "")


def test_permissions_and_scope(billing: dict[str, Any]) -> None:
    contexts, bill, base = billing["contexts"], billing["bill"], billing["lines"]["月租"]
    for name in ("north1", "clerk", "south1", "auditor"):
        with pytest.raises(PermissionDenied):
            create_credit_note(contexts[name], bill.id, [(base.id, D("1.00"))], "x", f"p-{name}")
    assert _count(contexts["admin"], Bill) == 1
    with pytest.raises(DomainError) as hidden:
        creditable(contexts["south1"], bill.id)  # the customer is north1's
    assert hidden.value.code == "record.not_found"
    assert [line.description for line in creditable(contexts["north1"], bill.id)] == ["月租", "用户", "开通费"]
    note, _ = create_credit_note(contexts["manager"], bill.id, [(base.id, D("1.00"))], "x", "p-manager")
    assert note.code is not None and note.code.endswith("-000001")


def test_hc_numbers_are_contiguous_and_apart_from_bills(billing: dict[str, Any]) -> None:
    admin, bill, lines = billing["admin"], billing["bill"], billing["lines"]
    codes = [create_credit_note(admin, bill.id, [(lines["开通费"].id, D("10.00"))], "x", f"n{i}")[0].code
             for i in range(3)]
    year = bill.issue_date.year  # type: ignore[union-attr]
    assert codes == [f"HC-{year}-00000{i}" for i in (1, 2, 3)]
    assert bill.code == f"ZD-{year}-000001"
    run_bills(billing["clerk"], date(2026, 4, 1))
    april = next(b for b in list_bills(admin) if b.status == "draft")
    assert issue_bill(billing["clerk"], april.id)[0].code == f"ZD-{year}-000002"
    assert gap_report(admin) == []


def test_a_discounted_line_is_credited_as_charged(org: dict[str, Any]) -> None:
    """A coupon's discount line belongs to the line it reduces: 月租 99.00 − 10 % = 89.10 is what can be
    credited, and crediting it in full gives back the line and its discount line together."""
    admin = org["contexts"]["admin"]
    seed_products(admin)
    save_coupon(admin, CouponInfo(0, "TEN", "九折", {"kind": "percentage", "value": "0.1", "duration": "forever",
                                                   "charges": ["base"]}))
    plan, _, _ = create_plan(admin, "std", "标准套餐", "", usage_plan())
    publish(admin, plan.id)
    customer, _ = create_customer(admin, CustomerInput(name="上海折扣有限公司"))
    create_subscription(admin, customer.id, date(2026, 3, 1), plan_id=plan.id, seats=1, coupon_codes=["TEN"])
    run_bills(admin, date(2026, 3, 1))
    [draft] = list_bills(admin)
    bill, _ = issue_bill(admin, draft.id)
    lines = get_bill(admin, bill.id).lines
    base = next(line for line in lines if line.charge == "base" and line.kind != "discount")
    discount = next(line for line in lines if line.kind == "discount")
    assert discount.discounted_line == base.position
    rows = {line.description: line for line in creditable(admin, bill.id)}
    assert len(rows) == len(lines) - 1
    charged = base.gross + discount.gross
    assert rows[base.description].creditable == charged
    with pytest.raises(DomainError):
        create_credit_note(admin, bill.id, [(base.id, base.gross)], "x", "over")
    note, _ = create_credit_note(admin, bill.id, [(base.id, charged)], "x", "whole")
    [(_, net, tax, gross, _, _)] = _note_lines(admin, note.id)
    assert (D(net), D(tax), D(gross)) == (base.net + discount.net, base.tax + discount.tax, charged)
    with pytest.raises(DomainError):
        create_credit_note(admin, bill.id, [(discount.id, D("1.00"))], "x", "discount")
