"""The calculator's integer paths give exactly what plain Decimal and Fraction arithmetic gives.

Each reference below is the straightforward computation a fast path replaced (Decimal ``quantize`` with
enough precision, Fraction products, the Decimal display rules); the properties compare values *and*
representations (``repr`` shows a Decimal's exponent), so "0.10" never silently becomes "0.1".
"""

from __future__ import annotations

import gc
import math
from dataclasses import dataclass
from decimal import ROUND_05UP, ROUND_HALF_EVEN, ROUND_HALF_UP, Context, Decimal
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pricing_samples import JANUARY, SERVICE, SMS, D, monthly_fee, tiers

from desktop_app.billing import validation
from desktop_app.billing.discounts import Discount, DiscountKind, discount_shares
from desktop_app.billing.errors import PlanInvalid
from desktop_app.billing.exact import display_decimal, display_price, to_money
from desktop_app.billing.identity_cache import IdentityCache
from desktop_app.billing.money import RoundingMode, from_fen, round_money, round_ratio, unit_price_from_int
from desktop_app.billing.plan import Direction, PlanVersion, PricingModel, Product, Tier, UsageCharge
from desktop_app.billing.price_input import PriceInput
from desktop_app.billing.pricing import price
from desktop_app.billing.quote import LineKind, QuoteLine, subtotals
from desktop_app.billing.tax import split_exclusive, split_inclusive
from desktop_app.billing.tiers import graduated, package, volume, volume_amount
from desktop_app.billing.usage import rate_usage

F = Fraction
MODES = st.sampled_from(list(RoundingMode))
_ROUNDING = {RoundingMode.HALF_UP: ROUND_HALF_UP, RoundingMode.HALF_EVEN: ROUND_HALF_EVEN}

# --- references: plain Decimal arithmetic -------------------------------------------------------


def reference_round_money(amount: Decimal, mode: RoundingMode) -> Decimal:
    result = amount.quantize(Decimal("0.01"), rounding=_ROUNDING[mode],
                             context=Context(prec=max(28, amount.adjusted() + 4)))
    return result.copy_abs() if result.is_zero() else result


def sticky(value: Fraction) -> Decimal:
    """Many digits below the fen, rounded so that no false tie appears (ROUND_05UP)."""
    context = Context(prec=len(str(abs(value.numerator) // value.denominator)) + 20, rounding=ROUND_05UP)
    return context.divide(Decimal(value.numerator), Decimal(value.denominator))


def reference_to_money(value: Fraction, mode: RoundingMode) -> Decimal:
    return reference_round_money(sticky(value), mode)


def reference_display(value: Fraction) -> Decimal:
    scaled = value * 10**6
    if scaled.denominator == 1:
        text = format(Decimal(scaled.numerator).scaleb(-6), "f")
        return Decimal(text.rstrip("0").rstrip(".") if "." in text else text)
    return sticky(value).quantize(Decimal("0.000001"), rounding=ROUND_HALF_UP)


def reference_unit_price(millionths: int) -> Decimal:
    """Stored millionths of a yuan as a Decimal with 2 to 6 places, digit by digit."""
    coefficient, exponent = list(map(int, str(abs(millionths)))), -6
    while exponent < -2 and len(coefficient) > 1 and coefficient[-1] == 0:
        coefficient.pop()
        exponent += 1
    if coefficient == [0]:
        exponent = -2
    return Decimal((int(millionths < 0), tuple(coefficient), exponent))


def reference_price(value: Fraction) -> Decimal:
    return reference_unit_price(int(reference_display(value).scaleb(6, Context(prec=100))))


def same(a: object, b: object) -> None:
    assert repr(a) == repr(b)


fractions = st.one_of(
    st.builds(F, st.integers(-(10**15), 10**15), st.integers(1, 10**9)),
    st.builds(lambda n, places: F(n, 10**places), st.integers(-(10**12), 10**12), st.integers(0, 8)),
    st.builds(lambda k: F(2 * k + 1, 200), st.integers(-(10**6), 10**6)),  # fen ties
    st.builds(lambda k: F(2 * k + 1, 2 * 10**6), st.integers(-(10**6), 10**6)),  # ties at the 7th place
)
decimals = st.builds(lambda n, e: Decimal(n).scaleb(e), st.integers(-(10**30), 10**30), st.integers(-40, 8))

# --- rounding, conversion, display --------------------------------------------------------------


@given(decimals, MODES)
def test_round_money_is_decimal_quantize(amount: Decimal, mode: RoundingMode) -> None:
    same(round_money(amount, mode), reference_round_money(amount, mode))


@given(fractions, MODES)
def test_to_money_and_round_ratio_are_the_exact_rounding(value: Fraction, mode: RoundingMode) -> None:
    same(to_money(value, mode), reference_to_money(value, mode))
    assert from_fen(round_ratio(value.numerator * 100, value.denominator, mode)) == to_money(value, mode)


def test_round_ratio_is_symmetric_and_refuses_unknown_modes() -> None:
    assert [round_ratio(n, 2) for n in (-3, -1, 1, 3)] == [-2, -1, 1, 2]
    assert [round_ratio(n, 2, RoundingMode.HALF_EVEN) for n in (-3, -1, 1, 3)] == [-2, 0, 0, 2]
    with pytest.raises(KeyError):
        round_ratio(1, 2, "up")  # type: ignore[arg-type]


@given(fractions)
def test_display_is_the_decimal_display(value: Fraction) -> None:
    same(display_decimal(value), reference_display(value))
    same(display_price(value), reference_price(value))


@pytest.mark.parametrize("value", [F(-1, 3 * 10**7), F(5, 10**7), F(10**21), F(10**30, 7), F(0), F(-5, 2)])
def test_display_edges(value: Fraction) -> None:
    for ours, theirs in ((display_decimal, reference_display), (display_price, reference_price)):
        try:
            expected: object = theirs(value)
        except ArithmeticError as error:  # beyond 28 digits the Decimal display refuses, and so do we
            with pytest.raises(type(error)):
                ours(value)
        else:
            same(ours(value), expected)


@given(st.integers(-(10**40), 10**40))
def test_from_fen_and_unit_prices_keep_every_digit(fen: int) -> None:
    same(from_fen(fen), Decimal((int(fen < 0), tuple(map(int, str(abs(fen)))), -2)))
    same(unit_price_from_int(fen), reference_unit_price(fen))


# --- tax -----------------------------------------------------------------------------------------


@given(st.integers(-(10**14), 10**14), st.sampled_from(["0.13", "0.09", "0.06", "0.03", "0.01", "0", "0.0125"]), MODES)
def test_tax_is_the_exact_ratio_rounded_once(fen: int, rate_text: str, mode: RoundingMode) -> None:
    amount, rate = from_fen(fen), Decimal(rate_text)
    inclusive = split_inclusive(amount, rate, mode)
    same(inclusive.tax, reference_to_money(F(amount) * F(rate) / (1 + F(rate)), mode))
    same(inclusive.net, from_fen(fen - round(inclusive.tax * 100)))
    exclusive = split_exclusive(amount, rate, mode)
    same(exclusive.tax, reference_to_money(F(amount) * F(rate), mode))


# --- pricing models: references in Fractions ------------------------------------------------------


@dataclass(frozen=True)
class Part:
    quantity: Fraction
    unit_price: Fraction | None
    amount: Fraction
    tier: int | None = None
    flat_fee: bool = False


def reference_graduated(table: tuple[Tier, ...], low: Fraction, high: Fraction, factor: Fraction) -> list[Part]:
    parts = []
    for number, tier in enumerate(table, start=1):
        start, up_to = F(tier.start), None if tier.up_to is None else F(tier.up_to)
        inside = (high if up_to is None else min(high, up_to)) - max(low, start)
        unit = F(tier.unit_price) * factor
        if inside > 0:
            parts.append(Part(inside, unit, inside * unit, number))
        if tier.flat_fee and low <= start < high:
            parts.append(Part(F(1), F(tier.flat_fee) * factor, F(tier.flat_fee) * factor, number, True))
    return parts


def reached(table: tuple[Tier, ...], quantity: Fraction) -> tuple[int, Tier]:
    return next((n, t) for n, t in enumerate(table, start=1) if t.up_to is None or quantity <= F(t.up_to))


def reference_volume_amount(table: tuple[Tier, ...], quantity: Fraction, factor: Fraction) -> Fraction:
    if quantity <= 0:
        return F(0)
    tier = reached(table, quantity)[1]
    return (quantity * F(tier.unit_price) + F(tier.flat_fee)) * factor


def reference_volume(table: tuple[Tier, ...], low: Fraction, high: Fraction, factor: Fraction) -> list[Part]:
    if high == low:
        return []
    number, tier = reached(table, high)
    unit, fee = F(tier.unit_price) * factor, F(tier.flat_fee) * factor
    if low == 0:
        return [Part(high, unit, high * unit, number)] + ([Part(F(1), fee, fee, number, True)] if fee else [])
    amount = reference_volume_amount(table, high, factor) - reference_volume_amount(table, low, factor)
    return [Part(high - low, unit if reached(table, low)[0] == number else None, amount, number)]


def as_parts(parts: list) -> list[Part]:  # type: ignore[type-arg]
    return [Part(p.quantity, p.unit_price, p.amount, p.tier, p.flat_fee) for p in parts]


@st.composite
def tier_tables(draw: st.DrawFn) -> tuple[Tier, ...]:
    widths = draw(st.lists(st.sampled_from([F(1), F(1, 2), F(10), F(1000), F(7, 4), F(250)]), max_size=4))
    bounds = [F(0)]
    for width in widths:
        bounds.append(bounds[-1] + width)
    rows = []
    for index, start in enumerate(bounds):
        up_to = bounds[index + 1] if index + 1 < len(bounds) else None
        unit = Decimal(draw(st.integers(0, 10**7))).scaleb(-draw(st.integers(0, 6)))
        fee = draw(st.sampled_from([D("0"), D("5.00"), D("0.01")]))
        rows.append(Tier(Decimal(start.numerator) / start.denominator,
                         None if up_to is None else Decimal(up_to.numerator) / up_to.denominator, unit, fee))
    return tuple(rows)


quantities = st.one_of(st.integers(0, 20000).map(F),
                       st.builds(F, st.integers(0, 10**7), st.sampled_from([1, 60, 1024, 3])))
factors = st.sampled_from([F(1), F(9, 10), F(2, 3), F(0), F(666667, 1000000)])


@given(tier_tables(), quantities, quantities, factors)
def test_tier_models_equal_fraction_arithmetic(table: tuple[Tier, ...], a: Fraction, b: Fraction, factor: Fraction
                                               ) -> None:
    low, high = sorted((a, b))
    for start in (low, F(0)):  # a later bill of the period, and a whole period
        assert as_parts(graduated(table, start, high, factor)) == reference_graduated(table, start, high, factor)
        assert as_parts(volume(table, start, high, factor)) == reference_volume(table, start, high, factor)
    assert volume_amount(table, high, factor) == reference_volume_amount(table, high, factor)


@given(quantities, quantities, st.sampled_from([F(100), F(7), F(1, 2), F(1000)]), st.sampled_from(list(Direction)))
def test_package_equals_fraction_arithmetic(a: Fraction, b: Fraction, size: Fraction, rounding: Direction) -> None:
    low, high = sorted((a, b))

    def count(quantity: Fraction) -> int:
        blocks = quantity / size
        return {Direction.UP: math.ceil(blocks), Direction.DOWN: math.floor(blocks)}.get(
            rounding, math.floor(blocks + F(1, 2)))

    expected = count(high) - count(low)
    assert as_parts(package(F(3, 2), size, rounding, low, high)) == (
        [Part(F(expected), F(3, 2), expected * F(3, 2))] if expected else [])


@settings(max_examples=200)
@given(tier_tables(), st.integers(0, 10**6), st.integers(0, 3000), st.sampled_from(["60", "1", "0.5", "1024"]),
       st.sampled_from(["0", "500", "1.5"]), factors, st.sampled_from([PricingModel.GRADUATED, PricingModel.VOLUME]))
def test_rate_usage_equals_fraction_arithmetic(table: tuple[Tier, ...], used: int, prior: int, unit_size: str,
                                               included: str, factor: Fraction, model: PricingModel) -> None:
    charge = UsageCharge("u", "u", SMS, meter="u", model=model, unit_size=D(unit_size), included=D(included),
                         tiers=table)
    rated = rate_usage(charge, Decimal(used), Decimal(prior), factor=factor)
    quantity, allowance = F(used) / F(D(unit_size)), F(D(included))
    low, high = max(F(0), prior - allowance), max(F(0), prior + quantity - allowance)
    reference = (reference_graduated if model is PricingModel.GRADUATED else reference_volume)(table, low, high, factor)
    assert (rated.quantity, rated.included, rated.billable) == (quantity, quantity - (high - low), high - low)
    assert as_parts(list(rated.parts)) == reference


@given(st.lists(st.integers(0, 10**8), max_size=5), st.sampled_from(["0.1", "0.333", "1", "0.05", "0"]), MODES)
def test_percentage_discount_shares_equal_fraction_arithmetic(bases_fen: list[int], value: str, mode: RoundingMode
                                                              ) -> None:
    bases = [from_fen(fen) for fen in bases_fen]
    shares = discount_shares(Discount("d", "d", DiscountKind.PERCENTAGE, D(value)), bases, mode)
    for base, share in zip(bases, shares, strict=True):
        same(share, min(base, reference_to_money(F(base) * F(D(value)), mode)))


# --- grouping, caches -----------------------------------------------------------------------------


def test_subtotals_group_equal_rates_once_in_order() -> None:
    def line(rate: str | None, fen: int) -> QuoteLine:
        value = from_fen(fen)
        return QuoteLine(LineKind.USAGE, "c", "c", "p", JANUARY, D(1), "", None, value,
                         None if rate is None else D(rate), from_fen(0), value)

    result = subtotals([line("0.060", 100), line(None, 7), line("0.09", 5), line("0.06", 200), line("0", 1)])
    assert [(str(s.tax_rate), str(s.gross)) for s in result] == [
        ("0.09", "0.05"), ("0.060", "3.00"), ("0", "0.01"), ("None", "0.07")]


def test_identity_cache_keeps_values_while_the_object_lives() -> None:
    calls: list[int] = []

    @dataclass(frozen=True)
    class Key:
        value: int

    cache: IdentityCache[Key, int] = IdentityCache(lambda key: calls.append(key.value) or key.value * 2)
    first, twin = Key(1), Key(1)
    assert cache(first) == cache(first) == 2 and calls == [1]
    assert cache(twin) == 2 and calls == [1, 1]  # equal but not the same object: its own entry
    del first, twin
    gc.collect()
    assert len(cache) == 0


def test_a_plan_object_is_validated_once_and_an_invalid_one_every_time(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []
    original = validation.plan_problems

    def counting(plan: PlanVersion) -> list[PlanInvalid]:
        calls.append(plan.code)
        return original(plan)

    monkeypatch.setattr(validation, "plan_problems", counting)
    good = PlanVersion("good", "好", (monthly_fee("99.00"),))
    given_input = PriceInput(JANUARY)
    assert price(good, given_input) == price(good, given_input)
    assert calls == ["good"]
    bad = PlanVersion("bad", "坏", (monthly_fee("-1.00"),))
    for _ in range(2):
        with pytest.raises(PlanInvalid):
            price(bad, given_input)
    assert calls == ["good", "bad", "bad"]


def test_quotes_of_one_plan_object_do_not_leak_into_each_other() -> None:
    plan = PlanVersion("p", "p", (monthly_fee("99.00", SERVICE),
                                  UsageCharge("sms", "短信", Product("sms", "短信", "条", D("0.06")), meter="sms",
                                              model=PricingModel.GRADUATED,
                                              tiers=tiers(("0", "100", "0.10"), ("100", None, "0.05")))))
    first = price(plan, PriceInput(JANUARY, usage={"sms": D(150)}))
    price(plan, PriceInput(JANUARY, usage={"sms": D(7)}, membership_tier="金卡"))
    assert price(plan, PriceInput(JANUARY, usage={"sms": D(150)})) == first
    assert [str(line.gross) for line in first.lines] == ["99.00", "10.00", "2.50"]
