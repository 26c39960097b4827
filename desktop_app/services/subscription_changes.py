"""Changes to a subscription in the middle of a billing period, each previewable before it is committed.

Proration by actual days (design/money-rules.md, docs/pricing.md): the recurring charges were billed in
advance for the billing period that contains the change day, so a change gives

- a **credit** for the unused part of what was billed: the old terms over ``[effective, period end)``, and
- a **charge** for the rest of the period on the new terms over the same days;

the change day belongs to the new terms. Both are priced by ``billing.pricing.price`` with
``service_from``/``service_to`` (the divisor is the full period: 20 of April's 30 days is 20/30) and only
the recurring charges (seats alone for a seat change). Nothing moves while the subscription is not yet
billed (trial) or paused. With ``preview=True`` nothing is written; otherwise the change is saved with an
event and an audit entry. ``version`` is the subscription's version as loaded (``ConcurrentEdit`` when
someone changed it since). The credit and charge go on the next bill: ``subscription_adjustments``, which
the bill run adds as lines (see ``_term_change`` for a period not billed yet).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import func, select

from desktop_app.billing.periods import Period
from desktop_app.billing.plan import RECURRING_KINDS, Charge, PlanVersion, SeatCharge
from desktop_app.billing.price_input import PriceInput
from desktop_app.billing.quote import Quote
from desktop_app.errors import DomainError, ValidationFailed
from desktop_app.models import Subscription, SubscriptionAdjustment, SubscriptionEvent
from desktop_app.services import amounts
from desktop_app.services import plan_definitions as definitions
from desktop_app.services import subscriptions as subs
from desktop_app.services.context import Context, UnitOfWork, check_version

__all__ = ["ChangePreview", "cancel", "change_plan", "change_seats", "pause", "resume"]

_ZERO = Decimal("0.00")


@dataclass(frozen=True)
class ChangePreview:
    """What a change costs: ``credit`` (the unused part of the old terms, positive amounts to be credited)
    and ``charge`` (the rest of the period on the new terms); ``balance = charge_total − credit_total``
    (positive: the customer pays; negative: the customer is owed). ``subscription`` is the subscription
    after the change (as it would be, for a preview); ``next_bill`` the recurring charges of the bill after
    the change's period (of the change day, if not billed) on the new terms (None: nothing to bill)."""

    kind: str
    effective: date
    period: Period | None
    credit: Quote | None
    charge: Quote | None
    credit_total: Decimal | None
    charge_total: Decimal | None
    balance: Decimal | None
    subscription: subs.SubscriptionInfo
    applied: bool
    next_bill: Quote | None = None
    amounts_shown: bool = True  # False: the actor's role masks or hides bill amounts — every amount is None


@dataclass(frozen=True)
class _Terms:
    plan: PlanVersion
    seats: int
    modules: frozenset[str]


def _load(uow: UnitOfWork, subscription_id: int, version: int, preview: bool) -> Subscription:
    uow.context.require("subscriptions.edit")
    row = subs.visible_subscription(uow.session, uow.context, subscription_id)
    if not preview:
        check_version(row, version, "subscription")
    return row


def _check_day(uow: UnitOfWork, row: Subscription, effective: date) -> None:
    """A change takes effect on or after the start and the latest earlier change (no rewriting history),
    and not before the period billed last: the credit and charge cover the rest of the change day's period
    only, so a change reaching back over periods billed after it would leave those on the old terms. As in
    the usual billing systems, backdating stays within the current term; earlier bills are corrected with
    credit notes (``subscription.before_billed_period`` says so and names the earliest day)."""
    last = uow.session.scalar(select(func.max(SubscriptionEvent.effective))
                              .where(SubscriptionEvent.subscription_id == row.id))
    if effective < row.start_date or (last is not None and effective < last):
        raise ValidationFailed("subscription.date_invalid", "effective", earliest=str(max(row.start_date, last or
                                                                                               row.start_date)))
    if row.billed_until is not None and row.billed_until > row.start_date:
        cycle = subs.plan_of(uow.session, row.plan_version_id).billing_cycle
        current = cycle.period_containing(row.anchor, row.billed_until - timedelta(days=1))
        if effective < current.start:
            raise ValidationFailed("subscription.before_billed_period", "effective", earliest=str(current.start),
                                   billed_until=str(row.billed_until - timedelta(days=1)))


def _require_status(row: Subscription, *allowed: str) -> None:
    if row.status not in allowed:
        raise DomainError("subscription.status_invalid", status=row.status, subscription=row.code)


def _billing(row: Subscription, effective: date) -> bool:
    """Whether ``effective`` is a billed day (after the trial — even if ``advance`` has not marked the
    subscription active yet — and not paused)."""
    return effective >= subs.billed_from(row) and row.status in (subs.TRIAL, subs.ACTIVE, subs.CANCELLED)


def _prorated(uow: UnitOfWork, row: Subscription, terms: _Terms, effective: date,
              wanted: Callable[[Charge], bool]) -> tuple[Period, Quote | None]:
    """``terms`` over ``[effective, end of its billing period)`` (or the cancellation day), recurring only."""
    plan = terms.plan
    period = plan.billing_cycle.period_containing(row.anchor, effective)
    end = min(period.end, row.cancel_at) if row.cancel_at is not None else period.end
    only = frozenset(c.code for c in plan.charges if isinstance(c, RECURRING_KINDS) and wanted(c))
    if end <= effective or not only:
        return period, None
    index = subs.period_index(plan, row, effective)
    given = PriceInput(period=period, anchor=row.anchor, service_from=effective, service_to=end, seats=terms.seats,
                       modules=terms.modules, only=only, membership_tier=subs.tier_of(uow.session, row),
                       coupons=subs.redemptions(uow.session, row.coupon_codes or [], index), period_index=index)
    priced = subs.quote(plan, given)
    return period, priced if priced.lines else None


def _before(uow: UnitOfWork, row: Subscription, terms: _Terms, effective: date,
            wanted: Callable[[Charge], bool]) -> Quote | None:
    """``terms`` over the served days of the period before ``effective`` (``[start, effective)``)."""
    period = terms.plan.billing_cycle.period_containing(row.anchor, effective)
    return _between(uow, row, terms, max(period.start, subs.billed_from(row)), effective, wanted)


def _between(uow: UnitOfWork, row: Subscription, terms: _Terms, start: date, end: date,
             wanted: Callable[[Charge], bool]) -> Quote | None:
    """``terms`` over ``[start, end)``, days of the one billing period containing ``start``; recurring only."""
    plan = terms.plan
    period = plan.billing_cycle.period_containing(row.anchor, start)
    only = frozenset(c.code for c in plan.charges if isinstance(c, RECURRING_KINDS) and wanted(c))
    if end <= start or not only:
        return None
    index = subs.period_index(plan, row, start)
    given = PriceInput(period=period, anchor=row.anchor, service_from=start, service_to=end, seats=terms.seats,
                       modules=terms.modules, only=only, membership_tier=subs.tier_of(uow.session, row),
                       coupons=subs.redemptions(uow.session, row.coupon_codes or [], index), period_index=index)
    priced = subs.quote(plan, given)
    return priced if priced.lines else None


def _period_billed(row: Subscription, effective: date) -> bool:
    """Whether a bill run already billed the period containing ``effective`` in advance."""
    return row.billed_until is not None and effective < row.billed_until


def _store(uow: UnitOfWork, row: Subscription, reason: str, effective: date,
           adjustments: list[tuple[str, Quote | None]]) -> None:
    """Keep credits and charges for the next bill (``subscription_adjustments``; the bill run adds them)."""
    for kind, quote in adjustments:
        if quote is not None and quote.lines:
            uow.session.add(SubscriptionAdjustment(
                subscription_id=row.id, kind=kind, reason=reason, effective=effective,
                lines=[line.to_dict() for line in quote.lines], created_at=uow.context.clock()))


def _term_change(uow: UnitOfWork, row: Subscription, reason: str, effective: date, old: _Terms, new: _Terms,
                 credit: Quote | None, charge: Quote | None, wanted: Callable[[Charge], bool]) -> None:
    """A plan or seat change goes on the next bill: if the period was billed in advance, the credit for the
    old terms and the charge for the new ones from ``effective``; if not, the run will bill the whole
    period on the new terms, so the days before ``effective`` are put back on the old ones."""
    if _period_billed(row, effective):
        _store(uow, row, reason, effective, [("credit", credit), ("charge", charge)])
    elif effective >= subs.billed_from(row):
        _store(uow, row, reason, effective, [("charge", _before(uow, row, old, effective, wanted)),
                                             ("credit", _before(uow, row, new, effective, wanted))])


def _terms(uow: UnitOfWork, row: Subscription) -> _Terms:
    return _Terms(subs.plan_of(uow.session, row.plan_version_id), row.seats, frozenset(row.modules or ()))


def _everything(charge: Charge) -> bool:
    return True


def _seats_only(charge: Charge) -> bool:
    return isinstance(charge, SeatCharge)


_ACTIONS = {"plan_changed": "change_plan", "seats_changed": "change_seats", "paused": "pause", "resumed": "resume",
            "cancelled": "cancel"}


def _finish(uow: UnitOfWork, row: Subscription, kind: str, effective: date, period: Period | None,
            credit: Quote | None, charge: Quote | None, preview: bool, **detail: Any) -> ChangePreview:
    credit_total = credit.total_gross if credit is not None else _ZERO
    charge_total = charge.total_gross if charge is not None else _ZERO
    session = uow.session
    if preview:
        with session.no_autoflush:  # nothing reaches the database: the unit of work rolls back
            after, next_bill = subs.info(session, row), _next_bill(uow, row, period, effective)
    else:
        subs.record_event(uow, row, kind, effective, credit=str(credit_total), charge=str(charge_total), **detail)
        session.flush()
        after, next_bill = subs.info(session, row), _next_bill(uow, row, period, effective)
    if amounts.rules_of(uow.context).bills_shown:
        result = ChangePreview(kind, effective, period, credit, charge, credit_total, charge_total,
                               charge_total - credit_total, after, not preview, next_bill)
    else:
        result = ChangePreview(kind, effective, period, None, None, None, None, None, after, not preview, None,
                               amounts_shown=False)
    if not preview:
        uow.audit(f"subscription.{_ACTIONS[kind]}", "subscription", row.id, code=row.code, effective=effective,
                  credit=str(credit_total), charge=str(charge_total), **detail)
        uow.commit()
    return result


def _next_bill(uow: UnitOfWork, row: Subscription, period: Period | None, effective: date) -> Quote | None:
    """The next bill on the row's terms as they are now in the unit of work (the new ones)."""
    try:
        return subs.next_bill(uow.session, row, period.end if period is not None else effective)
    except DomainError:
        return None


def change_plan(context: Context, subscription_id: int, new_plan_version_id: int, effective: date, *,
                version: int = 0, preview: bool = True) -> ChangePreview:
    """Move the subscription to another published plan version (an upgrade or downgrade) from ``effective``:
    credit for the old version, charge for the new one. Seats and modules stay; they must fit the new plan."""
    with context.unit_of_work() as uow:
        row = _load(uow, subscription_id, version, preview)
        _require_status(row, subs.TRIAL, subs.ACTIVE)
        if new_plan_version_id == row.plan_version_id:
            raise DomainError("subscription.same_plan", subscription=row.code)
        _check_day(uow, row, effective)
        target = subs.sellable_version(uow.session, new_plan_version_id)
        new_plan = definitions.stored_plan(target.definition)
        subs.check_terms(new_plan, row.seats, list(row.modules or ()))
        old = _terms(uow, row)
        if new_plan.billing_cycle != old.plan.billing_cycle:  # periods, anchors and usage would not line up
            raise DomainError("subscription.cycle_change", subscription=row.code)
        new = _Terms(new_plan, row.seats, old.modules)
        credit = charge = None
        period: Period | None = None
        if _billing(row, effective):
            period, credit = _prorated(uow, row, old, effective, _everything)
            _, charge = _prorated(uow, row, new, effective, _everything)
        before = subs.info(uow.session, row)
        if not preview:
            _term_change(uow, row, "plan_changed", effective, old, new, credit, charge, _everything)
        row.plan_version_id = target.id
        return _finish(uow, row, "plan_changed", effective, period, credit, charge, preview,
                       old=[before.plan_code, before.plan_version_number], new=[new_plan.code, target.number])


def change_seats(context: Context, subscription_id: int, seats: int, effective: date, *, version: int = 0,
                 preview: bool = True) -> ChangePreview:
    """Change the number of seats from ``effective``: credit the old seats, charge the new ones."""
    with context.unit_of_work() as uow:
        row = _load(uow, subscription_id, version, preview)
        _require_status(row, subs.TRIAL, subs.ACTIVE)
        _check_day(uow, row, effective)
        old = _terms(uow, row)
        subs.check_terms(old.plan, seats, list(old.modules))
        credit = charge = None
        period: Period | None = None
        if _billing(row, effective) and seats != row.seats:
            period, credit = _prorated(uow, row, old, effective, _seats_only)
            _, charge = _prorated(uow, row, _Terms(old.plan, seats, old.modules), effective, _seats_only)
        if not preview and seats != row.seats:
            _term_change(uow, row, "seats_changed", effective, old, _Terms(old.plan, seats, old.modules), credit,
                         charge, _seats_only)
        before, row.seats = row.seats, seats
        return _finish(uow, row, "seats_changed", effective, period, credit, charge, preview, seats=[before, seats])


def pause(context: Context, subscription_id: int, effective: date, *, version: int = 0,
          preview: bool = True) -> ChangePreview:
    """Stop serving and billing from ``effective`` until resumed: credit for the rest of the period."""
    with context.unit_of_work() as uow:
        row = _load(uow, subscription_id, version, preview)
        _require_status(row, subs.ACTIVE)
        _check_day(uow, row, effective)
        credit = None
        period: Period | None = None
        if _billing(row, effective):
            period, credit = _prorated(uow, row, _terms(uow, row), effective, _everything)
        if not preview and _period_billed(row, effective):  # else the run bills only up to the pause
            _store(uow, row, "paused", effective, [("credit", credit)])
        row.status, row.paused_from, row.paused_until = subs.PAUSED, effective, None
        return _finish(uow, row, "paused", effective, period, credit, None, preview)


def resume(context: Context, subscription_id: int, effective: date, *, version: int = 0,
           preview: bool = True) -> ChangePreview:
    """Serve and bill again from ``effective``: charge for the rest of that period."""
    with context.unit_of_work() as uow:
        row = _load(uow, subscription_id, version, preview)
        _require_status(row, subs.PAUSED)
        _check_day(uow, row, effective)
        charge = credit = None
        period: Period | None = None
        terms = _terms(uow, row)
        if effective >= subs.billed_from(row):
            period, charge = _prorated(uow, row, terms, effective, _everything)
        paused = row.paused_from
        if _period_billed(row, effective):
            if not preview:
                _store(uow, row, "resumed", effective, [("charge", charge)])
        elif paused is not None and period is not None and period.start < paused < effective:
            # paused and resumed inside a period not billed yet: the run bills the whole period, so the
            # paused days are credited now (a later pause in the same period is then one of its own)
            credit = _between(uow, row, terms, max(paused, subs.billed_from(row)), effective, _everything)
            charge = None
            if not preview:
                _store(uow, row, "resumed", effective, [("credit", credit)])
        row.status, row.paused_until = subs.ACTIVE, effective
        return _finish(uow, row, "resumed", effective, period, credit, charge, preview)


def cancel(context: Context, subscription_id: int, effective: date, *, at_period_end: bool, version: int = 0,
           preview: bool = True) -> ChangePreview:
    """Cancel at the end of the billing period containing ``effective`` (status ``cancelled`` until then; no
    money moves; ``advance`` ends it), or immediately: ended from ``effective`` with a credit for the rest of
    the period. A trial cancelled at period end stops at the trial's end."""
    with context.unit_of_work() as uow:
        row = _load(uow, subscription_id, version, preview)
        _require_status(row, subs.TRIAL, subs.ACTIVE, subs.PAUSED)
        _check_day(uow, row, effective)
        terms = _terms(uow, row)
        credit = None
        period = terms.plan.billing_cycle.period_containing(row.anchor, max(effective, subs.billed_from(row)))
        if at_period_end:
            in_trial = row.trial_end is not None and effective < row.trial_end
            row.status, row.cancel_at = subs.CANCELLED, row.trial_end if in_trial else period.end
        else:
            if _billing(row, effective):
                period, credit = _prorated(uow, row, terms, effective, _everything)
            if not preview and _period_billed(row, effective):  # else the run bills only up to the end
                _store(uow, row, "cancelled", effective, [("credit", credit)])
            row.status, row.cancel_at, row.ended_at = subs.ENDED, effective, effective
        return _finish(uow, row, "cancelled", effective, period, credit, None, preview, at_period_end=at_period_end,
                       cancel_at=row.cancel_at)
