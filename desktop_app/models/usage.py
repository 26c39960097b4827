"""Usage records (用量记录): one metered event of a subscription, imported from a usage file.

- ``quantity`` is exact: an integer count of millionths of the meter's unit (``quantity_micro``; 61 s →
  61,000,000; 0.5 GB → 500,000), never a float; more than 6 decimals is refused at import.
- ``record_id`` is the source system's id of the record, unique per (subscription, meter): importing the
  same record again adds nothing (UNIQUE(subscription_id, meter, record_id) backs the check).
- ``occurred_at`` is the instant in UTC; ``period_start`` the first day of the subscription's billing
  period that contains the record's local day in the company time zone (Asia/Shanghai by default):
  periods are half-open [start, end), so 2026-05-01T00:00:00+08:00 belongs to May.
- ``bill_id`` stays NULL until a bill run bills the record (the bills table comes later).

``BilledUsagePeriod`` (schema 0013) is how a bill run marks a usage period billed: one row per
(subscription, usage period) it billed, with the highest record id it priced and how many records, instead
of an UPDATE per record in every batch (on SQLite each batch's records are scattered over the whole table:
every batch rewrote nearly every page of it). The run writes the records' ``bill_id`` from these rows in one
pass (``services/bill_run_marks.py``) and deletes them: at the end of the run on SQLite, inside each batch
on PostgreSQL and MariaDB; a run that died leaves them for the next run to finish first. Deleting a draft
deletes its rows with it (ON DELETE CASCADE), so its records stay unbilled.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import BigInteger, Date, ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from desktop_app.models.base import Base, UTCDateTime

USAGE_FILLFACTOR = 80


class UsageRecordRow(Base):
    __tablename__ = "usage_records"
    __table_args__ = (
        UniqueConstraint("subscription_id", "meter", "record_id", name="uq_usage_records_record"),
        Index("ix_usage_records_period", "subscription_id", "period_start", "meter"),
        Index("ix_usage_records_start", "period_start", "meter", "subscription_id", "quantity_micro"),  # reports
        # PostgreSQL leaves a fifth of each page free: the bill run's stamping of ``bill_id`` (no index has it)
        # then writes each record's new version into the same page without touching the four indexes (a
        # "HOT" update), three times faster (schema 0013)
        {"postgresql_with": {"fillfactor": USAGE_FILLFACTOR}},
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    subscription_id: Mapped[int] = mapped_column(ForeignKey("subscriptions.id"))
    meter: Mapped[str] = mapped_column(String(50))
    record_id: Mapped[str] = mapped_column(String(100))
    occurred_at: Mapped[datetime] = mapped_column(UTCDateTime())
    quantity_micro: Mapped[int] = mapped_column(BigInteger)  # millionths of the meter's unit
    period_start: Mapped[date] = mapped_column(Date)
    bill_id: Mapped[int | None] = mapped_column(Integer)  # set by the bill run that bills it
    batch: Mapped[str] = mapped_column(String(120))  # the import: file name and time
    imported_at: Mapped[datetime] = mapped_column(UTCDateTime())
    imported_by: Mapped[str] = mapped_column(String(80), default="")


class BilledUsagePeriod(Base):
    """A usage period billed by a bill whose records do not carry the bill yet (see the module docstring):
    the subscription's records of the period with ``bill_id`` NULL and an id up to ``last_usage_id`` are
    the ``usage_count`` records the bill priced (the lowest of them ``first_usage_id``)."""

    __tablename__ = "billed_usage_periods"
    __table_args__ = (
        Index("ix_billed_usage_periods_bill", "bill_id"),
        # SQLite keeps the rows in key order (no rowid): stamping finds a record's mark in one lookup
        {"sqlite_with_rowid": False},
    )

    subscription_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    period_start: Mapped[date] = mapped_column(Date, primary_key=True)  # one mark per usage period at a time
    bill_id: Mapped[int] = mapped_column(ForeignKey("bills.id", ondelete="CASCADE"))
    first_usage_id: Mapped[int] = mapped_column(Integer)
    last_usage_id: Mapped[int] = mapped_column(Integer)
    usage_count: Mapped[int] = mapped_column(Integer)
