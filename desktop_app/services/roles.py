"""Roles (stored as data), departments, and what a given user can effectively do."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop_app.errors import DomainError, ValidationFailed
from desktop_app.models import Department, Role, User, UserRole
from desktop_app.services.access import BUILTIN_ROLES, Access, RoleGrants
from desktop_app.services.auth import confirm_password, keep_an_administrator, load_access
from desktop_app.services.changes import Changes
from desktop_app.services.context import Context, check_version

BUILTIN_DESCRIPTIONS = {
    "Administrator": "Everything, including users, roles, settings and backups.",
    "Manager": "Customers, subscriptions and reports of their department and the departments below it.",
    "Sales": "Their own customers and what belongs to them.",
    "Billing clerk": "Bills, payments and usage for all customers; customer phone numbers masked.",
    "Auditor": "Reads everything, changes nothing; reads and exports the audit log.",
}


def ensure_builtin_roles(session: Session) -> dict[str, int]:
    """Create the built-in roles that are missing; returns name -> id."""
    existing = dict(session.execute(select(Role.name, Role.id)).all())
    for name, grants in BUILTIN_ROLES.items():
        if name not in existing:
            role = Role(name=name, description=BUILTIN_DESCRIPTIONS[name], builtin=True,
                        grants=RoleGrants.from_dict(grants).to_json())
            session.add(role)
            session.flush()
            existing[name] = role.id
    return existing


@dataclass(frozen=True)
class RoleView:
    id: int
    name: str
    description: str
    builtin: bool
    grants: RoleGrants
    user_count: int
    version: int


def list_roles(context: Context) -> list[RoleView]:
    context.require("users.view")
    with context.unit_of_work(write=False) as uow:
        counts = dict(uow.session.execute(select(UserRole.role_id, func.count()).group_by(UserRole.role_id))
                      .all())
        return [RoleView(role.id, role.name, role.description, role.builtin, RoleGrants.from_json(role.grants),
                         counts.get(role.id, 0), role.version)
                for role in uow.session.scalars(select(Role).order_by(Role.builtin.desc(), Role.name))]


def _check_name(session: Session, name: str, role_id: int | None) -> str:
    name = name.strip()
    if not name:
        raise ValidationFailed("role.name_required", "name")
    if len(name) > 60:
        raise ValidationFailed("text.too_long", "name", maximum=60)
    clash = session.scalar(select(Role.id).where(Role.name == name))
    if clash is not None and clash != role_id:
        raise ValidationFailed("role.name_taken", "name")
    return name


def copy_role(context: Context, role_id: int, new_name: str) -> tuple[RoleView, Changes]:
    """Start a custom role from an existing one (built-in roles themselves are read-only)."""
    context.require("users.edit")
    with context.unit_of_work() as uow:
        source = uow.session.get(Role, role_id)
        if source is None:
            raise DomainError("record.not_found")
        role = Role(name=_check_name(uow.session, new_name, None), description=source.description, builtin=False,
                    grants=source.grants, updated_at=context.clock(), updated_by=context.actor.display_name)
        uow.session.add(role)
        uow.session.flush()
        uow.audit("role.create", "role", role.id, name=role.name, copied_from=source.name)
        uow.commit()
        new_id = role.id
    return next(r for r in list_roles(context) if r.id == new_id), Changes(users=True)


def save_role(context: Context, role_id: int, name: str, description: str, grants: RoleGrants, version: int,
              confirm: str) -> tuple[RoleView, Changes]:
    """Change a custom role's grid; asks for the actor's password again; audited with before/after."""
    context.require("users.edit")
    confirm_password(context, confirm)
    with context.unit_of_work() as uow:
        role = uow.session.get(Role, role_id)
        if role is None:
            raise DomainError("record.not_found")
        if role.builtin:
            raise DomainError("role.builtin_read_only")
        check_version(role, version, "role")
        before = {"name": role.name, "description": role.description, "grants": role.grants}
        role.name = _check_name(uow.session, name, role_id)
        role.description = description.strip()[:300]
        role.grants = grants.to_json()
        role.updated_at, role.updated_by = context.clock(), context.actor.display_name
        uow.session.flush()
        keep_an_administrator(uow.session)
        after = {"name": role.name, "description": role.description, "grants": role.grants}
        changed = {k: [before[k], after[k]] for k in before if before[k] != after[k]}
        if changed:
            uow.audit("role.update", "role", role_id, changed=changed)
        uow.commit()
    return next(r for r in list_roles(context) if r.id == role_id), Changes(users=bool(changed))


def delete_role(context: Context, role_id: int, confirm: str) -> Changes:
    context.require("users.delete")
    confirm_password(context, confirm)
    with context.unit_of_work() as uow:
        role = uow.session.get(Role, role_id)
        if role is None:
            raise DomainError("record.not_found")
        if role.builtin:
            raise DomainError("role.builtin_read_only")
        if uow.session.scalar(select(func.count()).select_from(UserRole).where(UserRole.role_id == role_id)):
            raise DomainError("role.in_use")
        uow.session.delete(role)
        uow.audit("role.delete", "role", role_id, name=role.name)
        uow.commit()
    return Changes(users=True)


def effective_access(context: Context, user_id: int) -> Access:
    """What ``user_id`` can do: the merge of their roles (the "effective access" view)."""
    context.require("users.view")
    with context.unit_of_work(write=False) as uow:
        if uow.session.get(User, user_id) is None:
            raise DomainError("record.not_found")
        return load_access(uow.session, user_id)


# --- departments ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class DepartmentNode:
    id: int
    name: str
    parent_id: int | None
    member_count: int
    version: int


def list_departments(context: Context) -> list[DepartmentNode]:
    context.require("users.view")
    with context.unit_of_work(write=False) as uow:
        counts = dict(uow.session.execute(select(User.department_id, func.count()).group_by(User.department_id))
                      .all())
        return [DepartmentNode(d.id, d.name, d.parent_id, counts.get(d.id, 0), d.version)
                for d in uow.session.scalars(select(Department).order_by(Department.name))]


def save_department(context: Context, department_id: int | None, name: str, parent_id: int | None,
                    version: int = 0) -> tuple[int, Changes]:
    """Create (``department_id`` None) or rename/move a department; a move may not create a cycle."""
    context.require("users.edit")
    name = name.strip()
    if not name:
        raise ValidationFailed("department.name_required", "name")
    with context.unit_of_work() as uow:
        session = uow.session
        if parent_id is not None and session.get(Department, parent_id) is None:
            raise ValidationFailed("record.not_found", "parent_id")
        if department_id is None:
            department = Department(name=name[:100], parent_id=parent_id, updated_at=context.clock(),
                                    updated_by=context.actor.display_name)
            session.add(department)
            session.flush()
            uow.audit("department.create", "department", department.id, name=name, parent_id=parent_id)
        else:
            found = session.get(Department, department_id)
            if found is None:
                raise DomainError("record.not_found")
            department = found
            check_version(department, version, "department")
            ancestor = parent_id
            while ancestor is not None:
                if ancestor == department_id:
                    raise ValidationFailed("department.cycle", "parent_id")
                ancestor = session.scalar(select(Department.parent_id).where(Department.id == ancestor))
            before = [department.name, department.parent_id]
            department.name, department.parent_id = name[:100], parent_id
            department.updated_at, department.updated_by = context.clock(), context.actor.display_name
            uow.audit("department.update", "department", department_id,
                      changed={"name_parent": [before, [name, parent_id]]})
        uow.commit()
        return department.id, Changes(users=True)


def delete_department(context: Context, department_id: int) -> Changes:
    context.require("users.edit")
    with context.unit_of_work() as uow:
        session = uow.session
        department = session.get(Department, department_id)
        if department is None:
            raise DomainError("record.not_found")
        busy = session.scalar(select(func.count()).select_from(User).where(User.department_id == department_id))
        children = session.scalar(select(func.count()).select_from(Department)
                                  .where(Department.parent_id == department_id))
        if busy or children:
            raise DomainError("department.not_empty")
        session.delete(department)
        uow.audit("department.delete", "department", department_id, name=department.name)
        uow.commit()
    return Changes(users=True)
