"""Bill runs (账单批处理): draft bills for every due subscription at a cut-off date.

- **One run at a time per database**: the ``run_locks`` row "bill_run" is taken with one conditional
  UPDATE (atomic on every backend) and names its holder; a holder whose process died on this desktop,
  or who showed no life for ``STALE_AFTER``, is taken over. Several desktops on PostgreSQL or MariaDB
  cannot run two at once.
- **Set-based and batched**: the due subscriptions are found with three queries; each batch of
  ``BATCH`` subscriptions is read with a handful of queries (``bill_run_read``), priced into rows ready to
  store (``bill_run_pricing`` + ``bill_run_rows``: in this process, or — from ``PARALLEL_FROM`` due
  subscriptions on — in worker processes while this one reads the next batches and writes the earlier
  ones) and written with one ``executemany`` per table in one transaction (``bill_run_write``), all
  through the driver's own cursor: no ORM object and no per-value processing on this path.
- **Safe against work done meanwhile**: the write checks that every subscription still has the version
  the batch read (and raises it), and that each usage period marks exactly the records that were priced;
  otherwise the batch is rolled back and read, priced and written again (``ATTEMPTS``). Records imported
  meanwhile wait for the next run.
- **Idempotent and resumable**: a batch commits its bills, lines, keys (``billed_charges``: UNIQUE per
  subscription, charge and period start), the usage records' bill and the subscriptions' ``billed_until``
  together, or nothing. Killed at any point, a rerun finds what is left and bills exactly that; a
  finished run run again finds nothing due and reports the keys it met as "already billed".
- **Deterministic**: subscriptions in id order, lines in plan order; the same data and cut-off give the
  same bills.
"""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Callable, Sequence
from concurrent.futures import Future
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from sqlalchemy import Connection, func, insert, select, update

from desktop_app.errors import DomainError
from desktop_app.services import numbering
from desktop_app.services.bill_run_io import KEYS, LOCKS, RUNS, SUBSCRIPTIONS, Raw, due_ids
from desktop_app.services.bill_run_pricing import Catalog, PricingPool, RawCatalog, price_batch, read_catalog, result_of
from desktop_app.services.bill_run_read import Loaded, load_batch, load_terms, pending_of
from desktop_app.services.bill_run_rows import DraftRows
from desktop_app.services.bill_run_write import BatchChanged, write_batch
from desktop_app.services.context import Context
from desktop_app.services.subscriptions import advance_statuses

__all__ = ["BATCH", "PARALLEL_FROM", "RunSummary", "due_count", "run_bills"]

BATCH = 5000
PARALLEL_FROM = 5000
"""From this many due subscriptions on, worker processes price while this one reads and writes."""
WORKERS = max(1, min(2, (os.cpu_count() or 1)))
"""Pricing processes of a big run: the main process mostly waits on the database, so one per core (two
at most: more batches in flight only cost memory)."""

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
    table = LOCKS
    with context.database.engine.begin() as connection:
        now = numbering.database_now(connection)  # the database's clock: desktops' clocks may disagree
        row = connection.execute(select(table).where(table.c.name == LOCK)).one()
        free = not row.holder or (row.heartbeat_at is not None and now - _aware(row.heartbeat_at) > STALE_AFTER) \
            or (row.desktop == context.desktop and row.pid != os.getpid() and not numbering.process_alive(row.pid))
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
    """Show life (by the database's clock) at the start of each batch's transaction; a run whose lock was
    taken over meanwhile (it was judged dead) stops before writing anything more."""
    table = LOCKS
    alive = connection.execute(update(table).where(table.c.name == LOCK, table.c.pid == os.getpid(),
                                                   table.c.desktop == context.desktop)
                               .values(heartbeat_at=numbering.database_now(connection), run_id=run_id)).rowcount
    if not alive:
        raise DomainError("bill_run.lock_lost", minutes=int(STALE_AFTER.total_seconds() // 60))


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
    loaded: Loaded
    rows: list[DraftRows] | Future[list[DraftRows] | DomainError]


class _Pricing:
    """Where batches are priced: in this process, or by a pool of worker processes."""

    def __init__(self, context: Context, raw_catalog: RawCatalog, workers: int) -> None:
        self.catalog = Catalog(raw_catalog)
        self.pool = PricingPool(raw_catalog, workers) if workers else None
        self.text_dates = context.database.engine.dialect.name == "sqlite"

    def read(self, context: Context, ids: Sequence[int], cutoff: date, here: bool = False) -> _Batch:
        with context.unit_of_work(write=False) as uow:
            raw = Raw(uow.session.connection())
            terms, versions = load_terms(raw, ids)
            loaded = load_batch(raw, terms, versions, cutoff)
        items = [(sub, pending_of(loaded, sub), loaded.customers[sub.customer_id].tier) for sub in terms]
        if self.pool is not None and not here:
            return _Batch(ids, loaded, self.pool.submit(items, cutoff, self.text_dates))
        return _Batch(ids, loaded, price_batch(self.catalog, items, cutoff, self.text_dates))

    def close(self) -> None:
        if self.pool is not None:
            self.pool.close()


ATTEMPTS = 3
"""Times a batch is read, priced and written when another desktop changed its subscriptions meanwhile."""


def _write(context: Context, run_id: int, batch: _Batch, pricing: _Pricing, cutoff: date) -> tuple[int, Decimal]:
    """One transaction per batch: its bills, lines, keys, marks and the run's counters, or nothing."""
    for _attempt in range(ATTEMPTS):
        rows = batch.rows if isinstance(batch.rows, list) else result_of(batch.rows)
        try:
            with context.unit_of_work() as uow:
                connection = uow.session.connection()
                _heartbeat(connection, context, run_id)
                count, total = write_batch(uow.session, run_id, batch.loaded, rows, context.actor.display_name,
                                           context.clock())
                connection.execute(update(RUNS).where(RUNS.c.id == run_id).values(
                    bills=RUNS.c.bills + count, total_gross=RUNS.c.total_gross + total))
                uow.audit("bill_run.batch", "bill_run", run_id, subscriptions=len(batch.ids), bills=count,
                          first=batch.ids[0], last=batch.ids[-1])
                uow.commit()
            return count, total
        except BatchChanged:  # rolled back: read the batch again as it is now
            batch = pricing.read(context, batch.ids, cutoff, here=True)
    raise DomainError("bill_run.changed_meanwhile")


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
            raw_catalog = read_catalog(connection)
        wanted = parallel if parallel is not None else len(ids) >= PARALLEL_FROM
        pricing = _Pricing(context, raw_catalog, WORKERS if wanted else 0)
        done, status = 0, "finished"
        bills, total = 0, Decimal(0)
        waiting: deque[_Batch] = deque()  # read and priced (or being priced), not written yet
        ahead = pricing.pool.workers if pricing.pool is not None else 0

        def write_oldest() -> None:
            nonlocal bills, total, done
            oldest = waiting.popleft()
            count, amount = _write(context, run_id, oldest, pricing, cutoff)
            bills, total, done = bills + count, total + amount, done + len(oldest.ids)
            if progress is not None:
                progress(done, len(ids))

        try:
            for start in range(0, len(ids), batch):
                if cancelled is not None and cancelled():
                    status = "cancelled"
                    break
                waiting.append(pricing.read(context, ids[start:start + batch], cutoff))
                while len(waiting) > ahead:  # the oldest is written while the newer ones are priced
                    write_oldest()
            while waiting:
                write_oldest()
        except BaseException:  # a failure, or a progress callback that stops the run: the batches done stay
            _close(context, run_id, "interrupted", cutoff, len(ids), bills, total, 0)
            raise
        finally:
            pricing.close()
        already = max(_already_billed(context, cutoff) - bills, 0) if status == "finished" else 0
        _close(context, run_id, status, cutoff, len(ids), bills, total, already)
        return RunSummary(run_id, cutoff, status, len(ids), bills, already, total)
    finally:
        _release(context)
