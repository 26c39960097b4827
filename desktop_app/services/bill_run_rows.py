"""A draft bill as the rows the bill run stores: plain tuples in the database's stored form (no database here).

The pricing step (in this process or a worker process) turns each ``BillDraft`` into ``DraftRows``, so the
process that writes only fills in the ids and hands whole lists to the driver's ``executemany``: no
per-row parameter processing, and little to send between processes (tuples of str and int, not objects).

Stored form: money as integer fen (``money.to_fen``, exact), JSON as text (``json.dumps``, as SQLAlchemy's
JSON type writes it), booleans as ``bool``; dates as ``date`` objects, or as ISO text (``YYYY-MM-DD``, as
SQLAlchemy's SQLite ``Date`` stores them) when ``text_dates`` is set.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from typing import Any, NamedTuple

from desktop_app.billing.money import to_fen
from desktop_app.services.bill_drafts import BillDraft

__all__ = ["LINE_COLUMNS", "DraftRows", "draft_rows"]

LINE_COLUMNS = ("bill_id", "position", "subscription_id", "kind", "charge", "description", "product", "period_start",
                "period_end", "quantity", "unit", "unit_price", "net", "tax_rate", "tax", "gross", "discounted_line",
                "credited_line_id", "detail")
"""The columns of ``bill_lines`` a bill run writes, in the order of ``DraftRows.lines`` (after the bill id)."""

_EMPTY = "{}"


class DraftRows(NamedTuple):
    """One subscription's part of a batch, ready to store.

    ``bill``: (period start, period end, currency, tax inclusive, net, tax, gross, snapshot) or None when
    nothing is due; ``lines``: ``LINE_COLUMNS`` without the bill id; ``keys``: (charge, period start,
    quantity); ``usage_periods``: the usage periods billed (``date``); ``billed_until``: the new value
    (``date``) or None when it does not move; ``payable``: fen a prepaid wallet may pay (gross less top-ups).
    """

    subscription_id: int
    customer_id: int
    bill: tuple[Any, ...] | None
    lines: list[tuple[Any, ...]]
    keys: list[tuple[str, Any, str | None]]
    usage_periods: list[date]
    adjustment_ids: list[int]
    billed_until: date | None
    payable: int


def _as_is(day: date) -> Any:
    return day


_TEXTS: dict[date, str] = {}


def _iso(day: date) -> Any:
    """The date as ISO text, one string per date (a run stores a few dates many times: the same object
    pickles once per batch and compares fast)."""
    text = _TEXTS.get(day)
    if text is None:
        if len(_TEXTS) > 10_000:
            _TEXTS.clear()
        text = _TEXTS[day] = day.isoformat()
    return text


_DETAILS: dict[tuple[tuple[str, type, Any], ...], str] = {}


def _detail(detail: dict[str, Any]) -> str:
    """``detail`` as JSON text; flat ones ({"tier": 2}, {"late": true}) written once per run."""
    if not detail:
        return _EMPTY
    try:
        key = tuple((name, type(value), value) for name, value in detail.items())  # True is not 1 here
        text = _DETAILS.get(key)
    except TypeError:  # a nested value (proration, discounts): not hashable
        return json.dumps(detail)
    if text is None:
        if len(_DETAILS) > 10_000:
            _DETAILS.clear()
        text = _DETAILS[key] = json.dumps(detail)
    return text


def draft_rows(draft: BillDraft, billed_until_before: date | None, text_dates: bool) -> DraftRows:
    """``draft`` as rows (see the module docstring); exact: every amount goes through ``to_fen``."""
    stored: Callable[[date], Any] = _iso if text_dates else _as_is
    lines: list[tuple[Any, ...]] = []
    net_total = tax_total = gross_total = top_ups = 0
    sub = draft.subscription_id
    for position, line in enumerate(draft.lines):
        net, tax, gross = to_fen(line.net), to_fen(line.tax), to_fen(line.gross)
        net_total += net
        tax_total += tax
        gross_total += gross
        if line.kind == "top_up":
            top_ups += gross
        lines.append((position, sub, line.kind, line.charge, line.description, line.product,
                      stored(line.period.start), stored(line.period.end), line.quantity, line.unit, line.unit_price,
                      net, line.tax_rate, tax, gross, line.discounted_line, None, _detail(line.detail)))
    bill = None
    if lines:
        assert draft.period is not None
        snapshot = json.dumps({"wallet_credits": draft.wallet_credits})
        bill = (stored(draft.period.start), stored(draft.period.end), draft.currency, draft.tax_inclusive,
                net_total, tax_total, gross_total, snapshot)
    keys = [(charge, stored(start), quantity) for charge, start, quantity in draft.keys]
    moved = draft.billed_until if draft.billed_until is not None and draft.billed_until != billed_until_before \
        else None
    return DraftRows(sub, draft.customer_id, bill, lines, keys, list(draft.usage_periods), list(draft.adjustment_ids),
                     moved, gross_total - top_ups)
