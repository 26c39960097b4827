"""Unit tests for the small pieces under the calculator: exact rounding, allocation, wallet, type checks."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pricing_samples import PREPAID, SERVICE, D

from desktop_app.billing.discounts import Discount, DiscountKind, allocate_fen, discount_shares
from desktop_app.billing.exact import display_decimal, display_price, to_money
from desktop_app.billing.money import RoundingMode
from desktop_app.billing.periods import Interval
from desktop_app.billing.plan import BundleCharge, PlanVersion, RecurringCharge, TopUpCharge
from desktop_app.billing.wallet import WalletDraw, WalletLot, draw_wallet, top_up_credit, usable_balance

F = Fraction

# --- exact rounding ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "half_up", "half_even"),
    [
        (F(615, 1000), "0.62", "0.62"),
        (F(2665, 1000), "2.67", "2.66"),
        (F(99 * 17, 31), "54.29", "54.29"),
        (F(1, 3), "0.33", "0.33"),
        (F(-2665, 1000), "-2.67", "-2.66"),
        (F(5, 1000) * 1000, "5.00", "5.00"),
        (F(10**20 + 5, 1000), "100000000000000000.01", "100000000000000000.00"),
    ],
)
def test_to_money_recognises_ties_exactly(value: Fraction, half_up: str, half_even: str) -> None:
    assert str(to_money(value)) == half_up
    assert str(to_money(value, RoundingMode.HALF_EVEN)) == half_even


@given(st.integers(-(10**12), 10**12), st.integers(1, 10**6))
def test_to_money_matches_rational_half_up(numerator: int, denominator: int) -> None:
    value = F(numerator, denominator)
    fen = value * 100
    sign = -1 if fen < 0 else 1
    whole, rest = divmod(abs(fen.numerator), fen.denominator)
    expected = sign * (whole + (1 if 2 * rest >= fen.denominator else 0))
    assert to_money(value) == Decimal(expected).scaleb(-2)


@pytest.mark.parametrize(
    ("value", "quantity", "price"),
    [(F(11, 10), "1.1", "1.10"), (F(7, 60), "0.116667", "0.116667"), (F(300), "300", "300.00"),
     (F(15, 10000), "0.0015", "0.0015"), (F(891, 10), "89.1", "89.10")],
)
def test_display(value: Fraction, quantity: str, price: str) -> None:
    assert str(display_decimal(value)) == quantity
    assert str(display_price(value)) == price


# --- discounts ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("total", "bases", "shares"),
    [
        (1000, [3000, 1000], [750, 250]),
        (100, [1, 1, 1], [1, 1, 1]),
        (2, [1, 1, 1], [1, 1, 0]),
        (4300, [9900, 3000], [3300, 1000]),
        (5, [0, 10], [0, 5]),
        (0, [10], [0]),
    ],
)
def test_allocate_fen(total: int, bases: list[int], shares: list[int]) -> None:
    assert allocate_fen(total, bases) == shares


@given(st.integers(0, 10**7), st.lists(st.integers(0, 10**6), min_size=1, max_size=6))
def test_allocation_is_whole_capped_and_complete(total: int, bases: list[int]) -> None:
    shares = allocate_fen(total, bases)
    assert sum(shares) == min(total, sum(bases))
    assert all(0 <= share <= base for share, base in zip(shares, bases, strict=True))


def test_percentage_discount_rounds_per_line() -> None:
    discount = Discount("c", "c", DiscountKind.PERCENTAGE, D("0.15"))
    assert discount_shares(discount, [D("10.10"), D("0.03")]) == [D("1.52"), D("0.00")]


# --- wallet -------------------------------------------------------------------------------------


def test_top_up_credit_with_bonus_and_expiry() -> None:
    package = TopUpCharge("t", "充500送50", PREPAID, D("500.00"), D("50.00"), 30)
    credit = top_up_credit(package, date(2025, 1, 31), quantity=2)
    assert (credit.paid, credit.credit, credit.expires_on) == (D("1000.00"), D("1100.00"), date(2025, 3, 2))
    assert top_up_credit(TopUpCharge("n", "n", PREPAID, D("100.00")), date(2025, 1, 1)).expires_on is None


def test_wallet_draws_earliest_expiry_first_and_skips_expired() -> None:
    lots = [WalletLot(D("100.00")), WalletLot(D("30.00"), date(2025, 3, 1)), WalletLot(D("50.00"), date(2025, 1, 10)),
            WalletLot(D("20.00"), date(2025, 2, 1))]
    on = date(2025, 1, 15)
    assert usable_balance(lots, on) == D("150.00")
    assert draw_wallet(lots, D("40.00"), on) == (WalletDraw(3, D("20.00")), WalletDraw(1, D("20.00")))
    assert sum(d.amount for d in draw_wallet(lots, D("999.00"), on)) == D("150.00")
    assert draw_wallet(lots, D("0.00"), on) == ()
    with pytest.raises(ValueError):
        draw_wallet(lots, D("-1"), on)
    with pytest.raises(ValueError):
        WalletLot(D("-1.00"))


# --- type checks ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "build",
    [
        lambda: RecurringCharge("b", "b", SERVICE, D(1), "month"),  # a str, not the Interval enum
        lambda: RecurringCharge("b", "b", SERVICE, D(1), Interval.MONTH, True),  # bool is not an int count
        lambda: BundleCharge("b", "b", SERVICE, D(1), modules=["a"]),  # a list, not a tuple
        lambda: PlanVersion("p", "p", charges=[]),
        lambda: RecurringCharge("b", "b", SERVICE, D("NaN")),
        lambda: RecurringCharge(1, "b", SERVICE, D(1)),
    ],
)
def test_constructors_refuse_wrong_types(build: object) -> None:
    assert callable(build)
    with pytest.raises(TypeError):
        build()
