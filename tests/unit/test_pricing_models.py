"""Unit tests for the pricing models (billing/tiers.py) and usage rating (billing/usage.py).

Worked examples in the style of the well-known billing engines' documentation, in CNY.
"""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from fractions import Fraction

import pytest
from pricing_samples import SMS, D, tiers, usage

from desktop_app.billing.exact import to_money
from desktop_app.billing.plan import Aggregation, Direction, PricingModel, RecordRounding
from desktop_app.billing.tiers import graduated, package, package_count, per_unit, percentage, volume, volume_amount
from desktop_app.billing.usage import UsageRecord, aggregate, aggregate_micro, rate_usage, round_record

F = Fraction


def money(parts_amount: Fraction) -> str:
    return str(to_money(parts_amount))


# The same tier table priced both ways (the classic "graduated vs volume" example): units 1–5 at 7.00,
# 6–10 at 6.50, 11 and up at 6.00.
STEPS = tiers(("0", "5", "7.00"), ("5", "10", "6.50"), ("10", None, "6.00"))


@pytest.mark.parametrize(
    ("quantity", "graduated_total", "volume_total"),
    [
        (0, "0.00", "0.00"),
        (1, "7.00", "7.00"),
        (5, "35.00", "35.00"),  # up_to is inclusive: 5 units stay in the first tier for volume
        (6, "41.50", "39.00"),
        (10, "67.50", "65.00"),
        (12, "79.50", "72.00"),  # graduated 5×7 + 5×6.5 + 2×6; volume 12×6
    ],
)
def test_graduated_vs_volume_on_the_same_usage(quantity: int, graduated_total: str, volume_total: str) -> None:
    assert money(sum((p.amount for p in graduated(STEPS, F(0), F(quantity))), F(0))) == graduated_total
    assert money(sum((p.amount for p in volume(STEPS, F(0), F(quantity))), F(0))) == volume_total


def test_graduated_parts_name_their_tiers() -> None:
    parts = graduated(STEPS, F(0), F(12))
    assert [(p.tier, p.quantity, p.unit_price) for p in parts] == [(1, 5, F(7)), (2, 5, F(13, 2)), (3, 2, F(6))]


def test_flat_fee_per_tier() -> None:
    # 0–1,000 SMS at 0.05 with a flat 10.00; above 1,000 at 0.04 with a flat 20.00.
    table = tiers(("0", "1000", "0.05", "10.00"), ("1000", None, "0.04", "20.00"))
    grad = graduated(table, F(0), F(1500))
    assert money(sum((p.amount for p in grad), F(0))) == "100.00"  # 50 + 10 + 20 + 20
    assert [p.flat_fee for p in grad] == [False, True, False, True]
    assert money(volume_amount(table, F(1500))) == "80.00"  # 1,500 × 0.04 + 20
    assert money(volume_amount(table, F(800))) == "50.00"  # 800 × 0.05 + 10
    # A tier's flat fee is charged once, by the part that enters it.
    first, second = graduated(table, F(0), F(1000)), graduated(table, F(1000), F(1500))
    assert sum(p.flat_fee for p in first) == 1 and sum(p.flat_fee for p in second) == 1


@pytest.mark.parametrize(
    ("quantity", "rounding", "packages", "total"),
    [
        (8, Direction.UP, 2, "10.00"),  # 5.00 per 5 units, 8 units → 2 packages
        (8, Direction.DOWN, 1, "5.00"),
        (10, Direction.UP, 2, "10.00"),
        (11, Direction.UP, 3, "15.00"),
        (12, Direction.NEAREST, 2, "10.00"),
        (13, Direction.NEAREST, 3, "15.00"),
        (0, Direction.UP, 0, "0.00"),
    ],
)
def test_package_rounding(quantity: int, rounding: Direction, packages: int, total: str) -> None:
    assert package_count(F(quantity), F(5), rounding) == packages
    assert money(sum((p.amount for p in package(F(5), F(5), rounding, F(0), F(quantity))), F(0))) == total


def test_percentage_with_min_and_max_per_transaction() -> None:
    # 1 % + 0.10 per transaction, at least 2.00, at most 20.00: 100 → 1.10 → 2.00; 1,000 → 10.10; 5,000 → 20.00.
    parts = percentage([F(100), F(1000), F(5000)], F(1, 100), F(1, 10), F(2), F(20))
    assert money(parts[0].amount) == "32.10"
    assert parts[0].quantity == 6100
    assert parts[0].unit_price is None
    assert percentage([], F(1, 100)) == []


def test_per_unit() -> None:
    assert money(per_unit(F(1, 10), F(0), F(300))[0].amount) == "30.00"
    assert per_unit(F(1, 10), F(5), F(5)) == []


# --- per-record rounding ------------------------------------------------------------------------

CALLS = [D(61), D(5), D(125), D(60)]


@pytest.mark.parametrize(
    ("increment", "seconds", "minutes", "amount"),
    [
        ("60", 420, "7", "0.70"),  # 不足1分钟按1分钟: 120 + 60 + 180 + 60
        ("6", 258, "4.3", "0.43"),  # 6-second billing: 66 + 6 + 126 + 60
        ("1", 251, "4.183333", "0.42"),
    ],
)
def test_60_second_vs_6_second_call_rounding(increment: str, seconds: int, minutes: str, amount: str) -> None:
    charge = usage(unit_price="0.10", unit_size="60", record_rounding=increment)
    records = tuple(UsageRecord(seconds) for seconds in CALLS)
    assert aggregate(records, Aggregation.SUM, RecordRounding(D(increment))) == seconds
    rated = rate_usage(charge, records)
    assert rated.quantity == F(seconds, 60)
    assert money(rated.parts[0].amount) == amount


@pytest.mark.parametrize(
    ("quantity", "increment", "direction", "expected"),
    [
        ("61", "60", Direction.UP, "120"),
        ("60", "60", Direction.UP, "60"),
        ("0", "60", Direction.UP, "0"),
        ("61", "6", Direction.UP, "66"),
        ("89", "60", Direction.DOWN, "60"),
        ("89", "60", Direction.NEAREST, "60"),
        ("90", "60", Direction.NEAREST, "120"),
        ("1.25", "0.5", Direction.UP, "1.5"),
    ],
)
def test_round_record(quantity: str, increment: str, direction: Direction, expected: str) -> None:
    assert round_record(D(quantity), RecordRounding(D(increment), direction)) == D(expected)


def test_aggregations() -> None:
    at = [datetime(2025, 1, day, tzinfo=UTC) for day in (3, 9, 5)]
    records = (UsageRecord(D(10), at[0], "u1"), UsageRecord(D(30), at[1], "u2"), UsageRecord(D(20), at[2], "u1"))
    assert aggregate(records, Aggregation.SUM) == 60
    assert aggregate(records, Aggregation.MAX) == 30
    assert aggregate(records, Aggregation.UNIQUE_COUNT) == 2
    assert aggregate(records, Aggregation.LAST) == 30  # latest timestamp, not the last in the list
    assert aggregate((*records[:1], UsageRecord(D(7))), Aggregation.LAST) == 7  # no timestamps: list order
    assert aggregate((), Aggregation.MAX) == 0
    with pytest.raises(ValueError):
        aggregate((UsageRecord(D(1)),), Aggregation.UNIQUE_COUNT)


def test_aggregate_before_pricing_1000_records_at_half_a_fen() -> None:
    charge = usage("sms", unit_price="0.005", product=SMS)
    records = tuple(UsageRecord(D(1)) for _ in range(1000))
    rated = rate_usage(charge, records)
    assert len(rated.parts) == 1
    assert money(rated.parts[0].amount) == "5.00"
    # Priced one by one each record would round up to 0.01: 10.00, which is wrong.
    assert sum(to_money(F(5, 1000)) for _ in range(1000)) == Decimal("10.00")


TWO_TIERS = tiers(("0", "200", "0.10"), ("200", None, "0.05"))

# --- included allowance -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("used", "included", "billable", "amount"),
    [
        ("742", "500", 242, "24.20"),  # 500 minutes included, 0.10 per minute over
        ("500", "500", 0, None),
        ("120", "500", 0, None),
        ("742", "0", 742, "74.20"),
    ],
)
def test_included_allowance_with_overage(used: str, included: str, billable: int, amount: str | None) -> None:
    rated = rate_usage(usage(unit_price="0.10", included=included), D(used))
    assert rated.billable == billable
    assert rated.included == D(used) - billable
    assert (money(rated.parts[0].amount) if rated.parts else None) == amount


def test_allowance_then_graduated_tiers_start_after_the_allowance() -> None:
    charge = usage(model=PricingModel.GRADUATED, included="100", tiers=TWO_TIERS)
    rated = rate_usage(charge, D(400))
    assert rated.included == 100
    assert [(p.tier, p.quantity) for p in rated.parts] == [(1, 200), (2, 100)]
    assert money(sum((p.amount for p in rated.parts), F(0))) == "25.00"


def test_usage_split_in_two_parts_of_one_period_charges_the_allowance_once() -> None:
    charge = usage(model=PricingModel.GRADUATED, included="100", tiers=TWO_TIERS)
    first = rate_usage(charge, D(150))
    second = rate_usage(charge, D(250), prior=D(150))
    whole = rate_usage(charge, D(400))
    assert first.included + second.included == whole.included == 100
    assert sum(p.amount for p in first.parts + second.parts) == sum(p.amount for p in whole.parts)


def test_volume_true_up_when_a_later_part_reaches_a_cheaper_tier() -> None:
    charge = usage(model=PricingModel.VOLUME, tiers=tiers(("0", "100", "1.00"), ("100", None, "0.50")))
    first = rate_usage(charge, D(80))
    second = rate_usage(charge, D(70), prior=D(80))
    assert money(first.parts[0].amount) == "80.00"
    assert money(second.parts[0].amount) == "-5.00"  # 150 × 0.50 = 75.00 in all
    assert second.parts[0].unit_price is None


def test_percentage_charge_from_records_and_from_a_total() -> None:
    charge = usage("pay", PricingModel.PERCENTAGE, rate="0.006")
    assert money(rate_usage(charge, D("12345.67")).parts[0].amount) == "74.07"
    records = tuple(UsageRecord(D(amount)) for amount in ("100.00", "2000.00"))
    assert money(rate_usage(charge, records).parts[0].amount) == "12.60"
    capped = usage("pay", PricingModel.PERCENTAGE, rate="0.006", max_fee="5.00")
    assert money(rate_usage(capped, records).parts[0].amount) == "5.60"
    with pytest.raises(ValueError):
        rate_usage(capped, D("2100.00"))


def test_package_usage_with_price_list_override() -> None:
    charge = usage("data", PricingModel.PACKAGE, unit_price="10.00", package_size="1024", unit_size="1")
    assert money(rate_usage(charge, D(1500)).parts[0].amount) == "20.00"
    assert money(rate_usage(charge, D(1500), unit_price=D("8.00")).parts[0].amount) == "16.00"
    assert money(rate_usage(charge, D(1500), factor=F(9, 10)).parts[0].amount) == "18.00"


@pytest.mark.parametrize("direction", ["up", "down", "nearest"])
@pytest.mark.parametrize("aggregation", ["sum", "max"])
def test_aggregate_micro_agrees_with_aggregate_on_the_records(direction: str, aggregation: str) -> None:
    """The bill run's integer fast path gives exactly what ``aggregate`` gives on the same records."""
    micro = [1, 59_999_999, 60_000_000, 60_000_001, 30_000_000, 90_000_000, 123_456_789, 0]
    records = [UsageRecord(Decimal(q).scaleb(-6)) for q in micro]
    for increment in ("60", "6", "0.5", "1"):
        rounding = RecordRounding(Decimal(increment), Direction(direction))
        expected = aggregate(records, Aggregation(aggregation), rounding)
        assert aggregate_micro(micro, Aggregation(aggregation), rounding) == expected
    assert aggregate_micro(micro, Aggregation(aggregation)) == aggregate(records, Aggregation(aggregation))
    assert aggregate_micro([], Aggregation(aggregation)) == 0
