"""Frozen documents: the snapshot of an issued bill, its canonical JSON, and rendering + storing its PDF.

- ``bill_document`` builds a ``documents.BillDocument`` from the bill row, its lines, the company details and
  the branding as they are at that moment (the customer fields are the ones snapshotted on the bill row; the
  plan texts are the lines' descriptions). A credit note prints red-letter: its amounts (stored positive)
  and quantities negative.
- ``to_json`` / ``from_json``: the snapshot as canonical JSON (sorted keys; Decimals as strings, dates ISO,
  the logo base64) and back, exactly enough to render the same bytes again.
- ``freeze`` inserts the ``issued_documents`` row (snapshot, no PDF yet) in the caller's transaction: the
  issuing one (``bills._issue``). ``store_pdfs`` writes PDFs + SHA-256 afterwards in a short transaction of
  their own, only where none is stored yet (the database refuses to change a stored one).
- ``Renderer`` renders the PDFs of a bulk issue: in this process for a few bills, in worker processes
  ("spawn", 1–2 like the bill run's ``PricingPool``) for many, while the caller goes on numbering; PDFs are
  stored as they come back. A PDF that never got stored (a crash in between) is rendered from the stored
  snapshot on the first print (``documents.bill_pdf``): rendering is deterministic, so it is the same file.
"""

from __future__ import annotations

import base64
import hashlib
import json
import logging
import multiprocessing
import os
import time
from collections import deque
from collections.abc import Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from functools import lru_cache
from typing import Any, cast

from sqlalchemy import Table, bindparam, insert, select
from sqlalchemy.orm import Session

from desktop_app import documents
from desktop_app.db import Database
from desktop_app.models import Bill, BillLine, Company, IssuedDocument
from desktop_app.services.branding import BrandingInfo, read_branding
from desktop_app.services.document_render import RenderResult, render_many, render_original, warm_up

__all__ = ["ISSUED_DOCUMENTS", "LAST_ISSUE", "IssueStats", "Renderer", "bill_document", "company_of", "freeze",
           "from_json", "frozen_row", "period_text", "print_branding", "printing_context", "render_pool",
           "render_stored", "sha256", "snapshot", "store_pdfs", "to_json"]

log = logging.getLogger(__name__)
SNAPSHOT_VERSION = 1
POOL_FROM = 48  # bills: fewer render in this process (starting workers costs about a second)
CHUNK = 8  # bills per task sent to a worker
ISSUED_DOCUMENTS = cast(Table, IssuedDocument.__table__)


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def company_of(session: Session, branding: BrandingInfo) -> documents.Company:
    """The company's details as printed (with the branding's logo)."""
    row = session.scalar(select(Company).order_by(Company.id).limit(1))
    if row is None:
        return documents.Company(name="", logo=branding.logo)
    return documents.Company(row.name, row.address or "", row.phone or "", row.tax_id or "", row.bank_name or "",
                             row.bank_account or "", branding.logo)


def print_branding(branding: BrandingInfo) -> documents.Branding:
    return documents.Branding(branding.accent, branding.footer, branding.terms, branding.payment_instructions,
                              branding.qr_text)


def period_text(start: date | None, end: date | None) -> str:
    """A line's half-open period printed with its last day: 2026-03-01–2026-03-31."""
    if start is None and end is None:
        return ""
    last = end - timedelta(days=1) if end is not None and (start is None or end > start) else end
    return "–".join(day.isoformat() for day in (start, last) if day is not None)


def _negated(quantity: str) -> str:
    text = quantity.strip()
    if not text or Decimal(text) == 0:
        return text
    return text[1:] if text.startswith("-") else f"-{text}"


def bill_document(bill: Bill, lines: Sequence[BillLine], company: documents.Company, branding: documents.Branding,
                  *, original_number: str | None = None, status: str = "issued", number: str | None = None,
                  party: documents.Party | None = None, issue_date: date | None = None) -> documents.BillDocument:
    """The printed bill (or red-letter credit note) from its rows; ``status`` "issued" for the frozen original."""
    credit = bill.kind == "credit_note"
    sign = Decimal(-1) if credit else Decimal(1)
    printed = tuple(documents.DocumentLine(
        line.description, period_text(line.period_start, line.period_end),
        _negated(line.quantity) if credit else line.quantity, line.unit or "", line.unit_price, sign * line.net,
        line.tax_rate, sign * line.tax, sign * line.gross) for line in lines)
    customer = party or documents.Party(bill.customer_code or "", bill.customer_name or "", bill.customer_address or "",
                                        bill.customer_tax_id or "")
    return documents.BillDocument(
        number=number or bill.code or f"DRAFT-{bill.id}", issue_date=issue_date or bill.issue_date or date.min,
        due_date=bill.due_date,
        period_start=bill.period_start, period_end=bill.period_end, currency=bill.currency,
        tax_inclusive=bool(bill.tax_inclusive), company=company, branding=branding, customer=customer, lines=printed,
        total_net=sign * bill.total_net, total_tax=sign * bill.total_tax, total_gross=sign * bill.total_gross,
        credit_applied=bill.credit_applied, wallet_applied=bill.wallet_applied,
        amount_due=sign * bill.amount_due if credit else bill.amount_due, notes=bill.notes or "", status=status,
        original_number=(original_number or "?") if credit else None)


# --- canonical JSON ---------------------------------------------------------------------------------

def _text(value: date | None) -> str | None:
    return None if value is None else value.isoformat()


@lru_cache(maxsize=8)
def _header(company: documents.Company, branding: documents.Branding) -> tuple[dict[str, Any], dict[str, Any]]:
    """The company and branding parts (the same for every bill of a batch: built once)."""
    logo = base64.b64encode(company.logo).decode("ascii") if company.logo else None
    return ({"name": company.name, "address": company.address, "phone": company.phone, "tax_id": company.tax_id,
             "bank_name": company.bank_name, "bank_account": company.bank_account, "logo": logo},
            {"accent": branding.accent, "footer": branding.footer, "terms": branding.terms,
             "payment_instructions": branding.payment_instructions, "qr_text": branding.qr_text})


def to_json(doc: documents.BillDocument) -> str:
    """The snapshot as canonical JSON: sorted keys, Decimals as strings, dates ISO, the logo base64."""
    company, branding = _header(doc.company, doc.branding)
    party = doc.customer
    data = {"v": SNAPSHOT_VERSION, "bill": {
        "number": doc.number, "issue_date": doc.issue_date.isoformat(), "due_date": _text(doc.due_date),
        "period_start": _text(doc.period_start), "period_end": _text(doc.period_end), "currency": doc.currency,
        "tax_inclusive": doc.tax_inclusive, "company": company, "branding": branding,
        "customer": {"code": party.code, "name": party.name, "address": party.address, "tax_id": party.tax_id,
                     "contact": party.contact, "phone": party.phone},
        "lines": [{"description": line.description, "period": line.period, "quantity": line.quantity,
                   "unit": line.unit, "unit_price": line.unit_price, "net": str(line.net), "tax_rate": line.tax_rate,
                   "tax": str(line.tax), "gross": str(line.gross)} for line in doc.lines],
        "total_net": str(doc.total_net), "total_tax": str(doc.total_tax), "total_gross": str(doc.total_gross),
        "credit_applied": str(doc.credit_applied), "wallet_applied": str(doc.wallet_applied),
        "amount_due": str(doc.due), "notes": doc.notes, "status": doc.status, "original_number": doc.original_number,
    }}
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def _day(text: str | None) -> date | None:
    return None if text is None else date.fromisoformat(text)


def from_json(text: str) -> documents.BillDocument:
    data = json.loads(text)
    if data.get("v") != SNAPSHOT_VERSION:
        raise ValueError(f"unknown snapshot version {data.get('v')!r}")
    raw = data["bill"]
    company = dict(raw["company"])
    company["logo"] = base64.b64decode(company["logo"]) if company.get("logo") else None
    lines = tuple(documents.DocumentLine(
        line["description"], line["period"], line["quantity"], line["unit"], line["unit_price"],
        Decimal(line["net"]), line["tax_rate"], Decimal(line["tax"]), Decimal(line["gross"])) for line in raw["lines"])
    money = {name: Decimal(raw[name]) for name in ("total_net", "total_tax", "total_gross", "credit_applied",
                                                   "wallet_applied", "amount_due")}
    return documents.BillDocument(
        number=raw["number"], issue_date=date.fromisoformat(raw["issue_date"]), due_date=_day(raw["due_date"]),
        period_start=_day(raw["period_start"]), period_end=_day(raw["period_end"]), currency=raw["currency"],
        tax_inclusive=raw["tax_inclusive"], company=documents.Company(**company),
        branding=documents.Branding(**raw["branding"]), customer=documents.Party(**raw["customer"]), lines=lines,
        **money, notes=raw["notes"], status=raw["status"], original_number=raw["original_number"])


# --- freezing and storing -----------------------------------------------------------------------------

def printing_context(session: Session) -> tuple[documents.Company, documents.Branding]:
    """The company and branding as they are now, read in the caller's transaction."""
    branding = read_branding(session)
    return company_of(session, branding), print_branding(branding)


def freeze(session: Session, bill: Bill, lines: Sequence[BillLine], at: datetime,
           printing: tuple[documents.Company, documents.Branding] | None = None,
           original_number: str | None = None) -> documents.BillDocument:
    """Snapshot an issued bill into ``issued_documents`` in the caller's (issuing) transaction."""
    doc = snapshot(session, bill, lines, printing, original_number)
    session.execute(insert(ISSUED_DOCUMENTS), [frozen_row(bill.id, doc, at)])
    return doc


def snapshot(session: Session, bill: Bill, lines: Sequence[BillLine],
             printing: tuple[documents.Company, documents.Branding] | None = None,
             original_number: str | None = None) -> documents.BillDocument:
    company, branding = printing or printing_context(session)
    return bill_document(bill, lines, company, branding, original_number=original_number)


def frozen_row(bill_id: int, doc: documents.BillDocument, at: datetime) -> dict[str, Any]:
    """The ``issued_documents`` row of a snapshot (no PDF yet), for a Core insert."""
    return {"bill_id": bill_id, "snapshot": to_json(doc), "pdf": None, "sha256": None, "created_at": at,
            "rendered_at": None, "printed_count": 0, "last_printed_at": None,
            "original_printed_at": None}


def render_stored(doc: documents.BillDocument) -> bytes:
    """The frozen original: the snapshot rendered as issued (no copy mark, with prices)."""
    return render_original(doc)


def store_pdfs(database: Database, rendered: Sequence[tuple[int, bytes]], at: datetime) -> int:
    """Store PDFs where none is stored yet, in one short transaction; returns how many were stored."""
    if not rendered:
        return 0
    table = ISSUED_DOCUMENTS
    statement = (table.update().where(table.c.bill_id == bindparam("b_id"), table.c.sha256.is_(None))
                 .values(pdf=bindparam("b_pdf"), sha256=bindparam("b_sha"), rendered_at=bindparam("b_at")))
    with database.session(write=True) as session:
        result = session.connection().execute(statement, [
            {"b_id": bill_id, "b_pdf": pdf, "b_sha": sha256(pdf), "b_at": at} for bill_id, pdf in rendered])
        session.commit()
    return int(result.rowcount or 0)


# --- rendering a bulk issue ----------------------------------------------------------------------------

@dataclass
class IssueStats:
    """Where the time of the last bulk issue went (bench/issue.py prints it)."""

    numbering: float = 0.0  # wall seconds in the numbering transactions (snapshots included)
    transactions: int = 0
    rendering: float = 0.0  # CPU seconds rendering (in the workers, or here)
    rendered: int = 0
    storing: float = 0.0  # wall seconds storing PDFs
    waiting: float = 0.0  # wall seconds waiting for the last PDFs at the end
    workers: int = 0


LAST_ISSUE: IssueStats | None = None


def render_pool() -> tuple[ProcessPoolExecutor | None, int]:
    """The rendering worker processes (1–2, "spawn", fonts loaded at start) and how many; (None, 0) where no
    process can be started (then the caller renders in its own process). The caller shuts the pool down."""
    workers = max(1, min(2, os.cpu_count() or 1))
    try:
        return ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn"),
                                   initializer=warm_up), workers
    except OSError:  # pragma: no cover - no processes here: render in this process
        log.warning("no worker processes for rendering; rendering in this process", exc_info=True)
        return None, 0


class Renderer:
    """Renders and stores the frozen PDFs of a bulk issue while the caller numbers the next bills."""

    def __init__(self, database: Database, expected: int, clock: Any, stats: IssueStats) -> None:
        self.database, self.clock, self.stats = database, clock, stats
        self.pending: deque[Future[RenderResult]] = deque()
        self.waiting: list[tuple[int, documents.BillDocument]] = []
        self.pool: ProcessPoolExecutor | None = None
        if expected >= POOL_FROM:
            self.pool, stats.workers = render_pool()

    def submit(self, items: Sequence[tuple[int, documents.BillDocument]]) -> None:
        """Render these (in chunks), storing whatever is ready so far."""
        self.waiting.extend(items)
        if self.pool is None:
            self._store(render_many(self.waiting))
            self.waiting.clear()
            return
        while len(self.waiting) >= CHUNK:
            self._send(self.waiting[:CHUNK])
            del self.waiting[:CHUNK]
        self.collect(block=False)

    def _send(self, items: list[tuple[int, documents.BillDocument]]) -> None:
        assert self.pool is not None
        try:
            self.pending.append(self.pool.submit(render_many, items))
        except RuntimeError:  # pragma: no cover - a broken pool: the first print renders them
            log.warning("rendering pool broken; %d PDFs left for their first print", len(items), exc_info=True)

    def collect(self, *, block: bool) -> None:
        ready: RenderResult = []
        while self.pending and (block or self.pending[0].done()):
            future = self.pending.popleft()
            try:
                ready.extend(future.result())
            except Exception:  # a worker died: those PDFs are rendered from their snapshots when first printed
                log.warning("rendering frozen PDFs failed; they are rendered on their first print", exc_info=True)
        self._store(ready)

    def _store(self, ready: RenderResult) -> None:
        if not ready:
            return
        self.stats.rendering += sum(seconds for _, _, seconds in ready)
        self.stats.rendered += len(ready)
        started = time.perf_counter()
        try:
            store_pdfs(self.database, [(bill_id, pdf) for bill_id, pdf, _ in ready], self.clock())
        except Exception:  # the bills are issued; their PDFs come from the snapshots on the first print
            log.warning("storing %d frozen PDFs failed", len(ready), exc_info=True)
        self.stats.storing += time.perf_counter() - started

    def close(self) -> None:
        """Render and store the rest, then stop the workers."""
        started = time.perf_counter()
        try:
            if self.waiting:
                if self.pool is None:
                    self._store(render_many(self.waiting))
                else:
                    self._send(list(self.waiting))
                self.waiting.clear()
            self.collect(block=True)
        finally:
            if self.pool is not None:
                self.pool.shutdown(wait=True, cancel_futures=True)
            self.stats.waiting += time.perf_counter() - started
