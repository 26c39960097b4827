"""Payments (收款), their allocation to bills, and prepaid wallets (预付钱包) with their ledger.

- A payment is recorded once: ``token`` is the idempotency token of the action that recorded it (a
  double click or a retry after a network error finds the row and records nothing again). Its receipt
  number (``SK-2026-000001``) comes from the ``counters`` row like a bill's.
- ``payment_allocations`` spread a payment, or a credit note's amount, over bills; what is not allocated
  is the customer's open credit (overpayment). A refund is a payment row of kind ``refund``.
- A wallet's ``balance`` always equals the sum of its ledger (``wallet_entries``); a debit is one
  conditional UPDATE (``balance >= amount``), so two desktops debiting at once never take it below zero.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import Date, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from desktop_app.models.base import Base, Fen, UTCDateTime, Versioned, currency_column


class Payment(Base):
    __tablename__ = "payments"
    __table_args__ = (
        # covering for the collection reports: by day, and one customer's by day (also a customer's account)
        Index("ix_payments_received", "received_on", "kind", "method", "customer_id", "amount"),
        Index("ix_payments_customer_day", "customer_id", "received_on", "kind", "method", "amount"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(30), unique=True)  # SK-2026-000001 (refunds: TK-…)
    kind: Mapped[str] = mapped_column(String(10))  # payment | refund
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"))
    amount: Mapped[Decimal] = mapped_column(Fen())  # positive
    currency: Mapped[str] = currency_column()
    received_on: Mapped[date] = mapped_column(Date)  # the day the money moved (收款日期)
    # the day the receipt was issued (numbered): the database clock, never earlier than the last of its series;
    # set on every row since schema 0012 (older rows: their received_on)
    issued_on: Mapped[date | None] = mapped_column(Date)
    method: Mapped[str] = mapped_column(String(20))  # cash | bank | alipay | wechat | unionpay | card | other
    reference: Mapped[str] = mapped_column(String(100), default="")
    payer: Mapped[str] = mapped_column(String(200), default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    refund_of_id: Mapped[int | None] = mapped_column(ForeignKey("payments.id"))
    token: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    created_by: Mapped[str] = mapped_column(String(80), default="")


class PaymentAllocation(Base):
    """Part of a payment (or of a credit note) that settles part of a bill."""

    __tablename__ = "payment_allocations"

    id: Mapped[int] = mapped_column(primary_key=True)
    payment_id: Mapped[int | None] = mapped_column(ForeignKey("payments.id"), index=True)
    credit_note_id: Mapped[int | None] = mapped_column(ForeignKey("bills.id"), index=True)
    bill_id: Mapped[int] = mapped_column(ForeignKey("bills.id"), index=True)
    amount: Mapped[Decimal] = mapped_column(Fen())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    created_by: Mapped[str] = mapped_column(String(80), default="")


class Wallet(Versioned, Base):
    __tablename__ = "wallets"

    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"), unique=True)
    currency: Mapped[str] = currency_column()
    balance: Mapped[Decimal] = mapped_column(Fen(), default=Decimal(0))
    low_balance: Mapped[Decimal] = mapped_column(Fen(), default=Decimal(0))  # flag below this


class WalletEntry(Base):
    """One movement of a wallet: top_up, bonus, draw (usage or a bill), reversal, refund, expiry."""

    __tablename__ = "wallet_entries"
    __table_args__ = (Index("ix_wallet_entries_wallet", "wallet_id", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    wallet_id: Mapped[int] = mapped_column(ForeignKey("wallets.id"))
    kind: Mapped[str] = mapped_column(String(12))
    amount: Mapped[Decimal] = mapped_column(Fen())  # signed: credits positive, draws negative
    balance_after: Mapped[Decimal] = mapped_column(Fen())
    bill_id: Mapped[int | None] = mapped_column(Integer, index=True)
    token: Mapped[str | None] = mapped_column(String(64), unique=True)
    expires_on: Mapped[date | None] = mapped_column(Date)
    note: Mapped[str] = mapped_column(String(200), default="")
    at: Mapped[datetime] = mapped_column(UTCDateTime())
    by: Mapped[str] = mapped_column(String(80), default="")
