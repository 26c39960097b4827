"""Parts shared by every document: page geometry, company header, info columns, footer, marks, QR code."""

from __future__ import annotations

import io
import logging
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import groupby, zip_longest

from reportlab.graphics.barcode import qrencoder
from reportlab.lib.colors import Color, HexColor
from reportlab.lib.pagesizes import A4, A5, landscape
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas

from desktop_app.documents import fonts
from desktop_app.documents.labels import Labels
from desktop_app.documents.layout import INK, MUTED, RULE, Group, Page, Pen, Strip, baseline, draw_pages
from desktop_app.documents.snapshots import Company

log = logging.getLogger(__name__)
_RENDER_LOCK = threading.Lock()

RED = HexColor("#C00000")
PRODUCER = "Benji CRM"


@dataclass(frozen=True, slots=True)
class Geometry:
    """Page size and margins in points."""

    width: float
    height: float
    left: float
    right: float
    top: float
    bottom: float

    @property
    def content_width(self) -> float:
        return self.width - self.left - self.right

    @property
    def right_edge(self) -> float:
        return self.width - self.right


PORTRAIT_A4 = Geometry(*A4, left=42, right=42, top=40, bottom=50)
LANDSCAPE_A5 = Geometry(*landscape(A5), left=32, right=32, top=28, bottom=40)
CONTINUATION = 30.0
"""Height of the short header on every page after the first."""


def new_canvas(buffer: io.BytesIO, geometry: Geometry, title: str, author: str, subject: str) -> Canvas:
    """A canvas whose output depends on its content only (``invariant``: fixed dates and file id)."""
    fonts.setup()
    # The initial font goes into the page preamble: the default would add an unembedded Helvetica.
    canvas = Canvas(buffer, pagesize=(geometry.width, geometry.height), invariant=1, pageCompression=1,
                    initialFontName=fonts.MAIN, initialFontSize=9)  # type: ignore[arg-type]  # stub says float
    canvas.setTitle(title)
    canvas.setAuthor(author)
    canvas.setSubject(subject)
    canvas.setCreator(PRODUCER)
    canvas.setProducer(PRODUCER)
    fonts.prime(canvas)
    return canvas


def finish(canvas: Canvas, buffer: io.BytesIO, pages: Sequence[Page],
           decorate: Callable[[Pen, int, int], None]) -> bytes:
    """Draw and save under the process-wide lock: ReportLab's fonts keep per-document state and must not
    serve two documents at once (rendering is CPU-bound, so threads lose nothing by taking turns)."""
    with _RENDER_LOCK:
        draw_pages(canvas, pages, decorate)
        canvas.save()
    return buffer.getvalue()


def capped(text: str, size: float, width: float, lines: int) -> list[str]:
    """Wrapped lines, at most ``lines`` of them; the last one ends in … when text was cut."""
    wrapped = fonts.wrap(text, size, width)
    if len(wrapped) <= lines:
        return wrapped
    last = wrapped[lines - 1]
    while last and fonts.string_width(last + "…", size) > width:
        last = last[:-1]
    return [*wrapped[: lines - 1], last + "…"]


@lru_cache(maxsize=8)
def _logo(data: bytes) -> ImageReader | None:
    try:
        reader = ImageReader(io.BytesIO(data))
        reader.getSize()
    except Exception:  # a broken logo must not stop printing bills
        log.warning("the company logo could not be read; documents print without it", exc_info=True)
        return None
    return reader


def company_header(company: Company, geometry: Geometry, title: str, accent: Color, labels: Labels, *,
                   title_color: Color | None = None, subtitle: str = "", mark: str = "") -> Group:
    """Logo and company details on the left, the document title (and copy mark) on the right."""
    x, right = geometry.left, geometry.right_edge
    logo = _logo(company.logo) if company.logo else None
    logo_width = logo_height = 0.0
    if logo is not None:
        pixel_width, pixel_height = logo.getSize()
        logo_height = min(48.0, 120.0 * pixel_height / pixel_width)
        logo_width = logo_height * pixel_width / pixel_height
    title_width = 190.0
    text_x = x + (logo_width + 10 if logo is not None else 0)
    text_width = right - title_width - text_x - 10
    name_lines = capped(company.name, 14, text_width, 2)
    details: list[str] = []
    colon = labels["colon"]
    if company.address:
        details += capped(company.address, 8, text_width, 2)
    for pair in ((("phone", company.phone), ("tax_id", company.tax_id)),
                 (("bank", company.bank_name), ("account", company.bank_account))):
        parts = [f"{labels[key]}{colon}{value}" for key, value in pair if value]
        if parts:
            details += capped("    ".join(parts), 8, text_width, 2)
    left_height = len(name_lines) * 18 + len(details) * 11
    right_height = 26 + (14 if subtitle else 0) + (20 if mark else 0)
    height = max(left_height, right_height, logo_height) + 8
    title_ink = title_color or accent

    def draw(pen: Pen, top: float) -> None:
        if logo is not None:
            pen.canvas.drawImage(logo, x, top - logo_height, logo_width, logo_height, mask="auto")
        y = top
        for line in name_lines:
            pen.text(text_x, baseline(y, 18, 14), line, 14, bold=True, color=accent)
            y -= 18
        for line in details:
            pen.text(text_x, baseline(y, 11, 8), line, 8, color=MUTED)
            y -= 11
        pen.text(right, baseline(top, 26, 20), title, 20, bold=True, color=title_ink, align="r")
        y = top - 26
        if subtitle:
            pen.text(right, baseline(y, 14, 9), subtitle, 9, bold=True, color=title_ink, align="r")
            y -= 14
        if mark:
            draw_mark(pen, right, y - 2, mark)
        pen.rule(x, right, top - height + 2, accent, 1.5)

    return Group([Strip(height, draw)])


def draw_mark(pen: Pen, right: float, top: float, text: str) -> None:
    """A boxed red mark (副本 / COPY) whose top-right corner is at (right, top)."""
    width = fonts.string_width(text, 9) + 12
    pen.box(right - width, top - 16, width, 16, stroke=RED, line_width=1)
    pen.text(right - width / 2, top - 11.5, text, 9, bold=True, color=RED, align="c")


@dataclass(frozen=True, slots=True)
class InfoLine:
    label: str
    text: str
    size: float = 8.5
    bold: bool = False


def info_columns(geometry: Geometry, left: Sequence[tuple[str, str]], right: Sequence[tuple[str, str]],
                 *, right_width: float = 210, gap: float = 6, strong_first: bool = True) -> Group:
    """Two columns of labelled values (customer on the left, document facts on the right), one strip a line.

    Left values wrap beside their labels (the first one large and bold: the customer's name) and may run to
    any length, splitting across pages like any other text; empty values are left out. Right values are
    single lines shrunk to fit.
    """
    shown = [(label, value) for label, value in left if value]
    label_width = max([54.0] + [fonts.string_width(label, 8) + 10 for label, _ in shown])
    width = geometry.content_width - right_width - 20 - label_width
    lines: list[InfoLine] = []
    for index, (label, value) in enumerate(shown):
        size, bold = (11.0, True) if index == 0 and strong_first else (8.5, False)
        lines += [InfoLine(label if number == 0 else "", line, size, bold)
                  for number, line in enumerate(fonts.wrap(value, size, width))]
    strips: list[Strip] = []
    x, edge = geometry.left, geometry.right_edge
    meta_x = edge - right_width
    for left_line, right_pair in zip_longest(lines, right):
        size = left_line.size if left_line is not None else 8.5
        leading = max(size * 1.4, 12.0)
        strips.append(Strip(leading + (gap if not strips else 0),
                            _info_drawer(x, meta_x, edge, left_line, right_pair, leading, label_width,
                                         gap if not strips else 0)))
    return Group(strips)


def _info_drawer(x: float, meta_x: float, edge: float, left: InfoLine | None, right: tuple[str, str] | None,
                 leading: float, label_width: float, gap: float) -> Callable[[Pen, float], None]:
    def draw(pen: Pen, top: float) -> None:
        top -= gap
        if left is not None:
            y = baseline(top, leading, left.size)
            pen.text(x, y, left.label, 8, color=MUTED)
            pen.text(x + label_width, y, left.text, left.size, bold=left.bold, color=INK)
        if right is not None:
            y = baseline(top, leading, 8.5)
            label, value = right
            pen.text(meta_x, y, label, 8, color=MUTED)
            size = fonts.fit_size(value, 8.5, edge - meta_x - 64)
            pen.text(edge, y, value, size, bold=True, align="r")

    return draw


def decorator(geometry: Geometry, labels: Labels, *, footer: str, running_title: str, accent: Color,
              watermark: str = "", watermark_color: Color = MUTED) -> Callable[[Pen, int, int], None]:
    """Footer (text, page x/y) on every page, a short header from page 2 on, an optional watermark."""
    x, edge = geometry.left, geometry.right_edge
    footer_lines = capped(footer, 7, geometry.content_width - 90, 2) if footer else []
    running_title = capped(running_title, 9, geometry.content_width - 60, 1)[0]

    def decorate(pen: Pen, number: int, total: int) -> None:
        rule_y = geometry.bottom - 6
        pen.rule(x, edge, rule_y, RULE, 0.5)
        for index, line in enumerate(footer_lines):
            pen.text(x, rule_y - 10 - index * 9, line, 7, color=MUTED)
        pen.text(edge, rule_y - 10, labels["page"].format(number, total), 7.5, color=MUTED, align="r")
        if number > 1:
            top = geometry.height - geometry.top
            pen.text(x, top - 12, running_title, 9, bold=True, color=accent)
            pen.text(edge, top - 12, f"（{labels['continued']}）" if labels["colon"] == "："
                     else f"({labels['continued']})", 8, color=MUTED, align="r")
            pen.rule(x, edge, top - CONTINUATION + 10, accent, 1)
        if watermark:
            draw_watermark(pen, geometry, watermark, watermark_color)

    return decorate


def draw_watermark(pen: Pen, geometry: Geometry, text: str, ink: Color) -> None:
    """Large diagonal translucent text across the page (副本 COPY, 作废 VOID)."""
    canvas = pen.canvas
    pen.flush()
    size = min(geometry.width, geometry.height) / 6.5
    canvas.saveState()
    canvas.setFillAlpha(0.13)
    canvas.setStrokeAlpha(0.13)
    canvas.translate(geometry.width / 2, geometry.height / 2)
    canvas.rotate(32 if geometry.height > geometry.width else 18)
    pen.text(0, -size / 3, text, size, bold=True, color=ink, align="c")  # stroked too: alpha on both
    pen.flush()
    canvas.restoreState()


@lru_cache(maxsize=16)
def _qr_runs(text: str) -> tuple[int, tuple[tuple[int, int, int], ...]]:
    """QR module count and the dark runs (row, first column, length), computed once per text."""
    code = qrencoder.QRCode(None, qrencoder.QRErrorCorrectLevel.M)
    code.addData(text)
    code.make()
    found: list[tuple[int, int, int]] = []
    for row, modules in enumerate(code.modules):
        column = 0
        for dark, run in groupby(bool(module) for module in modules):
            length = len(list(run))
            if dark:
                found.append((row, column, length))
            column += length
    return len(code.modules), tuple(found)


@lru_cache(maxsize=16)
def _qr_operators(text: str, size: float) -> str:
    """The PDF path of the dark modules, relative to the top-left corner (formatted once per text)."""
    count, dark_runs = _qr_runs(text)
    module = size / (count + 4)
    return " ".join(f"{(column + 2) * module:.3f} {-(row + 3) * module:.3f} {length * module:.3f} {module:.3f} re"
                    for row, column, length in dark_runs)


def draw_qr(pen: Pen, x: float, top: float, size: float, text: str) -> None:
    """A QR code ``size`` points square, top-left corner at (x, top), quiet zone included."""
    pen.canvas.addLiteral(f"q 0 g 1 0 0 1 {x:.3f} {top:.3f} cm {_qr_operators(text, size)} f Q")


def text_strip(x: float, line: str, size: float, leading: float, ink: Color = INK) -> Strip:
    def draw(pen: Pen, top: float) -> None:
        pen.text(x, baseline(top, leading, size), line, size, color=ink)

    return Strip(leading, draw)


def section(geometry: Geometry, title: str, body: str) -> Sequence[Group]:
    """A heading and wrapped text; the heading stays with the first lines, long text flows on."""
    if not body.strip():
        return []
    x = geometry.left
    lines = fonts.wrap(body.strip(), 8.5, geometry.content_width)
    heading = capped(title, 9.5, geometry.content_width, 1)[0]

    def draw_heading(pen: Pen, top: float) -> None:
        pen.text(x, baseline(top - 6, 16, 9.5), heading, 9.5, bold=True)

    strips = [Strip(22, draw_heading), *(text_strip(x, line, 8.5, 12.0) for line in lines)]
    return [Group(strips, keep=len(strips) < 16)]
