"""User administration: accounts, their department, supervisor and roles; resets and unlocks."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from sqlalchemy import delete, or_, select
from sqlalchemy.orm import Session

from desktop_app.errors import DomainError, ValidationFailed
from desktop_app.models import Department, LoginFailure, Role, User, UserRole
from desktop_app.services import validation as check
from desktop_app.services.access import FieldRule, mask
from desktop_app.services.auth import confirm_password, keep_an_administrator
from desktop_app.services.changes import Changes
from desktop_app.services.context import Context, check_version
from desktop_app.services.passwords import check_policy, hash_password
from desktop_app.services.scope import load_facts, visible

LOGIN_PATTERN = re.compile(r"^[A-Za-z0-9._@-]{2,60}$")


def validated_login(login: str) -> str:
    login = login.strip()
    if not LOGIN_PATTERN.match(login):
        raise ValidationFailed("user.login_invalid", "login")
    return login


@dataclass(frozen=True)
class UserSummary:
    id: int
    login: str
    display_name: str
    phone: str
    email: str
    department_id: int | None
    department_name: str
    supervisor_id: int | None
    supervisor_name: str
    active: bool
    locked: bool
    must_change_password: bool
    role_ids: tuple[int, ...]
    role_names: tuple[str, ...]
    version: int
    field_rules: dict[str, FieldRule] = field(default_factory=dict)


@dataclass(frozen=True)
class UserInput:
    login: str
    display_name: str
    phone: str = ""
    email: str = ""
    department_id: int | None = None
    supervisor_id: int | None = None
    role_ids: tuple[int, ...] = ()
    active: bool = True
    version: int = 0


def _field(context: Context, name: str, value: str) -> tuple[str, FieldRule]:
    rule = context.actor.access.field_rule("users", name)
    if rule is FieldRule.HIDDEN:
        return "", rule
    if rule is FieldRule.MASKED:
        return mask(value), rule
    return value, rule


def _summaries(context: Context, session: Session, users: list[User]) -> list[UserSummary]:
    names = dict(session.execute(select(Department.id, Department.name)).all())
    people = dict(session.execute(select(User.id, User.display_name)).all())
    roles: dict[int, list[tuple[int, str]]] = {}
    for user_id, role_id, role_name in session.execute(
            select(UserRole.user_id, Role.id, Role.name).join(Role, Role.id == UserRole.role_id).order_by(Role.name)):
        roles.setdefault(user_id, []).append((role_id, role_name))
    now = context.clock()
    result = []
    for user in users:
        phone, phone_rule = _field(context, "phone", user.phone)
        email, email_rule = _field(context, "email", user.email)
        held = roles.get(user.id, [])
        result.append(UserSummary(
            user.id, user.login, user.display_name, phone, email, user.department_id,
            names.get(user.department_id, "") if user.department_id else "", user.supervisor_id,
            people.get(user.supervisor_id, "") if user.supervisor_id else "", user.active,
            bool(user.locked_until and user.locked_until > now), user.must_change_password,
            tuple(r[0] for r in held), tuple(r[1] for r in held), user.version,
            {"phone": phone_rule, "email": email_rule}))
    return result


def list_users(context: Context, search: str = "", department_id: int | None = None) -> list[UserSummary]:
    """Users inside the actor's "users" scope, with phone and e-mail masked or hidden per field rules."""
    context.require("users.view")
    with context.unit_of_work(write=False) as uow:
        query = select(User).order_by(User.login)
        condition = visible(context.actor.access, load_facts(uow.session, context.actor), "users", User.id,
                            User.department_id)
        if condition is not None:
            query = query.where(condition)
        if search.strip():
            pattern = f"%{search.strip()}%"
            query = query.where(or_(User.login.like(pattern), User.display_name.like(pattern)))
        if department_id is not None:
            query = query.where(User.department_id == department_id)
        return _summaries(context, uow.session, list(uow.session.scalars(query)))


def get_user(context: Context, user_id: int) -> UserSummary:
    for user in list_users(context):
        if user.id == user_id:
            return user
    raise DomainError("record.not_found")


def _validated(data: UserInput) -> UserInput:
    login = validated_login(data.login)
    name = data.display_name.strip() or login
    check.length(name, "display_name", 100)
    phone, email = check.phone(data.phone.strip()), check.email(data.email.strip())
    return UserInput(login, name, phone, email, data.department_id, data.supervisor_id,
                     tuple(sorted(set(data.role_ids))), data.active, data.version)


def _apply(session: Session, user: User, data: UserInput) -> None:
    if data.supervisor_id == user.id and user.id is not None:
        raise ValidationFailed("user.own_supervisor", "supervisor_id")
    if data.supervisor_id is not None and session.get(User, data.supervisor_id) is None:
        raise ValidationFailed("record.not_found", "supervisor_id")
    if data.department_id is not None and session.get(Department, data.department_id) is None:
        raise ValidationFailed("record.not_found", "department_id")
    user.login, user.display_name, user.phone, user.email = data.login, data.display_name, data.phone, data.email
    user.department_id, user.supervisor_id, user.active = data.department_id, data.supervisor_id, data.active


def _set_roles(session: Session, user_id: int, role_ids: tuple[int, ...]) -> None:
    known = set(session.scalars(select(Role.id).where(Role.id.in_(role_ids))).all()) if role_ids else set()
    if known != set(role_ids):
        raise ValidationFailed("record.not_found", "role_ids")
    session.execute(delete(UserRole).where(UserRole.user_id == user_id))
    session.add_all(UserRole(user_id=user_id, role_id=role_id) for role_id in role_ids)


def create_user(context: Context, data: UserInput, initial_password: str,
                confirm: str = "") -> tuple[UserSummary, Changes]:
    """A new account that must change its initial password at the first log-in."""
    context.require("users.create")
    clean = _validated(data)
    check_policy(initial_password, clean.login)
    if clean.role_ids:
        confirm_password(context, confirm)
    password_hash = hash_password(initial_password)
    with context.unit_of_work() as uow:
        session = uow.session
        if session.scalar(select(User.id).where(User.login == clean.login)) is not None:
            raise ValidationFailed("user.login_taken", "login")
        now = context.clock()
        user = User(password_hash=password_hash, must_change_password=True, created_at=now, updated_at=now,
                    updated_by=context.actor.display_name)
        _apply(session, user, clean)
        session.add(user)
        session.flush()
        _set_roles(session, user.id, clean.role_ids)
        uow.audit("user.create", "user", user.id, login=clean.login, roles=list(clean.role_ids))
        uow.commit()
    return get_user(context, user.id), Changes(users=True)


def update_user(context: Context, user_id: int, data: UserInput, confirm: str = "") -> tuple[UserSummary, Changes]:
    """Save an account; changing its roles asks for the actor's password again."""
    context.require("users.edit")
    clean = _validated(data)
    with context.unit_of_work() as uow:
        session = uow.session
        user = session.get(User, user_id)
        if user is None:
            raise DomainError("record.not_found")
        check_version(user, data.version, "user")
        before = {"login": user.login, "display_name": user.display_name, "phone": user.phone, "email": user.email,
                  "department_id": user.department_id, "supervisor_id": user.supervisor_id, "active": user.active,
                  "role_ids": sorted(session.scalars(select(UserRole.role_id).where(UserRole.user_id == user_id)))}
        if clean.login != user.login and session.scalar(select(User.id).where(User.login == clean.login)):
            raise ValidationFailed("user.login_taken", "login")
        for name in ("phone", "email"):  # a field the actor may not edit keeps its stored value
            if context.actor.access.field_rule("users", name) is not FieldRule.EDITABLE:
                clean = replace(clean, **{name: str(before[name])})  # type: ignore[arg-type]
        if list(clean.role_ids) != before["role_ids"]:
            confirm_password(context, confirm)
            _set_roles(session, user_id, clean.role_ids)
        _apply(session, user, clean)
        user.updated_at, user.updated_by = context.clock(), context.actor.display_name
        session.flush()
        keep_an_administrator(session)
        after = {**{k: getattr(user, k) for k in before if k != "role_ids"}, "role_ids": list(clean.role_ids)}
        changed = {k: [before[k], after[k]] for k in before if before[k] != after[k]}
        if changed:
            uow.audit("user.update", "user", user_id, changed=changed)
        uow.commit()
    return get_user(context, user_id), Changes(users=bool(changed))


def reset_password(context: Context, user_id: int, new_password: str, confirm: str = "") -> Changes:
    """An administrator sets a temporary password; the user must change it at the next log-in."""
    context.require("users.edit")
    confirm_password(context, confirm)
    with context.unit_of_work(write=False) as uow:
        user = uow.session.get(User, user_id)
        if user is None:
            raise DomainError("record.not_found")
        login = user.login
    check_policy(new_password, login, field="new_password")
    new_hash = hash_password(new_password)
    with context.unit_of_work() as uow:
        user = uow.session.get(User, user_id)
        assert user is not None
        user.password_hash, user.must_change_password, user.locked_until = new_hash, True, None
        uow.session.execute(delete(LoginFailure).where(LoginFailure.login == login))
        user.updated_at, user.updated_by = context.clock(), context.actor.display_name
        uow.audit("user.reset_password", "user", user_id, login=login)
        uow.commit()
    return Changes(users=True)


def unlock_user(context: Context, user_id: int) -> Changes:
    context.require("users.edit")
    with context.unit_of_work() as uow:
        user = uow.session.get(User, user_id)
        if user is None:
            raise DomainError("record.not_found")
        user.locked_until = None
        uow.session.execute(delete(LoginFailure).where(LoginFailure.login == user.login))
        uow.audit("user.unlock", "user", user_id, login=user.login)
        uow.commit()
    return Changes(users=True)


def find_user_id(context: Context, login: str) -> int:
    with context.unit_of_work(write=False) as uow:
        user_id = uow.session.scalar(select(User.id).where(User.login == login.strip()))
    if user_id is None:
        raise DomainError("record.not_found")
    return user_id
