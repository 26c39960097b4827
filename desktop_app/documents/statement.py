"""Customer statements (对账单), A4 portrait: opening balance, movements, closing balance, aging."""

from __future__ import annotations

import io
from decimal import Decimal

from reportlab.lib.colors import Color

from desktop_app.documents import fonts
from desktop_app.documents import labels as fmt
from desktop_app.documents.common import (
    CONTINUATION,
    PORTRAIT_A4,
    Geometry,
    company_header,
    decorator,
    finish,
    info_columns,
    new_canvas,
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
from desktop_app.documents.snapshots import StatementDocument

__all__ = ["render_statement"]

_AGING_PER_ROW = 6


def render_statement(doc: StatementDocument, *, language: str = "zh_CN") -> bytes:
    """The PDF of a customer statement over ``[date_from, date_to]``."""
    text = fmt.labels(language)
    geometry = PORTRAIT_A4
    accent = color(doc.branding.accent)
    customer = doc.customer
    left = [(text["customer"], customer.name), (text["customer_code"], customer.code),
            (text["address"], customer.address), (text["contact"], customer.contact), (text["phone"], customer.phone)]
    span = f"{fmt.day(doc.date_from)} {text['period_to']} {fmt.day(doc.date_to)}"
    right = [(text["statement_period"], span), (text["generated"], fmt.stamp(doc.generated_at))]

    debit = sum((entry.debit for entry in doc.entries), Decimal("0.00"))
    credit = sum((entry.credit for entry in doc.entries), Decimal("0.00"))
    groups: list[Group] = [
        company_header(doc.company, geometry, text["statement"], accent, text),
        info_columns(geometry, left, right),
        spacer(8),
        _summary(geometry, accent, [(text["opening"], doc.opening_balance), (text["period_debit"], debit),
                                    (text["period_credit"], credit), (text["closing"], doc.closing_balance)]),
        spacer(10),
    ]
    table = Table([Column(text["date"], 62), Column(text["kind"], 58), Column(text["doc_number"], 92),
                   Column(text["memo"], geometry.content_width - 62 - 58 - 92 - 3 * 72),
                   Column(text["debit"], 72, "r", wraps=False), Column(text["credit"], 72, "r", wraps=False),
                   Column(text["balance"], 72, "r", wraps=False)], geometry.left, accent)
    band = tint(accent, 0.06)
    groups.append(table.row([fmt.day(doc.date_from), Cell(text["opening"], span=5),
                             fmt.amount(doc.opening_balance)], bold=True, fill=band))
    for entry in doc.entries:
        groups.append(table.row([fmt.day(entry.day), text.get(f"kind_{entry.kind}", entry.kind), entry.number,
                                 entry.description, _blank_zero(entry.debit), _blank_zero(entry.credit),
                                 fmt.amount(entry.balance)]))
    if not doc.entries:
        groups.append(table.row(["", Cell(text["no_entries"], span=6)]))
    groups.append(table.row([fmt.day(doc.date_to), Cell(text["closing"], span=3), fmt.amount(debit),
                             fmt.amount(credit), fmt.amount(doc.closing_balance)], bold=True, fill=band))
    if doc.aging:
        groups += _aging(doc, geometry, accent, text)

    first_top = geometry.height - geometry.top
    pages = paginate(groups, first_top, first_top - CONTINUATION, geometry.bottom)
    decorate = decorator(geometry, text, footer=doc.branding.footer, accent=accent,
                         running_title=f"{doc.company.name} · {text['statement']} · {doc.customer.name}")
    buffer = io.BytesIO()
    canvas = new_canvas(buffer, geometry, f"{text['statement']} {doc.customer.code} {span}", doc.company.name,
                        doc.customer.name)
    return finish(canvas, buffer, pages, decorate)


def _blank_zero(value: Decimal) -> str:
    return fmt.amount(value) if value else ""


def _summary(geometry: Geometry, accent: Color, boxes: list[tuple[str, Decimal]]) -> Group:
    """Four boxes side by side: label above, amount below."""
    x, gap = geometry.left, 8.0
    box_width = (geometry.content_width - gap * (len(boxes) - 1)) / len(boxes)
    height = 40.0
    texts = [(label, fmt.money(value, "CNY")) for label, value in boxes]

    def draw(pen: Pen, top: float) -> None:
        for index, (label, figures) in enumerate(texts):
            left = x + index * (box_width + gap)
            last = index == len(texts) - 1
            pen.box(left, top - height, box_width, height, fill=tint(accent, 0.16 if last else 0.07))
            pen.text(left + 8, top - 14, label, 8, color=MUTED)
            size = fonts.fit_size(figures, 13, box_width - 16)
            pen.text(left + box_width - 8, top - 32, figures, size, bold=True, color=accent if last else INK,
                     align="r")

    return Group([Strip(height, draw)])


def _aging(doc: StatementDocument, geometry: Geometry, accent: Color, text: fmt.Labels) -> list[Group]:
    buckets = [*doc.aging, (text["aging_total"], sum((value for _, value in doc.aging), Decimal("0.00")))]
    heading = text["aging"]

    def draw_heading(pen: Pen, top: float) -> None:
        pen.text(geometry.left, baseline(top - 8, 16, 9.5), heading, 9.5, bold=True)

    groups = [spacer(6)]
    first = True
    for start in range(0, len(buckets), _AGING_PER_ROW):
        chunk = buckets[start:start + _AGING_PER_ROW]
        width = geometry.content_width / _AGING_PER_ROW
        table = Table([Column(label, width, "r", wraps=False) for label, _ in chunk], geometry.left, accent)
        row = table.row([fmt.amount(value) for _, value in chunk])
        strips = ([Strip(24, draw_heading)] if first else [Strip(6, lambda pen, top: None)])
        groups.append(Group([*strips, table.header, *(_headless(strip) for strip in row.strips)]))
        first = False
    return groups


def _headless(strip: Strip) -> Strip:
    """The strip without its repeated header (the aging table's header is placed explicitly)."""
    return Strip(strip.height, strip.draw)
