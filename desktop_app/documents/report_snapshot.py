"""A report as it was computed: title, table, totals, chart and summary cards — what the screen shows and
what the PDF, XLSX and CSV outputs write. Plain frozen data: no database, no Qt.

Cell values by column kind:

- ``text``: str, or a Label for words the report itself writes ("合计"/"Total", "免税"/"exempt")
- ``date``: datetime.date · ``count``: int
- ``money``: Decimal in yuan with two decimals (exact: computed from integer fen)
- ``quantity``: Decimal (usage in its unit) · ``percent``: Decimal ratio (0.853 means 85.3 %)
- None: nothing to show (e.g. no target set)

Labels carry both languages; outputs pick one (``Label.text(language)``, language "zh_CN" or "en"):
every renderer starts from ``localised(snapshot, language)``, which turns the Label cells and chart
categories into the text of that language.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, datetime
from decimal import Decimal
from typing import Any, Literal

ColumnKind = Literal["text", "date", "count", "money", "quantity", "percent"]
ChartKind = Literal["bar", "line", "pie"]

__all__ = ["Card", "Chart", "ChartKind", "Column", "ColumnKind", "Dashboard", "Drill", "Label", "ReportSnapshot",
           "Series", "Value", "category_texts", "localised", "localised_chart"]


@dataclass(frozen=True)
class Label:
    zh: str
    en: str

    def text(self, language: str) -> str:
        return self.zh if language.startswith("zh") else self.en


Value = str | Label | date | int | Decimal | None


@dataclass(frozen=True)
class Column:
    key: str
    kind: ColumnKind
    label: Label


@dataclass(frozen=True)
class Series:
    label: Label
    values: tuple[Decimal | int, ...]  # one per category of the chart


@dataclass(frozen=True)
class Chart:
    """What to draw beside the table: categories along the axis (bar, line) or the slices (pie)."""

    kind: ChartKind
    title: Label
    categories: tuple[str | Label, ...]
    series: tuple[Series, ...]
    value_kind: ColumnKind = "money"  # how the values are formatted (money, count, quantity, percent)
    key: str = ""  # which chart of the dashboard ("revenue_trend", "mrr_trend", "usage_trend"...)


@dataclass(frozen=True)
class Drill:
    """Where a row (or a dashboard figure) leads: another report with changed filters, or a list.

    ``target``: a report name ("bill_register", "aging"...) or one of the lists "customer" (one customer's
    detail: ``params["customer_id"]``), "bills" (``params``: "status", "overdue", "customer_id", "period"),
    "customers" (``params``: "owner_id", "tier", "status", "created_in"), "payments"."""

    target: str
    params: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Card:
    """A headline figure: 'Revenue this month ¥123,456.00', with an optional comparison line."""

    key: str
    label: Label
    value: Value
    kind: ColumnKind = "money"
    detail: Label | None = None  # e.g. "上月 ¥100,000.00 · 去年同月 ¥90,000.00"
    drill: Drill | None = None


@dataclass(frozen=True)
class ReportSnapshot:
    name: str  # registry name, e.g. "revenue_by_period"
    title: Label
    period_label: Label  # "2026年10月" / "October 2026"; a point-in-time report: "截至 2026-04-30" / "As of …"
    filters: tuple[tuple[Label, str], ...]  # the filters applied, for the printed header
    columns: tuple[Column, ...]
    rows: tuple[tuple[Value, ...], ...]
    totals: tuple[Value, ...] | None  # one value per column (first column usually "合计"/"Total")
    chart: Chart | None = None
    cards: tuple[Card, ...] = ()
    drills: tuple[Drill | None, ...] = ()  # one per row, or empty
    notes: tuple[Label, ...] = ()  # e.g. "amounts hidden by your role", the aging reference date
    company: str = ""
    generated_by: str = ""
    generated_at: datetime | None = None  # aware; shown in the company's time zone
    time_zone: str = "Asia/Shanghai"
    point_in_time: bool = False  # period_label names a day (aging), not a period


@dataclass(frozen=True)
class Dashboard:
    """The home screen's figures for one user (their ``reports`` scope): headline cards, charts and the
    top customers, each leading to the list behind it."""

    cards: tuple[Card, ...]
    charts: tuple[Chart, ...]
    top_customers: tuple[tuple[str, Decimal, Drill], ...]  # (customer name, revenue, its detail)
    top_customers_label: Label
    generated_at: datetime
    time_zone: str = "Asia/Shanghai"
    notes: tuple[Label, ...] = ()


def category_texts(chart: Chart, language: str) -> list[str]:
    """The chart's categories as text in ``language``."""
    return [name.text(language) if isinstance(name, Label) else name for name in chart.categories]


def _text(value: Value, language: str) -> Value:
    return value.text(language) if isinstance(value, Label) else value


def localised_chart(chart: Chart, language: str) -> Chart:
    """The chart with its categories as text in ``language``."""
    return replace(chart, categories=tuple(category_texts(chart, language)))


def localised(snapshot: ReportSnapshot, language: str) -> ReportSnapshot:
    """The snapshot with every Label cell (rows, totals, cards) and chart category as text in ``language``."""
    return replace(
        snapshot,
        rows=tuple(tuple(_text(value, language) for value in row) for row in snapshot.rows),
        totals=None if snapshot.totals is None else tuple(_text(value, language) for value in snapshot.totals),
        chart=None if snapshot.chart is None else localised_chart(snapshot.chart, language),
        cards=tuple(replace(card, value=_text(card.value, language)) for card in snapshot.cards),
    )
