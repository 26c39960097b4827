"""Bills (账单) and credit notes (冲销单), their lines, the bill-run keys and the run lock.

- A bill is created as a ``draft`` (by a bill run or by hand), then ``issued``: the number
  (``ZD-2026-000123``; credit notes ``HC-…``) comes from the ``counters`` row of (series, year), locked in
  the short issuing transaction and backed by UNIQUE(series, year, number). Payments move it to
  ``partially_paid`` / ``paid``; ``void`` keeps the number.
- Amounts are integer fen (``Fen``); per line ``net + tax == gross`` and the bill's totals are exact sums
  of its lines. Credit notes hold positive amounts: they reduce what the customer owes.
- Once issued, a bill's number, customer snapshot, totals and lines never change and it is never deleted:
  the services refuse, and so do the database triggers below (``issued_bill_ddl``).
- ``billed_charges`` is the bill run's idempotency key: one row per (subscription, charge, period start);
  a second run finds the key and bills nothing again. Deleting a draft deletes its keys (bill it again).
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    DDL,
    JSON,
    Boolean,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    event,
)
from sqlalchemy.orm import Mapped, mapped_column

from desktop_app.models.base import Base, Fen, UTCDateTime, Versioned, currency_column

# Columns an issued bill may still change: its state on payment or voiding, and who changed it.
MUTABLE_AFTER_ISSUE = ("status", "paid", "voided_at", "voided_by", "void_reason", "version", "updated_at",
                       "updated_by")


class Bill(Versioned, Base):
    __tablename__ = "bills"
    __table_args__ = (
        UniqueConstraint("series", "year", "number", name="uq_bills_series_year_number"),
        Index("ix_bills_status_period", "status", "period_start"),
        # reports (covering: a year of bills is read from the index alone): documents by issue day; one
        # customer's documents by issue day (scoped reports, top customers, a customer's bills); open bills
        # by due date (overdue, aging)
        Index("ix_bills_issue_date", "issue_date", "kind", "status", "customer_id", "total_net", "total_tax",
              "total_gross"),
        Index("ix_bills_customer_issue", "customer_id", "issue_date", "kind", "status", "total_gross", "total_net",
              "total_tax"),
        Index("ix_bills_open", "status", "kind", "due_date", "customer_id", "issue_date", "amount_due", "paid"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(12))  # bill | credit_note
    status: Mapped[str] = mapped_column(String(16))  # draft | issued | partially_paid | paid | void
    series: Mapped[str | None] = mapped_column(String(4))  # ZD | HC, set on issue
    year: Mapped[int | None] = mapped_column(Integer)
    number: Mapped[int | None] = mapped_column(Integer)
    code: Mapped[str | None] = mapped_column(String(30), unique=True)  # ZD-2026-000123
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"))
    subscription_id: Mapped[int | None] = mapped_column(ForeignKey("subscriptions.id"), index=True)
    run_id: Mapped[int | None] = mapped_column(Integer, index=True)
    original_bill_id: Mapped[int | None] = mapped_column(ForeignKey("bills.id"), index=True)  # credit notes
    period_start: Mapped[date | None] = mapped_column(Date)
    period_end: Mapped[date | None] = mapped_column(Date)
    currency: Mapped[str] = currency_column()
    tax_inclusive: Mapped[bool] = mapped_column(Boolean, default=True)
    total_net: Mapped[Decimal] = mapped_column(Fen(), default=Decimal(0))  # 合计金额
    total_tax: Mapped[Decimal] = mapped_column(Fen(), default=Decimal(0))  # 合计税额
    total_gross: Mapped[Decimal] = mapped_column(Fen(), default=Decimal(0))  # 价税合计
    credit_applied: Mapped[Decimal] = mapped_column(Fen(), default=Decimal(0))
    wallet_applied: Mapped[Decimal] = mapped_column(Fen(), default=Decimal(0))
    amount_due: Mapped[Decimal] = mapped_column(Fen(), default=Decimal(0))
    paid: Mapped[Decimal] = mapped_column(Fen(), default=Decimal(0))
    issue_date: Mapped[date | None] = mapped_column(Date)
    due_date: Mapped[date | None] = mapped_column(Date)
    customer_code: Mapped[str] = mapped_column(String(30), default="")
    customer_name: Mapped[str] = mapped_column(String(200), default="")
    customer_address: Mapped[str] = mapped_column(String(300), default="")
    customer_tax_id: Mapped[str] = mapped_column(String(30), default="")
    snapshot: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)  # plan texts, deduction order
    notes: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    created_by: Mapped[str] = mapped_column(String(80), default="")
    issued_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    issued_by: Mapped[str | None] = mapped_column(String(80))
    voided_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    voided_by: Mapped[str | None] = mapped_column(String(80))
    void_reason: Mapped[str | None] = mapped_column(String(200))


class BillLine(Base):
    """One line: 项目, 期间, 数量, 单位, 单价, 金额, 税率, 税额, 价税合计. ``tax_rate`` None is exempt."""

    __tablename__ = "bill_lines"
    __table_args__ = (
        Index("ix_bill_lines_bill_position", "bill_id", "position"),
        Index("ix_bill_lines_kind_period", "kind", "period_start", "period_end", "net"),  # MRR, usage (reports)
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    bill_id: Mapped[int] = mapped_column(ForeignKey("bills.id"))
    position: Mapped[int] = mapped_column(Integer)
    subscription_id: Mapped[int | None] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(20))  # billing.quote.LineKind, "manual", "adjustment", "late_usage"
    charge: Mapped[str] = mapped_column(String(60), default="")
    description: Mapped[str] = mapped_column(String(200))
    product: Mapped[str] = mapped_column(String(40), default="")
    period_start: Mapped[date | None] = mapped_column(Date)
    period_end: Mapped[date | None] = mapped_column(Date)
    quantity: Mapped[str] = mapped_column(String(40))  # exact decimal text
    unit: Mapped[str] = mapped_column(String(20), default="")
    unit_price: Mapped[str | None] = mapped_column(String(40))  # exact decimal text, up to 6 decimals
    net: Mapped[Decimal] = mapped_column(Fen())
    tax_rate: Mapped[str | None] = mapped_column(String(10))  # "0.09"; NULL: exempt (免税)
    tax: Mapped[Decimal] = mapped_column(Fen())
    gross: Mapped[Decimal] = mapped_column(Fen())
    discounted_line: Mapped[int | None] = mapped_column(Integer)  # the position a discount line reduces
    credited_line_id: Mapped[int | None] = mapped_column(ForeignKey("bill_lines.id"), index=True)
    detail: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)  # tier, proration, discounts, late


class BilledCharge(Base):
    """The bill run's idempotency key: (subscription, charge, period start) is billed once."""

    __tablename__ = "billed_charges"
    __table_args__ = (
        UniqueConstraint("subscription_id", "charge", "period_start", name="uq_billed_charges_key"),
        Index("ix_billed_charges_bill", "bill_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    subscription_id: Mapped[int] = mapped_column(Integer)
    charge: Mapped[str] = mapped_column(String(60))
    period_start: Mapped[date] = mapped_column(Date)
    bill_id: Mapped[int] = mapped_column(Integer)
    quantity: Mapped[str | None] = mapped_column(String(40))  # usage: billing units billed (late usage continues)


class BillRun(Base):
    """One bill run (账单批处理) for a cut-off date: who, when, how far, with what result."""

    __tablename__ = "bill_runs"

    id: Mapped[int] = mapped_column(primary_key=True)
    cutoff: Mapped[date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(12))  # running | finished | cancelled | interrupted
    started_at: Mapped[datetime] = mapped_column(UTCDateTime())
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    started_by: Mapped[str] = mapped_column(String(80), default="")
    desktop: Mapped[str] = mapped_column(String(120), default="")
    due: Mapped[int] = mapped_column(Integer, default=0)
    bills: Mapped[int] = mapped_column(Integer, default=0)
    already_billed: Mapped[int] = mapped_column(Integer, default=0)
    total_gross: Mapped[Decimal] = mapped_column(Fen(), default=Decimal(0))
    detail: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class RunLock(Base):
    """One row per lock name ("bill_run"): who holds it (empty: free) and when they last showed life."""

    __tablename__ = "run_locks"

    name: Mapped[str] = mapped_column(String(30), primary_key=True)
    holder: Mapped[str] = mapped_column(String(80), default="")
    desktop: Mapped[str] = mapped_column(String(120), default="")
    pid: Mapped[int] = mapped_column(Integer, default=0)
    run_id: Mapped[int | None] = mapped_column(Integer)
    acquired_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    heartbeat_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class SubscriptionAdjustment(Base):
    """A credit or charge from a change mid-period (plan, seats, pause, cancel) waiting for the next bill:
    the quote's lines as JSON (``billing.quote.QuoteLine.to_dict``); ``bill_id`` once billed."""

    __tablename__ = "subscription_adjustments"

    id: Mapped[int] = mapped_column(primary_key=True)
    subscription_id: Mapped[int] = mapped_column(ForeignKey("subscriptions.id"), index=True)
    kind: Mapped[str] = mapped_column(String(10))  # credit | charge
    reason: Mapped[str] = mapped_column(String(20))  # plan_changed | seats_changed | paused | cancelled
    effective: Mapped[date] = mapped_column(Date)
    lines: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    bill_id: Mapped[int | None] = mapped_column(Integer, index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


_FROZEN = ("kind", "series", "year", "number", "code", "customer_id", "subscription_id", "original_bill_id",
           "period_start", "period_end", "currency", "tax_inclusive", "total_net", "total_tax", "total_gross",
           "credit_applied", "wallet_applied", "amount_due", "issue_date", "due_date", "customer_code",
           "customer_name", "customer_address", "customer_tax_id", "notes", "issued_at", "issued_by")


def issued_bill_ddl(dialect: str) -> list[str]:
    """Statements that make the database itself refuse to change or delete an issued bill or its lines
    (and to take a void bill back). Drafts stay free."""
    message = "issued bills never change"
    if dialect == "sqlite":
        changed = " OR ".join(f"NEW.{name} IS NOT OLD.{name}" for name in _FROZEN)
        return [
            f"CREATE TRIGGER bills_issued_no_update BEFORE UPDATE ON bills WHEN OLD.status <> 'draft' AND "
            f"({changed} OR (OLD.status = 'void' AND NEW.status <> 'void') OR NEW.status = 'draft') "
            f"BEGIN SELECT RAISE(ABORT, '{message}'); END",
            f"CREATE TRIGGER bills_issued_no_delete BEFORE DELETE ON bills WHEN OLD.status <> 'draft' "
            f"BEGIN SELECT RAISE(ABORT, '{message}'); END",
            *(f"CREATE TRIGGER bill_lines_issued_no_{op.lower()} BEFORE {op} ON bill_lines "
              f"WHEN (SELECT status FROM bills WHERE id = {row}.bill_id) <> 'draft' "
              f"BEGIN SELECT RAISE(ABORT, '{message}'); END"
              for op, row in (("INSERT", "NEW"), ("UPDATE", "OLD"), ("DELETE", "OLD"))),
        ]
    if dialect == "postgresql":
        changed = " OR ".join(f"NEW.{name} IS DISTINCT FROM OLD.{name}" for name in _FROZEN)
        return [
            "CREATE OR REPLACE FUNCTION bills_issued_frozen() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
            f"IF OLD.status <> 'draft' THEN IF TG_OP = 'DELETE' OR {changed} "
            "OR (OLD.status = 'void' AND NEW.status <> 'void') OR NEW.status = 'draft' THEN "
            f"RAISE EXCEPTION '{message}'; END IF; END IF; "
            "IF TG_OP = 'DELETE' THEN RETURN OLD; END IF; RETURN NEW; END $$",
            "CREATE TRIGGER bills_issued_frozen BEFORE UPDATE OR DELETE ON bills "
            "FOR EACH ROW EXECUTE FUNCTION bills_issued_frozen()",
            "CREATE OR REPLACE FUNCTION bill_lines_issued_frozen() RETURNS trigger LANGUAGE plpgsql AS $$ "
            "DECLARE state text; BEGIN "
            "SELECT status INTO state FROM bills WHERE id = CASE WHEN TG_OP = 'INSERT' THEN NEW.bill_id "
            "ELSE OLD.bill_id END; "
            f"IF state <> 'draft' THEN RAISE EXCEPTION '{message}'; END IF; "
            "IF TG_OP = 'DELETE' THEN RETURN OLD; END IF; RETURN NEW; END $$",
            "CREATE TRIGGER bill_lines_issued_frozen BEFORE INSERT OR UPDATE OR DELETE ON bill_lines "
            "FOR EACH ROW EXECUTE FUNCTION bill_lines_issued_frozen()",
        ]
    if dialect in ("mysql", "mariadb"):
        same = " AND ".join(f"NEW.{name} <=> OLD.{name}" for name in _FROZEN)
        signal = f"SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = '{message}'"
        return [
            "CREATE TRIGGER bills_issued_no_update BEFORE UPDATE ON bills FOR EACH ROW "
            f"IF OLD.status <> 'draft' AND (NOT ({same}) OR (OLD.status = 'void' AND NEW.status <> 'void') "
            f"OR NEW.status = 'draft') THEN {signal}; END IF",
            f"CREATE TRIGGER bills_issued_no_delete BEFORE DELETE ON bills FOR EACH ROW "
            f"IF OLD.status <> 'draft' THEN {signal}; END IF",
            *(f"CREATE TRIGGER bill_lines_issued_no_{op.lower()} BEFORE {op} ON bill_lines FOR EACH ROW "
              f"IF (SELECT status FROM bills WHERE id = {row}.bill_id) <> 'draft' THEN {signal}; END IF"
              for op, row in (("INSERT", "NEW"), ("UPDATE", "OLD"), ("DELETE", "OLD"))),
        ]
    return []


@event.listens_for(BillLine.__table__, "after_create")
def _issued_bills_frozen(target: object, connection: Any, **_kw: object) -> None:
    for statement in issued_bill_ddl(connection.dialect.name):
        connection.execute(DDL(statement))  # type: ignore[no-untyped-call]


event.listen(RunLock.__table__, "after_create",
             DDL("INSERT INTO run_locks (name, holder, desktop, pid) VALUES ('bill_run', '', '', 0)"))  # type: ignore[no-untyped-call]
