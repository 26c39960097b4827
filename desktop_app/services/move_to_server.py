"""Moving an embedded database to a LAN server (升级到局域网服务器), with nothing lost.

``move_to_server(context, target, names)``: ``context`` is on the embedded (SQLite) database, ``target`` an
EMPTY PostgreSQL or MariaDB database opened as its owner (``server create`` made it).

1. The schema at this program's head is created in the target (as the owner).
2. Every table is copied in its stored form (fen as integers, datetimes naive UTC: ``backup_rows``) from
   one consistent read of the source, in one transaction on the target; the rows the schema seeds (audit
   head, run lock) are replaced, identity sequences continue after the highest id.
3. Verified: every table's row count and order-independent checksum (``backup_rows.TableSum``: the same
   canonical lines a backup uses) read back from the target equal the source's; the audit chain walks
   end to end and ends at the source's head.
4. The app role is granted (``server_setup.grant_app_role``) and the move is audited in the target,
   chained after the copied entries.

Any failure leaves the target empty again (its tables dropped) and the source untouched; the source is
only ever read. Needs ``backup.approve`` (as a restore does).

For the wizard: ``check_server`` tests the owner's connection before anything is done (reachable, empty,
allowed to create tables); ``move_this_desktop`` asks for the user's password again, moves, and returns
the profile the desktops use from then on (the app role), which the caller saves.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, select, text

from desktop_app.config import MYSQL, POSTGRESQL, SQLITE, DatabaseProfile
from desktop_app.db import Database, open_profile
from desktop_app.errors import DomainError
from desktop_app.services.backup import Progress, our_tables, snapshot
from desktop_app.services.backup_restore import (
    drop_everything,
    reset_sequences,
    resume_guard_trigger,
    suspend_guard_trigger,
    table_names,
)
from desktop_app.services.backup_rows import READ_BATCH, TableSum, raw_table, row_line, table_sums
from desktop_app.services.context import Context
from desktop_app.services.server_setup import ServerNames, grant_app_role

INSERT_BATCH = 5000


@dataclass(frozen=True)
class ServerCheck:
    """What "Test connection" found on the target, as the owner."""

    description: str
    version: str
    tables: int  # tables already there (the move needs 0)
    can_create: bool

    @property
    def ready(self) -> bool:
        return self.tables == 0 and self.can_create


@dataclass(frozen=True)
class MoveReport:
    target: str
    tables: int
    rows: int
    audit_entries: int
    seconds: float
    counts: dict[str, int]


def move_to_server(context: Context, target: Database, names: ServerNames, *,
                   progress: Progress | None = None) -> MoveReport:
    """Copy the context's embedded database into the empty ``target`` and verify it (see the module)."""
    context.require("backup.approve")
    if context.database.kind != SQLITE:
        raise DomainError("server.not_embedded")
    if target.kind not in (POSTGRESQL, MYSQL):
        raise DomainError("server.not_a_server")
    if table_names(target):
        raise DomainError("backup.target_not_empty", database=target.description)
    started = time.monotonic()
    from desktop_app import schema

    schema.create_current(target)
    try:
        trigger = suspend_guard_trigger(target)
        sums, audit_head = _copy(context.database, target, progress)
        resume_guard_trigger(target, trigger)
        entries = _verify(target, sums, audit_head)
        grant_app_role(target, names)
        moved = Context(target, context.actor, context.clock, context.desktop)
        with moved.unit_of_work() as uow:
            uow.audit("server.move", "database", "", source=Path(context.database.description).name,
                      target=target.description, rows=sum(s.rows for s in sums.values()))
            uow.commit()
    except BaseException:
        drop_everything(target)
        raise
    return MoveReport(target.description, len(sums), sum(s.rows for s in sums.values()), entries + 1,
                      time.monotonic() - started, {name: s.rows for name, s in sums.items()})


def _copy(source: Database, target: Database,
          progress: Progress | None) -> tuple[dict[str, TableSum], tuple[int, str]]:
    tables = our_tables()
    sums: dict[str, TableSum] = {}
    with snapshot(source) as reading, target.write_connection() as writing:
        total = sum(int(reading.execute(text(f'SELECT COUNT(*) FROM "{name}"')).scalar_one())
                    for name, _, _ in tables) or 1
        head = reading.execute(text("SELECT last_seq, last_hash FROM audit_head WHERE id = 1")).first()
        audit_head = (int(head[0]), str(head[1])) if head else (0, "")
        for name, _, _ in reversed(tables):  # rows the schema seeds (audit head, run lock)
            writing.execute(raw_table(name, []).delete())
        indexes = _set_aside_indexes(writing) if target.kind == POSTGRESQL else []
        done = 0
        for name, columns, key in tables:
            raw = raw_table(name, columns)
            kinds = [kind for _, kind in columns]
            names = [col for col, _ in columns]
            query = select(*raw.columns).order_by(*(raw.c[k] for k in key))
            rows = reading.execution_options(stream_results=True, yield_per=READ_BATCH).execute(query)
            total_sum = TableSum(name, columns)
            insert = _copier(writing, name, names, kinds) if target.kind == POSTGRESQL else None
            batch: list[Any] = []
            for row in rows:
                values = tuple(row)
                total_sum.add(row_line(values, kinds))
                batch.append(values if insert else dict(zip(names, values, strict=True)))
                if len(batch) >= INSERT_BATCH:
                    _flush(writing, raw, insert, batch)
                    done += len(batch)
                    batch.clear()
                    if progress is not None:
                        progress(done, total, name)
            if batch:
                _flush(writing, raw, insert, batch)
                done += len(batch)
            sums[name] = total_sum
        if target.kind == POSTGRESQL:
            if progress is not None:
                progress(done, total, "indexes")
            writing.exec_driver_sql("SET LOCAL maintenance_work_mem = '256MB'")  # this transaction only
            for definition in indexes:  # built once over all rows: far cheaper than row by row
                writing.exec_driver_sql(definition)
            reset_sequences(writing, [name for name, s in sums.items() if s.rows])
    if progress is not None:
        progress(total, total, "")
    return sums, audit_head


def _set_aside_indexes(connection: Connection) -> list[str]:
    """PostgreSQL: drop the secondary indexes that back no constraint (the trigram search index above all,
    which costs more per row than the row itself) and return how to build them again after the load."""
    found = connection.exec_driver_sql(
        "SELECT i.indexname, i.indexdef FROM pg_indexes i WHERE i.schemaname = 'public' AND NOT EXISTS ("
        "SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)").all()
    for name, _ in found:
        connection.exec_driver_sql(f'DROP INDEX "{name}"')
    return [str(definition) for _, definition in found]


def _flush(connection: Connection, raw: Any, insert: Any, batch: list[Any]) -> None:
    if insert is not None:
        insert(batch)
    else:
        connection.execute(raw.insert(), batch)


def _copier(connection: Connection, table: str, names: list[str], kinds: list[str]) -> Any:
    """PostgreSQL: rows go in with ``COPY`` (several times faster than INSERT batches), inside the
    connection's transaction; JSON values as their text."""
    driver: Any = connection.connection.driver_connection
    json_columns = [i for i, kind in enumerate(kinds) if kind == "json"]
    quoted = ", ".join(f'"{name}"' for name in names)
    statement = f'COPY "{table}" ({quoted}) FROM STDIN'

    def insert(rows: list[tuple[Any, ...]]) -> None:
        with driver.cursor() as cursor, cursor.copy(statement) as copy:
            for values in rows:
                if json_columns:
                    values = tuple(json.dumps(v, ensure_ascii=False) if i in json_columns and v is not None else v
                                   for i, v in enumerate(values))
                copy.write_row(values)

    return insert


def _verify(target: Database, sums: dict[str, TableSum], audit_head: tuple[int, str]) -> int:
    """Every table read back equals the source; the audit chain is whole and ends at the source's head."""
    from desktop_app.services import audit

    with target.engine.connect() as connection, connection.begin():
        found = table_sums(connection, [(s.name, s.columns) for s in sums.values()])
    for name, expected in sums.items():
        if (found[name].rows, found[name].hexdigest()) != (expected.rows, expected.hexdigest()):
            raise DomainError("server.move_verify_failed", table=name, expected=expected.rows,
                              found=found[name].rows)
    system = Context(target)
    chain = audit.verify(system)
    if not chain.ok or chain.checked != audit_head[0]:
        raise DomainError("server.move_verify_failed", table="audit_log", expected=audit_head[0], found=chain.checked)
    with target.engine.connect() as connection:
        head = connection.execute(text("SELECT last_seq, last_hash FROM audit_head WHERE id = 1")).first()
    if head is None or (int(head[0]), str(head[1])) != audit_head:
        raise DomainError("server.move_verify_failed", table="audit_head", expected=audit_head[0],
                          found=int(head[0]) if head else 0)
    return chain.checked


def check_server(owner: DatabaseProfile, password: str) -> ServerCheck:
    """Connect as the owner: reachable (else ``ConnectionProblem``), how many tables, may create them."""
    from desktop_app.schema import can_change_schema

    if not owner.is_server:
        raise DomainError("server.not_a_server")
    database = open_profile(owner, password)
    try:
        with database.engine.connect() as connection:
            version = str(connection.exec_driver_sql("SELECT version()").scalar() or "")
            allowed = can_change_schema(connection)
        return ServerCheck(database.description, version.split(" on ")[0][:80], len(table_names(database)), allowed)
    finally:
        database.dispose()


def move_this_desktop(context: Context, owner: DatabaseProfile, owner_password: str, app_user: str, confirm: str,
                      *, progress: Progress | None = None) -> tuple[MoveReport, DatabaseProfile]:
    """The wizard's move: the user's password again, then ``move_to_server`` into ``owner``'s database with
    grants for ``app_user``. Returns the report and the app role's profile for this and every desktop."""
    from desktop_app.services.auth import confirm_password

    context.require("backup.approve")
    confirm_password(context, confirm)
    names = ServerNames(database=owner.database, owner=owner.user, app=app_user)
    target = open_profile(owner, owner_password)
    try:
        report = move_to_server(context, target, names, progress=progress)
    finally:
        target.dispose()
    desktop = DatabaseProfile(kind=owner.kind, host=owner.host, port=owner.port, database=owner.database,
                              user=app_user, tls=owner.tls)
    return report, desktop
