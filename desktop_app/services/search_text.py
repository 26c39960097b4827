"""Text forms for Chinese search and duplicate checks: normalised text, pinyin, initials, name keys."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

_SPACES = re.compile(r"\s+")
_PUNCT = re.compile(r"[\s\-_.,;:()（）【】\[\]“”\"'·、，。；：]+")
_SUFFIXES = ("股份有限公司", "有限责任公司", "有限公司", "集团公司", "集团", "公司")
SEPARATOR = "|"


def normalize(text: str) -> str:
    """Full-width to half-width (NFKC), lower case, no whitespace: how both data and queries are compared."""
    return _SPACES.sub("", unicodedata.normalize("NFKC", text or "")).lower()


def pinyin_forms(text: str, override: str = "") -> tuple[str, str]:
    """(full pinyin, initials): 北京科技 → ("beijingkeji", "bjkj"). ``override`` ("shan xian") fixes heteronyms."""
    if override.strip():
        syllables = [s for s in re.split(r"[\s,']+", normalize_keep_spaces(override)) if s]
        return "".join(syllables), "".join(s[0] for s in syllables)
    from pypinyin import Style, lazy_pinyin  # imported on first use: 0.15 s

    source = unicodedata.normalize("NFKC", text or "")
    full = "".join(lazy_pinyin(source))
    initials = "".join(lazy_pinyin(source, style=Style.FIRST_LETTER))
    return normalize(full), normalize(initials)


def normalize_keep_spaces(text: str) -> str:
    return unicodedata.normalize("NFKC", text or "").lower()


def digits(text: str) -> str:
    return "".join(ch for ch in unicodedata.normalize("NFKC", text or "") if ch.isdigit())


def name_key(name: str) -> str:
    """北京本机科技有限公司 and "北京 本机科技（有限公司）" share a key: for near-identical name checks."""
    key = _PUNCT.sub("", unicodedata.normalize("NFKC", name or "")).lower()
    for suffix in _SUFFIXES:
        if key.endswith(suffix) and len(key) > len(suffix):
            return key[: -len(suffix)]
    return key


def search_text(parts: Iterable[str]) -> str:
    """The shadow column: every searchable form, normalised, separated so a match never spans two parts."""
    seen: list[str] = []
    for part in parts:
        value = normalize(part)
        if value and value not in seen:
            seen.append(value)
    return SEPARATOR + SEPARATOR.join(seen) + SEPARATOR
