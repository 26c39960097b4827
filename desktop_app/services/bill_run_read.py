"""Reading one batch of a bill run: a handful of set-based SELECTs through the driver's cursor (``Raw``).

For the batch's subscriptions: their terms (with the row version, so the write can tell a change made
meanwhile), customers, unbilled usage per (period start, meter), the usage periods already billed (their
commitment key exists), the usage billed before in periods with new records (late usage continues after
it), and unbilled adjustments. It needs no more than one database connection: a big run reads its batches
in the pricing worker processes (``bill_run_pricing``).

Usage is summed by the database (``bill_run_usage``): per (subscription, period start, meter) the records'
count, highest id and their quantities each rounded by the plan's rule and summed (or their maximum), one
row per group instead of one per record. The drafter gets that total as the group's only quantity, which
prices exactly as the records would (see ``bill_run_usage``); groups whose charges need the records
themselves (percentage fees, unique count, last value, two rules on one meter) get the records in id order.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from desktop_app.billing.plan import PlanVersion
from desktop_app.billing.quote import COMMITMENT_CODE
from desktop_app.services.bill_drafts import Pending, SubscriptionTerms
from desktop_app.services.bill_run_io import Raw, json_value, marks
from desktop_app.services.bill_run_usage import Groups, read_usage

__all__ = ["Customer", "Item", "Loaded", "fingerprint", "load_terms", "read_batch"]

_TERMS = ("SELECT id, customer_id, plan_version_id, start_date, trial_end, anchor, seats, modules, coupon_codes, "
          "paused_from, paused_until, cancel_at, ended_at, billed_until, status, version "
          "FROM subscriptions WHERE id IN ({}) ORDER BY id")


_LATE_CHUNK = 2000
"""(subscription, period) pairs per query of the usage billed before (two parameters each: SQLite takes at
most 32,766 per statement)."""


@dataclass(frozen=True, slots=True)
class Customer:
    code: str
    name: str
    address: str
    tax_id: str
    tier: str | None


Item = tuple[SubscriptionTerms, Pending, str | None]
"""One subscription to draft: its terms, what is pending, the customer's membership tier."""


@dataclass
class Loaded:
    """What the write of a batch needs from its read: the subscriptions' row versions, the customers (for
    the snapshot), per (subscription, usage period) the lowest and highest unbilled record id read and how
    many, and on SQLite the batch's ``fingerprint`` as read."""

    versions: dict[int, int]
    customers: dict[int, Customer]
    usage_marks: dict[tuple[int, date], tuple[int, int, int]]
    fingerprint: tuple[int, int] | None = None


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


def fingerprint(raw: Raw, ids: Sequence[int], cutoff: date) -> tuple[int, int]:
    """The batch's usage records in periods before ``cutoff`` and its bills, counted from their indexes alone.
    On SQLite the write compares it with the read's instead of stamping each record in the batch: any record
    imported or removed meanwhile, or a draft deleted (its records unbilled again), changes it."""
    in_ids = marks(len(ids))
    records = raw.rows(f"SELECT COUNT(*) FROM usage_records WHERE subscription_id IN ({in_ids}) "
                       "AND period_start < ?", [*ids, raw.stored_day(cutoff)])[0][0]
    bills = raw.rows(f"SELECT COUNT(*) FROM bills WHERE subscription_id IN ({in_ids})", ids)[0][0]
    return int(records), int(bills)


def read_batch(raw: Raw, ids: Sequence[int], cutoff: date, plans: Mapping[int, PlanVersion]
               ) -> tuple[Loaded, list[Item]]:
    """The batch ``ids`` read in one transaction: what its write needs, and what to draft for each."""
    batch = list(ids)
    terms, versions = load_terms(raw, batch)
    ids = [t.id for t in terms]
    in_ids = marks(len(ids))
    day = raw.day
    customer_ids = sorted({t.customer_id for t in terms})
    customers = {row[0]: Customer(row[1], row[2], row[3] or "", row[4] or "", row[5] or None) for row in raw.rows(
        f"SELECT id, code, name, address, tax_id, tier FROM customers WHERE id IN ({marks(len(customer_ids))})",
        customer_ids)}
    plan_of = {t.id: plans[t.plan_version_id] for t in terms}
    usage = read_usage(raw, plan_of, "bill_id IS NULL AND period_start < ?", [raw.stored_day(cutoff)])
    starts = sorted({start for per in usage.quantities.values() for start, _ in per}
                    | {t.billed_until for t in terms if t.billed_until is not None})
    billed: dict[int, set[date]] = {}
    if starts and ids:
        lowest = starts[0] - timedelta(days=800)  # the period before the next fee period, and late periods
        for sid, start in raw.rows(f"SELECT subscription_id, period_start FROM billed_charges WHERE subscription_id "
                                   f"IN ({in_ids}) AND charge = ? AND period_start >= ?",
                                   [*ids, COMMITMENT_CODE, raw.stored_day(lowest)]):
            billed.setdefault(sid, set()).add(day(start))  # type: ignore[arg-type]
    late = sorted({(sid, start) for sid, per in usage.quantities.items() for start, _ in per
                   if start in billed.get(sid, ())})
    billed_before = Groups()
    for at in range(0, len(late), _LATE_CHUNK):  # the usage billed before in the periods with late records
        chunk = late[at:at + _LATE_CHUNK]
        condition = " OR ".join(["(subscription_id = ? AND period_start = ?)"] * len(chunk))
        params = [value for sid, start in chunk for value in (sid, raw.stored_day(start))]
        part = read_usage(raw, {sid: plan_of[sid] for sid, _ in chunk}, f"({condition}) AND bill_id IS NOT NULL",
                          params, restrict=False)
        for sid, per in part.quantities.items():
            billed_before.quantities.setdefault(sid, {}).update(per)
    adjustments: dict[int, list[tuple[int, str, Sequence[Any]]]] = {}
    if ids:
        for adjustment_id, sid, kind, lines in raw.rows(
                f"SELECT id, subscription_id, kind, {raw.quote('lines')} FROM subscription_adjustments "
                f"WHERE subscription_id IN ({in_ids}) "
                "AND bill_id IS NULL AND effective <= ? ORDER BY id", [*ids, raw.stored_day(cutoff)]):
            adjustments.setdefault(sid, []).append((adjustment_id, kind, json_value(lines)))
    loaded = Loaded(versions, customers, usage.marks, fingerprint(raw, batch, cutoff) if raw.sqlite else None)
    items = [(sub, Pending(usage.quantities.get(sub.id, {}), frozenset(billed.get(sub.id, ())),
                           billed_before.quantities.get(sub.id, {}), adjustments.get(sub.id, ())),
              customers[sub.customer_id].tier) for sub in terms]
    return loaded, items
