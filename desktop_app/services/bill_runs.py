"""Bill runs (账单批处理): draft bills for every due subscription at a cut-off date.

- **One run at a time per database**: the ``run_locks`` row "bill_run" is taken with one conditional
  UPDATE (atomic on every backend) and names its holder; a holder whose process died on this desktop,
  or who showed no life for ``STALE_AFTER``, is taken over. Several desktops on PostgreSQL or MariaDB
  cannot run two at once.
- **Set-based and batched**: the due subscriptions are found with four queries; each batch of
  ``BATCH`` subscriptions is read with a handful of queries (``bill_run_read``, usage summed by the
  database), priced into rows ready to store (``bill_run_pricing`` + ``bill_run_rows``) — in this process,
  or, from ``PARALLEL_FROM`` due subscriptions on, in worker processes that read and price the next batches
  on their own connections while this one writes — and written with one bulk statement per table in one
  transaction (``bill_run_write``), all through the driver's own cursor: no ORM object and no per-value
  processing on this path.
- **Usage marked per period** (``bill_run_marks``): a batch marks each usage period it billed with the
  highest record id it priced; the records get their bill from the marks in one pass — at the end of the run
  on SQLite, in the batch on PostgreSQL and MariaDB. A run that died leaves marks; the next run stamps them
  before anything else.
- **Safe against work done meanwhile**: the write checks that every subscription still has the version
  the batch read, and that the usage is still what was priced (SQLite: the batch's fingerprint; elsewhere:
  the records stamped are exactly those priced); otherwise the batch is rolled back and read, priced and
  written again in this process (``ATTEMPTS``). Records imported meanwhile wait for the next run.
- **Idempotent and resumable**: a batch commits its bills, lines, keys (``billed_charges``: UNIQUE per
  subscription, charge and period start), its usage marks and the subscriptions' ``billed_until``
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
from desktop_app.services.bill_run_io import KEYS, LOCKS, RUNS, SUBSCRIPTIONS, Raw, due_ids, fees_due_count
from desktop_app.services.bill_run_marks import stamp_pending
from desktop_app.services.bill_run_pricing import (
    Catalog,
    PricingPool,
    RawCatalog,
    Work,
    read_and_price,
    read_catalog,
    result_of,
)
from desktop_app.services.bill_run_write import BatchChanged, write_batch
from desktop_app.services.context import Context
from desktop_app.services.subscriptions import advance_statuses

__all__ = ["BATCH", "PARALLEL_FROM", "RunSummary", "due_count", "run_bills"]

BATCH = 10_000
MAX_BATCH = 30_000
"""A batch's ids go to the database as one list of parameters (SQLite takes at most 32,766)."""
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
    work: Work | Future[Work | DomainError]


class _Pricing:
    """Where batches are read and priced: in this process, or by a pool of worker processes."""

    def __init__(self, context: Context, raw_catalog: RawCatalog, workers: int, start: bool = False) -> None:
        self.catalog = Catalog(raw_catalog)
        url = context.database.engine.url
        shared = url.get_backend_name() != "sqlite" or url.database not in (None, "", ":memory:")
        self.pool = PricingPool(raw_catalog, url, workers) if workers and shared else None
        if start and self.pool is not None:
            self.pool.start()

    def read(self, context: Context, ids: Sequence[int], cutoff: date, here: bool = False) -> _Batch:
        """The batch read and priced by a worker process (a future), or ``here``."""
        if self.pool is not None and not here:
            return _Batch(ids, self.pool.submit(ids, cutoff))
        with context.unit_of_work(write=False) as uow:
            return _Batch(ids, read_and_price(Raw(uow.session.connection()), self.catalog, ids, cutoff))

    def close(self) -> None:
        if self.pool is not None:
            self.pool.close()


ATTEMPTS = 3
"""Times a batch is read, priced and written when another desktop changed its subscriptions meanwhile."""


def _write(context: Context, run_id: int, batch: _Batch, pricing: _Pricing, cutoff: date) -> tuple[int, Decimal]:
    """One transaction per batch: its bills, lines, keys, marks and the run's counters, or nothing."""
    for _attempt in range(ATTEMPTS):
        rows = result_of(batch.work) if isinstance(batch.work, Future) else batch.work
        try:
            with context.unit_of_work() as uow:
                connection = uow.session.connection()
                _heartbeat(connection, context, run_id)
                count, total = write_batch(uow.session, run_id, batch.ids, rows, context.actor.display_name,
                                           context.clock(), cutoff)
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


FIRST = 1000
"""A big run's first part, read and priced by this process while the workers start: small, so that the
first write starts early."""


def _parts(ids: list[int], batch: int, parallel: bool) -> list[list[int]]:
    """The batches of ``ids``; in parallel, a first part of at most ``FIRST``."""
    first = min(batch, FIRST) if parallel else batch
    return [ids[:first]] + [ids[start:start + batch] for start in range(first, len(ids), batch)] if ids else []


@dataclass
class _Done:
    status: str = "finished"
    bills: int = 0
    total: Decimal = Decimal(0)
    subscriptions: int = 0


def _bill_batches(context: Context, run_id: int, ids: list[int], pricing: _Pricing, cutoff: date, batch: int,
                  progress: Progress | None, cancelled: Cancelled | None, done: _Done) -> None:
    """Read, price and write the batches of ``ids`` (workers read and price ahead while this process writes);
    ``done`` counts as they commit."""
    waiting: deque[_Batch] = deque()  # read and priced (or being read and priced), not written yet
    ahead = 2 * pricing.pool.workers if pricing.pool is not None else 0
    parts = _parts(ids, batch, pricing.pool is not None)
    for number, part in enumerate(parts):
        if cancelled is not None and cancelled():
            done.status = "cancelled"
            break
        if pricing.pool is None:
            waiting.append(pricing.read(context, part, cutoff))
        elif number == 0:  # while the workers start, this process reads and prices a small first part
            later = [pricing.read(context, other, cutoff) for other in parts[1:ahead + 1]]
            waiting.append(pricing.read(context, part, cutoff, here=True))
            waiting.extend(later)
        elif number > ahead:
            waiting.append(pricing.read(context, part, cutoff))
        while len(waiting) > ahead:  # the oldest is written while the newer ones are read and priced
            _write_oldest(context, run_id, waiting, pricing, cutoff, ids, progress, done)
    while waiting:  # the last ones (after a cancel too: what was read and priced is written)
        _write_oldest(context, run_id, waiting, pricing, cutoff, ids, progress, done)


def _write_oldest(context: Context, run_id: int, waiting: deque[_Batch], pricing: _Pricing, cutoff: date,
                  ids: list[int], progress: Progress | None, done: _Done) -> None:
    oldest = waiting.popleft()
    count, amount = _write(context, run_id, oldest, pricing, cutoff)
    done.bills, done.total, done.subscriptions = done.bills + count, done.total + amount, \
        done.subscriptions + len(oldest.ids)
    if progress is not None:
        progress(done.subscriptions, len(ids))


def _start(context: Context, cutoff: date, parallel: bool | None) -> tuple[RawCatalog, _Pricing | None]:
    """The catalog, and the worker processes started now when the run will surely be big (they start while
    the due subscriptions are found)."""
    with context.database.engine.connect() as connection:
        raw_catalog = read_catalog(connection)
        big = parallel is None and fees_due_count(connection, cutoff) >= PARALLEL_FROM
    return raw_catalog, _Pricing(context, raw_catalog, WORKERS, start=True) if parallel or big else None


def run_bills(context: Context, cutoff: date, *, progress: Progress | None = None,
              cancelled: Cancelled | None = None, batch: int = BATCH, parallel: bool | None = None) -> RunSummary:
    """Bill every due subscription at ``cutoff`` into draft bills (see the module docstring).

    ``progress(done, due)`` is called after each batch; ``cancelled()`` is asked between batches (the
    batches done stay; a rerun continues). ``parallel``: read and price in worker processes (default: from
    ``PARALLEL_FROM`` due subscriptions on). Raises ``bill_run.locked`` naming who runs one already."""
    context.require("bills.create")
    batch = max(1, min(batch, MAX_BATCH))
    _acquire(context)
    pricing: _Pricing | None = None
    try:
        stamp_pending(context)  # the usage a run that died marked billed gets its bill first
        raw_catalog, pricing = _start(context, cutoff, parallel)
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
        wanted = parallel if parallel is not None else len(ids) >= PARALLEL_FROM
        if pricing is not None and not wanted:  # fewer due than the fees suggested: in this process after all
            pricing.close()
            pricing = None
        if pricing is None:
            pricing = _Pricing(context, raw_catalog, WORKERS if wanted else 0)
        done = _Done()
        try:
            _bill_batches(context, run_id, ids, pricing, cutoff, batch, progress, cancelled, done)
        except BaseException:  # a failure, or a progress callback that stops the run: the batches done stay
            _close(context, run_id, "interrupted", cutoff, len(ids), done.bills, done.total, 0)
            raise
        pricing.close()
        pricing = None
        stamp_pending(context)  # SQLite: the records of the periods the batches marked get their bill
        already = max(_already_billed(context, cutoff) - done.bills, 0) if done.status == "finished" else 0
        _close(context, run_id, done.status, cutoff, len(ids), done.bills, done.total, already)
        return RunSummary(run_id, cutoff, done.status, len(ids), done.bills, already, done.total)
    finally:
        if pricing is not None:
            pricing.close()
        _release(context)
