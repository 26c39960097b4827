"""Chinese business identifiers: unified social credit code and telephone numbers.

Rules:

- 统一社会信用代码 (USCC, GB 32100-2015): 18 characters from ``0-9`` and ``A-Y`` without
  I, O, S, V, Z; the 18th is a check character over the first 17 with weights 3**i mod 31
  (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28):
  ``check = 31 − (Σ value × weight) mod 31``, and 31 becomes 0. Input is stripped and upper-cased.
- Phone: a mainland mobile number (11 digits, ``1[3-9]…``, optional ``+86``/``0086`` prefix,
  spaces or hyphens anywhere between digits) or a landline: area code (3 digits for 010 and 02x,
  4 digits for 03xx–09xx; hyphen or space after it optional), a 7–8 digit local number not
  starting with 0, and an optional extension of 1–6 digits after ``-`` or ``转``.
"""

from __future__ import annotations

import re

__all__ = ["is_valid_phone", "is_valid_uscc", "normalize_phone", "normalize_uscc"]

USCC_CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
"""The 31 characters a USCC may contain; a character's value is its index."""

USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
"""Weights of USCC positions 1–17 (3**i mod 31)."""

_USCC_SHAPE = re.compile(f"[{USCC_CHARSET}]{{18}}")

_MOBILE = re.compile(r"(?:\+86|0086)?(?P<number>1[3-9][0-9]{9})")
_MOBILE_SEPARATORS = re.compile(r"[\s-]+")
_LANDLINE = re.compile(
    r"(?P<area>010|02[0-9]|0[3-9][0-9]{2})"
    r"(?:\s*-\s*|\s+)?"
    r"(?P<number>[1-9][0-9]{6,7})"
    r"(?:\s*(?:-|转)\s*(?P<extension>[0-9]{1,6}))?"
)


def normalize_uscc(code: str) -> str:
    """Return ``code`` stripped of surrounding whitespace and upper-cased (not validated)."""
    return code.strip().upper()


def is_valid_uscc(code: str) -> bool:
    """Return whether ``code`` is a well-formed USCC with a correct check character.

    ``"91350100M000100Y43"`` and ``" 91110000600037341l "`` are valid.
    """
    code = normalize_uscc(code)
    if not _USCC_SHAPE.fullmatch(code):
        return False
    total = sum(USCC_CHARSET.index(char) * weight for char, weight in zip(code, USCC_WEIGHTS, strict=False))
    return code[17] == USCC_CHARSET[(31 - total % 31) % 31]


def _parse_phone(text: str) -> str | None:
    """Return the normalised form of ``text`` or None if it is not a phone number."""
    text = text.strip()
    mobile = _MOBILE.fullmatch(_MOBILE_SEPARATORS.sub("", text))
    if mobile:
        return mobile["number"]
    landline = _LANDLINE.fullmatch(text)
    if landline:
        normalised = f"{landline['area']}-{landline['number']}"
        if landline["extension"]:
            normalised += f"-{landline['extension']}"
        return normalised
    return None


def is_valid_phone(text: str) -> bool:
    """Return whether ``text`` is a mainland mobile or landline number (see module docstring)."""
    return _parse_phone(text) is not None


def normalize_phone(text: str) -> str:
    """Return a phone number in one canonical form; ValueError if it is not a valid number.

    Mobile → its 11 digits without country prefix (``"+86 138-0013-8000"`` → ``"13800138000"``).
    Landline → area code, hyphen, number (``"075512345678"`` → ``"0755-12345678"``), then
    ``-extension`` if one was given (``"010-12345678转123"`` → ``"010-12345678-123"``).
    """
    normalised = _parse_phone(text)
    if normalised is None:
        raise ValueError(f"not a mainland mobile or landline number: {text!r}")
    return normalised
