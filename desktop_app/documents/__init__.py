"""Printed documents: bills, credit notes, receipts and statements as PDF bytes (ReportLab).

Pure: the renderers take frozen snapshots (:mod:`desktop_app.documents.snapshots`) and return bytes;
no Qt, no database. The same snapshot always renders the same bytes, so an issued bill's PDF can be
stored with its SHA-256 and a reprint is the same document. See docs/architecture.md ("Documents").
"""

from __future__ import annotations

from desktop_app.documents.bill import render_bill
from desktop_app.documents.combine import combine
from desktop_app.documents.receipt import render_receipt
from desktop_app.documents.snapshots import (
    BillDocument,
    Branding,
    Company,
    DocumentLine,
    Party,
    ReceiptDocument,
    StatementDocument,
    StatementEntry,
)
from desktop_app.documents.statement import render_statement

__all__ = [
    "BillDocument",
    "Branding",
    "Company",
    "DocumentLine",
    "Party",
    "ReceiptDocument",
    "StatementDocument",
    "StatementEntry",
    "combine",
    "render_bill",
    "render_receipt",
    "render_statement",
]
