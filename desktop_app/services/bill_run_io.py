"""The bill run's database side: what is due, loading a batch, writing its drafts (set-based, Core only).

Every statement works on a whole batch: a handful of SELECTs load the subscriptions' terms, customers,
unbilled usage (as stored quantities), usage periods already billed, records billed before (for late
usage) and adjustments; one executemany each writes the bills (ids read back by run and subscription:
a run makes one bill per subscription), the lines and the keys, marks the usage records and
adjustments, and moves ``billed_until``. No ORM object per line.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any, cast

from sqlalchemy import (
    BigInteger,
    Column,
    Connection,
    MetaData,
    Table,
    and_,
    bindparam,
    func,
    insert,
    or_,
    select,
    update,
)
from sqlalchemy.orm import Session

from desktop_app.billing.money import to_fen
from desktop_app.billing.quote import COMMITMENT_CODE
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
from desktop_app.models.base import Fen
from desktop_app.services import wallets
from desktop_app.services.bill_drafts import BillDraft, Pending, SubscriptionTerms
from desktop_app.services.context import Context

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


def _raw(table: Table) -> Table:
    """A copy of ``table`` whose money columns take integer fen as they are (no per-value conversion:
    the bill run converts its amounts once, with ``money.to_fen``)."""
    return Table(table.name, MetaData(), *(Column(c.name, BigInteger() if isinstance(c.type, Fen) else c.type,
                                                  primary_key=c.primary_key) for c in table.columns))


_RAW_BILLS, _RAW_LINES = _raw(BILLS), _raw(LINES)
_BILL_MONEY = tuple(c.name for c in _RAW_BILLS.columns if c.name in
                    ("total_net", "total_tax", "total_gross", "credit_applied", "wallet_applied", "amount_due", "paid"))
_LINE_MONEY = ("net", "tax", "gross")


def _in_fen(row: dict[str, Any], names: Sequence[str]) -> dict[str, Any]:
    return {**row, **{name: to_fen(row[name]) for name in names}}

# --- what is due ----------------------------------------------------------------------------------

def due_ids(connection: Connection, cutoff: date) -> list[int]:
    """Subscriptions with a fee period starting on or before ``cutoff``, unbilled usage or adjustments."""
    s = SUBSCRIPTIONS.c
    next_start = func.coalesce(s.billed_until, s.trial_end, s.start_date)
    fees = select(s.id).where(next_start <= cutoff,
                              or_(s.cancel_at.is_(None), next_start < s.cancel_at),
                              or_(s.ended_at.is_(None), next_start < s.ended_at))
    u = USAGE.c
    usage = select(u.subscription_id).where(u.bill_id.is_(None), u.period_start < cutoff).distinct()
    a = ADJUSTMENTS.c
    adjustments = select(a.subscription_id).where(a.bill_id.is_(None), a.effective <= cutoff).distinct()
    ids: set[int] = set()
    for query in (fees, usage, adjustments):
        ids.update(connection.scalars(query))
    return sorted(ids)



# --- loading a batch ------------------------------------------------------------------------------

def load_terms(connection: Connection, ids: Sequence[int]) -> list[SubscriptionTerms]:
    s = SUBSCRIPTIONS.c
    rows = connection.execute(select(
        s.id, s.customer_id, s.plan_version_id, s.start_date, s.trial_end, s.anchor, s.seats, s.modules,
        s.coupon_codes, s.paused_from, s.paused_until, s.cancel_at, s.ended_at, s.billed_until, s.status,
    ).where(s.id.in_(ids)).order_by(s.id))
    return [SubscriptionTerms(r.id, r.customer_id, r.plan_version_id, r.start_date, r.trial_end, r.anchor,
                              r.seats, frozenset(r.modules or ()), tuple(r.coupon_codes or ()), r.paused_from,
                              r.paused_until, r.cancel_at, r.ended_at, r.billed_until, r.status)
            for r in rows]


@dataclass
class Loaded:
    customers: dict[int, Any]
    usage: dict[int, dict[tuple[date, str], list[int]]]
    max_usage_id: dict[tuple[int, date], int]
    billed_periods: dict[int, set[date]]
    billed_records: dict[int, dict[tuple[date, str], list[int]]]
    adjustments: dict[int, list[tuple[int, str, Sequence[Any]]]]


def load_batch(connection: Connection, terms: Sequence[SubscriptionTerms], cutoff: date) -> Loaded:
    ids = [t.id for t in terms]
    c = CUSTOMERS.c
    customer_ids = sorted({t.customer_id for t in terms})
    customers = {row.id: row for row in connection.execute(
        select(c.id, c.code, c.name, c.address, c.tax_id, c.tier).where(c.id.in_(customer_ids)))}
    u = USAGE.c
    usage: dict[int, dict[tuple[date, str], list[int]]] = {}
    max_id: dict[tuple[int, date], int] = {}
    for row in connection.execute(select(u.id, u.subscription_id, u.period_start, u.meter, u.quantity_micro)
                                  .where(u.subscription_id.in_(ids), u.bill_id.is_(None), u.period_start < cutoff)
                                  .order_by(u.id)):
        usage.setdefault(row.subscription_id, {}).setdefault((row.period_start, row.meter), []) \
            .append(row.quantity_micro)
        max_id[(row.subscription_id, row.period_start)] = row.id
    k = KEYS.c
    starts = sorted({start for per in usage.values() for start, _ in per}
                    | {t.billed_until for t in terms if t.billed_until is not None})
    billed: dict[int, set[date]] = {}
    if starts:
        lowest = starts[0] - timedelta(days=800)  # the period before the next fee period, and late periods
        for key in connection.execute(select(k.subscription_id, k.period_start).where(
                k.subscription_id.in_(ids), k.period_start >= lowest, k.charge == COMMITMENT_CODE)):
            billed.setdefault(key.subscription_id, set()).add(key.period_start)
    late = [(sid, start) for sid, per in usage.items() for start, _ in per if start in billed.get(sid, ())]
    billed_records: dict[int, dict[tuple[date, str], list[int]]] = {}
    if late:
        condition = or_(*(and_(u.subscription_id == sid, u.period_start == start) for sid, start in set(late)))
        for record in connection.execute(select(u.subscription_id, u.period_start, u.meter, u.quantity_micro)
                                         .where(condition, u.bill_id.is_not(None)).order_by(u.id)):
            billed_records.setdefault(record.subscription_id, {}).setdefault((record.period_start, record.meter),
                                                                             []).append(record.quantity_micro)
    a = ADJUSTMENTS.c
    adjustments: dict[int, list[tuple[int, str, Sequence[Any]]]] = {}
    for item in connection.execute(select(a.id, a.subscription_id, a.kind, a.lines).where(
            a.subscription_id.in_(ids), a.bill_id.is_(None), a.effective <= cutoff).order_by(a.id)):
        adjustments.setdefault(item.subscription_id, []).append((item.id, item.kind, item.lines))
    return Loaded(customers, usage, max_id, billed, billed_records, adjustments)



def pending_of(loaded: Loaded, sub: SubscriptionTerms) -> Pending:
    """What is not billed yet for one subscription of the batch."""
    return Pending(loaded.usage.get(sub.id, {}), frozenset(loaded.billed_periods.get(sub.id, ())),
                   loaded.billed_records.get(sub.id, {}), loaded.adjustments.get(sub.id, ()))


# --- writing a batch ------------------------------------------------------------------------------

def write_batch(session: Session, context: Context, run_id: int, loaded: Loaded,
           drafts: Sequence[tuple[SubscriptionTerms, BillDraft]]) -> tuple[int, Decimal]:
    """Insert the batch's bills, lines and keys; mark its usage and adjustments; move ``billed_until``."""
    connection = session.connection()
    now, who = context.clock(), context.actor.display_name
    with_lines = [(sub, draft) for sub, draft in drafts if draft.lines]
    bill_rows = []
    for sub, draft in with_lines:
        customer = loaded.customers[sub.customer_id]
        net, tax, gross = draft.totals()
        assert draft.period is not None
        bill_rows.append({
            "kind": "bill", "status": "draft", "customer_id": sub.customer_id, "subscription_id": sub.id,
            "run_id": run_id, "period_start": draft.period.start, "period_end": draft.period.end,
            "currency": draft.currency, "tax_inclusive": draft.tax_inclusive, "total_net": net, "total_tax": tax,
            "total_gross": gross, "credit_applied": Decimal(0), "wallet_applied": Decimal(0), "amount_due": gross,
            "paid": Decimal(0), "customer_code": customer.code, "customer_name": customer.name,
            "customer_address": customer.address or "", "customer_tax_id": customer.tax_id or "",
            "snapshot": {"wallet_credits": draft.wallet_credits}, "notes": "", "created_at": now,
            "created_by": who, "version": 1,
        })
    bill_ids: list[int] = []
    if bill_rows:
        # one executemany, then the ids by (run, subscription): a run makes one bill per subscription
        connection.execute(insert(_RAW_BILLS), [_in_fen(row, _BILL_MONEY) for row in bill_rows])
        found = dict(connection.execute(select(BILLS.c.subscription_id, BILLS.c.id).where(
            BILLS.c.run_id == run_id, BILLS.c.subscription_id.in_([sub.id for sub, _ in with_lines]))).all())
        bill_ids = [found[sub.id] for sub, _ in with_lines]
    lines: list[dict[str, Any]] = []
    keys: list[dict[str, Any]] = []
    usage_marks: list[dict[str, Any]] = []
    adjustment_marks: list[dict[str, Any]] = []
    wallet_updates: list[tuple[int, int, Decimal]] = []
    total = Decimal(0)
    for bill_id, (sub, draft), row in zip(bill_ids, with_lines, bill_rows, strict=True):
        for position, line in enumerate(draft.lines):
            lines.append({
                "bill_id": bill_id, "position": position, "subscription_id": sub.id, "kind": line.kind,
                "charge": line.charge, "description": line.description, "product": line.product,
                "period_start": line.period.start, "period_end": line.period.end, "quantity": line.quantity,
                "unit": line.unit, "unit_price": line.unit_price, "net": line.net, "tax_rate": line.tax_rate,
                "tax": line.tax, "gross": line.gross, "discounted_line": line.discounted_line,
                "credited_line_id": None, "detail": line.detail,
            })
        keys.extend({"subscription_id": sub.id, "charge": charge, "period_start": start, "bill_id": bill_id,
                     "quantity": quantity} for charge, start, quantity in draft.keys)
        usage_marks.extend({"b_bill": bill_id, "b_sub": sub.id, "b_start": start,
                            "b_max": loaded.max_usage_id[(sub.id, start)]}
                           for start in draft.usage_periods if (sub.id, start) in loaded.max_usage_id)
        adjustment_marks.extend({"b_bill": bill_id, "b_id": adjustment} for adjustment in draft.adjustment_ids)
        wallet_updates.append((bill_id, sub.customer_id, row["total_gross"] - draft.top_ups))
        total += row["total_gross"]
    if lines:
        connection.execute(insert(_RAW_LINES), [_in_fen(line, _LINE_MONEY) for line in lines])
    if keys:
        connection.execute(insert(KEYS), keys)
    _mark(connection, usage_marks, adjustment_marks)
    s = SUBSCRIPTIONS
    moved = [{"b_id": sub.id, "b_until": draft.billed_until} for sub, draft in drafts
             if draft.billed_until is not None and draft.billed_until != sub.billed_until]
    if moved:
        connection.execute(update(s).where(s.c.id == bindparam("b_id")).values(billed_until=bindparam("b_until")),
                           moved)
    total -= _apply_wallets(session, wallet_updates, who, now)
    return len(bill_ids), total


def _mark(connection: Connection, usage_marks: list[dict[str, Any]], adjustment_marks: list[dict[str, Any]]) -> None:
    if usage_marks:
        u = USAGE
        connection.execute(update(u).where(u.c.subscription_id == bindparam("b_sub"),
                                           u.c.period_start == bindparam("b_start"), u.c.bill_id.is_(None),
                                           u.c.id <= bindparam("b_max")).values(bill_id=bindparam("b_bill")),
                           usage_marks)
    if adjustment_marks:
        a = ADJUSTMENTS
        connection.execute(update(a).where(a.c.id == bindparam("b_id")).values(bill_id=bindparam("b_bill")),
                           adjustment_marks)


def _apply_wallets(session: Session, updates: Iterable[tuple[int, int, Decimal]], who: str,
                   now: datetime) -> Decimal:
    """Prepaid wallets pay what they can of each new bill (after credit notes; never a top-up)."""
    wanted = [(bill_id, customer_id, payable) for bill_id, customer_id, payable in updates if payable > 0]
    if not wanted:
        return Decimal(0)
    w = WALLETS.c
    holders = set(session.scalars(select(w.customer_id).where(
        w.customer_id.in_(sorted({customer for _, customer, _ in wanted})), w.balance > Decimal(0))))
    drawn_total = Decimal(0)
    connection = session.connection()
    bills = BILLS
    for bill_id, customer_id, payable in wanted:
        if customer_id not in holders:
            continue
        drawn = wallets.draw_what_it_can(session, customer_id, payable, bill_id, who, now)
        if drawn > 0:
            connection.execute(update(bills).where(bills.c.id == bill_id).values(
                wallet_applied=drawn, amount_due=bills.c.amount_due - drawn))
            drawn_total += drawn
    return drawn_total


