"""Acceptance 1 of the billing engine, on SQLite, PostgreSQL and MariaDB: one subscription through a trial,
an upgrade with proration, a seat change, a pause, a resumption and an immediate cancellation, billed by
monthly bill runs; every bill's lines checked to the fen.

Plans (软件服务, 6 %, tax-inclusive): A = 月租 100.00 + 用户 10.00 per seat, 14-day trial; B = 月租 200.00 +
用户 10.00 per seat. Calendar months; proration by actual days (the change day belongs to the new terms).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from catalog_samples import seed_products

from desktop_app.services.bill_runs import run_bills
from desktop_app.services.bills import get_bill, issue_bill, list_bills
from desktop_app.services.customers import CustomerInput, create_customer
from desktop_app.services.plans import create_plan, publish
from desktop_app.services.subscription_changes import cancel, change_plan, change_seats, pause, resume
from desktop_app.services.subscriptions import create_subscription, get_subscription

D = Decimal


def _plan(admin: Any, code: str, base: str, trial_days: int = 0) -> tuple[int, int]:
    plan, version, _ = create_plan(admin, code, code, "", {"trial_days": trial_days, "charges": [
        {"kind": "recurring", "code": "base", "name": "月租", "product": "svc", "price": base, "interval": "month"},
        {"kind": "seat", "code": "seat", "name": "用户", "product": "svc", "price": "10.00", "interval": "month"},
    ]})
    publish(admin, plan.id)
    return plan.id, version.id


def _bill(context: Any, cutoff: date) -> list[tuple[str, str, str, str]]:
    """Run at ``cutoff``; the new bill's lines as (kind, description, period, gross)."""
    summary = run_bills(context, cutoff)
    if not summary.bills:
        return []
    newest = list_bills(context, run_id=summary.run_id)[0]
    return [(line.kind, line.description, f"{line.period_start:%m-%d}~{line.period_end:%m-%d}", str(line.gross))
            for line in get_bill(context, newest.id).lines]


@pytest.fixture
def lifecycle(org: dict[str, Any]) -> dict[str, Any]:
    admin = org["contexts"]["admin"]
    seed_products(admin)
    plans = {"A": _plan(admin, "A", "100.00", trial_days=14), "B": _plan(admin, "B", "200.00")}
    north1 = org["contexts"]["north1"]
    customer, _ = create_customer(north1, CustomerInput(name="上海云帆信息技术有限公司"))
    return {**org, "plans": plans, "customer": customer}


def test_trial_upgrade_seats_pause_resume_cancel_billed_to_the_fen(lifecycle: dict[str, Any]) -> None:
    north1, clerk = lifecycle["contexts"]["north1"], lifecycle["contexts"]["clerk"]
    sub, _ = create_subscription(north1, lifecycle["customer"].id, date(2026, 3, 18),
                                 plan_id=lifecycle["plans"]["A"][0], seats=2)
    assert (sub.status, sub.trial_end) == ("trial", date(2026, 4, 1))
    assert _bill(clerk, date(2026, 3, 31)) == []  # a trial is not billed
    assert _bill(clerk, date(2026, 4, 1)) == [
        ("recurring", "月租", "04-01~05-01", "100.00"),
        ("seat", "用户", "04-01~05-01", "20.00"),
    ]
    # upgrade on 16 April: 15 of April's 30 days left — credit half of A, charge half of B
    sub = get_subscription(north1, sub.id)
    upgrade = change_plan(north1, sub.id, lifecycle["plans"]["B"][1], date(2026, 4, 16), version=sub.version,
                          preview=False)
    assert (upgrade.credit_total, upgrade.charge_total, upgrade.balance) == (D("60.00"), D("110.00"), D("50.00"))
    # 2 → 5 seats on 21 April: 10 of 30 days — credit 2 × 10.00 / 3, charge 5 × 10.00 / 3
    sub = get_subscription(north1, sub.id)
    seats = change_seats(north1, sub.id, 5, date(2026, 4, 21), version=sub.version, preview=False)
    assert (seats.credit_total, seats.charge_total) == (D("6.67"), D("16.67"))
    may = _bill(clerk, date(2026, 5, 1))
    assert may == [
        ("recurring", "月租", "05-01~06-01", "200.00"),
        ("seat", "用户", "05-01~06-01", "50.00"),
        ("adjustment", "月租", "04-16~05-01", "-50.00"),
        ("adjustment", "用户", "04-16~05-01", "-10.00"),
        ("adjustment", "月租", "04-16~05-01", "100.00"),
        ("adjustment", "用户", "04-16~05-01", "10.00"),
        ("adjustment", "用户", "04-21~05-01", "-6.67"),
        ("adjustment", "用户", "04-21~05-01", "16.67"),
    ]
    assert list_bills(clerk)[0].total_gross == D("310.00")
    # pause on 11 May: 21 of May's 31 days credited; June is not billed while paused
    sub = get_subscription(north1, sub.id)
    paused = pause(north1, sub.id, date(2026, 5, 11), version=sub.version, preview=False)
    assert paused.credit_total == D("135.48") + D("33.87")
    assert _bill(clerk, date(2026, 6, 1)) == [
        ("adjustment", "月租", "05-11~06-01", "-135.48"),
        ("adjustment", "用户", "05-11~06-01", "-33.87"),
    ]
    # resume on 15 June: 16 of June's 30 days charged on the July bill
    sub = get_subscription(north1, sub.id)
    resume(north1, sub.id, date(2026, 6, 15), version=sub.version, preview=False)
    assert _bill(clerk, date(2026, 7, 1)) == [
        ("recurring", "月租", "07-01~08-01", "200.00"),
        ("seat", "用户", "07-01~08-01", "50.00"),
        ("adjustment", "月租", "06-15~07-01", "106.67"),
        ("adjustment", "用户", "06-15~07-01", "26.67"),
    ]
    # cancel immediately on 10 July: 22 of July's 31 days credited; nothing billed after
    sub = get_subscription(north1, sub.id)
    cancel(north1, sub.id, date(2026, 7, 10), at_period_end=False, version=sub.version, preview=False)
    assert _bill(clerk, date(2026, 8, 1)) == [
        ("adjustment", "月租", "07-10~08-01", "-141.94"),
        ("adjustment", "用户", "07-10~08-01", "-35.48"),
    ]
    assert _bill(clerk, date(2026, 9, 1)) == []
    bills = list_bills(clerk)
    assert [str(b.total_gross) for b in reversed(bills)] == \
        ["120.00", "310.00", "-169.35", "383.34", "-177.42"]
    # a credit-only bill is issued as settled: nothing to pay (the credit counts in the customer's balance)
    issued, _ = issue_bill(clerk, bills[0].id)
    assert issued.status == "paid" and issued.amount_due == D("-177.42")


def test_a_change_before_the_period_is_billed_puts_the_earlier_days_back_on_the_old_terms(
        lifecycle: dict[str, Any]) -> None:
    north1, clerk = lifecycle["contexts"]["north1"], lifecycle["contexts"]["clerk"]
    sub, _ = create_subscription(north1, lifecycle["customer"].id, date(2026, 4, 1),
                                 plan_id=lifecycle["plans"]["B"][0], seats=1)
    # upgraded on 16 April from B to A... i.e. a downgrade, before any bill run billed April
    change_plan(north1, sub.id, lifecycle["plans"]["A"][1], date(2026, 4, 16), version=sub.version, preview=False)
    april = _bill(clerk, date(2026, 4, 30))
    assert april == [
        ("recurring", "月租", "04-01~05-01", "100.00"),
        ("seat", "用户", "04-01~05-01", "10.00"),
        ("adjustment", "月租", "04-01~04-16", "100.00"),  # 15 days of B back on the bill
        ("adjustment", "用户", "04-01~04-16", "5.00"),
        ("adjustment", "月租", "04-01~04-16", "-50.00"),  # the same days of A taken off
        ("adjustment", "用户", "04-01~04-16", "-5.00"),
    ]
    assert list_bills(clerk)[0].total_gross == D("160.00")  # half a month of each


def test_a_change_cannot_reach_back_over_periods_billed_after_it(lifecycle: dict[str, Any]) -> None:
    """Billed in advance through May, a change dated in April would credit April only and leave May on the
    old terms: refused, naming the earliest day (the start of the period billed last); May itself is fine."""
    from desktop_app.errors import ValidationFailed

    north1, clerk = lifecycle["contexts"]["north1"], lifecycle["contexts"]["clerk"]
    sub, _ = create_subscription(north1, lifecycle["customer"].id, date(2026, 4, 1),
                                 plan_id=lifecycle["plans"]["B"][0], seats=1)
    assert _bill(clerk, date(2026, 4, 1)) and _bill(clerk, date(2026, 5, 1))  # April, then May, in advance
    sub = get_subscription(north1, sub.id)
    assert sub.billed_until == date(2026, 6, 1)
    for change in (lambda: change_plan(north1, sub.id, lifecycle["plans"]["A"][1], date(2026, 4, 20),
                                       version=sub.version, preview=True),
                   lambda: change_seats(north1, sub.id, 3, date(2026, 4, 30), version=sub.version, preview=False),
                   lambda: cancel(north1, sub.id, date(2026, 4, 20), at_period_end=False, version=sub.version,
                                  preview=False)):
        with pytest.raises(ValidationFailed) as refused:
            change()
        assert refused.value.code == "subscription.before_billed_period"
        assert (refused.value.params["earliest"], refused.value.params["billed_until"]) == ("2026-05-01",
                                                                                           "2026-05-31")
    assert get_subscription(north1, sub.id) == sub  # nothing written
    seats = change_seats(north1, sub.id, 3, date(2026, 5, 17), version=sub.version, preview=False)
    assert (seats.credit_total, seats.charge_total) == (D("4.84"), D("14.52"))  # 15 of 31 days: 1 → 3 seats
