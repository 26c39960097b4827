"""Unit tests for desktop_app.billing.money: rounding, fen and unit-price storage, parsing."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop_app.billing.money import (
    FEN,
    UNIT_PRICE_SCALE,
    RoundingMode,
    from_fen,
    parse_amount,
    round_money,
    to_fen,
    unit_price_from_int,
    unit_price_to_int,
)

# --- constants and the setting ---------------------------------------------------------------


def test_constants() -> None:
    assert Decimal("0.01") == FEN
    assert UNIT_PRICE_SCALE == 1_000_000


def test_rounding_mode_values_are_stable_setting_strings() -> None:
    assert str(RoundingMode.HALF_UP) == "half_up"
    assert str(RoundingMode.HALF_EVEN) == "half_even"
    assert RoundingMode("half_up") is RoundingMode.HALF_UP


# --- round_money ------------------------------------------------------------------------------


def test_round_money_default_is_half_up() -> None:
    assert round_money(Decimal("0.615")) == Decimal("0.62")
    assert round_money(Decimal("0.614999")) == Decimal("0.61")


def test_float_rounding_is_why_we_refuse_floats() -> None:
    # money-rules.md: Python's round(0.615, 2) gives 0.61; Decimal(0.615) is already inexact.
    assert round(0.615, 2) == 0.61
    assert Decimal(0.615) != Decimal("0.615")  # noqa: RUF032 - the point of the test


@pytest.mark.parametrize(
    ("amount", "half_up", "half_even"),
    [
        # 0.615: the digit before the tie is odd, so half-even also rounds up — same result.
        ("0.615", "0.62", "0.62"),
        # 2.675: same in both modes for Decimal (7 is odd); only float round() gives 2.67.
        ("2.675", "2.68", "2.68"),
        # The modes differ when the digit before the tie is even.
        ("2.665", "2.67", "2.66"),
        ("0.125", "0.13", "0.12"),
        ("0.005", "0.01", "0.00"),
        # Symmetric on negative amounts (credit notes).
        ("-0.615", "-0.62", "-0.62"),
        ("-2.665", "-2.67", "-2.66"),
        # Not ties.
        ("1.004", "1.00", "1.00"),
        ("1.006", "1.01", "1.01"),
        ("9.995", "10.00", "10.00"),
        ("12", "12.00", "12.00"),
    ],
)
def test_round_money_modes(amount: str, half_up: str, half_even: str) -> None:
    up = round_money(Decimal(amount), RoundingMode.HALF_UP)
    even = round_money(Decimal(amount), RoundingMode.HALF_EVEN)
    assert (up, even) == (Decimal(half_up), Decimal(half_even))
    assert str(up) == half_up
    assert str(even) == half_even


def test_round_money_2_675_vs_float() -> None:
    assert round(2.675, 2) == 2.67  # binary float is below the tie
    assert round_money(Decimal("2.675")) == Decimal("2.68")


def test_round_money_never_returns_negative_zero() -> None:
    assert str(round_money(Decimal("-0.001"))) == "0.00"
    assert str(round_money(Decimal("-0.005"), RoundingMode.HALF_EVEN)) == "0.00"


def test_round_money_is_exact_for_huge_amounts() -> None:
    huge = Decimal("123456789012345678901234567890123.455")
    assert round_money(huge) == Decimal("123456789012345678901234567890123.46")
    assert round_money(huge, RoundingMode.HALF_EVEN) == Decimal("123456789012345678901234567890123.46")
    assert round_money(Decimal("99999999999999999999999999999.995")) == Decimal("100000000000000000000000000000.00")


def test_round_money_ties_beyond_28_digits() -> None:
    # 29 significant digits: the default context would already have rounded the tie away.
    amount = Decimal("-12345678901234567890123456.785")
    assert round_money(amount) == Decimal("-12345678901234567890123456.79")
    assert round_money(amount, RoundingMode.HALF_EVEN) == Decimal("-12345678901234567890123456.78")


@pytest.mark.parametrize("bad", [0.615, 1, "0.615", None])
def test_round_money_rejects_non_decimal(bad: object) -> None:
    with pytest.raises(TypeError):
        round_money(bad)  # type: ignore[arg-type]


@pytest.mark.parametrize("bad", ["NaN", "sNaN", "Infinity", "-Infinity"])
def test_round_money_rejects_non_finite(bad: str) -> None:
    with pytest.raises(ValueError, match="finite"):
        round_money(Decimal(bad))


# --- fen --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("amount", "fen"),
    [
        ("12.30", 1230),
        ("12.3", 1230),
        ("12", 1200),
        ("1.000", 100),
        ("0", 0),
        ("-0.00", 0),
        ("-12.34", -1234),
        ("1E+3", 100_000),
        ("9999999999999999999999999999999.99", 999999999999999999999999999999999),
    ],
)
def test_to_fen(amount: str, fen: int) -> None:
    assert to_fen(Decimal(amount)) == fen


@pytest.mark.parametrize("amount", ["0.615", "12.001", "-0.001", "1E-3"])
def test_to_fen_never_rounds_silently(amount: str) -> None:
    with pytest.raises(ValueError, match="decimal places"):
        to_fen(Decimal(amount))


def test_to_fen_rejects_float_and_nan() -> None:
    with pytest.raises(TypeError):
        to_fen(12.3)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="finite"):
        to_fen(Decimal("NaN"))


@pytest.mark.parametrize(
    ("fen", "text"),
    [(1230, "12.30"), (0, "0.00"), (5, "0.05"), (-1234, "-12.34"), (100, "1.00")],
)
def test_from_fen_always_has_two_places(fen: int, text: str) -> None:
    assert str(from_fen(fen)) == text


def test_from_fen_is_exact_beyond_default_context_precision() -> None:
    fen = 12345678901234567890123456789012345
    assert to_fen(from_fen(fen)) == fen
    assert str(from_fen(fen)) == "123456789012345678901234567890123.45"


@pytest.mark.parametrize("bad", [True, 12.3, Decimal("12"), "12"])
def test_from_fen_rejects_non_int(bad: object) -> None:
    with pytest.raises(TypeError):
        from_fen(bad)  # type: ignore[arg-type]


@given(st.integers(min_value=-(10**20), max_value=10**20))
def test_fen_round_trip_from_int(fen: int) -> None:
    amount = from_fen(fen)
    assert to_fen(amount) == fen
    assert amount.as_tuple().exponent == -2


@given(st.decimals(min_value=Decimal("-1e15"), max_value=Decimal("1e15"), places=2, allow_nan=False))
def test_fen_round_trip_from_decimal(amount: Decimal) -> None:
    assert from_fen(to_fen(amount)) == amount


@given(st.decimals(allow_nan=False, allow_infinity=False), st.sampled_from(RoundingMode))
def test_round_money_result_is_whole_fen_and_within_half_a_fen(amount: Decimal, mode: RoundingMode) -> None:
    rounded = round_money(amount, mode)
    assert rounded.as_tuple().exponent == -2
    assert abs(rounded - amount) <= Decimal("0.005")
    assert round_money(rounded, mode) == rounded
    # copy_negate: unary minus would round to the default context's 28 digits.
    assert round_money(amount.copy_negate(), mode) == rounded.copy_negate()


# --- unit prices ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("price", "stored", "read_back"),
    [
        ("0.0015", 1_500, "0.0015"),
        ("12", 12_000_000, "12.00"),
        ("12.5", 12_500_000, "12.50"),
        ("12.345", 12_345_000, "12.345"),
        ("0.000001", 1, "0.000001"),
        ("0", 0, "0.00"),
        ("-0.005", -5_000, "-0.005"),
        ("0.0015000000", 1_500, "0.0015"),
    ],
)
def test_unit_price_storage(price: str, stored: int, read_back: str) -> None:
    assert unit_price_to_int(Decimal(price)) == stored
    assert str(unit_price_from_int(stored)) == read_back


@pytest.mark.parametrize("price", ["0.0000001", "1.2345678"])
def test_unit_price_rejects_more_than_six_decimals(price: str) -> None:
    with pytest.raises(ValueError, match="decimal places"):
        unit_price_to_int(Decimal(price))


def test_unit_price_rejects_float() -> None:
    with pytest.raises(TypeError):
        unit_price_to_int(0.0015)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        unit_price_from_int(1.5)  # type: ignore[arg-type]


@given(st.integers(min_value=-(10**18), max_value=10**18))
def test_unit_price_round_trip(stored: int) -> None:
    price = unit_price_from_int(stored)
    assert unit_price_to_int(price) == stored
    exponent = price.as_tuple().exponent
    assert isinstance(exponent, int)
    assert -6 <= exponent <= -2


# --- parse_amount -----------------------------------------------------------------------------

FULL_WIDTH_1234_5 = "\uff11\uff12\uff13\uff14\uff0e\uff15"  # "１２３４．５"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1,234.50", "1234.50"),
        ("\u00a51234.5", "1234.50"),  # ¥1234.5
        ("\uffe51234.5", "1234.50"),  # ￥1234.5 (full-width sign, as typed by Chinese IMEs)
        (FULL_WIDTH_1234_5, "1234.50"),
        ("\uff11\uff0c\uff12\uff13\uff14\uff0e\uff15\uff10", "1234.50"),  # １，２３４．５０
        ("  1234.5  ", "1234.50"),
        ("\u30001234.5\u3000", "1234.50"),  # ideographic spaces
        ("\u00a5 1,234", "1234.00"),
        ("1234", "1234.00"),
        ("0", "0.00"),
        ("0.05", "0.05"),
        ("1,234,567.89", "1234567.89"),
        ("-12.5", "-12.50"),
        ("-\u00a512.50", "-12.50"),
        ("-0", "0.00"),
    ],
)
def test_parse_amount_accepts(text: str, expected: str) -> None:
    parsed = parse_amount(text)
    assert parsed == Decimal(expected)
    assert str(parsed) == expected


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "1.005",  # more than two decimals: refused, never rounded
        "1.500",
        "abc",
        "1,23.45",  # commas only as thousands separators
        "1234,567",
        ",123",
        "1.2.3",
        ".5",
        "5.",
        "1e3",
        "NaN",
        "Infinity",
        "+5",
        "12 34",
        "\u00a5\u00a512",
        "12\u00a5",
        "12\u5143",  # 12元
        "\u00b2",  # superscript two: NFKC would make it "2"
        "\u0661\u0662",  # Arabic-Indic digits
    ],
)
def test_parse_amount_rejects(text: str) -> None:
    with pytest.raises(ValueError, match="not a money amount"):
        parse_amount(text)


def test_parse_amount_rejects_non_str() -> None:
    with pytest.raises(TypeError):
        parse_amount(12.5)  # type: ignore[arg-type]


@given(st.integers(min_value=-(10**15), max_value=10**15))
def test_parse_amount_round_trips_formatted_amounts(fen: int) -> None:
    amount = from_fen(fen)
    assert parse_amount(str(amount)) == amount
    assert parse_amount(f"{amount:,}") == amount
