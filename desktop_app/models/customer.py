"""Customers (客户), their contacts (联系人) and follow-ups (跟进记录)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Boolean, Date, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from desktop_app.models import search_index
from desktop_app.models.base import Base, UTCDateTime, Versioned


class Customer(Versioned, Base):
    __tablename__ = "customers"
    __table_args__ = (
        Index("ix_customers_owner_status", "owner_id", "status"),
        Index("ix_customers_department_id", "department_id"),
        # the list sorts by these, in pages ("keyset": rows after the last one shown), so each has an index
        Index("ix_customers_owner_code", "owner_id", "code"),  # "my customers" in code order
        Index("ix_customers_tier_id", "tier", "id"),
        Index("ix_customers_status_id", "status", "id"),
        Index("ix_customers_region_id", "region", "id"),
        Index("ix_customers_last_followup_id", "last_followup_at", "id"),
        Index("ix_customers_created", "created_at", "owner_id", "department_id"),  # new customers (reports)
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
    custom: Mapped[dict[str, Any] | None] = mapped_column(JSON)  # admin-defined fields: key -> text value


search_index.install(Customer.__table__)


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
    last_date: Mapped[date | None] = mapped_column(Date)  # issue date of the last document numbered


class CustomField(Versioned, Base):
    """An admin-defined customer field (自定义字段): shown on the form and, if asked, in the list."""

    __tablename__ = "custom_fields"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(40), unique=True)
    label: Mapped[str] = mapped_column(String(60))
    kind: Mapped[str] = mapped_column(String(10))  # text | number | date | choice
    choices: Mapped[list[str]] = mapped_column(JSON, default=list)
    required: Mapped[bool] = mapped_column(Boolean, default=False)
    in_list: Mapped[bool] = mapped_column(Boolean, default=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class ImportBatch(Base):
    """One committed customer import, so it can be undone while nothing depends on it."""

    __tablename__ = "import_batches"

    id: Mapped[int] = mapped_column(primary_key=True)
    file_name: Mapped[str] = mapped_column(String(255))
    mode: Mapped[str] = mapped_column(String(20))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_by: Mapped[str] = mapped_column(String(80), default="")
    created: Mapped[int] = mapped_column(Integer, default=0)
    updated: Mapped[int] = mapped_column(Integer, default=0)
    undone_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    undone_by: Mapped[str | None] = mapped_column(String(80))


class ImportChange(Base):
    """A customer an import created (``before`` is None) or updated (``before`` holds the old values)."""

    __tablename__ = "import_changes"

    id: Mapped[int] = mapped_column(primary_key=True)
    batch_id: Mapped[int] = mapped_column(ForeignKey("import_batches.id", ondelete="CASCADE"), index=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id", ondelete="CASCADE"), index=True)
    action: Mapped[str] = mapped_column(String(10))  # create | update
    before: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    version_after: Mapped[int] = mapped_column(Integer)
