"""The demo company (services/demo.py) on SQLite: a fill of 60 customers, its figures against the database,
bills that reconcile to the fen, some overdue, a second fill refused, and the same demo for the same seed."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from desktop_app.db import open_url
from desktop_app.errors import DomainError
from desktop_app.messages_demo import demo_templates
from desktop_app.models import Bill, BillLine, Customer, Payment, PaymentAllocation, Subscription, UsageRecordRow
from desktop_app.schema import prepare
from desktop_app.services.audit import verify
from desktop_app.services.auth import log_in
from desktop_app.services.company import CompanyDetails
from desktop_app.services.context import Context
from desktop_app.services.demo import MAX_USAGE, fill_demo
from desktop_app.services.settings import get_settings
from desktop_app.services.setup import FirstAdmin, initialise

TODAY = date(2026, 11, 26)
ADMIN_PASSWORD = "Str0ng-pass!"  # conftest's
D = Decimal


def _count(context: Context, model: Any, *conditions: Any) -> int:
    with context.unit_of_work(write=False) as uow:
        return int(uow.session.scalar(select(func.count()).select_from(model).where(*conditions)) or 0)


def _issued(context: Context) -> list[tuple[str, str, date | None, Decimal, Decimal, Decimal]]:
    with context.unit_of_work(write=False) as uow:
        rows = uow.session.scalars(select(Bill).where(Bill.kind == "bill", Bill.status != "draft")
                                   .order_by(Bill.customer_code, Bill.period_start, Bill.subscription_id))
        return [(b.customer_code, b.customer_name, b.period_start, b.total_gross, b.amount_due, b.paid) for b in rows]


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_a_demo_of_60_customers_reconciles_and_is_refused_twice(admin_context: Context) -> None:
    steps: list[str] = []
    summary = fill_demo(admin_context, today=TODAY, customers=60, confirm=ADMIN_PASSWORD,
                        progress=lambda done, total, step: steps.append(step))
    context = admin_context
    assert summary.customers == 60 == _count(context, Customer)
    assert summary.subscriptions == _count(context, Subscription) > 45
    assert summary.usage_records == _count(context, UsageRecordRow) <= MAX_USAGE
    assert summary.usage_records > 1000
    assert summary.bills == _count(context, Bill, Bill.kind == "bill", Bill.status != "draft") > 200
    assert _count(context, Bill, Bill.status == "draft") == 0
    assert summary.payments == _count(context, Payment, Payment.kind == "payment") > 100
    assert summary.overdue_bills == _count(context, Bill, Bill.status.in_(("issued", "partially_paid")),
                                           Bill.due_date < TODAY) > 0
    assert summary.wallet_top_ups > 0 and summary.plans == 10 and summary.products == 10
    assert {login.login for login in summary.logins} >= {"demo_manager", "demo_clerk"}
    assert log_in(Context(context.database), "demo_north1", summary.password).must_change_password
    assert steps[0] == "staff" and steps[-1] == "payments"
    assert get_settings(context)["bills.payment_terms_days"] == 30  # put back after issuing
    with context.unit_of_work(write=False) as uow:
        session = uow.session
        lines = dict(session.execute(select(BillLine.bill_id, func.sum(BillLine.gross)).group_by(BillLine.bill_id))
                     .all())
        nets = dict(session.execute(select(BillLine.bill_id, func.sum(BillLine.net)).group_by(BillLine.bill_id)).all())
        taxes = dict(session.execute(select(BillLine.bill_id, func.sum(BillLine.tax)).group_by(BillLine.bill_id))
                     .all())
        allocated = dict(session.execute(select(PaymentAllocation.bill_id, func.sum(PaymentAllocation.amount))
                                         .group_by(PaymentAllocation.bill_id)).all())
        statuses = set()
        for bill in session.scalars(select(Bill).where(Bill.kind == "bill")):
            statuses.add(bill.status)
            assert bill.code and bill.due_date is not None
            assert (lines[bill.id], nets[bill.id], taxes[bill.id]) == (bill.total_gross, bill.total_net,
                                                                        bill.total_tax)
            assert bill.total_net + bill.total_tax == bill.total_gross
            assert bill.amount_due == bill.total_gross - bill.credit_applied - bill.wallet_applied
            assert bill.paid == allocated.get(bill.id, D("0.00"))
            outstanding = bill.amount_due - bill.paid if bill.status in ("issued", "partially_paid") else D(0)
            assert bill.paid + outstanding == bill.amount_due
        assert {"paid", "issued", "partially_paid"} <= statuses
        methods = set(session.scalars(select(Payment.method)))
    assert {"bank", "alipay", "wechat"} <= methods
    assert verify(context).ok
    with pytest.raises(DomainError) as refused:
        fill_demo(context, today=TODAY, customers=5, confirm=ADMIN_PASSWORD)
    assert refused.value.code == "demo.not_empty"
    assert "60 customers" in demo_templates()["demo.not_empty"].format(**refused.value.params)
    assert _count(context, Customer) == 60


def _fresh(tmp_path: Path, name: str) -> Context:
    database = open_url(f"sqlite+pysqlite:///{tmp_path / name}")
    prepare(database, tmp_path / f"{name}-backups")
    system = Context(database)
    initialise(system, CompanyDetails(name="演示用有限公司"), FirstAdmin("admin", "管理员", ADMIN_PASSWORD))
    return system  # the system actor (as the CLI): no password to confirm


def test_the_same_seed_and_day_give_the_same_demo(tmp_path: Path) -> None:
    first, second = _fresh(tmp_path, "one.db"), _fresh(tmp_path, "two.db")
    try:
        one = fill_demo(first, today=date(2026, 6, 15), customers=40, seed=7)
        two = fill_demo(second, today=date(2026, 6, 15), customers=40, seed=7)
        assert one == two
        assert _issued(first) == _issued(second)
        assert sum(row[3] for row in _issued(first)) > 0
    finally:
        first.database.dispose()
        second.database.dispose()
