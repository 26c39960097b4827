"""Payment reminders (催款) on SQLite, PostgreSQL and MariaDB: stages 7 → 15 → 30 listed once per stage, the
order by amount, scope, the follow-up on the customer's history, the remembered stage (a new episode after
the old bills are paid starts again), the stages as a setting, refusals and permissions."""

from __future__ import annotations

import itertools
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import select

from desktop_app.errors import DomainError, PermissionDenied, ValidationFailed
from desktop_app.messages_account import account_templates
from desktop_app.models import AuditEntry, Bill, Setting
from desktop_app.services.contacts import list_follow_ups
from desktop_app.services.context import Actor, Context
from desktop_app.services.customers import CustomerInput, create_customer
from desktop_app.services.dunning import record_reminder, reminders_due
from desktop_app.services.payments import PaymentInput, record_payment
from desktop_app.services.settings import set_setting

D = Decimal
NUMBERS = itertools.count(1)
LATER = datetime(2026, 8, 31, 4, 0, tzinfo=UTC)


def _at(context: Context, instant: datetime = LATER) -> Context:
    return Context(context.database, context.actor, lambda: instant, context.desktop)


def _on(context: Context, month: int, day: int) -> Context:
    return _at(context, datetime(2026, month, day, 4, 0, tzinfo=UTC))


def _bill(context: Context, customer_id: int, amount: str, due: date) -> int:
    number = next(NUMBERS)
    with context.unit_of_work() as uow:
        row = Bill(kind="bill", status="issued", series="ZD", year=due.year, number=number,
                   code=f"ZD-{due.year}-{number:06d}", customer_id=customer_id, total_net=D(amount),
                   total_tax=D("0.00"), total_gross=D(amount), amount_due=D(amount), paid=D("0.00"),
                   issue_date=date(2026, 4, 1), due_date=due, snapshot={}, created_at=context.clock(),
                   issued_at=context.clock(), issued_by="test")
        uow.session.add(row)
        uow.session.flush()
        bill_id = row.id
        uow.commit()
    return bill_id


@pytest.fixture
def dun(org: dict[str, Any]) -> dict[str, Any]:
    contexts = {name: _at(context) for name, context in org["contexts"].items()}
    north, _ = create_customer(contexts["north1"], CustomerInput(name="北京科技有限公司"))
    south, _ = create_customer(contexts["south1"], CustomerInput(name="广州贸易有限公司"))
    bills = {"north": _bill(contexts["clerk"], north.id, "1000.00", date(2026, 5, 1)),
             "north_small": _bill(contexts["clerk"], north.id, "0.50", date(2026, 5, 20)),
             "south": _bill(contexts["clerk"], south.id, "500.00", date(2026, 5, 5))}
    return {**org, "contexts": contexts, "north": north.id, "south": south.id, "bills": bills}


def _listed(context: Context, today: date) -> list[tuple[str, int, int, Decimal]]:
    return [(r.customer_name, r.stage, r.days, r.amount) for r in reminders_due(context, today)]


def test_stages_7_15_30_are_each_listed_once_biggest_amount_first(dun: dict[str, Any]) -> None:
    clerk, north1, north = dun["contexts"]["clerk"], dun["contexts"]["north1"], dun["north"]
    assert _listed(clerk, date(2026, 5, 7)) == []  # 6 days: before the first stage
    assert _listed(clerk, date(2026, 5, 8)) == [("北京科技有限公司", 7, 7, D("1000.00"))]
    assert _listed(clerk, date(2026, 5, 12)) == [("北京科技有限公司", 7, 11, D("1000.00")),
                                                 ("广州贸易有限公司", 7, 7, D("500.00"))]
    assert record_reminder(_on(north1, 5, 12), north, 7, "phone", "已电话联系王经理", date(2026, 5, 12)).customers
    assert _listed(clerk, date(2026, 5, 12)) == [("广州贸易有限公司", 7, 7, D("500.00"))]
    assert _listed(clerk, date(2026, 5, 15)) == [("广州贸易有限公司", 7, 10, D("500.00"))]  # north: 14 days
    due = reminders_due(clerk, date(2026, 5, 21))  # north 20 days, and its second bill is overdue too
    first = due[0]
    assert (first.customer_name, first.stage, first.reminded_stage, first.amount, len(first.bills)) == (
        "北京科技有限公司", 15, 7, D("1000.50"), 2)
    assert due[0].bill_ids == (dun["bills"]["north"], dun["bills"]["north_small"])
    assert (due[0].reminded_on, due[0].owner_name) == (date(2026, 5, 12), "华北销售一")
    record_reminder(_on(north1, 5, 21), north, 15, "email", "", date(2026, 5, 21))
    assert [r.customer_name for r in reminders_due(clerk, date(2026, 5, 30))] == ["广州贸易有限公司"]
    assert _listed(clerk, date(2026, 5, 31))[0] == ("北京科技有限公司", 30, 30, D("1000.50"))
    record_reminder(_on(north1, 5, 31), north, 30, "print", "寄出催款函", date(2026, 5, 31))
    assert [r.customer_name for r in reminders_due(clerk, date(2026, 8, 31))] == ["广州贸易有限公司"]
    history = list_follow_ups(north1, north)
    assert [(f.kind, f.user_name) for f in history] == [("message", "华北销售一")] * 2 + [("call", "华北销售一")]
    assert history[-1].content.startswith("已电话联系王经理 (ZD-")
    assert "¥1,000.00" in history[-1].content
    assert "¥1,000.50" in history[0].content and history[0].content.startswith("寄出催款函")
    with clerk.unit_of_work(write=False) as uow:
        actions = list(uow.session.scalars(select(AuditEntry.detail).where(AuditEntry.action == "dunning.remind")))
        memory = uow.session.get(Setting, f"dunning.reminded.{north}")
        assert memory is not None and '"stage": 30' in memory.value
    assert len(actions) == 3


def test_a_customer_paid_up_starts_again_at_the_first_stage(dun: dict[str, Any]) -> None:
    contexts, north = dun["contexts"], dun["north"]
    north1, clerk = contexts["north1"], contexts["clerk"]
    record_reminder(north1, north, 15, "phone", "", date(2026, 5, 17))  # a later stage may be noted at once
    assert [r.customer_name for r in reminders_due(clerk, date(2026, 5, 17))] == ["广州贸易有限公司"]
    record_payment(clerk, PaymentInput(north, "1000.50", date(2026, 6, 1), "bank"), "all")
    assert [r.customer_name for r in reminders_due(clerk, date(2026, 6, 10))] == ["广州贸易有限公司"]
    _bill(clerk, north, "88.00", date(2026, 7, 1))
    assert _listed(north1, date(2026, 7, 8)) == [("北京科技有限公司", 7, 7, D("88.00"))]


def test_scope_of_the_list_and_of_noting(dun: dict[str, Any]) -> None:
    contexts, north, south = dun["contexts"], dun["north"], dun["south"]
    day = date(2026, 5, 20)
    assert [r.customer_id for r in reminders_due(contexts["north1"], day)] == [north]
    assert [r.customer_id for r in reminders_due(contexts["south1"], day)] == [south]
    assert [r.customer_id for r in reminders_due(contexts["manager"], day)] == [north, south]
    with pytest.raises(DomainError) as hidden:
        record_reminder(contexts["south1"], north, 7, "phone", "", day)
    assert hidden.value.code == "record.not_found"
    with pytest.raises(PermissionDenied):  # neither payments.edit nor customers.edit
        record_reminder(contexts["auditor"], north, 7, "phone", "", day)
    assert record_reminder(contexts["clerk"], north, 7, "phone", "", day).customers  # collecting: payments.edit
    with pytest.raises(PermissionDenied):
        reminders_due(contexts["auditor"].as_actor(Actor(None, "nobody", "Nobody")), day)


def test_refusals_write_nothing(dun: dict[str, Any]) -> None:
    north1, north = dun["contexts"]["north1"], dun["north"]
    cases = [((15, "phone", date(2026, 5, 10)), "dunning.stage_not_reached"),
             ((10, "phone", date(2026, 5, 20)), "dunning.stage_invalid"),
             ((7, "fax", date(2026, 5, 20)), "dunning.channel_invalid"),
             ((7, "phone", date(2026, 5, 5)), "dunning.nothing_due")]
    for (stage, channel, today), code in cases:
        with pytest.raises(DomainError) as refused:
            record_reminder(north1, north, stage, channel, "", today)
        assert refused.value.code == code
        assert account_templates()[code].format(**refused.value.params)
    with pytest.raises(ValidationFailed) as too_long:
        record_reminder(north1, north, 7, "phone", "x" * 1001, date(2026, 5, 20))
    assert too_long.value.params["field"] == "note"
    assert list_follow_ups(north1, north) == []
    record_reminder(north1, north, 7, "phone", "", date(2026, 5, 20))
    with pytest.raises(DomainError) as twice:
        record_reminder(north1, north, 7, "email", "", date(2026, 5, 21))
    assert twice.value.code == "dunning.already_reminded"
    assert account_templates()["dunning.already_reminded"].format(**twice.value.params).endswith(
        "on 2026-05-20. Refresh the list.")
    assert len(list_follow_ups(north1, north)) == 1


def test_the_stages_are_a_setting(dun: dict[str, Any]) -> None:
    admin, clerk = dun["contexts"]["admin"], dun["contexts"]["clerk"]
    set_setting(admin, "dunning.stages", [3, 10])
    assert _listed(clerk, date(2026, 5, 4)) == [("北京科技有限公司", 3, 3, D("1000.00"))]
    assert _listed(clerk, date(2026, 5, 11))[0][:2] == ("北京科技有限公司", 10)
