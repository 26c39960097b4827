"""Scheduled backups (services/backup_schedule.py) on SQLite, PostgreSQL and MariaDB with injected clocks:
the schedule saved and checked (each validation code names its field), the passphrase only in the (in-memory)
keyring, due / not due / forced runs writing a verified ``benji-YYYYMMDD-HHMMSS.benji``, a failure recorded
and retried later, one backup when two desktops start at once, and the grandfather-father-son ``prune``
(an exact kept set over 15 months of files; hypothesis: never the newest, never a file not ours)."""

from __future__ import annotations

import os
import tempfile
import threading
from dataclasses import asdict
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import delete, insert, text

from desktop_app.db import Database
from desktop_app.errors import DomainError, PermissionDenied, ValidationFailed
from desktop_app.services import backup_format as fmt
from desktop_app.services import backup_schedule as bs
from desktop_app.services.backup import verify_backup
from desktop_app.services.backup_schedule import (
    BackupSchedule,
    LastBackup,
    get_schedule,
    last_backup,
    prune,
    run_scheduled_backup,
    save_schedule,
)
from desktop_app.services.context import Context

PASS = "nightly backup passphrase"
T0 = datetime(2026, 11, 26, 1, 30, tzinfo=UTC)  # 09:30 in Shanghai


@pytest.fixture(autouse=True)
def light_scrypt(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(fmt, "SCRYPT_N", 1 << 10)


def at(context: Context, instant: datetime, desktop: str | None = None) -> Context:
    return Context(context.database, context.actor, lambda: instant, desktop or context.desktop)


def backups(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if bs.stamp_of(p.name) is not None)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    path = tmp_path / "nas"
    path.mkdir()
    return path


@pytest.fixture
def scheduled(admin_context: Context, folder: Path) -> Context:
    save_schedule(admin_context, BackupSchedule(True, str(folder), 24, 7, 4, 12), PASS)
    return admin_context


# --- the schedule ---------------------------------------------------------------------------------

def test_defaults_and_save(admin_context: Context, folder: Path, memory_keyring: object) -> None:
    assert get_schedule(admin_context) == BackupSchedule()
    assert last_backup(admin_context) is None
    schedule = BackupSchedule(True, f"  {folder}  ", 12, 7, 0, 6)
    assert save_schedule(admin_context, schedule, PASS).settings
    assert get_schedule(admin_context) == BackupSchedule(True, str(folder), 12, 7, 0, 6)
    assert bs.passphrase_stored(admin_context)
    store = memory_keyring.store  # type: ignore[attr-defined]
    assert list(store.values()) == [PASS] and next(iter(store))[1] == bs.passphrase_key(admin_context.database)
    assert not list(folder.iterdir())  # the probe file is gone
    # the passphrase is kept when not given again; saving the same schedule changes nothing
    assert not save_schedule(admin_context, BackupSchedule(True, str(folder), 12, 7, 0, 6)).settings
    with admin_context.unit_of_work(write=False) as uow:
        settings_text = " ".join(uow.session.execute(text("SELECT value FROM settings")).scalars())
        audit = list(uow.session.execute(text("SELECT action, detail FROM audit_log ORDER BY seq")).all())
    assert PASS not in settings_text and "passphrase" not in settings_text
    assert all(PASS not in str(detail) for _, detail in audit)
    updates = [detail for action, detail in audit if action == "settings.update" and "backup.schedule" in detail]
    assert len(updates) == 1 and str(folder) in updates[0]


@pytest.mark.parametrize(("change", "code", "field"), [
    ({"every_hours": 0}, "backup_schedule.every_hours_range", "every_hours"),
    ({"every_hours": 169}, "backup_schedule.every_hours_range", "every_hours"),
    ({"keep_daily": -1}, "backup_schedule.keep_range", "keep_daily"),
    ({"keep_weekly": 101}, "backup_schedule.keep_range", "keep_weekly"),
    ({"keep_monthly": 101}, "backup_schedule.keep_range", "keep_monthly"),
    ({"keep_daily": 0, "keep_weekly": 0, "keep_monthly": 0}, "backup_schedule.keep_nothing", "keep_daily"),
    ({"folder": ""}, "backup_schedule.folder_required", "folder"),
    ({"folder": "relative/folder"}, "backup_schedule.folder_not_absolute", "folder"),
    ({"folder": "/no/such/folder/benji"}, "backup_schedule.folder_missing", "folder"),
])
def test_validation_codes(admin_context: Context, folder: Path, change: dict[str, object], code: str,
                          field: str) -> None:
    schedule = BackupSchedule(**{**asdict(BackupSchedule(True, str(folder))), **change})  # type: ignore[arg-type]
    with pytest.raises(ValidationFailed) as caught:
        save_schedule(admin_context, schedule, PASS)
    assert (caught.value.code, caught.value.params["field"]) == (code, field)
    assert get_schedule(admin_context) == BackupSchedule()
    assert not bs.passphrase_stored(admin_context)


def test_passphrase_rules_and_folder_checks(admin_context: Context, folder: Path, tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    on = BackupSchedule(True, str(folder))
    with pytest.raises(ValidationFailed) as caught:
        save_schedule(admin_context, on)  # enabling needs a passphrase when none is stored
    assert (caught.value.code, caught.value.params["field"]) == ("backup_schedule.passphrase_required", "passphrase")
    with pytest.raises(ValidationFailed) as caught:
        save_schedule(admin_context, on, "short")
    assert (caught.value.code, caught.value.params) == ("backup_schedule.passphrase_too_short",
                                                        {"field": "passphrase", "minimum": 8})
    a_file = tmp_path / "a-file"
    a_file.write_text("x")
    with pytest.raises(ValidationFailed) as caught:
        save_schedule(admin_context, BackupSchedule(True, str(a_file)), PASS)
    assert caught.value.code == "backup_schedule.folder_missing"

    real_open = Path.open

    def refuse(self: Path, *args: object, **kwargs: object) -> object:
        if self.name.startswith(bs.PROBE_PREFIX):
            raise PermissionError(13, "Permission denied", str(self))
        return real_open(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Path, "open", refuse)
    with pytest.raises(ValidationFailed) as caught:
        save_schedule(admin_context, on, PASS)
    assert (caught.value.code, caught.value.params["field"], caught.value.params["reason"]) == \
        ("backup_schedule.folder_not_writable", "folder", "Permission denied")
    monkeypatch.undo()
    # switched off, a missing folder is fine (the NAS is gone and backups are being switched off)
    save_schedule(admin_context, BackupSchedule(False, "/no/such/folder"))
    assert get_schedule(admin_context).folder == "/no/such/folder"


def test_no_secure_keyring(admin_context: Context, folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(bs.credentials, "_is_secure", lambda backend: False)
    with pytest.raises(DomainError) as caught:
        save_schedule(admin_context, BackupSchedule(True, str(folder)), PASS)
    assert caught.value.code == "backup_schedule.no_keyring"
    assert get_schedule(admin_context) == BackupSchedule()


def test_permissions(org: dict[str, object], folder: Path) -> None:
    contexts = org["contexts"]
    assert isinstance(contexts, dict)
    for login in ("clerk", "auditor", "manager"):
        context = contexts[login]
        calls = (lambda c=context: get_schedule(c), lambda c=context: last_backup(c),
                 lambda c=context: save_schedule(c, BackupSchedule(True, str(folder)), PASS),
                 lambda c=context: run_scheduled_backup(c, force=True))
        for call in calls:
            with pytest.raises(PermissionDenied):
                call()
    assert not list(folder.iterdir())


# --- runs -----------------------------------------------------------------------------------------

def test_due_not_due_and_force(scheduled: Context, folder: Path) -> None:
    first = run_scheduled_backup(at(scheduled, T0))
    assert isinstance(first, LastBackup) and first.ok, first
    assert first.file == str(folder / "benji-20261126-093000.benji")  # Shanghai time
    assert backups(folder) == ["benji-20261126-093000.benji"]
    assert first.at == T0 and first.message == "" and first.removed == 0
    assert first.size == Path(first.file).stat().st_size > 0
    report = verify_backup(Path(first.file), PASS)
    assert first.rows == report.rows > 0
    assert last_backup(scheduled) == first
    assert bs.next_due(at(scheduled, T0)) == T0 + timedelta(hours=24)

    assert run_scheduled_backup(at(scheduled, T0 + timedelta(hours=23, minutes=59))) is None
    forced = run_scheduled_backup(at(scheduled, T0 + timedelta(hours=1)), force=True)
    assert forced is not None and forced.ok and forced.file.endswith("benji-20261126-103000.benji")
    assert forced.removed == 1 and backups(folder) == ["benji-20261126-103000.benji"]  # a day keeps its newest
    assert run_scheduled_backup(at(scheduled, T0 + timedelta(hours=24, seconds=30))) is None  # 24 h after the force
    later = run_scheduled_backup(at(scheduled, T0 + timedelta(hours=25)))
    assert later is not None and later.ok and later.file.endswith("benji-20261127-103000.benji")
    assert later.removed == 0
    # a second forced run within the same second takes the next second's name
    again = run_scheduled_backup(at(scheduled, T0 + timedelta(hours=25)), force=True)
    assert again is not None and again.file.endswith("benji-20261127-103001.benji")
    assert backups(folder) == ["benji-20261126-103000.benji", "benji-20261127-103001.benji"]
    assert again.removed == 1
    with scheduled.unit_of_work(write=False) as uow:
        actions = list(uow.session.execute(text("SELECT action FROM audit_log WHERE action LIKE 'backup.%'"))
                       .scalars())
    assert actions == ["backup.create"] * 4


def test_switched_off_runs_only_when_forced(admin_context: Context, folder: Path) -> None:
    save_schedule(admin_context, BackupSchedule(True, str(folder)), PASS)
    save_schedule(admin_context, BackupSchedule(False, str(folder)))
    assert run_scheduled_backup(at(admin_context, T0)) is None
    assert bs.next_due(admin_context) is None
    result = run_scheduled_backup(at(admin_context, T0), force=True)
    assert result is not None and result.ok and backups(folder) == ["benji-20261126-093000.benji"]


def test_failure_recorded_and_retried(scheduled: Context, folder: Path) -> None:
    folder.rmdir()  # the NAS share went away after the schedule was saved
    failed = run_scheduled_backup(at(scheduled, T0))
    assert failed is not None and not failed.ok
    assert failed.code == "backup_schedule.folder_missing" and dict(failed.params)["folder"] == str(folder)
    assert "backup_schedule.folder_missing" in failed.message
    assert last_backup(scheduled) == failed
    error = bs.error_of(failed)
    assert error is not None and error.code == failed.code
    with scheduled.unit_of_work(write=False) as uow:
        detail = uow.session.execute(text("SELECT detail FROM audit_log WHERE action = 'backup.failed'")).scalar_one()
    assert "backup_schedule.folder_missing" in detail and PASS not in detail
    # this desktop waits RETRY_AFTER; another desktop is not held back
    assert run_scheduled_backup(at(scheduled, T0 + timedelta(minutes=5))) is None
    assert bs.next_due(at(scheduled, T0)) == T0 + bs.RETRY_AFTER
    other = run_scheduled_backup(at(scheduled, T0 + timedelta(minutes=5), desktop="reception-pc"))
    assert other is not None and not other.ok
    folder.mkdir()
    retried = run_scheduled_backup(at(scheduled, T0 + bs.RETRY_AFTER))
    assert retried is not None and retried.ok and last_backup(scheduled) == retried


def test_no_passphrase_on_this_desktop(scheduled: Context, folder: Path, memory_keyring: object) -> None:
    memory_keyring.store.clear()  # type: ignore[attr-defined]
    failed = run_scheduled_backup(at(scheduled, T0))
    assert failed is not None and not failed.ok and failed.code == "backup_schedule.no_passphrase"
    assert not backups(folder)
    given_here = run_scheduled_backup(at(scheduled, T0), force=True, passphrase=PASS)  # the CLI's env variable
    assert given_here is not None and given_here.ok
    verify_backup(Path(given_here.file), PASS)


def test_unverified_backup_is_a_failure(scheduled: Context, folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from desktop_app.services import backup

    def broken(path: Path, passphrase: str) -> object:
        raise DomainError("backup.corrupt", where="chunk 3")

    monkeypatch.setattr(backup, "verify_backup", broken)
    failed = run_scheduled_backup(at(scheduled, T0))
    assert failed is not None and not failed.ok and failed.code == "backup.corrupt"
    assert not backups(folder)  # not left where retention would count it as a good backup
    assert [p.name for p in folder.iterdir()] == ["benji-20261126-093000.benji.unverified"]


def _hold(database: Database, desktop: str, heartbeat: datetime) -> None:
    with database.write_connection() as connection:
        connection.execute(delete(bs.LOCKS).where(bs.LOCKS.c.name == "backup"))
        connection.execute(insert(bs.LOCKS).values(name="backup", holder="前台", desktop=desktop, pid=4242, run_id=7,
                                                   acquired_at=heartbeat, heartbeat_at=heartbeat))


def test_lock_held_by_another_desktop(scheduled: Context, folder: Path) -> None:
    with scheduled.database.engine.connect() as connection:
        now = bs.numbering.database_now(connection)
    _hold(scheduled.database, "reception-pc", now)
    assert run_scheduled_backup(at(scheduled, T0)) is None
    with pytest.raises(DomainError) as caught:
        run_scheduled_backup(at(scheduled, T0), force=True)
    assert caught.value.code == "backup_schedule.busy" and caught.value.params["desktop"] == "reception-pc"
    assert not backups(folder) and last_backup(scheduled) is None
    _hold(scheduled.database, "reception-pc", now - bs.STALE_AFTER - timedelta(minutes=1))  # it died
    result = run_scheduled_backup(at(scheduled, T0))
    assert result is not None and result.ok
    with scheduled.database.engine.connect() as connection:
        holder = connection.execute(text("SELECT holder, pid FROM run_locks WHERE name = 'backup'")).one()
    assert tuple(holder) == ("", 0)  # released


def test_two_desktops_at_once_make_one_backup(scheduled: Context, folder: Path) -> None:
    barrier = threading.Barrier(2)
    results: dict[str, object] = {}

    def run(desktop: str) -> None:
        context = at(scheduled, T0, desktop=desktop)
        barrier.wait()
        try:
            results[desktop] = run_scheduled_backup(context)
        except Exception as error:  # pragma: no cover - reported below
            results[desktop] = error

    threads = [threading.Thread(target=run, args=(name,)) for name in ("pc-a", "pc-b")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    made = [value for value in results.values() if isinstance(value, LastBackup)]
    assert len(results) == 2 and len(made) == 1 and made[0].ok, results
    assert sorted(map(type, results.values()), key=str) == sorted([LastBackup, type(None)], key=str)
    assert backups(folder) == ["benji-20261126-093000.benji"]


# --- retention ------------------------------------------------------------------------------------

def _touch(folder: Path, stamp: datetime) -> Path:
    path = folder / f"benji-{stamp:%Y%m%d-%H%M%S}.benji"
    path.write_bytes(b"x")
    return path


def test_prune_fifteen_months_exact(tmp_path: Path) -> None:
    folder = tmp_path / "backups"
    folder.mkdir()
    day = datetime(2025, 8, 1, 2, 0)
    while day.date() <= datetime(2026, 11, 26).date():
        _touch(folder, day)
        day += timedelta(days=1)
    _touch(folder, datetime(2026, 11, 26, 9, 30))  # a second one today: the newer of the two is kept
    _touch(folder, datetime(2026, 11, 26, 13, 0))  # after "now" (a clock set back): never deleted
    outside = tmp_path / "precious.benji"
    outside.write_bytes(b"keep")
    decoys = ["benji-20250801-020000.benji.partial", "notes.txt", "benji-20250801-0200.benji",
              "BENJI-20250801-020000.benji", "benji-20250801-020000.benji.unverified", "benji-20259999-020000.benji",
              "xbenji-20250801-020000.benji"]
    for name in decoys:
        (folder / name).write_bytes(b"x")
    (folder / "old").mkdir()
    _touch(folder / "old", datetime(2025, 8, 2, 2, 0))
    (folder / "benji-20250803-020000.benji").unlink()
    (folder / "benji-20250803-020000.benji").symlink_to(outside)
    (folder / "benji-20250804-020000.benji").unlink()
    (folder / "benji-20250804-020000.benji").mkdir()

    now = datetime(2026, 11, 26, 12, 0)
    deleted = prune(folder, now, BackupSchedule(True, str(folder), 24, 7, 4, 12))
    kept = set(backups(folder))
    expected = {f"benji-{d}-020000.benji" for d in (
        "20261120", "20261121", "20261122", "20261123", "20261124", "20261125",  # daily (26th: 09:30 below)
        "20261115", "20261108",  # weekly: ISO weeks 46, 45 (47's newest is 22 Nov, 48's is today)
        "20261031", "20260930", "20260831", "20260731", "20260630", "20260531", "20260430", "20260331",
        "20260228", "20260131", "20251231",  # monthly: the last day of each of the 11 months before this one
    )} | {"benji-20261126-093000.benji", "benji-20261126-130000.benji",
          "benji-20250803-020000.benji", "benji-20250804-020000.benji"}  # the link and the folder: untouched
    assert kept == expected
    assert all(p.parent == folder and bs.stamp_of(p.name) for p in deleted)
    assert len(deleted) == 483 - 21  # 481 daily files (two replaced by a link and a folder) + 2 today
    assert all((folder / name).exists() for name in decoys)
    assert outside.read_bytes() == b"keep" and (folder / "benji-20250803-020000.benji").is_symlink()
    assert (folder / "old" / "benji-20250802-020000.benji").exists()
    assert prune(folder, now, BackupSchedule(True, str(folder), 24, 7, 4, 12)) == []  # stable


def test_prune_keeps_the_newest_even_when_old(tmp_path: Path) -> None:
    old = _touch(tmp_path, datetime(2024, 1, 5, 2, 0))
    older = _touch(tmp_path, datetime(2024, 1, 4, 2, 0))
    assert prune(tmp_path, datetime(2026, 11, 26, 12, 0), BackupSchedule(keep_daily=7, keep_weekly=0,
                                                                          keep_monthly=0)) == [older]
    assert old.exists()


stamps = st.lists(st.datetimes(min_value=datetime(2024, 1, 1), max_value=datetime(2026, 12, 31)).map(
    lambda value: value.replace(microsecond=0)), max_size=40, unique=True)
keeps = st.tuples(st.integers(0, 10), st.integers(0, 6), st.integers(0, 14)).filter(any)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(stamps, keeps, st.datetimes(min_value=datetime(2024, 1, 1), max_value=datetime(2027, 1, 31)))
def test_prune_properties(times: list[datetime], keep: tuple[int, int, int], now: datetime) -> None:
    schedule = BackupSchedule(True, "", 24, *keep)
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        paths = {stamp: _touch(folder, stamp) for stamp in times}
        for decoy in ("benji-x.benji", "readme.txt", "benji-20250101-000000.benji.partial"):
            (folder / decoy).write_bytes(b"x")
        deleted = prune(folder, now, schedule)
        left = {p.name for p in folder.iterdir()}
        assert {"benji-x.benji", "readme.txt", "benji-20250101-000000.benji.partial"} <= left
        assert set(deleted) == {path for path in paths.values() if path.name not in left}
        past = [stamp for stamp in times if stamp <= now]
        if past:
            assert paths[max(past)].exists()  # never the newest
        assert all(paths[stamp].exists() for stamp in times if stamp > now)
        for stamp in times:  # each day in the daily window keeps its newest
            if (now.date() - stamp.date()).days in range(keep[0]) and stamp <= now:
                newest = max(s for s in past if s.date() == stamp.date())
                assert paths[newest].exists()
        assert prune(folder, now, schedule) == []
        assert os.listdir(folder)  # the decoys at least
