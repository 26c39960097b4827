"""Monthly sales targets (业绩目标): what each salesperson should bill in a month, for the performance report.

Who may set a target for a user: an actor with ``users.edit`` (any user), or one with ``reports.export`` whose
``reports`` scope covers that user (a manager sets the targets of their team: 本人及下属 / 本部门 /
本部门及下属部门). Who sees targets: ``users.edit`` everyone; otherwise the users inside the actor's
``reports`` scope (and ``users`` scope, when they may view users).

A target is one row per (user, month); ``month`` is the month's first day; an amount of 0 (or empty) removes
it. Every change is audited (``sales_target.set`` with the amounts before and after).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import ColumnElement, false, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from desktop_app.billing.money import from_fen, parse_amount, to_fen
from desktop_app.errors import ConcurrentEdit, DomainError, PermissionDenied, ValidationFailed
from desktop_app.models import Department, SalesTarget, User
from desktop_app.services.changes import NOTHING, Changes
from desktop_app.services.context import Context
from desktop_app.services.scope import ScopeFacts, load_facts, visible

__all__ = ["MAX_TARGET", "TargetRow", "TargetUser", "list_target_users", "list_targets", "set_target",
           "target_condition", "visible_users_condition"]

MAX_TARGET = Decimal("999999999999.99")  # far beyond any month's billing; keeps the fen inside BIGINT


@dataclass(frozen=True)
class TargetRow:
    user_id: int
    user_name: str
    department_name: str
    month: date  # first day of the month
    amount: Decimal


@dataclass(frozen=True)
class TargetUser:
    """A user whose targets the actor sees, and whether the actor may set them."""

    user_id: int
    name: str
    department_name: str
    active: bool
    editable: bool


def visible_users_condition(session: Session, context: Context,
                            facts: ScopeFacts | None = None) -> ColumnElement[bool] | None:
    """The users whose targets the actor sees (None: everyone); PermissionDenied when none at all."""
    access = context.actor.access
    if access.can("users", "edit"):
        return None
    facts = facts or load_facts(session, context.actor)
    conditions: list[ColumnElement[bool]] = []
    for resource in ("reports", "users"):
        if access.can(resource, "view"):
            condition = visible(access, facts, resource, User.id, User.department_id)
            if condition is None:
                return None
            conditions.append(condition)
    if not conditions:
        raise PermissionDenied("reports.view")
    return or_(*conditions)


def target_condition(session: Session, context: Context,
                     facts: ScopeFacts | None = None) -> ColumnElement[bool] | None:
    """The users the actor may set targets for (None: everyone)."""
    access = context.actor.access
    if access.can("users", "edit"):
        return None
    if not access.can("reports", "export"):
        return false()
    return visible(access, facts or load_facts(session, context.actor), "reports", User.id, User.department_id)


def _names(session: Session) -> dict[int, str]:
    return {row.id: row.name for row in session.execute(select(Department.id, Department.name))}


def list_targets(context: Context, year: int) -> list[TargetRow]:
    """The targets of ``year`` of every user the actor sees, by user name and month."""
    if not 1900 <= year <= 2999:
        raise ValidationFailed("sales_target.year_invalid", "year", year=year)
    with context.unit_of_work(write=False) as uow:
        session = uow.session
        condition = visible_users_condition(session, context)
        query = (select(SalesTarget.user_id, SalesTarget.month, SalesTarget.amount, User.display_name,
                        User.department_id)
                 .join(User, User.id == SalesTarget.user_id)
                 .where(SalesTarget.month >= date(year, 1, 1), SalesTarget.month < date(year + 1, 1, 1))
                 .order_by(User.display_name, User.id, SalesTarget.month))
        if condition is not None:
            query = query.where(condition)
        departments = _names(session)
        return [TargetRow(row.user_id, row.display_name, departments.get(row.department_id, ""), row.month,
                          row.amount)
                for row in session.execute(query)]


def list_target_users(context: Context) -> list[TargetUser]:
    """The users whose targets the actor sees (a grid's rows), each saying whether the actor may set them."""
    with context.unit_of_work(write=False) as uow:
        session = uow.session
        facts = load_facts(session, context.actor)
        seen = visible_users_condition(session, context, facts)
        editable = target_condition(session, context, facts)
        query = select(User.id, User.display_name, User.department_id, User.active).order_by(User.display_name,
                                                                                             User.id)
        if seen is not None:
            query = query.where(seen)
        rows = list(session.execute(query))
        allowed = None if editable is None else set(session.scalars(select(User.id).where(editable)))
        departments = _names(session)
        return [TargetUser(row.id, row.display_name, departments.get(row.department_id, ""), row.active,
                           allowed is None or row.id in allowed) for row in rows]


def _amount(value: str | Decimal | None) -> Decimal:
    if value is None or (isinstance(value, str) and not value.strip()):
        return Decimal("0.00")
    try:
        amount = parse_amount(value) if isinstance(value, str) else from_fen(to_fen(value))
    except (TypeError, ValueError) as error:
        raise ValidationFailed("sales_target.amount_invalid", "amount", text=str(value)) from error
    if amount < 0:
        raise ValidationFailed("sales_target.amount_negative", "amount")
    if amount > MAX_TARGET:
        raise ValidationFailed("sales_target.amount_too_large", "amount", limit=f"{MAX_TARGET:,}")
    return amount


def _may_set(session: Session, context: Context, user_id: int) -> bool:
    condition = target_condition(session, context)
    if condition is None:
        return True
    return session.scalar(select(User.id).where(User.id == user_id, condition)) is not None


def set_target(context: Context, user_id: int, month: date, amount: str | Decimal | None) -> Changes:
    """Set (or, with 0 or nothing, remove) ``user_id``'s target for the month of ``month``.

    PermissionDenied unless the actor has ``users.edit``, or ``reports.export`` with the user in their
    ``reports`` scope; nothing is written then."""
    access = context.actor.access
    if not (access.can("users", "edit") or access.can("reports", "export")):
        raise PermissionDenied("reports.export")
    value = _amount(amount)
    first = month.replace(day=1)
    with context.unit_of_work() as uow:
        session = uow.session
        if session.get(User, user_id) is None:
            raise DomainError("record.not_found")
        if not _may_set(session, context, user_id):
            raise PermissionDenied("reports.export")
        row = session.scalar(select(SalesTarget).where(SalesTarget.user_id == user_id, SalesTarget.month == first))
        before = row.amount if row is not None else None
        after = value if value else None
        if before == after:
            return NOTHING
        if row is None:
            session.add(SalesTarget(user_id=user_id, month=first, amount=value, updated_at=context.clock(),
                                    updated_by=context.actor.display_name))
        elif after is None:
            session.delete(row)
        else:
            row.amount, row.updated_at, row.updated_by = value, context.clock(), context.actor.display_name
        try:
            session.flush()
        except IntegrityError:  # another desktop set the same month's target a moment ago
            raise ConcurrentEdit(record="sales_target", by=None, at=None) from None
        uow.audit("sales_target.set", "sales_target", user_id, month=first.isoformat(),
                  before=None if before is None else str(before), after=None if after is None else str(after))
        uow.commit()
    return Changes(users=True)
