"""Property tests (hypothesis) of the pricing engine: whole fen, exact sums, allowance once, no float."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pricing_samples import JANUARY, SERVICE

from desktop_app.billing.discounts import CouponRedemption, Discount, DiscountKind, PriceList, PriceListEntry
from desktop_app.billing.exact import exact, to_money
from desktop_app.billing.money import round_money
from desktop_app.billing.plan import (
    Charge,
    Direction,
    PlanVersion,
    PricingModel,
    Product,
    RecurringCharge,
    SeatCharge,
    Tier,
    UsageCharge,
)
from desktop_app.billing.price_input import PriceInput
from desktop_app.billing.pricing import price
from desktop_app.billing.quote import LineKind, Quote
from desktop_app.billing.tax import STANDARD_RATES
from desktop_app.billing.tiers import graduated
from desktop_app.billing.usage import UsageRecord, rate_usage

# --- strategies ---------------------------------------------------------------------------------

# Small values often: the fen edge cases live there.
unit_prices = st.one_of(st.integers(0, 200_000), st.integers(0, 10**9)).map(lambda n: Decimal(n).scaleb(-6))
fees = st.one_of(st.integers(0, 20), st.integers(0, 10**7)).map(lambda n: Decimal(n).scaleb(-2))
quantities = st.integers(0, 10**6).map(Decimal)
tax_rates = st.sampled_from([*STANDARD_RATES, None])


@st.composite
def tier_tables(draw: st.DrawFn) -> tuple[Tier, ...]:
    widths = draw(st.lists(st.integers(1, 5000), min_size=0, max_size=4))
    bounds = [0]
    for width in widths:
        bounds.append(bounds[-1] + width)
    rows = []
    for index, start in enumerate(bounds):
        up_to = Decimal(bounds[index + 1]) if index + 1 < len(bounds) else None
        flat_fee = draw(st.sampled_from([Decimal(0), Decimal("5.00")]))
        rows.append(Tier(Decimal(start), up_to, draw(unit_prices), flat_fee))
    return tuple(rows)


@st.composite
def usage_charges(draw: st.DrawFn, code: str = "use") -> UsageCharge:
    model = draw(st.sampled_from([PricingModel.PER_UNIT, PricingModel.GRADUATED, PricingModel.VOLUME,
                                  PricingModel.PACKAGE]))
    product = Product("p" + code, "用量", "个", draw(tax_rates))
    included = Decimal(draw(st.integers(0, 2000)))
    if model in (PricingModel.GRADUATED, PricingModel.VOLUME):
        return UsageCharge(code, code, product, meter=code, model=model, included=included, tiers=draw(tier_tables()))
    if model is PricingModel.PACKAGE:
        return UsageCharge(code, code, product, meter=code, model=model, included=included, unit_price=draw(fees),
                           package_size=Decimal(draw(st.integers(1, 1000))),
                           package_rounding=draw(st.sampled_from(list(Direction))))
    return UsageCharge(code, code, product, meter=code, model=model, included=included, unit_price=draw(unit_prices))


@st.composite
def plans_and_inputs(draw: st.DrawFn) -> tuple[PlanVersion, PriceInput]:
    charges: list[Charge] = [
        RecurringCharge("base", "月租", Product("pb", "服务", "月", draw(tax_rates)), draw(unit_prices)),
        SeatCharge("seat", "用户", Product("ps", "用户", "个", draw(tax_rates)), draw(unit_prices)),
        draw(usage_charges("u1")),
        draw(usage_charges("u2")),
    ]
    rate_off = draw(st.sampled_from([None, Decimal("0.1"), Decimal("0.15"), Decimal("0.333333")]))
    price_lists = () if rate_off is None else (PriceList("金卡", (PriceListEntry("base", rate_off=rate_off),)),)
    plan = PlanVersion("p", "套餐", tuple(charges), tax_inclusive=draw(st.booleans()), price_lists=price_lists)
    percent = st.builds(lambda v: Discount("pct", "折扣", DiscountKind.PERCENTAGE, Decimal(v).scaleb(-2)),
                        st.integers(0, 100))
    fixed = st.builds(lambda v: Discount("fix", "立减", DiscountKind.FIXED, v), fees)
    coupons = draw(st.lists(st.one_of(percent, fixed), max_size=2))
    given_input = PriceInput(
        JANUARY,
        service_from=JANUARY.start + timedelta(days=draw(st.integers(0, 30))),
        seats=draw(st.integers(0, 500)),
        usage={"u1": draw(quantities), "u2": draw(quantities)},
        membership_tier="金卡",
        coupons=tuple(CouponRedemption(coupon) for coupon in coupons),
        credit_balance=draw(fees),
        wallet_balance=draw(fees),
    )
    return plan, given_input


def whole_fen(value: Decimal) -> bool:
    return value.as_tuple().exponent == -2


def all_amounts(quote: Quote) -> list[Decimal]:
    values = [quote.total_net, quote.total_tax, quote.total_gross, quote.credit_applied, quote.wallet_applied,
              quote.amount_due]
    for line in quote.lines:
        values += [line.net, line.tax, line.gross]
    for subtotal in quote.subtotals:
        values += [subtotal.net, subtotal.tax, subtotal.gross]
    return values


# --- properties of whole quotes -----------------------------------------------------------------


@settings(max_examples=300, deadline=None)
@given(plans_and_inputs())
def test_quote_invariants(case: tuple[PlanVersion, PriceInput]) -> None:
    plan, given_input = case
    quote = price(plan, given_input)
    assert all(whole_fen(value) for value in all_amounts(quote))
    for line in quote.lines:
        assert line.net + line.tax == line.gross
        if line.tax_rate is None:
            assert line.tax == 0
        else:  # the tax platform's tolerance per line
            assert abs(line.tax - line.net * line.tax_rate) <= Decimal("0.01")
    assert quote.total_net == sum((line.net for line in quote.lines), Decimal("0.00"))
    assert quote.total_tax == sum((line.tax for line in quote.lines), Decimal("0.00"))
    assert quote.total_gross == sum((line.gross for line in quote.lines), Decimal("0.00"))
    assert sum((s.gross for s in quote.subtotals), Decimal("0.00")) == quote.total_gross
    assert sum((s.tax for s in quote.subtotals), Decimal("0.00")) == quote.total_tax
    # Discounts never take a line below zero, so never a total.
    basis = "gross" if plan.tax_inclusive else "net"
    for index, line in enumerate(quote.lines):
        if line.kind is not LineKind.DISCOUNT:
            followers = [d for d in quote.lines if d.discounted_line == index]
            assert len(followers) <= 1 and all(d.kind is LineKind.DISCOUNT for d in followers)
            assert getattr(line, basis) + sum(getattr(d, basis) for d in followers) >= 0
            assert line.tax + sum(d.tax for d in followers) >= 0
    assert quote.total_gross >= 0 and quote.total_net >= 0 and quote.total_tax >= 0
    assert 0 <= quote.amount_due == quote.total_gross - quote.credit_applied - quote.wallet_applied
    assert quote.credit_applied <= given_input.credit_balance and quote.wallet_applied <= given_input.wallet_balance


# --- graduated = sum of its tier parts ----------------------------------------------------------


def independent_graduated(table: tuple[Tier, ...], quantity: Fraction) -> Fraction:
    total = Fraction(0)
    for tier in table:
        start = exact(tier.start)
        end = quantity if tier.up_to is None else min(quantity, exact(tier.up_to))
        if end > start:
            total += (end - start) * exact(tier.unit_price) + exact(tier.flat_fee)
    return total


@given(tier_tables(), st.integers(0, 30000), st.integers(0, 30000))
def test_graduated_total_is_the_sum_of_its_tier_parts(table: tuple[Tier, ...], a: int, b: int) -> None:
    low, high = sorted((Fraction(a), Fraction(b)))
    whole = graduated(table, Fraction(0), high)
    assert sum((part.amount for part in whole), Fraction(0)) == independent_graduated(table, high)
    split = graduated(table, Fraction(0), low) + graduated(table, low, high)
    assert sum((part.amount for part in split), Fraction(0)) == independent_graduated(table, high)


@given(tier_tables(), st.integers(1, 30000), tax_rates, st.booleans())
def test_graduated_quote_lines_add_up_to_the_rounded_parts(
    table: tuple[Tier, ...], quantity: int, rate: Decimal | None, inclusive: bool
) -> None:
    charge = UsageCharge("sms", "短信", Product("sms", "短信", "条", rate), meter="sms",
                         model=PricingModel.GRADUATED, tiers=table)
    plan = PlanVersion("p", "p", (charge,), tax_inclusive=inclusive)
    quote = price(plan, PriceInput(JANUARY, usage={"sms": Decimal(quantity)}))
    parts = graduated(table, Fraction(0), Fraction(quantity))
    basis = "gross" if inclusive else "net"
    assert [getattr(line, basis) for line in quote.lines] == [to_money(part.amount) for part in parts]


# --- a period billed in two parts never charges the allowance twice ------------------------------


@given(usage_charges(), st.integers(0, 20000), st.integers(0, 20000))
def test_splitting_usage_never_charges_the_allowance_twice(charge: UsageCharge, q1: int, q2: int) -> None:
    first = rate_usage(charge, Decimal(q1))
    second = rate_usage(charge, Decimal(q2), prior=Decimal(q1))
    whole = rate_usage(charge, Decimal(q1 + q2))
    allowance = exact(charge.included)
    assert first.included + second.included == whole.included == min(allowance, Fraction(q1 + q2))
    assert first.billable + second.billable == whole.billable == max(Fraction(0), q1 + q2 - allowance)
    amount = sum((p.amount for p in first.parts + second.parts), Fraction(0))
    assert amount == sum((p.amount for p in whole.parts), Fraction(0))


@settings(deadline=None)
@given(st.integers(0, 3000), st.integers(0, 3000), st.integers(0, 2000), st.integers(1, 30))
def test_two_quotes_in_one_period_share_one_allowance(q1: int, q2: int, included: int, split_day: int) -> None:
    charge = UsageCharge("calls", "通话", Product("v", "语音", "分钟", Decimal("0.09")), meter="calls",
                         model=PricingModel.PER_UNIT, unit_price=Decimal("0.10"), included=Decimal(included))
    plan = PlanVersion("p", "p", (charge,))
    day = date(2025, 1, 1) + timedelta(days=split_day)
    first = price(plan, PriceInput(JANUARY, usage={"calls": Decimal(q1)}, service_to=day))
    second = price(plan, PriceInput(JANUARY, usage={"calls": Decimal(q2)}, service_from=day,
                                    prior_usage={"calls": Decimal(q1)}))
    used = first.usage[0].included + second.usage[0].included
    assert used == min(included, q1 + q2)
    billed = first.usage[0].billable + second.usage[0].billable
    assert billed == max(0, q1 + q2 - included)


# --- no float on the money path -----------------------------------------------------------------

floats = st.floats(allow_nan=False, allow_infinity=False, min_value=0, max_value=1e6)


@given(floats)
def test_float_is_refused_everywhere(value: float) -> None:
    with pytest.raises(TypeError):
        round_money(value)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        exact(value)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        to_money(value)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        PriceInput(JANUARY, usage={"calls": value})  # type: ignore[dict-item]
    with pytest.raises(TypeError):
        PriceInput(JANUARY, credit_balance=value)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        UsageRecord(value)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        Tier(Decimal(0), None, value)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        RecurringCharge("base", "月租", SERVICE, value)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        Product("x", "x", "个", value)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        Discount("c", "c", DiscountKind.PERCENTAGE, value)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        rate_usage(UsageCharge("u", "u", SERVICE, meter="u", model=PricingModel.PER_UNIT, unit_price=Decimal(1)),
                   value)  # type: ignore[arg-type]
