"""Unit tests for desktop_app.billing.tax: per-line VAT split, tax-inclusive and tax-exclusive."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop_app.billing.money import RoundingMode, round_money, to_fen
from desktop_app.billing.tax import STANDARD_RATES, TaxSplit, split_exclusive, split_inclusive

D = Decimal
Splitter = Callable[[Decimal, Decimal], TaxSplit]


def test_standard_rates() -> None:
    expected = (D("0.13"), D("0.09"), D("0.06"), D("0.03"), D("0.01"), D("0"))
    assert expected == STANDARD_RATES
    assert all(isinstance(rate, Decimal) for rate in STANDARD_RATES)


# --- worked examples of money-rules.md, verbatim ----------------------------------------------


@pytest.mark.parametrize(
    ("gross", "rate", "tax", "net"),
    [
        ("99.00", "0.09", "8.17", "90.83"),
        ("30.00", "0.06", "1.70", "28.30"),
        ("10.00", "0.06", "0.57", "9.43"),
        # Small-scale taxpayer.
        ("1010.00", "0.01", "10.00", "1000.00"),
        ("1000.00", "0.03", "29.13", "970.87"),
    ],
)
def test_split_inclusive_worked_examples(gross: str, rate: str, tax: str, net: str) -> None:
    split = split_inclusive(D(gross), D(rate))
    assert split == TaxSplit(net=D(net), tax=D(tax), gross=D(gross))
    assert (str(split.net), str(split.tax), str(split.gross)) == (net, tax, gross)


def test_document_total_is_exact_sum_of_rounded_lines() -> None:
    lines = [
        split_inclusive(D("99.00"), D("0.09")),
        split_inclusive(D("30.00"), D("0.06")),
        split_inclusive(D("10.00"), D("0.06")),
    ]
    assert sum(line.gross for line in lines) == D("139.00")
    assert sum(line.tax for line in lines) == D("10.44")
    assert sum(line.net for line in lines) == D("128.56")


def test_split_exclusive_worked_example_tie() -> None:
    # 10.25 × 6 % = 0.615 exactly: a tie, half-up → 0.62.
    assert split_exclusive(D("10.25"), D("0.06")) == TaxSplit(net=D("10.25"), tax=D("0.62"), gross=D("10.87"))
    # Half-even keeps 0.62 too (1 is odd), so the modes agree on this example.
    assert split_exclusive(D("10.25"), D("0.06"), RoundingMode.HALF_EVEN).tax == D("0.62")


def test_rounding_mode_changes_an_exclusive_tie() -> None:
    # 10.75 × 6 % = 0.645 exactly: half-up 0.65, half-even 0.64.
    assert split_exclusive(D("10.75"), D("0.06")).tax == D("0.65")
    assert split_exclusive(D("10.75"), D("0.06"), RoundingMode.HALF_EVEN).tax == D("0.64")


def test_inclusive_exact_tie_is_recognised() -> None:
    # With the real VAT rates G × r / (1 + r) is never exactly half a fen (e.g. 6 %: G × 3/53, an
    # odd numerator can't make a denominator of 2), so take r = 0.6, where r / (1 + r) = 3/8:
    # 0.20 → 0.075 exactly and 0.60 → 0.225 exactly.
    assert split_inclusive(D("0.20"), D("0.6")).tax == D("0.08")
    assert split_inclusive(D("0.20"), D("0.6"), RoundingMode.HALF_EVEN).tax == D("0.08")
    assert split_inclusive(D("0.60"), D("0.6")).tax == D("0.23")
    assert split_inclusive(D("0.60"), D("0.6"), RoundingMode.HALF_EVEN).tax == D("0.22")
    # A hair below / above the tie, far beyond 28 digits: still decided exactly.
    below = D("0.5999999999999999999999999999999999999999")
    above = D("0.6000000000000000000000000000000000000001")
    assert split_inclusive(D("0.60"), below).tax == D("0.22")
    assert split_inclusive(D("0.60"), above, RoundingMode.HALF_EVEN).tax == D("0.23")


def test_zero_rate_and_zero_amount() -> None:
    assert split_inclusive(D("12.34"), D("0")) == TaxSplit(D("12.34"), D("0.00"), D("12.34"))
    assert split_exclusive(D("12.34"), D("0")) == TaxSplit(D("12.34"), D("0.00"), D("12.34"))
    zero = split_inclusive(D("0"), D("0.13"))
    assert (str(zero.net), str(zero.tax), str(zero.gross)) == ("0.00", "0.00", "0.00")


def test_amounts_are_normalised_to_two_places() -> None:
    split = split_inclusive(D("99"), D("0.09"))
    assert (str(split.net), str(split.tax), str(split.gross)) == ("90.83", "8.17", "99.00")


def test_negative_lines_split_symmetrically() -> None:
    assert split_inclusive(D("-99.00"), D("0.09")) == TaxSplit(D("-90.83"), D("-8.17"), D("-99.00"))
    assert split_exclusive(D("-10.25"), D("0.06")).tax == D("-0.62")


def test_split_is_frozen() -> None:
    split = split_inclusive(D("99.00"), D("0.09"))
    with pytest.raises(AttributeError):
        split.tax = D("0")  # type: ignore[misc]


@pytest.mark.parametrize("split", [split_inclusive, split_exclusive])
def test_amount_must_be_whole_fen(split: Splitter) -> None:
    with pytest.raises(ValueError, match="decimal places"):
        split(D("10.005"), D("0.06"))


@pytest.mark.parametrize("split", [split_inclusive, split_exclusive])
@pytest.mark.parametrize("rate", ["9", "1", "-0.06", "NaN", "Infinity"])
def test_rate_must_be_a_fraction(split: Splitter, rate: str) -> None:
    with pytest.raises(ValueError, match="rate"):
        split(D("10.00"), D(rate))


def test_floats_are_refused() -> None:
    with pytest.raises(TypeError):
        split_inclusive(99.0, D("0.09"))  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        split_exclusive(D("99.00"), 0.09)  # type: ignore[arg-type]


def test_huge_amount_stays_exact() -> None:
    # Beyond the 28 digits of Decimal's default context; checked in integer fen.
    gross = D("123456789012345678901234567890.00")
    split = split_inclusive(gross, D("0.09"))
    gross_fen = 12345678901234567890123456789000
    tax_fen, remainder = divmod(gross_fen * 9, 109)  # exact G × 0.09 / 1.09 in fen
    tax_fen += 2 * remainder >= 109
    assert to_fen(split.tax) == tax_fen == 1019367982670744137716615698174
    assert to_fen(split.net) + to_fen(split.tax) == to_fen(split.gross) == gross_fen


# --- properties -------------------------------------------------------------------------------

AMOUNTS = st.decimals(min_value=D("-1e12"), max_value=D("1e12"), places=2, allow_nan=False, allow_infinity=False)
RATES = st.one_of(
    st.sampled_from(STANDARD_RATES),
    st.decimals(min_value=D("0"), max_value=D("0.9999"), places=4, allow_nan=False),
)
MODES = st.sampled_from(RoundingMode)
CENT = D("0.01")


@given(AMOUNTS, RATES, MODES)
def test_inclusive_properties(gross: Decimal, rate: Decimal, mode: RoundingMode) -> None:
    split = split_inclusive(gross, rate, mode)
    assert split.gross == gross
    assert split.net + split.tax == split.gross
    assert split.tax == round_money(gross * rate / (1 + rate), mode)
    assert abs(split.tax - gross * rate / (1 + rate)) <= D("0.005")
    # The tax platform's tolerance: |tax − amount × rate| ≤ 0.01.
    assert abs(split.tax - split.net * rate) <= CENT
    assert split_inclusive(-gross, rate, mode) == TaxSplit(-split.net, -split.tax, -split.gross)


@given(AMOUNTS, RATES, MODES)
def test_exclusive_properties(net: Decimal, rate: Decimal, mode: RoundingMode) -> None:
    split = split_exclusive(net, rate, mode)
    assert split.net == net
    assert split.net + split.tax == split.gross
    assert abs(split.tax - net * rate) <= D("0.005")
    assert abs(split.tax - split.net * rate) <= CENT
    for value in (split.net, split.tax, split.gross):
        assert value.as_tuple().exponent == -2


@given(AMOUNTS, st.sampled_from(STANDARD_RATES))
def test_modes_differ_by_at_most_a_fen(gross: Decimal, rate: Decimal) -> None:
    up = split_inclusive(gross, rate, RoundingMode.HALF_UP)
    even = split_inclusive(gross, rate, RoundingMode.HALF_EVEN)
    assert abs(up.tax - even.tax) <= CENT
