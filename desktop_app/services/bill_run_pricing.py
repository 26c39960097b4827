"""The bill run's reading and pricing step, in this process or in worker processes (every core on a big run).

``Catalog`` holds every plan version (as ``billing.plan.PlanVersion``) and coupon, read once per run,
and the run's memos: of quotes (identical price questions are priced once) and of drafted rows (a
subscription with only its fees due gets the rows of an earlier one with the same terms; a draft is a pure
function of them). ``price_batch`` drafts the bills of one batch with ``bill_drafts.draft_bill`` and turns
them into the rows to store (``bill_run_rows``), packed for the writer (``bill_run_batch``). A big run hands
whole batches — their subscription ids — to worker processes (``PricingPool``, started with "spawn" on
every system): each reads its batch on its own connection (one read transaction, ``bill_run_read``),
prices and packs it, while the main process only writes the batches done. The results are the same either
way (tests compare them). A worker runs without the cyclic garbage collector: what it builds has no cycles
and is freed by reference counting, and the collector's passes over a growing heap cost more than the
pricing itself.
"""

from __future__ import annotations

import gc
import multiprocessing
from collections.abc import Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import fields
from datetime import date
from operator import attrgetter
from typing import Any

from sqlalchemy import URL, Connection, select

from desktop_app.billing.errors import PlanInvalid, PriceInputInvalid
from desktop_app.billing.plan import PlanVersion
from desktop_app.billing.quote import Quote
from desktop_app.db import Database, open_url
from desktop_app.errors import DomainError
from desktop_app.services import plan_definitions as definitions
from desktop_app.services.bill_drafts import SubscriptionTerms, draft_bill
from desktop_app.services.bill_run_batch import BatchRows, pack
from desktop_app.services.bill_run_io import COUPONS, VERSIONS, Raw
from desktop_app.services.bill_run_read import Item, read_batch
from desktop_app.services.bill_run_rows import DraftRows, draft_rows
from desktop_app.services.billing_errors import wrapped
from desktop_app.services.catalog import coupon_discount

__all__ = ["Catalog", "PricingPool", "Work", "price_batch", "read_and_price", "read_catalog"]

Work = BatchRows
"""A batch read and priced: its rows, ready to write."""

RawCatalog = tuple[dict[int, Any], list[tuple[str, str, Any]]]
"""Plan definitions by version id, coupons as (code, name, discount): what a worker process is sent."""


class Catalog:
    def __init__(self, raw: RawCatalog) -> None:
        plans, coupons = raw
        self.plans: dict[int, PlanVersion] = {version_id: definitions.stored_plan(definition)
                                              for version_id, definition in plans.items()}
        self.coupons = {code: coupon_discount(code, name, discount) for code, name, discount in coupons}
        self.quotes: dict[object, Quote] = {}
        self.drafted: dict[object, DraftRows] = {}
        """Rows of subscriptions with nothing pending but their fees, by everything their draft depends on."""


_TERMS = attrgetter(*(f.name for f in fields(SubscriptionTerms) if f.name not in ("id", "customer_id")))
"""Every term a draft depends on: all but the subscription's and its customer's ids."""
_DRAFTED = 20_000  # rows remembered per run before the memo starts again


def _same_for(rows: DraftRows, terms: SubscriptionTerms) -> DraftRows:
    """Another subscription's rows (same terms, nothing but fees pending) as this one's: only the ids differ."""
    sid = terms.id
    return rows._replace(subscription_id=sid, customer_id=terms.customer_id,
                         lines=[(line[0], sid, *line[2:]) for line in rows.lines])


def read_catalog(connection: Connection) -> RawCatalog:
    plans = {row.id: row.definition for row in connection.execute(select(VERSIONS.c.id, VERSIONS.c.definition))}
    coupons = [(row.code, row.name, row.discount)
               for row in connection.execute(select(COUPONS.c.code, COUPONS.c.name, COUPONS.c.discount))]
    return plans, coupons


def price_batch(catalog: Catalog, items: Sequence[Item], cutoff: date, text_dates: bool) -> list[DraftRows]:
    """The rows of each item's draft bill. A draft is a pure function of the plan, the terms, what is pending,
    the tier and the cut-off: subscriptions with only their fees due (most monthly and yearly ones) and the
    same terms get the rows drafted for the first of them, with their own ids."""
    result = []
    drafted = catalog.drafted
    for terms, pending, tier in items:
        key = None
        if not (pending.usage or pending.billed_records or pending.adjustments):
            key = (_TERMS(terms), pending.billed_periods, tier, cutoff, text_dates)
            known = drafted.get(key)
            if known is not None:
                result.append(_same_for(known, terms))
                continue
        coupons = [catalog.coupons[code] for code in terms.coupon_codes if code in catalog.coupons]
        try:
            draft = draft_bill(catalog.plans[terms.plan_version_id], terms, pending, cutoff, tier=tier,
                               coupons=coupons, memo=catalog.quotes)
            rows = draft_rows(draft, terms.billed_until, text_dates)
            result.append(rows)
            if key is not None:
                if len(drafted) >= _DRAFTED:
                    drafted.clear()
                drafted[key] = rows
        except PriceInputInvalid as error:
            raise wrapped("plan.input_invalid", error) from None
        except PlanInvalid as error:  # pragma: no cover - stored versions were valid when saved
            raise wrapped("plan.definition_invalid", error) from None
    return result


def read_and_price(raw: Raw, catalog: Catalog, ids: Sequence[int], cutoff: date) -> Work:
    """Read the batch ``ids`` (in ``raw``'s transaction) and price it."""
    loaded, items = read_batch(raw, ids, cutoff, catalog.plans)
    return pack(loaded, price_batch(catalog, items, cutoff, raw.text_dates), raw.text_dates)


_WORKER: tuple[Catalog, Database] | None = None


def _start_worker(raw: RawCatalog, url: URL) -> None:
    global _WORKER
    gc.disable()  # see the module docstring
    _WORKER = Catalog(raw), open_url(url)


def _ready() -> None:
    """Nothing: submitted to start a worker process."""


def _work_in_worker(ids: Sequence[int], cutoff: date) -> Work | DomainError:
    assert _WORKER is not None
    catalog, database = _WORKER
    try:
        with database.engine.connect() as connection:  # one read transaction per batch
            return read_and_price(Raw(connection), catalog, ids, cutoff)
    except DomainError as error:  # crosses the process boundary as a value
        return error


class PricingPool:
    """Worker processes that read and price batches while the caller writes the ones done."""

    def __init__(self, raw: RawCatalog, url: URL, workers: int) -> None:
        self.workers = workers
        self._executor = ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn"),
                                             initializer=_start_worker, initargs=(raw, url))

    def start(self) -> None:
        """Start the worker processes now (they import and open the database meanwhile)."""
        for _ in range(self.workers):
            self._executor.submit(_ready)

    def submit(self, ids: Sequence[int], cutoff: date) -> Future[Work | DomainError]:
        return self._executor.submit(_work_in_worker, list(ids), cutoff)

    def close(self) -> None:
        self._executor.shutdown(wait=False, cancel_futures=True)


def result_of(future: Future[Work | DomainError]) -> Work:
    value = future.result()
    if isinstance(value, DomainError):
        raise value
    return value
