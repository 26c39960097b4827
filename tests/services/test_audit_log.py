"""The audit log is hash-chained, append-only in the database itself, and verifiable."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import exc, select, text

from desktop_app.models import AuditEntry
from desktop_app.services.audit import AuditFilter, export_csv, history, list_entries, verify
from desktop_app.services.company import get_company, update_company


def _bypass_triggers(connection) -> None:  # type: ignore[no-untyped-def]
    """What an attacker with the owner's rights would do first (tests only)."""
    name = connection.dialect.name
    if name == "postgresql":
        connection.execute(text("ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only"))
    else:
        connection.execute(text("DROP TRIGGER audit_log_no_update"))
        connection.execute(text("DROP TRIGGER audit_log_no_delete"))


def test_entries_are_chained_and_verify(admin_context) -> None:  # type: ignore[no-untyped-def]
    from dataclasses import replace

    company = get_company(admin_context)
    update_company(admin_context, replace(company, address="上海市浦东新区"))
    report = verify(admin_context)
    assert report.ok and report.checked == 3  # set-up, log-in, company update
    rows = list_entries(admin_context)
    assert [r.seq for r in rows] == [3, 2, 1]
    assert rows[0].desktop and rows[0].detail["changed"]["address"] == ["", "上海市浦东新区"]
    assert [r.action for r in history(admin_context, "company", 1)] == ["company.update", "setup.initialise"]


def test_the_database_refuses_update_and_delete(admin_context) -> None:  # type: ignore[no-untyped-def]
    engine = admin_context.database.engine
    for statement in ("UPDATE audit_log SET action = 'x'", "DELETE FROM audit_log"):
        with pytest.raises(exc.DatabaseError, match="append-only"), engine.begin() as connection:
            connection.execute(text(statement))
    assert verify(admin_context).ok


@pytest.mark.parametrize("tamper, reason", [
    ("UPDATE audit_log SET detail = '{\"admin\": \"mallory\"}' WHERE seq = 2", "content"),
    ("DELETE FROM audit_log WHERE seq = 2", "missing"),
    ("DELETE FROM audit_log WHERE seq = 3", "missing"),
])
def test_verify_names_the_first_broken_entry(admin_context, tamper: str, reason: str) -> None:  # type: ignore[no-untyped-def]
    from dataclasses import replace

    update_company(admin_context, replace(get_company(admin_context), phone="010-12345678"))
    with admin_context.database.engine.begin() as connection:
        _bypass_triggers(connection)
        connection.execute(text(tamper))
    report = verify(admin_context)
    assert not report.ok
    expected_seq = 2 if "seq = 2" in tamper else 3
    assert (report.broken_seq, report.reason) == (expected_seq, reason)


def test_filters_and_csv_export(admin_context, tmp_path) -> None:  # type: ignore[no-untyped-def]
    logins = list_entries(admin_context, AuditFilter(action="user.login"))
    assert [r.action for r in logins] == ["user.login"]
    path = tmp_path / "audit.csv"
    assert export_csv(admin_context, AuditFilter(), path) == 2
    lines = path.read_text(encoding="utf-8-sig").splitlines()
    assert lines[0].startswith("seq,at_utc,user") and len(lines) == 3
    with admin_context.database.session(write=False) as session:
        last = session.scalars(select(AuditEntry).order_by(AuditEntry.seq.desc())).first()
    assert last.action == "audit.export" and json.loads(last.detail)["rows"] == 2
    assert verify(admin_context).ok
