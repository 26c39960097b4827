"""Subscriptions (订阅): a customer on one plan version, and their append-only history.

A subscription keeps the plan version it was sold on (grandfathering) until a plan change moves it to
another one. Periods are counted from ``anchor`` (1 January for calendar-aligned billing, the first
billed day for anniversary billing: ``billing.periods.anchor_for``).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Date, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from desktop_app.models.base import Base, UTCDateTime, Versioned


class Subscription(Versioned, Base):
    __tablename__ = "subscriptions"
    __table_args__ = (Index("ix_subscriptions_customer_status", "customer_id", "status"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(30), unique=True)  # S2026000001, from the "subscription" counter
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"))
    plan_version_id: Mapped[int] = mapped_column(ForeignKey("plan_versions.id"), index=True)
    status: Mapped[str] = mapped_column(String(10))  # trial | active | paused | cancelled | ended
    start_date: Mapped[date] = mapped_column(Date)
    trial_end: Mapped[date | None] = mapped_column(Date)  # the first billed day after a trial
    alignment: Mapped[str] = mapped_column(String(12))  # calendar | anniversary
    anchor: Mapped[date] = mapped_column(Date)
    seats: Mapped[int] = mapped_column(Integer, default=0)
    modules: Mapped[list[str]] = mapped_column(JSON, default=list)
    coupon_codes: Mapped[list[str]] = mapped_column(JSON, default=list)
    paused_from: Mapped[date | None] = mapped_column(Date)
    paused_until: Mapped[date | None] = mapped_column(Date)  # None while paused: until resumed
    cancel_at: Mapped[date | None] = mapped_column(Date)  # the first day no longer served
    ended_at: Mapped[date | None] = mapped_column(Date)
    billed_until: Mapped[date | None] = mapped_column(Date)  # end of the last period billed in advance
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    created_by: Mapped[str] = mapped_column(String(80), default="")


class SubscriptionEvent(Base):
    """One change of a subscription (created, plan_changed, seats_changed, paused, resumed, cancelled...);
    rows are only ever added."""

    __tablename__ = "subscription_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    subscription_id: Mapped[int] = mapped_column(ForeignKey("subscriptions.id"), index=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime())
    kind: Mapped[str] = mapped_column(String(20))
    effective: Mapped[date | None] = mapped_column(Date)
    detail: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    by: Mapped[str] = mapped_column(String(80), default="")
