"""The customer pool (公海): customers without an owner. Claim, assign, transfer, return, auto-return."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import and_, func, or_, select

from desktop_app.errors import DomainError, PermissionDenied
from desktop_app.models import Customer, User
from desktop_app.services.access import Scope
from desktop_app.services.changes import Changes
from desktop_app.services.context import Context
from desktop_app.services.customers import owned_count, visible_customer
from desktop_app.services.settings import read


def claim(context: Context, customer_id: int) -> Changes:
    """Take a pool customer, within the holding limit per user."""
    context.require("customers.edit")
    user_id = context.actor.user_id
    if user_id is None:
        raise PermissionDenied("customers.claim")
    with context.unit_of_work() as uow:
        session = uow.session
        customer = visible_customer(session, context, customer_id)
        if customer.owner_id is not None:
            owner = session.get(User, customer.owner_id)
            raise DomainError("pool.already_owned", owner=owner.display_name if owner else "")
        limit = int(read(session, "pool.holding_limit"))
        if owned_count(session, user_id) >= limit:
            raise DomainError("pool.limit_reached", limit=limit)
        customer.owner_id = user_id
        customer.department_id = session.scalar(select(User.department_id).where(User.id == user_id))
        customer.claimed_at = customer.updated_at = context.clock()
        customer.updated_by = context.actor.display_name
        uow.audit("customer.claim", "customer", customer_id, owner_id=user_id)
        uow.commit()
    return Changes(customers=True)


def assign(context: Context, customer_id: int, user_id: int) -> Changes:
    """A manager gives a customer (from the pool or from someone else) to ``user_id``."""
    context.require("customers.edit")
    if context.actor.access.scope("customers") < Scope.DEPARTMENT:
        raise PermissionDenied("customers.assign")
    with context.unit_of_work() as uow:
        session = uow.session
        customer = visible_customer(session, context, customer_id)
        user = session.get(User, user_id)
        if user is None or not user.active:
            raise DomainError("record.not_found")
        before = customer.owner_id
        customer.owner_id, customer.department_id = user_id, user.department_id
        customer.claimed_at = customer.updated_at = context.clock()
        customer.updated_by = context.actor.display_name
        uow.audit("customer.assign" if before is None else "customer.transfer", "customer", customer_id,
                  changed={"owner_id": [before, user_id]})
        uow.commit()
    return Changes(customers=True)


def return_to_pool(context: Context, customer_id: int, reason: str = "") -> Changes:
    """The owner (or a manager) gives a customer back to the pool."""
    context.require("customers.edit")
    with context.unit_of_work() as uow:
        customer = visible_customer(uow.session, context, customer_id)
        if customer.owner_id is None:
            raise DomainError("pool.already_in_pool")
        is_owner = customer.owner_id == context.actor.user_id
        if not is_owner and context.actor.access.scope("customers") < Scope.DEPARTMENT:
            raise PermissionDenied("customers.return")
        before = customer.owner_id
        customer.owner_id, customer.claimed_at = None, None
        customer.updated_at, customer.updated_by = context.clock(), context.actor.display_name
        uow.audit("customer.return", "customer", customer_id, changed={"owner_id": [before, None]}, reason=reason)
        uow.commit()
    return Changes(customers=True)


def auto_return(context: Context, now: datetime | None = None) -> int:
    """Return customers whose owner has not followed up for N days (setting ``pool.return_after_days``).

    Active (paying) customers stay; run at start and by `python -m desktop_app pool auto-return`."""
    context.require("customers.edit")
    now = now or context.clock()
    with context.unit_of_work() as uow:
        session = uow.session
        days = int(read(session, "pool.return_after_days"))
        if days <= 0:
            return 0
        cutoff = now - timedelta(days=days)
        last_touch = func.coalesce(Customer.last_followup_at, Customer.claimed_at, Customer.created_at)
        stale = session.scalars(select(Customer).where(
            Customer.owner_id.is_not(None), Customer.status.in_(("prospect", "suspended")), last_touch < cutoff,
            or_(Customer.claimed_at.is_(None), and_(Customer.claimed_at < cutoff)))).all()
        for customer in stale:
            before = customer.owner_id
            customer.owner_id, customer.claimed_at = None, None
            customer.updated_at, customer.updated_by = now, "system"
            uow.audit("customer.auto_return", "customer", customer.id, changed={"owner_id": [before, None]},
                      days=days)
        uow.commit()
        return len(stale)


def merge(context: Context, source_id: int, target_id: int) -> Changes:
    """Merge a duplicate into the customer that stays: its contacts and follow-ups (and, as they come,
    subscriptions and bills) move over, empty fields of the target are filled from it, then it is deleted."""
    from sqlalchemy import update

    from desktop_app.models import Contact, FollowUp, Subscription
    from desktop_app.services.customers import EDITABLE, refresh_search

    context.require("customers.delete")
    if source_id == target_id:
        raise DomainError("customer.merge_same")
    with context.unit_of_work() as uow:
        session = uow.session
        source = visible_customer(session, context, source_id)
        target = visible_customer(session, context, target_id)
        moved = {}
        for model in (Contact, FollowUp, Subscription):  # every table that belongs to a customer
            result = session.execute(update(model).where(model.customer_id == source_id)
                                     .values(customer_id=target_id).execution_options(synchronize_session=False))
            moved[model.__tablename__] = result.rowcount  # type: ignore[attr-defined]
        filled = {}
        for name in EDITABLE:
            if not getattr(target, name) and getattr(source, name):
                filled[name] = getattr(source, name)
                setattr(target, name, getattr(source, name))
        custom = {**(source.custom or {}), **(target.custom or {})}  # custom values the target lacks, too
        if custom != (target.custom or {}):
            filled["custom"] = {k: v for k, v in custom.items() if k not in (target.custom or {})}
            target.custom = custom
        latest = [at for at in (source.last_followup_at, target.last_followup_at) if at is not None]
        target.last_followup_at = max(latest) if latest else None
        target.updated_at, target.updated_by = context.clock(), context.actor.display_name
        session.delete(source)
        session.flush()
        session.expire(target)
        refresh_search(session, target)
        uow.audit("customer.merge", "customer", target_id, merged_code=source.code, merged_name=source.name,
                  merged_id=source_id, moved=moved, filled=filled)
        uow.commit()
    return Changes(customers=True)
