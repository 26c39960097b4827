"""The chart of a printed report, drawn with ReportLab's graphics (vector, so it prints sharply).

``Chart.kind`` picks the chart: ``bar`` (VerticalBarChart, series side by side), ``line``
(HorizontalLineChart, one line per series) or ``pie`` (the first series; the largest nine slices and
"其他 / Other" for the rest). Every series is named in a legend; values are written with the report's
formats (``¥1,234.50``, ``85.3%``, ``12,345``) on the bars, points and legend where there is room, and
the value axis is labelled in whole units. The values reach ReportLab as floats only to place shapes;
every printed figure comes from the exact Decimals.

Strings go through :class:`_Renderer`, which draws each run of characters in the font that has them
(WenQuanYi Micro Hei, DejaVu Sans for the rest), like the rest of the document.
"""

from __future__ import annotations

import math
from decimal import Decimal
from typing import Any

from reportlab.graphics import renderPDF
from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.charts.linecharts import HorizontalLineChart
from reportlab.graphics.charts.piecharts import Pie
from reportlab.graphics.shapes import Drawing, Group, Rect, String
from reportlab.graphics.widgets.markers import makeMarker
from reportlab.lib.colors import Color, HexColor
from reportlab.pdfgen.canvas import Canvas

from desktop_app.documents import fonts
from desktop_app.documents.layout import INK, MUTED, RULE, WHITE
from desktop_app.documents.report_format import axis_text, cell_text, percent_text
from desktop_app.documents.report_snapshot import Chart, Label, category_texts

__all__ = ["PALETTE", "chart_drawing", "draw_chart"]

PALETTE = tuple(HexColor(value) for value in (
    "#1F4E79", "#E07B39", "#4E9A6B", "#C0504D", "#8064A2", "#3A9FBF", "#D4A017", "#7F7F7F", "#9BBB59",
    "#B5526F"))
MAX_SLICES = 10
OTHER = Label("其他", "Other")
NO_DATA = Label("无图表数据", "No data to chart")
_SIZE = 7.0  # label size
_LEGEND_ROW = 13.0
_ANGLE = 40  # crowded category labels are turned
_SINE = math.sin(math.radians(_ANGLE))


class _Renderer(renderPDF._PDFRenderer):
    """ReportLab's PDF renderer, drawing each string as runs of one font each (the fallback font for the
    characters the main font lacks) and measuring with the same widths as the rest of the document."""

    _fill: Any
    _tracker: Any
    _canvas: Canvas

    def drawString(self, stringObj: Any) -> None:
        if not self._fill:
            return
        state = self._tracker.getState()
        size, anchor, text = state["fontSize"], state["textAnchor"], stringObj.text
        x = stringObj.x
        if anchor in ("end", "middle"):
            width = fonts.string_width(text, size)
            x -= width if anchor == "end" else width / 2
        line = self._canvas.beginText(x, stringObj.y)
        for name, part in fonts.runs(text):  # one text object: the runs read as one string
            line.setFont(name, size)
            line.textOut(part)
        self._canvas.drawText(line)


def draw_chart(canvas: Canvas, drawing: Drawing, x: float, y: float) -> None:
    """Draw ``drawing`` with its lower-left corner at (x, y)."""
    scaled: Drawing = getattr(renderPDF, "renderScaledDrawing")(drawing)  # noqa: B009 - missing from the stubs
    _Renderer().draw(scaled, canvas, x, y)  # type: ignore[arg-type]  # the stubs say int; points are floats


def _floats(values: tuple[Decimal | int, ...]) -> list[float]:
    return [float(value) for value in values]


def _clip(text: str, size: float, width: float) -> str:
    """``text`` cut to ``width`` points with … (full names are in the table)."""
    if fonts.string_width(text, size) <= width:
        return text
    while text and fonts.string_width(text + "…", size) > width:
        text = text[:-1]
    return text + "…"


def _empty(drawing: Drawing, width: float, height: float, language: str) -> Drawing:
    drawing.add(String(width / 2, height / 2, NO_DATA.text(language), fontName=fonts.MAIN, fontSize=9,
                       fillColor=MUTED, textAnchor="middle"))
    return drawing


def chart_drawing(chart: Chart, width: float, height: float, language: str) -> Drawing:
    """The chart as a ReportLab drawing ``width`` × ``height`` points."""
    fonts.setup()
    drawing = Drawing(width, height)
    usable = [series for series in chart.series if len(series.values) == len(chart.categories)]
    if not chart.categories or not usable:
        return _empty(drawing, width, height, language)
    if chart.kind == "pie":
        return _pie(drawing, chart, usable[0].values, width, height, language)
    return _plot(drawing, chart, usable, width, height, language)


def _legend(pairs: list[tuple[Color, str]], x: float, y: float, anchor: str, rows: int) -> Any:
    """ReportLab's legend (the pie's list of slices, one a row)."""
    legend: Any = Legend()
    legend.x, legend.y = x, y
    legend.boxAnchor = anchor
    legend.alignment = "right"
    legend.columnMaximum = rows
    legend.fontName = fonts.MAIN
    legend.fontSize = _SIZE + 0.5
    legend.dx = legend.dy = 7
    legend.deltay = _LEGEND_ROW
    legend.deltax = 12
    legend.strokeColor = None
    legend.strokeWidth = 0
    legend.colorNamePairs = pairs
    return legend


def _plot(drawing: Drawing, chart: Chart, series: list[Any], width: float, height: float,
          language: str) -> Drawing:
    count = len(chart.categories)
    data = [_floats(item.values) for item in series]
    flat = [value for row in data for value in row]
    top_value, low_value = max([*flat, 0.0]), min([*flat, 0.0])
    ticks = [axis_text(value, chart.value_kind) for value in (top_value * 1.1, low_value * 1.1)]
    left = max(fonts.string_width(tick, _SIZE) for tick in ticks) + 12
    names = [series_item.label.text(language) for series_item in series]
    legend, rows = _key(names, width, height)
    plot_top = height - rows * _LEGEND_ROW - 8
    plot_width = width - left - 8
    slot = plot_width / count
    category_names = category_texts(chart, language)
    longest = max(fonts.string_width(name, _SIZE) for name in category_names)
    rotated = longest > slot - 4
    clip = 70.0 if rotated else max(slot - 4, 20.0)
    step = max(1, math.ceil(_SIZE * 1.4 / (slot * _SINE))) if rotated else 1
    categories = [_clip(name, _SIZE, clip) if index % step == 0 else "" for index, name in enumerate(category_names)]
    shown = max((fonts.string_width(name, _SIZE) for name in categories), default=0.0)
    bottom = (min(shown, clip) * _SINE + 14) if rotated else 18.0

    plot: Any = VerticalBarChart() if chart.kind == "bar" else HorizontalLineChart()
    plot.x, plot.y, plot.width, plot.height = left, bottom, plot_width, max(plot_top - bottom, 30.0)
    plot.data = data
    axis = plot.categoryAxis
    axis.categoryNames = categories
    axis.labels.fontName, axis.labels.fontSize, axis.labels.fillColor = fonts.MAIN, _SIZE, MUTED
    axis.strokeColor = RULE
    if rotated:
        axis.labels.angle, axis.labels.boxAnchor, axis.labels.dx, axis.labels.dy = _ANGLE, "ne", 2, -2
    if low_value < 0:  # the categories under the plot, not on the zero line among negative bars
        axis.joinAxisMode = "bottom"
    values = plot.valueAxis
    values.labels.fontName, values.labels.fontSize, values.labels.fillColor = fonts.MAIN, _SIZE, MUTED
    values.labelTextFormat = lambda value: axis_text(value, chart.value_kind)
    values.forceZero = 1
    values.rangeRound = "both"
    values.visibleGrid = 1
    values.gridStrokeColor = RULE
    values.gridStrokeWidth = 0.3
    values.strokeColor = RULE
    if top_value == low_value == 0.0:
        values.valueMin, values.valueMax = 0, 1
    texts = [[cell_text(value, chart.value_kind) for value in item.values] for item in series]
    widest = max(fonts.string_width(text, _SIZE - 1) for row in texts for text in row)
    if chart.kind == "bar":
        plot.groupSpacing = max(2.0, slot * 0.2)
        plot.barSpacing = 1
        for index in range(len(series)):
            plot.bars[index].fillColor = PALETTE[index % len(PALETTE)]
            plot.bars[index].strokeColor = None
        if widest <= (slot * 0.8) / len(series) + 6:
            plot.barLabelFormat = "values"
            plot.barLabelArray = texts
            plot.barLabels.fontName, plot.barLabels.fontSize = fonts.MAIN, _SIZE - 1
            plot.barLabels.nudge = 5
    else:
        plot.joinedLines = 1
        for index in range(len(series)):
            line = plot.lines[index]
            line.strokeColor = PALETTE[index % len(PALETTE)]
            line.strokeWidth = 1.6
            line.symbol = makeMarker("FilledCircle", size=3.5, fillColor=line.strokeColor,  # type: ignore[no-untyped-call]
                                     strokeColor=WHITE)
        if len(series) == 1 and widest <= slot - 2:
            plot.lineLabelFormat = "values"
            plot.lineLabelArray = texts
            plot.lineLabels.fontName, plot.lineLabels.fontSize = fonts.MAIN, _SIZE - 1
            plot.lineLabels.dy = 6
    drawing.add(plot)
    drawing.add(legend)
    return drawing


def _key(names: list[str], width: float, height: float) -> tuple[Group, int]:
    """The series' colours and names in rows across the top, packed to the right edge; and the rows used."""
    size, swatch, gap = _SIZE + 0.5, 8.0, 14.0
    items = [(index, _clip(name, size, width / 2)) for index, name in enumerate(names)]
    rows: list[list[tuple[int, str, float]]] = [[]]
    used = 0.0
    for index, name in items:
        item = swatch + 4 + fonts.string_width(name, size)
        if rows[-1] and used + gap + item > width:
            rows.append([])
            used = 0.0
        used += (gap if rows[-1] else 0.0) + item
        rows[-1].append((index, name, item))
    group = Group()
    for number, row in enumerate(rows):
        y = height - number * _LEGEND_ROW
        x = width - sum(item for _, _, item in row) - gap * (len(row) - 1)
        for index, name, item in row:
            box: Any = Rect(x, y - swatch, swatch, swatch)
            box.fillColor, box.strokeColor = PALETTE[index % len(PALETTE)], None
            group.add(box)
            group.add(String(x + swatch + 4, y - swatch + 1, name, fontName=fonts.MAIN, fontSize=size, fillColor=INK))
            x += item + gap
    return group, len(rows)


def _pie(drawing: Drawing, chart: Chart, values: tuple[Decimal | int, ...], width: float, height: float,
         language: str) -> Drawing:
    slices = sorted(((name, Decimal(value)) for name, value in zip(category_texts(chart, language), values, strict=True)
                     if value > 0), key=lambda pair: -pair[1])
    if not slices:
        return _empty(drawing, width, height, language)
    if len(slices) > MAX_SLICES:
        rest = sum((value for _, value in slices[MAX_SLICES - 1:]), Decimal(0))
        slices = [*slices[:MAX_SLICES - 1], (OTHER.text(language), rest)]
    total = sum((value for _, value in slices), Decimal(0))
    side = min(height - 12, width * 0.42)
    pie: Any = Pie()
    pie.x, pie.y, pie.width, pie.height = 8, (height - side) / 2, side, side
    pie.data = [float(value) for _, value in slices]
    shares = [value / total for _, value in slices]
    pie.labels = [percent_text(share) if share >= Decimal("0.06") else "" for share in shares]
    pie.simpleLabels = 1
    pie.slices.strokeColor = WHITE
    pie.slices.strokeWidth = 0.8
    pie.slices.fontName, pie.slices.fontSize, pie.slices.fontColor = fonts.MAIN, _SIZE, WHITE
    pie.slices.labelRadius = 0.68
    pie.startAngle = 90
    pie.direction = "clockwise"
    for index in range(len(slices)):
        pie.slices[index].fillColor = PALETTE[index % len(PALETTE)]
    drawing.add(pie)
    room = width - side - 40
    pairs = [(PALETTE[index % len(PALETTE)],
              f"{_clip(name, _SIZE + 0.5, room * 0.55)}  {cell_text(value, chart.value_kind)}  "
              f"({percent_text(share)})")
             for index, ((name, value), share) in enumerate(zip(slices, shares, strict=True))]
    legend = _legend(pairs, side + 32, height / 2 + len(pairs) * _LEGEND_ROW / 2, "nw", len(pairs))
    legend.alignment = "right"
    drawing.add(legend)
    return drawing
