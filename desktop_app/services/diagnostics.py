"""The Diagnostics report for IT (诊断信息): read-only facts about this desktop and its database.

* ``collect_report`` (``settings.view``): app version, platform, where the config file and the logs are, the
  database (kind, description without password, server version, size, median ``SELECT 1`` latency, schema
  revision against this client's head), the automatic backups' schedule and last result (only with
  ``backup.view``) and the number of audit entries (only with ``audit.view``). Nothing in it walks a table.
* ``check_audit_chain`` (``audit.view``) walks the whole hash chain (``audit.verify``): seconds on a large
  database, so it is an explicit "check now" step, not part of every report.
* ``offline_report`` needs no database and no login (the CLI's support bundle when the server is down).
* ``report_dict`` / ``report_text``: the report as JSON-ready data and as plain English text (support bundle).

The backup and audit parts are read only when the schema is at this client's head (an older or newer
database is reported as such, not read with the wrong model).
"""

from __future__ import annotations

import platform
import statistics
import sys
import time
from dataclasses import asdict, dataclass, replace
from datetime import datetime
from pathlib import Path
from typing import Any

from desktop_app import __version__, credentials
from desktop_app.config import MYSQL, POSTGRESQL, SQLITE, Paths
from desktop_app.db import Database
from desktop_app.models import AuditHead
from desktop_app.schema import SchemaState, inspect_schema
from desktop_app.services.audit import HEAD_ID, verify
from desktop_app.services.backup_schedule import BackupSchedule, LastBackup, get_schedule, last_backup, next_due
from desktop_app.services.context import Context, utc_now

__all__ = ["AuditCheck", "BackupFacts", "DatabaseFacts", "DiagnosticsReport", "Locations", "PlatformFacts",
           "check_audit_chain", "collect_report", "database_facts", "keyring_backend", "locations",
           "offline_report", "platform_facts", "report_dict", "report_text", "with_audit"]

LATENCY_SAMPLES = 5


@dataclass(frozen=True)
class PlatformFacts:
    app_version: str
    os: str  # e.g. "Windows-10-10.0.19045-SP0"
    python: str  # e.g. "3.11.2 (CPython, 64 bit)"
    machine: str
    desktop: str  # this computer's name, as the audit log records it
    keyring_backend: str  # the OS password store keyring picked ("" when keyring cannot load)
    secure_store: bool  # whether it is a secure one (credentials.py refuses the others)


@dataclass(frozen=True)
class Locations:
    config_file: str
    log_dir: str
    data_dir: str
    snapshot_dir: str  # copies taken before a schema upgrade


@dataclass(frozen=True)
class DatabaseFacts:
    kind: str  # config.SQLITE / POSTGRESQL / MYSQL
    description: str  # path, or kind user@host:port/database: never a password
    server_version: str
    size_bytes: int | None  # None when it cannot be told (in-memory SQLite)
    latency_ms: float  # median of a few SELECT 1 round trips
    schema_revision: str | None
    schema_head: str
    schema_state: str  # schema.SchemaState value: current, older, newer, empty, foreign

    @property
    def schema_current(self) -> bool:
        return self.schema_state == SchemaState.CURRENT.value


@dataclass(frozen=True)
class BackupFacts:
    schedule: BackupSchedule
    last: LastBackup | None  # the last automatic (or forced) run, a failure too; None before the first
    next_due: datetime | None  # None: automatic backups are off


@dataclass(frozen=True)
class AuditCheck:
    ok: bool
    checked: int  # entries found intact (before the first broken one)
    broken_seq: int | None
    reason: str  # "", "content", "link" or "missing" (audit.VerifyReport)
    seconds: float
    at: datetime


@dataclass(frozen=True)
class DiagnosticsReport:
    generated_at: datetime
    platform: PlatformFacts
    locations: Locations
    database: DatabaseFacts | None  # None: no database (offline report)
    database_problem: str = ""  # why there is none, e.g. the connection error's code
    backup: BackupFacts | None = None  # None: not permitted (backup.view), no database or another schema
    audit_entries: int | None = None  # None: not permitted (audit.view), no database or another schema
    audit: AuditCheck | None = None  # None until "check now"


# --- the parts ------------------------------------------------------------------------------------

def keyring_backend() -> tuple[str, bool]:
    """The keyring backend's class name (chained backends listed inside) and whether it is secure."""
    try:
        import keyring

        backend = keyring.get_keyring()
        secure = credentials.secure_store_available()
    except Exception:  # a broken keyring installation: report it, never fail the report
        return "", False

    def name(item: object) -> str:
        inner = getattr(item, "backends", None)
        own = f"{type(item).__module__}.{type(item).__qualname__}"
        return f"{own}({', '.join(name(part) for part in inner)})" if inner else own

    return name(backend), secure


def platform_facts(desktop: str = "") -> PlatformFacts:
    backend, secure = keyring_backend()
    bits = "64 bit" if sys.maxsize > 2**32 else "32 bit"
    return PlatformFacts(__version__, platform.platform(), f"{platform.python_version()} "
                         f"({platform.python_implementation()}, {bits})", platform.machine(),
                         desktop or platform.node(), backend, secure)


def locations(paths: Paths) -> Locations:
    return Locations(str(paths.config_file), str(paths.log_dir), str(paths.data_dir), str(paths.backup_dir))


def _size(database: Database, connection: Any) -> int | None:
    if database.kind == POSTGRESQL:
        return int(connection.exec_driver_sql("SELECT pg_database_size(current_database())").scalar())
    if database.kind == MYSQL:
        value = connection.exec_driver_sql(
            "SELECT COALESCE(SUM(data_length + index_length), 0) FROM information_schema.TABLES "
            "WHERE table_schema = DATABASE()").scalar()
        return int(value or 0)
    path = database.sqlite_path
    if path is None or str(path) == ":memory:":
        return None
    total = 0
    for part in (path, path.with_name(path.name + "-wal")):
        try:
            total += part.stat().st_size
        except OSError:
            continue
    return total


def _server_version(database: Database, connection: Any) -> str:
    if database.kind == POSTGRESQL:
        return "PostgreSQL " + str(connection.exec_driver_sql("SHOW server_version").scalar())
    if database.kind == MYSQL:
        version = str(connection.exec_driver_sql("SELECT VERSION()").scalar())
        return version if "mariadb" in version.lower() else f"MySQL {version}"
    return "SQLite " + str(connection.exec_driver_sql("SELECT sqlite_version()").scalar())


def _latency_ms(connection: Any) -> float:
    connection.exec_driver_sql("SELECT 1").scalar()  # the first one may begin a transaction
    samples = []
    for _ in range(LATENCY_SAMPLES):
        start = time.perf_counter_ns()
        connection.exec_driver_sql("SELECT 1").scalar()
        samples.append(max(time.perf_counter_ns() - start, 1))  # a clock too coarse to see it still says > 0
    return float(statistics.median(samples)) / 1e6


def database_facts(database: Database) -> DatabaseFacts:
    """Kind, size, latency, server version and schema of an open database (reads no table)."""
    schema = inspect_schema(database)
    with database.engine.connect() as connection:
        latency = _latency_ms(connection)
        version = _server_version(database, connection)
        size = _size(database, connection)
    kind = database.kind if database.kind in (SQLITE, POSTGRESQL, MYSQL) else database.engine.dialect.name
    return DatabaseFacts(kind, database.description, version, size, latency, schema.revision, schema.head,
                         schema.state.value)


def _audit_entries(context: Context) -> int:
    with context.unit_of_work(write=False) as uow:
        head = uow.session.get(AuditHead, HEAD_ID)
        return int(head.last_seq) if head is not None else 0


# --- the report -----------------------------------------------------------------------------------

def collect_report(context: Context, paths: Paths, *, check_audit: bool = False) -> DiagnosticsReport:
    """The report for the context's database (``settings.view``); the audit chain is walked only when
    ``check_audit`` (which needs ``audit.view``)."""
    context.require("settings.view")
    facts = database_facts(context.database)
    report = DiagnosticsReport(utc_now(), platform_facts(context.desktop), locations(paths), facts)
    if not facts.schema_current:
        return report
    access = context.actor.access
    if access.can("backup", "view"):
        report = replace(report, backup=BackupFacts(get_schedule(context), last_backup(context),
                                                    next_due(context)))
    if access.can("audit", "view"):
        report = replace(report, audit_entries=_audit_entries(context))
    if check_audit:
        report = with_audit(report, check_audit_chain(context))
    return report


def check_audit_chain(context: Context) -> AuditCheck:
    """Walk the whole audit hash chain now (``audit.view``); names the first broken entry."""
    context.require("audit.view")
    start = time.perf_counter()
    result = verify(context)
    return AuditCheck(result.ok, result.checked, result.broken_seq, result.reason,
                      time.perf_counter() - start, utc_now())


def with_audit(report: DiagnosticsReport, check: AuditCheck) -> DiagnosticsReport:
    return replace(report, audit=check)


def offline_report(paths: Paths, problem: str = "") -> DiagnosticsReport:
    """The report without a database (nothing to permit): platform, locations and why there is no database."""
    return DiagnosticsReport(utc_now(), platform_facts(), locations(paths), None, problem)


# --- as data and as text --------------------------------------------------------------------------

def _plain(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, Path):
        return str(value)
    if isinstance(value, dict):
        return {str(key): _plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    return value


def report_dict(report: DiagnosticsReport) -> dict[str, Any]:
    data: dict[str, Any] = _plain(asdict(report))
    return data


def _line(label: str, value: object) -> str:
    return f"{label + ':':<24}{'' if value is None else value}"


def report_text(report: DiagnosticsReport) -> str:
    """The report as plain English text (one fact a line), for support."""
    p, where, db = report.platform, report.locations, report.database
    lines = ["Benji CRM diagnostics", _line("Generated (UTC)", report.generated_at.isoformat(timespec="seconds")),
             _line("App version", p.app_version), _line("Operating system", p.os), _line("Python", p.python),
             _line("Machine", p.machine), _line("Computer", p.desktop),
             _line("Keyring", f"{p.keyring_backend or 'unavailable'} ({'secure' if p.secure_store else 'NOT secure'})"),
             _line("Config file", where.config_file), _line("Log folder", where.log_dir),
             _line("Data folder", where.data_dir), _line("Upgrade snapshots", where.snapshot_dir)]
    if db is None:
        lines.append(_line("Database", f"not connected {report.database_problem}".strip()))
    else:
        size = "unknown" if db.size_bytes is None else f"{db.size_bytes:,} bytes"
        lines += [_line("Database", f"{db.kind}: {db.description}"), _line("Server version", db.server_version),
                  _line("Database size", size), _line("Latency (median)", f"{db.latency_ms:.3f} ms"),
                  _line("Schema", f"{db.schema_revision or '-'} (this client: {db.schema_head}, {db.schema_state})")]
    if report.backup is not None:
        schedule, last = report.backup.schedule, report.backup.last
        on = f"every {schedule.every_hours} h into {schedule.folder}" if schedule.enabled else "off"
        lines.append(_line("Automatic backups", on))
        if last is None:
            lines.append(_line("Last backup", "none yet"))
        else:
            result = "ok, verified" if last.ok else f"FAILED {last.message}"
            lines.append(_line("Last backup", f"{last.at.isoformat(timespec='seconds')} {result} {last.file}".strip()))
    if report.audit_entries is not None:
        lines.append(_line("Audit entries", report.audit_entries))
    check = report.audit
    if check is not None:
        state = "intact" if check.ok else f"BROKEN at entry {check.broken_seq} ({check.reason})"
        lines.append(_line("Audit chain", f"{state}; {check.checked} entries checked in {check.seconds:.2f} s at "
                                          f"{check.at.isoformat(timespec='seconds')}"))
    return "\n".join(lines) + "\n"
