"""Monthly sales targets (业绩目标) on SQLite, PostgreSQL and MariaDB: who may set them (users.edit, or
reports.export with the user in the actor's reports scope), who sees them, amounts, the month, removal and the
audit trail."""

from __future__ import annotations

import dataclasses
from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from desktop_app.errors import DomainError, PermissionDenied, ValidationFailed
from desktop_app.services.access import Access
from desktop_app.services.audit import AuditFilter, list_entries
from desktop_app.services.changes import NOTHING, Changes
from desktop_app.services.context import Context
from desktop_app.services.sales_targets import list_target_users, list_targets, set_target

D = Decimal


def _targets(context: Context, year: int = 2026) -> list[tuple[str, date, Decimal]]:
    return [(row.user_name, row.month, row.amount) for row in list_targets(context, year)]


def _audit(org: dict[str, Any]) -> list[dict[str, Any]]:
    rows = list_entries(org["contexts"]["admin"], AuditFilter(action="sales_target.set"))
    return [dict(row.detail, user=row.user_login, entity_id=row.entity_id) for row in reversed(rows)]


def test_a_manager_sets_changes_and_removes_a_team_members_target(org: dict[str, Any]) -> None:
    manager, north1 = org["contexts"]["manager"], org["ids"]["north1"]
    assert set_target(manager, north1, date(2026, 10, 17), "¥12,000.50") == Changes(users=True)
    assert _targets(manager) == [("华北销售一", date(2026, 10, 1), D("12000.50"))]  # the month's first day
    row = list_targets(manager, 2026)[0]
    assert (row.user_id, row.department_name) == (north1, "华北组")
    assert set_target(manager, north1, date(2026, 10, 1), D("12000.5")) is NOTHING  # the same amount: no change
    assert set_target(manager, north1, date(2026, 10, 31), "15000") == Changes(users=True)
    assert set_target(manager, north1, date(2026, 11, 1), "８０００") == Changes(users=True)  # full-width digits
    assert _targets(manager) == [("华北销售一", date(2026, 10, 1), D("15000.00")),
                                 ("华北销售一", date(2026, 11, 1), D("8000.00"))]
    assert set_target(manager, north1, date(2026, 10, 5), "0") == Changes(users=True)  # 0 removes it
    assert set_target(manager, north1, date(2026, 11, 5), "") == Changes(users=True)  # so does nothing
    assert set_target(manager, north1, date(2026, 12, 1), "0.00") is NOTHING  # nothing to remove
    assert _targets(manager) == []
    assert _audit(org) == [
        {"user": "manager", "entity_id": str(north1), "month": "2026-10-01", "before": None, "after": "12000.50"},
        {"user": "manager", "entity_id": str(north1), "month": "2026-10-01", "before": "12000.50",
         "after": "15000.00"},
        {"user": "manager", "entity_id": str(north1), "month": "2026-11-01", "before": None, "after": "8000.00"},
        {"user": "manager", "entity_id": str(north1), "month": "2026-10-01", "before": "15000.00", "after": None},
        {"user": "manager", "entity_id": str(north1), "month": "2026-11-01", "before": "8000.00", "after": None},
    ]


def test_who_may_set_a_target(org: dict[str, Any]) -> None:
    c, ids = org["contexts"], org["ids"]
    set_target(c["manager"], ids["north2"], date(2026, 1, 1), "100")  # a subordinate's subordinate
    set_target(c["manager"], ids["south1"], date(2026, 1, 1), "200")
    set_target(c["admin"], ids["clerk"], date(2026, 1, 1), "300")  # users.edit: anyone
    set_target(c["admin"], ids["admin"], date(2026, 1, 1), "400")
    with pytest.raises(PermissionDenied):  # the finance clerk is outside the manager's departments
        set_target(c["manager"], ids["clerk"], date(2026, 1, 1), "999")
    with pytest.raises(PermissionDenied):  # a salesperson has no reports.export, not even for themselves
        set_target(c["north1"], ids["north1"], date(2026, 1, 1), "999")
    with pytest.raises(PermissionDenied):  # the auditor only views
        set_target(c["auditor"], ids["north1"], date(2026, 1, 1), "999")
    assert sorted(amount for _, _, amount in _targets(c["admin"])) == [D("100.00"), D("200.00"), D("300.00"),
                                                                        D("400.00")]
    assert len(_audit(org)) == 4  # the refused attempts wrote nothing
    with pytest.raises(DomainError) as caught:
        set_target(c["admin"], 999_999, date(2026, 1, 1), "1")
    assert caught.value.code == "record.not_found"


def test_targets_are_listed_within_the_viewers_scope(org: dict[str, Any]) -> None:
    c, ids = org["contexts"], org["ids"]
    for login, amount in (("north1", "1"), ("north2", "2"), ("south1", "3"), ("manager", "4"), ("clerk", "5")):
        set_target(c["admin"], ids[login], date(2026, 3, 1), amount)
    set_target(c["admin"], ids["north1"], date(2025, 12, 1), "6")  # another year
    set_target(c["admin"], ids["north1"], date(2027, 1, 1), "7")
    assert _targets(c["north1"]) == [("华北销售一", date(2026, 3, 1), D("1.00"))]
    assert {name for name, _, _ in _targets(c["manager"])} == {"华北销售一", "华北销售二", "华南销售", "销售经理"}
    assert len(_targets(c["auditor"])) == len(_targets(c["admin"])) == 5
    assert _targets(c["admin"], 2025) == [("华北销售一", date(2025, 12, 1), D("6.00"))]
    nobody = Context(c["admin"].database, dataclasses.replace(c["admin"].actor, access=Access()))
    with pytest.raises(PermissionDenied):
        list_targets(nobody, 2026)
    with pytest.raises(ValidationFailed) as caught:
        list_targets(c["admin"], 20260)
    assert (caught.value.code, caught.value.params["field"]) == ("sales_target.year_invalid", "year")


def test_the_users_a_grid_shows_and_which_the_actor_may_edit(org: dict[str, Any]) -> None:
    c = org["contexts"]
    manager = {(u.name, u.department_name, u.editable) for u in list_target_users(c["manager"])}
    assert manager == {("销售经理", "销售部", True), ("华北销售一", "华北组", True), ("华北销售二", "华北组", True),
                       ("华南销售", "华南组", True)}
    assert [(u.name, u.editable) for u in list_target_users(c["north1"])] == [("华北销售一", False)]
    auditor = list_target_users(c["auditor"])
    assert len(auditor) == 7 and not any(u.editable for u in auditor)
    assert all(u.editable for u in list_target_users(c["admin"]))


@pytest.mark.parametrize("amount, code", [
    ("-1", "sales_target.amount_negative"),
    ("abc", "sales_target.amount_invalid"),
    ("1.005", "sales_target.amount_invalid"),
    (D("1.005"), "sales_target.amount_invalid"),
    (D("NaN"), "sales_target.amount_invalid"),
    ("1,000,000,000,000.00", "sales_target.amount_too_large"),
])
def test_amounts_are_checked_and_nothing_is_written(org: dict[str, Any], amount: Any, code: str) -> None:
    with pytest.raises(ValidationFailed) as caught:
        set_target(org["contexts"]["admin"], org["ids"]["north1"], date(2026, 1, 1), amount)
    assert (caught.value.code, caught.value.params["field"]) == (code, "amount")
    assert _targets(org["contexts"]["admin"]) == [] and _audit(org) == []
