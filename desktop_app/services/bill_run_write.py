"""Writing one batch of a bill run: one ``executemany`` per table through the driver's cursor (``Raw``).

The rows come ready from the pricing step (``bill_run_rows``); this fills in the run, the customer snapshot
and the new bill ids (read back by run and subscription: a run makes one bill per subscription), then:
bills, lines, keys (``billed_charges``, UNIQUE per subscription, charge and period start: a second run
cannot bill a period again), the usage records' bill, the adjustments' bill, and the subscriptions' new
``billed_until`` with their version raised. Two checks make the batch all or nothing against work done
meanwhile on another desktop: every subscription must still have the version the batch read (a change
or a deleted draft since then), and every usage period must mark exactly the records that were priced
(a record committed late with a lower id, or one undone meanwhile). Either mismatch raises
``BatchChanged``: the caller rolls back and reads, prices and writes the batch again.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from desktop_app.billing.money import from_fen
from desktop_app.services import wallets
from desktop_app.services.bill_run_io import BILLS, WALLETS, Raw, marks
from desktop_app.services.bill_run_read import Loaded
from desktop_app.services.bill_run_rows import LINE_COLUMNS, DraftRows

__all__ = ["BatchChanged", "write_batch"]

_BILL_COLUMNS = ("kind", "status", "customer_id", "subscription_id", "run_id", "period_start", "period_end",
                 "currency", "tax_inclusive", "total_net", "total_tax", "total_gross", "snapshot", "credit_applied",
                 "wallet_applied", "amount_due", "paid", "customer_code", "customer_name", "customer_address",
                 "customer_tax_id", "notes", "created_at", "created_by", "version")
_KEY_COLUMNS = ("bill_id", "subscription_id", "charge", "period_start", "quantity")
_MARK_USAGE = ("UPDATE usage_records SET bill_id = ? "
               "WHERE subscription_id = ? AND period_start = ? AND bill_id IS NULL AND id <= ?")
_MARK_ADJUSTMENT = "UPDATE subscription_adjustments SET bill_id = ? WHERE id = ? AND bill_id IS NULL"
_MOVE = ("UPDATE subscriptions SET billed_until = ?, version = version + 1, updated_at = ?, updated_by = ? "
         "WHERE id = ? AND version = ?")
_BUMP = "UPDATE subscriptions SET version = version + 1, updated_at = ?, updated_by = ? WHERE id = ? AND version = ?"


class BatchChanged(Exception):
    """The batch's subscriptions or usage changed after it was read: roll back and do it again."""


def write_batch(session: Session, run_id: int, loaded: Loaded, rows: Sequence[DraftRows], who: str,
                now: datetime) -> tuple[int, Decimal]:
    """Store the batch (see the module docstring); returns the bills made and their total after wallets."""
    raw = Raw(session.connection())
    created = raw.stored_time(now)
    billed = [row for row in rows if row.bill is not None]
    bills = []
    for row in billed:
        customer = loaded.customers[row.customer_id]
        start, end, currency, inclusive, net, tax, gross, snapshot = row.bill  # type: ignore[misc]
        bills.append(("bill", "draft", row.customer_id, row.subscription_id, run_id, start, end, currency, inclusive,
                      net, tax, gross, snapshot, 0, 0, gross, 0, customer.code, customer.name, customer.address,
                      customer.tax_id, "", created, who, 1))
    subscriptions = [row.subscription_id for row in billed]
    found = _insert_bills(raw, run_id, subscriptions, bills)
    lines: list[tuple[Any, ...]] = []
    keys: list[tuple[Any, ...]] = []
    usage: list[tuple[Any, ...]] = []
    adjustments: list[tuple[int, int]] = []
    payable: list[tuple[int, int, Decimal]] = []
    expected_usage = 0
    for row in billed:
        bill_id, sid = found[row.subscription_id], row.subscription_id
        lines.extend((bill_id, *line) for line in row.lines)
        keys.extend((bill_id, sid, charge, start, quantity) for charge, start, quantity in row.keys)
        for start in row.usage_periods:
            top = loaded.max_usage_id.get((sid, start))
            if top is not None:
                usage.append((bill_id, sid, raw.stored_day(start), top))
                expected_usage += loaded.usage_count[(sid, start)]
        adjustments.extend((bill_id, adjustment) for adjustment in row.adjustment_ids)
        if row.payable > 0:
            payable.append((bill_id, row.customer_id, from_fen(row.payable)))
    raw.many(raw.insert_sql("bill_lines", LINE_COLUMNS), lines)
    raw.many(raw.insert_sql("billed_charges", _KEY_COLUMNS), keys)
    if raw.many(_MARK_USAGE, usage) != expected_usage:
        raise BatchChanged("usage records changed")
    if raw.many(_MARK_ADJUSTMENT, adjustments) != len(adjustments):
        raise BatchChanged("adjustments changed")
    until = {row.subscription_id: row.billed_until for row in rows if row.billed_until is not None}
    touched = sorted(set(subscriptions) | set(until))
    moved = [(raw.stored_day(until[sid]), created, who, sid, loaded.versions[sid]) for sid in touched if sid in until]
    kept = [(created, who, sid, loaded.versions[sid]) for sid in touched if sid not in until]
    if raw.many(_MOVE, moved) + raw.many(_BUMP, kept) != len(touched):
        raise BatchChanged("subscriptions changed")
    total = sum((row.bill[6] for row in billed), 0)  # type: ignore[index]
    return len(billed), from_fen(total) - _apply_wallets(session, payable, who, now)


def _insert_bills(raw: Raw, run_id: int, subscriptions: list[int], bills: list[tuple[Any, ...]]) -> dict[int, int]:
    """Insert the bills; their ids by subscription. SQLite: this transaction holds the only write lock
    (BEGIN IMMEDIATE), so the ids are given here, after the highest; elsewhere the database gives them and
    they are read back by run and subscription (a run makes one bill per subscription)."""
    if not bills:
        return {}
    if raw.sqlite:
        first = int(raw.rows("SELECT COALESCE(MAX(id), 0) FROM bills")[0][0]) + 1
        raw.many(raw.insert_sql("bills", ("id", *_BILL_COLUMNS)),
                 [(first + n, *bill) for n, bill in enumerate(bills)])
        return {sid: first + n for n, sid in enumerate(subscriptions)}
    raw.many(raw.insert_sql("bills", _BILL_COLUMNS), bills)
    return dict(raw.rows(f"SELECT subscription_id, id FROM bills WHERE run_id = ? AND subscription_id IN "
                         f"({marks(len(subscriptions))})", [run_id, *subscriptions]))


def _apply_wallets(session: Session, wanted: Sequence[tuple[int, int, Decimal]], who: str,
                   now: datetime) -> Decimal:
    """Prepaid wallets pay what they can of each new bill (after credit notes; never a top-up)."""
    if not wanted:
        return Decimal(0)
    w = WALLETS.c
    holders = set(session.scalars(select(w.customer_id).where(
        w.customer_id.in_(sorted({customer for _, customer, _ in wanted})), w.balance > Decimal(0))))
    drawn_total = Decimal(0)
    connection = session.connection()
    for bill_id, customer_id, payable in wanted:
        if customer_id not in holders:
            continue
        drawn = wallets.draw_what_it_can(session, customer_id, payable, bill_id, who, now)
        if drawn > 0:
            connection.execute(update(BILLS).where(BILLS.c.id == bill_id).values(
                wallet_applied=drawn, amount_due=BILLS.c.amount_due - drawn))
            drawn_total += drawn
    return drawn_total
