"""The price calculator on SQLite, PostgreSQL and MariaDB: the engine's own answer for stored versions and
unsaved drafts, coupons from the catalog, bad input named by its field."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from catalog_samples import packs, seed_products, usage_plan

from desktop_app.billing.discounts import CouponRedemption
from desktop_app.billing.periods import Period
from desktop_app.billing.plan_json import discount_from_dict, from_dict
from desktop_app.billing.price_input import PriceInput
from desktop_app.billing.pricing import price
from desktop_app.errors import DomainError, PermissionDenied, ValidationFailed
from desktop_app.messages import describe
from desktop_app.services.calculator import CalculatorInput, quote_definition, quote_version
from desktop_app.services.catalog import CouponInfo, save_coupon, set_coupon_active
from desktop_app.services.plans import create_plan, get_version

D = Decimal
JANUARY = Period(date(2025, 1, 1), date(2025, 2, 1))


def test_the_cny_examples_are_the_engines_lines_and_totals(admin_context) -> None:  # type: ignore[no-untyped-def]
    seed_products(admin_context)
    _, draft, _ = create_plan(admin_context, "packs", "通信套餐", "", packs())
    quote = quote_version(admin_context, draft.id, CalculatorInput(JANUARY.start, JANUARY.end))
    engine = price(from_dict(get_version(admin_context, draft.id).definition), PriceInput(period=JANUARY))
    assert quote == engine
    assert [(line.description, line.gross, line.tax, line.net) for line in quote.lines] == [
        ("语音包", D("99.00"), D("8.17"), D("90.83")),
        ("短信包", D("30.00"), D("1.70"), D("28.30")),
        ("流量包", D("10.00"), D("0.57"), D("9.43")),
    ]
    assert (quote.total_gross, quote.total_tax, quote.total_net) == (D("139.00"), D("10.44"), D("128.56"))
    assert quote_definition(admin_context, packs(), CalculatorInput(JANUARY.start, JANUARY.end)).lines == quote.lines


def test_usage_seats_tier_and_coupon_as_the_engine_prices_them(admin_context) -> None:  # type: ignore[no-untyped-def]
    seed_products(admin_context)
    coupon, _ = save_coupon(admin_context, CouponInfo(0, "NEW50", "新客立减", {
        "kind": "fixed", "value": "50.00", "duration": "once", "charges": ["seat"]}))
    question = CalculatorInput(JANUARY.start, JANUARY.end, seats=25,
                               usage=(("call_seconds", D(44040)), ("sms", D(1000)), ("sms", D(500))),
                               membership_tier="金卡", coupon_codes=("NEW50",), wallet_balance=D("100.00"))
    quote = quote_definition(admin_context, usage_plan(), question)
    _, draft, _ = create_plan(admin_context, "usage", "按量套餐", "", usage_plan())
    plan = from_dict(draft.definition)
    engine = price(plan, PriceInput(period=JANUARY, seats=25, usage={"call_seconds": D(44040), "sms": D(1500)},
                                    membership_tier="金卡", wallet_balance=D("100.00"),
                                    coupons=(CouponRedemption(discount_from_dict(coupon.discount)),)))
    assert quote.lines == engine.lines and quote.subtotals == engine.subtotals
    assert (quote.total_gross, quote.total_tax, quote.amount_due) == (engine.total_gross, engine.total_tax,
                                                                       engine.amount_due)
    assert quote_version(admin_context, draft.id, question) == engine
    by_charge = {(line.charge, line.tier): line for line in quote.lines if line.kind != "discount"}
    assert by_charge[("base", None)].gross == D("89.10")  # 金卡 10 % off
    assert by_charge[("seat", None)].gross == D("750.00")
    assert by_charge[("setup", None)].gross == D("200.00")  # one-time, first period
    assert by_charge[("calls", None)].gross == D("23.40")  # 734 minutes - 500 included
    assert [by_charge[("texts", tier)].gross for tier in (1, 2)] == [D("50.00"), D("20.00")]
    assert any(line.gross == D("-50.00") for line in quote.lines)
    assert quote.wallet_applied == D("100.00")
    without_setup = quote_version(admin_context, draft.id, CalculatorInput(JANUARY.start, JANUARY.end, one_time=False))
    assert "setup" not in {line.charge for line in without_setup.lines}


def test_bad_input_is_a_sentence_with_the_field(admin_context) -> None:  # type: ignore[no-untyped-def]
    seed_products(admin_context)
    _, draft, _ = create_plan(admin_context, "usage", "按量套餐", "", usage_plan())
    with pytest.raises(DomainError) as caught:
        quote_version(admin_context, draft.id, CalculatorInput(JANUARY.start, JANUARY.end, modules=("crm_pro",)))
    error = caught.value
    assert (error.code, error.params["path"], error.params["problem_code"]) == (
        "plan.input_invalid", "modules[crm_pro]", "plan.input.unknown_module")
    assert describe(error) == ('The calculator cannot price this (modules[crm_pro]): The plan has no module or '
                               'bundle "crm_pro". Switch it off.')
    with pytest.raises(DomainError) as caught:
        quote_version(admin_context, draft.id, CalculatorInput(JANUARY.start, JANUARY.end, seats=-1))
    assert caught.value.params["problem_code"] == "plan.input.seats_negative"
    with pytest.raises(ValidationFailed) as period:
        quote_version(admin_context, draft.id, CalculatorInput(JANUARY.end, JANUARY.start))
    assert period.value.code == "calculator.period_invalid"
    with pytest.raises(DomainError) as coupon:
        quote_version(admin_context, draft.id, CalculatorInput(JANUARY.start, JANUARY.end, coupon_codes=("NOPE",)))
    assert (coupon.value.code, coupon.value.params["coupon"]) == ("coupon.unknown", "NOPE")
    saved, _ = save_coupon(admin_context, CouponInfo(0, "OLD", "旧券", {"kind": "fixed", "value": "1.00"}))
    set_coupon_active(admin_context, saved.id, False, saved.version)
    with pytest.raises(DomainError) as coupon:
        quote_version(admin_context, draft.id, CalculatorInput(JANUARY.start, JANUARY.end, coupon_codes=("OLD",)))
    assert coupon.value.code == "coupon.unknown"
    bad = usage_plan()
    bad["charges"][4]["tiers"][1]["start"] = "900"
    with pytest.raises(DomainError) as caught:
        quote_definition(admin_context, bad, CalculatorInput(JANUARY.start, JANUARY.end))
    assert (caught.value.code, caught.value.params["path"]) == ("plan.definition_invalid",
                                                                "charges[4].tiers[1].start")
    with pytest.raises(DomainError) as missing:
        quote_version(admin_context, draft.id + 99, CalculatorInput(JANUARY.start, JANUARY.end))
    assert missing.value.code == "record.not_found"


def test_anyone_who_sees_products_may_calculate(org) -> None:  # type: ignore[no-untyped-def]
    from desktop_app.services.access import Access
    from desktop_app.services.context import Actor, Context

    admin, sales = org["contexts"]["admin"], org["contexts"]["north1"]
    seed_products(admin)
    _, draft, _ = create_plan(admin, "packs", "通信套餐", "", packs())
    question = CalculatorInput(JANUARY.start, JANUARY.end)
    assert quote_version(sales, draft.id, question).total_gross == D("139.00")
    nobody = Context(admin.database, Actor(None, "nobody", "Nobody", Access()))
    for attempt in (lambda: quote_version(nobody, draft.id, question),
                    lambda: quote_definition(nobody, packs(), question)):
        with pytest.raises(PermissionDenied):
            attempt()


def test_a_top_up_bought_in_the_calculator_is_the_engines_wallet_credit(admin_context) -> None:  # type: ignore[no-untyped-def]
    seed_products(admin_context)
    definition = {"charges": [*packs()["charges"],
                              {"kind": "top_up", "code": "p500", "name": "充500送50", "product": "prepaid",
                               "price": "500.00", "bonus": "50.00"}]}
    question = CalculatorInput(JANUARY.start, JANUARY.end, top_ups=("p500",))
    quote = quote_definition(admin_context, definition, question)
    _, draft, _ = create_plan(admin_context, "prepaid", "预付套餐", "", definition)
    engine = price(from_dict(draft.definition), PriceInput(period=JANUARY, top_ups=("p500",)))
    assert (quote.lines, quote.wallet_credits, quote.amount_due) == (engine.lines, engine.wallet_credits,
                                                                      engine.amount_due)
    assert quote_version(admin_context, draft.id, question) == engine
    top_up = next(line for line in quote.lines if line.charge == "p500")
    assert (top_up.gross, top_up.tax) == (D("500.00"), D("0.00"))  # exempt: a prepayment, not a sale
    assert sum(credit.credit for credit in quote.wallet_credits) == D("550.00")
    assert "p500" not in {line.charge for line in quote_definition(admin_context, definition, CalculatorInput(
        JANUARY.start, JANUARY.end)).lines}
