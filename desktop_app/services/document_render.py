"""What a rendering worker process runs: snapshots in, PDF bytes out (imports the documents package only,
so a worker starts fast). Used by ``document_snapshots.Renderer`` (bulk issue: the frozen originals) and
``document_export`` (batch export: copies, void and delivery-style prints, drafts)."""

from __future__ import annotations

import time
from collections.abc import Sequence

from desktop_app import documents

RenderResult = list[tuple[int, bytes, float]]
"""(bill id, PDF, CPU seconds it took)."""


def render_original(doc: documents.BillDocument) -> bytes:
    """The frozen original: the snapshot rendered as issued (no copy mark, with prices)."""
    return documents.render_bill(doc)


def render_many(items: Sequence[tuple[int, documents.BillDocument]]) -> RenderResult:
    result = []
    for bill_id, doc in items:
        started = time.process_time()
        pdf = render_original(doc)
        result.append((bill_id, pdf, time.process_time() - started))
    return result


def render_prints(items: Sequence[tuple[int, documents.BillDocument, bool, bool]]) -> RenderResult:
    """(key, snapshot, copy, without prices) → (key, PDF, CPU seconds): what a print renders."""
    result = []
    for key, doc, copy, without_prices in items:
        started = time.process_time()
        pdf = documents.render_bill(doc, copy=copy, without_prices=without_prices)
        result.append((key, pdf, time.process_time() - started))
    return result


def warm_up() -> None:
    """Load the fonts once when the worker starts, not on its first bill."""
    from desktop_app.documents import fonts

    fonts.setup()
