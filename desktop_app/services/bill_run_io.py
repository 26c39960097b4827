"""The bill run's database side, shared: its tables, what is due, and ``Raw``, the driver's own cursor.

A batch is read by ``bill_run_read`` and written by ``bill_run_write``, both set-based (a handful of
statements per batch, no ORM object per line) and both through ``Raw``: the DB-API cursor of the unit of
work's connection, in its transaction, with values in their stored form. SQLAlchemy's per-value
processing (dates from text on SQLite, money to fen, JSON) is what a run of 100,000 subscriptions spent
most of its time on; here each distinct date is parsed once and every other value is stored as it is.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta
from typing import Any, cast

from sqlalchemy import Connection, Table

from desktop_app.models import Bill, BilledCharge, BillRun, Coupon, PlanVersionRow, RunLock, Subscription

BILLS = cast(Table, Bill.__table__)
KEYS = cast(Table, BilledCharge.__table__)
RUNS = cast(Table, BillRun.__table__)
COUPONS = cast(Table, Coupon.__table__)
VERSIONS = cast(Table, PlanVersionRow.__table__)
LOCKS = cast(Table, RunLock.__table__)
SUBSCRIPTIONS = cast(Table, Subscription.__table__)


class _NeverRaised(Exception):
    pass


class Raw:
    """The DB-API cursor of ``connection`` (same transaction), with the few conversions the bill run needs.

    SQL is written with ``?`` placeholders and sent with the driver's own (``%s`` for psycopg and PyMySQL).
    Stored form: SQLite keeps dates as ISO text and datetimes as ``YYYY-MM-DD HH:MM:SS.ffffff`` (as
    SQLAlchemy writes them); PostgreSQL and MariaDB drivers take and give ``date``/``datetime`` objects.
    JSON comes back as text (SQLite, MariaDB) or already parsed (psycopg)."""

    def __init__(self, connection: Connection) -> None:
        self.cursor: Any = connection.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
        self._qmark = connection.dialect.paramstyle == "qmark"
        self.sqlite = connection.dialect.name == "sqlite"
        self.postgresql = connection.dialect.name == "postgresql"
        self.text_dates = self.sqlite
        self.quote = connection.dialect.identifier_preparer.quote  # ``lines`` is a reserved word in MariaDB
        self.overflow: type[Exception] = _NeverRaised
        if self.sqlite:  # SUM() beyond 64 bits ("integer overflow"); the servers sum in NUMERIC/DECIMAL
            import sqlite3

            self.overflow = sqlite3.OperationalError
        self._days: dict[Any, date] = {}

    def _sql(self, text: str) -> str:
        return text if self._qmark else text.replace("?", "%s")

    def rows(self, text: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        self.cursor.execute(self._sql(text), tuple(params))
        return list(self.cursor.fetchall())

    def execute(self, text: str, params: Sequence[Any] = ()) -> int:
        """One statement; returns the rows it changed."""
        self.cursor.execute(self._sql(text), tuple(params))
        return int(self.cursor.rowcount)

    def many(self, text: str, rows: Sequence[Sequence[Any]]) -> int:
        """``executemany``; returns the rows it changed in all (every driver here sums them)."""
        if not rows:
            return 0
        self.cursor.executemany(self._sql(text), rows)
        return int(self.cursor.rowcount)

    def day(self, value: Any) -> date | None:
        """A stored date as ``date`` (each distinct value parsed once)."""
        if value is None:
            return None
        day = self._days.get(value)
        if day is None:
            day = value if isinstance(value, date) else date.fromisoformat(value)
            self._days[value] = day
        return day

    def stored_day(self, day: date | None) -> Any:
        return day.isoformat() if self.text_dates and day is not None else day

    def stored_time(self, moment: datetime) -> Any:
        naive = moment.astimezone(UTC).replace(tzinfo=None)
        return naive.strftime("%Y-%m-%d %H:%M:%S.%f") if self.text_dates else naive


    def insert_sql(self, table: str, columns: Sequence[str]) -> str:
        return f"INSERT INTO {table} ({', '.join(map(self.quote, columns))}) VALUES ({marks(len(columns))})"

    def insert(self, table: str, columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
        """Insert ``rows``: ``COPY`` on PostgreSQL (one stream instead of a statement per row: row triggers
        fire the same), ``executemany`` elsewhere (PyMySQL sends it as multi-row INSERTs)."""
        if not rows:
            return
        if self.postgresql:
            with self.cursor.copy(f"COPY {table} ({', '.join(map(self.quote, columns))}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            return
        self.cursor.executemany(self._sql(self.insert_sql(table, columns)), rows)


# --- what is due ----------------------------------------------------------------------------------

STOPPED_HORIZON = timedelta(days=400)


_FEES_DUE = ("SELECT id FROM subscriptions WHERE COALESCE(billed_until, trial_end, start_date) <= ? "
             "AND (cancel_at IS NULL OR COALESCE(billed_until, trial_end, start_date) < cancel_at) "
             "AND (ended_at IS NULL OR COALESCE(billed_until, trial_end, start_date) < ended_at)")
"""Subscriptions with a fee period (from ``billed_until``, the trial's end or the start) starting on or before
the cut-off, before any cancellation or end."""


def fees_due_count(connection: Connection, cutoff: date) -> int:
    """How many subscriptions have a fee period starting on or before ``cutoff`` (most of a big run's)."""
    raw = Raw(connection)
    return int(raw.rows(f"SELECT COUNT(*) FROM ({_FEES_DUE}) AS due", [raw.stored_day(cutoff)])[0][0])


def due_ids(connection: Connection, cutoff: date) -> list[int]:
    """Subscriptions with a fee period starting on or before ``cutoff``, unbilled usage or adjustments, or
    stopped (cancelled, ended) within ``STOPPED_HORIZON`` before it."""
    raw = Raw(connection)
    day = raw.stored_day(cutoff)
    # stopped lately: the last usage period's minimum commitment is owed even without records; the drafter
    # finds nothing when it was billed (a run's horizon: any usage period closes within a year of the stop)
    stopped = ("SELECT id FROM subscriptions WHERE COALESCE(cancel_at, ended_at) <= ? "
               "AND COALESCE(cancel_at, ended_at) > ?")
    adjustments = ("SELECT DISTINCT subscription_id FROM subscription_adjustments WHERE bill_id IS NULL "
                   "AND effective <= ?")
    marked = raw.rows("SELECT MIN(bill_id) FROM billed_usage_periods")[0][0] is not None  # a run died before stamping
    unbilled = _UNBILLED_USAGE.format(" NOT INDEXED" if raw.sqlite else "") + (_NOT_MARKED if marked else "")
    ids: set[int] = set()
    for query, params in ((_FEES_DUE, [day]), (adjustments, [day]),
                          (stopped, [day, raw.stored_day(cutoff - STOPPED_HORIZON)]), (unbilled, [day])):
        ids.update(row[0] for row in raw.rows(query, params))
    return sorted(ids)


_UNBILLED_USAGE = "SELECT DISTINCT subscription_id FROM usage_records{} WHERE bill_id IS NULL AND period_start < ?"
_NOT_MARKED = (" AND NOT EXISTS (SELECT 1 FROM billed_usage_periods m WHERE m.subscription_id = "
               "usage_records.subscription_id AND m.period_start = usage_records.period_start "
               "AND m.last_usage_id >= usage_records.id)")
"""Subscriptions with usage records not billed yet (neither carrying a bill nor in a usage period marked billed
by a run that has not given them their bill yet). SQLite reads the whole table in its order (``NOT INDEXED``):
through the subscription index it visited the records one by one, three times slower."""


def marks(count: int) -> str:
    """``?, ?, ...`` for an IN list of ``count`` values."""
    return ", ".join("?" * count)


def json_value(value: Any) -> Any:
    return json.loads(value) if isinstance(value, str | bytes) else value
