"""Reading one batch of a bill run: a handful of set-based SELECTs through the driver's cursor (``Raw``).

For the batch's subscriptions: their terms (with the row version, so the write can tell a change made
meanwhile), customers, unbilled usage as stored quantities per (period start, meter) in record order, the
usage periods already billed (their commitment key exists), the records billed before in periods with
new records (late usage continues after them), and unbilled adjustments.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import groupby
from operator import itemgetter
from typing import Any

from desktop_app.billing.quote import COMMITMENT_CODE
from desktop_app.services.bill_drafts import Pending, SubscriptionTerms
from desktop_app.services.bill_run_io import Raw, json_value, marks

__all__ = ["Customer", "Loaded", "load_batch", "load_terms", "pending_of"]

_TERMS = ("SELECT id, customer_id, plan_version_id, start_date, trial_end, anchor, seats, modules, coupon_codes, "
          "paused_from, paused_until, cancel_at, ended_at, billed_until, status, version "
          "FROM subscriptions WHERE id IN ({}) ORDER BY id")


@dataclass(frozen=True, slots=True)
class Customer:
    code: str
    name: str
    address: str
    tax_id: str
    tier: str | None


def _tuple(value: Any) -> tuple[str, ...]:
    if value == "[]" or not value:  # nearly every row: no modules, no coupons
        return ()
    items = json_value(value)
    return tuple(items) if items else ()


def load_terms(raw: Raw, ids: Sequence[int]) -> tuple[list[SubscriptionTerms], dict[int, int]]:
    """The subscriptions' terms in id order, and their row versions by id."""
    day = raw.day
    terms, versions = [], {}
    for (sid, customer, version_id, start, trial_end, anchor, seats, modules, coupons, paused_from, paused_until,
         cancel_at, ended_at, billed_until, status, version) in raw.rows(_TERMS.format(marks(len(ids))), ids):
        first, anchored = day(start), day(anchor)
        assert first is not None and anchored is not None
        terms.append(SubscriptionTerms(sid, customer, version_id, first, day(trial_end), anchored, seats,
                                       frozenset(_tuple(modules)), _tuple(coupons), day(paused_from),
                                       day(paused_until), day(cancel_at), day(ended_at), day(billed_until), status))
        versions[sid] = version
    return terms, versions


@dataclass
class Loaded:
    versions: dict[int, int]
    customers: dict[int, Customer]
    usage: dict[int, dict[tuple[date, str], list[int]]]
    max_usage_id: dict[tuple[int, date], int]
    usage_count: dict[tuple[int, date], int]
    billed_periods: dict[int, set[date]]
    billed_records: dict[int, dict[tuple[date, str], list[int]]]
    adjustments: dict[int, list[tuple[int, str, Sequence[Any]]]]


def load_batch(raw: Raw, terms: Sequence[SubscriptionTerms], versions: dict[int, int], cutoff: date) -> Loaded:
    ids = [t.id for t in terms]
    in_ids = marks(len(ids))
    day = raw.day
    customer_ids = sorted({t.customer_id for t in terms})
    customers = {row[0]: Customer(row[1], row[2], row[3] or "", row[4] or "", row[5] or None) for row in raw.rows(
        f"SELECT id, code, name, address, tax_id, tier FROM customers WHERE id IN ({marks(len(customer_ids))})",
        customer_ids)}
    usage: dict[int, dict[tuple[date, str], list[int]]] = {}
    max_id: dict[tuple[int, date], int] = {}
    count: dict[tuple[int, date], int] = {}
    rows = raw.rows("SELECT subscription_id, period_start, meter, id, quantity_micro FROM usage_records "
                    f"WHERE subscription_id IN ({in_ids}) AND bill_id IS NULL AND period_start < ? "
                    "ORDER BY subscription_id, period_start, meter, id", [*ids, raw.stored_day(cutoff)])
    for (sid, stored_start, meter), group in groupby(rows, itemgetter(0, 1, 2)):
        records = list(group)
        start = day(stored_start)
        assert start is not None
        usage.setdefault(sid, {})[(start, meter)] = [record[4] for record in records]
        key = (sid, start)
        max_id[key] = max(max_id.get(key, 0), records[-1][3])
        count[key] = count.get(key, 0) + len(records)
    starts = sorted({start for per in usage.values() for start, _ in per}
                    | {t.billed_until for t in terms if t.billed_until is not None})
    billed: dict[int, set[date]] = {}
    if starts:
        lowest = starts[0] - timedelta(days=800)  # the period before the next fee period, and late periods
        for sid, start in raw.rows(f"SELECT subscription_id, period_start FROM billed_charges WHERE subscription_id "
                                   f"IN ({in_ids}) AND charge = ? AND period_start >= ?",
                                   [*ids, COMMITMENT_CODE, raw.stored_day(lowest)]):
            billed.setdefault(sid, set()).add(day(start))  # type: ignore[arg-type]
    late = sorted({(sid, start) for sid, per in usage.items() for start, _ in per if start in billed.get(sid, ())})
    billed_records: dict[int, dict[tuple[date, str], list[int]]] = {}
    if late:
        condition = " OR ".join(["(subscription_id = ? AND period_start = ?)"] * len(late))
        params = [value for sid, start in late for value in (sid, raw.stored_day(start))]
        for sid, start, meter, quantity in raw.rows(
                "SELECT subscription_id, period_start, meter, quantity_micro FROM usage_records "
                f"WHERE ({condition}) AND bill_id IS NOT NULL ORDER BY id", params):
            billed_records.setdefault(sid, {}).setdefault((day(start), meter), []).append(quantity)  # type: ignore
    adjustments: dict[int, list[tuple[int, str, Sequence[Any]]]] = {}
    for adjustment_id, sid, kind, lines in raw.rows(
            f"SELECT id, subscription_id, kind, {raw.quote('lines')} FROM subscription_adjustments "
            f"WHERE subscription_id IN ({in_ids}) "
            "AND bill_id IS NULL AND effective <= ? ORDER BY id", [*ids, raw.stored_day(cutoff)]):
        adjustments.setdefault(sid, []).append((adjustment_id, kind, json_value(lines)))
    return Loaded(versions, customers, usage, max_id, count, billed, billed_records, adjustments)


def pending_of(loaded: Loaded, sub: SubscriptionTerms) -> Pending:
    """What is not billed yet for one subscription of the batch."""
    return Pending(loaded.usage.get(sub.id, {}), frozenset(loaded.billed_periods.get(sub.id, ())),
                   loaded.billed_records.get(sub.id, {}), loaded.adjustments.get(sub.id, ()))
