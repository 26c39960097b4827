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
import struct
import threading
import unicodedata
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from itertools import groupby
from typing import Any, cast

from reportlab import rl_config
from reportlab.lib.rl_accel import fp_str
from reportlab.pdfbase import pdfdoc, pdfmetrics, ttfonts
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from desktop_app.resources import FONTS

__all__ = ["FALLBACK", "MAIN", "encode", "escaped", "fit_size", "prime", "registered", "runs", "setup",
           "string_width", "wrap"]

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
    wqy-microhei) out of the file data for every subset of every document otherwise. The ``name`` table,
    copied into every subset, keeps only its names (:func:`_reduced_name_table`)."""
    face = font.face
    read: Callable[[str], bytes] = face.get_table
    tables: dict[str, bytes] = {}

    def get_table(tag: str) -> bytes:
        data = tables.get(tag)
        if data is None:
            data = read(tag)
            tables[tag] = data = _reduced_name_table(data) if tag == "name" else data
        return data

    setattr(face, "get_table", get_table)  # noqa: B010 - an instance attribute over the method


_REGISTERED: dict[str, TTFont] = {}


def registered(name: str) -> TTFont:
    """The registered font object called ``name`` (:data:`MAIN` or :data:`FALLBACK`)."""
    return _REGISTERED[name]


class _Written(pdfdoc.PDFObject):
    """A PDF value formatted once: its bytes, written as they are (it refers to no other object)."""

    def __init__(self, data: bytes) -> None:
        self.data = data

    def format(self, document: Any) -> bytes:
        return self.data


class _WrittenObject(_Written):
    """An indirect object (a stream) formatted once."""

    __RefOnly__ = 1


class _Template(pdfdoc.PDFObject):
    """An indirect object formatted once except for its references to other objects of the document."""

    __RefOnly__ = 1

    def __init__(self, template: tuple[tuple[bytes, ...], tuple[int, ...]],
                 references: tuple[pdfdoc.PDFObjectReference, ...]) -> None:
        self.pieces, order = template
        self.references = [references[index] for index in order]

    def format(self, document: Any) -> bytes:
        pieces = self.pieces
        out = [pieces[0]]
        for reference, piece in zip(self.references, pieces[1:], strict=True):
            out.append(reference.format(document))
            out.append(piece)
        return b"".join(out)


_MARK = re.compile(rb"\x00(\d)\x00")


def _pieces(dictionary: pdfdoc.PDFObject, references: int, document: Any) -> tuple[tuple[bytes, ...], tuple[int, ...]]:
    """``dictionary`` formatted and split where its references (written as marks ``\\0n\\0``) go: the
    pieces between them, and which reference goes in each gap."""
    data: bytes = dictionary.format(document)  # type: ignore[attr-defined]  # every PDFObject here has one
    parts = _MARK.split(data)
    order = tuple(int(mark) for mark in parts[1::2])
    if sorted(order) != list(range(references)):  # a mark that is not ours: never write a wrong object
        raise RuntimeError(f"cannot place the references of {data[:60]!r}")
    return tuple(parts[0::2]), order


@dataclass(frozen=True, slots=True)
class _SubsetObjects:
    """The four objects of one font subset, formatted: ToUnicode map, font file, descriptor, font."""

    base_name: str
    to_unicode: bytes
    font_file: bytes
    descriptor: tuple[tuple[bytes, ...], tuple[int, ...]]
    font: tuple[tuple[bytes, ...], tuple[int, ...]]


def _reduced_name_table(table: bytes) -> bytes:
    """The ``name`` table with only name IDs 0-6 (copyright, family, style, unique id, full name,
    version, PostScript name), as HarfBuzz's subsetter keeps by default: the licence texts and URLs
    (2.8 KB in wqy-microhei, 15 KB in DejaVu Sans) would otherwise go into every subset of every file."""
    version, count, storage = struct.unpack_from(">HHH", table)
    if version != 0:
        return table
    records = []
    strings = bytearray()
    for index in range(count):
        platform, encoding, language, name_id, length, offset = struct.unpack_from(">6H", table, 6 + 12 * index)
        if name_id <= 6:
            data = table[storage + offset: storage + offset + length]
            records.append(struct.pack(">6H", platform, encoding, language, name_id, len(data), len(strings)))
            strings += data
    return struct.pack(">HHH", 0, len(records), 6 + 12 * len(records)) + b"".join(records) + bytes(strings)


_NUMBERS: dict[float, bytes] = {}


def _widths(face: Any, subset: list[int]) -> bytes:
    """The /Widths array as ReportLab's ``PDFArray`` writes it (ten numbers a line), each distinct width
    formatted once (``fp_str`` is slow in pure Python)."""
    numbers = _NUMBERS
    items = []
    for code in subset:
        width = face.getCharWidth(code)
        text = numbers.get(width)
        if text is None:
            text = numbers[width] = fp_str(width).encode("ascii")
        items.append(text)
    lines = [b" ".join(items[start:start + 10]) for start in range(0, len(items), 10)]
    return b"[ " + b" \n  ".join(lines) + b" ]"


def _cache_objects(font: TTFont) -> None:
    """Write each font subset's PDF objects once per process and reuse the bytes.

    ReportLab builds every subset's objects for every document: the subset font file (and its
    compression), the /Widths array (256 numbers formatted one by one), the ToUnicode map and the
    descriptor. Here those objects are formatted once per (subset name, characters, PDF font name) and
    the bytes are reused; only the references between them, whose object numbers belong to the
    document, are written per document. A cached entry is a pure function of its key (documents are
    never encrypted), so the output is the same bytes ReportLab would write, whatever was rendered before
    (a test compares them). Each document primes its first
    subset with the same characters (:func:`prime`), so the largest subset is built once per process.
    """
    face = font.face
    cache: OrderedDict[tuple[int, tuple[int, ...], str, int], _SubsetObjects] = OrderedDict()

    def objects(doc: Any, number: int, subset: list[int], internal_name: str) -> _SubsetObjects:
        key = (number, tuple(subset), internal_name, doc.compression)
        found = cache.get(key)
        if found is not None:
            cache.move_to_end(key)
            return found
        base_name = b"".join((ttfonts.SUBSETN(number), b"+", face.name, face.subfontNameX)).decode("pdfdoc")
        to_unicode = pdfdoc.PDFStream()
        to_unicode.content = ttfonts.makeToUnicodeCMap(base_name, subset)
        font_file = pdfdoc.PDFStream()
        font_file.content = face.makeSubset(subset)
        font_file.dictionary["Length1"] = len(font_file.content)
        if doc.compression:
            to_unicode.filters = font_file.filters = [pdfdoc.PDFZCompress]
        flags = (face.flags & ~ttfonts.FF_NONSYMBOLIC) | ttfonts.FF_SYMBOLIC
        descriptor = pdfdoc.PDFDictionary({
            "Type": "/FontDescriptor", "Ascent": face.ascent, "CapHeight": face.capHeight,
            "Descent": face.descent, "Flags": flags, "FontBBox": pdfdoc.PDFArray(face.bbox),
            "FontName": pdfdoc.PDFName(base_name), "ItalicAngle": face.italicAngle, "StemV": face.stemV,
            "FontFile2": _Written(b"\x000\x00"), "MissingWidth": face.defaultWidth,
        })
        pdf_font: Any = pdfdoc.PDFTrueTypeFont()  # attributes set one by one, as ReportLab does
        pdf_font.Name = internal_name
        pdf_font.BaseFont = base_name
        pdf_font.FirstChar = 0
        pdf_font.LastChar = len(subset) - 1
        pdf_font.Widths = _Written(_widths(face, subset))
        pdf_font.ToUnicode = _Written(b"\x000\x00")
        pdf_font.FontDescriptor = _Written(b"\x001\x00")
        found = cache[key] = _SubsetObjects(
            base_name, to_unicode.format(doc), font_file.format(doc), _pieces(descriptor, 1, doc),
            _pieces(pdf_font, 2, doc))
        if len(cache) > 8:
            cache.popitem(last=False)
        return found

    def add_objects(doc: Any) -> None:
        """ReportLab's ``TTFont.addObjects`` from formatted objects: the same objects, in the same order."""
        state = font.state.get(doc)
        if state is None:
            state = font.state[doc] = TTFont.State(cast(Any, font)._asciiReadable)
        state.frozen = 1
        basic_fonts = doc.idToObject["BasicFonts"].dict
        for number, subset in enumerate(state.subsets):
            internal_name = font.getSubsetInternalName(number, doc)[1:]
            made = objects(doc, number, subset, internal_name)
            to_unicode = doc.Reference(_WrittenObject(made.to_unicode), "toUnicodeCMap:" + made.base_name)
            font_file = doc.Reference(_WrittenObject(made.font_file), f"fontFile:{face.filename}({made.base_name})")
            descriptor = doc.Reference(_Template(made.descriptor, (font_file,)), "fontDescriptor:" + made.base_name)
            pdf_font = _Template(made.font, (to_unicode, descriptor))
            doc.Reference(pdf_font, internal_name)
            basic_fonts[internal_name] = pdf_font
        del font.state[doc]

    setattr(font, "addObjects", add_objects)  # noqa: B010 - an instance attribute over the method


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
            _cache_objects(font)
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
    once per process (:func:`_cache_objects`). The text object is never drawn: nothing reaches the page.
    """
    text_object = canvas.beginText()
    text_object.setFont(MAIN, 1)
    text_object.textOut(_PRIME)
    global _primed
    if _primed is None:
        assignments = registered(MAIN).state[canvas._doc].assignments  # type: ignore[attr-defined]
        _primed = {chr(code): number for code, number in assignments.items()}


_primed: dict[str, int] | None = None
"""Character → its code in the main font, the same in every document once primed (ASCII and :data:`_PRIME`)."""
_ENCODED: dict[str, tuple[tuple[int, str], ...]] = {}
_ESCAPE = {code: f"\\{code:03o}" for code in (*range(32), *range(127, 256))} | {
    ord("\\"): "\\\\", ord("("): "\\(", ord(")"): "\\)"}


def escaped(data: bytes) -> str:
    """The bytes of a PDF string literal, escaped as ReportLab's ``escapePDF`` does."""
    return data.decode("latin-1").translate(_ESCAPE)


def encode(font: TTFont, text: str, doc: Any) -> tuple[tuple[int, str], ...] | list[tuple[int, str]]:
    """``text`` in the font codes of ``doc``: (subset, escaped string literal) pieces, as
    ``font.splitString`` numbers them (new characters get the next codes of the document).

    Text of primed characters only has the same codes in every document (:func:`prime`), so its
    pieces are worked out once per process; the rest goes through ReportLab per document.
    """
    primed = _primed
    if primed is not None and font.fontName == MAIN:
        found = _ENCODED.get(text)
        if found is not None:
            return found
        if primed.keys() >= set(text):
            codes = [primed[char] for char in text]
            pieces = tuple((subset, escaped(bytes(code & 0xFF for code in group)))
                           for subset, group in groupby(codes, lambda code: code >> 8))
            if len(_ENCODED) < 16384:
                _ENCODED[text] = pieces
            return pieces
    return [(subset, escaped(data)) for subset, data in font.splitString(text, doc)]


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
