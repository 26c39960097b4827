"""The bill run's pricing step remembers what it drafted (services/bill_run_pricing.py): subscriptions with only
their fees due and the same terms get the rows of the first of them, and a plan's usage lines are priced once
per question (billing/plan_facts.py). The rows must be exactly those drafted one by one, from scratch."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from catalog_samples import seed_products, usage_plan

from desktop_app.services.bill_run_io import Raw, due_ids
from desktop_app.services.bill_run_pricing import Catalog, price_batch, read_catalog
from desktop_app.services.bill_run_read import read_batch
from desktop_app.services.customers import CustomerInput, create_customer
from desktop_app.services.plans import create_plan, publish
from desktop_app.services.subscription_changes import cancel, change_seats
from desktop_app.services.subscriptions import create_subscription, get_subscription
from desktop_app.services.usage import import_usage


def test_rows_remembered_are_the_rows_drafted_one_by_one(org: dict[str, Any], tmp_path: Path) -> None:
    admin, north1, clerk = org["contexts"]["admin"], org["contexts"]["north1"], org["contexts"]["clerk"]
    seed_products(admin)
    plan, _, _ = create_plan(admin, "std", "标准套餐", "", usage_plan())
    publish(admin, plan.id)
    rows = []
    for number in range(12):
        customer, _ = create_customer(north1, CustomerInput(name=f"记忆测试第{number}有限公司",
                                                            tier="金卡" if number % 3 == 0 else None))
        start = date(2026, 3, 1) if number % 4 else date(2026, 3, 10)
        sub, _ = create_subscription(north1, customer.id, start, plan_id=plan.id, seats=1 + number % 2)
        if number == 5:
            change_seats(north1, sub.id, 4, date(2026, 3, 20), version=sub.version, preview=False)
        if number == 7:
            cancel(north1, sub.id, date(2026, 3, 25), at_period_end=False, version=sub.version, preview=False)
        sub = get_subscription(north1, sub.id)
        rows += [f"{sub.code},sms,2026-03-0{day}T10:00:00+08:00,{70 * (day + number % 3)},s{number}-{day}"
                 for day in (2, 3) if number % 2]
    path = tmp_path / "usage.csv"
    path.write_text("subscription,meter,timestamp,quantity,record_id\n" + "\n".join(rows) + "\n", encoding="utf-8")
    assert not import_usage(clerk, path, dry_run=False).problems
    cutoff = date(2026, 4, 1)
    with clerk.database.engine.connect() as connection:
        ids = due_ids(connection, cutoff)
        raw_catalog = read_catalog(connection)
        raw = Raw(connection)
        shared = Catalog(raw_catalog)
        _, items = read_batch(raw, ids, cutoff, shared.plans)
        remembered = price_batch(shared, items, cutoff, raw.text_dates)
        again = price_batch(shared, items, cutoff, raw.text_dates)  # every answer from the memos now
        one_by_one = []
        for item in items:
            fresh = Catalog(raw_catalog)
            _, [fresh_item] = read_batch(raw, [item[0].id], cutoff, fresh.plans)
            one_by_one += price_batch(fresh, [fresh_item], cutoff, raw.text_dates)
    assert len(items) == 12 and shared.drafted
    assert remembered == again == one_by_one
