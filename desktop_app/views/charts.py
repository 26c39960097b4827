"""Charts (QtCharts) drawn from a report's or the dashboard's ``Chart``: bar, line and pie, in the UI language.

Values are exact Decimals (or ints); they become floats only as positions on the screen. Every figure shown
as text (slice labels, tooltips, the value axis) is written from the exact value: ``format_value`` for
figures, ``axis_text`` for the rounded axis ticks (¥0, ¥50,000, ¥10万...).
"""

from __future__ import annotations

import re
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal
from typing import Any

from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSeries,
    QBarSet,
    QCategoryAxis,
    QChart,
    QChartView,
    QLegend,
    QLineSeries,
    QPieSeries,
    QPieSlice,
)
from PySide6.QtCore import QMargins, QPointF, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QCursor, QFont, QFontMetrics, QMouseEvent, QPainter, QPen, QResizeEvent
from PySide6.QtWidgets import QApplication, QGraphicsSimpleTextItem, QToolTip, QWidget

from desktop_app.documents.report_snapshot import Chart, localised_chart
from desktop_app.views.look import ACCENT, BORDER, MUTED, TEXT
from desktop_app.views.report_format import format_value

__all__ = ["PALETTE", "ChartView", "axis_categories", "axis_text", "chart_view", "nice_ticks", "ui_language"]

# The app's accent first, then colours that stay apart on screen and on a grey printout.
PALETTE = (ACCENT, "#2da44e", "#bf8700", "#8250df", "#cf222e", "#1b7c83", "#e16f24", "#6e7781", "#bf3989",
           "#0550ae")
GRID = "#eaeef2"
# (unit, suffix, from which largest tick on): ¥12万 from ¥10万, ¥1.2亿 from ¥1亿; ¥12k from ¥10k, ¥1.5M from ¥1M
_UNITS = {"zh": ((Decimal(10) ** 8, "亿", Decimal(10) ** 8), (Decimal(10) ** 4, "万", Decimal(10) ** 5)),
          "en": ((Decimal(10) ** 9, "B", Decimal(10) ** 9), (Decimal(10) ** 6, "M", Decimal(10) ** 6),
                 (Decimal(10) ** 3, "k", Decimal(10) ** 4))}


def ui_language() -> str:
    """The language the UI was started in ("zh_CN" or "en"), as i18n.install set the default locale."""
    from PySide6.QtCore import QLocale

    return "zh_CN" if QLocale().language() == QLocale.Language.Chinese else "en"


def nice_ticks(low: Decimal, high: Decimal, kind: str = "money", count: int = 5) -> list[Decimal]:
    """Round axis ticks (steps of 1, 2, 2.5 or 5 × 10ⁿ) from ≤ ``low`` to ≥ ``high``, zero included."""
    low, high = min(Decimal(low), Decimal(0)), max(Decimal(high), Decimal(0))
    if high == low:
        high = low + 1
    raw = (high - low) / count
    base = Decimal(1).scaleb(raw.adjusted())
    steps = (1, 2, 5, 10) if kind == "count" and base < 10 else (1, 2, Decimal("2.5"), 5, 10)
    step = next(base * m for m in steps if base * m >= raw)
    if kind == "count":
        step = max(step, Decimal(1))
    first = (low / step).to_integral_value(ROUND_FLOOR) * step
    last = (high / step).to_integral_value(ROUND_CEILING) * step
    return [first + step * i for i in range(int((last - first) / step) + 1)]


def _plain(value: Decimal, places: int = 2) -> str:
    """Grouped, with only the decimals it needs (at most ``places``): 12,000 · 1.5 · 2.25."""
    text = f"{value.quantize(Decimal(1).scaleb(-places)):,.{places}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def axis_text(value: Decimal, kind: str, language: str, largest: Decimal) -> str:
    """One value-axis tick: money without fen (¥12,000), large numbers by the unit of the axis's largest
    absolute value (¥12万 / ¥120k), percent as 85%."""
    value = Decimal(value)
    if kind == "percent":
        return _plain(value * 100, 1) + "%"
    number = abs(value)
    if number == 0:
        return "¥0" if kind == "money" else "0"
    text = ""
    for unit, suffix, start in _UNITS["zh" if language.startswith("zh") else "en"]:
        if abs(largest) >= start:
            text = _plain(number / unit) + suffix
            break
    else:
        text = _plain(number, 0 if kind in ("money", "count") else 2)
    if kind == "money":
        text = "¥" + text
    return "-" + text if value < 0 else text


_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_EN_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_SPACE = 350  # the width the category labels get in a chart ~420 px wide


def _distinct(labels: list[str]) -> list[str]:
    """The axis refuses a label twice (two customers of the same name): repeats get invisible marks."""
    seen: set[str] = set()
    found = []
    for text in labels:
        while text in seen:
            text += "\u200b"
        seen.add(text)
        found.append(text)
    return found


def axis_categories(categories: tuple[str, ...], language: str, metrics: QFontMetrics) -> list[str]:
    """The category labels as drawn: months (2026-10) as 10月 / Oct and days (2026-10-05) as 5, the year (or
    month) on a second line under the first label shown and where it changes; when they still do not fit
    side by side, every n-th label only (the others invisible but distinct, as the axis needs). Other labels
    stay as they are (cut short with "…" by the axis when too long)."""
    zh = language.startswith("zh")
    months = [_MONTH.match(text) for text in categories]
    days = [_DAY.match(text) for text in categories]
    parts: list[tuple[str, str]] = []  # (label, what it belongs to: the year of a month, the month of a day)
    if categories and all(months):
        for match in months:
            assert match is not None
            month = int(match[2])
            parts.append((f"{month}月" if zh else _EN_MONTHS[month - 1], match[1]))
    elif categories and all(days):
        for match in days:
            assert match is not None
            month = int(match[2])
            parts.append((str(int(match[3])), f"{month}月" if zh else _EN_MONTHS[month - 1]))
    else:
        return _distinct(list(categories))
    widest = max(metrics.horizontalAdvance(text) for text, _ in parts) + 5
    every = 1
    while widest * len(parts) / every > _SPACE and every < len(parts):
        every += 1
    offset = every // 2  # the first label shown stays clear of the axis's left end
    labels, group = [], ""
    for index, (text, belongs) in enumerate(parts):
        if (index - offset) % every:
            labels.append("\u200b" * (index + 1))
            continue
        labels.append(text if belongs == group else f"{text}<br>{belongs}")
        group = belongs
    return labels if len(set(labels)) == len(labels) else list(categories)


def _font(points: float, bold: bool = False) -> QFont:
    font = QFont(QApplication.font())
    font.setPointSizeF(points)
    font.setBold(bold)
    return font


class ChartView(QChartView):
    """A chart of a ``Chart``; ``clicked(index)`` gives the category (bar, line) or slice (pie) clicked, -1
    for elsewhere in the chart."""

    clicked = Signal(int)

    def __init__(self, source: Chart, language: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        source = localised_chart(source, language)  # categories the report writes ("未到期", "支付宝") as text
        self.source, self.language = source, language
        self._hit = -1
        self.labels = list(source.categories)  # the category labels as drawn (see axis_categories)
        chart = QChart()
        chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
        chart.setBackgroundRoundness(0)
        chart.setBackgroundBrush(QBrush(QColor("white")))
        chart.setMargins(QMargins(4, 4, 4, 4))
        chart.layout().setContentsMargins(0, 0, 0, 0)
        chart.setTitleFont(_font(10, bold=True))
        chart.setTitleBrush(QBrush(QColor(TEXT)))
        chart.setTitle(source.title.text(language))
        self.empty: QGraphicsSimpleTextItem | None = None  # "No data", centred where the plot would be
        if not source.categories or not source.series:
            self.empty = QGraphicsSimpleTextItem(self.tr("No data"), chart)
            self.empty.setFont(_font(10))
            self.empty.setBrush(QBrush(QColor(MUTED)))
        legend = chart.legend()
        legend.setFont(_font(8.5))
        legend.setLabelColor(QColor(TEXT))
        legend.setAlignment(Qt.AlignmentFlag.AlignBottom)
        legend.setMarkerShape(QLegend.MarkerShape.MarkerShapeRectangle)
        self.setChart(chart)
        if source.categories and source.series:
            if source.kind == "pie":
                self._pie(chart)
            else:
                self._axes(chart)
        legend.setVisible(source.kind == "pie" or len(source.series) > 1)
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setMinimumSize(320, 220)
        self.setFrameShape(QChartView.Shape.NoFrame)

    # -- building ----------------------------------------------------------------------------------------

    def _values(self, series_index: int) -> list[Decimal]:
        values = self.source.series[series_index].values
        return [Decimal(values[i]) if i < len(values) else Decimal(0) for i in range(len(self.source.categories))]

    def _axes(self, chart: QChart) -> None:
        source = self.source
        everything = [value for index in range(len(source.series)) for value in self._values(index)]
        ticks = nice_ticks(min(everything), max(everything), source.value_kind)
        largest = max(abs(ticks[0]), abs(ticks[-1]))
        categories = QBarCategoryAxis()
        categories.setLabelsFont(_font(8))
        self.labels = axis_categories(source.categories, self.language, QFontMetrics(categories.labelsFont()))
        categories.append(self.labels)
        dated = all(_MONTH.match(text) or _DAY.match(text) for text in source.categories)
        categories.setTruncateLabels(not dated)  # names too long for their place end in "…" (whole in the tooltip)
        categories.setLabelsColor(QColor(MUTED))
        categories.setGridLineVisible(False)
        categories.setLinePenColor(QColor(BORDER))
        values = QCategoryAxis()
        values.setLabelsPosition(QCategoryAxis.AxisLabelsPosition.AxisLabelsPositionOnValue)
        for tick in ticks:
            values.append(axis_text(tick, source.value_kind, self.language, largest), float(tick))
        values.setRange(float(ticks[0]), float(ticks[-1]))
        values.setLabelsFont(_font(8))
        values.setLabelsColor(QColor(MUTED))
        values.setGridLinePen(QPen(QColor(GRID), 1))
        values.setLineVisible(False)
        chart.addAxis(categories, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(values, Qt.AlignmentFlag.AlignLeft)
        if source.kind == "bar":
            bars = QBarSeries()
            for index, series in enumerate(source.series):
                bar_set = QBarSet(series.label.text(self.language))
                bar_set.append([float(value) for value in self._values(index)])
                bar_set.setColor(QColor(PALETTE[index % len(PALETTE)]))
                bar_set.setBorderColor(QColor(PALETTE[index % len(PALETTE)]))
                bar_set.hovered.connect(lambda on, at, i=index: self._tip(on, i, at))
                bar_set.clicked.connect(self._set_hit)
                bars.append(bar_set)
            bars.setBarWidth(0.7)
            chart.addSeries(bars)
            bars.attachAxis(categories)
            bars.attachAxis(values)
            return
        for index, series in enumerate(source.series):
            line = QLineSeries()
            line.setName(series.label.text(self.language))
            for position, value in enumerate(self._values(index)):
                line.append(float(position), float(value))
            color = QColor(PALETTE[index % len(PALETTE)])
            line.setPen(QPen(color, 2.2))
            line.setColor(color)
            line.setPointsVisible(len(source.categories) <= 12)
            line.setMarkerSize(5)
            line.hovered.connect(lambda point, on, i=index: self._tip(on, i, round(point.x())))
            line.clicked.connect(lambda point: self._set_hit(round(point.x())))
            chart.addSeries(line)
            line.attachAxis(categories)
            line.attachAxis(values)

    def _pie(self, chart: QChart) -> None:
        source = self.source
        values = self._values(0)
        total = sum((value for value in values if value > 0), Decimal(0))
        pie = QPieSeries()
        pie.setPieSize(0.78)
        pie.setHorizontalPosition(0.5)
        shown = 0
        for index, (name, value) in enumerate(zip(source.categories, values, strict=True)):
            if value <= 0:
                continue  # a slice of nothing (or less) cannot be drawn
            share = format_value(value / total, "percent")
            piece = QPieSlice(f"{name}<br>{format_value(value, source.value_kind)} ({share})", float(value))
            piece.setColor(QColor(PALETTE[shown % len(PALETTE)]))
            piece.setBorderColor(QColor("white"))
            piece.setLabelVisible(False)  # the legend carries the labels (name, then amount and share below it):
            # readable however thin the slice
            piece.hovered.connect(lambda on, p=piece: p.setExploded(on))
            piece.clicked.connect(lambda i=index: self._set_hit(i))
            pie.append(piece)
            shown += 1
        chart.addSeries(pie)
        if not shown:  # nothing above zero to share out
            self.empty = QGraphicsSimpleTextItem(self.tr("No data"), chart)
            self.empty.setFont(_font(10))
            self.empty.setBrush(QBrush(QColor(MUTED)))
        legend = chart.legend()
        legend.setAlignment(Qt.AlignmentFlag.AlignRight)
        legend.setShowToolTips(True)  # a label cut short shows whole on hover
        metrics = QFontMetrics(legend.font())
        lines = [part for piece in pie.slices() for part in piece.label().split("<br>")]
        widest = max((metrics.horizontalAdvance(part) for part in lines), default=0)
        legend.setMinimumWidth(min(widest + 40, 260))

    # -- interaction -------------------------------------------------------------------------------------

    def _set_hit(self, index: Any) -> None:
        self._hit = int(index)

    def _tip(self, on: bool, series: int, index: int) -> None:
        source = self.source
        if not on or not 0 <= index < len(source.categories):
            QToolTip.hideText()
            return
        value = self._values(series)[index]
        label = source.series[series].label.text(self.language)
        QToolTip.showText(QCursor.pos(), f"{source.categories[index]} · {label}: "
                                         f"{format_value(value, source.value_kind)}", self)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self.empty is not None:
            area, text = self.chart().rect(), self.empty.boundingRect()
            self.empty.setPos(area.center().x() - text.width() / 2, area.center().y() - text.height() / 2)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        super().mouseReleaseEvent(event)
        if event.button() == Qt.MouseButton.LeftButton:
            hit, self._hit = self._hit, -1
            self.clicked.emit(hit)

    def point_of(self, index: int) -> QPointF:
        """Where category ``index`` of the first series is drawn (in view coordinates), for tests and tips."""
        values = self._values(0)
        series = self.chart().series()[0]
        point = self.chart().mapToPosition(QPointF(float(index), float(values[index])), series)
        return self.mapFromScene(point).toPointF()


def chart_view(chart: Chart, language: str, parent: QWidget | None = None) -> QChartView:
    """A view of ``chart`` (bar, line or pie) titled and labelled in ``language`` ("zh_CN" or "en")."""
    return ChartView(chart, language, parent)
