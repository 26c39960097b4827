"""Bills export: the bills and credit notes of a period, every line with its tax, as JSON or CSV.

For the accountant and the tax platform's reconciliation (format: docs/formats.md, "Bills export").

- **What**: every bill and credit note issued in ``[period_from, period_to)`` (its ``issue_date``, the
  company's calendar day), void ones too (``status`` "void", ``void`` true; they keep their number). With
  ``include_drafts`` also the drafts *created* in the period (their ``created_at`` in the company time zone;
  drafts have no number and no issue date yet). Only documents of customers in the actor's scope.
- **Order**: issued documents by issue date, series, year and number; then drafts by id.
- **JSON**: ``{"format": "benji-bills", "version": 1, "period_from", "period_to", "documents": [...]}``, one
  object per document with its ``lines``; amounts are strings with two decimals ("123.45"), never numbers.
- **CSV**: one row per line with the document's columns repeated (a document without lines: one row with
  empty line columns); UTF-8 with BOM so Excel reads Chinese; text cells that a spreadsheet would run as
  a formula are defused with a leading apostrophe (``exports.defuse``). Amounts are plain numbers.
- The file is written to a temporary file beside ``out`` and moved into place: never half a file.
- Permission ``bills.export``; one audit entry ``bill.export``.
- **Field rule ``bills.amount``** (``amounts.py``): where the actor's role masks or hides bill amounts the
  export keeps its rows and columns, but every money column (``MONEY_COLUMNS``: the totals, credit and wallet
  applied, amount due, paid; each line's unit price, net, tax and gross) is ``****`` when masked and empty
  (JSON ``null``) when hidden; the JSON then says ``"amounts": "masked"`` (or ``"hidden"``) at the top, and the
  audit entry records it.
"""

from __future__ import annotations

import csv
import json
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from decimal import Decimal
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session

from desktop_app.billing.money import from_fen, to_fen
from desktop_app.errors import ValidationFailed
from desktop_app.models import Bill, BillLine, Customer
from desktop_app.services import amounts, numbering
from desktop_app.services.access import FieldRule
from desktop_app.services.context import Context
from desktop_app.services.customers import scope_condition
from desktop_app.services.exports import defuse

__all__ = ["DOCUMENT_COLUMNS", "FORMATS", "LINE_COLUMNS", "export_bills"]

FORMATS = ("json", "csv")
FORMAT_NAME, FORMAT_VERSION = "benji-bills", 1
CHUNK = 500  # ids per IN (...) when loading lines

DOCUMENT_COLUMNS = (
    "document_id", "kind", "code", "series", "year", "number", "status", "void", "issue_date", "due_date",
    "customer_code", "customer_name", "customer_address", "customer_tax_id", "subscription_id", "period_start",
    "period_end", "currency", "tax_inclusive", "total_net", "total_tax", "total_gross", "credit_applied",
    "wallet_applied", "amount_due", "paid", "original_code", "notes", "issued_by", "voided_at", "void_reason",
)
LINE_COLUMNS = (
    "line_id", "position", "line_kind", "charge", "description", "product", "line_period_start", "line_period_end",
    "quantity", "unit", "unit_price", "net", "tax_rate", "tax", "gross", "discounted_line", "credited_line_id",
)

MONEY_COLUMNS = ("total_net", "total_tax", "total_gross", "credit_applied", "wallet_applied", "amount_due", "paid",
                 "unit_price", "net", "tax", "gross")


@dataclass(frozen=True)
class _Document:
    values: dict[str, Any]  # DOCUMENT_COLUMNS
    lines: list[dict[str, Any]]  # LINE_COLUMNS each


def _money(value: Decimal) -> Decimal:
    return from_fen(to_fen(value))


def _day_start(day: date, zone: str) -> datetime:
    return datetime.combine(day, time(0), ZoneInfo(zone)).astimezone(UTC)


def _documents(session: Session, context: Context, period_from: date, period_to: date, include_drafts: bool
               ) -> list[Bill]:
    issued = and_(Bill.status != "draft", Bill.issue_date >= period_from, Bill.issue_date < period_to)
    condition = issued
    if include_drafts:
        zone = numbering.company_time_zone(session)
        drafts = and_(Bill.status == "draft", Bill.created_at >= _day_start(period_from, zone),
                      Bill.created_at < _day_start(period_to, zone))
        condition = or_(issued, drafts)
    query = select(Bill).join(Customer, Customer.id == Bill.customer_id).where(condition)
    scope = scope_condition(session, context)
    if scope is not None:
        query = query.where(scope)
    rows = list(session.scalars(query))
    rows.sort(key=lambda row: (row.status == "draft", row.issue_date or date.min, row.series or "", row.year or 0,
                               row.number or 0, row.id))
    return rows


def _chunks(ids: Sequence[int]) -> Iterable[Sequence[int]]:
    for start in range(0, len(ids), CHUNK):
        yield ids[start:start + CHUNK]


def _lines(session: Session, ids: Sequence[int]) -> dict[int, list[BillLine]]:
    result: dict[int, list[BillLine]] = {}
    for chunk in _chunks(ids):
        for line in session.scalars(select(BillLine).where(BillLine.bill_id.in_(list(chunk)))
                                    .order_by(BillLine.bill_id, BillLine.position)):
            result.setdefault(line.bill_id, []).append(line)
    return result


def _codes(session: Session, ids: set[int]) -> dict[int, str | None]:
    result: dict[int, str | None] = {}
    for chunk in _chunks(sorted(ids)):
        result.update((bill_id, code) for bill_id, code in session.execute(
            select(Bill.id, Bill.code).where(Bill.id.in_(list(chunk)))))
    return result


def _line(line: BillLine) -> dict[str, Any]:
    return {
        "line_id": line.id, "position": line.position, "line_kind": line.kind, "charge": line.charge,
        "description": line.description, "product": line.product, "line_period_start": line.period_start,
        "line_period_end": line.period_end, "quantity": line.quantity, "unit": line.unit,
        "unit_price": line.unit_price, "net": _money(line.net),
        "tax_rate": "exempt" if line.tax_rate is None else line.tax_rate, "tax": _money(line.tax),
        "gross": _money(line.gross), "discounted_line": line.discounted_line, "credited_line_id": line.credited_line_id,
    }


def _document(row: Bill, lines: list[BillLine], original_code: str | None) -> _Document:
    values = {
        "document_id": row.id, "kind": row.kind, "code": row.code, "series": row.series, "year": row.year,
        "number": row.number, "status": row.status, "void": row.status == "void", "issue_date": row.issue_date,
        "due_date": row.due_date, "customer_code": row.customer_code, "customer_name": row.customer_name,
        "customer_address": row.customer_address, "customer_tax_id": row.customer_tax_id,
        "subscription_id": row.subscription_id, "period_start": row.period_start, "period_end": row.period_end,
        "currency": row.currency, "tax_inclusive": row.tax_inclusive, "total_net": _money(row.total_net),
        "total_tax": _money(row.total_tax), "total_gross": _money(row.total_gross),
        "credit_applied": _money(row.credit_applied), "wallet_applied": _money(row.wallet_applied),
        "amount_due": _money(row.amount_due), "paid": _money(row.paid), "original_code": original_code,
        "notes": row.notes, "issued_by": row.issued_by, "voided_at": row.voided_at, "void_reason": row.void_reason,
    }
    return _Document(values, [_line(line) for line in lines])


def _withheld(document: _Document, rule: FieldRule) -> _Document:
    """The document with its money columns as the actor's role shows them (see the module docstring)."""
    if amounts.is_shown(rule):
        return document

    def clean(values: dict[str, Any]) -> dict[str, Any]:
        return {key: amounts.text("", rule) if key in MONEY_COLUMNS else value for key, value in values.items()}

    return _Document(clean(document.values), [clean(line) for line in document.lines])


def _withheld_note(rule: FieldRule) -> dict[str, Any]:
    return {} if amounts.is_shown(rule) else {"amounts": rule.name.lower()}


def _json_value(value: Any) -> Any:
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, datetime):
        return (value if value.tzinfo else value.replace(tzinfo=UTC)).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return value


def _csv_value(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        return (value if value.tzinfo else value.replace(tzinfo=UTC)).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return format(value, "f")  # a number: never defused (a negative amount is not a formula)
    return defuse(value)


def _write_json(handle: Any, documents: list[_Document], period_from: date, period_to: date,
                rule: FieldRule = FieldRule.EDITABLE) -> None:
    withheld = _withheld_note(rule)
    data = {
        "format": FORMAT_NAME, "version": FORMAT_VERSION, "period_from": period_from.isoformat(),
        "period_to": period_to.isoformat(), **withheld,
        "documents": [{**{key: _json_value(value) for key, value in document.values.items()},
                       "lines": [{key: _json_value(value) for key, value in line.items()}
                                 for line in document.lines]}
                      for document in documents],
    }
    json.dump(data, handle, ensure_ascii=False, indent=2)
    handle.write("\n")


def _write_csv(handle: Any, documents: list[_Document]) -> None:
    writer = csv.writer(handle)
    writer.writerow((*DOCUMENT_COLUMNS, *LINE_COLUMNS))
    empty = dict.fromkeys(LINE_COLUMNS)
    for document in documents:
        head = [_csv_value(document.values[key]) for key in DOCUMENT_COLUMNS]
        for line in document.lines or [empty]:
            writer.writerow(head + [_csv_value(line[key]) for key in LINE_COLUMNS])


def export_bills(context: Context, period_from: date, period_to: date, fmt: str, out: Path,
                 include_drafts: bool = False) -> int:
    """Write the period's bills and credit notes (see the module docstring) to ``out``; the number of
    documents written."""
    context.require("bills.export")
    rule = amounts.rule(context, amounts.BILLS)
    if fmt not in FORMATS:
        raise ValidationFailed("bill_export.format_invalid", "format", format=fmt)
    if period_from >= period_to:
        raise ValidationFailed("bill_export.period_invalid", "period", period_from=period_from.isoformat(),
                               period_to=period_to.isoformat())
    with context.unit_of_work(write=False) as uow:
        session = uow.session
        rows = _documents(session, context, period_from, period_to, include_drafts)
        lines = _lines(session, [row.id for row in rows])
        originals = _codes(session, {row.original_bill_id for row in rows if row.original_bill_id is not None})
        documents = [_withheld(_document(row, lines.get(row.id, []),
                                         None if row.original_bill_id is None else originals.get(row.original_bill_id)),
                               rule)
                     for row in rows]
    out = Path(out)
    partial = out.with_name(f".{out.name}.{os.getpid()}.partial")
    try:
        if fmt == "json":
            with partial.open("w", encoding="utf-8", newline="\n") as handle:
                _write_json(handle, documents, period_from, period_to, rule)
        else:
            with partial.open("w", encoding="utf-8-sig", newline="") as handle:
                _write_csv(handle, documents)
        os.replace(partial, out)
    finally:
        partial.unlink(missing_ok=True)
    with context.unit_of_work() as uow:
        uow.audit("bill.export", "bill", "", documents=len(documents), lines=sum(len(d.lines) for d in documents),
                  period_from=period_from, period_to=period_to, format=fmt, drafts=include_drafts, file=out.name,
                  **_withheld_note(rule))
        uow.commit()
    return len(documents)
