"""Subscriptions (订阅): a customer on one plan version, priced with the same engine as the bills.

- A subscription keeps the plan version it was sold on (grandfathering: publishing version 2 changes
  nothing for it) until ``change_plan`` moves it. Its status is ``trial`` → ``active`` (``paused``) →
  ``cancelled`` (ends at ``cancel_at``) → ``ended``; ``advance`` moves trials and cancellations on.
- Periods are counted from ``anchor``: 1 January of the first billed day's year (calendar-aligned, so
  monthly periods start on the 1st) or the first billed day itself (anniversary). The first billed day is
  the trial's end (``billing.periods.trial_end``) or the start date.
- Visibility follows the customer (``customers.scope_condition`` joined on the customer): who cannot
  see the customer gets ``record.not_found`` for their subscriptions. Permissions: ``subscriptions.view``,
  ``.create``, ``.edit``. Every write is audited and adds a row to ``subscription_events``.
- Changes mid-period (plan, seats, pause, resume, cancel) are in ``subscription_changes.py``.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Protocol

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from desktop_app.billing.discounts import CouponRedemption
from desktop_app.billing.errors import PlanInvalid, PriceInputInvalid
from desktop_app.billing.periods import Alignment, Period, anchor_for, trial_end
from desktop_app.billing.plan import BundleCharge, ModuleCharge, PlanVersion, SeatCharge
from desktop_app.billing.price_input import PriceInput
from desktop_app.billing.pricing import price
from desktop_app.billing.quote import Quote
from desktop_app.errors import DomainError, ValidationFailed
from desktop_app.models import Counter, Coupon, Customer, Plan, PlanVersionRow, Subscription, SubscriptionEvent
from desktop_app.services import plan_definitions as definitions
from desktop_app.services.billing_errors import wrapped
from desktop_app.services.catalog import coupon_discount
from desktop_app.services.changes import Changes
from desktop_app.services.context import Context, UnitOfWork
from desktop_app.services.customers import scope_condition, visible_customer

__all__ = ["ANCHORS", "STATUSES", "SubscriptionEventInfo", "SubscriptionInfo", "advance", "create_subscription",
           "get_subscription", "list_events", "list_subscriptions", "preview_next_bill"]

TRIAL, ACTIVE, PAUSED, CANCELLED, ENDED = "trial", "active", "paused", "cancelled", "ended"
STATUSES = (TRIAL, ACTIVE, PAUSED, CANCELLED, ENDED)
ANCHORS = (str(Alignment.CALENDAR), str(Alignment.ANNIVERSARY))
CHANGES = Changes(customers=True)  # a customer's subscriptions tab reloads with the customer


@dataclass(frozen=True)
class SubscriptionInfo:
    id: int
    code: str
    customer_id: int
    customer_code: str
    customer_name: str
    plan_id: int
    plan_code: str
    plan_name: str
    plan_version_id: int
    plan_version_number: int
    status: str
    start_date: date
    trial_end: date | None
    alignment: str  # calendar | anniversary
    anchor: date
    seats: int
    modules: tuple[str, ...]
    coupon_codes: tuple[str, ...]
    paused_from: date | None
    paused_until: date | None
    cancel_at: date | None
    ended_at: date | None
    created_at: datetime
    created_by: str
    version: int
    billed_until: date | None = None  # end of the last period billed in advance (None: nothing billed yet)


@dataclass(frozen=True)
class SubscriptionEventInfo:
    at: datetime
    kind: str  # created, activated, plan_changed, seats_changed, paused, resumed, cancelled, ended
    effective: date | None
    detail: dict[str, Any]
    by: str


# --- loading --------------------------------------------------------------------------------------

def visible_subscription(session: Session, context: Context, subscription_id: int) -> Subscription:
    """The subscription if its customer is in the actor's scope, else ``record.not_found``."""
    query = select(Subscription).join(Customer, Customer.id == Subscription.customer_id) \
        .where(Subscription.id == subscription_id)
    condition = scope_condition(session, context)
    if condition is not None:
        query = query.where(condition)
    row: Subscription | None = session.scalar(query)
    if row is None:
        raise DomainError("record.not_found")
    return row


def info(session: Session, row: Subscription) -> SubscriptionInfo:
    customer = session.get(Customer, row.customer_id)
    version = session.get(PlanVersionRow, row.plan_version_id)
    assert customer is not None and version is not None
    plan = session.get(Plan, version.plan_id)
    assert plan is not None
    return SubscriptionInfo(
        row.id, row.code, customer.id, customer.code, customer.name, plan.id, plan.code, plan.name, version.id,
        version.number, row.status, row.start_date, row.trial_end, row.alignment, row.anchor, row.seats,
        tuple(row.modules or ()), tuple(row.coupon_codes or ()), row.paused_from, row.paused_until, row.cancel_at,
        row.ended_at, row.created_at, row.created_by, row.version, row.billed_until)


def plan_of(session: Session, version_id: int) -> PlanVersion:
    row = session.get(PlanVersionRow, version_id)
    if row is None:
        raise DomainError("record.not_found")
    return definitions.stored_plan(row.definition)


def sellable_version(session: Session, version_id: int) -> PlanVersionRow:
    """A published version of a plan that is not archived (what can be sold or changed to)."""
    row = session.get(PlanVersionRow, version_id)
    if row is None:
        raise DomainError("record.not_found")
    plan = session.get(Plan, row.plan_id)
    if plan is not None and plan.archived:
        raise DomainError("plan.archived")
    if row.status != "published":
        raise DomainError("subscription.plan_not_published", number=row.number)
    return row


def check_terms(plan: PlanVersion, seats: int, modules: Sequence[str]) -> None:
    """Seats ≥ 0 (≥ 1 when the plan charges per seat); every module switchable in the plan."""
    if isinstance(seats, bool) or not isinstance(seats, int) or seats < 0:
        raise ValidationFailed("subscription.seats_negative", "seats")
    if seats < 1 and any(isinstance(charge, SeatCharge) for charge in plan.charges):
        raise ValidationFailed("subscription.seats_required", "seats")
    switchable = {charge.code for charge in plan.charges if isinstance(charge, ModuleCharge | BundleCharge)}
    for module in modules:
        if module not in switchable:
            raise ValidationFailed("subscription.module_unknown", "modules", module=module)


def active_coupons(session: Session, codes: Sequence[str]) -> list[str]:
    """The codes (duplicates dropped) if each names an active coupon, else ``coupon.unknown``."""
    wanted = list(dict.fromkeys(code.strip() for code in codes if code.strip()))
    found = set(session.scalars(select(Coupon.code).where(Coupon.code.in_(wanted), Coupon.active))) if wanted else set()
    for code in wanted:
        if code not in found:
            raise DomainError("coupon.unknown", coupon=code)
    return wanted


def redemptions(session: Session, codes: Sequence[str], periods_applied: int) -> tuple[CouponRedemption, ...]:
    """The coupons the subscription holds (also ones deactivated since: they were granted), each counted
    as applied once per period billed before (``periods_applied``)."""
    if not codes:
        return ()
    rows = {row.code: row for row in session.scalars(select(Coupon).where(Coupon.code.in_(list(codes))))}
    return tuple(CouponRedemption(coupon_discount(row.code, row.name, row.discount), periods_applied)
                 for code in codes if (row := rows.get(code)) is not None)


class Terms(Protocol):
    """What the billing days of a subscription depend on (a row, or the bill run's loaded tuple)."""

    @property
    def start_date(self) -> date: ...
    @property
    def trial_end(self) -> date | None: ...
    @property
    def paused_from(self) -> date | None: ...
    @property
    def paused_until(self) -> date | None: ...
    @property
    def cancel_at(self) -> date | None: ...
    @property
    def ended_at(self) -> date | None: ...


def billed_from(row: Terms) -> date:
    """The first billed day: the trial's end, or the start."""
    return row.trial_end or row.start_date


def period_index(plan: PlanVersion, row: Subscription, day: date) -> int:
    """How many billing periods of ``plan`` were billed before the one containing ``day``."""
    cycle = plan.billing_cycle
    return max(0, cycle.index_of(row.anchor, day) - cycle.index_of(row.anchor, billed_from(row)))


def quote(plan: PlanVersion, given: PriceInput) -> Quote:
    try:
        return price(plan, given)
    except PriceInputInvalid as error:
        raise wrapped("plan.input_invalid", error) from None
    except PlanInvalid as error:  # pragma: no cover - stored versions were valid when saved
        raise wrapped("plan.definition_invalid", error) from None


def tier_of(session: Session, row: Subscription) -> str | None:
    return session.scalar(select(Customer.tier).where(Customer.id == row.customer_id)) or None


def record_event(uow: UnitOfWork, row: Subscription, kind: str, effective: date | None, **detail: Any) -> None:
    """One history row and one audit entry (``subscription.<action>``) for a change of ``row``."""
    context = uow.context
    plain = json.loads(json.dumps(detail, default=str))  # dates as ISO text
    uow.session.add(SubscriptionEvent(subscription_id=row.id, at=context.clock(), kind=kind, effective=effective,
                                      detail=plain, by=context.actor.display_name))
    row.updated_at, row.updated_by = context.clock(), context.actor.display_name


def _next_code(session: Session, year: int) -> str:
    counter = session.scalar(select(Counter).where(Counter.series == "subscription", Counter.year == year)
                             .with_for_update())
    if counter is None:
        counter = Counter(series="subscription", year=year, last=0)
        session.add(counter)
    counter.last += 1
    session.flush()
    return f"S{year}{counter.last:06d}"


# --- reads ----------------------------------------------------------------------------------------

def list_subscriptions(context: Context, customer_id: int | None = None, status: str | None = None, *,
                       plan_id: int | None = None, text: str = "", newest_first: bool = False,
                       limit: int | None = None, before_code: str | None = None) -> list[SubscriptionInfo]:
    """The subscriptions of the customers the actor sees, by code (``newest_first``: descending). ``text``
    matches the customer's name or code or the subscription's code (any case); ``limit`` makes it a page and
    ``before_code`` the page after that code (keyset paging, with ``newest_first``)."""
    context.require("subscriptions.view")
    with context.unit_of_work(write=False) as uow:
        session = uow.session
        query = select(Subscription).join(Customer, Customer.id == Subscription.customer_id) \
            .order_by(Subscription.code.desc() if newest_first else Subscription.code).limit(limit)
        condition = scope_condition(session, context)
        if condition is not None:
            query = query.where(condition)
        if customer_id is not None:
            query = query.where(Subscription.customer_id == customer_id)
        if status:
            query = query.where(Subscription.status == status)
        if plan_id is not None:
            query = query.where(Subscription.plan_version_id.in_(select(PlanVersionRow.id)
                                                                 .where(PlanVersionRow.plan_id == plan_id)))
        if text := text.strip():  # LIKE with % and _ escaped, any case
            query = query.where(or_(*(column.icontains(text, autoescape=True)
                                      for column in (Customer.name, Customer.code, Subscription.code))))
        if before_code is not None:
            query = query.where(Subscription.code < before_code if newest_first else Subscription.code > before_code)
        return [info(session, row) for row in session.scalars(query)]


def get_subscription(context: Context, subscription_id: int) -> SubscriptionInfo:
    context.require("subscriptions.view")
    with context.unit_of_work(write=False) as uow:
        return info(uow.session, visible_subscription(uow.session, context, subscription_id))


def list_events(context: Context, subscription_id: int) -> list[SubscriptionEventInfo]:
    """The subscription's history, oldest first."""
    context.require("subscriptions.view")
    with context.unit_of_work(write=False) as uow:
        visible_subscription(uow.session, context, subscription_id)
        rows = uow.session.scalars(select(SubscriptionEvent).where(SubscriptionEvent.subscription_id
                                                                    == subscription_id)
                                   .order_by(SubscriptionEvent.id))
        return [SubscriptionEventInfo(r.at, r.kind, r.effective, dict(r.detail or {}), r.by) for r in rows]


# --- create ---------------------------------------------------------------------------------------

def create_subscription(context: Context, customer_id: int, start_date: date, *, plan_id: int | None = None,
                        plan_version_id: int | None = None, seats: int = 0, modules: Sequence[str] = (),
                        coupon_codes: Sequence[str] = (), anchor: str = "calendar"
                        ) -> tuple[SubscriptionInfo, Changes]:
    """Subscribe a visible customer to a plan (its published version) or to a published version; a trial
    of the plan's ``trial_days`` starts on ``start_date``."""
    context.require("subscriptions.create")
    if (plan_id is None) == (plan_version_id is None):
        raise ValidationFailed("subscription.plan_required", "plan")
    if anchor not in ANCHORS:
        raise ValidationFailed("subscription.anchor_invalid", "anchor")
    with context.unit_of_work() as uow:
        session = uow.session
        customer = visible_customer(session, context, customer_id)
        if plan_version_id is None:
            plan_version_id = session.scalar(select(PlanVersionRow.id).where(PlanVersionRow.plan_id == plan_id,
                                                                              PlanVersionRow.status == "published"))
            if plan_version_id is None:
                if session.get(Plan, plan_id) is None:
                    raise DomainError("record.not_found")
                raise DomainError("subscription.plan_not_published", number=0)
        version = sellable_version(session, plan_version_id)
        plan = definitions.stored_plan(version.definition)
        wanted_modules = list(dict.fromkeys(modules))
        check_terms(plan, seats, wanted_modules)
        coupons = active_coupons(session, coupon_codes)
        trial = trial_end(start_date, plan.trial_days) if plan.trial_days else None
        first_billed = trial or start_date
        now = context.clock()
        row = Subscription(code=_next_code(session, now.year), customer_id=customer.id, plan_version_id=version.id,
                           status=TRIAL if trial else ACTIVE, start_date=start_date, trial_end=trial,
                           alignment=anchor, anchor=anchor_for(first_billed, Alignment(anchor)), seats=seats,
                           modules=wanted_modules, coupon_codes=coupons, created_at=now,
                           created_by=context.actor.display_name)
        session.add(row)
        session.flush()
        record_event(uow, row, "created", start_date, plan=plan.code, number=version.number, seats=seats,
                     modules=wanted_modules, coupons=coupons, trial_end=trial)
        session.flush()
        result = info(session, row)
        uow.audit("subscription.create", "subscription", row.id, code=row.code, customer=customer.code,
                  plan=plan.code, number=version.number, seats=seats, modules=wanted_modules, coupons=coupons,
                  start_date=start_date, trial_end=trial, anchor=anchor)
        uow.commit()
    return result, CHANGES


# --- the next bill --------------------------------------------------------------------------------

def service_range(row: Terms, period: Period) -> tuple[date, date] | None:
    """The days of ``period`` the subscription is billed for in advance (None: none): from the first billed
    day or the end of a pause, up to a cancellation or the start of a pause."""
    start, end = max(period.start, billed_from(row)), period.end
    if row.paused_from is not None and row.paused_from <= start:
        if row.paused_until is None:
            return None
        start = max(start, row.paused_until)
    elif row.paused_from is not None and row.paused_from < end and (row.paused_until is None
                                                                    or row.paused_until >= end):
        end = row.paused_from  # a pause that ends inside the period is credited when it ends (``resume``)
    for stop in (row.cancel_at, row.ended_at):
        if stop is not None:
            end = min(end, stop)
    return (start, end) if start < end else None


def preview_next_bill(context: Context, subscription_id: int, as_of: date) -> Quote:
    """"What will the next bill look like": the recurring charges in advance for the billing period that
    contains ``as_of`` (or, during a trial, the first billed period), priced on the subscription's own plan
    version at the customer's tier with its coupons; no usage. ``subscription.nothing_to_bill`` when that
    period has no billed day (paused, cancelled, ended). A role that masks or hides bill amounts is refused
    (``amount.withheld.next_bill``): the answer is nothing but amounts."""
    from desktop_app.services import amounts

    context.require("subscriptions.view")
    amounts.require_shown(context, "next_bill", amounts.BILLS)
    with context.unit_of_work(write=False) as uow:
        return next_bill(uow.session, visible_subscription(uow.session, context, subscription_id), as_of)


def next_bill(session: Session, row: Subscription, as_of: date) -> Quote:
    """``preview_next_bill`` of ``row`` as it is in ``session`` (a change's preview prices the new terms)."""
    plan = plan_of(session, row.plan_version_id)
    day = max(as_of, billed_from(row))
    period = plan.billing_cycle.period_containing(row.anchor, day)
    served = None if row.status == ENDED else service_range(row, period)
    if served is None:
        raise DomainError("subscription.nothing_to_bill", subscription=row.code)
    index = period_index(plan, row, day)
    given = PriceInput(period=period, anchor=row.anchor,
                       service_from=None if served[0] == period.start else served[0],
                       service_to=None if served[1] == period.end else served[1],
                       seats=row.seats, modules=frozenset(row.modules or ()), membership_tier=tier_of(session, row),
                       coupons=redemptions(session, row.coupon_codes or [], index), period_index=index)
    return quote(plan, given)


# --- housekeeping ---------------------------------------------------------------------------------

def advance(context: Context, as_of: date) -> int:
    """Trials whose end has come become active; cancellations whose day has come end. For the bill run
    (and the start of the app); returns how many subscriptions changed."""
    context.require("subscriptions.edit")
    with context.unit_of_work() as uow:
        count = advance_statuses(uow, as_of, scoped=True)
        if count:
            uow.commit()
    return count


def advance_statuses(uow: UnitOfWork, as_of: date, *, scoped: bool) -> int:
    """``advance`` inside the caller's unit of work (the bill run moves every subscription: ``scoped=False``);
    the caller commits."""
    session, context = uow.session, uow.context
    query = select(Subscription).join(Customer, Customer.id == Subscription.customer_id).where(
        ((Subscription.status == TRIAL) & (Subscription.trial_end <= as_of))
        | ((Subscription.status == CANCELLED) & (Subscription.cancel_at <= as_of))).order_by(Subscription.id)
    condition = scope_condition(session, context) if scoped else None
    if condition is not None:
        query = query.where(condition)
    changed: dict[str, list[str]] = {"activated": [], "ended": []}
    for row in session.scalars(query).all():
        if row.status == TRIAL:
            row.status = ACTIVE
            record_event(uow, row, "activated", row.trial_end)
            changed["activated"].append(row.code)
        else:
            row.status, row.ended_at = ENDED, row.cancel_at
            record_event(uow, row, "ended", row.cancel_at)
            changed["ended"].append(row.code)
    count = len(changed["activated"]) + len(changed["ended"])
    if count:
        uow.audit("subscription.advance", "subscription", "", as_of=as_of, activated=changed["activated"],
                  ended=changed["ended"])
    return count
