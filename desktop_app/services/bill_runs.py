"""Bill runs (账单批处理): draft bills for every due subscription at a cut-off date.

- **One run at a time per database**: the ``run_locks`` row "bill_run" is taken with one conditional
  UPDATE (atomic on every backend) and names its holder; a holder whose process died on this desktop,
  or who showed no life for ``STALE_AFTER``, is taken over. Several desktops on PostgreSQL or MariaDB
  cannot run two at once.
- **Set-based and batched**: the due subscriptions are found with three queries; each batch of
  ``BATCH`` subscriptions is loaded with a handful of queries (terms, customers, usage, keys,
  adjustments, wallets), priced in memory (``bill_drafts``) and written with bulk inserts, in one
  transaction. No ORM object per line.
- **Idempotent and resumable**: a batch commits its bills, lines, keys (``billed_charges``: UNIQUE per
  subscription, charge and period start), the usage records' bill and the subscriptions' ``billed_until``
  together, or nothing. Killed at any point, a rerun finds what is left and bills exactly that; a
  finished run run again finds nothing due and reports the keys it met as "already billed".
- **Deterministic**: subscriptions in id order, lines in plan order; the same data and cut-off give the
  same bills.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any, cast

from sqlalchemy import Connection, Table, and_, bindparam, func, insert, or_, select, update
from sqlalchemy.orm import Session

from desktop_app.billing.errors import PlanInvalid, PriceInputInvalid
from desktop_app.billing.money import to_fen
from desktop_app.billing.plan import PlanVersion
from desktop_app.billing.quote import COMMITMENT_CODE, Quote
from desktop_app.errors import DomainError
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
from desktop_app.services import numbering, wallets
from desktop_app.services import plan_definitions as definitions
from desktop_app.services.bill_drafts import BillDraft, Pending, SubscriptionTerms, draft_bill
from desktop_app.services.billing_errors import wrapped
from desktop_app.services.catalog import coupon_discount
from desktop_app.services.context import Context
from desktop_app.services.subscriptions import advance_statuses

__all__ = ["BATCH", "RunSummary", "due_count", "run_bills"]

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

BATCH = 1000


def _raw(table: Table) -> Table:
    """A copy of ``table`` whose money columns take integer fen as they are (no per-value conversion:
    the bill run converts its amounts once, with ``money.to_fen``)."""
    from sqlalchemy import BigInteger, Column, MetaData

    from desktop_app.models.base import Fen

    return Table(table.name, MetaData(), *(Column(c.name, BigInteger() if isinstance(c.type, Fen) else c.type,
                                                  primary_key=c.primary_key) for c in table.columns))


_RAW_BILLS, _RAW_LINES = _raw(BILLS), _raw(LINES)
_BILL_MONEY = tuple(c.name for c in _RAW_BILLS.columns if c.name in
                    ("total_net", "total_tax", "total_gross", "credit_applied", "wallet_applied", "amount_due", "paid"))
_LINE_MONEY = ("net", "tax", "gross")


def _in_fen(row: dict[str, Any], names: Sequence[str]) -> dict[str, Any]:
    return {**row, **{name: to_fen(row[name]) for name in names}}
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
    from datetime import UTC

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


# --- what is due ----------------------------------------------------------------------------------

def _due_ids(connection: Connection, cutoff: date) -> list[int]:
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


def due_count(context: Context, cutoff: date) -> int:
    """How many subscriptions a run at ``cutoff`` would look at (for the dialog's summary before)."""
    context.require("bills.create")
    with context.database.engine.connect() as connection:
        return len(_due_ids(connection, cutoff))


# --- one batch ------------------------------------------------------------------------------------

class _Catalog:
    """Plan versions and coupons, read once per run."""

    def __init__(self, connection: Connection) -> None:
        self.connection = connection
        self.plans: dict[int, PlanVersion] = {}
        self.quotes: dict[object, Quote] = {}  # identical price questions are priced once per run
        coupons = COUPONS.c
        self.coupons = {row.code: coupon_discount(row.code, row.name, row.discount)
                        for row in connection.execute(select(coupons.code, coupons.name, coupons.discount))}

    def plan(self, version_id: int) -> PlanVersion:
        plan = self.plans.get(version_id)
        if plan is None:
            definition: Any = self.connection.scalar(select(VERSIONS.c.definition)
                                                .where(VERSIONS.c.id == version_id))
            plan = self.plans[version_id] = definitions.stored_plan(definition)
        return plan


def _terms(connection: Connection, ids: Sequence[int]) -> list[SubscriptionTerms]:
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
class _Loaded:
    customers: dict[int, Any]
    usage: dict[int, dict[tuple[date, str], list[int]]]
    max_usage_id: dict[tuple[int, date], int]
    billed_periods: dict[int, set[date]]
    billed_records: dict[int, dict[tuple[date, str], list[int]]]
    adjustments: dict[int, list[tuple[int, str, Sequence[Any]]]]


def _load(connection: Connection, terms: Sequence[SubscriptionTerms], cutoff: date) -> _Loaded:
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
    return _Loaded(customers, usage, max_id, billed, billed_records, adjustments)


def _drafts(catalog: _Catalog, terms: Sequence[SubscriptionTerms], loaded: _Loaded, cutoff: date
            ) -> list[tuple[SubscriptionTerms, BillDraft]]:
    result = []
    for sub in terms:
        customer = loaded.customers[sub.customer_id]
        pending = Pending(loaded.usage.get(sub.id, {}), frozenset(loaded.billed_periods.get(sub.id, ())),
                          loaded.billed_records.get(sub.id, {}), loaded.adjustments.get(sub.id, ()))
        coupons = [catalog.coupons[code] for code in sub.coupon_codes if code in catalog.coupons]
        try:
            draft = draft_bill(catalog.plan(sub.plan_version_id), sub, pending, cutoff,
                               tier=customer.tier or None, coupons=coupons, memo=catalog.quotes)
        except PriceInputInvalid as error:
            raise wrapped("plan.input_invalid", error) from None
        except PlanInvalid as error:  # pragma: no cover - stored versions were valid when saved
            raise wrapped("plan.definition_invalid", error) from None
        result.append((sub, draft))
    return result


def _write(session: Session, context: Context, run_id: int, loaded: _Loaded,
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
        drawn = wallets.draw(session, customer_id, payable, bill_id, who, now)
        if drawn > 0:
            connection.execute(update(bills).where(bills.c.id == bill_id).values(
                wallet_applied=drawn, amount_due=bills.c.amount_due - drawn))
            drawn_total += drawn
    return drawn_total


# --- the run --------------------------------------------------------------------------------------

def _batch(context: Context, catalog: _Catalog | None, run_id: int, ids: Sequence[int], cutoff: date
           ) -> tuple[_Catalog, int, Decimal]:
    with context.unit_of_work() as uow:
        session = uow.session
        connection = session.connection()
        _heartbeat(connection, context, run_id)
        catalog = catalog or _Catalog(connection)
        catalog.connection = connection
        terms = _terms(connection, ids)
        loaded = _load(connection, terms, cutoff)
        drafts = _drafts(catalog, terms, loaded, cutoff)
        count, total = _write(session, context, run_id, loaded, drafts)
        runs = RUNS
        connection.execute(update(runs).where(runs.c.id == run_id).values(
            bills=runs.c.bills + count, total_gross=runs.c.total_gross + total))
        uow.audit("bill_run.batch", "bill_run", run_id, subscriptions=len(ids), bills=count,
                  first=ids[0], last=ids[-1])
        uow.commit()
    return catalog, count, total


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
              cancelled: Cancelled | None = None, batch: int = BATCH) -> RunSummary:
    """Bill every due subscription at ``cutoff`` into draft bills (see the module docstring).

    ``progress(done, due)`` is called after each batch; ``cancelled()`` is asked between batches (the
    batches done stay; a rerun continues). Raises ``bill_run.locked`` naming who runs one already."""
    context.require("bills.create")
    _acquire(context)
    try:
        with context.unit_of_work() as uow:
            # statuses as of the cut-off (never ahead of today): trials over become active, cancellations end
            today = numbering.database_today(uow.session, numbering.company_time_zone(uow.session))
            advance_statuses(uow, min(cutoff, today), scoped=False)
            connection = uow.session.connection()
            ids = _due_ids(connection, cutoff)
            run_id = connection.execute(insert(RUNS).returning(RUNS.c.id).values(
                cutoff=cutoff, status="running", started_at=context.clock(), started_by=context.actor.display_name,
                desktop=context.desktop, due=len(ids), bills=0, already_billed=0, total_gross=Decimal(0),
                detail={})).scalar_one()
            uow.audit("bill_run.start", "bill_run", run_id, cutoff=cutoff, due=len(ids))
            uow.commit()
        catalog: _Catalog | None = None
        done, status = 0, "finished"
        bills, total = 0, Decimal(0)
        try:
            for start in range(0, len(ids), batch):
                if cancelled is not None and cancelled():
                    status = "cancelled"
                    break
                chunk = ids[start:start + batch]
                catalog, count, amount = _batch(context, catalog, run_id, chunk, cutoff)
                bills, total, done = bills + count, total + amount, done + len(chunk)
                if progress is not None:
                    progress(done, len(ids))
        except BaseException:  # a failure, or a progress callback that stops the run: the batches done stay
            _close(context, run_id, "interrupted", cutoff, len(ids), bills, total, 0)
            raise
        already = max(_already_billed(context, cutoff) - bills, 0) if status == "finished" else 0
        _close(context, run_id, status, cutoff, len(ids), bills, total, already)
        return RunSummary(run_id, cutoff, status, len(ids), bills, already, total)
    finally:
        _release(context)
