"""Bill runs (账单批处理): draft bills for every due subscription at a cut-off date.

- **One run at a time per database**: the ``run_locks`` row "bill_run" is taken with one conditional
  UPDATE (atomic on every backend) and names its holder; a holder whose process died on this desktop,
  or who showed no life for ``STALE_AFTER``, is taken over. Several desktops on PostgreSQL or MariaDB
  cannot run two at once.
- **Set-based and batched**: the due subscriptions are found with three queries; each batch of
  ``BATCH`` subscriptions is loaded with a handful of queries (``bill_run_io``: terms, customers, usage,
  keys, adjustments), priced (``bill_run_pricing``: in this process, or — from ``PARALLEL_FROM`` due
  subscriptions on — in a second process while this one writes the previous batch and reads the next)
  and written with bulk inserts in one transaction. No ORM object per line. Usage records are marked
  billed up to the highest id loaded, so records imported meanwhile wait for the next run.
- **Idempotent and resumable**: a batch commits its bills, lines, keys (``billed_charges``: UNIQUE per
  subscription, charge and period start), the usage records' bill and the subscriptions' ``billed_until``
  together, or nothing. Killed at any point, a rerun finds what is left and bills exactly that; a
  finished run run again finds nothing due and reports the keys it met as "already billed".
- **Deterministic**: subscriptions in id order, lines in plan order; the same data and cut-off give the
  same bills.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from concurrent.futures import Future
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from sqlalchemy import Connection, func, insert, select, update

from desktop_app.errors import DomainError
from desktop_app.services import numbering
from desktop_app.services.bill_drafts import BillDraft, SubscriptionTerms
from desktop_app.services.bill_run_io import (
    KEYS,
    LOCKS,
    RUNS,
    SUBSCRIPTIONS,
    Loaded,
    due_ids,
    load_batch,
    load_terms,
    pending_of,
    write_batch,
)
from desktop_app.services.bill_run_pricing import Catalog, Item, PricingPool, price_batch, read_catalog, result_of
from desktop_app.services.context import Context
from desktop_app.services.subscriptions import advance_statuses

__all__ = ["BATCH", "PARALLEL_FROM", "RunSummary", "due_count", "run_bills"]

BATCH = 1000
PARALLEL_FROM = 5000
"""From this many due subscriptions on, a second process prices while this one reads and writes."""

STALE_AFTER = timedelta(minutes=10)  # a batch takes seconds; a holder silent this long is gone
LOCK = "bill_run"

Progress = Callable[[int, int], None]
Cancelled = Callable[[], bool]


@dataclass(frozen=True)
class RunSummary:
    run_id: int
    cutoff: date
    status: str  # finished | cancelled
    due: int
    bills: int
    already_billed: int
    total_gross: Decimal


# --- the run lock ---------------------------------------------------------------------------------

def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):
        return True
    return True


def _ensure_lock_row(context: Context) -> None:
    """The lock row exists from the schema on; a database emptied row by row gets it back here."""
    from sqlalchemy.exc import IntegrityError

    with context.database.engine.begin() as connection:
        if connection.scalar(select(LOCKS.c.name).where(LOCKS.c.name == LOCK)) is not None:
            return
    try:
        with context.database.engine.begin() as connection:
            connection.execute(insert(LOCKS).values(name=LOCK, holder="", desktop="", pid=0))
    except IntegrityError:
        pass  # another desktop created it at the same moment


def _acquire(context: Context) -> None:
    """Take the run lock with one conditional UPDATE, or ``bill_run.locked`` naming its holder."""
    _ensure_lock_row(context)
    now = context.clock()
    table = LOCKS
    with context.database.engine.begin() as connection:
        row = connection.execute(select(table).where(table.c.name == LOCK)).one()
        free = not row.holder or (row.heartbeat_at is not None and now - _aware(row.heartbeat_at) > STALE_AFTER) \
            or (row.desktop == context.desktop and row.pid != os.getpid() and not _alive(row.pid))
        taken = 0
        if free:
            taken = connection.execute(
                update(table).where(table.c.name == LOCK, table.c.holder == row.holder, table.c.pid == row.pid)
                .values(holder=context.actor.display_name, desktop=context.desktop, pid=os.getpid(),
                        acquired_at=now, heartbeat_at=now)).rowcount
        if not taken:
            since = _aware(row.acquired_at).isoformat(timespec="minutes") if row.acquired_at else ""
            raise DomainError("bill_run.locked", holder=row.holder, desktop=row.desktop, since=since)
        if row.holder and row.run_id is not None:  # taken over from a run that died: say so on its row
            connection.execute(update(RUNS).where(RUNS.c.id == row.run_id, RUNS.c.status == "running")
                               .values(status="interrupted", finished_at=now))


def _aware(value: datetime) -> datetime:
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def _heartbeat(connection: Connection, context: Context, run_id: int) -> None:
    table = LOCKS
    connection.execute(update(table).where(table.c.name == LOCK, table.c.pid == os.getpid(),
                                           table.c.desktop == context.desktop)
                       .values(heartbeat_at=context.clock(), run_id=run_id))


def _release(context: Context) -> None:
    table = LOCKS
    with context.database.engine.begin() as connection:
        connection.execute(update(table).where(table.c.name == LOCK, table.c.pid == os.getpid(),
                                               table.c.desktop == context.desktop)
                           .values(holder="", desktop="", pid=0, run_id=None))


def due_count(context: Context, cutoff: date) -> int:
    """How many subscriptions a run at ``cutoff`` would look at (for the dialog's summary before)."""
    context.require("bills.create")
    with context.database.engine.connect() as connection:
        return len(due_ids(connection, cutoff))


# --- the run --------------------------------------------------------------------------------------

@dataclass
class _Batch:
    ids: Sequence[int]
    terms: list[SubscriptionTerms]
    loaded: Loaded
    drafts: list[BillDraft] | Future[list[BillDraft] | DomainError]


def _read(context: Context, ids: Sequence[int], cutoff: date) -> tuple[list[SubscriptionTerms], Loaded]:
    with context.unit_of_work(write=False) as uow:
        connection = uow.session.connection()
        terms = load_terms(connection, ids)
        return terms, load_batch(connection, terms, cutoff)


def _items(terms: Sequence[SubscriptionTerms], loaded: Loaded) -> list[Item]:
    return [(sub, pending_of(loaded, sub), loaded.customers[sub.customer_id].tier or None) for sub in terms]


def _write(context: Context, run_id: int, batch: _Batch) -> tuple[int, Decimal]:
    """One transaction per batch: its bills, lines, keys, marks and the run's counters, or nothing."""
    drafts = batch.drafts if isinstance(batch.drafts, list) else result_of(batch.drafts)
    with context.unit_of_work() as uow:
        connection = uow.session.connection()
        _heartbeat(connection, context, run_id)
        count, total = write_batch(uow.session, context, run_id, batch.loaded,
                                   list(zip(batch.terms, drafts, strict=True)))
        connection.execute(update(RUNS).where(RUNS.c.id == run_id).values(
            bills=RUNS.c.bills + count, total_gross=RUNS.c.total_gross + total))
        uow.audit("bill_run.batch", "bill_run", run_id, subscriptions=len(batch.ids), bills=count,
                  first=batch.ids[0], last=batch.ids[-1])
        uow.commit()
    return count, total


def _already_billed(context: Context, cutoff: date) -> int:
    """Keys of fee periods that contain the cut-off: what a repeated run finds already billed."""
    k = KEYS.c
    s = SUBSCRIPTIONS.c
    with context.database.engine.connect() as connection:
        return int(connection.scalar(select(func.count(func.distinct(k.subscription_id))).select_from(
            KEYS.join(SUBSCRIPTIONS, s.id == k.subscription_id)).where(
            s.billed_until > cutoff, k.period_start <= cutoff)) or 0)


def _close(context: Context, run_id: int, status: str, cutoff: date, due: int, bills: int, total: Decimal,
           already: int) -> None:
    with context.unit_of_work() as uow:
        uow.session.execute(update(RUNS).where(RUNS.c.id == run_id).values(
            status=status, finished_at=context.clock(), already_billed=already))
        uow.audit(f"bill_run.{status}", "bill_run", run_id, cutoff=cutoff, due=due, bills=bills, total_gross=total,
                  already_billed=already)
        uow.commit()


def run_bills(context: Context, cutoff: date, *, progress: Progress | None = None,
              cancelled: Cancelled | None = None, batch: int = BATCH, parallel: bool | None = None) -> RunSummary:
    """Bill every due subscription at ``cutoff`` into draft bills (see the module docstring).

    ``progress(done, due)`` is called after each batch; ``cancelled()`` is asked between batches (the
    batches done stay; a rerun continues). ``parallel``: price in a second process (default: from
    ``PARALLEL_FROM`` due subscriptions on). Raises ``bill_run.locked`` naming who runs one already."""
    context.require("bills.create")
    _acquire(context)
    try:
        with context.unit_of_work() as uow:
            # statuses as of the cut-off (never ahead of today): trials over become active, cancellations end
            today = numbering.database_today(uow.session, numbering.company_time_zone(uow.session))
            advance_statuses(uow, min(cutoff, today), scoped=False)
            connection = uow.session.connection()
            ids = due_ids(connection, cutoff)
            run_id = connection.execute(insert(RUNS).returning(RUNS.c.id).values(
                cutoff=cutoff, status="running", started_at=context.clock(), started_by=context.actor.display_name,
                desktop=context.desktop, due=len(ids), bills=0, already_billed=0, total_gross=Decimal(0),
                detail={})).scalar_one()
            uow.audit("bill_run.start", "bill_run", run_id, cutoff=cutoff, due=len(ids))
            uow.commit()
        with context.database.engine.connect() as connection:
            raw = read_catalog(connection)
        catalog = Catalog(raw)
        pool = PricingPool(raw) if (parallel if parallel is not None else len(ids) >= PARALLEL_FROM) else None
        done, status = 0, "finished"
        bills, total = 0, Decimal(0)
        waiting: _Batch | None = None  # read and priced (or being priced), not written yet
        try:
            for start in range(0, len(ids) + batch, batch):
                chunk = ids[start:start + batch]
                current = None
                if chunk and not (cancelled is not None and cancelled()):
                    terms, loaded = _read(context, chunk, cutoff)
                    items = _items(terms, loaded)
                    drafts = pool.submit(items, cutoff) if pool else price_batch(catalog, items, cutoff)
                    current = _Batch(chunk, terms, loaded, drafts)
                elif chunk:
                    status = "cancelled"
                if waiting is not None:  # written while the next batch is priced in the other process
                    count, amount = _write(context, run_id, waiting)
                    bills, total, done = bills + count, total + amount, done + len(waiting.ids)
                    if progress is not None:
                        progress(done, len(ids))
                waiting = current
                if current is None:
                    break
        except BaseException:  # a failure, or a progress callback that stops the run: the batches done stay
            _close(context, run_id, "interrupted", cutoff, len(ids), bills, total, 0)
            raise
        finally:
            if pool is not None:
                pool.close()
        already = max(_already_billed(context, cutoff) - bills, 0) if status == "finished" else 0
        _close(context, run_id, status, cutoff, len(ids), bills, total, already)
        return RunSummary(run_id, cutoff, status, len(ids), bills, already, total)
    finally:
        _release(context)
