"""The Diagnostics report (services/diagnostics.py) on SQLite, PostgreSQL and MariaDB: versions, database kind,
size and latency, schema against this client's head, automatic backups, the audit chain checked on request
(intact, then broken after tampering through raw SQL), who may read what, and the offline report."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import text

from desktop_app import __version__
from desktop_app.config import Paths
from desktop_app.errors import PermissionDenied
from desktop_app.schema import head_revision
from desktop_app.services import backup_format
from desktop_app.services.access import Access, ResourceGrant, Scope
from desktop_app.services.backup_schedule import BackupSchedule, run_scheduled_backup, save_schedule
from desktop_app.services.context import Context
from desktop_app.services.diagnostics import (
    check_audit_chain,
    collect_report,
    offline_report,
    report_dict,
    report_text,
    with_audit,
)

PASS = "nightly backup passphrase"


def _bypass_triggers(connection) -> None:  # type: ignore[no-untyped-def]
    """What an attacker with the owner's rights would do first (as tests/services/test_audit_log.py)."""
    if connection.dialect.name == "postgresql":
        connection.execute(text("ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only"))
    else:
        connection.execute(text("DROP TRIGGER audit_log_no_update"))
        connection.execute(text("DROP TRIGGER audit_log_no_delete"))


def test_the_report_describes_the_program_and_the_database(admin_context: Context, benji_paths: Paths) -> None:
    report = collect_report(admin_context, benji_paths)
    platform, db = report.platform, report.database
    assert platform.app_version == __version__ and platform.python and platform.os
    assert platform.desktop == admin_context.desktop
    assert platform.keyring_backend.endswith("MemoryKeyring") and platform.secure_store  # the tests' keyring
    assert report.locations.config_file == str(benji_paths.config_file)
    assert report.locations.log_dir == str(benji_paths.log_dir)
    assert db is not None
    kind = admin_context.database.kind
    assert db.kind == kind
    assert db.description == admin_context.database.description and "***" not in db.description
    expected = {"sqlite": "SQLite 3.", "postgresql": "PostgreSQL ", "mysql": ""}[kind]
    assert db.server_version.startswith(expected)
    if kind == "mysql":
        assert "MariaDB" in db.server_version
    assert db.size_bytes is not None and db.size_bytes > 0
    assert db.latency_ms > 0 and db.latency_ms < 1000
    assert (db.schema_revision, db.schema_head, db.schema_state) == (head_revision(), head_revision(), "current")
    assert db.schema_current
    assert report.backup is not None and report.backup.schedule == BackupSchedule()
    assert report.backup.last is None and report.backup.next_due is None
    assert report.audit_entries is not None and report.audit_entries >= 2  # set-up and log-in
    assert report.audit is None  # the chain is walked only on request
    if kind == "sqlite":  # the file and its write-ahead log
        path = admin_context.database.sqlite_path
        wal = path.with_name(path.name + "-wal")
        assert db.size_bytes == path.stat().st_size + (wal.stat().st_size if wal.exists() else 0)


def test_the_audit_chain_is_checked_on_request_and_names_the_first_broken_entry(admin_context: Context) -> None:
    entries = collect_report(admin_context, Paths.default()).audit_entries
    check = check_audit_chain(admin_context)
    assert check.ok and check.checked == entries and check.broken_seq is None and check.reason == ""
    assert check.seconds >= 0 and check.at.tzinfo is not None
    with admin_context.database.engine.begin() as connection:
        _bypass_triggers(connection)
        connection.execute(text("UPDATE audit_log SET detail = '{\"admin\": \"mallory\"}' WHERE seq = 2"))
    broken = check_audit_chain(admin_context)
    assert not broken.ok
    assert (broken.broken_seq, broken.reason, broken.checked) == (2, "content", 1)
    report = collect_report(admin_context, Paths.default(), check_audit=True)
    assert report.audit is not None and report.audit.broken_seq == 2
    assert "BROKEN at entry 2 (content)" in report_text(report)


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_the_last_automatic_backup_and_its_verification(admin_context: Context, benji_paths: Paths,
                                                        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(backup_format, "SCRYPT_N", 1 << 10)
    folder = tmp_path / "nas"
    folder.mkdir()
    save_schedule(admin_context, BackupSchedule(True, str(folder), 24, 7, 4, 12), PASS)
    made = run_scheduled_backup(admin_context, force=True)
    assert made is not None and made.ok
    backup = collect_report(admin_context, benji_paths).backup
    assert backup is not None and backup.schedule.enabled and backup.schedule.folder == str(folder)
    assert backup.last == made and backup.next_due is not None and backup.next_due > made.at
    assert f"ok, verified {made.file}" in report_text(collect_report(admin_context, benji_paths))
    folder.rename(tmp_path / "moved")  # the NAS is gone: the next run fails, and is reported with its code
    failed = run_scheduled_backup(admin_context, force=True)
    assert failed is not None and not failed.ok
    last = collect_report(admin_context, benji_paths).backup.last  # type: ignore[union-attr]
    assert last is not None and not last.ok and last.code and "FAILED" in report_text(
        collect_report(admin_context, benji_paths))


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_who_may_read_what(org: dict[str, object], benji_paths: Paths) -> None:
    contexts: dict[str, Context] = org["contexts"]  # type: ignore[assignment]
    for who in ("north1", "manager", "clerk"):  # no settings.view in their built-in roles
        with pytest.raises(PermissionDenied):
            collect_report(contexts[who], benji_paths)
    auditor = collect_report(contexts["auditor"], benji_paths, check_audit=True)  # settings and audit, no backup
    assert auditor.backup is None and auditor.audit_entries is not None
    assert auditor.audit is not None and auditor.audit.ok
    admin = contexts["admin"]
    settings_only = admin.as_actor(replace(admin.actor, access=Access(
        {"settings": ResourceGrant(frozenset({"view"}), Scope.ALL)})))
    report = collect_report(settings_only, benji_paths)
    assert report.database is not None and report.backup is None and report.audit_entries is None
    with pytest.raises(PermissionDenied):
        check_audit_chain(settings_only)
    with pytest.raises(PermissionDenied):
        collect_report(settings_only, benji_paths, check_audit=True)


def test_the_offline_report_and_the_report_as_data_and_text(benji_paths: Paths, tmp_path: Path) -> None:
    report = offline_report(benji_paths, "db.unreachable: the server 192.168.1.10:5432 does not answer")
    assert report.database is None and report.backup is None and report.audit_entries is None
    assert report.platform.app_version == __version__
    data = json.loads(json.dumps(report_dict(report)))
    assert data["database"] is None and data["locations"]["log_dir"] == str(benji_paths.log_dir)
    assert "not connected db.unreachable" in report_text(report)
    checked = with_audit(report, check_audit_chain_stub())
    assert report_dict(checked)["audit"]["checked"] == 7
    assert "intact; 7 entries checked" in report_text(checked)


def check_audit_chain_stub():  # type: ignore[no-untyped-def]
    from desktop_app.services.diagnostics import AuditCheck

    return AuditCheck(True, 7, None, "", 0.25, datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC))
