"""Amounts in Chinese capital numerals (大写金额), as written on bills, receipts and cheques.

Rules (design/money-rules.md, "Amount in Chinese capitals", after the PBOC 支付结算办法):

- Only 零壹贰叁肆伍陆柒捌玖 拾佰仟万亿 元角分整 — never 一二三, 两 or 毛.
- 人民币 comes directly before the first digit; a negative amount reads 人民币负….
- Ends with 元 or 角 → add 整; ends with 分 → no 整. Zero → 人民币零元整.
- A zero, or a run of zeros, inside the number → one 零 (10,005 → 壹万零伍;
  100,700 → 壹拾万零柒佰; 100,000,010 → 壹亿零壹拾).
- Where the PBOC makes 零 optional, its first-listed form is used:
  * 万 (or 亿) digit zero and 千 (or 千万) digit non-zero → no 零 (107,000 → 壹拾万柒仟).
    When the whole 万 group is zero, so that no 万 is written, the 零 stays
    (100,001,000 → 壹亿零壹仟): without it the reading would be ambiguous.
  * 元 digit zero and 角 non-zero → 零 after 元 (1,680.32 → 壹仟陆佰捌拾元零叁角贰分).
  * 角 zero and 分 non-zero → 零 after 元 (mandatory; 325.04 → 叁佰贰拾伍元零肆分).
  Only one 零 is written after 元 (1,000,000.01 → 壹佰万元零壹分).
- A leading ten is 壹拾 (anti-tamper): 10 → 壹拾, 100,000 → 壹拾万.
- Range: up to ±9,999,999,999,999.99 (万亿); at most two decimal places, never rounded.
"""

from __future__ import annotations

from decimal import Decimal

from desktop_app.billing.money import to_fen

__all__ = ["MAX_AMOUNT", "amount_in_words"]

MAX_AMOUNT = Decimal("9999999999999.99")
"""The largest absolute amount that can be written (万亿 range)."""

_DIGITS = "零壹贰叁肆伍陆柒捌玖"
_GROUP_UNITS = ("", "拾", "佰", "仟")
_WAN = 10**4
_YI = 10**8


def _group(number: int) -> str:
    """Write 1 ≤ number ≤ 9999 without a leading 零: inner zero runs → one 零, trailing → none."""
    words: list[str] = []
    zero_pending = False
    for power in (3, 2, 1, 0):
        digit = number // 10**power % 10
        if digit == 0:
            zero_pending = zero_pending or bool(words)
            continue
        if zero_pending:
            words.append("零")
            zero_pending = False
        words.append(_DIGITS[digit] + _GROUP_UNITS[power])
    return "".join(words)


def _lower_part(number: int, width: int) -> str:
    """Write the part below 万 (width 4) or 亿 (width 8) that follows a written 万 or 亿.

    Empty when it is zero; one 零 first when its leading digit is zero (a zero run reaches into it).
    """
    if number == 0:
        return ""
    prefix = "零" if number < 10 ** (width - 1) else ""
    return prefix + _integer(number)


def _integer(number: int) -> str:
    """Write 1 ≤ number < 10**13 in groups of four digits: …亿 …万 ….."""
    if number >= _YI:
        high, low = divmod(number, _YI)
        return _integer(high) + "亿" + _lower_part(low, 8)
    if number >= _WAN:
        high, low = divmod(number, _WAN)
        return _group(high) + "万" + _lower_part(low, 4)
    return _group(number)


def amount_in_words(amount: Decimal) -> str:
    """Return the 大写 form of a yuan amount: ``Decimal("10005.00")`` → ``"人民币壹万零伍元整"``.

    See the module docstring for the rules. Raises TypeError for non-Decimal input (``float`` in
    particular) and ValueError for NaN/infinity, for more than two decimal places of value
    (``1.005``; ``1.000`` is fine) and for amounts beyond ±9,999,999,999,999.99.
    """
    fen = to_fen(amount)
    if abs(fen) > to_fen(MAX_AMOUNT):
        raise ValueError(f"amount {amount} is beyond ±{MAX_AMOUNT}")
    if fen == 0:
        return "人民币零元整"
    yuan, cents = divmod(abs(fen), 100)
    jiao, fen_digit = divmod(cents, 10)

    words = ["人民币", "负" if fen < 0 else ""]
    if yuan:
        words.append(_integer(yuan) + "元")
    if cents == 0:
        words.append("整")
        return "".join(words)
    if yuan and (yuan % 10 == 0 or jiao == 0):
        words.append("零")
    if jiao:
        words.append(_DIGITS[jiao] + "角")
    words.append(_DIGITS[fen_digit] + "分" if fen_digit else "整")
    return "".join(words)
