"""Batch export of bills as PDF files into a folder (``documents.export_bills``), streamed: thousands of bills
never sit in memory together.

- **Checks first.** ``bills.print``, and every id in the actor's scope (``record.not_found``) before anything is
  written or recorded. A role that masks or hides bill amounts gets every bill without prices.
- **Chunks.** The ids are worked through ``CHUNK`` at a time, in the order given: the chunk's bills are read
  with a few SELECTs (the stored original's bytes only where the original is what prints), each printed as
  ``bill_pdf(copy=None)`` would print it — the stored original as it is (its SHA-256 checked), everything else
  (copies, void bills, delivery-style prints, drafts, an original never stored) rendered from the snapshot in
  the render worker processes (``document_snapshots.render_pool``: two on two cores; in this process for a
  few bills). While the workers render the next chunk this process writes the last one: each file as soon as
  it is ready, then the chunk's prints recorded in one transaction (``printed_count``, ``original_printed_at``,
  one ``bill.printed`` audit entry per bill), then ``progress(done, total)``.
- **Files.** One per bill, named by ``DocumentFile.name`` (``ZD-2026-000123.pdf``, ``…-copy.pdf``,
  ``…-without-prices.pdf``, ``draft-12.pdf``); never over an existing file: a name already taken gets " (2)",
  " (3)"… (``unique_path``; ``ExportResult.renamed`` counts them). ``combined``: one PDF
  ``bills-<first>-<last>.pdf`` written part by part (``documents.combine.CombinedWriter``) into a hidden file in
  the folder and given its name at the end (the numbers of the first and last bill written).
- **Cancel.** ``cancelled()`` is asked between chunks; once it says yes nothing more is written and
  ``ExportResult.cancelled`` is set: the files (or the combined file of the bills so far) stay and are
  recorded as printed.
"""

from __future__ import annotations

import logging
import os
import tempfile
from collections import Counter, deque
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, BinaryIO

from sqlalchemy import select, text, update
from sqlalchemy.orm import Session

from desktop_app import documents
from desktop_app.documents.combine import CombinedWriter
from desktop_app.errors import DomainError
from desktop_app.models import Bill, Customer, IssuedDocument
from desktop_app.services import amounts
from desktop_app.services import document_snapshots as frozen
from desktop_app.services.bills import DRAFT, VOID
from desktop_app.services.context import Context
from desktop_app.services.customers import scope_condition
from desktop_app.services.document_render import RenderResult, render_prints
from desktop_app.services.documents import ExportResult, _draft_document, _freeze_late, _Plan

__all__ = ["CHUNK", "export_bills", "unique_path"]

log = logging.getLogger(__name__)
CHUNK = 200  # bills read, written and recorded together
TASK = 10  # bills per task sent to a render worker
IN_FLIGHT = 3  # chunks read and being rendered while the oldest is written
POOL_FROM = 48  # bills to render in one export: fewer render in this process
EXPORT_CACHE = -16384  # SQLite cache_size while reading and recording a chunk (negative: KiB, so 16 MB)
_Render = tuple[int, documents.BillDocument, bool, bool]  # position in the chunk, snapshot, copy, without prices


def unique_path(folder: Path, name: str) -> Path:
    """``folder/name``, or ``name (2).pdf``, ``name (3).pdf``… when a file of that name is already there."""
    return next(path for path in _candidates(folder, name) if not path.exists())


def _candidates(folder: Path, name: str) -> Iterator[Path]:
    path = folder / name
    yield path
    number = 2
    while True:
        yield folder / f"{path.stem} ({number}){path.suffix}"
        number += 1


def _create(folder: Path, name: str) -> tuple[Path, BinaryIO]:
    """A new file of that name (or the first free " (n)" one), created exclusively: never over another."""
    for path in _candidates(folder, name):
        try:
            return path, path.open("xb")
        except FileExistsError:
            continue
    raise AssertionError("unreachable")  # pragma: no cover


@dataclass
class _Chunk:
    """One chunk on its way: its plans, what each prints as, and the PDFs as they come."""

    plans: list[_Plan]
    names: list[str]
    copies: list[bool]
    originals: list[bool]  # the stored original is what prints (counts as handing out the original)
    data: list[bytes | None]
    missing: list[int] = field(default_factory=list)  # positions whose original was never stored: rendered now
    futures: list[tuple[Future[RenderResult], list[_Render]]] = field(default_factory=list)


class _Export:
    def __init__(self, context: Context, folder: Path, combined: bool, without_prices: bool, total: int) -> None:
        self.context, self.folder, self.combined, self.without_prices = context, folder, combined, without_prices
        self.total = total
        self.pool: ProcessPoolExecutor | None = None
        self.pool_tried = False
        self.handed_out: set[int] = set()  # originals printed by this export (an id given twice: then a copy)
        self.files: list[Path] = []
        self.numbers: list[str] = []
        self.renamed = 0
        self.done = 0
        self.writer: CombinedWriter | None = None
        self.partial: Path | None = None
        if combined:
            handle, name = tempfile.mkstemp(prefix=".bills-", suffix=".pdf.part", dir=folder)
            os.close(handle)
            self.partial = Path(name)
            self.writer = CombinedWriter(self.partial)

    # --- reading --------------------------------------------------------------------------------------

    def plans(self, ids: Sequence[int]) -> list[_Plan]:
        """The chunk's plans, from a few SELECTs (a bill issued before documents were frozen: frozen now)."""
        context = self.context
        for attempt in range(2):
            with context.unit_of_work(write=False) as uow, _unmapped(uow.session):
                session = uow.session
                query = (select(Bill.id, Bill.code, Bill.status, IssuedDocument.snapshot, IssuedDocument.sha256,
                                IssuedDocument.original_printed_at)
                         .join(Customer, Customer.id == Bill.customer_id)
                         .outerjoin(IssuedDocument, IssuedDocument.bill_id == Bill.id).where(Bill.id.in_(set(ids))))
                condition = scope_condition(session, context)
                if condition is not None:
                    query = query.where(condition)
                rows = {row.id: row for row in session.execute(query)}
                if len(rows) != len(set(ids)):  # gone meanwhile (a draft deleted)
                    raise DomainError("record.not_found")
                unfrozen = [row.id for row in rows.values() if row.status != DRAFT and row.snapshot is None]
                if not unfrozen:
                    return self._plans(session, ids, rows)
            if attempt == 0:
                for bill_id in unfrozen:
                    _freeze_late(context, bill_id)
        raise AssertionError("unreachable")  # pragma: no cover

    def _plans(self, session: Session, ids: Sequence[int], rows: dict[int, Any]) -> list[_Plan]:
        wanted = [row.id for row in rows.values() if row.status not in (DRAFT, VOID) and row.sha256 is not None
                  and row.original_printed_at is None and not self.without_prices]
        stored = {bill_id: pdf for bill_id, pdf in session.execute(
            select(IssuedDocument.bill_id, IssuedDocument.pdf).where(IssuedDocument.bill_id.in_(wanted)))} \
            if wanted else {}
        plans = []
        for bill_id in ids:
            row = rows[bill_id]
            if row.status == DRAFT:
                bill = session.get(Bill, bill_id)
                assert bill is not None
                plans.append(_Plan(bill_id, f"draft-{bill_id}", DRAFT, _draft_document(session, bill), None, None,
                                   None, False))
            else:
                plans.append(_Plan(bill_id, row.code or str(bill_id), row.status, None, row.snapshot,
                                   stored.get(bill_id), row.sha256, row.original_printed_at is not None))
        return plans

    # --- rendering ------------------------------------------------------------------------------------

    def start(self, ids: Sequence[int]) -> _Chunk:
        """Decide what each bill of the chunk prints as and send what needs rendering to the workers."""
        plans = self.plans(ids)
        chunk = _Chunk(plans, [], [], [], [None] * len(plans))
        renders: list[_Render] = []
        for position, plan in enumerate(plans):
            if plan.draft is not None:
                chunk.names.append(f"{plan.number}.pdf")
                chunk.copies.append(False)
                chunk.originals.append(False)
                renders.append((position, plan.draft, False, self.without_prices))
                continue
            assert plan.snapshot is not None
            as_copy = plan.original_printed or plan.bill_id in self.handed_out
            original = plan.status != VOID and not as_copy and not self.without_prices
            if original:
                self.handed_out.add(plan.bill_id)
            suffix = ("-copy" if as_copy else "") + ("-without-prices" if self.without_prices else "")
            chunk.names.append(f"{plan.number}{suffix}.pdf")
            chunk.copies.append(as_copy)
            chunk.originals.append(original)
            if original and plan.stored is not None:
                chunk.data[position] = plan.stored
                continue
            doc = frozen.from_json(plan.snapshot)
            if plan.status == VOID:
                doc = replace(doc, status="void")
            if original:  # never stored (a crash after issuing): the original rendered now, then stored
                chunk.missing.append(position)
            renders.append((position, doc, as_copy, self.without_prices))
        self._render(chunk, renders)
        return chunk

    def _render(self, chunk: _Chunk, renders: list[_Render]) -> None:
        if not renders:
            return
        if self.pool is None and not self.pool_tried and self.total >= POOL_FROM and len(renders) >= TASK:
            self.pool_tried = True
            self.pool, _ = frozen.render_pool()
        if self.pool is None:
            self._take(chunk, render_prints(renders))
            return
        for start in range(0, len(renders), TASK):
            task = renders[start:start + TASK]
            try:
                chunk.futures.append((self.pool.submit(render_prints, task), task))
            except RuntimeError:  # pragma: no cover - a broken pool: render here
                log.warning("rendering pool broken; rendering in this process", exc_info=True)
                self._take(chunk, render_prints(task))

    @staticmethod
    def _take(chunk: _Chunk, result: RenderResult) -> None:
        for position, pdf, _seconds in result:
            chunk.data[position] = pdf

    # --- writing and recording --------------------------------------------------------------------------

    def finish(self, chunk: _Chunk) -> None:
        """Wait for the chunk's PDFs, write them, record the prints, report progress."""
        for future, task in chunk.futures:
            try:
                self._take(chunk, future.result())
            except Exception:  # a worker died: render these here
                log.warning("a render worker failed; rendering %d bills in this process", len(task), exc_info=True)
                self._take(chunk, render_prints(task))
        chunk.futures.clear()
        self._store_missing(chunk)
        shas: list[str] = []
        for position, plan in enumerate(chunk.plans):
            data = chunk.data[position]
            assert data is not None
            sha = frozen.sha256(data)
            if chunk.originals[position] and plan.stored is not None and sha != plan.stored_sha:
                raise DomainError("document.tampered", number=plan.number)
            shas.append(sha)
        for position, plan in enumerate(chunk.plans):
            data = chunk.data[position]
            assert data is not None
            if self.writer is not None:
                self.writer.add(data)
            else:
                path, handle = _create(self.folder, chunk.names[position])
                with handle:
                    handle.write(data)
                self.files.append(path)
                self.renamed += path.name != chunk.names[position]
            chunk.data[position] = None  # written: not kept
            self.numbers.append(plan.number)
        self._record(chunk, shas)
        self.done += len(chunk.plans)

    def _store_missing(self, chunk: _Chunk) -> None:
        """Originals that were never stored: stored now (another desktop that stored one meanwhile wins)."""
        if not chunk.missing:
            return
        rendered = [(chunk.plans[position].bill_id, chunk.data[position]) for position in chunk.missing]
        stored = frozen.store_pdfs(self.context.database, [(bill_id, pdf) for bill_id, pdf in rendered
                                                           if pdf is not None], self.context.clock())
        if stored == len(rendered):
            return
        with self.context.unit_of_work(write=False) as uow:
            theirs = {bill_id: pdf for bill_id, pdf in uow.session.execute(
                select(IssuedDocument.bill_id, IssuedDocument.pdf)
                .where(IssuedDocument.bill_id.in_([bill_id for bill_id, _ in rendered])))}
        for position in chunk.missing:
            pdf = theirs.get(chunk.plans[position].bill_id)
            if pdf is None:  # pragma: no cover - the update found no row
                raise DomainError("document.tampered", number=chunk.plans[position].number)
            chunk.data[position] = pdf

    def _record(self, chunk: _Chunk, shas: list[str]) -> None:
        """The chunk's prints, as ``bill_pdf`` records each, in one transaction."""
        context = self.context
        with context.unit_of_work() as uow, _unmapped(uow.session):
            at = context.clock()
            printed = Counter(plan.bill_id for plan in chunk.plans if plan.draft is None)
            by_count: dict[int, list[int]] = {}
            for bill_id, count in printed.items():
                by_count.setdefault(count, []).append(bill_id)
            for count, bill_ids in by_count.items():
                uow.session.execute(update(IssuedDocument).where(IssuedDocument.bill_id.in_(bill_ids)).values(
                    printed_count=IssuedDocument.printed_count + count, last_printed_at=at))
            originals = [plan.bill_id for plan, original in zip(chunk.plans, chunk.originals, strict=True) if original]
            if originals:
                uow.session.execute(update(IssuedDocument).where(IssuedDocument.bill_id.in_(originals),
                                                                 IssuedDocument.original_printed_at.is_(None))
                                    .values(original_printed_at=at))
            for plan, copy, sha in zip(chunk.plans, chunk.copies, shas, strict=True):
                uow.audit("bill.printed", "bill", plan.bill_id, number=None if plan.draft is not None else plan.number,
                          status=plan.status, copy=copy, without_prices=self.without_prices, sha256=sha)
            uow.commit()

    def close(self) -> None:
        """Name the combined file (when anything went in) and stop the workers."""
        try:
            if self.writer is not None and self.partial is not None:
                if self.done:
                    self.writer.close()
                    path, handle = _create(self.folder, f"bills-{self.numbers[0]}-{self.numbers[-1]}.pdf")
                    handle.close()
                    os.replace(self.partial, path)  # over the empty file just made for it: never another's
                    self.files.append(path)
                    self.renamed += path.name != f"bills-{self.numbers[0]}-{self.numbers[-1]}.pdf"
                else:
                    self.writer.abort()
                    self.partial.unlink(missing_ok=True)
        finally:
            self.shutdown()

    def fail(self) -> None:
        """An error: the unfinished combined file is removed (files written so far stay)."""
        try:
            if self.writer is not None and self.partial is not None:
                self.writer.abort()
                self.partial.unlink(missing_ok=True)
        finally:
            self.shutdown()

    def shutdown(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)
            self.pool = None


def export_bills(context: Context, bill_ids: Sequence[int], folder: Path, *, combined: bool,
                 without_prices: bool = False, progress: Callable[[int, int], None] | None = None,
                 cancelled: Callable[[], bool] | None = None) -> ExportResult:
    """Write the bills as PDF files into ``folder`` (see the module docstring); returns what was written. Without
    prices where the actor's role masks or hides bill amounts (field rule ``bills.amount``, ``amounts.py``)."""
    context.require("bills.print")
    without_prices = without_prices or not amounts.rules_of(context).bills_shown
    ids = list(bill_ids)
    _check_visible(context, ids)
    if not ids:
        return ExportResult([], 0, False, 0)
    export = _Export(context, Path(folder), combined, without_prices, len(ids))
    pending: deque[_Chunk] = deque()
    stopped = False

    def finish_oldest() -> None:
        export.finish(pending.popleft())
        if progress is not None:
            progress(export.done, len(ids))

    try:
        for start in range(0, len(ids), CHUNK):
            if cancelled is not None and cancelled():
                stopped = True
                break
            pending.append(export.start(ids[start:start + CHUNK]))  # rendering while the oldest is written
            if len(pending) >= IN_FLIGHT:
                finish_oldest()
        while pending and not stopped:
            if cancelled is not None and cancelled():
                stopped = True
                break
            finish_oldest()
    except BaseException:
        export.fail()
        raise
    export.close()
    return ExportResult(export.files, export.done, stopped and export.done < len(ids), export.renamed)


@contextmanager
def _unmapped(session: Session) -> Iterator[None]:
    """SQLite: the rows of ``issued_documents`` read through a small page cache, not the memory map and the
    128 MB cache the connection has (``db.py``, for the bill run). Reading a row's later columns, or updating
    its print counters, walks the stored PDF's overflow pages; every page touched through the map stays in
    this process's RSS as long as the connection lives (for 10,000 bills: their PDFs' whole size), and the
    cache would keep 128 MB of them. Both come back afterwards (the cache refills only as it is used)."""
    if session.get_bind().dialect.name != "sqlite":
        yield
        return
    mapped = int(session.execute(text("PRAGMA mmap_size")).scalar() or 0)
    cache = int(session.execute(text("PRAGMA cache_size")).scalar() or 0)
    session.execute(text("PRAGMA mmap_size=0"))
    session.execute(text(f"PRAGMA cache_size={EXPORT_CACHE}"))
    try:
        yield
    finally:
        session.execute(text(f"PRAGMA cache_size={cache}"))
        session.execute(text(f"PRAGMA mmap_size={mapped}"))


def _check_visible(context: Context, ids: Sequence[int]) -> None:
    """Every id in the actor's scope (``record.not_found``), a few hundred per SELECT."""
    wanted = sorted(set(ids))
    with context.unit_of_work(write=False) as uow:
        condition = scope_condition(uow.session, context)
        for start in range(0, len(wanted), 500):
            part = wanted[start:start + 500]
            query = select(Bill.id).join(Customer, Customer.id == Bill.customer_id).where(Bill.id.in_(part))
            if condition is not None:
                query = query.where(condition)
            if len(set(uow.session.scalars(query))) != len(part):
                raise DomainError("record.not_found")
