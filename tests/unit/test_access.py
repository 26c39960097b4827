"""Roles as data and their merge: most permissive wins (pure)."""

from __future__ import annotations

import pytest

from desktop_app.services.access import (
    BUILTIN_ROLES,
    FULL_ACCESS,
    RESOURCE_ACTIONS,
    FieldRule,
    RoleGrants,
    Scope,
    mask,
    merge,
)


def role(name: str) -> tuple[str, RoleGrants]:
    return name, RoleGrants.from_dict(BUILTIN_ROLES[name])


def test_builtin_roles_round_trip_through_json() -> None:
    for name, grants in BUILTIN_ROLES.items():
        parsed = RoleGrants.from_dict(grants)
        assert RoleGrants.from_json(parsed.to_json()) == parsed, name


def test_sales_sees_own_customers_and_masked_colleague_phones() -> None:
    sales = merge([role("Sales")])
    assert sales.can("customers", "create") and not sales.can("customers", "delete")
    assert sales.scope("customers") is Scope.OWN
    assert sales.field_rule("users", "phone") is FieldRule.MASKED
    assert sales.field_rule("customers", "phone") is FieldRule.EDITABLE
    assert sales.scope("audit") is Scope.NONE and not sales.can("audit", "view")


def test_the_most_permissive_role_wins() -> None:
    both = merge([role("Sales"), role("Billing clerk")])
    assert both.scope("customers") is Scope.ALL  # own + all
    assert both.field_rule("customers", "phone") is FieldRule.EDITABLE  # sales has no rule: editable wins
    assert both.can("payments", "create") and both.can("customers", "create")
    assert both.role_names == ("Billing clerk", "Sales")


def test_field_rules_merge_by_permissiveness() -> None:
    hidden = RoleGrants.from_dict({"customers": {"actions": ["view"], "scope": "all", "fields": {"phone": "hidden"}}})
    masked = RoleGrants.from_dict({"customers": {"actions": ["view"], "scope": "own", "fields": {"phone": "masked"}}})
    access = merge([("a", hidden), ("b", masked)])
    assert access.field_rule("customers", "phone") is FieldRule.MASKED
    assert access.field_rule("customers", "bank_account") is FieldRule.READ_ONLY  # view only: not editable


def test_auditor_reads_everything_and_changes_nothing() -> None:
    auditor = merge([role("Auditor")])
    for resource, actions in RESOURCE_ACTIONS.items():
        for action in actions:
            allowed = auditor.can(resource, action)
            if action != "view" and not (resource == "audit" and action == "export"):
                assert not allowed, (resource, action)
    assert auditor.can("audit", "view") and auditor.scope("customers") is Scope.ALL


def test_full_access_and_no_access() -> None:
    assert FULL_ACCESS.can("backup", "approve")
    nobody = merge([])
    assert not nobody.can("customers", "view") and nobody.scope("customers") is Scope.NONE


@pytest.mark.parametrize("raw", [
    {"nonsense": {"actions": ["view"]}},
    {"customers": {"actions": ["fly"]}},
    {"customers": {"actions": ["view"], "scope": "galaxy"}},
    {"customers": {"actions": ["view"], "fields": {"name": "hidden"}}},
])
def test_invalid_grids_are_refused(raw: dict) -> None:  # type: ignore[type-arg]
    with pytest.raises((ValueError, KeyError)):
        RoleGrants.from_dict(raw)


@pytest.mark.parametrize("value, masked", [("13812345678", "138****5678"), ("010-88886666", "010*****6666"),
                                           ("a@b.cn", "****"), ("", "")])
def test_mask(value: str, masked: str) -> None:
    assert mask(value) == masked
