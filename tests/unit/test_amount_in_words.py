"""Unit tests for desktop_app.billing.amount_in_words: 大写金额, the table of money-rules.md."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop_app.billing.amount_in_words import MAX_AMOUNT, amount_in_words
from desktop_app.billing.money import from_fen

# The table of money-rules.md, every row, verbatim.
MONEY_RULES_TABLE = [
    ("10,005.00", "人民币壹万零伍元整"),
    ("16,409.02", "人民币壹万陆仟肆佰零玖元零贰分"),
    ("107,000.53", "人民币壹拾万柒仟元零伍角叁分"),
    ("1,409.50", "人民币壹仟肆佰零玖元伍角整"),
    ("100,000,010.00", "人民币壹亿零壹拾元整"),
    ("6,007.14", "人民币陆仟零柒元壹角肆分"),
    ("1,680.32", "人民币壹仟陆佰捌拾元零叁角贰分"),
    ("325.04", "人民币叁佰贰拾伍元零肆分"),
    ("100,700.00", "人民币壹拾万零柒佰元整"),
    ("1,000,000.01", "人民币壹佰万元零壹分"),
    ("0.05", "人民币伍分"),
    ("10.00", "人民币壹拾元整"),
]


@pytest.mark.parametrize(("amount", "words"), MONEY_RULES_TABLE)
def test_money_rules_table(amount: str, words: str) -> None:
    assert amount_in_words(Decimal(amount.replace(",", ""))) == words


@pytest.mark.parametrize(
    ("amount", "words"),
    [
        # Zero, and 整 after 元 or 角 only.
        ("0", "人民币零元整"),
        ("0.00", "人民币零元整"),
        ("-0.00", "人民币零元整"),
        ("0.50", "人民币伍角整"),
        ("0.55", "人民币伍角伍分"),
        ("1", "人民币壹元整"),
        ("1.5", "人民币壹元伍角整"),
        ("1.000", "人民币壹元整"),  # trailing zeros are not "more than 2 decimals"
        # Leading ten is 壹拾 at every level.
        ("11", "人民币壹拾壹元整"),
        ("110", "人民币壹佰壹拾元整"),
        ("100000", "人民币壹拾万元整"),
        ("1000000000", "人民币壹拾亿元整"),
        # 元 digit zero and 角 non-zero → 零 after 元 (also with zero 分 → 整).
        ("10.50", "人民币壹拾元零伍角整"),
        # 角 zero and 分 non-zero → one 零 after 元, however many zeros precede.
        ("10.01", "人民币壹拾元零壹分"),
        ("1.01", "人民币壹元零壹分"),
        # Zero runs inside groups and across 万 / 亿.
        ("1001", "人民币壹仟零壹元整"),
        ("1010", "人民币壹仟零壹拾元整"),
        ("1100", "人民币壹仟壹佰元整"),
        ("10001", "人民币壹万零壹元整"),
        ("10010", "人民币壹万零壹拾元整"),
        ("1001000", "人民币壹佰万壹仟元整"),  # 万 digit zero, 千 non-zero → no 零
        ("1000100", "人民币壹佰万零壹佰元整"),
        ("100010000", "人民币壹亿零壹万元整"),
        ("107000000", "人民币壹亿零柒佰万元整"),
        ("1070000000", "人民币壹拾亿柒仟万元整"),  # 亿 digit zero, 千万 non-zero → no 零
        # The whole 万 group is zero, so no 万 is written: the 零 stays (our reading of the rule).
        ("100001000", "人民币壹亿零壹仟元整"),
        # 万亿.
        ("1000000000000", "人民币壹万亿元整"),
        ("1000000010000", "人民币壹万亿零壹万元整"),
        ("1000100000000", "人民币壹万零壹亿元整"),
        (
            "9999999999999.99",
            "人民币玖万玖仟玖佰玖拾玖亿玖仟玖佰玖拾玖万玖仟玖佰玖拾玖元玖角玖分",
        ),
        # Negative amounts: 负 after 人民币.
        ("-10005.00", "人民币负壹万零伍元整"),
        ("-0.05", "人民币负伍分"),
        ("-1680.32", "人民币负壹仟陆佰捌拾元零叁角贰分"),
    ],
)
def test_more_amounts(amount: str, words: str) -> None:
    assert amount_in_words(Decimal(amount)) == words


@pytest.mark.parametrize("amount", ["1.005", "0.001", "-12.345"])
def test_rejects_more_than_two_decimals(amount: str) -> None:
    with pytest.raises(ValueError, match="decimal places"):
        amount_in_words(Decimal(amount))


@pytest.mark.parametrize("amount", ["10000000000000.00", "-10000000000000", "1E+20"])
def test_rejects_amounts_beyond_wan_yi(amount: str) -> None:
    with pytest.raises(ValueError, match="beyond"):
        amount_in_words(Decimal(amount))


def test_max_amount() -> None:
    assert Decimal("9999999999999.99") == MAX_AMOUNT
    assert amount_in_words(-MAX_AMOUNT).startswith("人民币负玖万")


def test_rejects_float_and_nan() -> None:
    with pytest.raises(TypeError):
        amount_in_words(10.5)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="finite"):
        amount_in_words(Decimal("NaN"))


# --- properties -------------------------------------------------------------------------------

_DIGIT_VALUES = {char: value for value, char in enumerate("零壹贰叁肆伍陆柒捌玖")}
_ALLOWED = set("人民币负零壹贰叁肆伍陆柒捌玖拾佰仟万亿元角分整")
_UNITS = "拾佰仟万亿元角分"


def _read_words(words: str) -> int:
    """Read 大写 back into fen (an independent oracle; 零 is skipped)."""
    assert words.startswith("人民币")
    body = words.removeprefix("人民币")
    sign = -1 if body.startswith("负") else 1
    total = below_yi = group = digit = 0
    for char in body.removeprefix("负"):
        if char in _DIGIT_VALUES:
            digit = _DIGIT_VALUES[char]
        elif char in "拾佰仟":
            group += digit * {"拾": 10, "佰": 100, "仟": 1000}[char]
            digit = 0
        elif char == "万":
            below_yi += (group + digit) * 10**4
            group = digit = 0
        elif char == "亿":
            total = (total + below_yi + group + digit) * 10**8
            below_yi = group = digit = 0
        elif char == "元":
            total = (total + below_yi + group + digit) * 100
            below_yi = group = digit = 0
        elif char == "角":
            total += digit * 10
            digit = 0
        elif char == "分":
            total += digit
            digit = 0
        else:
            assert char == "整"
    if "元" not in body and "角" not in body and "分" not in body:
        raise AssertionError(words)
    return sign * total


FEN_AMOUNTS = st.integers(min_value=-999_999_999_999_999, max_value=999_999_999_999_999)
# Amounts with many zeros, where 零 placement is interesting.
SPARSE_FEN_AMOUNTS = st.lists(st.tuples(st.integers(0, 14), st.integers(1, 9)), max_size=4).map(
    lambda terms: sum(digit * 10**power for power, digit in dict(terms).items())
)


@given(st.one_of(FEN_AMOUNTS, SPARSE_FEN_AMOUNTS))
def test_words_properties(fen: int) -> None:
    words = amount_in_words(from_fen(fen))
    assert words.startswith("人民币")
    assert set(words) <= _ALLOWED
    assert not set(words) & set("一二三四五六七八九十百千两毛")
    assert _read_words(words) == fen
    # Ends: 整 after 元 or 角, never after 分.
    assert words.endswith(("元整", "角整", "分"))
    # 零: never doubled, never before a unit or 整, never first, never last.
    assert "零零" not in words
    assert not any(f"零{unit}" in words for unit in _UNITS + "整") or fen == 0
    body = words.removeprefix("人民币").removeprefix("负")
    assert not body.startswith("零") or fen == 0
    # The leading ten is always 壹拾, never a bare 拾.
    assert not body.startswith("拾")
    assert ("负" in words) == (fen < 0)
