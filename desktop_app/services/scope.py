"""The one query layer for data scopes: every list, search, report, export and printout filters here.

``visible(access, facts, resource, owner_column, department_column)`` returns the WHERE condition that
keeps exactly the rows the actor may see (None when the scope is "all"), or raises PermissionDenied.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, false, or_, select
from sqlalchemy.orm import Session

from desktop_app.errors import PermissionDenied
from desktop_app.models import Department, User
from desktop_app.services.access import Access, Scope


@dataclass(frozen=True)
class ScopeFacts:
    """Where the actor sits: their id, their subordinates (recursively), their department subtree."""

    user_id: int | None
    department_id: int | None
    subordinate_ids: frozenset[int]  # including the actor
    department_member_ids: frozenset[int]  # users in the actor's own department
    department_ids: frozenset[int]  # the actor's department and every department below it
    tree_member_ids: frozenset[int]  # users in any of department_ids


def _descendants(start: int | None, children: dict[int | None, list[int]]) -> set[int]:
    found: set[int] = set()
    stack = [start] if start is not None else []
    while stack:
        node = stack.pop()
        if node in found or node is None:
            continue
        found.add(node)
        stack.extend(children.get(node, []))
    return found


def load_facts(session: Session, actor: Any) -> ScopeFacts:
    user_id = actor.user_id
    users = list(session.execute(select(User.id, User.department_id, User.supervisor_id)).all())
    departments = list(session.execute(select(Department.id, Department.parent_id)).all())
    department_id = next((row.department_id for row in users if row.id == user_id), None)
    reports: dict[int | None, list[int]] = {}
    for row in users:
        reports.setdefault(row.supervisor_id, []).append(row.id)
    below: dict[int | None, list[int]] = {}
    for department in departments:
        below.setdefault(department.parent_id, []).append(department.id)
    tree = _descendants(department_id, below)
    return ScopeFacts(
        user_id=user_id,
        department_id=department_id,
        subordinate_ids=frozenset(_descendants(user_id, reports)),
        department_member_ids=frozenset(r.id for r in users if department_id and r.department_id == department_id),
        department_ids=frozenset(tree),
        tree_member_ids=frozenset(r.id for r in users if r.department_id in tree),
    )


def visible(access: Access, facts: ScopeFacts, resource: str, owner: Any,
            department: Any | None = None) -> ColumnElement[bool] | None:
    """The condition for rows of ``resource`` whose owner (a user id column) and optional department
    column put them inside the actor's scope."""
    scope = access.scope(resource)
    if scope is Scope.NONE:
        raise PermissionDenied(f"{resource}.view")
    if scope is Scope.ALL:
        return None
    if scope is Scope.OWN:
        return owner == facts.user_id if facts.user_id is not None else false()
    if scope is Scope.SUBORDINATES:
        return owner.in_(sorted(facts.subordinate_ids)) if facts.subordinate_ids else false()
    departments: frozenset[int]
    if scope is Scope.DEPARTMENT:
        users = facts.department_member_ids
        departments = frozenset({facts.department_id}) if facts.department_id is not None else frozenset()
    else:
        users, departments = facts.tree_member_ids, facts.department_ids
    conditions: list[ColumnElement[bool]] = [owner == facts.user_id] if facts.user_id is not None else []
    if users:
        conditions.append(owner.in_(sorted(users)))
    if department is not None and departments:
        conditions.append(department.in_(sorted(departments)))
    return or_(*conditions) if conditions else false()
