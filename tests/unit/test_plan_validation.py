"""Unit tests for desktop_app.billing.validation: stable codes and JSON paths for every plan problem."""

from __future__ import annotations

from dataclasses import replace

import pytest
from pricing_samples import PREPAID, SERVICE, SMS, VOICE, D, monthly_fee, plan, tiers, usage

from desktop_app.billing.discounts import Discount, DiscountDuration, DiscountKind, PriceList, PriceListEntry
from desktop_app.billing.errors import PLAN_ERROR_CODES, PlanInvalid
from desktop_app.billing.plan import (
    BundleCharge,
    MinimumCommitment,
    ModuleCharge,
    OneTimeCharge,
    PlanVersion,
    PricingModel,
    Product,
    RecordRounding,
    SeatCharge,
    TopUpCharge,
)
from desktop_app.billing.validation import discount_problems, plan_problems, validate_plan


def graduated(*rows: tuple[str, str | None, str]) -> PlanVersion:
    return plan(monthly_fee("99.00"), usage("sms", PricingModel.GRADUATED, SMS, tiers=tiers(*rows)))


GOOD_TIERS = (("0", "100", "0.10"), ("100", "500", "0.08"), ("500", None, "0.05"))


def test_a_good_plan_has_no_problems() -> None:
    assert plan_problems(graduated(*GOOD_TIERS)) == []
    validate_plan(graduated(*GOOD_TIERS))


@pytest.mark.parametrize(
    ("rows", "code", "path"),
    [
        ((("0", "100", "0.10"), ("120", None, "0.05")), "tiers.not_contiguous", "charges[1].tiers[1].start"),
        ((("0", "100", "0.10"), ("100", "500", "0.05")), "tiers.last_not_open", "charges[1].tiers[1].up_to"),
        ((("0", "100", "0.10"), ("100", "100", "0.08"), ("100", None, "0.05")), "tiers.not_increasing",
         "charges[1].tiers[1].up_to"),
        ((("0", None, "0.10"), ("100", None, "0.05")), "tiers.open_not_last", "charges[1].tiers[0].up_to"),
        ((("10", None, "0.10"),), "tiers.first_not_zero", "charges[1].tiers[0].start"),
        ((("0", None, "0.0000001"),), "price.too_many_decimals", "charges[1].tiers[0].unit_price"),
        ((("0", None, "-0.01"),), "price.negative", "charges[1].tiers[0].unit_price"),
        ((), "tiers.empty", "charges[1].tiers"),
    ],
)
def test_tier_tables(rows: tuple[tuple[str, str | None, str], ...], code: str, path: str) -> None:
    with pytest.raises(PlanInvalid) as caught:
        validate_plan(graduated(*rows))
    assert (caught.value.code, caught.value.path) == (code, path)
    assert code in PLAN_ERROR_CODES


def test_every_problem_is_listed_for_the_editor() -> None:
    problems = plan_problems(graduated(("0", "100", "-1"), ("120", "90", "0.05")))
    assert [(p.code, p.path) for p in problems] == [
        ("price.negative", "charges[1].tiers[0].unit_price"),
        ("tiers.not_contiguous", "charges[1].tiers[1].start"),
        ("tiers.not_increasing", "charges[1].tiers[1].up_to"),
        ("tiers.last_not_open", "charges[1].tiers[1].up_to"),
    ]
    assert problems[1].params == {"value": "120", "expected": "100"}


def test_six_decimals_are_fine_for_unit_prices() -> None:
    assert plan_problems(plan(usage("data", unit_price="0.0015", product=SMS))) == []


CASES: list[tuple[PlanVersion, str, str]] = [
    (replace(plan(monthly_fee("1")), code=" "), "code.empty", "code"),
    (replace(plan(monthly_fee("1")), currency="rmb"), "currency.invalid", "currency"),
    (replace(plan(monthly_fee("1")), trial_days=-1), "trial_days.negative", "trial_days"),
    (replace(plan(monthly_fee("1")), version=0), "version.not_positive", "version"),
    (plan(monthly_fee("1"), monthly_fee("2")), "code.duplicate", "charges[1].code"),
    (plan(monthly_fee("1", Product("p", "p", "月", D("0.09")), "a"), monthly_fee("1", Product("p", "q", "月", D(0)))),
     "product.conflict", "charges[1].product"),
    (plan(monthly_fee("1", Product("p", "p", "月", D(9)))), "tax_rate.out_of_range", "products[0].tax_rate"),
    (plan(monthly_fee("1", Product("p", "p", "月", D("0.12345")))), "tax_rate.too_many_decimals",
     "products[0].tax_rate"),
    (plan(SeatCharge("s", "s", SERVICE, D(1), interval_count=0)), "interval_count.not_positive",
     "charges[0].interval_count"),
    (plan(ModuleCharge("m", "m", SERVICE, D(1)), BundleCharge("b", "b", SERVICE, D(1), modules=("m", "x"))),
     "bundle.unknown_module", "charges[1].modules[1]"),
    (plan(BundleCharge("b", "b", SERVICE, D(1))), "bundle.empty", "charges[0].modules"),
    (plan(OneTimeCharge("o", "o", SERVICE, D("-5"))), "price.negative", "charges[0].price"),
    (plan(TopUpCharge("t", "t", PREPAID, D("0"))), "amount.not_positive", "charges[0].price"),
    (plan(TopUpCharge("t", "t", PREPAID, D("100"), D("0.001"))), "amount.too_many_decimals", "charges[0].bonus"),
    (plan(TopUpCharge("t", "t", PREPAID, D("100"), expiry_days=0)), "top_up.expiry_not_positive",
     "charges[0].expiry_days"),
    (plan(usage(unit_size="0", unit_price="1")), "unit_size.not_positive", "charges[0].unit_size"),
    (plan(usage(unit_price="1", record_rounding=RecordRounding(D(0)))), "rounding.increment_not_positive",
     "charges[0].record_rounding.increment"),
    (plan(usage(unit_price="1", included="-1")), "allowance.negative", "charges[0].included"),
    (plan(usage()), "field.required", "charges[0].unit_price"),
    (plan(usage(unit_price="1", rate="0.1")), "field.not_allowed", "charges[0].rate"),
    (plan(usage(model=PricingModel.PACKAGE, unit_price="5", package_size="0")), "package.size_not_positive",
     "charges[0].package_size"),
    (plan(usage(model=PricingModel.PERCENTAGE, rate="1.5")), "rate.out_of_range", "charges[0].rate"),
    (plan(usage(model=PricingModel.PERCENTAGE, rate="0.01", included="10")), "allowance.not_supported",
     "charges[0].included"),
    (plan(usage(model=PricingModel.PERCENTAGE, rate="0.01", min_fee="5", max_fee="2")), "percentage.min_above_max",
     "charges[0].max_fee"),
    (plan(monthly_fee("1"), price_lists=(PriceList("金卡", (PriceListEntry("nope", rate_off=D("0.1")),)),)),
     "price_list.unknown_charge", "price_lists[0].entries[0].charge"),
    (plan(monthly_fee("1"), price_lists=(PriceList("金卡", (PriceListEntry("base"),)),)),
     "price_list.needs_one", "price_lists[0].entries[0]"),
    (plan(monthly_fee("1"), price_lists=(PriceList("金卡"), PriceList("金卡"))),
     "price_list.duplicate_tier", "price_lists[1].tier"),
    (plan(usage("sms", PricingModel.GRADUATED, SMS, tiers=tiers(("0", None, "1"))),
          price_lists=(PriceList("金卡", (PriceListEntry("sms", unit_price=D(1)),)),)),
     "price_list.override_not_single_price", "price_lists[0].entries[0].unit_price"),
    (plan(monthly_fee("1"), discounts=(Discount("d", "d", DiscountKind.PERCENTAGE, D("0.1"),
                                                DiscountDuration.REPEATING),)),
     "discount.periods_required", "discounts[0].periods"),
    (plan(monthly_fee("1"), discounts=(Discount("d", "d", DiscountKind.FIXED, D("5"), periods=3),)),
     "discount.periods_not_allowed", "discounts[0].periods"),
    (plan(monthly_fee("1"), discounts=(Discount("d", "d", DiscountKind.FIXED, D("5"), charges=("x",)),)),
     "discount.unknown_charge", "discounts[0].charges[0]"),
    (plan(monthly_fee("1"), minimum_commitment=MinimumCommitment(D("0"), VOICE)), "amount.not_positive",
     "minimum_commitment.amount"),
    (plan(monthly_fee("1"), minimum_commitment=MinimumCommitment(D("10"), VOICE, ("x",))),
     "commitment.unknown_charge", "minimum_commitment.charges[0]"),
]


@pytest.mark.parametrize(("broken", "code", "path"), CASES, ids=[case[1] + ":" + case[2] for case in CASES])
def test_plan_problems(broken: PlanVersion, code: str, path: str) -> None:
    assert (code, path) in [(p.code, p.path) for p in plan_problems(broken)]
    assert code in PLAN_ERROR_CODES


def test_discount_problems_for_a_coupon() -> None:
    problems = discount_problems(Discount("", "x", DiscountKind.FIXED, D("-1")), "coupon")
    assert [(p.code, p.path) for p in problems] == [("code.empty", "coupon.code"), ("amount.negative", "coupon.value")]


def test_error_message_names_code_and_path() -> None:
    error = PlanInvalid("tiers.not_contiguous", "charges[2].tiers[1].start", expected="100")
    assert str(error) == "tiers.not_contiguous at charges[2].tiers[1].start (expected='100')"
