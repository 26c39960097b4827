"""Monthly sales targets (业绩目标) per salesperson, for the sales performance report."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy import Date, ForeignKey, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from desktop_app.models.base import Base, Fen, Versioned


class SalesTarget(Versioned, Base):
    """What one user should bill in one month (``month`` is its first day)."""

    __tablename__ = "sales_targets"
    __table_args__ = (UniqueConstraint("user_id", "month", name="uq_sales_targets_user_month"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    month: Mapped[date] = mapped_column(Date, index=True)
    amount: Mapped[Decimal] = mapped_column(Fen())
