"""The bill run's pricing step, in this process or in worker processes (every core on a big run).

``Catalog`` holds every plan version (as ``billing.plan.PlanVersion``) and coupon, read once per run,
and the run's memo of quotes (identical price questions are priced once). ``price_batch`` drafts the
bills of one batch with ``bill_drafts.draft_bill`` and turns them into the rows to store
(``bill_run_rows``); it needs no database, so a big run hands batches to worker processes
(``PricingPool``, started with "spawn" on every system) while the main process reads and writes. The
results are the same either way (a test compares them). A worker runs without the cyclic garbage
collector: what it builds has no cycles and is freed by reference counting, and the collector's passes
over a growing heap cost more than the pricing itself.
"""

from __future__ import annotations

import gc
import multiprocessing
from collections.abc import Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from datetime import date
from typing import Any

from sqlalchemy import Connection, select

from desktop_app.billing.errors import PlanInvalid, PriceInputInvalid
from desktop_app.billing.plan import PlanVersion
from desktop_app.billing.quote import Quote
from desktop_app.errors import DomainError
from desktop_app.services import plan_definitions as definitions
from desktop_app.services.bill_drafts import Pending, SubscriptionTerms, draft_bill
from desktop_app.services.bill_run_io import COUPONS, VERSIONS
from desktop_app.services.bill_run_rows import DraftRows, draft_rows
from desktop_app.services.billing_errors import wrapped
from desktop_app.services.catalog import coupon_discount

__all__ = ["Catalog", "Item", "PricingPool", "price_batch", "read_catalog"]

Item = tuple[SubscriptionTerms, Pending, str | None]
"""One subscription to draft: its terms, what is pending, the customer's membership tier."""

RawCatalog = tuple[dict[int, Any], list[tuple[str, str, Any]]]
"""Plan definitions by version id, coupons as (code, name, discount): what a worker process is sent."""


class Catalog:
    def __init__(self, raw: RawCatalog) -> None:
        plans, coupons = raw
        self.plans: dict[int, PlanVersion] = {version_id: definitions.stored_plan(definition)
                                              for version_id, definition in plans.items()}
        self.coupons = {code: coupon_discount(code, name, discount) for code, name, discount in coupons}
        self.quotes: dict[object, Quote] = {}


def read_catalog(connection: Connection) -> RawCatalog:
    plans = {row.id: row.definition for row in connection.execute(select(VERSIONS.c.id, VERSIONS.c.definition))}
    coupons = [(row.code, row.name, row.discount)
               for row in connection.execute(select(COUPONS.c.code, COUPONS.c.name, COUPONS.c.discount))]
    return plans, coupons


def price_batch(catalog: Catalog, items: Sequence[Item], cutoff: date, text_dates: bool) -> list[DraftRows]:
    result = []
    for terms, pending, tier in items:
        coupons = [catalog.coupons[code] for code in terms.coupon_codes if code in catalog.coupons]
        try:
            draft = draft_bill(catalog.plans[terms.plan_version_id], terms, pending, cutoff, tier=tier,
                               coupons=coupons, memo=catalog.quotes)
            result.append(draft_rows(draft, terms.billed_until, text_dates))
        except PriceInputInvalid as error:
            raise wrapped("plan.input_invalid", error) from None
        except PlanInvalid as error:  # pragma: no cover - stored versions were valid when saved
            raise wrapped("plan.definition_invalid", error) from None
    return result


_WORKER: Catalog | None = None


def _start_worker(raw: RawCatalog) -> None:
    global _WORKER
    gc.disable()  # see the module docstring
    _WORKER = Catalog(raw)


def _price_in_worker(items: Sequence[Item], cutoff: date, text_dates: bool) -> list[DraftRows] | DomainError:
    assert _WORKER is not None
    try:
        return price_batch(_WORKER, items, cutoff, text_dates)
    except DomainError as error:  # crosses the process boundary as a value
        return error


class PricingPool:
    """Worker processes that price batches while the caller does the database work."""

    def __init__(self, raw: RawCatalog, workers: int) -> None:
        self.workers = workers
        self._executor = ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn"),
                                             initializer=_start_worker, initargs=(raw,))

    def submit(self, items: Sequence[Item], cutoff: date, text_dates: bool) -> Future[list[DraftRows] | DomainError]:
        return self._executor.submit(_price_in_worker, list(items), cutoff, text_dates)

    def close(self) -> None:
        self._executor.shutdown(wait=False, cancel_futures=True)


def result_of(future: Future[list[DraftRows] | DomainError]) -> list[DraftRows]:
    value = future.result()
    if isinstance(value, DomainError):
        raise value
    return value
