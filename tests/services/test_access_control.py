"""Roles and data scopes, enforced in the one query layer, on SQLite, PostgreSQL and MariaDB."""

from __future__ import annotations

import pytest
from conftest import ADMIN_PASSWORD, PASSWORD
from sqlalchemy import func, select

from desktop_app.errors import DomainError, PermissionDenied, ValidationFailed
from desktop_app.models import AuditEntry, User
from desktop_app.services.access import RoleGrants, Scope
from desktop_app.services.audit import list_entries
from desktop_app.services.auth import log_in
from desktop_app.services.context import Context
from desktop_app.services.roles import copy_role, delete_role, effective_access, list_roles, save_role
from desktop_app.services.users import UserInput, create_user, get_user, list_users, update_user

EVERYONE = {"admin", "manager", "north1", "north2", "south1", "clerk", "auditor"}
# who sees which users, by the built-in roles' "users" scope
EXPECTED_USERS = {
    "admin": EVERYONE,  # all
    "manager": {"manager", "north1", "north2", "south1"},  # department and below (销售部 + its groups)
    "north1": {"north1"},  # own
    "south1": {"south1"},
    "clerk": {"clerk"},  # department (财务部)
    "auditor": EVERYONE,  # all, read-only
}


def test_each_builtin_role_lists_exactly_the_permitted_users(org) -> None:  # type: ignore[no-untyped-def]
    for who, expected in EXPECTED_USERS.items():
        assert {row.login for row in list_users(org["contexts"][who])} == expected, who


def _role_with_scope(org, scope: Scope) -> int:  # type: ignore[no-untyped-def]
    admin = org["contexts"]["admin"]
    role, _ = copy_role(admin, org["roles"]["Auditor"], f"Users {scope.name}")
    grants = RoleGrants.from_dict({"users": {"actions": ["view"], "scope": scope.name.lower()}})
    save_role(admin, role.id, role.name, "", grants, role.version, confirm=ADMIN_PASSWORD)
    return role.id


EXPECTED_BY_SCOPE = {  # as seen by north1 (华北组, supervises north2, reports to manager)
    Scope.OWN: {"north1"},
    Scope.SUBORDINATES: {"north1", "north2"},
    Scope.DEPARTMENT: {"north1", "north2"},
    Scope.DEPARTMENT_TREE: {"north1", "north2"},
    Scope.ALL: EVERYONE,
}
EXPECTED_FOR_MANAGER = {  # as seen by manager (销售部, supervises north1 and south1)
    Scope.OWN: {"manager"},
    Scope.SUBORDINATES: {"manager", "north1", "north2", "south1"},
    Scope.DEPARTMENT: {"manager"},
    Scope.DEPARTMENT_TREE: {"manager", "north1", "north2", "south1"},
    Scope.ALL: EVERYONE,
}


@pytest.mark.parametrize("scope", [s for s in Scope if s is not Scope.NONE], ids=lambda s: s.name.lower())
def test_every_data_scope_returns_exactly_its_rows(org, scope: Scope) -> None:  # type: ignore[no-untyped-def]
    admin, ids = org["contexts"]["admin"], org["ids"]
    role_id = _role_with_scope(org, scope)
    for login, expected in (("north1", EXPECTED_BY_SCOPE[scope]), ("manager", EXPECTED_FOR_MANAGER[scope])):
        user = get_user(admin, ids[login])
        update_user(admin, user.id, UserInput(user.login, user.display_name, "13900000000", user.email,
                                              user.department_id, user.supervisor_id, (role_id,), True,
                                              user.version), confirm=ADMIN_PASSWORD)
        me = log_in(Context(admin.database), login, PASSWORD)
        assert {row.login for row in list_users(Context(admin.database, me.actor()))} == expected, login


def test_masked_fields_are_masked_in_lists_and_details(org) -> None:  # type: ignore[no-untyped-def]
    north1 = org["contexts"]["north1"]
    (row,) = list_users(north1)
    assert row.phone == "138****0002" and row.email == "nor********i.cn"
    assert get_user(north1, row.id).phone == "138****0002"
    assert get_user(org["contexts"]["admin"], row.id).phone == "13800000002"


def test_a_denied_call_raises_and_changes_nothing(org) -> None:  # type: ignore[no-untyped-def]
    database = org["contexts"]["admin"].database
    with database.engine.connect() as connection:
        before = (connection.scalar(select(func.count()).select_from(User)),
                  connection.scalar(select(func.count()).select_from(AuditEntry)))
    for who in ("north1", "clerk", "auditor", "manager"):
        with pytest.raises(PermissionDenied):
            create_user(org["contexts"][who], UserInput("intruder", "入侵者"), PASSWORD)
    with pytest.raises(PermissionDenied):
        list_entries(org["contexts"]["north1"])
    with database.engine.connect() as connection:
        after = (connection.scalar(select(func.count()).select_from(User)),
                 connection.scalar(select(func.count()).select_from(AuditEntry)))
    assert after == before


def test_auditor_reads_the_audit_log_but_sales_cannot(org) -> None:  # type: ignore[no-untyped-def]
    entries = list_entries(org["contexts"]["auditor"])
    assert {"user.create", "user.login", "department.create"} <= {e.action for e in entries}


def test_role_changes_need_the_password_again_and_built_ins_are_read_only(org) -> None:  # type: ignore[no-untyped-def]
    admin = org["contexts"]["admin"]
    sales = next(r for r in list_roles(admin) if r.name == "Sales")
    with pytest.raises(DomainError) as caught:
        save_role(admin, sales.id, "Sales", "", sales.grants, sales.version, confirm=ADMIN_PASSWORD)
    assert caught.value.code == "role.builtin_read_only"
    mine, _ = copy_role(admin, sales.id, "大客户销售")
    with pytest.raises(ValidationFailed) as wrong:
        save_role(admin, mine.id, mine.name, "", mine.grants, mine.version, confirm="not-my-password")
    assert wrong.value.code == "password.confirm_wrong"
    user = get_user(admin, org["ids"]["south1"])
    with pytest.raises(ValidationFailed):
        update_user(admin, user.id, UserInput(user.login, user.display_name, role_ids=(mine.id,),
                                              department_id=user.department_id, version=user.version), confirm="")
    update_user(admin, user.id, UserInput(user.login, user.display_name, role_ids=(mine.id,),
                                          department_id=user.department_id, version=user.version),
                confirm=ADMIN_PASSWORD)
    with pytest.raises(DomainError) as in_use:
        delete_role(admin, mine.id, confirm=ADMIN_PASSWORD)
    assert in_use.value.code == "role.in_use"


def test_the_last_administrator_cannot_lose_the_role(org) -> None:  # type: ignore[no-untyped-def]
    admin = org["contexts"]["admin"]
    me = get_user(admin, org["ids"]["admin"])
    with pytest.raises(DomainError) as caught:
        update_user(admin, me.id, UserInput(me.login, me.display_name, role_ids=(org["roles"]["Sales"],),
                                            version=me.version), confirm=ADMIN_PASSWORD)
    assert caught.value.code == "user.last_admin"
    assert "Administrator" in get_user(admin, me.id).role_names


def test_effective_access_merges_a_users_roles(org) -> None:  # type: ignore[no-untyped-def]
    admin, ids = org["contexts"]["admin"], org["ids"]
    user = get_user(admin, ids["north2"])
    update_user(admin, user.id, UserInput(user.login, user.display_name, user.phone, user.email, user.department_id,
                                          user.supervisor_id, (org["roles"]["Sales"], org["roles"]["Billing clerk"]),
                                          True, user.version), confirm=ADMIN_PASSWORD)
    access = effective_access(admin, ids["north2"])
    assert access.role_names == ("Billing clerk", "Sales")
    assert access.scope("customers") is Scope.ALL and access.can("payments", "create")
