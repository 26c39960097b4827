"""Customers (客户), their contacts (联系人) and follow-ups (跟进记录)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from desktop_app.models.base import Base, UTCDateTime, Versioned


class Customer(Versioned, Base):
    __tablename__ = "customers"
    __table_args__ = (
        Index("ix_customers_owner_status", "owner_id", "status"),
        Index("ix_customers_department_id", "department_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(30), unique=True)
    name: Mapped[str] = mapped_column(String(200), index=True)
    short_name: Mapped[str] = mapped_column(String(100), default="")
    kind: Mapped[str] = mapped_column(String(20), default="company")  # company | individual
    industry: Mapped[str] = mapped_column(String(60), default="")
    region: Mapped[str] = mapped_column(String(100), default="")
    address: Mapped[str] = mapped_column(String(300), default="")
    tier: Mapped[str] = mapped_column(String(30), default="standard")  # 会员级别
    status: Mapped[str] = mapped_column(String(20), default="prospect")
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    department_id: Mapped[int | None] = mapped_column(ForeignKey("departments.id", ondelete="SET NULL"))
    source: Mapped[str] = mapped_column(String(60), default="")
    tags: Mapped[str] = mapped_column(String(300), default="")  # comma-separated
    tax_id: Mapped[str] = mapped_column(String(18), default="", index=True)
    invoice_title: Mapped[str] = mapped_column(String(200), default="")
    bank_name: Mapped[str] = mapped_column(String(200), default="")
    bank_account: Mapped[str] = mapped_column(String(60), default="")
    phone: Mapped[str] = mapped_column(String(40), default="", index=True)
    email: Mapped[str] = mapped_column(String(120), default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    pinyin_override: Mapped[str] = mapped_column(String(200), default="")  # for heteronyms (单县 → shanxian)
    name_key: Mapped[str] = mapped_column(String(200), default="", index=True)  # for duplicate checks
    search_text: Mapped[str] = mapped_column(Text, default="")  # shadow column, kept in sync on every write
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    created_by: Mapped[str] = mapped_column(String(80), default="")
    claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    last_followup_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class Contact(Versioned, Base):
    __tablename__ = "contacts"

    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    title: Mapped[str] = mapped_column(String(100), default="")
    phone: Mapped[str] = mapped_column(String(40), default="")
    email: Mapped[str] = mapped_column(String(120), default="")
    is_primary: Mapped[bool] = mapped_column(Boolean, default=False)
    decision_maker: Mapped[bool] = mapped_column(Boolean, default=False)


class FollowUp(Base):
    __tablename__ = "followups"
    __table_args__ = (Index("ix_followups_user_next", "user_id", "next_contact_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    kind: Mapped[str] = mapped_column(String(20))  # visit | call | message | meeting
    content: Mapped[str] = mapped_column(Text)
    at: Mapped[datetime] = mapped_column(UTCDateTime())
    next_contact_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    done: Mapped[bool] = mapped_column(Boolean, default=False)


class Counter(Base):
    """Number series (customer codes now, documents later): one row per (series, year), locked to count."""

    __tablename__ = "counters"
    __table_args__ = (UniqueConstraint("series", "year", name="uq_counters_series_year"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    series: Mapped[str] = mapped_column(String(30))
    year: Mapped[int] = mapped_column(Integer)
    last: Mapped[int] = mapped_column(Integer, default=0)
