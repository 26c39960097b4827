"""A batch ready to write: the rows of all its drafts, packed where they were priced (a worker process on a
big run), so that the process that writes — the run's bottleneck on SQLite — only hands lists to the driver.

Bills are numbered in batch order (``n``: the bill's index in ``bills``); the lines, keys, usage marks,
adjustments and wallet draws refer to their bill by that number, and the writer turns it into the bill's id
(on SQLite in the INSERT itself: the ids of a batch are consecutive).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any, NamedTuple

from desktop_app.services.bill_run_read import Loaded
from desktop_app.services.bill_run_rows import DraftRows

__all__ = ["BatchRows", "pack"]


class BatchRows(NamedTuple):
    """``bills``: per bill (customer, subscription, period start, period end, currency, tax inclusive, net,
    tax, gross, snapshot, customer code, name, address, tax id); ``lines``: ``LINE_COLUMNS`` with ``n`` for
    the bill id; ``keys``: (n, subscription, charge, period start, quantity); ``marks``: ``MARK_COLUMNS``
    with ``n`` for the bill id; ``usage_count``: the records those marks cover; ``adjustments``: (n,
    adjustment id); ``payable``: (n, customer, fen a prepaid wallet may pay); ``moves``: (subscription,
    version read, new ``billed_until`` or None) of every subscription whose version the write raises;
    ``fingerprint``: the batch's as read (SQLite)."""

    bills: list[tuple[Any, ...]]
    lines: list[tuple[Any, ...]]
    keys: list[tuple[Any, ...]]
    marks: list[tuple[Any, ...]]
    usage_count: int
    adjustments: list[tuple[int, int]]
    payable: list[tuple[int, int, int]]
    moves: list[tuple[int, int, date | None]]
    fingerprint: tuple[int, int] | None
    gross: int


def pack(loaded: Loaded, rows: Sequence[DraftRows], text_dates: bool) -> BatchRows:
    """``rows`` (one per subscription of the batch) as one ``BatchRows``."""
    bills: list[tuple[Any, ...]] = []
    lines: list[tuple[Any, ...]] = []
    keys: list[tuple[Any, ...]] = []
    marks: list[tuple[Any, ...]] = []
    adjustments: list[tuple[int, int]] = []
    payable: list[tuple[int, int, int]] = []
    counted = gross = 0
    for row in rows:
        if row.bill is None:
            continue
        n, sid = len(bills), row.subscription_id
        customer = loaded.customers[row.customer_id]
        bills.append((row.customer_id, sid, *row.bill, customer.code, customer.name, customer.address,
                      customer.tax_id))
        gross += row.bill[6]
        lines.extend((n, *line) for line in row.lines)
        keys.extend((n, sid, charge, start, quantity) for charge, start, quantity in row.keys)
        for start in row.usage_periods:
            read = loaded.usage_marks.get((sid, start))
            if read is not None:
                marks.append((n, sid, start.isoformat() if text_dates else start, *read))
                counted += read[2]
        adjustments.extend((n, adjustment) for adjustment in row.adjustment_ids)
        if row.payable > 0:
            payable.append((n, row.customer_id, row.payable))
    billed = {bill[1] for bill in bills}
    moves = sorted((row.subscription_id, loaded.versions[row.subscription_id], row.billed_until) for row in rows
                   if row.subscription_id in billed or row.billed_until is not None)
    return BatchRows(bills, lines, keys, marks, counted, adjustments, payable, moves, loaded.fingerprint, gross)
