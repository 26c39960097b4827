"""Bills (账单) and credit notes (冲销账单), A4 portrait."""

from __future__ import annotations

import io
from decimal import Decimal

from reportlab.lib.colors import Color

from desktop_app.billing.amount_in_words import amount_in_words
from desktop_app.documents import fonts
from desktop_app.documents import labels as fmt
from desktop_app.documents.common import (
    CONTINUATION,
    PORTRAIT_A4,
    RED,
    Geometry,
    company_header,
    decorator,
    draw_qr,
    finish,
    info_columns,
    new_canvas,
    section,
    text_strip,
)
from desktop_app.documents.layout import (
    INK,
    MUTED,
    Cell,
    Column,
    Group,
    Pen,
    Strip,
    Table,
    baseline,
    color,
    paginate,
    spacer,
    tint,
)
from desktop_app.documents.snapshots import BillDocument, DocumentLine

__all__ = ["render_bill"]

_PRICED = (("description", 0.0, "l", True), ("line_period", 66, "l", True), ("quantity", 40, "r", False),
           ("unit", 28, "l", True), ("unit_price", 50, "r", False), ("net", 56, "r", False),
           ("tax_rate", 34, "r", False), ("tax", 50, "r", False), ("gross", 60, "r", False))
_UNPRICED = (("description", 0.0, "l", True), ("line_period", 120, "l", True), ("quantity", 70, "r", False),
             ("unit", 50, "l", True))


def render_bill(doc: BillDocument, *, copy: bool = False, without_prices: bool = False,
                language: str = "zh_CN") -> bytes:
    """The PDF of a bill or credit note; the same snapshot and options give the same bytes."""
    text = fmt.labels(language)
    geometry = PORTRAIT_A4
    credit = doc.is_credit_note
    accent = RED if credit else color(doc.branding.accent)
    title = text["credit_note"] if credit else text["bill"]
    subtitle = ""
    if credit:
        subtitle = f"{text['red_letter']} · {text['original']} {doc.original_number}"
    elif without_prices:
        subtitle = text["without_prices"]
    copy_mark = f"{text['copy']} / COPY" if copy and language != "en" else (text["copy"] if copy else "")

    groups: list[Group] = [
        company_header(doc.company, geometry, title, accent, text, subtitle=subtitle, mark=copy_mark),
        _info(doc, geometry, text),
        spacer(8),
    ]
    if not without_prices:
        groups.append(_caption(doc, geometry, text))
    table = _table(geometry, accent, text, without_prices)
    for line in doc.lines:
        groups.append(table.row(_cells(line, text, without_prices)))
    if not without_prices:
        groups += _subtotals(doc, table, text)
        if doc.currency == "CNY":  # 大写 is written in 人民币 only
            groups.append(_in_words(geometry, text, accent, text["total_gross"], doc.total_gross))
        groups.append(spacer(6))
        groups.append(_totals(doc, geometry, text, accent))
        if doc.due != doc.total_gross and doc.currency == "CNY":
            due_label = text["credited_to_account"] if doc.is_credit_note else text["amount_due"]
            groups.append(_in_words(geometry, text, accent, due_label, doc.due))
        groups += _payment(doc, geometry, text)
    groups += section(geometry, text["notes"], doc.notes)
    groups += section(geometry, text["terms"], doc.branding.terms)

    first_top = geometry.height - geometry.top
    pages = paginate(groups, first_top, first_top - CONTINUATION, geometry.bottom)
    watermark = ""
    if doc.status in ("void", "draft"):
        watermark = f"{text[doc.status]} {doc.status.upper()}" if language != "en" else text[doc.status]
    elif copy:
        watermark = f"{text['copy']} COPY" if language != "en" else text["copy"]
    decorate = decorator(geometry, text, footer=doc.branding.footer, accent=accent,
                         running_title=f"{doc.company.name} · {title} {doc.number}", watermark=watermark,
                         watermark_color=RED if doc.status in ("void", "draft") else MUTED)
    buffer = io.BytesIO()
    canvas = new_canvas(buffer, geometry, f"{title} {doc.number}", doc.company.name, doc.customer.name)
    return finish(canvas, buffer, pages, decorate)


def _info(doc: BillDocument, geometry: Geometry, text: fmt.Labels) -> Group:
    customer = doc.customer
    left = [(text["customer"], customer.name), (text["customer_code"], customer.code),
            (text["address"], customer.address), (text["tax_id"], customer.tax_id),
            (text["contact"], customer.contact), (text["phone"], customer.phone)]
    right = [(text["credit_number"] if doc.is_credit_note else text["number"], doc.number)]
    if doc.is_credit_note:
        right.append((text["original"], doc.original_number or ""))
    right.append((text["issue_date"], fmt.day(doc.issue_date)))
    if doc.due_date is not None:
        right.append((text["due_date"], fmt.day(doc.due_date)))
    if doc.period_start is not None or doc.period_end is not None:
        right.append((text["period"], fmt.period(doc.period_start, doc.period_end, text["period_to"])))
    return info_columns(geometry, left, right)


def _caption(doc: BillDocument, geometry: Geometry, text: fmt.Labels) -> Group:
    prices = text["prices_incl"] if doc.tax_inclusive else text["prices_excl"]
    caption = f"{prices}  ·  {text['currency']}{text['colon']}{doc.currency}"

    def draw(pen: Pen, top: float) -> None:
        pen.text(geometry.right_edge, baseline(top, 12, 7.5), caption, 7.5, color=MUTED, align="r")

    return Group([Strip(12, draw)])


def _table(geometry: Geometry, accent: Color, text: fmt.Labels, without_prices: bool) -> Table:
    spec = _UNPRICED if without_prices else _PRICED
    fixed = sum(width for _, width, _, _ in spec)
    columns = [Column(text[key], width or geometry.content_width - fixed, align, wraps)  # type: ignore[arg-type]
               for key, width, align, wraps in spec]
    return Table(columns, geometry.left, accent)


def _cells(line: DocumentLine, text: fmt.Labels, without_prices: bool) -> list[str | Cell]:
    cells: list[str | Cell] = [line.description, line.period, fmt.quantity(line.quantity), line.unit]
    if not without_prices:
        cells += [fmt.unit_price(line.unit_price), fmt.amount(line.net), fmt.rate(line.tax_rate, text["exempt"]),
                  fmt.amount(line.tax), fmt.amount(line.gross)]
    return cells


def _rate_key(rate: str | None) -> Decimal:
    return Decimal(rate) if rate is not None else Decimal(-1)


def _subtotals(doc: BillDocument, table: Table, text: fmt.Labels) -> list[Group]:
    """One row per tax rate (highest first, exempt last) when the bill has more than one."""
    sums: dict[str | None, list[Decimal]] = {}
    for line in doc.lines:
        key = None if line.tax_rate is None else str(Decimal(line.tax_rate).normalize())
        total = sums.setdefault(key, [Decimal(0), Decimal(0), Decimal(0)])
        total[0] += line.net
        total[1] += line.tax
        total[2] += line.gross
    if len(sums) < 2:
        return []
    rows = []
    for key in sorted(sums, key=_rate_key, reverse=True):
        net, tax, gross = sums[key]
        label = f"{text['subtotal']}  {text['tax_rate']} {fmt.rate(key, text['exempt'])}"
        rows.append(table.row([Cell(label, span=5), fmt.amount(net), fmt.rate(key, text["exempt"]),
                               fmt.amount(tax), fmt.amount(gross)], fill=tint(table.accent, 0.06)))
    return rows


def _in_words(geometry: Geometry, text: fmt.Labels, accent: Color, label: str, value: Decimal) -> Group:
    """价税合计（大写） 人民币… (小写) ¥… in a tinted band (CNY amounts only)."""
    x, edge = geometry.left, geometry.right_edge
    caption = f"{label}{text['words_of']}"
    figures = f"{text['figures']}{fmt.money(value, 'CNY')}"
    words = amount_in_words(value)
    caption_width = fonts.string_width(caption, 8) + 12
    figures_width = fonts.string_width(figures, 10) + 12
    words_size = fonts.fit_size(words, 10, edge - x - caption_width - figures_width - 12)

    def draw(pen: Pen, top: float) -> None:
        pen.box(x, top - 22, edge - x, 22, fill=tint(accent, 0.08))
        y = baseline(top, 22, 9)
        pen.text(x + 4, y, caption, 8, color=MUTED)
        pen.text(x + caption_width, y, words, words_size, bold=True)
        pen.text(edge - 4, y, figures, 10, bold=True, align="r")

    return Group([Strip(22, draw)])


def _totals(doc: BillDocument, geometry: Geometry, text: fmt.Labels, accent: Color) -> Group:
    rows: list[tuple[str, Decimal, float, bool, Color]] = [
        (text["total_net"], doc.total_net, 9, False, INK),
        (text["total_tax"], doc.total_tax, 9, False, INK),
        (text["total_gross"], doc.total_gross, 11, True, INK),
    ]
    if doc.credit_applied:
        rows.append((text["credit_applied"], -doc.credit_applied, 9, False, INK))
    if doc.is_credit_note and doc.wallet_applied:  # part of the credit went back where the bill's money came from
        rows.append((text["wallet_returned"], -doc.wallet_applied, 9, False, INK))
        rows.append((text["credited_to_account"], doc.due, 12, True, accent))
        return _total_rows(rows, doc.currency, geometry)
    if doc.wallet_applied:
        rows.append((text["wallet_applied"], -doc.wallet_applied, 9, False, INK))
    if doc.credit_applied or doc.wallet_applied:
        rows.append((text["amount_due"], doc.due, 12, True, accent))
    return _total_rows(rows, doc.currency, geometry)


def _total_rows(rows: list[tuple[str, Decimal, float, bool, Color]], currency: str, geometry: Geometry) -> Group:
    edge = geometry.right_edge
    label_x = edge - 250
    strips = []
    for label, value, size, bold, ink in rows:
        figures = fmt.money(value, currency)
        fitted = fonts.fit_size(figures, size, 150)
        height = size * 1.6

        def draw(pen: Pen, top: float, label: str = label, figures: str = figures, size: float = size,
                 fitted: float = fitted, bold: bool = bold, ink: Color = ink, height: float = height) -> None:
            y = baseline(top, height, size)
            pen.text(label_x, y, label, min(size, 10), bold=bold, color=ink if bold else MUTED)
            pen.text(edge - 4, y, figures, fitted, bold=bold, color=ink, align="r")
            if bold:
                pen.rule(label_x, edge, top, ink, 0.8)

        strips.append(Strip(height, draw))
    return Group(strips)


def _payment(doc: BillDocument, geometry: Geometry, text: fmt.Labels) -> list[Group]:
    instructions, qr_text = doc.branding.payment_instructions, doc.branding.qr_text
    if not instructions and not qr_text:
        return []
    x, edge = geometry.left, geometry.right_edge
    qr_size = 78.0 if qr_text else 0.0
    lines = fonts.wrap(instructions, 8.5, geometry.content_width - qr_size - 16) if instructions else []
    leading = 12.0
    head = 16.0
    # The QR code sits beside the first lines: those lines and the QR code are one strip.
    beside = max(1, min(len(lines), int((qr_size - head) // leading) + 1)) if lines else 0
    first_height = max(head + beside * leading, qr_size + 4)

    def draw_first(pen: Pen, top: float) -> None:
        pen.text(x, baseline(top, head, 9.5), text["payment"], 9.5, bold=True)
        for index, line in enumerate(lines[:beside]):
            pen.text(x, baseline(top - head - index * leading, leading, 8.5), line, 8.5)
        if qr_text:
            draw_qr(pen, edge - qr_size, top, qr_size, qr_text)

    strips = [Strip(first_height, draw_first)]
    strips += [text_strip(x, line, 8.5, leading) for line in lines[beside:]]
    return [spacer(10), Group(strips, keep=len(strips) < 40)]
