"""Editing the company's details: permission, audit, optimistic locking."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest
from sqlalchemy import select

from desktop_app.errors import ConcurrentEdit, PermissionDenied, ValidationFailed
from desktop_app.models import AuditEntry
from desktop_app.services.access import BUILTIN_ROLES, RoleGrants, merge
from desktop_app.services.company import get_company, update_company
from desktop_app.services.context import Actor, Context


def test_update_company_saves_audits_and_bumps_the_version(admin_context) -> None:  # type: ignore[no-untyped-def]
    before = get_company(admin_context)
    after, changes = update_company(admin_context, replace(before, phone="010-88886666", address="北京市海淀区"))
    assert changes.company
    assert (after.phone, after.address, after.version) == ("010-88886666", "北京市海淀区", before.version + 1)
    assert get_company(admin_context) == after
    with admin_context.database.session(write=False) as session:
        entry = session.scalars(select(AuditEntry).where(AuditEntry.action == "company.update")).one()
    assert json.loads(entry.detail)["changed"]["address"] == ["", "北京市海淀区"]
    assert entry.user_login == "admin"


def test_saving_unchanged_details_reports_no_change(admin_context) -> None:  # type: ignore[no-untyped-def]
    _, changes = update_company(admin_context, get_company(admin_context))
    assert not changes


def test_a_stale_save_names_who_changed_it(admin_context) -> None:  # type: ignore[no-untyped-def]
    mine = get_company(admin_context)
    actor = admin_context.actor
    colleague = Context(admin_context.database, Actor(actor.user_id, "admin", "王会计", actor.access))
    update_company(colleague, replace(mine, bank_name="招商银行"))
    with pytest.raises(ConcurrentEdit) as caught:
        update_company(admin_context, replace(mine, bank_name="工商银行"))
    assert caught.value.params["by"] == "王会计"
    assert caught.value.params["at"] != "?"
    assert get_company(admin_context).bank_name == "招商银行"


def test_non_admins_may_view_but_not_edit(admin_context) -> None:  # type: ignore[no-untyped-def]
    auditor = merge([("Auditor", RoleGrants.from_dict(BUILTIN_ROLES["Auditor"]))])
    clerk = Context(admin_context.database, Actor(99, "clerk", "小李", auditor))
    details = get_company(clerk)
    with pytest.raises(PermissionDenied):
        update_company(clerk, replace(details, name="改名"))
    assert get_company(admin_context).name == details.name


def test_bad_input_changes_nothing(admin_context) -> None:  # type: ignore[no-untyped-def]
    before = get_company(admin_context)
    with pytest.raises(ValidationFailed) as caught:
        update_company(admin_context, replace(before, bank_account="6222 abc"))
    assert caught.value.params["field"] == "bank_account"
    assert get_company(admin_context) == before
