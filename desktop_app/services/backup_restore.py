"""Restoring a backup: check the whole file first, restore into a staging database, verify there, then swap.

* The file is verified end to end (passphrase, every chunk, checksums, schema revision, table names)
  before anything is written: a refused backup leaves the target untouched.
* SQLite: the staging database is a new file beside the target; after it verifies, the live file is
  copied to ``NAME.before-restore`` (the online backup API) and atomically replaced by the staging file.
* PostgreSQL / MariaDB: the target must be empty (no tables) and is itself the staging database; the rows
  load in one transaction; if anything fails, the tables are dropped again, so the target stays empty.
* A backup of an older schema is restored at its revision and then upgraded (``schema.upgrade``).
* Verification: every table's row count and checksum as read back from the staging database, and the
  audit chain (``services.audit.verify``) ending at the head recorded in the backup. The restore is then
  recorded as ``backup.restore``, chained normally.
"""

from __future__ import annotations

import os
import sqlite3
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import URL, Connection, MetaData, inspect, text

from desktop_app.config import MYSQL, POSTGRESQL, SQLITE
from desktop_app.db import Database, open_url
from desktop_app.errors import DomainError
from desktop_app.services.backup import BackupReader, Manifest, Progress, check_revision, verify_backup
from desktop_app.services.backup_rows import decode_line, raw_table, table_sums
from desktop_app.services.context import Context

INSERT_BATCH = 500
GUARDED_TRIGGER = "bill_lines_issued_no_insert"  # refuses lines of an issued bill: off while loading


@dataclass(frozen=True)
class RestoreReport:
    manifest: Manifest
    target: str
    tables: int
    rows: int
    upgraded_from: str | None
    audit_entries: int
    previous_file: Path | None


def restore_backup(context: Context, path: Path, passphrase: str, target: Database, *,
                   progress: Progress | None = None) -> RestoreReport:
    """Restore ``path`` into ``target`` (see the module's description); ``backup.approve`` is needed."""
    context.require("backup.approve")
    manifest = verify_backup(path, passphrase).manifest  # every refusal happens here, before any write
    if target.kind == SQLITE:
        live = target.sqlite_path
        if live is None:
            raise DomainError("backup.target_not_empty", database=target.description)
        handle, name = tempfile.mkstemp(dir=live.parent, prefix=f".{live.name}.restore-", suffix=".db")
        os.close(handle)
        staging = open_url(URL.create("sqlite+pysqlite", database=name))
    else:
        live, staging = None, target
        if table_names(target):
            raise DomainError("backup.target_not_empty", database=target.description)
    try:
        upgraded, entries = _build(context, staging, path, passphrase, manifest, progress)
    except BaseException:
        if live is None:
            drop_everything(staging)
        else:
            staging.dispose()
            _remove_sqlite(Path(name))
        raise
    previous = None
    if live is not None:
        previous = _swap(target, staging, live)
    return RestoreReport(manifest, target.description, len(manifest.tables), manifest.rows, upgraded, entries,
                         previous)


def table_names(database: Database) -> list[str]:
    with database.engine.connect() as connection:
        return list(inspect(connection).get_table_names())


def _build(context: Context, staging: Database, path: Path, passphrase: str, manifest: Manifest,
           progress: Progress | None) -> tuple[str | None, int]:
    from desktop_app import schema
    from desktop_app.services import audit

    current = check_revision(manifest.schema_revision)
    if current:
        schema.create_current(staging)
    else:
        schema.upgrade(staging, manifest.schema_revision)
    trigger = suspend_guard_trigger(staging)
    _load(staging, path, passphrase, manifest, progress)
    resume_guard_trigger(staging, trigger)
    with staging.engine.connect() as connection, connection.begin():
        found = table_sums(connection, [(t.name, _columns(manifest, t.name)) for t in manifest.tables])
    for table in manifest.tables:
        if (found[table.name].rows, found[table.name].hexdigest()) != (table.rows, table.sha256):
            raise DomainError("backup.verify_failed", table=table.name)
    if not current:
        schema.upgrade(staging)
    system = Context(staging)
    chain = audit.verify(system)
    if not chain.ok or chain.checked != manifest.audit_seq:
        raise DomainError("backup.verify_failed", table="audit_log")
    with system.unit_of_work(write=False) as uow:
        head = uow.session.execute(text("SELECT last_seq, last_hash FROM audit_head WHERE id = 1")).first()
    if head is None or (int(head[0]), str(head[1])) != (manifest.audit_seq, manifest.audit_hash):
        raise DomainError("backup.verify_failed", table="audit_head")
    restored = Context(staging, context.actor, context.clock, context.desktop)
    with restored.unit_of_work() as uow:
        uow.audit("backup.restore", "backup", "", file=Path(path).name, created_at=manifest.created_at,
                  rows=manifest.rows, revision=manifest.schema_revision)
        uow.commit()
    return (None if current else manifest.schema_revision), manifest.audit_seq + 1


def _columns(manifest: Manifest, name: str) -> list[tuple[str, str]]:
    return list(manifest.table(name).columns)


def _load(staging: Database, path: Path, passphrase: str, manifest: Manifest, progress: Progress | None) -> None:
    """All rows in one transaction (after the schema: MariaDB commits DDL on its own)."""
    reader = BackupReader(path, passphrase)
    done, total = 0, manifest.rows or 1
    with staging.write_connection() as connection:
        names = set(inspect(connection).get_table_names())
        for table in reversed(manifest.tables):  # rows the schema seeds (audit head, run lock)
            connection.execute(text(f"DELETE FROM {_quoted(connection, table.name)}"))
        for section in reader.sections():
            if section.name not in names:
                raise DomainError("backup.unsafe_entry", name=section.name)
            present = {col["name"] for col in inspect(connection).get_columns(section.name)}
            if present != {name for name, _ in section.columns}:
                raise DomainError("backup.verify_failed", table=section.name)
            raw = raw_table(section.name, section.columns)
            names_, kinds = [n for n, _ in section.columns], [k for _, k in section.columns]
            batch: list[dict[str, Any]] = []
            for line in section.rows:
                batch.append(decode_line(line, names_, kinds, f"table {section.name}"))
                if len(batch) >= INSERT_BATCH:
                    connection.execute(raw.insert(), batch)
                    done += len(batch)
                    batch.clear()
                    if progress is not None:
                        progress(done, total, section.name)
            if batch:
                connection.execute(raw.insert(), batch)
                done += len(batch)
        if staging.kind == POSTGRESQL:
            reset_sequences(connection, [t.name for t in manifest.tables if t.rows])
    if progress is not None:
        progress(total, total, "")


def _quoted(connection: Connection, name: str) -> str:
    return connection.dialect.identifier_preparer.quote(name)


def reset_sequences(connection: Connection, tables: list[str]) -> None:
    """PostgreSQL: each identity sequence of ``tables`` (those that got rows) continues after the highest id."""
    for name in tables:
        if any(col["name"] == "id" for col in inspect(connection).get_columns(name)):
            connection.execute(text(
                f"SELECT setval(pg_get_serial_sequence(:t, 'id'), max(id)) FROM {_quoted(connection, name)} "
                "HAVING pg_get_serial_sequence(:t, 'id') IS NOT NULL"), {"t": name})


def suspend_guard_trigger(database: Database) -> str | None:
    """Lines of issued bills are refused by a trigger; it is off while the rows load. Returns how to put it
    back (None when the schema has no such trigger)."""
    with database.engine.connect() as connection, connection.begin():
        if database.kind == POSTGRESQL:
            if "bill_lines" not in inspect(connection).get_table_names():
                return None
            connection.exec_driver_sql("ALTER TABLE bill_lines DISABLE TRIGGER USER")
            return "ALTER TABLE bill_lines ENABLE TRIGGER USER"
        if database.kind == MYSQL:
            found = connection.execute(text("SELECT ACTION_STATEMENT FROM information_schema.TRIGGERS WHERE "
                                            "TRIGGER_SCHEMA = DATABASE() AND TRIGGER_NAME = :n"),
                                       {"n": GUARDED_TRIGGER}).scalar()
            if found is None:
                return None
            from desktop_app.models.bill import issued_bill_ddl

            statement = next(s for s in issued_bill_ddl("mysql") if GUARDED_TRIGGER in s)
        else:
            stored = connection.execute(text("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = :n"),
                                        {"n": GUARDED_TRIGGER}).scalar()
            if stored is None:
                return None
            statement = str(stored)
        connection.exec_driver_sql(f"DROP TRIGGER {GUARDED_TRIGGER}")
        return str(statement)


def resume_guard_trigger(database: Database, statement: str | None) -> None:
    if statement is not None:
        with database.engine.connect() as connection, connection.begin():
            connection.exec_driver_sql(statement)


def drop_everything(database: Database) -> None:
    """Leave a server target empty again after a failed restore."""
    with database.engine.begin() as connection:
        metadata = MetaData()
        metadata.reflect(connection)
        metadata.drop_all(connection)
        if connection.dialect.name == "postgresql":
            for function in ("audit_log_append_only", "bills_issued_frozen", "bill_lines_issued_frozen",
                             "issued_documents_frozen"):
                connection.exec_driver_sql(f"DROP FUNCTION IF EXISTS {function}()")


def _remove_sqlite(path: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(str(path) + suffix).unlink(missing_ok=True)


def _to_rollback_journal(path: Path) -> None:
    """Checkpoint and leave WAL mode, so the file alone is the whole database; refused while another
    connection has it open."""
    connection = sqlite3.connect(path, timeout=5)
    try:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        mode = connection.execute("PRAGMA journal_mode=DELETE").fetchone()
        if not mode or str(mode[0]).lower() != "delete":
            raise DomainError("backup.target_busy", path=str(path))
    except sqlite3.OperationalError:
        raise DomainError("backup.target_busy", path=str(path)) from None
    finally:
        connection.close()


def _swap(target: Database, staging: Database, live: Path) -> Path | None:
    """Keep the live file as ``*.before-restore``, then atomically put the staging file in its place."""
    staging.dispose()
    staging_path = staging.sqlite_path
    assert staging_path is not None
    target.dispose()
    previous = None
    try:
        _to_rollback_journal(staging_path)
        if live.exists():
            _to_rollback_journal(live)
            previous = live.with_name(live.name + ".before-restore")
            partial = previous.with_name(previous.name + ".partial")
            with sqlite3.connect(live) as source, sqlite3.connect(partial) as copy:
                source.backup(copy)
            source.close()
            copy.close()
            os.replace(partial, previous)
        os.replace(staging_path, live)
    except BaseException:
        _remove_sqlite(staging_path)
        raise
    connection = sqlite3.connect(live)  # back to WAL, as the app keeps it
    try:
        connection.execute("PRAGMA journal_mode=WAL")
    finally:
        connection.close()
    return previous
