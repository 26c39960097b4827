"""Writing one batch of a bill run: one bulk statement per table through the driver's cursor (``Raw``).

The rows come packed from the pricing step (``bill_run_batch``); this fills in the run, who and when, and the
new bill ids, then writes: bills, lines, keys (``billed_charges``, UNIQUE per subscription, charge and period
start: a second run cannot bill a period again), the marks of the usage periods billed (``bill_run_marks``),
the adjustments' bill, and the subscriptions' new ``billed_until`` with their version raised. Rows go in with
``COPY`` on PostgreSQL, ``executemany`` elsewhere. Checks make the batch all or nothing against work done meanwhile on
another desktop: every subscription must still have the version the batch read (a change or a deleted draft
since then), and the usage must be what was priced — on SQLite the batch's fingerprint is unchanged (no
record imported or removed, no draft deleted), on PostgreSQL and MariaDB the batch stamps exactly the
records it priced (a record committed late with a lower id, or one undone meanwhile). A mismatch raises
``BatchChanged``: the caller rolls back and reads, prices and writes the batch again.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import update
from sqlalchemy.orm import Session

from desktop_app.billing.money import from_fen
from desktop_app.services import wallets
from desktop_app.services.bill_run_batch import BatchRows
from desktop_app.services.bill_run_io import BILLS, Raw, marks
from desktop_app.services.bill_run_marks import MARK_COLUMNS, stamp_batch
from desktop_app.services.bill_run_read import fingerprint
from desktop_app.services.bill_run_rows import LINE_COLUMNS

__all__ = ["BatchChanged", "write_batch"]

_BILL_COLUMNS = ("kind", "status", "customer_id", "subscription_id", "run_id", "period_start", "period_end",
                 "currency", "tax_inclusive", "total_net", "total_tax", "total_gross", "snapshot", "credit_applied",
                 "wallet_applied", "amount_due", "paid", "customer_code", "customer_name", "customer_address",
                 "customer_tax_id", "notes", "created_at", "created_by", "version")
_KEY_COLUMNS = ("bill_id", "subscription_id", "charge", "period_start", "quantity")
_MARK_ADJUSTMENT = "UPDATE subscription_adjustments SET bill_id = ? WHERE id = ? AND bill_id IS NULL"
_MOVE = ("UPDATE subscriptions SET billed_until = COALESCE(?, billed_until), version = version + 1, updated_at = ?, "
         "updated_by = ? WHERE id = ? AND version = ?")
_MOVE_ALL = ("UPDATE subscriptions AS s SET billed_until = COALESCE(v.until, s.billed_until), version = s.version + 1, "
             "updated_at = %s, updated_by = %s FROM unnest(%s::integer[], %s::integer[], %s::date[]) AS v(id, version, "
             "until) WHERE s.id = v.id AND s.version = v.version")
"""PostgreSQL: the batch's subscriptions in one statement (arrays), not one per subscription."""


class BatchChanged(Exception):
    """The batch's subscriptions or usage changed after it was read: roll back and do it again."""


def write_batch(session: Session, run_id: int, ids: Sequence[int], batch: BatchRows, who: str, now: datetime,
                cutoff: date) -> tuple[int, Decimal]:
    """Store the batch of subscriptions ``ids`` (see the module docstring); returns the bills made and their
    total after wallets."""
    raw = Raw(session.connection())
    if batch.fingerprint is not None and fingerprint(raw, ids, cutoff) != batch.fingerprint:
        raise BatchChanged("usage records or bills changed")
    created = raw.stored_time(now)
    bills = [("bill", "draft", customer, sid, run_id, start, end, currency, inclusive, net, tax, gross, snapshot,
              0, 0, gross, 0, code, name, address, tax_id, "", created, who, 1)
             for customer, sid, start, end, currency, inclusive, net, tax, gross, snapshot, code, name, address, tax_id
             in batch.bills]
    bill_ids = _insert_bills(raw, run_id, [bill[1] for bill in batch.bills], bills)
    _insert_numbered(raw, "bill_lines", LINE_COLUMNS, batch.lines, bill_ids)
    _insert_numbered(raw, "billed_charges", _KEY_COLUMNS, batch.keys, bill_ids)
    if raw.sqlite:
        _insert_numbered(raw, "billed_usage_periods", MARK_COLUMNS, batch.marks, bill_ids)  # stamped after the run
    elif stamp_batch(raw, _numbered(batch.marks, bill_ids)) != batch.usage_count:
        raise BatchChanged("usage records changed")
    adjustments = [(bill_ids[n], adjustment) for n, adjustment in batch.adjustments]
    if raw.many(_MARK_ADJUSTMENT, adjustments) != len(adjustments):
        raise BatchChanged("adjustments changed")
    if _move(raw, batch.moves, created, who) != len(batch.moves):  # a change meanwhile fails the batch
        raise BatchChanged("subscriptions changed")
    payable = [(bill_ids[n], customer, from_fen(fen)) for n, customer, fen in batch.payable]
    return len(bills), from_fen(batch.gross) - _apply_wallets(session, payable, who, now)


def _numbered(rows: list[tuple[Any, ...]], bill_ids: list[int]) -> list[tuple[Any, ...]]:
    """Rows whose first value is the bill's number in the batch, with the bill's id instead."""
    return [(bill_ids[row[0]], *row[1:]) for row in rows]


def _insert_numbered(raw: Raw, table: str, columns: Sequence[str], rows: list[tuple[Any, ...]],
                     bill_ids: list[int]) -> None:
    """Insert rows whose first column (``bill_id``) holds the bill's number: SQLite adds the first id in the
    statement itself (a batch's ids are consecutive there), elsewhere the ids are put in."""
    if raw.sqlite and rows:
        sql = raw.insert_sql(table, columns).replace("VALUES (?", f"VALUES (? + {int(bill_ids[0])}", 1)
        raw.many(sql, rows)
        return
    raw.insert(table, columns, _numbered(rows, bill_ids))


def _move(raw: Raw, subscriptions: list[tuple[int, int, date | None]], created: Any, who: str) -> int:
    """Raise each (subscription, version read, new ``billed_until`` or None)'s version and move its
    ``billed_until``; returns how many still had the version read."""
    if not subscriptions:
        return 0
    if raw.postgresql:
        ids, versions, until = (list(column) for column in zip(*subscriptions, strict=True))
        return raw.execute(_MOVE_ALL, [created, who, ids, versions, until])
    return raw.many(_MOVE, [(raw.stored_day(day), created, who, sid, version) for sid, version, day in subscriptions])


def _insert_bills(raw: Raw, run_id: int, subscriptions: list[int], bills: list[tuple[Any, ...]]) -> list[int]:
    """Insert the bills; their ids in order. SQLite: this transaction holds the only write lock (BEGIN
    IMMEDIATE), so the ids are given here, after the highest; PostgreSQL: taken from the table's sequence
    first (any gap is harmless: bill numbers are counted elsewhere); MariaDB gives them and they are read
    back by run and subscription (a run makes one bill per subscription)."""
    if not bills:
        return []
    given: list[int] = []
    if raw.sqlite:
        first = int(raw.rows("SELECT COALESCE(MAX(id), 0) FROM bills")[0][0]) + 1
        given = list(range(first, first + len(bills)))
    elif raw.postgresql:
        given = sorted(row[0] for row in raw.rows(
            "SELECT nextval(pg_get_serial_sequence('bills', 'id')) FROM generate_series(1, ?)", [len(bills)]))
    if given:
        raw.insert("bills", ("id", *_BILL_COLUMNS), [(bill_id, *bill) for bill_id, bill in zip(given, bills,
                                                                                              strict=True)])
        return given
    raw.insert("bills", _BILL_COLUMNS, bills)
    found = dict(raw.rows(f"SELECT subscription_id, id FROM bills WHERE run_id = ? AND subscription_id IN "
                          f"({marks(len(subscriptions))})", [run_id, *subscriptions]))
    return [found[sid] for sid in subscriptions]


def _apply_wallets(session: Session, wanted: Sequence[tuple[int, int, Decimal]], who: str,
                   now: datetime) -> Decimal:
    """Prepaid wallets pay what they can of each new bill (after credit notes; never a top-up)."""
    if not wanted:
        return Decimal(0)
    customers = sorted({customer for _, customer, _ in wanted})
    holders = {row[0] for row in Raw(session.connection()).rows(  # balance in fen, as stored
        f"SELECT customer_id FROM wallets WHERE balance > 0 AND customer_id IN ({marks(len(customers))})",
        customers)}
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
