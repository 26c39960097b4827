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

from sqlalchemy import Connection, Table, func, or_, select

from desktop_app.models import (
    Bill,
    BilledCharge,
    BillLine,
    BillRun,
    Coupon,
    Customer,
    PlanVersionRow,
    RunLock,
    Subscription,
    SubscriptionAdjustment,
    UsageRecordRow,
    Wallet,
)

BILLS = cast(Table, Bill.__table__)
KEYS = cast(Table, BilledCharge.__table__)
LINES = cast(Table, BillLine.__table__)
RUNS = cast(Table, BillRun.__table__)
COUPONS = cast(Table, Coupon.__table__)
CUSTOMERS = cast(Table, Customer.__table__)
VERSIONS = cast(Table, PlanVersionRow.__table__)
LOCKS = cast(Table, RunLock.__table__)
SUBSCRIPTIONS = cast(Table, Subscription.__table__)
ADJUSTMENTS = cast(Table, SubscriptionAdjustment.__table__)
USAGE = cast(Table, UsageRecordRow.__table__)
WALLETS = cast(Table, Wallet.__table__)


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
        self.text_dates = self.sqlite
        self.quote = connection.dialect.identifier_preparer.quote  # ``lines`` is a reserved word in MariaDB
        self._days: dict[Any, date] = {}

    def _sql(self, text: str) -> str:
        return text if self._qmark else text.replace("?", "%s")

    def rows(self, text: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        self.cursor.execute(self._sql(text), tuple(params))
        return list(self.cursor.fetchall())

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


# --- what is due ----------------------------------------------------------------------------------

STOPPED_HORIZON = timedelta(days=400)


def due_ids(connection: Connection, cutoff: date) -> list[int]:
    """Subscriptions with a fee period starting on or before ``cutoff``, unbilled usage or adjustments, or
    stopped (cancelled, ended) within ``STOPPED_HORIZON`` before it."""
    s = SUBSCRIPTIONS.c
    next_start = func.coalesce(s.billed_until, s.trial_end, s.start_date)
    fees = select(s.id).where(next_start <= cutoff,
                              or_(s.cancel_at.is_(None), next_start < s.cancel_at),
                              or_(s.ended_at.is_(None), next_start < s.ended_at))
    u = USAGE.c
    usage = select(u.subscription_id).where(u.bill_id.is_(None), u.period_start < cutoff).distinct()
    a = ADJUSTMENTS.c
    adjustments = select(a.subscription_id).where(a.bill_id.is_(None), a.effective <= cutoff).distinct()
    # stopped lately: the last usage period's minimum commitment is owed even without records; the drafter
    # finds nothing when it was billed (a run's horizon: any usage period closes within a year of the stop)
    stop = func.coalesce(s.cancel_at, s.ended_at)
    stopped = select(s.id).where(stop <= cutoff, stop > cutoff - STOPPED_HORIZON)
    ids: set[int] = set()
    for query in (fees, usage, adjustments, stopped):
        ids.update(connection.scalars(query))
    return sorted(ids)


def marks(count: int) -> str:
    """``?, ?, ...`` for an IN list of ``count`` values."""
    return ", ".join("?" * count)


def json_value(value: Any) -> Any:
    return json.loads(value) if isinstance(value, str | bytes) else value
