"""Scheduled automatic backups to a folder (local disk or NAS) with grandfather-father-son retention.

* The schedule (``BackupSchedule``) is a business setting, ``backup.schedule``, shared by every desktop; the
  result of the last run (``LastBackup``, a failure too) is ``backup.last``. The passphrase lives only in
  the OS keyring of the desktop (and OS user) that saved it (``credentials``, under ``passphrase_key``):
  never in the database, a file or the audit log. A desktop without it records a failure that says so.
* ``run_scheduled_backup`` is called by the GUI's timer (as the logged-in user) and by
  ``backup run-scheduled`` (Windows Task Scheduler, as "system"). When the schedule is enabled and due —
  no successful backup yet, or the last one is ``every_hours`` old by ``context.clock`` — or when forced, it
  writes ``benji-YYYYMMDD-HHMMSS.benji`` (the company's local time) into the folder with
  ``backup.create_backup``, decrypts and checks it end to end (``verify_backup``), prunes old backups and
  records the result. A failure is recorded (and audited as ``backup.failed``) and then retried by this
  desktop after ``RETRY_AFTER``, not at every timer tick.
* One backup at a time per database: the ``run_locks`` row "backup" is taken with one conditional UPDATE
  in a write transaction (the bill runs' mechanism, services/bill_runs.py); whoever gets it reads
  ``backup.last`` again before deciding that a backup is due, so two desktops starting at the same moment
  make one backup. The holder shows life after every table; a holder silent for ``STALE_AFTER``, or whose
  process died on this desktop, is taken over.
* ``prune`` keeps the newest backup of each of the last ``keep_daily`` days, ``keep_weekly`` ISO weeks and
  ``keep_monthly`` months (calendar buckets ending at ``now``), the newest backup whatever its age, and any
  file stamped after ``now`` (a desktop clock set back); it looks at regular files named exactly
  ``benji-YYYYMMDD-HHMMSS.benji`` directly in the folder and nothing else (no links, no sub-folders).
"""

from __future__ import annotations

import json
import os
import re
import secrets
from collections.abc import Callable
from dataclasses import asdict, dataclass, replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any, cast
from zoneinfo import ZoneInfo

from sqlalchemy import Table, insert, select, update
from sqlalchemy.exc import IntegrityError

from desktop_app import credentials
from desktop_app.db import Database
from desktop_app.errors import DomainError, ValidationFailed
from desktop_app.models import RunLock, Setting
from desktop_app.services import numbering
from desktop_app.services.backup_format import MIN_PASSPHRASE
from desktop_app.services.changes import Changes
from desktop_app.services.context import Context
from desktop_app.services.settings import read

__all__ = ["RETRY_AFTER", "STALE_AFTER", "BackupSchedule", "LastBackup", "error_of", "get_schedule", "kept",
           "last_backup", "local_time", "next_due", "passphrase_key", "passphrase_stored", "prune",
           "run_scheduled_backup", "save_schedule", "stamp_of"]

SCHEDULE_KEY = "backup.schedule"
LAST_KEY = "backup.last"
LOCK = "backup"
STALE_AFTER = timedelta(minutes=30)  # the holder shows life after every table
RETRY_AFTER = timedelta(minutes=30)  # after a failure, this desktop tries again this much later
EVERY_HOURS = (1, 168)
KEEP = (0, 100)
NAME = re.compile(r"benji-(\d{8})-(\d{6})\.benji")
PROBE_PREFIX = ".benji-write-probe-"
LOCKS = cast(Table, RunLock.__table__)


@dataclass(frozen=True)
class BackupSchedule:
    enabled: bool = False
    folder: str = ""
    every_hours: int = 24
    keep_daily: int = 7
    keep_weekly: int = 4
    keep_monthly: int = 12


@dataclass(frozen=True)
class LastBackup:
    at: datetime  # when the run ended (UTC, by context.clock)
    file: str  # the backup written (full path); for a failure, the file it was writing, or ""
    ok: bool
    message: str  # "" when ok; otherwise the error code and its parameters (see ``error_of`` to describe it)
    size: int
    rows: int
    removed: int = 0  # old backups deleted by the retention rule
    code: str = ""  # the failure's DomainError code
    params: tuple[tuple[str, str], ...] = ()  # and its parameters


def error_of(last: LastBackup) -> DomainError | None:
    """The failure of a run as the DomainError to describe (``messages.describe``); None when it was ok."""
    return None if last.ok else DomainError(last.code or "backup_schedule.failed", **dict(last.params))


# --- the schedule ---------------------------------------------------------------------------------

def _schedule(value: Any) -> BackupSchedule:
    data = value if isinstance(value, dict) else {}
    known = {key: data[key] for key in asdict(BackupSchedule()) if key in data}
    return BackupSchedule(**known)


def get_schedule(context: Context) -> BackupSchedule:
    context.require("backup.view")
    with context.unit_of_work(write=False) as uow:
        return _schedule(read(uow.session, SCHEDULE_KEY))


def passphrase_key(database: Database) -> str:
    """The keyring user name of this database's backup passphrase (one per database a desktop knows)."""
    url = database.engine.url
    if database.kind == "sqlite":
        where = str(Path(url.database).resolve()) if url.database else ":memory:"
        return f"backup-passphrase:sqlite:{where}"
    return f"backup-passphrase:{database.kind}://{url.username or ''}@{url.host or ''}:{url.port or ''}/" \
           f"{url.database or ''}"


def passphrase_stored(context: Context) -> bool:
    """Whether this desktop's keyring holds the backup passphrase of the context's database."""
    return bool(credentials.load_password(passphrase_key(context.database)))


def _check(schedule: BackupSchedule, passphrase: str | None, stored: bool) -> None:
    low, high = EVERY_HOURS
    if not isinstance(schedule.every_hours, int) or not low <= schedule.every_hours <= high:
        raise ValidationFailed("backup_schedule.every_hours_range", "every_hours", minimum=low, maximum=high)
    low, high = KEEP
    for field in ("keep_daily", "keep_weekly", "keep_monthly"):
        value = getattr(schedule, field)
        if not isinstance(value, int) or not low <= value <= high:
            raise ValidationFailed("backup_schedule.keep_range", field, minimum=low, maximum=high)
    if not (schedule.keep_daily or schedule.keep_weekly or schedule.keep_monthly):
        raise ValidationFailed("backup_schedule.keep_nothing", "keep_daily")
    if passphrase is not None and len(passphrase) < MIN_PASSPHRASE:
        raise ValidationFailed("backup_schedule.passphrase_too_short", "passphrase", minimum=MIN_PASSPHRASE)
    if schedule.enabled:
        _check_folder(schedule.folder)
        if passphrase is None and not stored:
            raise ValidationFailed("backup_schedule.passphrase_required", "passphrase")


def _check_folder(folder: str) -> None:
    if not folder.strip():
        raise ValidationFailed("backup_schedule.folder_required", "folder")
    path = Path(folder)
    if not path.is_absolute():
        raise ValidationFailed("backup_schedule.folder_not_absolute", "folder", folder=folder)
    if not path.is_dir():
        raise ValidationFailed("backup_schedule.folder_missing", "folder", folder=folder)
    probe = path / f"{PROBE_PREFIX}{secrets.token_hex(6)}"
    try:
        with probe.open("xb") as out:
            out.write(b"benji")
        probe.unlink()
    except OSError as error:
        try:
            probe.unlink(missing_ok=True)
        except OSError:
            pass
        raise ValidationFailed("backup_schedule.folder_not_writable", "folder", folder=folder,
                               reason=error.strerror or type(error).__name__) from None


def save_schedule(context: Context, schedule: BackupSchedule, passphrase: str | None = None) -> Changes:
    """Check and store the schedule (``backup.approve``); a passphrase given goes to this desktop's keyring
    (``backup_schedule.no_keyring`` where the OS has no secure store). Audited as ``settings.update``."""
    context.require("backup.approve")
    schedule = replace(schedule, folder=schedule.folder.strip())
    key = passphrase_key(context.database)
    stored = passphrase is None and bool(credentials.load_password(key))
    _check(schedule, passphrase, stored)
    if passphrase is not None:
        try:
            credentials.store_password(key, passphrase)
        except credentials.NoSecureStore:
            raise DomainError("backup_schedule.no_keyring") from None
    value = asdict(schedule)
    with context.unit_of_work() as uow:
        before = read(uow.session, SCHEDULE_KEY)
        _write(uow.session, context, SCHEDULE_KEY, value)
        if before != value or passphrase is not None:
            detail: dict[str, Any] = {"changed": {SCHEDULE_KEY: [before, value]}} if before != value else {}
            if passphrase is not None:
                detail["passphrase"] = "stored in the keyring of this desktop"
            uow.audit("settings.update", "setting", SCHEDULE_KEY, **detail)
        uow.commit()
    return Changes(settings=before != value)


def _write(session: Any, context: Context, key: str, value: Any) -> None:
    row = session.get(Setting, key)
    text = json.dumps(value, ensure_ascii=False, sort_keys=True)
    if row is None:
        session.add(Setting(key=key, value=text, updated_at=context.clock(), updated_by=context.actor.display_name))
    else:
        row.value, row.updated_at, row.updated_by = text, context.clock(), context.actor.display_name


# --- the last result ------------------------------------------------------------------------------

def _parse_time(text: Any) -> datetime | None:
    if not isinstance(text, str) or not text:
        return None
    value = datetime.fromisoformat(text)
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def _last(value: Any) -> LastBackup | None:
    if not isinstance(value, dict) or "at" not in value:
        return None
    at = _parse_time(value["at"])
    assert at is not None
    params = value.get("params") or {}
    return LastBackup(at, str(value.get("file", "")), bool(value.get("ok")), str(value.get("message", "")),
                      int(value.get("size", 0)), int(value.get("rows", 0)), int(value.get("removed", 0)),
                      str(value.get("code", "")), tuple(sorted((str(k), str(v)) for k, v in params.items())))


def last_backup(context: Context) -> LastBackup | None:
    """The result of the last scheduled (or forced) run, a failure too; None before the first."""
    context.require("backup.view")
    with context.unit_of_work(write=False) as uow:
        return _last(read(uow.session, LAST_KEY))


def _due_at(schedule: BackupSchedule, stored: Any, desktop: str) -> datetime | None:
    """When a run is next due (None: now, no successful backup yet and no recent failure here)."""
    data = stored if isinstance(stored, dict) else {}
    success = _parse_time(data.get("last_ok_at"))
    due = success + timedelta(hours=schedule.every_hours) if success is not None else None
    last = _last(data)
    if last is not None and not last.ok and data.get("desktop") == desktop:
        retry = last.at + RETRY_AFTER
        due = retry if due is None else max(due, retry)
    return due


def next_due(context: Context) -> datetime | None:
    """When this desktop's next scheduled backup is due (UTC); None when the schedule is off."""
    context.require("backup.view")
    with context.unit_of_work(write=False) as uow:
        schedule = _schedule(read(uow.session, SCHEDULE_KEY))
        stored = read(uow.session, LAST_KEY)
    if not schedule.enabled:
        return None
    return _due_at(schedule, stored, context.desktop) or context.clock()


def local_time(context: Context, instant: datetime) -> datetime:
    """``instant`` in the company's time zone (for messages: "not due until ...")."""
    with context.unit_of_work(write=False) as uow:
        zone = numbering.company_time_zone(uow.session)
    return instant.astimezone(ZoneInfo(zone))


# --- the lock -------------------------------------------------------------------------------------

def _aware(value: datetime) -> datetime:
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def _acquire(context: Context, token: int) -> DomainError | None:
    """Take the "backup" lock; None when taken, else the ``backup_schedule.busy`` error naming the holder."""
    try:
        with context.database.write_connection() as connection:
            if connection.scalar(select(LOCKS.c.name).where(LOCKS.c.name == LOCK)) is None:
                connection.execute(insert(LOCKS).values(name=LOCK, holder="", desktop="", pid=0))
    except IntegrityError:
        pass  # another desktop created the row at the same moment
    with context.database.write_connection() as connection:
        now = numbering.database_now(connection)
        row = connection.execute(select(LOCKS).where(LOCKS.c.name == LOCK)).one()
        free = not row.holder or (row.heartbeat_at is not None and now - _aware(row.heartbeat_at) > STALE_AFTER) \
            or (row.desktop == context.desktop and row.pid != os.getpid() and not numbering.process_alive(row.pid))
        taken = 0
        if free:
            taken = connection.execute(
                update(LOCKS).where(LOCKS.c.name == LOCK, LOCKS.c.holder == row.holder, LOCKS.c.pid == row.pid)
                .values(holder=context.actor.display_name[:80], desktop=context.desktop[:120], pid=os.getpid(),
                        run_id=token, acquired_at=now, heartbeat_at=now)).rowcount
        if taken:
            return None
        since = _aware(row.acquired_at).isoformat(timespec="minutes") if row.acquired_at else ""
        return DomainError("backup_schedule.busy", holder=row.holder, desktop=row.desktop, since=since)


def _mine(context: Context, token: int) -> Any:
    return (LOCKS.c.name == LOCK, LOCKS.c.desktop == context.desktop[:120], LOCKS.c.pid == os.getpid(),
            LOCKS.c.run_id == token)


def _heartbeat(context: Context, token: int) -> None:
    with context.database.write_connection() as connection:
        connection.execute(update(LOCKS).where(*_mine(context, token))
                           .values(heartbeat_at=numbering.database_now(connection)))


def _release(context: Context, token: int) -> None:
    with context.database.write_connection() as connection:
        connection.execute(update(LOCKS).where(*_mine(context, token))
                           .values(holder="", desktop="", pid=0, run_id=None))


# --- the run --------------------------------------------------------------------------------------

def run_scheduled_backup(context: Context, *, force: bool = False, passphrase: str | None = None) \
        -> LastBackup | None:
    """Back up when the schedule is enabled and due, or when ``force``d (see the module's description).
    Returns the recorded result (a failure too), or None when nothing was due or another desktop is making
    the backup right now (``force``: ``backup_schedule.busy`` instead). ``passphrase`` overrides the
    keyring's (the CLI's BENJI_BACKUP_PASSPHRASE)."""
    context.require("backup.create")
    with context.unit_of_work(write=False) as uow:
        schedule = _schedule(read(uow.session, SCHEDULE_KEY))
        stored = read(uow.session, LAST_KEY)
    if not force and not _is_due(context, schedule, stored):
        return None
    token = secrets.randbelow(1 << 30) + 1
    busy = _acquire(context, token)
    if busy is not None:
        if force:
            raise busy
        return None
    try:
        with context.unit_of_work(write=False) as uow:  # again, now that we hold the lock
            stored = read(uow.session, LAST_KEY)
            zone = numbering.company_time_zone(uow.session)
        if not force and not _is_due(context, schedule, stored):
            return None
        return _run(context, schedule, stored, zone, passphrase, token)
    finally:
        _release(context, token)


def _is_due(context: Context, schedule: BackupSchedule, stored: Any) -> bool:
    if not schedule.enabled:
        return False
    due = _due_at(schedule, stored, context.desktop)
    return due is None or context.clock() >= due


def _run(context: Context, schedule: BackupSchedule, stored: Any, zone: str, passphrase: str | None,
         token: int) -> LastBackup:
    from desktop_app.services.backup import create_backup, verify_backup

    target: Path | None = None
    try:
        folder = Path(schedule.folder)
        if not schedule.folder or not folder.is_absolute():
            raise DomainError("backup_schedule.folder_required", field="folder")
        if not folder.is_dir():
            raise DomainError("backup_schedule.folder_missing", field="folder", folder=str(folder))
        secret = passphrase or credentials.load_password(passphrase_key(context.database))
        if not secret:
            raise DomainError("backup_schedule.no_passphrase", desktop=context.desktop)
        local = context.clock().astimezone(ZoneInfo(zone)).replace(tzinfo=None, microsecond=0)
        target = _free_name(folder, local)
        info = create_backup(context, target, secret, progress=lambda *_: _heartbeat(context, token))
        try:
            report = verify_backup(target, secret)
        except DomainError:
            target.replace(target.with_name(target.name + ".unverified"))
            raise
        removed = prune(folder, max(local, stamp_of(target.name) or local), schedule)
        result = LastBackup(context.clock(), str(target), True, "", info.size, report.rows, len(removed))
    except DomainError as error:
        result = _failure(context, target, error.code, error.params)
    except OSError as error:
        reason = f"{error.strerror or type(error).__name__}: {error.filename or ''}".rstrip(": ")
        result = _failure(context, target, "backup_schedule.failed", {"reason": reason})
    _record(context, result, stored)
    return result


def _failure(context: Context, target: Path | None, code: str, params: dict[str, Any]) -> LastBackup:
    pairs = tuple(sorted((str(key), str(value)) for key, value in params.items()))
    message = code + (" (" + ", ".join(f"{key}={value}" for key, value in pairs) + ")" if pairs else "")
    return LastBackup(context.clock(), str(target or ""), False, message, 0, 0, 0, code, pairs)


def _free_name(folder: Path, local: datetime) -> Path:
    """``benji-YYYYMMDD-HHMMSS.benji``; a second forced run within the same second takes the next one."""
    for step in range(60):
        path = folder / f"benji-{(local + timedelta(seconds=step)):%Y%m%d-%H%M%S}.benji"
        if not path.exists() and not path.is_symlink():
            return path
    raise DomainError("backup_schedule.failed", reason="no free file name")


def _record(context: Context, result: LastBackup, stored: Any) -> None:
    previous = stored if isinstance(stored, dict) else {}
    value: dict[str, Any] = {
        "at": result.at.astimezone(UTC).isoformat(), "file": result.file, "ok": result.ok,
        "message": result.message, "size": result.size, "rows": result.rows, "removed": result.removed,
        "code": result.code, "params": dict(result.params), "desktop": context.desktop,
        "last_ok_at": result.at.astimezone(UTC).isoformat() if result.ok else previous.get("last_ok_at"),
        "last_ok_file": result.file if result.ok else previous.get("last_ok_file"),
    }
    with context.unit_of_work() as uow:
        _write(uow.session, context, LAST_KEY, value)
        if not result.ok:
            uow.audit("backup.failed", "backup", "", file=Path(result.file).name if result.file else "",
                      code=result.code, params=dict(result.params))
        uow.commit()


# --- retention ------------------------------------------------------------------------------------

def stamp_of(name: str) -> datetime | None:
    """The local time in a backup's file name, or None when the name is not exactly ours."""
    match = NAME.fullmatch(name)
    if match is None:
        return None
    try:
        return datetime.strptime(match[1] + match[2], "%Y%m%d%H%M%S")
    except ValueError:
        return None


def _months_back(day: date, count: int) -> set[tuple[int, int]]:
    index = day.year * 12 + day.month - 1
    return {divmod(index - step, 12) for step in range(count)}


def kept(stamps: list[datetime], now: datetime, schedule: BackupSchedule) -> set[datetime]:
    """Which of ``stamps`` (local times) the retention rule keeps at ``now`` (pure)."""
    now = now.replace(tzinfo=None)
    today = now.date()
    keep = {stamp for stamp in stamps if stamp > now}
    past = sorted((stamp for stamp in stamps if stamp <= now), reverse=True)
    if past:
        keep.add(past[0])
    buckets: list[tuple[set[Any], Callable[[datetime], Any]]] = [
        ({today - timedelta(days=step) for step in range(schedule.keep_daily)}, lambda stamp: stamp.date()),
        ({(today - timedelta(weeks=step)).isocalendar()[:2] for step in range(schedule.keep_weekly)},
         lambda stamp: stamp.date().isocalendar()[:2]),
        ({(year, month + 1) for year, month in _months_back(today, schedule.keep_monthly)},
         lambda stamp: (stamp.year, stamp.month)),
    ]
    for wanted, key in buckets:
        seen: set[Any] = set()
        for stamp in past:  # newest first: the first of each bucket is its newest
            bucket = key(stamp)
            if bucket in wanted and bucket not in seen:
                seen.add(bucket)
                keep.add(stamp)
    return keep


def prune(folder: Path, now: datetime, schedule: BackupSchedule) -> list[Path]:
    """Delete the backups in ``folder`` the retention rule does not keep; returns them (oldest first).
    ``now`` is the company's local time (a tzinfo is ignored). Only regular files directly in the folder
    named exactly ``benji-YYYYMMDD-HHMMSS.benji`` are considered; links are never followed or removed; a
    file that cannot be removed is left (and not returned)."""
    found: dict[datetime, Path] = {}
    with os.scandir(folder) as entries:
        for entry in entries:
            stamp = stamp_of(entry.name)
            if stamp is None or entry.is_symlink() or not entry.is_file(follow_symlinks=False):
                continue
            found[stamp] = Path(folder) / entry.name
    keep = kept(list(found), now, schedule)
    removed = []
    for stamp in sorted(found):
        if stamp in keep:
            continue
        path = found[stamp]
        try:
            if path.is_symlink() or not path.is_file():
                continue
            path.unlink()
        except OSError:
            continue
        removed.append(path)
    return removed
