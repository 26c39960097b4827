"""Roles as data, merged into one user's effective access (pure: no database, no Qt).

A role says, per resource, which actions it allows, how far its data scope reaches, and how sensitive
fields appear (EspoCRM-style grid, Chinese data scopes). A user may hold several roles; the most
permissive wins, per action, per scope and per field.
"""

from __future__ import annotations

import enum
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any


class Scope(enum.IntEnum):
    """How far a role sees records of a resource; a larger value sees more."""

    NONE = 0
    OWN = 1  # 本人
    SUBORDINATES = 2  # 本人及下属
    DEPARTMENT = 3  # 本部门
    DEPARTMENT_TREE = 4  # 本部门及下属部门
    ALL = 5  # 全部


class FieldRule(enum.IntEnum):
    """How a sensitive field appears; a larger value is more permissive."""

    HIDDEN = 0
    MASKED = 1  # 138****5678
    READ_ONLY = 2
    EDITABLE = 3


RESOURCE_ACTIONS: dict[str, tuple[str, ...]] = {
    "customers": ("view", "create", "edit", "delete", "import", "export", "print"),
    "contacts": ("view", "create", "edit", "delete", "import", "export"),
    "products": ("view", "create", "edit", "delete", "import", "export", "approve"),
    "subscriptions": ("view", "create", "edit", "delete", "export"),
    "usage": ("view", "import", "export", "delete"),
    "bills": ("view", "create", "edit", "delete", "export", "print", "approve"),
    "payments": ("view", "create", "edit", "delete", "export", "print", "approve"),
    "reports": ("view", "export", "print"),
    "users": ("view", "create", "edit", "delete"),
    "settings": ("view", "edit"),
    "audit": ("view", "export"),
    "backup": ("view", "create", "approve"),
}
RESOURCES = tuple(RESOURCE_ACTIONS)
SCOPED = ("customers", "contacts", "subscriptions", "usage", "bills", "payments", "reports", "users", "audit")
SENSITIVE_FIELDS: dict[str, tuple[str, ...]] = {
    "customers": ("phone", "bank_account", "tax_id"),
    "contacts": ("phone", "email"),
    "products": ("unit_price",),
    "bills": ("amount",),
    "payments": ("amount",),
    "users": ("phone", "email"),
}
# Records that belong to a customer follow the customer's visibility, whoever created them.
FOLLOWS_CUSTOMER = ("contacts", "subscriptions", "usage", "bills", "payments")


@dataclass(frozen=True)
class ResourceGrant:
    actions: frozenset[str] = frozenset()
    scope: Scope = Scope.NONE
    fields: Mapping[str, FieldRule] = field(default_factory=dict)


@dataclass(frozen=True)
class RoleGrants:
    """One role's grid, as stored (JSON) in the ``roles.grants`` column."""

    resources: Mapping[str, ResourceGrant] = field(default_factory=dict)

    def to_json(self) -> str:
        data = {
            name: {
                "actions": sorted(grant.actions),
                "scope": grant.scope.name.lower(),
                "fields": {key: rule.name.lower() for key, rule in sorted(grant.fields.items())},
            }
            for name, grant in sorted(self.resources.items())
        }
        return json.dumps(data, sort_keys=True, ensure_ascii=False)

    @classmethod
    def from_json(cls, text: str) -> RoleGrants:
        raw: dict[str, Any] = json.loads(text or "{}")
        return cls.from_dict(raw)

    @classmethod
    def from_dict(cls, raw: Mapping[str, Any]) -> RoleGrants:
        resources: dict[str, ResourceGrant] = {}
        for name, item in raw.items():
            if name not in RESOURCE_ACTIONS:
                raise ValueError(f"unknown resource {name!r}")
            actions = frozenset(item.get("actions", ()))
            unknown = actions - set(RESOURCE_ACTIONS[name])
            if unknown:
                raise ValueError(f"{name}: unknown actions {sorted(unknown)}")
            scope = Scope[str(item.get("scope", "none")).upper()]
            fields = {key: FieldRule[str(rule).upper()] for key, rule in item.get("fields", {}).items()}
            bad_fields = set(fields) - set(SENSITIVE_FIELDS.get(name, ()))
            if bad_fields:
                raise ValueError(f"{name}: no field rules for {sorted(bad_fields)}")
            resources[name] = ResourceGrant(actions, scope if actions else Scope.NONE, fields)
        return cls(resources)


@dataclass(frozen=True)
class Access:
    """A user's effective access: the union of their roles, most permissive wins."""

    grants: Mapping[str, ResourceGrant] = field(default_factory=dict)
    role_names: tuple[str, ...] = ()

    def can(self, resource: str, action: str) -> bool:
        grant = self.grants.get(resource)
        return grant is not None and action in grant.actions

    def scope(self, resource: str) -> Scope:
        grant = self.grants.get(resource)
        if grant is None or "view" not in grant.actions:
            return Scope.NONE
        return grant.scope if resource in SCOPED else Scope.ALL

    def field_rule(self, resource: str, name: str) -> FieldRule:
        grant = self.grants.get(resource)
        if grant is None or "view" not in grant.actions:
            return FieldRule.HIDDEN
        rule = grant.fields.get(name, FieldRule.EDITABLE)
        if rule is FieldRule.EDITABLE and "edit" not in grant.actions and "create" not in grant.actions:
            return FieldRule.READ_ONLY
        return rule


def merge(roles: Iterable[tuple[str, RoleGrants]]) -> Access:
    """Combine roles: actions are united; scope and field rules take the most permissive."""
    combined: dict[str, ResourceGrant] = {}
    names = []
    for role_name, role in roles:
        names.append(role_name)
        for resource, grant in role.resources.items():
            if not grant.actions:
                continue
            before = combined.get(resource)
            if before is None:
                combined[resource] = ResourceGrant(grant.actions, grant.scope, dict(grant.fields))
                continue
            fields: dict[str, FieldRule] = {}
            for name in set(before.fields) | set(grant.fields):
                # a role that grants the resource without a rule for the field leaves it editable
                fields[name] = max(before.fields.get(name, FieldRule.EDITABLE),
                                   grant.fields.get(name, FieldRule.EDITABLE))
            combined[resource] = ResourceGrant(before.actions | grant.actions, max(before.scope, grant.scope),
                                               {k: v for k, v in fields.items() if v is not FieldRule.EDITABLE})
    return Access(combined, tuple(sorted(names)))


FULL_ACCESS = Access(
    {name: ResourceGrant(frozenset(actions), Scope.ALL) for name, actions in RESOURCE_ACTIONS.items()},
    ("system",),
)


def mask(value: str) -> str:
    """Keep the first 3 and last 4 characters (138****5678); shorter values become ****."""
    text = value or ""
    if len(text) <= 7:
        return "****" if text else ""
    return text[:3] + "*" * (len(text) - 7) + text[-4:]


def _grant(actions: Iterable[str], scope: Scope = Scope.ALL, **fields: FieldRule) -> dict[str, Any]:
    return {"actions": sorted(actions), "scope": scope.name.lower(),
            "fields": {key: rule.name.lower() for key, rule in fields.items()}}


def _all(resource: str) -> tuple[str, ...]:
    return RESOURCE_ACTIONS[resource]


BUILTIN_ROLES: dict[str, dict[str, Any]] = {
    "Administrator": {name: _grant(actions) for name, actions in RESOURCE_ACTIONS.items()},
    "Manager": {
        **{name: _grant(_all(name), Scope.DEPARTMENT_TREE)
           for name in ("customers", "contacts", "subscriptions", "usage")},
        "bills": _grant(("view", "export", "print", "approve"), Scope.DEPARTMENT_TREE),
        "payments": _grant(("view", "export", "print"), Scope.DEPARTMENT_TREE),
        "reports": _grant(_all("reports"), Scope.DEPARTMENT_TREE),
        "products": _grant(("view",)),
        "users": _grant(("view",), Scope.DEPARTMENT_TREE),
    },
    "Sales": {
        "customers": _grant(("view", "create", "edit", "export", "print"), Scope.OWN),
        "contacts": _grant(("view", "create", "edit", "delete"), Scope.OWN),
        "subscriptions": _grant(("view", "create", "edit"), Scope.OWN),
        "usage": _grant(("view",), Scope.OWN),
        "bills": _grant(("view", "print"), Scope.OWN),
        "payments": _grant(("view",), Scope.OWN),
        "reports": _grant(("view",), Scope.OWN),
        "products": _grant(("view",)),
        "users": _grant(("view",), Scope.OWN, phone=FieldRule.MASKED, email=FieldRule.MASKED),
    },
    "Billing clerk": {
        "customers": _grant(("view", "export", "print"), Scope.ALL, phone=FieldRule.MASKED),
        "contacts": _grant(("view",), Scope.ALL, phone=FieldRule.MASKED, email=FieldRule.MASKED),
        "subscriptions": _grant(("view", "create", "edit", "export")),
        "usage": _grant(_all("usage")),
        "bills": _grant(("view", "create", "edit", "delete", "export", "print")),  # drafts only
        "payments": _grant(("view", "create", "edit", "export", "print")),
        "reports": _grant(_all("reports")),
        "products": _grant(("view",)),
        "users": _grant(("view",), Scope.DEPARTMENT),
    },
    "Auditor": {
        **{name: _grant(("view",)) for name in RESOURCE_ACTIONS if name not in ("audit", "backup")},
        "audit": _grant(("view", "export")),
    },
}
