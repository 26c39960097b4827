"""The bill run sums usage in the database (services/bill_run_usage.py) and gives the drafter one total per
(subscription, period, meter) where the drafter's fast path allows: the bills must be exactly those made
from every record. On SQLite, PostgreSQL and MariaDB, for every way a meter can be priced — sums and maxima
of quantities rounded up, down and to the nearest step, two charges on one meter, percentages with a fee
per transaction, unique counts, last values, a meter no charge uses — and for late usage continuing a
period billed before under a minimum commitment."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from catalog_samples import seed_products
from sqlalchemy import text

from desktop_app.billing.plan import (
    Aggregation,
    Direction,
    PlanVersion,
    PricingModel,
    Product,
    RecordRounding,
    UsageCharge,
)
from desktop_app.services import bill_run_usage
from desktop_app.services.bill_run_usage import meter_rules
from desktop_app.services.bill_runs import run_bills
from desktop_app.services.bills import delete_draft, get_bill, list_bills
from desktop_app.services.customers import CustomerInput, create_customer
from desktop_app.services.plans import create_plan, publish
from desktop_app.services.subscriptions import create_subscription
from desktop_app.services.usage import import_usage

HEADER = "subscription,meter,timestamp,quantity,record_id\n"


def _plan() -> dict[str, Any]:
    return {
        "charges": [
            {"kind": "recurring", "code": "base", "name": "月租", "product": "svc", "price": "19.00",
             "interval": "month"},
            {"kind": "usage", "code": "calls", "name": "通话费", "product": "voice", "meter": "call_seconds",
             "model": "per_unit", "unit_size": "60", "record_rounding": {"increment": "6", "direction": "nearest"},
             "included": "5", "unit_price": "0.12"},
            {"kind": "usage", "code": "peak", "name": "峰值带宽", "product": "data", "meter": "mbps",
             "aggregation": "max", "model": "volume", "record_rounding": {"increment": "10", "direction": "down"},
             "tiers": [{"start": "0", "up_to": "100", "unit_price": "1.50"},
                       {"start": "100", "up_to": None, "unit_price": "1.20"}]},
            {"kind": "usage", "code": "texts", "name": "短信", "product": "sms", "meter": "sms", "model": "per_unit",
             "unit_price": "0.05"},
            {"kind": "usage", "code": "texts_bulk", "name": "短信（批量）", "product": "sms", "meter": "sms",
             "model": "graduated", "tiers": [{"start": "0", "up_to": "50", "unit_price": "0"},
                                            {"start": "50", "up_to": None, "unit_price": "0.01"}]},
            {"kind": "usage", "code": "pay", "name": "代收手续费", "product": "svc", "meter": "payments",
             "model": "percentage", "rate": "0.006", "fixed_fee": "0.10"},
            {"kind": "usage", "code": "users", "name": "活跃用户", "product": "svc", "meter": "active_users",
             "aggregation": "unique_count", "model": "per_unit", "unit_price": "2.00"},
            {"kind": "usage", "code": "storage", "name": "存储", "product": "data", "meter": "storage_gb",
             "aggregation": "last", "model": "per_unit", "unit_price": "0.30",
             "record_rounding": {"increment": "1", "direction": "up"}},
        ],
        "minimum_commitment": {"amount": "60.00", "product": "svc", "charges": ["calls", "texts"]},
    }


@pytest.fixture
def metered(org: dict[str, Any]) -> dict[str, Any]:
    admin, north1 = org["contexts"]["admin"], org["contexts"]["north1"]
    seed_products(admin)
    plan, _, _ = create_plan(admin, "mix", "混合计量套餐", "", _plan())
    publish(admin, plan.id)
    subs = []
    for number in range(3):
        customer, _ = create_customer(north1, CustomerInput(name=f"计量测试第{number}有限公司"))
        sub, _ = create_subscription(north1, customer.id, date(2026, 3, 1), plan_id=plan.id)
        subs.append(sub)
    return {**org, "subs": subs}


def _import(context: Any, tmp_path: Path, name: str, rows: list[str]) -> None:
    path = tmp_path / name
    path.write_text(HEADER + "".join(row + "\n" for row in rows), encoding="utf-8")
    report = import_usage(context, path, dry_run=False)
    assert not report.problems, report.problems


def _records(subs: list[Any], day: int, tag: str) -> list[str]:
    rows = []
    for n, sub in enumerate(subs):
        stamp = f"2026-03-{day:02d}T{10 + n}:00:00+08:00"
        for k, (meter, quantity) in enumerate((
                ("call_seconds", "61"), ("call_seconds", "63.5"), ("call_seconds", str(170 + 37 * n)),
                ("mbps", "57"), ("mbps", str(129 + 11 * n)), ("mbps", "99.9"),
                ("sms", "40"), ("sms", str(25 + n)),
                ("payments", "125.50"), ("payments", "8"),
                ("active_users", "1"), ("active_users", "1"),
                ("storage_gb", str(12.25 + n)), ("storage_gb", "3.5"),
                ("unpriced_meter", "7"))):
            rows.append(f"{sub.code},{meter},{stamp},{quantity},{tag}{n}-{k}")
    return rows


def _bills(context: Any, run_id: int) -> dict[int | None, list[tuple[Any, ...]]]:
    result = {}
    for bill in list_bills(context, run_id=run_id):
        detail = get_bill(context, bill.id)
        result[bill.subscription_id] = [
            (line.kind, line.description, str(line.period_start), line.quantity, line.unit_price, str(line.net),
             str(line.tax), str(line.gross)) for line in detail.lines]
    return result


class _EveryRecord(dict[str, Any]):
    """Rules that send every group to the drafter as its records (the way before the database summed them)."""

    def get(self, key: str, default: Any = None) -> Any:
        return None


def _both_ways(context: Any, cutoff: date, monkeypatch: pytest.MonkeyPatch) -> tuple[Any, Any]:
    """The run at ``cutoff`` with the usage summed by the database, then (its drafts deleted) from the records."""
    summed = run_bills(context, cutoff)
    by_database = _bills(context, summed.run_id)
    for bill in list_bills(context, run_id=summed.run_id):
        delete_draft(context, bill.id, bill.version)
    with monkeypatch.context() as patch:
        patch.setattr(bill_run_usage, "meter_rules", lambda plan: _EveryRecord())
        recorded = run_bills(context, cutoff)
    return by_database, _bills(context, recorded.run_id)


def test_usage_summed_by_the_database_bills_exactly_what_the_records_bill(
        metered: dict[str, Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    clerk, subs = metered["contexts"]["clerk"], metered["subs"]
    run_bills(clerk, date(2026, 3, 1))  # March in advance
    _import(clerk, tmp_path, "march.csv", _records(subs, 5, "a") + _records(subs, 20, "b"))
    summed, recorded = _both_ways(clerk, date(2026, 4, 1), monkeypatch)
    assert summed == recorded and len(summed) == 3
    kinds = {line[1] for lines in summed.values() for line in lines}
    assert {"通话费", "峰值带宽", "短信", "短信（批量）", "代收手续费", "活跃用户", "存储"} <= kinds, kinds
    # late usage: more March records after March was billed continue its allowance, tiers and commitment
    _import(clerk, tmp_path, "late.csv", _records(subs[:2], 28, "c"))
    summed, recorded = _both_ways(clerk, date(2026, 5, 1), monkeypatch)
    assert summed == recorded
    late = [line for lines in summed.values() for line in lines if line[2] == "2026-03-01"]
    assert late, summed
    with clerk.database.engine.connect() as connection:
        assert connection.scalar(text("SELECT count(*) FROM usage_records WHERE bill_id IS NULL "
                                      "AND period_start < '2026-04-01'")) == 0
        assert connection.scalar(text("SELECT count(*) FROM billed_usage_periods")) == 0


def test_the_rules_follow_the_drafters_fast_path() -> None:
    product = Product("svc", "软件服务", "次", Decimal("0.06"))

    def usage(code: str, meter: str, **fields: Any) -> UsageCharge:
        return UsageCharge(code, code, product, meter, fields.pop("model", PricingModel.PER_UNIT),
                           **{"unit_price": Decimal("0.10"), **fields})

    plan = PlanVersion("mix", "混合", (
        usage("calls", "call_seconds", record_rounding=RecordRounding(Decimal(6), Direction.NEAREST)),
        usage("peak", "mbps", aggregation=Aggregation.MAX, record_rounding=RecordRounding(Decimal(10), Direction.DOWN)),
        usage("texts", "sms"), usage("texts_bulk", "sms"),
        usage("two_rules", "disk"), usage("two_rules_b", "disk", record_rounding=RecordRounding(Decimal(1))),
        usage("fine", "kb", record_rounding=RecordRounding(Decimal("0.0000001"))),
        usage("pay", "payments", model=PricingModel.PERCENTAGE, unit_price=None, rate=Decimal("0.01")),
        usage("users", "active_users", aggregation=Aggregation.UNIQUE_COUNT),
        usage("storage", "storage_gb", aggregation=Aggregation.LAST),
    ))
    rules = meter_rules(plan)
    assert rules["call_seconds"] == (Aggregation.SUM, 6_000_000, Direction.NEAREST)
    assert rules["mbps"] == (Aggregation.MAX, 10_000_000, Direction.DOWN)
    assert rules["sms"] == (Aggregation.SUM, None, None)  # two charges, one rule
    needs_records = ("disk", "kb", "payments", "active_users", "storage_gb")  # two rules; finer than 10⁻⁶; …
    assert [rules[meter] for meter in needs_records] == [None] * len(needs_records)
    assert meter_rules(plan) is rules and "unpriced_meter" not in rules


def test_the_drafts_memo_keys_on_every_term_but_the_ids() -> None:
    """``bill_run_pricing.price_batch`` gives subscriptions with only fees due the rows drafted for an earlier one
    with the same terms: the key must hold every field a draft reads. A new field of the terms or of what is
    pending must be looked at here (is it in the key, or does it keep a subscription out of the memo?)."""
    from dataclasses import fields

    from desktop_app.services.bill_drafts import Pending, SubscriptionTerms
    from desktop_app.services.bill_run_pricing import _TERMS

    terms = [f.name for f in fields(SubscriptionTerms)]
    assert terms == ["id", "customer_id", "plan_version_id", "start_date", "trial_end", "anchor", "seats", "modules",
                     "coupon_codes", "paused_from", "paused_until", "cancel_at", "ended_at", "billed_until", "status"]
    sample = SubscriptionTerms(*range(len(terms)))  # type: ignore[arg-type]
    assert _TERMS(sample) == tuple(range(2, len(terms)))
    assert [f.name for f in fields(Pending)] == ["usage", "billed_periods", "billed_records", "adjustments"]
