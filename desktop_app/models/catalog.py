"""The catalog: products (产品/服务), coupons (优惠券), plans (套餐) and their versions.

A plan version's ``definition`` is the pricing engine's JSON form (``billing.plan_json.to_dict``),
with a snapshot of the products it sells; published and retired versions never change
(grandfathering: a subscription keeps its version).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from desktop_app.models.base import Base, UTCDateTime, Versioned


class Product(Versioned, Base):
    __tablename__ = "products"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    category: Mapped[str] = mapped_column(String(60), default="")
    unit: Mapped[str] = mapped_column(String(20), default="")
    tax_rate: Mapped[str] = mapped_column(String(10))  # an exact fraction "0.06", or "exempt" (免税)
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class Coupon(Versioned, Base):
    __tablename__ = "coupons"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    discount: Mapped[dict[str, Any]] = mapped_column(JSON)  # billing.plan_json.discount_to_dict form
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class Plan(Versioned, Base):
    __tablename__ = "plans"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    archived: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class PlanVersionRow(Base):
    """One version of a plan: ``draft`` (editable, at most one, always the newest number), ``published``
    (at most one, what new subscriptions get) or ``retired`` (kept, still priced for its subscriptions)."""

    __tablename__ = "plan_versions"
    __table_args__ = (UniqueConstraint("plan_id", "number", name="uq_plan_versions_plan_number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id"))
    number: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(10))  # draft | published | retired
    definition: Mapped[dict[str, Any]] = mapped_column(JSON)  # billing.plan_json.to_dict form
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    published_by: Mapped[str] = mapped_column(String(80), default="")
