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
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import select, text

from desktop_app.config import MYSQL, POSTGRESQL, SQLITE
from desktop_app.db import Database
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

INSERT_BATCH = 2000


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
        done = 0
        for name, columns, key in tables:
            raw = raw_table(name, columns)
            kinds = [kind for _, kind in columns]
            names = [col for col, _ in columns]
            query = select(*raw.columns).order_by(*(raw.c[k] for k in key))
            rows = reading.execution_options(stream_results=True, yield_per=READ_BATCH).execute(query)
            total_sum = TableSum(name, columns)
            batch: list[dict[str, Any]] = []
            for row in rows:
                values = tuple(row)
                total_sum.add(row_line(values, kinds))
                batch.append(dict(zip(names, values, strict=True)))
                if len(batch) >= INSERT_BATCH:
                    writing.execute(raw.insert(), batch)
                    done += len(batch)
                    batch.clear()
                    if progress is not None:
                        progress(done, total, name)
            if batch:
                writing.execute(raw.insert(), batch)
                done += len(batch)
            sums[name] = total_sum
        if target.kind == POSTGRESQL:
            reset_sequences(writing, [name for name, s in sums.items() if s.rows])
    if progress is not None:
        progress(total, total, "")
    return sums, audit_head


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
