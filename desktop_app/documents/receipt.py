"""Receipts (收据) for one payment, A5 landscape."""

from __future__ import annotations

import io

from reportlab.lib.colors import Color

from desktop_app.billing.amount_in_words import amount_in_words
from desktop_app.documents import fonts
from desktop_app.documents import labels as fmt
from desktop_app.documents.common import (
    CONTINUATION,
    LANDSCAPE_A5,
    company_header,
    decorator,
    finish,
    info_columns,
    new_canvas,
    section,
)
from desktop_app.documents.layout import (
    MUTED,
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
from desktop_app.documents.snapshots import ReceiptDocument

__all__ = ["render_receipt"]


def render_receipt(doc: ReceiptDocument, *, copy: bool = False, language: str = "zh_CN") -> bytes:
    """The PDF of a payment receipt: amount in figures and in 大写, and the bills it settles."""
    text = fmt.labels(language)
    geometry = LANDSCAPE_A5
    accent = color(doc.branding.accent)
    x, edge = geometry.left, geometry.right_edge
    copy_mark = "" if not copy else (f"{text['copy']} / COPY" if language != "en" else text["copy"])
    customer = doc.customer
    left = [(text["received_from"], customer.name), (text["customer_code"], customer.code),
            (text["method"], doc.method), (text["reference"], doc.reference)]
    right = [(text["receipt_number"], doc.number), (text["date"], fmt.day(doc.date))]
    if doc.received_on is not None and doc.received_on != doc.date:  # recorded after the money came
        right.append((text["received_on"], fmt.day(doc.received_on)))
    groups: list[Group] = [
        company_header(doc.company, geometry, text["receipt"], accent, text, mark=copy_mark),
        info_columns(geometry, left, right),
        spacer(6),
        _amount_band(doc, text, x, edge, accent),
        spacer(8),
    ]
    if doc.settles:
        table = Table([Column(text["settles"], geometry.content_width - 150),
                       Column(text["applied"], 150, "r", wraps=False)], x, accent)
        for number, applied in doc.settles:
            groups.append(table.row([number, fmt.amount(applied)]))
        if doc.unapplied:
            groups.append(table.row([text["unapplied"], fmt.amount(doc.unapplied)], fill=tint(accent, 0.06)))
    elif doc.unapplied:
        groups.append(info_columns(geometry, [(text["unapplied"], fmt.money(doc.unapplied, "CNY"))], [],
                                   strong_first=False))
    groups += section(geometry, text["notes"], doc.notes)
    groups.append(_signatures(doc, text, x, edge))

    first_top = geometry.height - geometry.top
    pages = paginate(groups, first_top, first_top - CONTINUATION, geometry.bottom)
    watermark = "" if not copy else (f"{text['copy']} COPY" if language != "en" else text["copy"])
    decorate = decorator(geometry, text, footer=doc.branding.footer, accent=accent, watermark=watermark,
                         running_title=f"{doc.company.name} · {text['receipt']} {doc.number}")
    buffer = io.BytesIO()
    canvas = new_canvas(buffer, geometry, f"{text['receipt']} {doc.number}", doc.company.name, doc.customer.name)
    return finish(canvas, buffer, pages, decorate)


def _amount_band(doc: ReceiptDocument, text: fmt.Labels, x: float, edge: float, accent: Color) -> Group:
    figures = fmt.money(doc.amount, "CNY")
    words = amount_in_words(doc.amount)
    label_width = max(fonts.string_width(text["amount"], 8.5), fonts.string_width(text["in_words"], 8.5)) + 14
    figures_size = fonts.fit_size(figures, 15, edge - x - label_width - 8)
    words_size = fonts.fit_size(words, 11, edge - x - label_width - 8)
    height = 46.0

    def draw(pen: Pen, top: float) -> None:
        pen.box(x, top - height, edge - x, height, fill=tint(accent, 0.08))
        pen.rule(x, edge, top, accent, 1)
        pen.rule(x, edge, top - height, accent, 1)
        y = baseline(top - 2, 22, 15)
        pen.text(x + 6, y, text["amount"], 8.5, color=MUTED)
        pen.text(x + label_width, y, figures, figures_size, bold=True, color=accent)
        y = baseline(top - 24, 20, 11)
        pen.text(x + 6, y, text["in_words"], 8.5, color=MUTED)
        pen.text(x + label_width, y, words, words_size, bold=True)

    return Group([Strip(height, draw)])


def _signatures(doc: ReceiptDocument, text: fmt.Labels, x: float, edge: float) -> Group:
    received = f"{text['received_by']}{text['colon']}{doc.received_by}"
    stamp = f"{text['stamp']}{text['colon']}"

    def draw(pen: Pen, top: float) -> None:
        y = top - 26
        pen.text(x, y, received, 9)
        middle = (x + edge) / 2 + 20
        pen.text(middle, y, stamp, 9)
        pen.rule(middle + fonts.string_width(stamp, 9) + 4, edge, y - 3, MUTED, 0.5)

    return Group([Strip(34, draw)])
