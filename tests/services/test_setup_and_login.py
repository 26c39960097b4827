"""First run, logging in, one's own password: on every backend."""

from __future__ import annotations

import json

import pytest
from conftest import ADMIN_PASSWORD, COMPANY_NAME
from sqlalchemy import func, select

from desktop_app.errors import DomainError, ValidationFailed
from desktop_app.models import AuditEntry, Company, Role, User, UserRole
from desktop_app.services.auth import change_own_password, log_in
from desktop_app.services.company import CompanyDetails
from desktop_app.services.context import Context
from desktop_app.services.setup import FirstAdmin, initialise, is_initialised


def _count(database, model) -> int:  # type: ignore[no-untyped-def]
    with database.engine.connect() as connection:
        return int(connection.execute(select(func.count()).select_from(model)).scalar_one())


def test_initialise_creates_company_admin_and_audit_entry(database) -> None:  # type: ignore[no-untyped-def]
    context = Context(database)
    assert not is_initialised(context)
    changes = initialise(context, CompanyDetails(name=f"  {COMPANY_NAME} ", tax_id="91350100m000100y43"),
                         FirstAdmin("admin", "管理员", ADMIN_PASSWORD))
    assert changes.company and changes.users
    assert is_initialised(context)
    session = database.session(write=False)
    company = session.get(Company, 1)
    assert (company.name, company.tax_id, company.version) == (COMPANY_NAME, "91350100M000100Y43", 1)
    admin = session.scalars(select(User)).one()
    assert admin.active and admin.password_hash.startswith("$argon2id$")
    roles = session.scalars(select(Role.name).join(UserRole, UserRole.role_id == Role.id)).all()
    assert roles == ["Administrator"]
    entry = session.scalars(select(AuditEntry)).one()
    assert (entry.action, entry.user_login) == ("setup.initialise", "admin")
    assert json.loads(entry.detail) == {"admin": "admin", "company": COMPANY_NAME}
    session.close()


def test_initialise_twice_is_refused(admin_context) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(DomainError) as caught:
        initialise(Context(admin_context.database), CompanyDetails(name="另一家"),
                   FirstAdmin("boss", "Boss", "Another-pass-1"))
    assert caught.value.code == "setup.already_done"
    assert _count(admin_context.database, User) == 1


@pytest.mark.parametrize(
    "company, admin, code, field",
    [
        (CompanyDetails(name=" "), FirstAdmin("admin", "A", ADMIN_PASSWORD), "company.name_required", "name"),
        (CompanyDetails(name="X", tax_id="91350100M000100Y44"), FirstAdmin("admin", "A", ADMIN_PASSWORD),
         "company.tax_id_invalid", "tax_id"),
        (CompanyDetails(name="X", phone="12345"), FirstAdmin("admin", "A", ADMIN_PASSWORD),
         "phone.invalid", "phone"),
        (CompanyDetails(name="X"), FirstAdmin("a b", "A", ADMIN_PASSWORD), "user.login_invalid", "login"),
        (CompanyDetails(name="X"), FirstAdmin("admin", "A", "short"), "password.too_short", "password"),
        (CompanyDetails(name="X"), FirstAdmin("administrator", "A", "Administrator"),
         "password.same_as_login", "password"),
    ],
)
def test_bad_setup_input_names_the_field_and_writes_nothing(database, company, admin, code, field) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationFailed) as caught:
        initialise(Context(database), company, admin)
    assert (caught.value.code, caught.value.params["field"]) == (code, field)
    assert _count(database, Company) == 0 and _count(database, User) == 0 and _count(database, AuditEntry) == 0


def test_log_in_checks_the_password_and_records_it(admin_context) -> None:  # type: ignore[no-untyped-def]
    context = Context(admin_context.database)
    user = log_in(context, " admin ", ADMIN_PASSWORD)
    assert (user.login, user.display_name, user.is_admin) == ("admin", "管理员", True)
    for login, password in [("admin", "wrong-password"), ("nobody", ADMIN_PASSWORD)]:
        with pytest.raises(DomainError) as caught:
            log_in(context, login, password)
        assert caught.value.code == "auth.failed"  # never says which part was wrong
    session = admin_context.database.session(write=False)
    actions = session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)).all()
    assert actions.count("user.login") == 2  # the fixture's and ours
    assert session.scalars(select(User)).one().last_login_at is not None
    session.close()


def test_a_disabled_user_cannot_log_in(admin_context) -> None:  # type: ignore[no-untyped-def]
    with admin_context.database.session(write=True) as session:
        session.scalars(select(User)).one().active = False
        session.commit()
    with pytest.raises(DomainError) as caught:
        log_in(Context(admin_context.database), "admin", ADMIN_PASSWORD)
    assert caught.value.code == "auth.failed"


def test_change_own_password(admin_context) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationFailed) as caught:
        change_own_password(admin_context, "not-the-old-one", "New-pass-2026")
    assert caught.value.code == "password.old_wrong"
    change_own_password(admin_context, ADMIN_PASSWORD, "New-pass-2026")
    log_in(Context(admin_context.database), "admin", "New-pass-2026")
    with pytest.raises(DomainError):
        log_in(Context(admin_context.database), "admin", ADMIN_PASSWORD)
