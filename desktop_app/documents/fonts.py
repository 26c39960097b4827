"""Embedded TrueType fonts, measured and split into per-font runs; line wrapping.

- Main font: WenQuanYi Micro Hei (``resources/fonts/wqy-microhei.ttc``, subfont 0), embedded as a subset.
  Never a CID font such as STSong-Light, which embeds nothing and prints blank elsewhere.
- Fallback: DejaVu Sans (``resources/fonts/DejaVuSans.ttf``) for the characters whose glyph the main font
  lacks or leaves empty (℃ ℉, pinyin tone letters ǎ ǐ ǒ ǔ, ₹ ₽ ₩, sub- and superscripts beyond ²³, …).
  A character counts as covered only if the font maps it to a glyph with an outline (wqy-microhei maps
  ℃ to an empty glyph). Text is drawn as runs of one font each (:func:`runs`).
- Bold is simulated (fill + stroke, see ``layout.Pen``): wqy-microhei has no bold face.
- Fonts are registered once per process (:func:`setup`, thread-safe); the widths of every character used
  are cached, so measuring and wrapping never touch the font files again.
"""

from __future__ import annotations

import re
import threading
import unicodedata
import zlib
from collections import OrderedDict
from collections.abc import Callable
from functools import lru_cache
from itertools import groupby
from typing import Any

from reportlab import rl_config
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from desktop_app.resources import FONTS

__all__ = ["FALLBACK", "MAIN", "fit_size", "prime", "registered", "runs", "setup", "string_width", "wrap"]

MAIN = "BenjiCJK"
FALLBACK = "BenjiSymbols"
MAIN_FILE = FONTS / "wqy-microhei.ttc"
FALLBACK_FILE = FONTS / "DejaVuSans.ttf"

_lock = threading.Lock()
_ready = False
_main_covered: frozenset[int] = frozenset()
_fallback_covered: frozenset[int] = frozenset()
_main_widths: dict[int, int] = {}
_fallback_widths: dict[int, int] = {}
_main_default = 1000
_PRIME = ""
_EMPTY_OK = {"Zs", "Zl", "Zp", "Cc", "Cf", "Mn", "Me"}
"""Categories whose glyph is legitimately empty (spaces, controls, combining marks)."""


def _covered(font: TTFont) -> frozenset[int]:
    """Code points the font maps to a glyph with an outline (or that need none, such as spaces)."""
    face = font.face
    positions = face.glyphPos
    return frozenset(code for code, glyph in face.charToGlyph.items()
                     if positions[glyph + 1] > positions[glyph]
                     or unicodedata.category(chr(code)) in _EMPTY_OK)


def _cache_tables(font: TTFont) -> None:
    """Keep the font's tables once read: ReportLab copies the whole ``glyf`` table (3.5 MB for
    wqy-microhei) out of the file data for every subset of every document otherwise."""
    face = font.face
    read: Callable[[str], bytes] = face.get_table
    tables: dict[str, bytes] = {}

    def get_table(tag: str) -> bytes:
        data = tables.get(tag)
        if data is None:
            data = tables[tag] = read(tag)
        return data

    setattr(face, "get_table", get_table)  # noqa: B010 - an instance attribute over the method


_REGISTERED: dict[str, TTFont] = {}


def registered(name: str) -> TTFont:
    """The registered font object called ``name`` (:data:`MAIN` or :data:`FALLBACK`)."""
    return _REGISTERED[name]


class _Flate:
    """FlateDecode for font files, remembering the last few results (the primed subset repeats)."""

    pdfname = "FlateDecode"

    def __init__(self) -> None:
        self._done: OrderedDict[bytes, bytes] = OrderedDict()

    def encode(self, content: bytes) -> bytes:
        packed = self._done.get(content)
        if packed is None:
            packed = self._done[content] = zlib.compress(content)
            if len(self._done) > 4:
                self._done.popitem(last=False)
        return packed

    def decode(self, encoded: bytes) -> bytes:
        return zlib.decompress(encoded)


_FLATE = _Flate()


def _cache_subsets(font: TTFont) -> None:
    """Remember the last few full subsets and compress their font files once.

    Each document primes its first subset with the same characters (:func:`prime`), so that subset, the
    largest, is the same in every document: ReportLab would otherwise rebuild and recompress it each time.
    """
    face = font.face
    make: Callable[[list[int]], bytes] = face.makeSubset
    add: Callable[[Any, str, list[int]], Any] = face.addSubsetObjects
    made: OrderedDict[tuple[int, ...], bytes] = OrderedDict()

    def make_subset(subset: list[int]) -> bytes:
        key = tuple(subset)
        content = made.get(key)
        if content is None:
            content = make(subset)
            if len(subset) == 256:
                made[key] = content
                if len(made) > 4:
                    made.popitem(last=False)
        return content

    def add_subset_objects(doc: Any, fontname: str, subset: list[int]) -> Any:
        reference = add(doc, fontname, subset)
        stream = doc.idToObject.get(f"fontFile:{face.filename}({fontname})")
        if stream is not None and getattr(stream, "filters", None):
            stream.filters = [_FLATE]
        return reference

    setattr(face, "makeSubset", make_subset)  # noqa: B010 - instance attributes over the methods
    setattr(face, "addSubsetObjects", add_subset_objects)  # noqa: B010


def setup() -> None:
    """Register both fonts with ReportLab once per process; cheap when already done."""
    global _ready, _main_covered, _fallback_covered, _main_widths, _fallback_widths, _main_default, _PRIME
    if _ready:
        return
    with _lock:
        if _ready:
            return
        main = TTFont(MAIN, str(MAIN_FILE), subfontIndex=0)
        fallback = TTFont(FALLBACK, str(FALLBACK_FILE))
        for font in (main, fallback):
            _cache_tables(font)
            _cache_subsets(font)
            pdfmetrics.registerFont(font)
            _REGISTERED[font.fontName] = font
        _main_covered = _covered(main)
        _fallback_covered = _covered(fallback)
        _main_widths = dict(main.face.charWidths)
        _fallback_widths = dict(fallback.face.charWidths)
        _main_default = int(main.face.defaultWidth)
        _PRIME = "".join(char for char in dict.fromkeys(_PRIME_SOURCE) if ord(char) in _main_covered)
        # Streams stay binary (Flate only): ASCII85 on top costs time and a quarter more bytes, and
        # ReportLab is used by this package only.
        rl_config.useA85 = 0
        _ready = True


_PRIME_SOURCE = (
    "账单编号出账日期到期日账期至客户税号地址联系人电话开户行品名摘要期间数量单位单价金额税率税额价税合计大写免税小计"
    "冲抵预付余额抵扣应付方式备注条款含不续第页收据今收到核销未预收款人盖章对账单期初末本生成时间类型借方贷已退"
    "零壹贰叁肆伍陆柒捌玖拾佰仟万亿元角分整人民币负副作废红字原"
    "，。：、（）·–—¥％"
    "有限公司科技服务信息网络数据云北京上海深圳广州杭州市区省县路街道号楼层室大厦中心园"
    "月年天个台次条分钟流量短信通话费包按用户租务支持"
)


def prime(canvas: Canvas) -> None:
    """Give the first characters of a new document the same font codes in every document.

    ReportLab numbers the characters of a TrueType font in the order a document first uses them, 256 to a
    subset. Drawing nothing, this numbers the common characters (labels, 大写 digits, frequent words)
    first, so the first subset of the main font is the same in every document and is built and compressed
    once per process (:func:`_cache_subsets`). The text object is never drawn: nothing reaches the page.
    """
    text_object = canvas.beginText()
    text_object.setFont(MAIN, 1)
    text_object.textOut(_PRIME)


class _FontOf(dict[str, str]):
    """Character → the registered font that draws it (filled on first use)."""

    def __missing__(self, char: str) -> str:
        setup()  # measuring before the fonts are known would cache wrong widths
        code = ord(char)
        font = FALLBACK if code not in _main_covered and code in _fallback_covered else MAIN
        self[char] = font
        return font


class _Width(dict[str, float]):
    """Character → advance width in points at size 1 (filled on first use)."""

    def __missing__(self, char: str) -> float:
        code = ord(char)
        if _FONT_OF[char] == FALLBACK:
            width = _fallback_widths.get(code, 1000) / 1000
        else:
            width = _main_widths.get(code, _main_default) / 1000
        self[char] = width
        return width


_FONT_OF = _FontOf()
_WIDTH = _Width()


@lru_cache(maxsize=8192)
def runs(text: str) -> tuple[tuple[str, str], ...]:
    """Split ``text`` into (font name, text) runs, each drawable with one font."""
    font_of = _FONT_OF
    return tuple((font, "".join(chars)) for font, chars in groupby(text, font_of.__getitem__))


def string_width(text: str, size: float) -> float:
    """Width of ``text`` in points at ``size``, each character measured in the font that draws it."""
    return sum(map(_WIDTH.__getitem__, text)) * size


_CJK = "\u2e80-\u2fff\u3000-\u9fff\uac00-\ud7af\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef"
_OPENING = "（《「『【〔〈“‘"
_CLOSING = "，。、；：？！）》」』】〕〉”’…％"
_BREAK_AFTER = "-–—/~_.,;:=&?"
_TOKEN = re.compile(
    rf"[{_OPENING}]*[{_CJK}][{_CLOSING}]*"  # one CJK character with the punctuation that sticks to it
    rf"|[^\s{_CJK}{re.escape(_BREAK_AFTER)}]*[{re.escape(_BREAK_AFTER)}]+"  # a Latin piece up to a break
    rf"|[^\s{_CJK}{re.escape(_BREAK_AFTER)}]+"  # a Latin word
    r"|\s+"
)


def wrap(text: str, size: float, width: float) -> list[str]:
    """Break ``text`` into lines no wider than ``width`` points at ``size``; always at least one line.

    Explicit line breaks are kept. Lines break between CJK characters (never before closing or after
    opening punctuation), at spaces and after ``-/_.,`` and similar; a run with no break opportunity
    (a 2,000-character token, say) is cut between characters.
    """
    if "\n" not in text and "\r" not in text and "\t" not in text and string_width(text, size) <= width:
        return [text]
    limit = width / size
    width_of = _WIDTH.__getitem__
    lines: list[str] = []
    for paragraph in text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ").split("\n"):
        line, used = "", 0.0
        for token in _TOKEN.findall(paragraph):
            token_width = sum(map(width_of, token))
            if used + token_width <= limit:
                line, used = line + token, used + token_width
                continue
            if line:
                lines.append(line.rstrip())
                line, used = "", 0.0
            if token.isspace():
                continue
            if token_width <= limit:
                line, used = token, token_width
                continue
            for char in token:
                char_width = width_of(char)
                if line and used + char_width > limit:
                    lines.append(line)
                    line, used = "", 0.0
                line, used = line + char, used + char_width
        lines.append(line.rstrip())
    return lines


def fit_size(text: str, size: float, width: float, smallest: float = 5.0) -> float:
    """The font size, at most ``size``, at which ``text`` fits on one line ``width`` points wide."""
    natural = string_width(text, size)
    if natural <= width:
        return size
    return max(smallest, size * width / natural)
