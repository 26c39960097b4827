"""Unit tests for desktop_app.billing.pricing.price: whole quotes, tax, deductions, proration, inputs."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from pricing_samples import (
    DATA,
    FEBRUARY_2024,
    HARDWARE,
    JANUARY,
    PREPAID,
    SERVICE,
    SMALL_SCALE,
    SMS,
    VOICE,
    D,
    monthly_fee,
    plan,
    tiers,
    usage,
)

from desktop_app.billing.discounts import CouponRedemption, Discount, DiscountDuration, DiscountKind, PriceList
from desktop_app.billing.discounts import PriceListEntry as Entry
from desktop_app.billing.errors import PlanInvalid, PriceInputInvalid
from desktop_app.billing.money import RoundingMode
from desktop_app.billing.periods import Interval, Period, ProrationConvention
from desktop_app.billing.plan import (
    Aggregation,
    BundleCharge,
    MinimumCommitment,
    ModuleCharge,
    OneTimeCharge,
    PricingModel,
    Product,
    RecurringCharge,
    SeatCharge,
    TopUpCharge,
)
from desktop_app.billing.price_input import PriceInput, PricingSettings
from desktop_app.billing.pricing import price
from desktop_app.billing.quote import LineKind, Quote, TaxSubtotal
from desktop_app.billing.usage import UsageRecord


def amounts(quote: Quote) -> list[tuple[str, str, str]]:
    return [(str(line.net), str(line.tax), str(line.gross)) for line in quote.lines]


# --- CNY tax examples (money-rules.md) --------------------------------------------------------


def test_tax_inclusive_lines_and_totals() -> None:
    bundle = plan(
        monthly_fee("99.00", VOICE, "voice", "语音包"),
        monthly_fee("30.00", SMS, "sms", "短信包"),
        monthly_fee("10.00", DATA, "data", "流量包"),
    )
    quote = price(bundle, PriceInput(JANUARY))
    assert amounts(quote) == [("90.83", "8.17", "99.00"), ("28.30", "1.70", "30.00"), ("9.43", "0.57", "10.00")]
    assert (quote.total_net, quote.total_tax, quote.total_gross) == (D("128.56"), D("10.44"), D("139.00"))
    assert quote.subtotals == (
        TaxSubtotal(D("0.09"), D("90.83"), D("8.17"), D("99.00")),
        TaxSubtotal(D("0.06"), D("37.73"), D("2.27"), D("40.00")),
    )
    assert quote.amount_due == D("139.00")


def test_tax_exclusive_tie_rounds_half_up() -> None:
    quote = price(plan(monthly_fee("10.25"), tax_inclusive=False), PriceInput(JANUARY))
    assert amounts(quote) == [("10.25", "0.62", "10.87")]
    half_even = PriceInput(JANUARY, settings=PricingSettings(rounding=RoundingMode.HALF_EVEN))
    assert price(plan(monthly_fee("10.25"), tax_inclusive=False), half_even).lines[0].tax == D("0.62")


def test_small_scale_and_exempt_products() -> None:
    quote = price(plan(monthly_fee("1010.00", SMALL_SCALE), monthly_fee("50.00", PREPAID, "x", "免税")),
                  PriceInput(JANUARY))
    assert amounts(quote) == [("1000.00", "10.00", "1010.00"), ("50.00", "0.00", "50.00")]
    assert quote.lines[1].tax_rate is None
    assert quote.subtotals[-1] == TaxSubtotal(None, D("50.00"), D("0.00"), D("50.00"))


# --- recurring charges, seats, modules, one-time ---------------------------------------------


def test_mid_period_start_prorates_by_actual_days_of_the_full_period() -> None:
    quote = price(plan(monthly_fee("99.00")), PriceInput(JANUARY, service_from=date(2025, 1, 15)))
    line = quote.lines[0]
    assert line.gross == D("54.29")  # 99 × 17/31 = 54.2903...
    assert line.period == Period(date(2025, 1, 15), date(2025, 2, 1))
    assert line.proration is not None and (line.proration.days, line.proration.period_days) == (17, 31)
    assert line.quantity == 1 and line.unit_price == D("99.00")


def test_leap_february_and_30_360() -> None:
    given = PriceInput(FEBRUARY_2024, service_from=date(2024, 2, 15))
    assert price(plan(monthly_fee("29.00")), given).lines[0].gross == D("15.00")  # 29 × 15/29
    thirty = PriceInput(FEBRUARY_2024, service_from=date(2024, 2, 15),
                        settings=PricingSettings(proration=ProrationConvention.THIRTY_360))
    assert price(plan(monthly_fee("30.00")), thirty).lines[0].gross == D("16.00")  # 30 × 16/30


def test_plan_change_day_belongs_to_the_new_plan() -> None:
    change = date(2025, 1, 11)
    old = price(plan(monthly_fee("99.00")), PriceInput(JANUARY, service_to=change))
    new = price(plan(monthly_fee("199.00")), PriceInput(JANUARY, service_from=change))
    assert old.lines[0].gross == D("31.94")  # 99 × 10/31
    assert new.lines[0].gross == D("134.81")  # 199 × 21/31
    assert old.lines[0].period.end == new.lines[0].period.start == change


def test_month_end_anchor_bills_the_anchored_period() -> None:
    monthly = PriceInput(Period(date(2024, 2, 29), date(2024, 3, 31)), anchor=date(2024, 1, 31))
    assert price(plan(monthly_fee("99.00")), monthly).lines[0].period == Period(date(2024, 2, 29), date(2024, 3, 31))


def test_yearly_fee_in_a_monthly_plan_covers_its_year() -> None:
    yearly = RecurringCharge("annual", "年费", SERVICE, D("1200.00"), Interval.YEAR)
    quote = price(plan(yearly), PriceInput(JANUARY, anchor=date(2025, 1, 1)))
    assert quote.lines[0].period == Period(date(2025, 1, 1), date(2026, 1, 1))
    assert quote.lines[0].gross == D("1200.00")
    half = price(plan(yearly), PriceInput(Period(date(2024, 7, 1), date(2024, 8, 1)), anchor=date(2024, 1, 1),
                                          service_from=date(2024, 7, 1)))
    assert half.lines[0].gross == D("603.28")  # 1,200 × 184/366 (leap year: 1 Jul 2024 – 1 Jan 2025)


def test_monthly_fee_in_a_quarterly_plan_bills_every_month_of_the_quarter() -> None:
    first_quarter = Period(date(2025, 1, 1), date(2025, 4, 1))
    quarterly = plan(monthly_fee("99.00"), billing_interval=Interval.QUARTER)
    quote = price(quarterly, PriceInput(first_quarter))
    assert [line.period for line in quote.lines] == [
        Period(date(2025, 1, 1), date(2025, 2, 1)),
        Period(date(2025, 2, 1), date(2025, 3, 1)),
        Period(date(2025, 3, 1), date(2025, 4, 1)),
    ]
    assert quote.total_gross == D("297.00")
    # Started on 15 February: nothing for January, 14/28 of February, all of March.
    late = price(quarterly, PriceInput(first_quarter, service_from=date(2025, 2, 15)))
    assert [line.gross for line in late.lines] == [D("49.50"), D("99.00")]
    # Month-end anchor 31 January, billed per quarter from 31 January: 28 Feb, 31 Mar, 30 Apr.
    anchored = price(quarterly, PriceInput(Period(date(2025, 1, 31), date(2025, 4, 30)), anchor=date(2025, 1, 31)))
    assert [line.period for line in anchored.lines] == [
        Period(date(2025, 1, 31), date(2025, 2, 28)),
        Period(date(2025, 2, 28), date(2025, 3, 31)),
        Period(date(2025, 3, 31), date(2025, 4, 30)),
    ]
    # The next quarter does not bill a month of this one again.
    second = price(quarterly, PriceInput(Period(date(2025, 4, 1), date(2025, 7, 1))))
    assert second.lines[0].period.start == date(2025, 4, 1) and second.total_gross == D("297.00")


def test_seats_modules_and_bundles() -> None:
    charges = (
        SeatCharge("seat", "用户", SERVICE, D("30.00")),
        ModuleCharge("crm", "客户管理", SERVICE, D("50.00")),
        ModuleCharge("bill", "计费", SERVICE, D("80.00")),
        ModuleCharge("report", "报表", SERVICE, D("40.00")),
        BundleCharge("suite", "全功能套装", SERVICE, D("100.00"), modules=("crm", "bill")),
    )
    quote = price(plan(*charges), PriceInput(JANUARY, seats=25, modules=frozenset({"suite", "crm", "report"})))
    assert [(line.charge, str(line.quantity), str(line.gross)) for line in quote.lines] == [
        ("seat", "25", "750.00"),
        ("report", "1", "40.00"),
        ("suite", "1", "100.00"),  # crm is inside the switched-on bundle: not charged on its own
    ]
    assert price(plan(*charges), PriceInput(JANUARY)).lines == ()


def test_seat_change_mid_period_with_only() -> None:
    seats = SeatCharge("seat", "用户", SERVICE, D("31.00"))
    extra = price(plan(seats, monthly_fee("99.00")),
                  PriceInput(JANUARY, seats=5, service_from=date(2025, 1, 22), only=frozenset({"seat"})))
    assert [(line.charge, line.gross) for line in extra.lines] == [("seat", D("50.00"))]  # 5 × 31 × 10/31


def test_one_time_fees_default_to_the_first_period() -> None:
    setup = OneTimeCharge("setup", "开通费", SERVICE, D("200.00"))
    phone = OneTimeCharge("phone", "话机", HARDWARE, D("399.00"))
    first = price(plan(setup, phone), PriceInput(JANUARY))
    assert [line.charge for line in first.lines] == ["setup", "phone"]
    assert price(plan(setup, phone), PriceInput(JANUARY, period_index=1)).lines == ()
    bought = price(plan(setup, phone), PriceInput(JANUARY, period_index=3, one_time={"phone": D(2)}))
    assert [(line.charge, line.gross, line.tax) for line in bought.lines] == [("phone", D("798.00"), D("91.81"))]


# --- usage through price() --------------------------------------------------------------------


def test_usage_records_are_rounded_aggregated_and_priced_once() -> None:
    calls = usage(unit_price="0.10", unit_size="60", record_rounding="60", meter="call_seconds")
    records = tuple(UsageRecord(D(61), datetime(2025, 1, 5, 3, tzinfo=UTC)) for _ in range(1000))
    quote = price(plan(calls), PriceInput(JANUARY, usage={"call_seconds": records}))
    assert len(quote.lines) == 1
    assert (quote.lines[0].quantity, quote.lines[0].gross) == (D(2000), D("200.00"))
    assert quote.usage[0].quantity == 2000


def test_graduated_usage_gives_one_line_per_tier() -> None:
    sms = usage("sms", PricingModel.GRADUATED, SMS, tiers=tiers(("0", "1000", "0.05"), ("1000", None, "0.04", "20.00")))
    quote = price(plan(sms), PriceInput(JANUARY, usage={"sms": D(1500)}))
    assert [(line.kind, line.tier, str(line.quantity), str(line.gross)) for line in quote.lines] == [
        (LineKind.USAGE, 1, "1000", "50.00"),
        (LineKind.USAGE, 2, "500", "20.00"),
        (LineKind.USAGE_FLAT_FEE, 2, "1", "20.00"),
    ]
    assert quote.total_gross == D("90.00")


def test_records_outside_the_usage_period_are_refused() -> None:
    calls = usage(unit_price="0.10", meter="calls")
    late = (UsageRecord(D(1), datetime(2025, 1, 31, 16, 30, tzinfo=UTC)),)  # 1 February in Beijing
    with pytest.raises(PriceInputInvalid) as caught:
        price(plan(calls), PriceInput(JANUARY, usage={"calls": late}))
    assert (caught.value.code, caught.value.path) == ("usage.record_outside_period", "usage[calls][0].at")


def test_usage_split_across_two_bills_of_one_period_charges_the_allowance_once() -> None:
    calls = usage(unit_price="0.10", included="500")
    first = price(plan(calls), PriceInput(JANUARY, usage={"calls": D(300)}))
    second = price(plan(calls), PriceInput(JANUARY, usage={"calls": D(442)}, prior_usage={"calls": D(300)}))
    assert first.total_gross == 0 and first.usage[0].included == 300
    assert second.usage[0].included == 200 and second.total_gross == D("24.20")


# --- price lists, discounts, coupons ------------------------------------------------------------


TIERED = plan(
    monthly_fee("99.00"),
    usage("calls", unit_price="0.10"),
    price_lists=(
        PriceList("金卡", (Entry("base", rate_off=D("0.1")), Entry("calls", unit_price=D("0.08")))),
        PriceList("银卡", (Entry("base", unit_price=D("79.00")),)),
    ),
)


@pytest.mark.parametrize(
    ("tier", "base", "calls"),
    [(None, "99.00", "100.00"), ("金卡", "89.10", "80.00"), ("银卡", "79.00", "100.00"), ("普通", "99.00", "100.00")],
)
def test_tier_price_lists(tier: str | None, base: str, calls: str) -> None:
    quote = price(TIERED, PriceInput(JANUARY, membership_tier=tier, usage={"calls": D(1000)}))
    assert [str(line.gross) for line in quote.lines] == [base, calls]
    if tier == "金卡":
        assert quote.lines[0].unit_price == D("89.10") and quote.lines[0].list_unit_price == D("99.00")


def coupon(kind: DiscountKind, value: str, duration: DiscountDuration = DiscountDuration.FOREVER,
           periods: int | None = None, charges: tuple[str, ...] = ()) -> Discount:
    return Discount("C1", "优惠券", kind, D(value), duration, periods, charges)


@pytest.mark.parametrize(
    ("duration", "periods", "applied", "expected"),
    [
        (DiscountDuration.ONCE, None, 0, True),
        (DiscountDuration.ONCE, None, 1, False),
        (DiscountDuration.REPEATING, 3, 2, True),
        (DiscountDuration.REPEATING, 3, 3, False),
        (DiscountDuration.FOREVER, None, 120, True),
    ],
)
def test_coupon_durations(duration: DiscountDuration, periods: int | None, applied: int, expected: bool) -> None:
    held = CouponRedemption(coupon(DiscountKind.PERCENTAGE, "0.2", duration, periods), applied)
    quote = price(plan(monthly_fee("99.00")), PriceInput(JANUARY, coupons=(held,)))
    assert quote.total_gross == (D("79.20") if expected else D("99.00"))
    assert [(d.code, d.amount) for d in quote.discounts] == ([("C1", D("19.80"))] if expected else [])


def test_plan_discount_counts_from_the_first_period() -> None:
    first_month_free = Discount("FIRST", "首月免费", DiscountKind.PERCENTAGE, D(1), DiscountDuration.ONCE)
    offer = plan(monthly_fee("99.00"), discounts=(first_month_free,))
    assert price(offer, PriceInput(JANUARY)).total_gross == 0
    assert price(offer, PriceInput(JANUARY, period_index=1)).total_gross == D("99.00")


def test_discount_lines_follow_their_lines_and_are_taxed_before_tax_totals() -> None:
    charges = (monthly_fee("99.00", VOICE, "voice", "语音"), monthly_fee("30.00", SMS, "sms", "短信"))
    held = CouponRedemption(coupon(DiscountKind.FIXED, "43.00"))
    quote = price(plan(*charges), PriceInput(JANUARY, coupons=(held,)))
    assert [(line.kind, line.charge, str(line.gross), line.discounted_line) for line in quote.lines] == [
        (LineKind.RECURRING, "voice", "99.00", None),
        (LineKind.DISCOUNT, "voice", "-33.00", 0),  # 43 split 99 : 30
        (LineKind.RECURRING, "sms", "30.00", None),
        (LineKind.DISCOUNT, "sms", "-10.00", 2),
    ]
    assert quote.lines[1].tax_rate == D("0.09") and quote.lines[1].tax == D("-2.72")
    assert quote.total_gross == D("86.00")


def test_several_discounts_on_a_line_make_one_discount_line() -> None:
    # Tax-exclusive 0.09 at 13 %: 0.04 + 0.05 off. Two discount lines taxed one by one (-0.01 each) would
    # leave the customer a fen of negative VAT; one combined line cancels the tax exactly.
    fee = monthly_fee("0.09", Product("hw", "配件", "个", D("0.13")))
    coupons = (CouponRedemption(Discount("A", "券A", DiscountKind.FIXED, D("0.04"))),
               CouponRedemption(Discount("B", "券B", DiscountKind.FIXED, D("0.05"))))
    quote = price(plan(fee, tax_inclusive=False), PriceInput(JANUARY, coupons=coupons))
    assert [(line.kind, str(line.net), str(line.tax), line.discounts) for line in quote.lines] == [
        (LineKind.RECURRING, "0.09", "0.01", ()),
        (LineKind.DISCOUNT, "-0.09", "-0.01", ("A", "B")),
    ]
    assert quote.lines[1].description == "券A、券B"
    assert (quote.total_net, quote.total_tax, quote.total_gross) == (D("0.00"), D("0.00"), D("0.00"))
    assert [(d.code, d.amount) for d in quote.discounts] == [("A", D("0.04")), ("B", D("0.05"))]


def test_coupon_limited_to_charges_and_never_below_zero() -> None:
    charges = (monthly_fee("99.00"), monthly_fee("30.00", SMS, "sms", "短信"))
    limited = CouponRedemption(coupon(DiscountKind.FIXED, "500.00", charges=("sms",)))
    quote = price(plan(*charges), PriceInput(JANUARY, coupons=(limited,)))
    assert quote.total_gross == D("99.00")
    both = (CouponRedemption(coupon(DiscountKind.FIXED, "500.00")), CouponRedemption(coupon(DiscountKind.FIXED, "5")))
    assert price(plan(*charges), PriceInput(JANUARY, coupons=both)).total_gross == 0


def test_price_list_comes_before_the_coupon() -> None:
    held = CouponRedemption(coupon(DiscountKind.PERCENTAGE, "0.5"))
    quote = price(TIERED, PriceInput(JANUARY, membership_tier="金卡", coupons=(held,), only=frozenset({"base"})))
    assert quote.total_gross == D("44.55")  # 99 × 0.9 = 89.10, then half


# --- minimum commitment -------------------------------------------------------------------------

COMMITTED = plan(
    monthly_fee("20.00"),
    usage("calls", unit_price="0.10"),
    minimum_commitment=MinimumCommitment(D("100.00"), Product("min", "最低消费补足", "月", D("0.09"))),
)


@pytest.mark.parametrize(
    ("minutes", "top_up"),
    [(643, "35.70"), (1000, None), (1300, None), (0, "100.00")],
)
def test_minimum_commitment_top_up(minutes: int, top_up: str | None) -> None:
    quote = price(COMMITTED, PriceInput(JANUARY, usage={"calls": D(minutes)}))
    lines = [line for line in quote.lines if line.kind is LineKind.COMMITMENT]
    assert (str(lines[0].gross) if lines else None) == top_up


def test_minimum_commitment_is_prorated_and_not_discounted() -> None:
    held = CouponRedemption(coupon(DiscountKind.PERCENTAGE, "0.5"))
    quote = price(COMMITTED, PriceInput(JANUARY, service_from=date(2025, 1, 17), usage={"calls": D(100)},
                                        coupons=(held,)))
    commitment = next(line for line in quote.lines if line.kind is LineKind.COMMITMENT)
    assert commitment.gross == D("38.39")  # 100 × 15/31 = 48.39 required, 100 min × 0.10 = 10.00 spent
    assert not any(line.discounted_line == quote.lines.index(commitment) for line in quote.lines)


# --- top-ups, credit notes, wallet --------------------------------------------------------------


def test_top_up_package_and_wallet_after_credit_notes() -> None:
    top_up = TopUpCharge("topup1000", "充值1000送100", PREPAID, D("1000.00"), D("100.00"), 365)
    quote = price(plan(monthly_fee("99.00"), top_up),
                  PriceInput(JANUARY, top_ups=("topup1000",), credit_balance=D("9.00"), wallet_balance=D("500.00")))
    assert [line.kind for line in quote.lines] == [LineKind.RECURRING, LineKind.TOP_UP]
    assert quote.total_gross == D("1099.00")
    assert quote.credit_applied == D("9.00")
    assert quote.wallet_applied == D("90.00")  # the wallet never pays a top-up
    assert quote.amount_due == D("1000.00")
    credit = quote.wallet_credits[0]
    assert (credit.paid, credit.credit, credit.expires_on) == (D("1000.00"), D("1100.00"), date(2026, 1, 1))


def test_wallet_and_credit_never_take_the_amount_due_below_zero() -> None:
    quote = price(plan(monthly_fee("99.00")),
                  PriceInput(JANUARY, credit_balance=D("50.00"), wallet_balance=D("500.00")))
    assert (quote.credit_applied, quote.wallet_applied, quote.amount_due) == (D("50.00"), D("49.00"), D("0.00"))


# --- refusals -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("given", "code", "path"),
    [
        (PriceInput(JANUARY, seats=-1), "input.seats_negative", "seats"),
        (PriceInput(JANUARY, modules=frozenset({"nope"})), "input.unknown_module", "modules[nope]"),
        (PriceInput(JANUARY, service_from=date(2025, 2, 1)), "input.service_range", "service_from"),
        (PriceInput(JANUARY, top_ups=("nope",)), "input.unknown_top_up", "top_ups[0]"),
        (PriceInput(JANUARY, one_time={"base": D(1)}), "input.unknown_charge", "one_time[base]"),
        (PriceInput(JANUARY, usage={"calls": D(-1)}), "input.quantity_negative", "usage[calls]"),
        (PriceInput(JANUARY, wallet_balance=D("-1")), "input.balance_negative", "wallet_balance"),
        (PriceInput(JANUARY, credit_balance=D("0.001")), "input.amount_not_fen", "credit_balance"),
        (PriceInput(JANUARY, usage={"calls": (UsageRecord(D(1), datetime(2025, 1, 2)),)}),
         "usage.time_zone_required", "usage[calls][0].at"),
        (PriceInput(JANUARY, coupons=(CouponRedemption(coupon(DiscountKind.PERCENTAGE, "20")),)),
         "rate.out_of_range", "coupons[0].discount.value"),
    ],
)
def test_input_problems_name_the_field(given: PriceInput, code: str, path: str) -> None:
    with pytest.raises(PriceInputInvalid) as caught:
        price(plan(monthly_fee("99.00"), usage("calls", unit_price="0.10")), given)
    assert (caught.value.code, caught.value.path) == (code, path)


def test_an_invalid_plan_is_refused_before_pricing() -> None:
    broken = plan(usage("calls", PricingModel.GRADUATED, tiers=tiers(("0", "100", "0.10"))))
    with pytest.raises(PlanInvalid) as caught:
        price(broken, PriceInput(JANUARY))
    assert (caught.value.code, caught.value.path) == ("tiers.last_not_open", "charges[0].tiers[0].up_to")


@pytest.mark.parametrize(
    "build",
    [
        lambda: PriceInput(JANUARY, usage={"calls": 1.5}),
        lambda: PriceInput(JANUARY, wallet_balance=10.0),
        lambda: PriceInput(JANUARY, one_time={"setup": 1.0}),
        lambda: PriceInput(JANUARY, seats=2.0),
        lambda: UsageRecord(61.0),
        lambda: RecurringCharge("base", "月租", SERVICE, 99.0),
        lambda: Product("x", "x", "个", 0.06),
        lambda: Discount("c", "c", DiscountKind.FIXED, 5.0),
        lambda: Entry("base", unit_price=1.0),
    ],
)
def test_float_inputs_are_refused(build: object) -> None:
    assert callable(build)
    with pytest.raises(TypeError):
        build()


def test_quote_to_dict_is_plain_json() -> None:
    quote = price(TIERED, PriceInput(JANUARY, membership_tier="金卡", usage={"calls": D(1000)}))
    data = quote.to_dict()
    assert data["total_gross"] == "169.10"
    lines = data["lines"]
    assert isinstance(lines, list) and lines[0]["unit_price"] == "89.10" and lines[0]["tax_rate"] == "0.06"
    assert isinstance(Decimal(str(data["amount_due"])), Decimal)


def test_usage_shapes_that_cannot_be_priced_are_refused() -> None:
    fees = usage("pay", PricingModel.PERCENTAGE, rate="0.01", min_fee="1.00")
    with pytest.raises(PriceInputInvalid) as caught:
        price(plan(fees), PriceInput(JANUARY, usage={"pay": D("500.00")}))
    assert (caught.value.code, caught.value.path) == ("usage.records_required", "usage[pay]")
    users = usage("users", unit_price="2.00", aggregation=Aggregation.UNIQUE_COUNT)
    records = (UsageRecord(D(1), unique_id="u1"), UsageRecord(D(1)))
    with pytest.raises(PriceInputInvalid) as missing:
        price(plan(users), PriceInput(JANUARY, usage={"users": records}))
    assert (missing.value.code, missing.value.path) == ("usage.unique_id_required", "usage[users][1].unique_id")
    counted = (UsageRecord(D(1), unique_id="u1"), UsageRecord(D(1), unique_id="u2"), UsageRecord(D(1), unique_id="u1"))
    assert price(plan(users), PriceInput(JANUARY, usage={"users": counted})).total_gross == D("4.00")
