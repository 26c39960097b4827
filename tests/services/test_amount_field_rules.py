"""Field rules on money (issue 3, "Field rules"; services/amounts.py) on SQLite, PostgreSQL and MariaDB: for
``bills.amount``, ``payments.amount`` and ``products.unit_price`` set to masked, hidden and read-only, every
list, detail, export and printout holds no amount it withholds (the exported files' and the PDFs' text are
read back), and a write of such money is refused and leaves the database as it was."""

from __future__ import annotations

import json
import sys
from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from catalog_samples import seed_products
from sqlalchemy import func, select

from desktop_app.errors import PermissionDenied
from desktop_app.messages import describe
from desktop_app.messages_field_rules import field_rule_templates
from desktop_app.models import (
    AuditEntry,
    Bill,
    BillLine,
    Coupon,
    Payment,
    PaymentAllocation,
    PlanVersionRow,
    Wallet,
    WalletEntry,
)
from desktop_app.services import bill_export, documents
from desktop_app.services.access import FieldRule
from desktop_app.services.amounts import AmountNotEditable, AmountsWithheld
from desktop_app.services.bill_runs import run_bills
from desktop_app.services.bills import add_line, get_bill, issue_bill, list_bills, remove_line
from desktop_app.services.calculator import CalculatorInput, quote_definition, quote_version
from desktop_app.services.catalog import CouponInfo, list_coupons, save_coupon
from desktop_app.services.context import Context
from desktop_app.services.credit_notes import create_credit_note, creditable
from desktop_app.services.customers import CustomerInput, create_customer
from desktop_app.services.dunning import reminders_due
from desktop_app.services.payments import (
    PaymentInput,
    customer_account,
    list_payments,
    outstanding_bills,
    payment_allocations,
    record_payment,
    refund,
)
from desktop_app.services.plans import create_plan, get_version, list_versions, publish, save_draft
from desktop_app.services.statements import statement
from desktop_app.services.subscriptions import create_subscription
from desktop_app.services.wallets import debit, set_low_balance, top_up, wallet_of

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "documents"))
from document_samples import text as pdf_text  # tests/documents: the PDF text, laid out

D = Decimal
RULES = (FieldRule.MASKED, FieldRule.HIDDEN, FieldRule.READ_ONLY)
BILL_AMOUNTS = ("106.00", "100.00", "76.00", "壹佰零陆")  # the bill: 106.00 incl. 6 %; 30.00 paid, 76.00 owed
PAYMENT_AMOUNTS = ("30.00", "200.00")  # the payment, the wallet top-up
PLAN = {"tax_inclusive": True, "charges": [
    {"kind": "recurring", "code": "base", "name": "月租", "product": "svc", "price": "106.00", "interval": "month"},
    {"kind": "usage", "code": "texts", "name": "短信", "product": "sms", "meter": "sms", "model": "graduated",
     "tiers": [{"start": "0", "up_to": "1000", "unit_price": "0.0512"},
               {"start": "1000", "up_to": None, "unit_price": "0.0433", "flat_fee": "12.34"}]}]}
PRICES = ("106.00", "0.0512", "0.0433", "12.34", "55.55")  # the plan's prices, the fixed coupon's amount


def _ruled(context: Context, resource: str, rule: FieldRule) -> Context:
    """The same user with one field rule on money changed (an Access replaced, as a role would set it)."""
    field = "unit_price" if resource == "products" else "amount"
    access = context.actor.access
    grant = access.grants[resource]
    grants = {**access.grants, resource: replace(grant, fields={**grant.fields, field: rule})}
    return context.as_actor(replace(context.actor, access=replace(access, grants=grants)))


def _state(context: Context) -> tuple[Any, ...]:
    """What a refused write must leave as it was: every money table's rows and sums, the audit log."""
    with context.database.engine.connect() as connection:  # type: ignore[attr-defined]
        counts = tuple(connection.scalar(select(func.count()).select_from(model)) for model in
                       (Bill, BillLine, Payment, PaymentAllocation, Wallet, WalletEntry, AuditEntry, PlanVersionRow))
        sums = (connection.scalar(select(func.sum(Bill.total_gross))), connection.scalar(select(func.sum(Bill.paid))),
                connection.scalar(select(func.sum(Wallet.low_balance))))
        versions = [json.dumps(d, sort_keys=True) for d in connection.scalars(
            select(PlanVersionRow.definition).order_by(PlanVersionRow.id))]
        coupons = [json.dumps(d, sort_keys=True) for d in connection.scalars(select(Coupon.discount))]
    return counts, sums, versions, coupons


def _refused(context: Context, call: Any, code: str) -> None:
    before = _state(context)
    with pytest.raises(AmountNotEditable) as raised:
        call()
    assert isinstance(raised.value, PermissionDenied) and raised.value.code == code
    assert describe(raised.value) == field_rule_templates()[code]
    assert _state(context) == before


def _flat(text: str) -> str:
    return "".join(text.split())


def _without(text: str, amounts: tuple[str, ...]) -> None:
    for amount in amounts:
        assert amount not in text, amount


@pytest.fixture
def world(org: dict[str, Any]) -> dict[str, Any]:
    """An issued bill of 106.00 with 30.00 paid, a draft bill, a wallet of 200.00, a published plan whose prices
    are PRICES and a fixed coupon of 55.55, all seen by the administrator."""
    admin = org["contexts"]["admin"]
    seed_products(admin)
    plan, _, _ = create_plan(admin, "std", "标准套餐", "", PLAN)
    publish(admin, plan.id)
    paid_customer, _ = create_customer(admin, CustomerInput(name="北京星河科技有限公司"))
    draft_customer, _ = create_customer(admin, CustomerInput(name="天津云帆网络有限公司"))
    for customer in (paid_customer, draft_customer):
        create_subscription(admin, customer.id, date(2026, 3, 1), plan_id=plan.id)
    run_bills(admin, date(2026, 3, 1))
    bills = {bill.customer_id: bill for bill in list_bills(admin)}
    issued, _ = issue_bill(admin, bills[paid_customer.id].id)
    payment, _ = record_payment(admin, PaymentInput(paid_customer.id, "30.00", date.today(), "bank"), "pay-1")
    top_up(admin, paid_customer.id, "200.00", "top-1")
    coupon, _ = save_coupon(admin, CouponInfo(0, "CUT", "立减", {"kind": "fixed", "value": "55.55"}))
    return {"admin": admin, "bill": issued.id, "draft": bills[draft_customer.id].id, "customer": paid_customer.id,
            "payment": payment.id, "plan": plan.id, "coupon": coupon}


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.name.lower())
def test_bill_amounts(world: dict[str, Any], rule: FieldRule, tmp_path: Path) -> None:
    ctx, bill_id, customer = _ruled(world["admin"], "bills", rule), world["bill"], world["customer"]
    shown = rule is FieldRule.READ_ONLY
    listed = {bill.id: bill for bill in list_bills(ctx)}[bill_id]
    money = (listed.total_net, listed.total_tax, listed.total_gross, listed.amount_due, listed.paid, listed.outstanding)
    assert money == ((D("100.00"), D("6.00"), D("106.00"), D("106.00"), D("30.00"), D("76.00")) if shown
                     else (None,) * 6)
    assert listed.amounts_shown is shown and listed.owing and listed.overdue_days(date.today() + timedelta(60)) > 0
    detail = get_bill(ctx, bill_id)
    line = detail.lines[0]
    assert (line.unit_price is None, line.net is None, line.gross is None) == (not shown,) * 3
    assert (detail.snapshot == {}) is not shown and "list_unit_price" not in (line.detail if not shown else {})
    assert all(item.creditable is None for item in creditable(ctx, bill_id)) is not shown
    account = customer_account(ctx, customer)
    assert (account.billed, account.balance, account.outstanding) == (
        (D("106.00"), D("76.00"), D("76.00")) if shown else (None,) * 3)
    assert (account.paid, account.refunded) == (D("30.00"), D("0.00"))  # payment money: its own rule shows it
    assert all(b.outstanding is None for b in outstanding_bills(ctx, customer)) is not shown
    ledger = statement(ctx, customer, date(2026, 1, 1), date.today() + timedelta(days=1))
    kinds = {entry.kind: entry for entry in ledger.entries}
    assert (kinds["bill"].amount is None, kinds["payment"].amount) == (not shown, D("-30.00"))
    assert (ledger.closing_balance is None, ledger.aging is None, ledger.billed is None) == (not shown,) * 3
    due = reminders_due(ctx, date.today() + timedelta(days=60))
    assert [r.amount for r in due] == ([D("76.00")] if shown else [None])
    # the bills export: every money column "****" (masked) or empty (hidden); the file holds no amount
    for fmt in bill_export.FORMATS:
        out = tmp_path / f"bills.{fmt}"
        assert bill_export.export_bills(ctx, date(2000, 1, 1), date(2100, 1, 1), fmt, out, include_drafts=True) == 2
        written = out.read_text(encoding="utf-8-sig")
        if shown:
            assert "106.00" in written
            continue
        _without(written, BILL_AMOUNTS)
        assert ("****" in written) is (rule is FieldRule.MASKED)
        if fmt == "json":
            data = json.loads(written)
            assert data["amounts"] == rule.name.lower()
            assert data["documents"][0]["total_gross"] == ("****" if rule is FieldRule.MASKED else None)
    # printouts: the "without prices" variant, asked for or not; one by one, in a batch, exported to a folder
    printed = [documents.bill_pdf(ctx, bill_id), documents.bill_pdf(ctx, bill_id, copy=True),
               documents.bill_pdf(ctx, world["draft"], preview=True),
               *documents.bills_pdfs(ctx, [bill_id, world["draft"]], combined=True)]
    folder = tmp_path / "pdfs"
    folder.mkdir()
    result = documents.export_bills(ctx, [bill_id, world["draft"]], folder, combined=False)
    files = [path.read_bytes() for path in result.files]
    for data in [file.data for file in printed] + files:
        flat = _flat(pdf_text(data))
        if shown:
            assert "106.00" in flat and "不含价格" not in flat
        else:
            _without(flat, BILL_AMOUNTS)
            assert "不含价格" in flat and "价税合计" not in flat
    assert documents.receipt_pdf(ctx, world["payment"]).name.startswith("SK-")  # payment money: shown
    if shown:
        assert "106.00" in _flat(pdf_text(documents.statement_pdf(ctx, customer, date(2026, 1, 1), date.today()).data))
    else:
        with pytest.raises(AmountsWithheld) as refused:
            documents.statement_pdf(ctx, customer, date(2026, 1, 1), date.today())
        assert refused.value.code == "amount.withheld.statement"
    # writes of bill money: refused whatever the view rule, nothing changed
    draft = get_bill(world["admin"], world["draft"])
    code = "amount.not_editable.bills"
    _refused(ctx, lambda: add_line(ctx, draft.bill.id, draft.bill.version, "上门安装", "120.00", "0.06"), code)
    manual = add_line(world["admin"], draft.bill.id, draft.bill.version, "上门安装", "120.00", "0.06")[0]
    _refused(ctx, lambda: remove_line(ctx, manual.bill.id, manual.bill.version, manual.lines[-1].id), code)
    _refused(ctx, lambda: create_credit_note(ctx, bill_id, None, "服务中断", "credit-1"), code)


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.name.lower())
def test_payment_amounts(world: dict[str, Any], rule: FieldRule) -> None:
    ctx, customer = _ruled(world["admin"], "payments", rule), world["customer"]
    shown = rule is FieldRule.READ_ONLY
    payment = next(p for p in list_payments(ctx) if p.id == world["payment"])
    assert (payment.amount, payment.allocated) == ((D("30.00"), D("30.00")) if shown else (None, None))
    assert [a.amount for a in payment_allocations(ctx, payment.id)] == ([D("30.00")] if shown else [None])
    wallet = wallet_of(ctx, customer)
    assert (wallet.balance, wallet.low_balance, wallet.is_low) == (
        (D("200.00"), D("0.00"), False) if shown else (None, None, False))
    assert all((e.amount is None, e.balance_after is None) == (not shown,) * 2 for e in wallet.entries)
    account = customer_account(ctx, customer)
    assert (account.paid, account.open_credit, account.balance) == (
        (D("30.00"), D("0.00"), D("76.00")) if shown else (None,) * 3)
    assert account.billed == D("106.00")  # bill money: its own rule shows it
    ledger = statement(ctx, customer, date(2026, 1, 1), date.today() + timedelta(days=1))
    kinds = {entry.kind: entry for entry in ledger.entries}
    assert (kinds["payment"].amount is None, kinds["bill"].amount) == (not shown, D("106.00"))
    assert (ledger.paid is None, ledger.closing_balance is None) == (not shown, not shown)
    if shown:
        text = _flat(pdf_text(documents.receipt_pdf(ctx, payment.id).data))
        assert "30.00" in text
        documents.statement_pdf(ctx, customer, date(2026, 1, 1), date.today())
    else:
        for call, code in ((lambda: documents.receipt_pdf(ctx, payment.id), "amount.withheld.receipt"),
                           (lambda: documents.statement_pdf(ctx, customer, date(2026, 1, 1), date.today()),
                            "amount.withheld.statement")):
            before = _state(ctx)
            with pytest.raises(AmountsWithheld) as refused:
                call()
            assert refused.value.code == code and _state(ctx) == before
    code = "amount.not_editable.payments"
    _refused(ctx, lambda: record_payment(ctx, PaymentInput(customer, "10.00", date.today(), "cash"), "pay-2"), code)
    _refused(ctx, lambda: refund(ctx, customer, "1.00", "bank", "refund-1"), code)
    _refused(ctx, lambda: top_up(ctx, customer, "50.00", "top-2"), code)
    _refused(ctx, lambda: debit(ctx, customer, "5.00", "debit-1"), code)
    _refused(ctx, lambda: set_low_balance(ctx, customer, "20.00"), code)


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.name.lower())
def test_prices(world: dict[str, Any], rule: FieldRule) -> None:
    admin, plan_id = world["admin"], world["plan"]
    ctx = _ruled(admin, "products", rule)
    shown = rule is FieldRule.READ_ONLY
    marker = {FieldRule.MASKED: "****", FieldRule.HIDDEN: None}.get(rule)
    version = list_versions(ctx, plan_id)[0]
    assert get_version(ctx, version.id).definition == version.definition
    charges = version.definition["charges"]
    seen = (charges[0]["price"], charges[1]["tiers"][0]["unit_price"], charges[1]["tiers"][1]["flat_fee"])
    assert seen == (("106.00", "0.0512", "12.34") if shown else (marker,) * 3)
    assert charges[1]["tiers"][1]["up_to"] is None and charges[0]["interval"] == "month"  # not prices: shown
    if not shown:
        _without(json.dumps(version.definition), PRICES)
    coupon = next(c for c in list_coupons(ctx) if c.code == "CUT")
    assert coupon.discount["value"] == ("55.55" if shown else marker)
    question = CalculatorInput(date(2026, 3, 1), date(2026, 4, 1))
    if shown:
        assert quote_version(ctx, version.id, question).total_gross == D("106.00")
    else:
        for call in (lambda: quote_version(ctx, version.id, question),
                     lambda: quote_definition(ctx, PLAN, question)):
            with pytest.raises(AmountsWithheld) as refused:
                call()
            assert refused.value.code == "amount.withheld.calculator"
    code = "amount.not_editable.products"
    cheaper = json.loads(json.dumps(PLAN).replace("106.00", "99.00"))
    _refused(ctx, lambda: create_plan(ctx, "new", "新套餐", "", PLAN), code)
    _refused(ctx, lambda: save_draft(ctx, plan_id, cheaper, name="改名"), code)
    if not shown:  # the masked (or hidden) prices sent back are no prices
        _refused(ctx, lambda: save_draft(ctx, plan_id, version.definition, name="改名"), code)
    _refused(ctx, lambda: save_coupon(ctx, replace(coupon, discount={**coupon.discount, "value": "10.00"})), code)
    _refused(ctx, lambda: save_coupon(ctx, CouponInfo(0, "NEW", "新券", {"kind": "fixed", "value": "5.00"})), code)
    # what holds no price may still change: the draft's name with every price as it was; the coupon's name
    saved, _ = save_draft(ctx, plan_id, get_version(admin, version.id).definition, name="改名")
    assert saved.status == "draft" and (saved.definition["charges"][0]["price"] == "106.00") is shown
    renamed, _ = save_coupon(ctx, replace(coupon, name="立减五十五"))
    assert renamed.name == "立减五十五" and renamed.discount["value"] == coupon.discount["value"]
    assert next(c for c in list_coupons(admin) if c.code == "CUT").discount["value"] == "55.55"


@pytest.mark.parametrize("rule", (FieldRule.MASKED, FieldRule.HIDDEN), ids=lambda r: r.name.lower())
def test_subscription_changes_and_the_catalog_file_follow_the_rules(world: dict[str, Any], rule: FieldRule) -> None:
    """A change's preview is the change without its money (the change itself still applies); the next-bill
    preview is nothing but bill amounts, and the catalog file nothing but prices: refused."""
    from desktop_app.services.catalog_io import export_catalog, import_catalog
    from desktop_app.services.subscription_changes import change_seats
    from desktop_app.services.subscriptions import get_subscription, list_subscriptions, preview_next_bill

    admin = world["admin"]
    ctx = _ruled(admin, "bills", rule)
    sub = list_subscriptions(admin, customer_id=world["customer"])[0]
    seen = change_seats(admin, sub.id, 1, date(2026, 3, 10), version=sub.version, preview=True)
    assert seen.amounts_shown and seen.balance is not None
    preview = change_seats(ctx, sub.id, 1, date(2026, 3, 10), version=sub.version, preview=True)
    assert not preview.amounts_shown and (preview.credit, preview.charge, preview.next_bill) == (None, None, None)
    assert (preview.credit_total, preview.charge_total, preview.balance) == (None, None, None)
    with pytest.raises(AmountsWithheld) as withheld:
        preview_next_bill(ctx, sub.id, date(2026, 4, 1))
    assert withheld.value.code == "amount.withheld.next_bill"
    assert preview_next_bill(admin, sub.id, date(2026, 4, 1)).total_gross == D("106.00")
    assert get_subscription(ctx, sub.id).version == sub.version  # a preview wrote nothing
    prices = _ruled(admin, "products", rule)
    with pytest.raises(AmountsWithheld) as catalog:
        export_catalog(prices)
    assert catalog.value.code == "amount.withheld.catalog"
    data = export_catalog(admin)
    read_only = _ruled(admin, "products", FieldRule.READ_ONLY)
    _refused(read_only, lambda: import_catalog(read_only, data, dry_run=False), "amount.not_editable.products")
