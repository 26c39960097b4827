"""Billed usage: a batch marks each usage period it billed (``billed_usage_periods``, schema 0013); the
records get their bill from those marks in one pass (``stamp``).

Why: a batch's usage records are scattered over the whole ``usage_records`` table, so stamping them in the
batch made SQLite rewrite (and write to its WAL at each commit) nearly every page of the table for every
batch — twenty times the table for a run of 100,000 subscriptions, half the run's time. A mark is one row
per (subscription, usage period): the bill, the lowest and highest id of the records it priced and how
many. Stamping writes ``bill_id`` on the unbilled records of the period up to that highest id, then the
marks go.

- **SQLite**: the marks of every batch stay until the run has written its last batch; then the records are
  stamped in one pass over the table in id order (a few transactions, each page written once). SQLite has
  one writer at a time and gives a new record an id above every existing one, so no record can join a marked
  period below its highest id after the batch committed; what could change between a batch's read and its
  write is caught by its fingerprint (``bill_run_read.fingerprint``).
- **PostgreSQL, MariaDB**: the batch stamps its own records in its transaction, in one statement (PostgreSQL
  from arrays of the marks, MariaDB from the marks inserted and deleted again), and checks that it stamped
  exactly the records it priced (a record inserted before the read but committed after it has an id below
  the highest: it must wait for the next run, not be stamped).
- A run that died before stamping leaves its marks: the next run stamps them before it looks for what is
  due. Until then they count as billed (``bill_run_io.due_ids``). Deleting a draft deletes its marks with
  it (ON DELETE CASCADE): its records stay unbilled.

Stamping is idempotent (only records without a bill get one). ``stamp_pending`` runs under the run lock:
no batch adds marks meanwhile, so it deletes every mark once the records are stamped (a draft deleted
meanwhile takes its marks with it).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from desktop_app.services.bill_run_io import Raw, marks
from desktop_app.services.context import Context

__all__ = ["MARK_COLUMNS", "STAMP_CHUNK", "add_marks", "stamp_batch", "stamp_pending"]

MARK_COLUMNS = ("bill_id", "subscription_id", "period_start", "first_usage_id", "last_usage_id", "usage_count")
STAMP_CHUNK = 200_000
"""Record ids per stamping transaction on SQLite (a short write lock at a time; each page written once)."""

_SQLITE = ("UPDATE usage_records SET bill_id = m.bill_id FROM billed_usage_periods AS m "
           "WHERE usage_records.id >= ? AND usage_records.id < ? AND usage_records.bill_id IS NULL "
           "AND m.subscription_id = usage_records.subscription_id AND m.period_start = usage_records.period_start "
           "AND m.last_usage_id >= usage_records.id")
_POSTGRESQL = ("UPDATE usage_records AS u SET bill_id = m.bill_id FROM {} "
               "WHERE m.subscription_id = u.subscription_id AND m.period_start = u.period_start "
               "AND u.id <= m.last_usage_id AND u.bill_id IS NULL")
_ARRAYS = ("unnest(%s::integer[], %s::integer[], %s::date[], %s::integer[]) "
           "AS m(bill_id, subscription_id, period_start, last_usage_id)")
_MARIADB = ("UPDATE usage_records AS u JOIN billed_usage_periods AS m ON m.subscription_id = u.subscription_id "
            "AND m.period_start = u.period_start AND u.id <= m.last_usage_id "
            "SET u.bill_id = m.bill_id WHERE u.bill_id IS NULL AND {}")


def add_marks(raw: Raw, rows: Sequence[Sequence[Any]]) -> None:
    """Insert marks (``MARK_COLUMNS``)."""
    raw.insert("billed_usage_periods", MARK_COLUMNS, rows)


def stamp_batch(raw: Raw, rows: Sequence[Sequence[Any]]) -> int:
    """PostgreSQL, MariaDB: stamp the records of the batch's marks (``MARK_COLUMNS``) in the batch's
    transaction; returns the records stamped."""
    if not rows:
        return 0
    if raw.postgresql:
        bills, subscriptions, starts, _, lasts, _ = (list(column) for column in zip(*rows, strict=True))
        return raw.execute(_POSTGRESQL.format(_ARRAYS), [bills, subscriptions, starts, lasts])
    add_marks(raw, rows)
    subscriptions = sorted({row[1] for row in rows})
    in_ids = marks(len(subscriptions))
    stamped = raw.execute(_MARIADB.format(f"m.subscription_id IN ({in_ids})"), subscriptions)
    raw.execute(f"DELETE FROM billed_usage_periods WHERE subscription_id IN ({in_ids})", subscriptions)
    return stamped


def stamp_pending(context: Context) -> int:
    """Stamp every record of every mark there is (a run's own on SQLite, or those a dead run left), then
    delete the marks; returns the records stamped. Called by a run holding the run lock."""
    with context.database.engine.connect() as connection:
        first, last = Raw(connection).rows(
            "SELECT MIN(first_usage_id), MAX(last_usage_id) FROM billed_usage_periods")[0]
    if first is None:
        return 0
    stamped = 0
    if context.database.kind == "sqlite":
        for start in range(int(first), int(last) + 1, STAMP_CHUNK):
            with context.unit_of_work() as uow:
                stamped += Raw(uow.session.connection()).execute(_SQLITE, [start, start + STAMP_CHUNK])
                uow.commit()
        with context.unit_of_work() as uow:
            Raw(uow.session.connection()).execute("DELETE FROM billed_usage_periods")
            uow.commit()
    else:
        with context.unit_of_work() as uow:
            raw = Raw(uow.session.connection())
            stamped = raw.execute(_POSTGRESQL.format("billed_usage_periods AS m") if raw.postgresql
                                  else _MARIADB.format("1 = 1"))
            raw.execute("DELETE FROM billed_usage_periods")
            uow.commit()
    return stamped
