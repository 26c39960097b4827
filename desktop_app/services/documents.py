"""Printing (issue 7): bills, credit notes, receipts and statements as PDF files, and the document branding.

- **Bills and credit notes** (``bill_pdf``, ``bills_pdfs``). Each issued bill was frozen when it was issued
  (``issued_documents``: its snapshot and, once rendered, its PDF and SHA-256; ``document_snapshots``). A
  draft prints live with a 草稿 DRAFT watermark and is never stored. An issued (partially) paid bill prints
  the stored original until the original was handed out once (``copy=None``; ``original_printed_at``), a
  copy (副本 / COPY) after that (a delivery-style print does not count as the original); ``copy=True``
  always renders the snapshot as a copy, ``copy=False`` returns the stored original (its SHA-256 checked:
  ``document.tampered`` if it does not match). A void bill renders the snapshot with 作废 VOID;
  ``without_prices`` renders the snapshot delivery-style. A bill whose PDF is missing (a crash between
  issuing and storing) gets it rendered from the snapshot now: the same bytes. One issued before
  documents were frozen (or a credit note, which ``credit_notes.py`` issues) is frozen on its first print
  with the company details and branding of that moment.
- **Batch export** (``export_bills``): the same prints written straight into a folder, streamed in chunks with
  the rendering in worker processes, so 10,000 bills never sit in memory (``document_export``).
- **Receipts** (``receipt_pdf``): the payment (or refund), the bills it settled and what is left unapplied.
- **Statements** (``statement_pdf``): ``statements.statement`` for [date_from, date_to] (both days included).
- **Field rules on money** (``amounts.py``): where the actor's role masks or hides bill amounts, every bill
  prints (and exports) its "without prices" variant whatever was asked; a receipt (payment money) or a
  statement (bill and payment money) is nothing but amounts and is refused (``AmountsWithheld``).
- Permissions: ``bills.print`` (bills), ``payments.print`` (receipts), ``customers.print`` (statements: the
  customer's account, printed from the customer), and the record must be in the actor's scope
  (``record.not_found``). Every print increments the bill's ``printed_count`` and is audited
  (``bill.printed``, ``payment.receipt_printed``, ``customer.statement_printed``); a refused one writes
  nothing.
- **Branding** (``branding.py``, re-exported here): ``get_branding``, ``save_branding``; ``preview_bill``
  renders a sample bill with unsaved branding and writes nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from desktop_app import documents
from desktop_app.billing.money import from_fen, round_money, to_fen
from desktop_app.billing.tax import split_inclusive
from desktop_app.errors import DomainError, ValidationFailed
from desktop_app.models import Bill, Customer, IssuedDocument, Payment, PaymentAllocation
from desktop_app.services import amounts, numbering
from desktop_app.services import document_snapshots as frozen
from desktop_app.services import statements as ledger
from desktop_app.services.bills import DRAFT, VOID, lines_of, visible_bill
from desktop_app.services.branding import JPEG, PNG, BrandingInfo, get_branding, read_branding, save_branding
from desktop_app.services.context import Context
from desktop_app.services.customers import scope_condition, visible_customer
from desktop_app.services.settings import read

__all__ = ["METHOD_LABELS", "BrandingInfo", "DocumentFile", "ExportResult", "bill_pdf", "bills_pdfs", "export_bills",
           "get_branding", "issued_bill_ids", "preview_bill", "receipt_pdf", "save_branding", "statement_pdf"]

METHOD_LABELS = {"cash": "现金", "bank": "银行转账", "alipay": "支付宝", "wechat": "微信支付", "unionpay": "银联",
                 "card": "银行卡", "other": "其他"}
AGING_LABELS = {"current": "未到期", "days_1_30": "1–30天", "days_31_60": "31–60天", "days_61_90": "61–90天",
                "over_90": "90天以上"}
KIND_LABELS = {"bill": "账单", "credit_note": "冲销账单", "payment": "收款", "refund": "退款"}


@dataclass(frozen=True)
class DocumentFile:
    name: str  # ZD-2026-000123.pdf, ZD-2026-000123-copy.pdf, SK-2026-000001.pdf, draft-123.pdf, statement-….pdf
    data: bytes
    sha256: str
    copy: bool  # printed as a copy (副本)


def _file(name: str, data: bytes, copy: bool = False) -> DocumentFile:
    return DocumentFile(name, data, frozen.sha256(data), copy)


# --- bills ----------------------------------------------------------------------------------------

@dataclass(frozen=True)
class _Plan:
    """What one bill print is, decided before rendering."""

    bill_id: int
    number: str
    status: str
    draft: documents.BillDocument | None  # a draft, rendered live
    snapshot: str | None  # the frozen snapshot of an issued one
    stored: bytes | None  # its stored original
    stored_sha: str | None
    original_printed: bool  # the original was handed out already


def _party(customer: Customer) -> documents.Party:
    return documents.Party(customer.code, customer.name, customer.address or "", customer.tax_id or "")


def _draft_document(session: Session, bill: Bill) -> documents.BillDocument:
    """A draft as it would print today: the customer's current details, today's date and terms."""
    today = numbering.database_today(session, numbering.company_time_zone(session))
    company, branding = frozen.printing_context(session)
    original = session.scalar(select(Bill.code).where(Bill.id == bill.original_bill_id)) \
        if bill.original_bill_id is not None else None
    due = today + timedelta(days=int(read(session, "bills.payment_terms_days"))) if bill.kind == "bill" else None
    customer = session.get(Customer, bill.customer_id)
    assert customer is not None
    doc = frozen.bill_document(bill, lines_of(session, bill.id), company, branding, original_number=original,
                               status="draft", number=f"DRAFT-{bill.id}",
                               party=_party(customer), issue_date=today)
    return replace(doc, due_date=due)


def _freeze_late(context: Context, bill_id: int) -> None:
    """Freeze an issued bill that has no frozen document (issued before printing existed, or a credit note),
    with the company details and branding of now. Two desktops racing: the loser finds the winner's row."""
    try:
        with context.unit_of_work() as uow:
            session = uow.session
            if session.scalar(select(IssuedDocument.id).where(IssuedDocument.bill_id == bill_id)) is not None:
                return
            row = visible_bill(session, context, bill_id)
            original = session.scalar(select(Bill.code).where(Bill.id == row.original_bill_id)) \
                if row.original_bill_id is not None else None
            frozen.freeze(session, row, lines_of(session, row.id), context.clock(), original_number=original)
            uow.commit()
    except IntegrityError:
        pass


def _plan(context: Context, bill_id: int) -> _Plan:
    for attempt in range(2):
        with context.unit_of_work(write=False) as uow:
            session = uow.session
            row = visible_bill(session, context, bill_id)
            if row.status == DRAFT:
                return _Plan(row.id, f"draft-{row.id}", DRAFT, _draft_document(session, row), None, None, None,
                             False)
            doc = session.scalar(select(IssuedDocument).where(IssuedDocument.bill_id == row.id))
            if doc is not None:
                return _Plan(row.id, row.code or str(row.id), row.status, None, doc.snapshot, doc.pdf, doc.sha256,
                             doc.original_printed_at is not None)
        if attempt == 0:
            _freeze_late(context, bill_id)
    raise AssertionError("unreachable")  # pragma: no cover


def _original(context: Context, plan: _Plan) -> tuple[bytes, str]:
    """The stored original, rendered from the snapshot and stored first if it is missing."""
    if plan.stored is None or plan.stored_sha is None:
        assert plan.snapshot is not None
        pdf = frozen.render_stored(frozen.from_json(plan.snapshot))
        if not frozen.store_pdfs(context.database, [(plan.bill_id, pdf)], context.clock()):
            with context.unit_of_work(write=False) as uow:  # another desktop stored it meanwhile: theirs
                stored = uow.session.execute(select(IssuedDocument.pdf, IssuedDocument.sha256)
                                             .where(IssuedDocument.bill_id == plan.bill_id)).one()
            if stored.pdf is None or stored.sha256 is None:  # pragma: no cover - the update above found none
                raise DomainError("document.tampered", number=plan.number)
            return stored.pdf, stored.sha256
        return pdf, frozen.sha256(pdf)
    return plan.stored, plan.stored_sha


def _render(context: Context, plan: _Plan, copy: bool | None, without_prices: bool) -> DocumentFile:
    if plan.draft is not None:
        return _file(f"{plan.number}.pdf", documents.render_bill(plan.draft, without_prices=without_prices))
    assert plan.snapshot is not None
    as_copy = plan.original_printed if copy is None else copy
    suffix = ("-copy" if as_copy else "") + ("-without-prices" if without_prices else "")
    name = f"{plan.number}{suffix}.pdf"
    if plan.status != VOID and not as_copy and not without_prices:
        data, sha = _original(context, plan)
        if frozen.sha256(data) != sha:
            raise DomainError("document.tampered", number=plan.number)
        return DocumentFile(name, data, sha, False)
    doc = frozen.from_json(plan.snapshot)
    if plan.status == VOID:
        doc = replace(doc, status="void")
    return _file(name, documents.render_bill(doc, copy=as_copy, without_prices=without_prices), as_copy)


def _is_original(plan: _Plan, file: DocumentFile, without_prices: bool) -> bool:
    return plan.status != VOID and not file.copy and not without_prices


def _printed(context: Context, plan: _Plan, file: DocumentFile, without_prices: bool) -> None:
    with context.unit_of_work() as uow:
        if plan.draft is None:
            at = context.clock()
            uow.session.execute(update(IssuedDocument).where(IssuedDocument.bill_id == plan.bill_id).values(
                printed_count=IssuedDocument.printed_count + 1, last_printed_at=at))
            if _is_original(plan, file, without_prices):
                uow.session.execute(update(IssuedDocument).where(IssuedDocument.bill_id == plan.bill_id,
                                                                 IssuedDocument.original_printed_at.is_(None))
                                    .values(original_printed_at=at))
        uow.audit("bill.printed", "bill", plan.bill_id, number=None if plan.draft is not None else plan.number,
                  status=plan.status, copy=file.copy, without_prices=without_prices, sha256=file.sha256)
        uow.commit()


def _print(context: Context, bill_id: int, copy: bool | None, without_prices: bool) -> tuple[str, DocumentFile]:
    plan = _plan(context, bill_id)
    file = _render(context, plan, copy, without_prices)
    _printed(context, plan, file, without_prices)
    return plan.number, file


def bill_pdf(context: Context, bill_id: int, *, copy: bool | None = None, without_prices: bool = False,
             preview: bool = False) -> DocumentFile:
    """The PDF of a bill or credit note to print or save (see the module docstring for which one).
    ``preview``: the document a print would give now, only to look at: not counted as a print (so the
    original stays the original) and not audited. Without prices where the role withholds bill amounts."""
    context.require("bills.print")
    without_prices = without_prices or not amounts.rules_of(context).bills_shown
    if preview:
        return _render(context, _plan(context, bill_id), copy, without_prices)
    return _print(context, bill_id, copy, without_prices)[1]


def bills_pdfs(context: Context, bill_ids: Sequence[int], *, combined: bool, without_prices: bool = False,
               progress: Callable[[int, int], None] | None = None, cancelled: Callable[[], bool] | None = None
               ) -> list[DocumentFile]:
    """Batch printing: each bill as ``bill_pdf(copy=None)`` prints it, in the order given. Every id must be
    visible to the actor (else ``record.not_found`` before anything is printed). ``progress(done, total)``
    follows each bill; ``cancelled()`` is asked before each: once it says yes, the bills done so far are
    returned (combined: one file of those; nothing done: an empty list) — the caller knows it cancelled.
    ``combined``: one file ``bills-<first>-<last>.pdf``; else one file per bill. Without prices where the role
    withholds bill amounts."""
    context.require("bills.print")
    without_prices = without_prices or not amounts.rules_of(context).bills_shown
    with context.unit_of_work(write=False) as uow:
        for bill_id in bill_ids:
            visible_bill(uow.session, context, bill_id)
    files: list[DocumentFile] = []
    numbers: list[str] = []
    for done, bill_id in enumerate(bill_ids, start=1):
        if cancelled is not None and cancelled():
            break
        number, file = _print(context, bill_id, None, without_prices)
        numbers.append(number)
        files.append(file)
        if progress is not None:
            progress(done, len(bill_ids))
    if not combined or not files:
        return files
    data = documents.combine([file.data for file in files])
    return [_file(f"bills-{numbers[0]}-{numbers[-1]}.pdf", data, all(file.copy for file in files))]


@dataclass(frozen=True)
class ExportResult:
    """What ``export_bills`` wrote: the files (one per bill, or the one combined file), how many bills are in
    them, whether Cancel stopped it before the end, and how many files got " (2)"… (a name was taken)."""

    files: list[Path]
    bills: int
    cancelled: bool
    renamed: int


def export_bills(context: Context, bill_ids: Sequence[int], folder: Path, *, combined: bool,
                 without_prices: bool = False, progress: Callable[[int, int], None] | None = None,
                 cancelled: Callable[[], bool] | None = None) -> ExportResult:
    """Batch export into ``folder``, streamed in chunks with the rendering in worker processes: each bill as
    ``bill_pdf(copy=None)`` prints it, one file each or one combined PDF, never over an existing file
    (``document_export``)."""
    from desktop_app.services.document_export import export_bills as export

    return export(context, bill_ids, folder, combined=combined, without_prices=without_prices, progress=progress,
                  cancelled=cancelled)


def issued_bill_ids(context: Context, date_from: date, date_to: date) -> list[int]:
    """The bills and credit notes issued in [date_from, date_to) that the actor sees, in number order."""
    context.require("bills.print")
    with context.unit_of_work(write=False) as uow:
        query = (select(Bill.id).join(Customer, Customer.id == Bill.customer_id)
                 .where(Bill.status != DRAFT, Bill.issue_date >= date_from, Bill.issue_date < date_to)
                 .order_by(Bill.series, Bill.year, Bill.number))
        condition = scope_condition(uow.session, context)
        if condition is not None:
            query = query.where(condition)
        return list(uow.session.scalars(query))


# --- receipts and statements ------------------------------------------------------------------------

def receipt_pdf(context: Context, payment_id: int, *, copy: bool = False) -> DocumentFile:
    """The receipt (收据) of a payment, or of a refund (TK-…), with the bills it settled. Refused where the role
    withholds payment amounts (``amount.withheld.receipt``)."""
    context.require("payments.print")
    amounts.require_shown(context, "receipt", amounts.PAYMENTS)
    with context.unit_of_work(write=False) as uow:
        session = uow.session
        query = select(Payment).join(Customer, Customer.id == Payment.customer_id).where(Payment.id == payment_id)
        condition = scope_condition(session, context)
        if condition is not None:
            query = query.where(condition)
        payment = session.scalar(query)
        if payment is None:
            raise DomainError("record.not_found")
        settles = tuple((code or "", amount) for code, amount in session.execute(
            select(Bill.code, PaymentAllocation.amount).join(Bill, Bill.id == PaymentAllocation.bill_id)
            .where(PaymentAllocation.payment_id == payment.id).order_by(PaymentAllocation.id)))
        allocated = from_fen(sum(to_fen(amount) for _, amount in settles))
        company, branding = frozen.printing_context(session)
        customer = session.get(Customer, payment.customer_id)
        assert customer is not None
        doc = documents.ReceiptDocument(
            number=payment.code, date=payment.issued_on or payment.received_on, received_on=payment.received_on,
            company=company, branding=branding,
            customer=_party(customer), amount=payment.amount,
            method=METHOD_LABELS.get(payment.method, payment.method), reference=payment.reference or "",
            settles=settles, unapplied=payment.amount - allocated if payment.kind == "payment" else Decimal("0.00"),
            received_by=payment.created_by or "", notes=payment.notes or "")
        code = payment.code
    file = _file(f"{code}{'-copy' if copy else ''}.pdf", documents.render_receipt(doc, copy=copy), copy)
    with context.unit_of_work() as uow:
        uow.audit("payment.receipt_printed", "payment", payment_id, number=code, copy=copy, sha256=file.sha256)
        uow.commit()
    return file


def _entry(entry: ledger.StatementEntry) -> documents.StatementEntry:
    if entry.kind == "payment" or entry.kind == "refund":
        text = " ".join(filter(None, (KIND_LABELS[entry.kind], METHOD_LABELS.get(entry.method, entry.method),
                                      entry.reference)))
    elif entry.kind == "credit_note":
        text = f"{KIND_LABELS['credit_note']} {entry.reference}".strip()
    else:
        text = KIND_LABELS.get(entry.kind, entry.kind)
    if entry.status == VOID:
        text += "（作废）"
    return documents.StatementEntry(entry.day, entry.kind, entry.code, text, amounts.known(entry.debit),
                                    amounts.known(entry.credit), amounts.known(entry.balance))


def statement_pdf(context: Context, customer_id: int, date_from: date, date_to: date) -> DocumentFile:
    """The customer's statement (对账单) from ``date_from`` to ``date_to``, both days included. Refused where the
    role withholds bill or payment amounts (``amount.withheld.statement``)."""
    context.require("customers.print")
    amounts.require_shown(context, "statement", amounts.BILLS, amounts.PAYMENTS)
    if date_to < date_from:
        raise ValidationFailed("statement.period_invalid", "date_to", period_from=date_from.isoformat(),
                               period_to=date_to.isoformat())
    result = ledger.statement(context, customer_id, date_from, date_to + timedelta(days=1))
    with context.unit_of_work(write=False) as uow:
        session = uow.session
        party = _party(visible_customer(session, context, customer_id))
        company, branding = frozen.printing_context(session)
        zone = ZoneInfo(numbering.company_time_zone(session))
    aging = amounts.known(result.aging)
    doc = documents.StatementDocument(
        company=company, branding=branding, customer=party, date_from=date_from, date_to=date_to,
        opening_balance=amounts.known(result.opening_balance), entries=tuple(_entry(entry) for entry in result.entries),
        closing_balance=amounts.known(result.closing_balance),
        aging=tuple((AGING_LABELS[name], getattr(aging, name)) for name in ledger.BUCKETS),
        generated_at=context.clock().astimezone(zone).replace(tzinfo=None))
    file = _file(f"statement-{party.code}-{date_from.isoformat()}-{date_to.isoformat()}.pdf",
                 documents.render_statement(doc))
    with context.unit_of_work() as uow:
        uow.audit("customer.statement_printed", "customer", customer_id, customer=party.code,
                  date_from=date_from, date_to=date_to, sha256=file.sha256)
        uow.commit()
    return file


# --- branding preview -------------------------------------------------------------------------------

SAMPLE_LINES = (("云服务 标准版（包月）", "1", "月", "299.00", "0.06"),
                ("CRM 坐席（按用户数）", "12", "个", "58.00", "0.06"),
                ("短信通知（按量计费）", "3200", "条", "0.045", "0.06"),
                ("400 电话月租", "1", "月", "300.00", "0.09"))


def preview_bill(context: Context, branding: BrandingInfo) -> bytes:
    """A sample bill with the company's own details and this (unsaved) branding, for the live preview. Not
    validated (the preview follows the typing): an invalid colour prints in the default one, a logo that is
    not PNG or JPEG is left out; ``save_branding`` refuses both. Writes nothing."""
    clean = branding if branding.logo is None or branding.logo.startswith((PNG, JPEG)) else \
        replace(branding, logo=None)
    with context.unit_of_work(write=False) as uow:
        company = frozen.company_of(uow.session, clean)
        today = numbering.database_today(uow.session, numbering.company_time_zone(uow.session))
        read_branding(uow.session)  # the same reads as a real print
    lines = []
    for description, quantity, unit, price, rate in SAMPLE_LINES:
        gross = round_money(Decimal(quantity) * Decimal(price))
        split = split_inclusive(gross, Decimal(rate))
        lines.append(documents.DocumentLine(description, "", quantity, unit, price, split.net, rate, split.tax,
                                            split.gross))
    start = today.replace(day=1)
    end = (start + timedelta(days=32)).replace(day=1)
    total = {name: from_fen(sum(to_fen(getattr(line, name)) for line in lines)) for name in ("net", "tax", "gross")}
    doc = documents.BillDocument(
        number=f"ZD-{today.year}-000123", issue_date=today, due_date=today + timedelta(days=30), period_start=start,
        period_end=end, currency="CNY", tax_inclusive=True, company=company, branding=frozen.print_branding(clean),
        customer=documents.Party("C-000001", "示例客户有限公司", "北京市朝阳区示例路 1 号", "91110105MA00000000"),
        lines=tuple(replace(line, period=frozen.period_text(start, end)) for line in lines),
        total_net=total["net"], total_tax=total["tax"], total_gross=total["gross"])
    return documents.render_bill(doc)
