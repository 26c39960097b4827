"""Gap-free document numbers (design/money-rules.md, "Documents and numbering").

A number is taken only when a document is issued, inside the issuing transaction, from the ``counters``
row of (series, year) locked for update (PostgreSQL/MariaDB ``SELECT … FOR UPDATE``; SQLite: the write
transaction is BEGIN IMMEDIATE). If the transaction fails after numbering, the counter rolls back with
it: no gap. UNIQUE(series, year, number) on the documents backs it. Never a database sequence.

The issue date comes from the database clock (in the company's time zone) and is never earlier than the
last one issued in the series: ``max(today, counter.last_date)``.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import Connection, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from desktop_app.billing.periods import COMPANY_TIME_ZONE
from desktop_app.db import Database
from desktop_app.models import Company, Counter

__all__ = ["Number", "company_time_zone", "database_today", "ensure_counter", "take_number"]


@dataclass(frozen=True)
class Number:
    series: str
    year: int
    number: int
    code: str  # ZD-2026-000123
    issue_date: date


def company_time_zone(session: Session) -> str:
    return session.scalar(select(Company.timezone).order_by(Company.id).limit(1)) or COMPANY_TIME_ZONE


def database_now(executor: Session | Connection) -> datetime:
    """Now by the database server's clock (UTC, aware): what desktops with wrong clocks agree on."""
    dialect = executor.get_bind().dialect if isinstance(executor, Session) else executor.dialect
    mysql = dialect.name in ("mysql", "mariadb")
    now = executor.scalar(select(func.utc_timestamp() if mysql else func.current_timestamp()))
    if isinstance(now, str):  # SQLite: 'YYYY-MM-DD HH:MM:SS' in UTC
        now = datetime.fromisoformat(now)
    assert isinstance(now, datetime)
    if now.tzinfo is None:  # SQLite's text and MariaDB's UTC_TIMESTAMP() are naive UTC
        now = now.replace(tzinfo=UTC)
    return now.astimezone(UTC)


def database_today(session: Session, time_zone: str) -> date:
    """Today in the company's time zone by the database server's clock (not the desktop's)."""
    return database_now(session).astimezone(ZoneInfo(time_zone)).date()


def ensure_counter(database: Database, series: str, year: int) -> None:
    """Create the counter row of (series, year) in its own short transaction (two desktops may race to
    create it: the loser's insert fails on the unique constraint and the row is there)."""
    with database.session(write=True) as session:
        if session.scalar(select(Counter.id).where(Counter.series == series, Counter.year == year)) is None:
            session.add(Counter(series=series, year=year, last=0))
            try:
                session.commit()
            except IntegrityError:
                session.rollback()


def take_number(session: Session, series: str, today: date) -> Number:
    """The next number of ``series`` in the year of the issue date, the counter row locked until the
    caller's transaction ends. The counter row must exist (``ensure_counter``)."""
    counter = session.scalar(select(Counter).where(Counter.series == series, Counter.year == today.year)
                             .with_for_update())
    if counter is None:
        raise LookupError(f"no counter for {series} {today.year}: call ensure_counter first")
    issue_date = max(today, counter.last_date) if counter.last_date else today
    counter.last += 1
    counter.last_date = issue_date
    session.flush()
    return Number(series, counter.year, counter.last, f"{series}-{counter.year}-{counter.last:06d}", issue_date)


def process_alive(pid: int) -> bool:
    """Whether process ``pid`` of this desktop still runs (for run locks left by a program that died). On
    Windows ``os.kill(pid, 0)`` is no probe — signal 0 is CTRL_C_EVENT there, other values terminate the
    process — so there a holder counts as alive and is taken over only when its heartbeat is stale."""
    if os.name == "nt":
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # it exists but is not ours to signal
        return True
    return True
