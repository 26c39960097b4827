"""Bills (账单): read, review and edit drafts, issue with a gap-free number, void, and the gap report.

States: ``draft`` → ``issued`` → ``partially_paid`` → ``paid``, or ``void`` (only while nothing is paid
or credited; it keeps its number). Drafts can be edited (manual lines) and deleted (their periods,
usage and adjustments become billable again). Issuing (``issue_bill``) takes the number and the issue
date inside one short transaction (``numbering.take_number``), snapshots the customer's name, address
and tax ID, and sets the due date from the payment terms (setting ``bills.payment_terms_days``). An
issued bill never changes: the services refuse and so does the database (``models.bill``). Corrections
are credit notes (``credit_notes.py``). Issuing also freezes the printed document: its snapshot is stored in
the issuing transaction and its PDF right after (``document_snapshots``; printing: ``documents.py``).

Visibility follows the customer (``customers.scope_condition``). Permissions: ``bills.view``;
``bills.edit`` (manual lines, issue); ``bills.delete`` (a draft); ``bills.approve`` (void).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any, cast

from sqlalchemy import Table, bindparam, delete, func, insert, select, update
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value

from desktop_app.billing.money import from_fen, parse_amount, to_fen
from desktop_app.billing.quote import COMMITMENT_CODE
from desktop_app.billing.tax import split_exclusive, split_inclusive
from desktop_app.documents import BillDocument
from desktop_app.errors import DomainError, ValidationFailed
from desktop_app.models import (
    Bill,
    BilledCharge,
    BillLine,
    Counter,
    Customer,
    Subscription,
    SubscriptionAdjustment,
    UsageRecordRow,
)
from desktop_app.services import amounts, numbering, wallets
from desktop_app.services import document_snapshots as frozen
from desktop_app.services.bill_info import DRAFT as DRAFT
from desktop_app.services.bill_info import ISSUED as ISSUED
from desktop_app.services.bill_info import OPEN as OPEN
from desktop_app.services.bill_info import PAID as PAID
from desktop_app.services.bill_info import PARTIALLY_PAID as PARTIALLY_PAID
from desktop_app.services.bill_info import STATES as STATES
from desktop_app.services.bill_info import VOID as VOID
from desktop_app.services.bill_info import BillDetail as BillDetail
from desktop_app.services.bill_info import BillInfo as BillInfo
from desktop_app.services.bill_info import BillLineInfo as BillLineInfo
from desktop_app.services.bill_info import bill_info, line_info
from desktop_app.services.changes import Changes
from desktop_app.services.context import Context, UnitOfWork, check_version
from desktop_app.services.customers import scope_condition
from desktop_app.services.settings import read

__all__ = ["BillDetail", "BillInfo", "BillLineInfo", "Gap", "IssueSummary", "add_line", "company_today",
           "delete_draft", "gap_report", "get_bill", "issue_bill", "issue_bills", "list_bills", "remove_line",
           "void_bill"]

log = logging.getLogger(__name__)
CHANGES = Changes(billing=True)
SERIES = {"bill": "ZD", "credit_note": "HC"}


@dataclass(frozen=True)
class IssueSummary:
    issued: tuple[str, ...]  # the numbers given
    failed: tuple[tuple[int, str], ...]  # bill id, error code
    left: int = 0  # not tried: cancelled before their turn


@dataclass(frozen=True)
class Gap:
    series: str
    year: int
    missing: tuple[int, ...]


def visible_bill(session: Session, context: Context, bill_id: int, *, lock: bool = False) -> Bill:
    query = select(Bill).join(Customer, Customer.id == Bill.customer_id).where(Bill.id == bill_id)
    condition = scope_condition(session, context)
    if condition is not None:
        query = query.where(condition)
    if lock:
        query = query.with_for_update(of=Bill)
    row: Bill | None = session.scalar(query)
    if row is None:
        raise DomainError("record.not_found")
    return row


def lines_of(session: Session, bill_id: int) -> list[BillLine]:
    return list(session.scalars(select(BillLine).where(BillLine.bill_id == bill_id).order_by(BillLine.position)))


# --- reads ----------------------------------------------------------------------------------------

def list_bills(context: Context, *, status: str | None = None, kind: str | None = None,
               customer_id: int | None = None, period_from: date | None = None, period_to: date | None = None,
               overdue_on: date | None = None, run_id: int | None = None, limit: int = 500,
               before_id: int | None = None) -> list[BillInfo]:
    """The actor's bills, newest first, a page of ``limit`` (``before_id``: the page after that bill).
    ``period_from``/``period_to`` select bills whose period overlaps; ``overdue_on`` the open bills due
    before that day."""
    context.require("bills.view")
    with context.unit_of_work(write=False) as uow:
        session = uow.session
        query = select(Bill).join(Customer, Customer.id == Bill.customer_id).order_by(Bill.id.desc()).limit(limit)
        condition = scope_condition(session, context)
        if condition is not None:
            query = query.where(condition)
        if status:
            query = query.where(Bill.status == status)
        if kind:
            query = query.where(Bill.kind == kind)
        if customer_id is not None:
            query = query.where(Bill.customer_id == customer_id)
        if period_from is not None:
            query = query.where(Bill.period_end > period_from)
        if period_to is not None:
            query = query.where(Bill.period_start < period_to)
        if overdue_on is not None:
            query = query.where(Bill.status.in_(OPEN), Bill.due_date < overdue_on)
        if run_id is not None:
            query = query.where(Bill.run_id == run_id)
        if before_id is not None:
            query = query.where(Bill.id < before_id)
        visible = amounts.rules_of(context).bills_shown
        return [bill_info(row, visible) for row in session.scalars(query)]


def get_bill(context: Context, bill_id: int) -> BillDetail:
    """One bill with its lines; its money withheld (None) where the actor's role masks or hides bill amounts,
    and then the snapshot (the quote's discounts and wallet credits) too."""
    context.require("bills.view")
    visible = amounts.rules_of(context).bills_shown
    with context.unit_of_work(write=False) as uow:
        row = visible_bill(uow.session, context, bill_id)
        lines = tuple(line_info(line, visible) for line in lines_of(uow.session, row.id))
        return BillDetail(bill_info(row, visible), lines, row.customer_address, row.customer_tax_id, row.notes,
                          dict(row.snapshot or {}) if visible else {}, row.issued_by, row.void_reason)


def company_today(context: Context) -> date:
    """Today in the company's time zone by the database server's clock (days overdue count from it)."""
    with context.unit_of_work(write=False) as uow:
        return numbering.database_today(uow.session, numbering.company_time_zone(uow.session))


# --- drafts ---------------------------------------------------------------------------------------

def _draft(uow: UnitOfWork, bill_id: int, version: int | None) -> Bill:
    row = visible_bill(uow.session, uow.context, bill_id)
    if row.status != DRAFT:
        raise DomainError("bill.not_draft", bill=row.code or row.id)
    if version is not None:
        check_version(row, version, "bill")
    return row


def _retotal(session: Session, row: Bill, by: str, at: datetime) -> None:
    """The totals as exact sums of the lines; a wallet that paid part of the draft gives it back and pays
    what it can of the new total (never more than is payable); the amount due follows."""
    lines = lines_of(session, row.id)
    row.total_net, row.total_tax, row.total_gross = (from_fen(sum(to_fen(getattr(line, name)) for line in lines))
                                                     for name in ("net", "tax", "gross"))
    if row.wallet_applied:
        wallets.reverse_draws(session, row.id, by, at)
        payable = row.total_gross - row.credit_applied - _top_ups(row)
        row.wallet_applied = wallets.draw_what_it_can(session, row.customer_id, payable, row.id, by, at)
    row.amount_due = row.total_gross - row.credit_applied - row.wallet_applied


def _top_ups(row: Bill) -> Decimal:
    """What the bill's top-up packages cost (the wallet never pays for its own top-up)."""
    return sum((Decimal(str(credit.get("paid", "0"))) for credit in (row.snapshot or {}).get("wallet_credits", [])),
               Decimal("0.00"))


def add_line(context: Context, bill_id: int, version: int, description: str, amount: str, tax_rate: str | None,
             quantity: str = "1") -> tuple[BillDetail, Changes]:
    """A manual line (or adjustment, negative) on a draft: ``amount`` in the bill's price basis (含税 gross
    for a tax-inclusive bill), ``tax_rate`` like "0.06" or None for exempt. Only for a role that may change
    bill amounts (field rule ``bills.amount`` editable; else ``AmountNotEditable``)."""
    context.require("bills.edit")
    amounts.require_editable(context, amounts.BILLS)
    description = description.strip()
    if not description or len(description) > 200:
        raise ValidationFailed("bill.line_description_required", "description")
    try:
        value = parse_amount(amount)
    except ValueError:
        raise ValidationFailed("bill.line_amount_invalid", "amount") from None
    rate = None
    if tax_rate is not None:
        try:
            rate = Decimal(tax_rate)
        except ArithmeticError:
            raise ValidationFailed("bill.line_tax_rate_invalid", "tax_rate") from None
        if not Decimal(0) <= rate < 1:
            raise ValidationFailed("bill.line_tax_rate_invalid", "tax_rate")
    with context.unit_of_work() as uow:
        row = _draft(uow, bill_id, version)
        if rate is None:
            net, tax, gross = value, Decimal("0.00"), value
        else:
            split = (split_inclusive if row.tax_inclusive else split_exclusive)(value, rate)
            net, tax, gross = split.net, split.tax, split.gross
        position = len(lines_of(uow.session, row.id))
        uow.session.add(BillLine(bill_id=row.id, position=position, kind="manual", charge="", description=description,
                                 product="", period_start=row.period_start, period_end=row.period_end,
                                 quantity=quantity, unit="", unit_price=None, net=net,
                                 tax_rate=None if rate is None else str(rate.normalize()), tax=tax, gross=gross,
                                 detail={"by": context.actor.display_name}))
        uow.session.flush()
        _retotal(uow.session, row, context.actor.display_name, context.clock())
        row.updated_at, row.updated_by = context.clock(), context.actor.display_name
        uow.audit("bill.add_line", "bill", row.id, description=description, net=net, tax=tax, gross=gross)
        uow.commit()
    return get_bill(context, bill_id), CHANGES


def remove_line(context: Context, bill_id: int, version: int, line_id: int) -> tuple[BillDetail, Changes]:
    """Remove a manual line from a draft (lines the bill run computed go with the whole draft). It changes the
    bill's amounts: only for a role that may change them (field rule ``bills.amount`` editable)."""
    context.require("bills.edit")
    amounts.require_editable(context, amounts.BILLS)
    with context.unit_of_work() as uow:
        row = _draft(uow, bill_id, version)
        line = uow.session.get(BillLine, line_id)
        if line is None or line.bill_id != row.id:
            raise DomainError("record.not_found")
        if line.kind != "manual":
            raise DomainError("bill.line_not_manual")
        uow.session.delete(line)
        uow.session.flush()
        for position, other in enumerate(lines_of(uow.session, row.id)):
            other.position = position
        _retotal(uow.session, row, context.actor.display_name, context.clock())
        row.updated_at, row.updated_by = context.clock(), context.actor.display_name
        uow.audit("bill.remove_line", "bill", row.id, description=line.description, gross=line.gross)
        uow.commit()
    return get_bill(context, bill_id), CHANGES


def delete_draft(context: Context, bill_id: int, version: int) -> Changes:
    """Delete a draft: its usage, adjustments and periods become billable again, wallet draws return.
    Only a subscription's latest bill can go (else ``bill.not_latest``)."""
    context.require("bills.delete")
    with context.unit_of_work() as uow:
        session = uow.session
        row = _draft(uow, bill_id, version)
        if row.subscription_id is not None:
            later = session.scalar(select(func.count()).select_from(Bill).where(  # void ones keep their keys
                Bill.subscription_id == row.subscription_id, Bill.id > row.id, Bill.kind == "bill"))
            if later:
                raise DomainError("bill.not_latest", bill=row.id)
            keys = session.execute(select(BilledCharge.charge, BilledCharge.period_start, BilledCharge.quantity)
                                   .where(BilledCharge.bill_id == row.id)).all()
            # fee keys: usage keys carry the units billed, the usage period's marker is the commitment's
            fee_starts = [start for charge, start, units in keys if units is None and charge != COMMITMENT_CODE]
            subscription = session.get(Subscription, row.subscription_id)
            if subscription is not None and fee_starts:
                rewind = min(fee_starts)
                changed = session.scalar(select(func.count()).select_from(SubscriptionAdjustment).where(
                    SubscriptionAdjustment.subscription_id == subscription.id,
                    SubscriptionAdjustment.bill_id.is_(None), SubscriptionAdjustment.effective >= rewind))
                if changed:  # its credit or charge was worked out against this draft: billing again would repeat it
                    raise DomainError("bill.changed_since_draft", bill=row.id)
                subscription.billed_until = rewind  # the next run bills from there again
            session.execute(delete(BilledCharge).where(BilledCharge.bill_id == row.id))
            session.execute(update(UsageRecordRow).where(UsageRecordRow.bill_id == row.id).values(bill_id=None))
            session.execute(update(SubscriptionAdjustment).where(SubscriptionAdjustment.bill_id == row.id)
                            .values(bill_id=None))
        wallets.reverse_draws(session, row.id, context.actor.display_name, context.clock())
        session.execute(delete(BillLine).where(BillLine.bill_id == row.id))
        session.delete(row)
        uow.audit("bill.delete_draft", "bill", bill_id, customer=row.customer_code, total_gross=row.total_gross)
        uow.commit()
    return CHANGES


# --- issue ----------------------------------------------------------------------------------------

def _terms_days(session: Session) -> int:
    return int(read(session, "bills.payment_terms_days"))


def _original_code(session: Session, row: Bill) -> str | None:
    if row.original_bill_id is None:
        return None
    code: str | None = session.scalar(select(Bill.code).where(Bill.id == row.original_bill_id))
    return code


def _stamp(uow: UnitOfWork, row: Bill, customer: Customer, number: numbering.Number, terms_days: int) -> None:
    """Write the number, dates, customer snapshot and state of an issued bill, and its audit entry."""
    context = uow.context
    row.customer_code, row.customer_name = customer.code, customer.name
    row.customer_address, row.customer_tax_id = customer.address or "", customer.tax_id or ""
    row.series, row.year, row.number, row.code = number.series, number.year, number.number, number.code
    row.issue_date = number.issue_date
    row.due_date = number.issue_date + timedelta(days=terms_days) if row.kind == "bill" else None
    row.status = ISSUED if row.amount_due > 0 or row.kind == "credit_note" else PAID
    row.issued_at, row.issued_by = context.clock(), context.actor.display_name
    row.updated_at, row.updated_by = row.issued_at, row.issued_by
    uow.audit("bill.issue", "bill", row.id, code=number.code, customer=row.customer_code, issue_date=number.issue_date,
              total_gross=row.total_gross, amount_due=row.amount_due)


def _issue(uow: UnitOfWork, bill_id: int, after_numbering: Callable[[numbering.Number], None] | None
           ) -> tuple[str, BillDocument]:
    """Issue one draft in the caller's transaction: number, snapshot on the bill, frozen document snapshot
    (``issued_documents``). Returns the number and the snapshot to render."""
    session, context = uow.session, uow.context
    row = visible_bill(session, context, bill_id, lock=True)
    if row.status != DRAFT:
        raise DomainError("bill.not_draft", bill=row.code or row.id)
    lines = lines_of(session, row.id)
    if row.kind == "bill" and not lines:
        raise DomainError("bill.empty")
    zone = numbering.company_time_zone(session)
    number = numbering.take_number(session, SERIES[row.kind], numbering.database_today(session, zone))
    if after_numbering is not None:
        after_numbering(number)
    customer = session.get(Customer, row.customer_id)
    assert customer is not None
    _stamp(uow, row, customer, number, _terms_days(session))
    document = frozen.freeze(session, row, lines, row.issued_at or context.clock(),
                             original_number=_original_code(session, row))
    return number.code, document


def _render_and_store(context: Context, bill_id: int, document: BillDocument) -> None:
    """The frozen PDF, in its own short transaction after the issuing one (no rendering while the counter is
    locked). If this fails the bill stays issued and its first print renders the same PDF from the snapshot."""
    try:
        frozen.store_pdfs(context.database, [(bill_id, frozen.render_stored(document))], context.clock())
    except Exception:
        log.warning("frozen PDF of bill %s not stored; it is rendered on the first print", bill_id, exc_info=True)


def issue_bill(context: Context, bill_id: int, *,
               after_numbering: Callable[[numbering.Number], None] | None = None) -> tuple[BillInfo, Changes]:
    """Issue one draft: number, issue date (database clock), due date, customer snapshot and the frozen
    document snapshot; one short transaction. ``after_numbering`` is called inside it once the number is
    taken (tests force failures there to prove a failed transaction leaves no gap). The frozen PDF is
    rendered and stored right after, in a transaction of its own."""
    context.require("bills.edit")
    with context.unit_of_work(write=False) as uow:
        row = visible_bill(uow.session, context, bill_id)
        series, today = SERIES[row.kind], numbering.database_today(uow.session,
                                                                   numbering.company_time_zone(uow.session))
    numbering.ensure_counter(context.database, series, today.year)
    try:
        with context.unit_of_work() as uow:
            _, document = _issue(uow, bill_id, after_numbering)
            uow.commit()
    except LookupError:  # the year turned between the two transactions: its counter, then once more
        numbering.ensure_counter(context.database, series, today.year + 1)
        with context.unit_of_work() as uow:
            _, document = _issue(uow, bill_id, after_numbering)
            uow.commit()
    _render_and_store(context, bill_id, document)
    visible = amounts.rules_of(context).bills_shown
    with context.unit_of_work(write=False) as uow:
        return bill_info(visible_bill(uow.session, context, bill_id), visible), CHANGES


BATCH_LIMIT = 32  # bills numbered in one transaction at most (the counter stays locked that long)


def _issue_batch(uow: UnitOfWork, bill_ids: Sequence[int]
                 ) -> tuple[list[tuple[int, str, BillDocument]], list[tuple[int, str]]]:
    """Issue several drafts in the caller's transaction, in the order given: what ``_issue`` does for each,
    with the bills, lines and customers loaded together and the rows written with one statement per table.
    A bill that cannot be issued (not found, not a draft, empty) is reported before anything is written for
    it, and takes no number."""
    session, context = uow.session, uow.context
    query = (select(Bill).join(Customer, Customer.id == Bill.customer_id).where(Bill.id.in_(list(bill_ids)))
             .order_by(Bill.id).with_for_update(of=Bill))
    condition = scope_condition(session, context)
    if condition is not None:
        query = query.where(condition)
    rows = {row.id: row for row in session.scalars(query)}
    lines: dict[int, list[BillLine]] = {bill_id: [] for bill_id in rows}
    for line in session.scalars(select(BillLine).where(BillLine.bill_id.in_(list(rows)))
                                .order_by(BillLine.bill_id, BillLine.position)):
        lines[line.bill_id].append(line)
    customers = {customer.id: customer for customer in session.scalars(
        select(Customer).where(Customer.id.in_({row.customer_id for row in rows.values()})))}
    wanted = {row.original_bill_id for row in rows.values() if row.original_bill_id is not None}
    originals: dict[int, str | None] = {bill_id: code for bill_id, code in session.execute(
        select(Bill.id, Bill.code).where(Bill.id.in_(wanted)))}
    today = numbering.database_today(session, numbering.company_time_zone(session))
    terms = _terms_days(session)
    printing = frozen.printing_context(session)
    at, by = context.clock(), context.actor.display_name
    issued: list[tuple[int, str, BillDocument]] = []
    failed: list[tuple[int, str]] = []
    changed: list[dict[str, Any]] = []
    documents: list[dict[str, Any]] = []
    for bill_id in bill_ids:
        row = rows.get(bill_id)
        if row is None:
            failed.append((bill_id, "record.not_found"))
            continue
        if row.status != DRAFT:
            failed.append((bill_id, "bill.not_draft"))
            continue
        if row.kind == "bill" and not lines[bill_id]:
            failed.append((bill_id, "bill.empty"))
            continue
        number = numbering.take_number(session, SERIES[row.kind], today)
        customer = customers[row.customer_id]
        values: dict[str, Any] = {
            "customer_code": customer.code, "customer_name": customer.name,
            "customer_address": customer.address or "", "customer_tax_id": customer.tax_id or "",
            "series": number.series, "year": number.year, "number": number.number, "code": number.code,
            "issue_date": number.issue_date,
            "due_date": number.issue_date + timedelta(days=terms) if row.kind == "bill" else None,
            "status": ISSUED if row.amount_due > 0 or row.kind == "credit_note" else PAID,
            "issued_at": at, "issued_by": by, "updated_at": at, "updated_by": by, "version": row.version + 1}
        for key, value in values.items():  # the loaded row shows what is written below, without an ORM flush
            set_committed_value(row, key, value)
        changed.append({"b_id": row.id, **values})
        uow.audit("bill.issue", "bill", row.id, code=number.code, customer=row.customer_code,
                  issue_date=number.issue_date, total_gross=row.total_gross, amount_due=row.amount_due)
        document = frozen.snapshot(session, row, lines[bill_id], printing, originals.get(row.original_bill_id or 0))
        documents.append(frozen.frozen_row(row.id, document, at))
        issued.append((bill_id, number.code, document))
    if changed:
        table = cast(Table, Bill.__table__)
        session.execute(table.update().where(table.c.id == bindparam("b_id"))
                        .values({key: bindparam(key) for key in changed[0] if key != "b_id"}), changed)
        session.execute(insert(frozen.ISSUED_DOCUMENTS), documents)
    return issued, failed


def issue_bills(context: Context, bill_ids: Sequence[int], *, progress: Callable[[int, int], None] | None = None,
                cancelled: Callable[[], bool] | None = None) -> IssueSummary:
    """Issue many drafts (bulk issue), in the order given. They are numbered in short transactions of up to
    ``BATCH_LIMIT`` bills (the first of one bill, then growing), each with its frozen document snapshot; a
    bill that cannot be issued (not a draft any more, empty) is reported and takes no number, the others go
    on. The frozen PDFs are rendered meanwhile (in worker processes for a big batch) and stored in
    follow-up transactions; all are stored when this returns (one that failed is rendered on its first
    print). ``cancelled`` is asked before each bill: once it says yes, the batch so far is committed, the
    rest are left as drafts (``left``) and every bill issued so far stays issued. ``progress(done, total)``
    follows each committed batch, once per bill."""
    stats = frozen.IssueStats()
    frozen.LAST_ISSUE = stats
    context.require("bills.edit")
    issued: list[str] = []
    failed: list[tuple[int, str]] = []
    total = len(bill_ids)
    position, size, stopped = 0, 1, False
    renderer = frozen.Renderer(context.database, total, context.clock, stats)
    try:
        while position < total and not stopped:
            batch: list[int] = []
            while position + len(batch) < total and len(batch) < size:
                if cancelled is not None and cancelled():
                    stopped = True
                    break
                batch.append(bill_ids[position + len(batch)])
            if not batch:
                break
            started = time.perf_counter()
            done, refused = _issue_counted(context, batch)
            stats.numbering += time.perf_counter() - started
            stats.transactions += 1
            renderer.submit([(bill_id, document) for bill_id, _, document in done])
            issued.extend(code for _, code, _ in done)
            failed.extend(refused)
            for _ in batch:
                position += 1
                if progress is not None:
                    progress(position, total)
            size = min(BATCH_LIMIT, size * 2)
    finally:
        renderer.close()
    return IssueSummary(tuple(issued), tuple(failed), total - position)


def _issue_counted(context: Context, batch: list[int]
                   ) -> tuple[list[tuple[int, str, BillDocument]], list[tuple[int, str]]]:
    """One batch in one transaction, the counters of the series it needs ensured first (again once when the
    year turned meanwhile)."""
    for attempt in range(2):
        try:
            with context.unit_of_work() as uow:
                result = _issue_batch(uow, batch)
                uow.commit()
            return result
        except LookupError:  # no counter row for this year (yet): create it, then once more
            if attempt:
                raise
            with context.unit_of_work(write=False) as uow:
                year = numbering.database_today(uow.session, numbering.company_time_zone(uow.session)).year
            for series in SERIES.values():
                numbering.ensure_counter(context.database, series, year)
    raise AssertionError("unreachable")  # pragma: no cover


def void_bill(context: Context, bill_id: int, version: int, reason: str) -> tuple[BillInfo, Changes]:
    """Void an issued bill nothing was paid or credited on; it keeps its number. Its usage stays billed."""
    context.require("bills.approve")
    reason = reason.strip()
    if not reason:
        raise ValidationFailed("bill.void_reason_required", "reason")
    with context.unit_of_work() as uow:
        row = visible_bill(uow.session, context, bill_id, lock=True)
        check_version(row, version, "bill")
        if row.kind != "bill" or row.status != ISSUED or row.paid != 0:
            raise DomainError("bill.void_not_open", bill=row.code or row.id)
        credited = uow.session.scalar(select(func.count()).select_from(Bill).where(
            Bill.original_bill_id == row.id, Bill.status != VOID))
        if credited:
            raise DomainError("bill.void_credited", bill=row.code)
        wallets.reverse_draws(uow.session, row.id, context.actor.display_name, context.clock())
        row.status, row.voided_at, row.voided_by, row.void_reason = VOID, context.clock(), \
            context.actor.display_name, reason[:200]
        uow.audit("bill.void", "bill", row.id, code=row.code, reason=reason)
        uow.commit()
        return bill_info(row, amounts.rules_of(context).bills_shown), CHANGES


# --- the gap report -------------------------------------------------------------------------------

def gap_report(context: Context) -> list[Gap]:
    """Missing numbers per series and year: every number from 1 to the counter's last must be a bill or
    credit note (void ones count: they keep their number). Empty when all is well."""
    context.require("bills.view")
    with context.unit_of_work(write=False) as uow:
        session = uow.session
        gaps = []
        for counter in session.scalars(select(Counter).where(Counter.series.in_(tuple(SERIES.values())))
                                       .order_by(Counter.series, Counter.year)):
            numbers = set(session.scalars(select(Bill.number).where(Bill.series == counter.series,
                                                                    Bill.year == counter.year)))
            missing = tuple(n for n in range(1, counter.last + 1) if n not in numbers)
            if missing:
                gaps.append(Gap(counter.series, counter.year, missing))
        return gaps
