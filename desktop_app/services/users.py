"""Logging in and one's own password. (User administration and roles come with issue 3.)"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import select

from desktop_app.errors import DomainError, ValidationFailed
from desktop_app.models import User
from desktop_app.services.changes import Changes
from desktop_app.services.context import Actor, Context
from desktop_app.services.passwords import check_policy, hash_password, verify_password

LOGIN_PATTERN = re.compile(r"^[A-Za-z0-9._@-]{2,60}$")
# Verifying against a dummy hash when the login is unknown keeps the timing the same either way.
_DUMMY_HASH = hash_password("benji-dummy-password")


@dataclass(frozen=True)
class CurrentUser:
    id: int
    login: str
    display_name: str
    is_admin: bool
    must_change_password: bool

    def actor(self) -> Actor:
        return Actor(self.id, self.login, self.display_name, self.is_admin)


def validated_login(login: str) -> str:
    login = login.strip()
    if not LOGIN_PATTERN.match(login):
        raise ValidationFailed("user.login_invalid", "login")
    return login


def log_in(context: Context, login: str, password: str) -> CurrentUser:
    """Check the password; the same message for unknown login, wrong password or disabled user."""
    with context.unit_of_work() as uow:
        user = uow.session.scalar(select(User).where(User.login == login.strip()))
        ok = verify_password(password, user.password_hash if user else _DUMMY_HASH)
        if user is None or not ok or not user.active:
            raise DomainError("auth.failed")
        user.last_login_at = context.clock()
        current = CurrentUser(user.id, user.login, user.display_name, user.is_admin,
                              user.must_change_password)
        uow.audit("user.login", "user", user.id, actor=current.actor())
        uow.commit()
    return current


def change_own_password(context: Context, old: str, new: str) -> Changes:
    actor = context.actor
    check_policy(new, actor.login, field="new_password")
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
