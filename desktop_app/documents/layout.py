"""A small page-layout engine on the ReportLab canvas: strips, groups, tables, pagination.

Why not platypus: documents are issued in bulk (≥ 200 bills/s on two cores), and drawing on the canvas
directly is several times faster than building Paragraph and Table flowables. It is also safer: text is
only ever *drawn* (``textOut``), never parsed as markup, so customer-supplied strings such as
``<img src="http://x"/>`` print literally and cannot fetch anything.

A document is a list of :class:`Group` objects, each a list of :class:`Strip` objects (one line of text,
usually). :func:`paginate` places strips top to bottom; a group that fits on a fresh page is never split
(``keep``), a longer one breaks between strips, so any text, however long, flows onto further pages. A
strip that belongs to a table names its header, which is repeated at the top of every page the table
continues on. Pagination finishes before anything is drawn, so every page knows the total ("1/3").
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Literal

from reportlab.lib.colors import Color, HexColor
from reportlab.pdfgen.canvas import Canvas

from desktop_app.documents.fonts import encode, fit_size, registered, runs, string_width, wrap

__all__ = ["Cell", "Column", "Group", "Pen", "Strip", "Table", "color", "draw_pages", "paginate"]

Align = Literal["l", "r", "c"]
INK = HexColor("#1A1A1A")
MUTED = HexColor("#5F6368")
RULE = HexColor("#C8CDD2")
BAND = HexColor("#F2F4F6")
WHITE = HexColor("#FFFFFF")
_EPSILON = 0.01


@lru_cache(maxsize=64)
def color(value: str, default: str = "#1F4E79") -> Color:
    """``#RRGGBB`` as a colour; anything else gives ``default`` (a bad setting must not stop printing)."""
    text = value.strip()
    if len(text) == 7 and text[0] == "#" and all(c in "0123456789abcdefABCDEF" for c in text[1:]):
        return HexColor(text)
    return HexColor(default)


@lru_cache(maxsize=64)
def tint(accent: Color, share: float = 0.1) -> Color:
    """A light tint of ``accent`` (``share`` of the colour over white) for bands behind text."""
    return Color(1 - share * (1 - accent.red), 1 - share * (1 - accent.green), 1 - share * (1 - accent.blue))


class _Layer:
    """The text operators of one page layer, with the font subset and colour last set in it."""

    __slots__ = ("color", "font", "operators")

    def __init__(self) -> None:
        self.operators: list[str] = []
        self.font: tuple[str, int, float] | None = None
        self.color: Color | None = None


def _number(value: float) -> str:
    return f"{value:.3f}".rstrip("0").rstrip(".") or "0"


_RGB: dict[tuple[float, float, float], str] = {}


def _rgb(color: Color) -> str:
    key = (color.red, color.green, color.blue)
    found = _RGB.get(key)
    if found is None:
        found = _RGB[key] = " ".join(map(_number, key))
    return found


class Pen:
    """Drawing helpers over one canvas: text in font runs, simulated bold, rules and boxes.

    Text is written as PDF text operators, one BT…ET block per layer (regular text, and bold text per
    stroke width), drawn over the page's shapes by :meth:`flush`. Bold is simulated by filling and stroking
    the glyphs (wqy-microhei has no bold face). Writing the operators here rather than through ReportLab's
    text objects halves the cost of text (it is most of a bill's drawing time); the encoding into font
    subsets is still ReportLab's (``TTFont.splitString``, see :func:`fonts.encode`), so the fonts are
    embedded as usual.
    """

    def __init__(self, canvas: Canvas) -> None:
        self.canvas = canvas
        self._doc = canvas._doc  # type: ignore[attr-defined]  # the document the font subsets belong to
        self._layers: dict[float, _Layer] = {}
        self._font_names: dict[tuple[str, int], str] = {}

    def text(self, x: float, y: float, text: str, size: float, *, bold: bool = False, color: Color = INK,
             align: Align = "l") -> None:
        """Draw ``text`` with its baseline at ``y``; ``x`` is the left, right or centre edge per ``align``."""
        if not text:
            return
        if align != "l":
            width = string_width(text, size)
            x -= width if align == "r" else width / 2
        stroke = round(size * 0.04, 2) if bold else 0.0
        layer = self._layers.get(stroke)
        if layer is None:
            layer = self._layers[stroke] = _Layer()
        operators = layer.operators
        if color is not layer.color:
            rgb = _rgb(color)
            operators.append(f"{rgb} rg {rgb} RG" if stroke else f"{rgb} rg")
            layer.color = color
        operators.append(f"1 0 0 1 {_number(x)} {_number(y)} Tm")
        doc = self._doc
        for name, part in runs(text):
            font = registered(name)
            for subset, literal in encode(font, part, doc):
                if layer.font != (name, subset, size):
                    internal = self._font_names.get((name, subset))
                    if internal is None:
                        internal = self._font_names[name, subset] = font.getSubsetInternalName(subset, doc)
                    operators.append(f"{internal} {_number(size)} Tf")
                    layer.font = (name, subset, size)
                operators.append(f"({literal}) Tj")

    def flush(self) -> None:
        """Draw the text so far (call before anything that must lie over it, and at the end of a page)."""
        for stroke in sorted(self._layers):
            mode = f"{_number(stroke)} w 2 Tr\n" if stroke else ""
            self.canvas.addLiteral("BT\n" + mode + "\n".join(self._layers[stroke].operators) + "\nET")
        self._layers.clear()

    def rule(self, x1: float, x2: float, y: float, color: Color = RULE, width: float = 0.5) -> None:
        canvas = self.canvas
        canvas.setStrokeColor(color)
        canvas.setLineWidth(width)
        canvas.line(x1, y, x2, y)

    def box(self, x: float, y: float, width: float, height: float, *, fill: Color | None = None,
            stroke: Color | None = None, line_width: float = 0.5) -> None:
        """A rectangle with its lower-left corner at (x, y)."""
        canvas = self.canvas
        if fill is not None:
            canvas.setFillColor(fill)
        if stroke is not None:
            canvas.setStrokeColor(stroke)
            canvas.setLineWidth(line_width)
        canvas.rect(x, y, width, height, stroke=int(stroke is not None), fill=int(fill is not None))


Draw = Callable[[Pen, float], None]
"""Draws a strip whose top edge is at the given y."""


@dataclass(slots=True, eq=False)
class Strip:
    """A horizontal slice of a page: a height and how to draw it; ``header`` repeats on each page."""

    height: float
    draw: Draw
    header: Strip | None = None


@dataclass(slots=True)
class Group:
    """Strips kept on one page when they fit on a fresh page (``keep``); otherwise split between strips."""

    strips: list[Strip]
    keep: bool = True


def spacer(height: float) -> Group:
    return Group([Strip(height, lambda pen, top: None)], keep=False)


Page = list[tuple[Strip, float]]


def paginate(groups: Sequence[Group], first_top: float, next_top: float, bottom: float) -> list[Page]:
    """Place every strip: a list of pages, each a list of (strip, top y)."""
    pages: list[Page] = [[]]
    headed: set[int] = set()
    y = first_top
    fresh = next_top - bottom

    def header_height(strip: Strip) -> float:
        return strip.header.height if strip.header is not None and id(strip.header) not in headed else 0.0

    for group in groups:
        if not group.strips:
            continue
        height = sum(strip.height for strip in group.strips)
        first = group.strips[0]
        fresh_height = height + (first.header.height if first.header is not None else 0.0)
        if (group.keep and pages[-1] and height + header_height(first) > y - bottom + _EPSILON
                and fresh_height <= fresh + _EPSILON):
            pages.append([])
            headed.clear()
            y = next_top
        for strip in group.strips:
            if strip.height + header_height(strip) > y - bottom + _EPSILON and pages[-1]:
                pages.append([])
                headed.clear()
                y = next_top
            if strip.header is not None and id(strip.header) not in headed:
                pages[-1].append((strip.header, y))
                y -= strip.header.height
                headed.add(id(strip.header))
            pages[-1].append((strip, y))
            y -= strip.height
    return pages


def draw_pages(canvas: Canvas, pages: Sequence[Page], decorate: Callable[[Pen, int, int], None]) -> None:
    """Draw the placed strips page by page, then ``decorate(pen, page number, page count)`` over them."""
    pen = Pen(canvas)
    total = len(pages)
    for number, page in enumerate(pages, start=1):
        for strip, top in page:
            strip.draw(pen, top)
        decorate(pen, number, total)
        pen.flush()
        canvas.showPage()


def baseline(top: float, leading: float, size: float) -> float:
    """The baseline that centres a line of ``size`` text in a line box of ``leading`` below ``top``."""
    return top - leading / 2 - size * 0.36


@dataclass(frozen=True, slots=True)
class Column:
    label: str
    width: float
    align: Align = "l"
    wraps: bool = True
    """False for numbers: one line, shrunk to fit instead of broken."""


@dataclass(frozen=True, slots=True)
class Cell:
    """A cell that spans several columns or overrides the column's alignment."""

    text: str
    span: int = 1
    align: Align | None = None


@dataclass(slots=True)
class Table:
    """Rows of wrapped cells under a header band in the accent colour, repeated on each page."""

    columns: Sequence[Column]
    x: float
    accent: Color
    size: float = 8.0
    padding: float = 3.0
    header: Strip = field(init=False)

    def __post_init__(self) -> None:
        self.header = self._header()

    @property
    def width(self) -> float:
        return sum(column.width for column in self.columns)

    @property
    def leading(self) -> float:
        return self.size * 1.35

    def _header(self) -> Strip:
        size, pad = self.size, self.padding
        leading = size * 1.3
        labels = [wrap(column.label, size, column.width - 2 * pad) for column in self.columns]
        height = max(len(lines) for lines in labels) * leading + 2 * pad

        def draw(pen: Pen, top: float) -> None:
            pen.box(self.x, top - height, self.width, height, fill=self.accent)
            left = self.x
            for column, lines in zip(self.columns, labels, strict=True):
                for index, line in enumerate(lines):
                    y = baseline(top - pad - index * leading, leading, size)
                    pen.text(_anchor(left, column.width, pad, column.align), y, line, size, bold=True,
                             color=WHITE, align=column.align)
                left += column.width

        return Strip(height, draw)

    def row(self, cells: Sequence[str | Cell], *, bold: bool = False, fill: Color | None = None,
            rule: bool = True, size: float | None = None) -> Group:
        """One row as a group of line strips (kept together when it fits a page)."""
        size = size or self.size
        leading, pad = size * 1.35, self.padding
        placed: list[tuple[float, float, Align, list[str], float]] = []  # x, width, align, lines, size
        index = 0
        for cell in cells:
            item = cell if isinstance(cell, Cell) else Cell(cell)
            columns = self.columns[index:index + item.span]
            index += item.span
            width = sum(column.width for column in columns)
            left = self.x + sum(column.width for column in self.columns[:index - item.span])
            align = item.align or columns[0].align
            inner = width - 2 * pad
            if columns[0].wraps or item.span > 1:
                placed.append((left, width, align, wrap(item.text, size, inner), size))
            else:
                placed.append((left, width, align, [item.text], fit_size(item.text, size, inner)))
        count = max(len(lines) for _, _, _, lines, _ in placed)
        strips: list[Strip] = []
        for number in range(count):
            height = leading + (pad if number == 0 else 0) + (pad if number == count - 1 else 0)
            offset = pad if number == 0 else 0.0
            last = number == count - 1
            strips.append(Strip(height, self._line_drawer(placed, number, height, offset, leading, bold,
                                                          fill, rule and last), self.header))
        return Group(strips, keep=True)

    def _line_drawer(self, placed: list[tuple[float, float, Align, list[str], float]], number: int,
                     height: float, offset: float, leading: float, bold: bool, fill: Color | None,
                     rule: bool) -> Draw:
        pad = self.padding

        def draw(pen: Pen, top: float) -> None:
            if fill is not None:
                pen.box(self.x, top - height, self.width, height, fill=fill)
            for left, width, align, lines, size in placed:
                if number < len(lines):
                    y = baseline(top - offset, leading, self.size) + (self.size - size) * 0.36
                    pen.text(_anchor(left, width, pad, align), y, lines[number], size, bold=bold, align=align)
            if rule:
                pen.rule(self.x, self.x + self.width, top - height)

        return draw


def _anchor(left: float, width: float, pad: float, align: Align) -> float:
    if align == "r":
        return left + width - pad
    if align == "c":
        return left + width / 2
    return left + pad
