"""Logging in (with lockout counted in the database), one's own password, re-confirming for sensitive actions."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from desktop_app.db import database_now
from desktop_app.errors import DomainError, ValidationFailed
from desktop_app.models import LoginFailure, Role, User, UserRole
from desktop_app.services.access import Access, RoleGrants, merge
from desktop_app.services.changes import Changes
from desktop_app.services.context import Actor, Context
from desktop_app.services.passwords import check_policy, hash_password, needs_rehash, verify_password

LOCK_AFTER = 5  # failures ...
LOCK_WINDOW = timedelta(minutes=15)  # ... within this window lock the account ...
LOCK_FOR = timedelta(minutes=15)  # ... for this long (or until an administrator unlocks it)
# Verifying against a dummy hash when the login is unknown keeps the timing the same either way.
_DUMMY_HASH = hash_password("benji-dummy-password")


@dataclass(frozen=True)
class CurrentUser:
    id: int
    login: str
    display_name: str
    must_change_password: bool
    access: Access = field(default_factory=Access)

    def actor(self) -> Actor:
        return Actor(self.id, self.login, self.display_name, self.access)

    @property
    def is_admin(self) -> bool:
        return self.actor().is_admin

    @property
    def role_label(self) -> str:
        return ", ".join(self.access.role_names)


def load_access(session: Session, user_id: int) -> Access:
    rows = session.execute(select(Role.name, Role.grants).join(UserRole, UserRole.role_id == Role.id)
                           .where(UserRole.user_id == user_id).order_by(Role.name)).all()
    return merge((name, RoleGrants.from_json(grants)) for name, grants in rows)


def keep_an_administrator(session: Session) -> None:
    """Refuse a change that would leave no active user able to manage users and settings."""
    for user_id in session.scalars(select(User.id).where(User.active.is_(True))):
        access = load_access(session, user_id)
        if access.can("users", "edit") and access.can("settings", "edit"):
            return
    raise DomainError("user.last_admin")


def _minutes_left(until: datetime, now: datetime) -> int:
    return max(1, math.ceil((until - now).total_seconds() / 60))


def _bookkeeping(session: Session, user_id: int, **values: object) -> None:
    """Log-in bookkeeping on the user row without its optimistic version check: two desktops logging in
    with the same account at the same moment must both succeed (nobody's edit is overwritten)."""
    session.execute(update(User).where(User.id == user_id).values(**values)
                    .execution_options(synchronize_session=False))


def log_in(context: Context, login: str, password: str) -> CurrentUser:
    """Check the password. Unknown login, wrong password and disabled account get the same message;
    5 failures within 15 minutes lock the login for 15 minutes, on every desktop."""
    login = login.strip()
    with context.unit_of_work() as uow:
        session = uow.session
        now = database_now(session.connection())
        user = session.scalar(select(User).where(User.login == login))
        failures = session.scalar(select(func.count(LoginFailure.id)).where(
            LoginFailure.login == login, LoginFailure.at > now - LOCK_WINDOW)) or 0
        if user is not None and user.locked_until is not None and user.locked_until > now:
            raise DomainError("auth.locked", minutes=_minutes_left(user.locked_until, now))
        if user is None and failures >= LOCK_AFTER:
            raise DomainError("auth.locked", minutes=_minutes_left(now + LOCK_FOR, now))
        ok = verify_password(password, user.password_hash if user else _DUMMY_HASH)
        if user is None or not ok or not user.active:
            session.add(LoginFailure(login=login[:60], at=now, desktop=context.desktop))
            uow.audit("user.login_failed", "user", user.id if user else "", login=login[:60])
            if user is not None and failures + 1 >= LOCK_AFTER:
                _bookkeeping(session, user.id, locked_until=now + LOCK_FOR)
                uow.audit("user.locked", "user", user.id, login=login, minutes=int(LOCK_FOR.total_seconds() // 60))
            uow.commit()
            raise DomainError("auth.failed")
        session.execute(delete(LoginFailure).where(LoginFailure.login == login))
        rehashed = {"password_hash": hash_password(password)} if needs_rehash(user.password_hash) else {}
        _bookkeeping(session, user.id, locked_until=None, last_login_at=now, **rehashed)
        current = CurrentUser(user.id, user.login, user.display_name, user.must_change_password,
                              load_access(session, user.id))
        uow.audit("user.login", "user", user.id, actor=current.actor())
        uow.commit()
    return current


def log_out(context: Context) -> None:
    with context.unit_of_work() as uow:
        uow.audit("user.logout", "user", context.actor.user_id or "")
        uow.commit()


def confirm_password(context: Context, password: str) -> None:
    """Sensitive actions (role changes, password resets, restore...) ask for the password again."""
    with context.unit_of_work(write=False) as uow:
        user = uow.session.get(User, context.actor.user_id) if context.actor.user_id else None
        if user is not None and verify_password(password, user.password_hash):
            return
    if context.actor.user_id is None:  # the system actor (admin CLI on the server) is trusted
        return
    raise ValidationFailed("password.confirm_wrong", "confirm_password")


def change_own_password(context: Context, old: str, new: str) -> Changes:
    actor = context.actor
    check_policy(new, actor.login, field="new_password")
    if old == new:
        raise ValidationFailed("password.unchanged", "new_password")
    new_hash = hash_password(new)
    with context.unit_of_work() as uow:
        user = uow.session.get(User, actor.user_id)
        if user is None or not verify_password(old, user.password_hash):
            raise ValidationFailed("password.old_wrong", "old_password")
        user.password_hash = new_hash
        user.must_change_password = False
        user.updated_at = context.clock()
        user.updated_by = actor.display_name
        uow.audit("user.change_password", "user", user.id)
        uow.commit()
    return Changes(users=True)
