"""Unit tests for desktop_app.billing.identifiers: USCC (GB 32100-2015) and phone numbers."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop_app.billing.identifiers import (
    is_valid_phone,
    is_valid_uscc,
    normalize_phone,
    normalize_uscc,
)

# --- 统一社会信用代码 -------------------------------------------------------------------------

CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"


def check_char(first17: str) -> str:
    """Compute the GB 32100-2015 check character independently (weights are 3**i mod 31)."""
    total = sum(CHARSET.index(char) * pow(3, i, 31) for i, char in enumerate(first17))
    return CHARSET[(31 - total % 31) % 31]


def test_weights_match_the_standard() -> None:
    expected = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
    assert [pow(3, i, 31) for i in range(17)] == expected


@pytest.mark.parametrize("code", ["91350100M000100Y43", "91110000600037341L"])
def test_real_codes_are_valid(code: str) -> None:
    assert check_char(code[:17]) == code[17]
    assert is_valid_uscc(code)


@pytest.mark.parametrize(
    "first17",
    [
        "91440300MA5DC1WL2",  # check characters are computed by check_char()
        "12100000400000624",
        "31110000000000000",
        "Y1110000000000000",
        "51110000500000000",
    ],
)
def test_constructed_codes(first17: str) -> None:
    code = first17 + check_char(first17)
    assert is_valid_uscc(code)
    wrong = CHARSET[(CHARSET.index(code[17]) + 1) % 31]
    assert not is_valid_uscc(first17 + wrong)


def test_check_value_31_becomes_0() -> None:
    # Find a 17-character body whose weighted sum is divisible by 31: its check character is "0".
    body = next(
        f"9111000060003734{char}"
        for char in CHARSET
        if sum(CHARSET.index(c) * pow(3, i, 31) for i, c in enumerate(f"9111000060003734{char}")) % 31 == 0
    )
    assert is_valid_uscc(body + "0")
    assert not is_valid_uscc(body + "Y")  # the naive 31 - 0 = 31 would index past the charset


def test_input_is_stripped_and_upper_cased() -> None:
    assert normalize_uscc("  91110000600037341l \n") == "91110000600037341L"
    assert is_valid_uscc("  91110000600037341l ")
    assert is_valid_uscc("91350100m000100y43")


@pytest.mark.parametrize(
    "code",
    [
        "",
        "91350100M000100Y4",  # 17 characters
        "91350100M000100Y433",  # 19 characters
        "91350100M000100Y44",  # wrong check character
        "91110000600037341I",  # I is not in the charset
        "9135 0100M000100Y43",  # inner space
        "91350100O000100Y43",  # O is not in the charset
        "91350100S000100Y43",
        "91350100V000100Y43",
        "91350100Z000100Y43",
        "９１３５０１００Ｍ０００１００Ｙ４３",  # full-width
    ],
)
def test_invalid_codes(code: str) -> None:
    assert not is_valid_uscc(code)


@given(st.text(alphabet=CHARSET, min_size=17, max_size=17))
def test_any_body_with_its_check_char_is_valid(first17: str) -> None:
    code = first17 + check_char(first17)
    assert is_valid_uscc(code)
    assert is_valid_uscc(code.lower())
    # Changing any single character breaks the check (31 is prime and no weight is 0 mod 31).
    for position in range(18):
        for replacement in CHARSET:
            if replacement != code[position]:
                altered = code[:position] + replacement + code[position + 1 :]
                assert not is_valid_uscc(altered)


# --- phone numbers ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "normalised"),
    [
        # Mobile.
        ("13800138000", "13800138000"),
        ("19912345678", "19912345678"),
        ("+8613800138000", "13800138000"),
        ("+86 138 0013 8000", "13800138000"),
        ("0086-138-0013-8000", "13800138000"),
        ("138-0013-8000", "13800138000"),
        (" 138 0013 8000 ", "13800138000"),
        # Landline: 3-digit area codes (010, 02x), 4-digit (03xx-09xx).
        ("010-12345678", "010-12345678"),
        ("01012345678", "010-12345678"),
        ("021 62345678", "021-62345678"),
        ("020-8765432", "020-8765432"),
        ("0755-12345678", "0755-12345678"),
        ("075512345678", "0755-12345678"),
        ("0571-8765432", "0571-8765432"),
        ("05718765432", "0571-8765432"),
        ("0898 - 66668888", "0898-66668888"),
        # Extension.
        ("010-12345678-123", "010-12345678-123"),
        ("0755-12345678-8001", "0755-12345678-8001"),
        ("010-12345678转8", "010-12345678-8"),
        ("01012345678-123456", "010-12345678-123456"),
    ],
)
def test_valid_phones(text: str, normalised: str) -> None:
    assert is_valid_phone(text)
    assert normalize_phone(text) == normalised
    assert normalize_phone(normalised) == normalised


@pytest.mark.parametrize(
    "text",
    [
        "",
        "1380013800",  # 10 digits
        "138001380000",  # 12 digits
        "12800138000",  # 12x is not a mobile prefix
        "10086",
        "+85213800138000",  # not mainland
        "8613800138000",  # country code without + or 00
        "+86 010-12345678",  # +86 only for mobiles here
        "12345678",  # landline without area code
        "010-123456",  # 6-digit number
        "010-123456789",  # 9-digit number
        "0755-01234567",  # local number starting with 0
        "0012345678",
        "010-12345678-1234567",  # 7-digit extension
        "010-12345678-",
        "(010)12345678",
        "1380013800O",  # letter O
        "138 0013 8000 ext",
        "abc",
    ],
)
def test_invalid_phones(text: str) -> None:
    assert not is_valid_phone(text)
    with pytest.raises(ValueError, match="not a mainland"):
        normalize_phone(text)


@given(
    st.sampled_from(["", "+86", "0086", "+86 ", "0086-"]),
    st.integers(3, 9),
    st.integers(0, 10**9 - 1),
    st.sampled_from(["", " ", "-"]),
)
def test_any_mobile_normalises_to_eleven_digits(prefix: str, second: int, rest: int, separator: str) -> None:
    number = f"1{second}{rest:09d}"
    text = prefix + separator.join([number[:3], number[3:7], number[7:]])
    assert is_valid_phone(text)
    assert normalize_phone(text) == number
