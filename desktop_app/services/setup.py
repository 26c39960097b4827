"""First run: create the company and the first administrator in one transaction."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select

from desktop_app.errors import DomainError, ValidationFailed
from desktop_app.models import Company, User, UserRole
from desktop_app.services.auth import load_access
from desktop_app.services.changes import Changes
from desktop_app.services.company import COMPANY_ID, EDITABLE, CompanyDetails, validated
from desktop_app.services.context import Actor, Context
from desktop_app.services.passwords import check_policy, hash_password
from desktop_app.services.roles import ensure_builtin_roles
from desktop_app.services.users import validated_login


@dataclass(frozen=True)
class FirstAdmin:
    login: str
    display_name: str
    password: str


def is_initialised(context: Context) -> bool:
    with context.unit_of_work(write=False) as uow:
        return uow.session.get(Company, COMPANY_ID) is not None


def initialise(context: Context, company: CompanyDetails, admin: FirstAdmin) -> Changes:
    """Create the company and the first administrator; refuses when already done."""
    details = validated(company)
    login = validated_login(admin.login)
    name = admin.display_name.strip() or login
    check_policy(admin.password, login)
    if len(name) > 100:
        raise ValidationFailed("text.too_long", "display_name", maximum=100)
    password_hash = hash_password(admin.password)  # slow: outside the transaction
    with context.unit_of_work() as uow:
        session = uow.session
        if session.get(Company, COMPANY_ID) is not None or session.scalar(select(func.count(User.id))):
            raise DomainError("setup.already_done")
        now = context.clock()
        session.add(Company(id=COMPANY_ID, **{k: getattr(details, k) for k in EDITABLE},
                            updated_at=now, updated_by=name))
        user = User(login=login, display_name=name, password_hash=password_hash, active=True,
                    must_change_password=False, created_at=now, updated_at=now, updated_by=name)
        session.add(user)
        session.flush()
        roles = ensure_builtin_roles(session)
        session.add(UserRole(user_id=user.id, role_id=roles["Administrator"]))
        session.flush()
        actor = Actor(user.id, login, name, load_access(session, user.id))
        uow.audit("setup.initialise", "company", COMPANY_ID, actor=actor, company=details.name, admin=login)
        uow.commit()
    return Changes(company=True, users=True)
