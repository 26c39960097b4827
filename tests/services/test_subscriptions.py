"""Subscriptions on SQLite, PostgreSQL and MariaDB: trial → active → upgrade with proration, seat change,
pause and resume, cancel at period end and immediately, grandfathering, scope, optimistic locking, merge.

Periods are calendar months (anchor 1 January); April 2026 has 30 days, May 31. Prices are tax-inclusive
at 6 % (product svc)."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from catalog_samples import seed_products
from sqlalchemy import func, select

from desktop_app.billing.quote import LineKind, Quote
from desktop_app.errors import ConcurrentEdit, DomainError, PermissionDenied, ValidationFailed
from desktop_app.messages import _templates
from desktop_app.models import AuditEntry, Subscription, SubscriptionEvent
from desktop_app.services.catalog import CouponInfo, save_coupon
from desktop_app.services.customers import CustomerInput, create_customer
from desktop_app.services.plans import create_plan, list_versions, publish, save_draft
from desktop_app.services.pool import merge
from desktop_app.services.subscription_changes import cancel, change_plan, change_seats, pause, resume
from desktop_app.services.subscriptions import (
    advance,
    create_subscription,
    get_subscription,
    list_events,
    list_subscriptions,
    preview_next_bill,
)

D = Decimal


def _flat(price: str, trial_days: int = 0) -> dict[str, Any]:
    return {"trial_days": trial_days, "charges": [
        {"kind": "recurring", "code": "base", "name": "月租", "product": "svc", "price": price, "interval": "month"},
    ]}


def _team() -> dict[str, Any]:
    return {"charges": [
        {"kind": "recurring", "code": "base", "name": "月租", "product": "svc", "price": "99.00", "interval": "month"},
        {"kind": "seat", "code": "seat", "name": "用户", "product": "svc", "price": "30.00", "interval": "month"},
        {"kind": "module", "code": "crm", "name": "客户管理模块", "product": "svc", "price": "20.00",
         "interval": "month"},
    ]}


def _plan(admin: Any, code: str, definition: dict[str, Any]) -> tuple[int, int]:
    plan, version, _ = create_plan(admin, code, code, "", definition)
    publish(admin, plan.id)
    return plan.id, version.id


@pytest.fixture
def catalog(org: dict[str, Any]) -> dict[str, Any]:
    admin = org["contexts"]["admin"]
    seed_products(admin)
    plans = {code: _plan(admin, code, definition) for code, definition in (
        ("basic", _flat("99.00", trial_days=14)), ("pro", _flat("159.00")), ("team", _team()))}
    north1, south1 = org["contexts"]["north1"], org["contexts"]["south1"]
    mine, _ = create_customer(north1, CustomerInput(name="北京科技有限公司"))
    theirs, _ = create_customer(south1, CustomerInput(name="广州贸易有限公司"))
    return {**org, "plans": plans, "mine": mine.id, "theirs": theirs.id}


def _gross(quote: Quote | None) -> list[tuple[str, str, Decimal]]:
    assert quote is not None
    return [(str(line.kind), line.charge, line.gross) for line in quote.lines]


def _count(context: Any, model: Any) -> int:
    with context.unit_of_work(write=False) as uow:
        return int(uow.session.scalar(select(func.count()).select_from(model)) or 0)


def test_lifecycle_trial_then_active_then_upgrade_mid_period_with_proration(catalog) -> None:  # type: ignore[no-untyped-def]
    north1 = catalog["contexts"]["north1"]
    basic, pro = catalog["plans"]["basic"], catalog["plans"]["pro"]
    sub, changes = create_subscription(north1, catalog["mine"], date(2026, 3, 18), plan_id=basic[0])
    assert changes.customers and re.fullmatch(r"S\d{4}000001", sub.code)
    assert (sub.status, sub.trial_end, sub.anchor, sub.alignment) == ("trial", date(2026, 4, 1), date(2026, 1, 1),
                                                                      "calendar")
    assert (sub.plan_code, sub.plan_version_number, sub.plan_version_id) == ("basic", 1, basic[1])
    # during the trial the next bill is the first billed month, April, in full
    first = preview_next_bill(north1, sub.id, date(2026, 3, 20))
    assert _gross(first) == [("recurring", "base", D("99.00"))]
    assert (first.total_net, first.total_tax, first.lines[0].period.start) == (D("93.40"), D("5.60"), date(2026, 4, 1))
    assert advance(north1, date(2026, 3, 31)) == 0
    assert advance(north1, date(2026, 4, 1)) == 1
    sub = get_subscription(north1, sub.id)
    assert sub.status == "active"

    # 99.00 → 159.00 on 11 April: 20 of April's 30 days are left
    events, audits = _count(north1, SubscriptionEvent), _count(north1, AuditEntry)
    preview = change_plan(north1, sub.id, pro[1], date(2026, 4, 11), version=sub.version, preview=True)
    assert not preview.applied and preview.subscription.plan_code == "pro"
    assert _gross(preview.credit) == [("recurring", "base", D("66.00"))]  # 99.00 × 20/30
    assert _gross(preview.charge) == [("recurring", "base", D("106.00"))]  # 159.00 × 20/30
    assert preview.credit is not None and preview.credit.lines[0].proration is not None
    assert (preview.credit.lines[0].proration.days, preview.credit.lines[0].proration.period_days) == (20, 30)
    assert (preview.credit.lines[0].period.start, preview.credit.lines[0].period.end) == (date(2026, 4, 11),
                                                                                          date(2026, 5, 1))
    assert (preview.credit.lines[0].net, preview.credit.lines[0].tax) == (D("62.26"), D("3.74"))
    assert (preview.credit_total, preview.charge_total, preview.balance) == (D("66.00"), D("106.00"), D("40.00"))
    assert get_subscription(north1, sub.id) == sub  # a preview writes nothing
    assert (_count(north1, SubscriptionEvent), _count(north1, AuditEntry)) == (events, audits)

    done = change_plan(north1, sub.id, pro[1], date(2026, 4, 11), version=sub.version, preview=False)
    assert done.applied and (done.credit_total, done.charge_total) == (D("66.00"), D("106.00"))
    sub = get_subscription(north1, sub.id)
    assert (sub.plan_code, sub.plan_version_id, sub.version) == ("pro", pro[1], done.subscription.version)
    assert [e.kind for e in list_events(north1, sub.id)] == ["created", "activated", "plan_changed"]
    last = list_events(north1, sub.id)[-1]
    assert (last.effective, last.detail["credit"], last.detail["charge"], last.by) == (
        date(2026, 4, 11), "66.00", "106.00", "华北销售一")
    with north1.unit_of_work(write=False) as uow:
        actions = list(uow.session.scalars(select(AuditEntry.action).order_by(AuditEntry.seq)))
    assert actions[-3:] == ["subscription.create", "subscription.advance", "subscription.change_plan"]
    assert _gross(preview_next_bill(north1, sub.id, date(2026, 5, 3))) == [("recurring", "base", D("159.00"))]
    with pytest.raises(DomainError) as caught:
        change_plan(north1, sub.id, pro[1], date(2026, 5, 1), version=sub.version, preview=False)
    assert caught.value.code == "subscription.same_plan"
    with pytest.raises(ValidationFailed) as invalid:  # no rewriting history before the last change
        change_plan(north1, sub.id, basic[1], date(2026, 4, 10), version=sub.version, preview=True)
    assert invalid.value.code == "subscription.date_invalid"


def test_a_plan_change_during_the_trial_moves_no_money(catalog) -> None:  # type: ignore[no-untyped-def]
    north1 = catalog["contexts"]["north1"]
    sub, _ = create_subscription(north1, catalog["mine"], date(2026, 3, 18), plan_id=catalog["plans"]["basic"][0])
    done = change_plan(north1, sub.id, catalog["plans"]["pro"][1], date(2026, 3, 25), version=sub.version,
                       preview=False)
    assert (done.credit, done.charge, done.balance, done.subscription.status) == (None, None, D("0.00"), "trial")


def test_seat_change_mid_period_credits_and_charges_the_seats_only(catalog) -> None:  # type: ignore[no-untyped-def]
    north1 = catalog["contexts"]["north1"]
    team = catalog["plans"]["team"]
    sub, _ = create_subscription(north1, catalog["mine"], date(2026, 4, 1), plan_version_id=team[1], seats=5,
                                 modules=["crm"])
    assert sub.status == "active" and sub.modules == ("crm",)
    assert _gross(preview_next_bill(north1, sub.id, date(2026, 4, 1))) == [
        ("recurring", "base", D("99.00")), ("seat", "seat", D("150.00")), ("module", "crm", D("20.00"))]
    done = change_seats(north1, sub.id, 8, date(2026, 4, 16), version=sub.version, preview=False)
    assert _gross(done.credit) == [("seat", "seat", D("75.00"))]  # 5 × 30.00 × 15/30
    assert _gross(done.charge) == [("seat", "seat", D("120.00"))]  # 8 × 30.00 × 15/30
    assert done.balance == D("45.00") and get_subscription(north1, sub.id).seats == 8
    assert list_events(north1, sub.id)[-1].detail["seats"] == [5, 8]
    with pytest.raises(ValidationFailed) as caught:
        change_seats(north1, sub.id, 0, date(2026, 4, 20), version=done.subscription.version, preview=True)
    assert caught.value.code == "subscription.seats_required"
    for kwargs, code in (({"seats": 0}, "subscription.seats_required"), ({"seats": -1}, "subscription.seats_negative"),
                         ({"seats": 1, "modules": ["erp"]}, "subscription.module_unknown")):
        with pytest.raises(ValidationFailed) as refused:
            create_subscription(north1, catalog["mine"], date(2026, 4, 1), plan_version_id=team[1], **kwargs)
        assert refused.value.code == code


def test_pause_and_resume(catalog) -> None:  # type: ignore[no-untyped-def]
    north1 = catalog["contexts"]["north1"]
    sub, _ = create_subscription(north1, catalog["mine"], date(2026, 4, 1), plan_id=catalog["plans"]["team"][0],
                                 seats=5)
    paused = pause(north1, sub.id, date(2026, 4, 21), version=sub.version, preview=False)
    assert _gross(paused.credit) == [("recurring", "base", D("33.00")), ("seat", "seat", D("50.00"))]  # 10/30
    assert (paused.charge, paused.balance, paused.subscription.status) == (None, D("-83.00"), "paused")
    with pytest.raises(DomainError) as caught:
        preview_next_bill(north1, sub.id, date(2026, 5, 5))
    assert caught.value.code == "subscription.nothing_to_bill"
    with pytest.raises(DomainError) as again:
        pause(north1, sub.id, date(2026, 4, 25), version=paused.subscription.version, preview=False)
    assert again.value.code == "subscription.status_invalid"
    resumed = resume(north1, sub.id, date(2026, 5, 11), version=paused.subscription.version, preview=False)
    # 21 of May's 31 days: 99.00 × 21/31 = 67.06, 150.00 × 21/31 = 101.61
    assert _gross(resumed.charge) == [("recurring", "base", D("67.06")), ("seat", "seat", D("101.61"))]
    assert (resumed.credit, resumed.balance, resumed.subscription.status) == (None, D("168.67"), "active")
    assert _gross(preview_next_bill(north1, sub.id, date(2026, 5, 20))) == _gross(resumed.charge)
    assert preview_next_bill(north1, sub.id, date(2026, 6, 2)).total_gross == D("249.00")
    assert [e.kind for e in list_events(north1, sub.id)] == ["created", "paused", "resumed"]


def test_cancel_at_period_end_and_immediately(catalog) -> None:  # type: ignore[no-untyped-def]
    north1 = catalog["contexts"]["north1"]
    pro = catalog["plans"]["pro"]
    later, _ = create_subscription(north1, catalog["mine"], date(2026, 4, 1), plan_id=pro[0])
    done = cancel(north1, later.id, date(2026, 4, 11), at_period_end=True, version=later.version, preview=False)
    assert (done.credit, done.balance) == (None, D("0.00"))
    assert (done.subscription.status, done.subscription.cancel_at) == ("cancelled", date(2026, 5, 1))
    assert preview_next_bill(north1, later.id, date(2026, 4, 20)).total_gross == D("159.00")
    with pytest.raises(DomainError) as caught:
        preview_next_bill(north1, later.id, date(2026, 5, 2))
    assert caught.value.code == "subscription.nothing_to_bill"
    assert advance(north1, date(2026, 5, 1)) == 1
    ended = get_subscription(north1, later.id)
    assert (ended.status, ended.ended_at) == ("ended", date(2026, 5, 1))

    now, _ = create_subscription(north1, catalog["mine"], date(2026, 4, 1), plan_id=pro[0])
    preview = cancel(north1, now.id, date(2026, 4, 11), at_period_end=False, version=now.version, preview=True)
    assert _gross(preview.credit) == [("recurring", "base", D("106.00"))] and preview.balance == D("-106.00")
    assert get_subscription(north1, now.id).status == "active"
    done = cancel(north1, now.id, date(2026, 4, 11), at_period_end=False, version=now.version, preview=False)
    assert (done.subscription.status, done.subscription.ended_at) == ("ended", date(2026, 4, 11))
    assert list_events(north1, now.id)[-1].detail["at_period_end"] is False
    assert [s.code for s in list_subscriptions(north1, status="ended")] == [later.code, now.code]


def test_issue_5_acceptance_3_a_subscription_on_version_1_keeps_its_price_after_version_2(catalog) -> None:  # type: ignore[no-untyped-def]
    admin, clerk = catalog["contexts"]["admin"], catalog["contexts"]["clerk"]
    plan_id, v1 = catalog["plans"]["pro"]
    old, _ = create_subscription(clerk, catalog["mine"], date(2026, 4, 1), plan_id=plan_id)
    assert old.plan_version_id == v1
    save_draft(admin, plan_id, _flat("199.00"))
    publish(admin, plan_id)
    v2 = next(v.id for v in list_versions(admin, plan_id) if v.status == "published")
    bill = preview_next_bill(clerk, old.id, date(2026, 6, 1))
    assert (bill.version, bill.total_gross) == (1, D("159.00"))
    assert get_subscription(clerk, old.id).plan_version_number == 1
    new, _ = create_subscription(clerk, catalog["theirs"], date(2026, 4, 1), plan_id=plan_id)
    assert new.plan_version_id == v2
    assert preview_next_bill(clerk, new.id, date(2026, 6, 1)).total_gross == D("199.00")
    with pytest.raises(DomainError) as caught:  # a retired version is not sold any more
        create_subscription(clerk, catalog["theirs"], date(2026, 4, 1), plan_version_id=v1)
    assert caught.value.code == "subscription.plan_not_published"


def test_issue_5_acceptance_3_the_bill_run_bills_each_subscription_at_its_own_version(catalog) -> None:  # type: ignore[no-untyped-def]
    """Acceptance 3 of the plans issue with real bills: after version 2 (199.00) is published, the bill run
    bills the subscription sold on version 1 at 159.00 and a new one at 199.00, and issues them so."""
    from desktop_app.services.bill_runs import run_bills
    from desktop_app.services.bills import get_bill, issue_bill, list_bills

    admin, clerk = catalog["contexts"]["admin"], catalog["contexts"]["clerk"]
    plan_id, _ = catalog["plans"]["pro"]
    old, _ = create_subscription(clerk, catalog["mine"], date(2026, 4, 1), plan_id=plan_id)
    run_bills(clerk, date(2026, 4, 1))
    save_draft(admin, plan_id, _flat("199.00"))
    publish(admin, plan_id)
    new, _ = create_subscription(clerk, catalog["theirs"], date(2026, 5, 1), plan_id=plan_id)
    run_bills(clerk, date(2026, 5, 1))
    june_run = run_bills(clerk, date(2026, 6, 1))
    june = {b.subscription_id: b for b in list_bills(clerk, run_id=june_run.run_id)}
    assert (june[old.id].total_gross, june[new.id].total_gross) == (D("159.00"), D("199.00"))
    issued, _ = issue_bill(clerk, june[old.id].id)
    assert issued.total_gross == D("159.00")
    assert [(line.description, str(line.gross)) for line in get_bill(clerk, issued.id).lines] == [("月租", "159.00")]


def test_a_salesperson_sees_and_changes_only_subscriptions_of_their_own_customers(catalog) -> None:  # type: ignore[no-untyped-def]
    contexts = catalog["contexts"]
    north1, south1, auditor = contexts["north1"], contexts["south1"], contexts["auditor"]
    team = catalog["plans"]["team"][1]
    mine, _ = create_subscription(north1, catalog["mine"], date(2026, 4, 1), plan_version_id=team, seats=2)
    theirs, _ = create_subscription(south1, catalog["theirs"], date(2026, 4, 1), plan_version_id=team, seats=2)
    assert [s.id for s in list_subscriptions(north1)] == [mine.id]
    assert list_subscriptions(north1, customer_id=catalog["theirs"]) == []
    assert {s.id for s in list_subscriptions(contexts["clerk"])} == {mine.id, theirs.id}
    assert {s.id for s in list_subscriptions(contexts["manager"])} == {mine.id, theirs.id}
    counts = (_count(north1, SubscriptionEvent), _count(north1, AuditEntry), _count(north1, Subscription))
    for attempt in (
        lambda: get_subscription(north1, theirs.id),
        lambda: preview_next_bill(north1, theirs.id, date(2026, 4, 1)),
        lambda: change_seats(north1, theirs.id, 5, date(2026, 4, 10), version=theirs.version, preview=False),
        lambda: cancel(north1, theirs.id, date(2026, 4, 10), at_period_end=False, version=theirs.version,
                       preview=False),
        lambda: create_subscription(north1, catalog["theirs"], date(2026, 4, 1), plan_version_id=team, seats=1),
    ):
        with pytest.raises(DomainError) as caught:
            attempt()
        assert caught.value.code == "record.not_found"
    with pytest.raises(PermissionDenied):
        create_subscription(auditor, catalog["mine"], date(2026, 4, 1), plan_version_id=team, seats=1)
    with pytest.raises(PermissionDenied):
        change_seats(auditor, mine.id, 5, date(2026, 4, 10), version=mine.version, preview=True)
    assert (_count(north1, SubscriptionEvent), _count(north1, AuditEntry), _count(north1, Subscription)) == counts
    assert get_subscription(south1, theirs.id) == theirs


def test_two_desktops_changing_the_same_subscription_the_second_is_refused(catalog) -> None:  # type: ignore[no-untyped-def]
    north1, manager = catalog["contexts"]["north1"], catalog["contexts"]["manager"]
    sub, _ = create_subscription(north1, catalog["mine"], date(2026, 4, 1), plan_id=catalog["plans"]["team"][0],
                                 seats=2)
    loaded_here, loaded_there = get_subscription(north1, sub.id), get_subscription(manager, sub.id)
    change_seats(north1, sub.id, 3, date(2026, 4, 10), version=loaded_here.version, preview=False)
    events = _count(north1, SubscriptionEvent)
    with pytest.raises(ConcurrentEdit) as caught:
        change_seats(manager, sub.id, 9, date(2026, 4, 12), version=loaded_there.version, preview=False)
    assert caught.value.params["record"] == "subscription" and caught.value.params["by"] == "华北销售一"
    with pytest.raises(ConcurrentEdit):
        pause(manager, sub.id, date(2026, 4, 12), version=loaded_there.version, preview=False)
    assert get_subscription(north1, sub.id).seats == 3 and _count(north1, SubscriptionEvent) == events


def test_coupons_must_be_active_and_are_priced(catalog) -> None:  # type: ignore[no-untyped-def]
    admin, north1 = catalog["contexts"]["admin"], catalog["contexts"]["north1"]
    save_coupon(admin, CouponInfo(0, "TEN", "立减十元", {"kind": "fixed", "value": "10.00"}))
    with pytest.raises(DomainError) as caught:
        create_subscription(north1, catalog["mine"], date(2026, 4, 1), plan_id=catalog["plans"]["pro"][0],
                            coupon_codes=["NOPE"])
    assert (caught.value.code, caught.value.params) == ("coupon.unknown", {"coupon": "NOPE"})
    sub, _ = create_subscription(north1, catalog["mine"], date(2026, 4, 1), plan_id=catalog["plans"]["pro"][0],
                                 coupon_codes=["TEN", "TEN"])
    assert sub.coupon_codes == ("TEN",)
    bill = preview_next_bill(north1, sub.id, date(2026, 4, 1))
    assert [line.kind for line in bill.lines] == [LineKind.RECURRING, LineKind.DISCOUNT]
    assert bill.total_gross == D("149.00")


def test_merging_two_customers_moves_their_subscriptions(catalog) -> None:  # type: ignore[no-untyped-def]
    admin = catalog["contexts"]["admin"]
    pro = catalog["plans"]["pro"][0]
    first, _ = create_subscription(admin, catalog["mine"], date(2026, 4, 1), plan_id=pro)
    second, _ = create_subscription(admin, catalog["theirs"], date(2026, 4, 1), plan_id=pro)
    merge(admin, catalog["theirs"], catalog["mine"])
    moved = list_subscriptions(admin, customer_id=catalog["mine"])
    assert [s.id for s in moved] == [first.id, second.id]
    assert {s.customer_id for s in moved} == {catalog["mine"]}


def test_a_customer_with_subscriptions_is_not_deleted(catalog) -> None:  # type: ignore[no-untyped-def]
    from desktop_app.errors import DomainError
    from desktop_app.services.customers import delete_customer, get_customer

    admin = catalog["contexts"]["admin"]
    create_subscription(admin, catalog["mine"], date(2026, 4, 1), plan_id=catalog["plans"]["pro"][0])
    with pytest.raises(DomainError) as refused:
        delete_customer(admin, catalog["mine"])
    assert refused.value.code == "customer.has_subscriptions" and refused.value.params["count"] == 1
    assert get_customer(admin, catalog["mine"]).id == catalog["mine"]  # still there


def test_every_subscription_error_code_has_a_sentence() -> None:
    codes = {"subscription.plan_required", "subscription.anchor_invalid", "subscription.plan_not_published",
             "subscription.seats_negative", "subscription.seats_required", "subscription.module_unknown",
             "subscription.nothing_to_bill", "subscription.status_invalid", "subscription.same_plan",
             "subscription.date_invalid"}
    assert codes <= set(_templates())



def test_the_list_of_every_subscription_filters_and_pages_by_code(catalog) -> None:  # type: ignore[no-untyped-def]
    from desktop_app.services.bill_runs import run_bills

    contexts = catalog["contexts"]
    admin, north1, south1 = contexts["admin"], contexts["north1"], contexts["south1"]
    (basic, _), (pro, _), (team, _) = (catalog["plans"][code] for code in ("basic", "pro", "team"))
    made = [create_subscription(who, customer, date(2026, 4, 1), plan_id=plan, seats=seats)[0]
            for who, customer, plan, seats in ((north1, catalog["mine"], basic, 0), (north1, catalog["mine"], pro, 0),
                                               (south1, catalog["theirs"], team, 2), (north1, catalog["mine"], pro, 0))]
    codes = sorted((s.code for s in made), reverse=True)
    assert [s.code for s in list_subscriptions(admin, newest_first=True)] == codes
    first = list_subscriptions(admin, newest_first=True, limit=3)
    rest = list_subscriptions(admin, newest_first=True, limit=3, before_code=first[-1].code)
    assert [s.code for s in first + rest] == codes and len(rest) == 1  # keyset: no gap, no repeat
    assert [s.code for s in list_subscriptions(admin, limit=2, before_code=codes[-1])] == sorted(codes)[1:3]
    assert [s.code for s in list_subscriptions(admin, plan_id=pro)] == sorted([made[1].code, made[3].code])
    assert [s.code for s in list_subscriptions(admin, status="trial")] == [made[0].code]  # basic: a 14-day trial
    customer = get_subscription(south1, made[2].id).customer_code
    for text in ("广州", customer.lower(), made[2].code.lower()):
        assert [s.code for s in list_subscriptions(admin, text=text)] == [made[2].code], text
    assert list_subscriptions(admin, text="%") == [] and list_subscriptions(admin, text="_") == []  # not wildcards
    assert [s.code for s in list_subscriptions(north1, newest_first=True)] == [made[3].code, made[1].code,
                                                                               made[0].code]  # scope: own customers
    assert list_subscriptions(north1, text="广州") == []
    assert all(s.billed_until is None for s in list_subscriptions(admin))
    run_bills(contexts["clerk"], date(2026, 4, 1))  # April in advance: billed until 1 May (exclusive)
    billed = {s.code: s.billed_until for s in list_subscriptions(admin)}
    assert billed[made[1].code] == billed[made[2].code] == date(2026, 5, 1)
    assert billed[made[0].code] is None  # still in its trial


def test_a_change_preview_prices_the_next_bill_on_the_new_terms(catalog) -> None:  # type: ignore[no-untyped-def]
    north1 = catalog["contexts"]["north1"]
    team, pro = catalog["plans"]["team"], catalog["plans"]["pro"]
    sub, _ = create_subscription(north1, catalog["mine"], date(2026, 4, 1), plan_id=team[0], seats=5)
    seats = change_seats(north1, sub.id, 8, date(2026, 4, 11), version=sub.version, preview=True)
    assert seats.next_bill is not None and seats.next_bill.lines[0].period.start == date(2026, 5, 1)
    assert _gross(seats.next_bill) == [("recurring", "base", D("99.00")), ("seat", "seat", D("240.00"))]  # 8 × 30
    assert _gross(preview_next_bill(north1, sub.id, date(2026, 5, 1)))[1] == ("seat", "seat", D("150.00"))
    assert get_subscription(north1, sub.id) == sub  # the preview wrote nothing
    plan = change_plan(north1, sub.id, pro[1], date(2026, 4, 11), version=sub.version, preview=True)
    assert _gross(plan.next_bill) == [("recurring", "base", D("159.00"))]
    done = change_plan(north1, sub.id, pro[1], date(2026, 4, 11), version=sub.version, preview=False)
    assert done.next_bill == plan.next_bill == preview_next_bill(north1, sub.id, date(2026, 5, 1))
    after = get_subscription(north1, sub.id)
    assert pause(north1, sub.id, date(2026, 4, 21), version=after.version, preview=True).next_bill is None
    assert cancel(north1, sub.id, date(2026, 4, 21), at_period_end=True, version=after.version,
                  preview=True).next_bill is None
