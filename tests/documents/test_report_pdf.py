"""The printed report (documents/report.py): a hand-made snapshot in Chinese, 300 rows over several pages
(header and page x/y on each, totals once at the end), the figures and the chart (labels, legend, shapes)
in the PDF, each chart kind, landscape for a wide table, and the same bytes for the same snapshot."""

from __future__ import annotations

import io
import re
from dataclasses import replace
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from pypdf import PdfReader

from desktop_app.documents.report import render_report
from desktop_app.documents.report_chart import PALETTE
from desktop_app.documents.report_format import axis_text, cell_text, percent_text
from desktop_app.documents.report_snapshot import Card, Chart, Column, Label, ReportSnapshot, Series

D = Decimal
MONTHS = tuple(f"2026年{month}月" for month in range(1, 13))
COLUMNS = (
    Column("customer", "text", Label("客户", "Customer")),
    Column("owner", "text", Label("负责人", "Owner")),
    Column("first", "date", Label("首次出账", "First bill")),
    Column("bills", "count", Label("账单数", "Bills")),
    Column("net", "money", Label("金额", "Net")),
    Column("tax", "money", Label("税额", "Tax")),
    Column("gross", "money", Label("价税合计", "Gross")),
    Column("share", "percent", Label("占比", "Share")),
)


def _rows(count: int) -> tuple[tuple[object, ...], ...]:
    rows = []
    for index in range(1, count + 1):
        net = D(1000 + index * 37) + D("0.45")
        tax = D(60 + index) + D("0.06")
        rows.append((f"R{index:03d} 星河数据第{index}分公司", "华北销售一", date(2026, 1 + index % 12, 1 + index % 28),
                     index % 7 + 1, net, tax, net + tax, D(index) / D(1000) if index % 5 else None))
    return tuple(rows)


def _totals(rows: tuple[tuple[object, ...], ...]) -> tuple[object, ...]:
    return ("合计", "", None, sum(row[3] for row in rows), sum((row[4] for row in rows), D("0.00")),  # type: ignore[misc]
            sum((row[5] for row in rows), D("0.00")), sum((row[6] for row in rows), D("0.00")), D(1))  # type: ignore[misc]


def _chart(kind: str = "bar") -> Chart:
    return Chart(kind, Label("月度收入趋势", "Monthly revenue"), MONTHS,  # type: ignore[arg-type]
                 (Series(Label("价税合计", "Gross"), tuple(D(10000 + 1234 * m) + D("0.25") for m in range(12))),
                  Series(Label("税额", "Tax"), tuple(D(600 + 74 * m) for m in range(12)))))


def snapshot(count: int = 300, chart: Chart | None = None, **changes: object) -> ReportSnapshot:
    rows = _rows(count)
    made = ReportSnapshot(
        name="revenue_by_period", title=Label("收入（按月）", "Revenue by month"),
        period_label=Label("2026年第3季度", "Q3 2026"),
        filters=((Label("部门", "Department"), "销售部"), (Label("负责人", "Owner"), "华北销售一")),
        columns=COLUMNS, rows=rows, totals=_totals(rows), chart=chart or _chart(),  # type: ignore[arg-type]
        cards=(Card("revenue", Label("本季收入", "Revenue this quarter"), D("123456.78"),
                    detail=Label("上季 ¥100,000.00", "Last quarter ¥100,000.00")),
               Card("customers", Label("客户数", "Customers"), count, kind="count")),
        notes=(Label("金额单位：元；已扣除冲销账单。", "Amounts in yuan, net of credit notes."),),
        company="北京本机云科技有限公司", generated_by="王经理",
        generated_at=datetime(2026, 10, 5, 6, 30, tzinfo=UTC), time_zone="Asia/Shanghai")
    return replace(made, **changes)  # type: ignore[arg-type]


def pages(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(pdf), strict=True).pages]


def contents(pdf: bytes, index: int = 0) -> str:
    return PdfReader(io.BytesIO(pdf)).pages[index].get_contents().get_data().decode("latin-1")  # type: ignore[union-attr]


def rgb(color: object) -> str:
    """How ReportLab writes a fill colour: ``.878431 .482353 .223529 rg``."""
    parts = (color.red, color.green, color.blue)  # type: ignore[attr-defined]
    return " ".join(f"{value:.6f}".rstrip("0").rstrip(".").removeprefix("0") or "0" for value in parts) + " rg"


def test_formats_are_exact() -> None:
    assert cell_text(D("1234.5"), "money") == "¥1,234.50"
    assert cell_text(D("-5"), "money") == "-¥5.00"
    assert cell_text(D("0.8525"), "percent") == "85.3%"  # half-up, from the exact ratio
    assert percent_text(D("-0.0001")) == "0.0%"
    assert cell_text(12345, "count") == "12,345"
    assert cell_text(D("12500.500"), "quantity") == "12,500.500"
    assert cell_text(D("3.000"), "quantity") == "3"
    assert cell_text(date(2026, 10, 5), "date") == "2026-10-05"
    assert cell_text(None, "money") == "—"
    assert axis_text(25000.0, "money") == "¥25,000" and axis_text(0.5, "percent") == "50%"
    assert axis_text(2.5, "money") == "¥2.5"


def test_300_rows_paginate_with_header_page_x_of_y_and_totals_at_the_end() -> None:
    snap = snapshot(300)
    pdf = render_report(snap, "zh_CN")
    texts = pages(pdf)
    count = len(texts)
    assert count >= 6
    for number, text in enumerate(texts, start=1):
        assert f"第 {number}/{count} 页" in text  # the footer on every page
        assert "由 王经理 于 2026-10-05 14:30 (Asia/Shanghai) 生成" in text  # 06:30 UTC in Shanghai
        assert all(label in text for label in ("客户", "负责人", "首次出账", "账单数", "价税合计", "占比"))
    seen = sorted({number for text in texts for number in re.findall(r"R(\d{3}) ", text)})
    assert seen == [f"{index:03d}" for index in range(1, 301)]  # every row printed, once per page at most
    totals = snap.totals
    assert totals is not None
    gross_total = cell_text(totals[6], "money")  # type: ignore[arg-type]
    assert gross_total == "¥2,033,853.00"  # 300 × 1,060.51 + (37 + 1) × 45,150
    assert gross_total in texts[-1] and "合计" in texts[-1]
    assert all(gross_total not in text for text in texts[:-1])
    assert "金额单位：元；已扣除冲销账单。" in texts[-1]  # the notes after the table
    first = texts[0]  # header facts, cards and figures of row 1, formatted
    for expected in ("北京本机云科技有限公司", "收入（按月）", "期间：2026年第3季度", "部门：销售部",
                     "负责人：华北销售一", "本季收入", "¥123,456.78", "上季 ¥100,000.00", "R001 星河数据第1分公司",
                     "¥1,037.45", "¥61.06", "¥1,098.51", "0.1%", "2026-02-02"):
        assert expected in first, expected
    assert "R005" in first and re.search(r"R005 .*—", first)  # no percent: a dash
    assert "北京本机云科技有限公司 · 收入（按月） · 2026年第3季度" in texts[1]  # running title from page 2
    reader = PdfReader(io.BytesIO(pdf))
    box = reader.pages[0].mediabox
    assert float(box.width) < float(box.height)  # eight columns fit A4 portrait
    assert reader.metadata is not None and reader.metadata.title == "收入（按月） 2026年第3季度"


def test_the_chart_is_drawn_with_its_labels_and_legend() -> None:
    pdf = render_report(snapshot(20), "zh_CN")
    first = pages(pdf)[0]
    assert "月度收入趋势" in first  # the chart's title
    for month in MONTHS:
        assert month in first  # category labels
    assert "价税合计" in first and "税额" in first  # the legend (also table headers: count them)
    assert first.count("税额") >= 2
    for tick in ("¥0", "¥10,000", "¥20,000"):
        assert tick in first  # the value axis, formatted
    stream = contents(pdf)
    second = rgb(PALETTE[1])  # the second series' colour appears only in the chart
    assert second in stream
    bars = re.findall(re.escape(second) + r"\n(?:.*\n){0,5}?n [\d. ]+ re f", stream)
    assert len(bars) >= 12  # one bar per month of the second series, plus its legend swatch


def test_bar_values_are_written_on_the_bars_when_there_is_room() -> None:
    chart = Chart("bar", Label("收款方式", "By method"), ("现金", "银行转账", "支付宝", "微信支付"),
                  (Series(Label("收款", "Collected"), (D("1234.50"), D("88000.00"), D("-20.00"), D(0))),))
    text = pages(render_report(snapshot(3, chart=chart), "zh_CN"))[0]
    for label in ("现金", "银行转账", "支付宝", "微信支付", "收款", "¥1,234.50", "¥88,000.00", "-¥20.00", "¥0.00"):
        assert label in text, label


@pytest.mark.parametrize("kind", ["bar", "line", "pie"])
def test_each_chart_kind_renders(kind: str) -> None:
    pdf = render_report(snapshot(12, chart=_chart(kind)), "zh_CN")
    text = pages(pdf)[0]
    stream = contents(pdf)
    assert "月度收入趋势" in text
    if kind == "pie":  # the first series: nine largest slices and 其他 for the other three, each in the legend
        assert "其他" in text and "2026年12月" in text and "2026年1月" not in text
        assert "2026年12月 ¥23,574.25 (11.7%)" in re.sub(r" +", " ", text)  # value and share in the legend
        assert re.search(r"\d+\.\d+%", text)
        assert len(re.findall(r" c\nh\nB\*", stream)) + len(re.findall(r" c h\nB\*", stream)) >= 10  # slices
        assert rgb(PALETTE[9]) in stream  # the tenth slice's colour
    elif kind == "line":
        assert all(month in text for month in MONTHS) and "价税合计" in text
        assert re.search(r"\d+ l\n", stream) or " l " in stream  # line segments
        assert ".878431 .482353 .223529 RG" in stream  # the second line's stroke colour
    else:
        assert rgb(PALETTE[1]) in stream


def test_an_empty_chart_and_an_empty_table_say_so() -> None:
    empty = Chart("bar", Label("趋势", "Trend"), (), ())
    text = pages(render_report(snapshot(0, chart=empty, totals=None, cards=()), "zh_CN"))[0]
    assert "无图表数据" in text and "无数据" in text
    pie = Chart("pie", Label("构成", "Mix"), ("甲", "乙"), (Series(Label("收入", "Revenue"), (D(0), D("-3.00"))),))
    assert "无图表数据" in pages(render_report(snapshot(1, chart=pie), "zh_CN"))[0]


def test_english_labels_and_page_x_of_y() -> None:
    pdf = render_report(snapshot(120), "en")
    texts = pages(pdf)
    assert len(texts) >= 3
    for number, text in enumerate(texts, start=1):
        assert f"Page {number} of {len(texts)}" in text
        assert "Generated by 王经理 on 2026-10-05 14:30 (Asia/Shanghai)" in text
        assert "Customer" in text and "Gross" in text
    assert "Revenue by month" in texts[0] and "Period: Q3 2026" in texts[0] and "Department: 销售部" in texts[0]
    assert "Amounts in yuan, net of credit notes." in texts[-1] and "Total" not in texts[0]
    with pytest.raises(ValueError, match="fr"):
        render_report(snapshot(1), "fr")


def test_a_wide_table_prints_landscape_and_still_shows_every_column() -> None:
    columns = COLUMNS + tuple(Column(f"m{month}", "money", Label(f"{month}月收入", f"Month {month}"))
                              for month in range(1, 9))
    rows = tuple((*row, *(D("123456.78") + month for month in range(8))) for row in _rows(30))
    snap = snapshot(30, columns=columns, rows=rows, totals=None)
    pdf = render_report(snap, "zh_CN")
    box = PdfReader(io.BytesIO(pdf)).pages[0].mediabox
    assert float(box.width) > float(box.height)
    text = pages(pdf)[0]
    assert "8月收入" in text and "¥123,463.78" in text and "¥1,148.45" in text


def test_user_text_prints_literally_and_symbols_fall_back_to_the_second_font() -> None:
    hostile = 'A & B <b>x</b> <img src="http://127.0.0.1:9/x"/>'
    chart = Chart("bar", Label("温度 ℃", "Temperature ℃"), ("机房 ℃", hostile[:8]),
                  (Series(Label("读数 ℃", "Reading ℃"), (D(21), D(23))),), value_kind="quantity")
    rows = ((hostile, "华北销售一", None, 1, D("1.00"), D("0.06"), D("1.06"), D("0.5")),)
    pdf = render_report(snapshot(1, chart=chart, rows=rows), "zh_CN")
    text = pages(pdf)[0]
    assert hostile.replace(" ", "") in re.sub(r"\s+", "", text)  # wrapped in its cell, character for character
    assert "机房 ℃" in text and "读数 ℃" in text and "温度 ℃" in text
    assert b"/URI" not in pdf and b"DejaVuSans" in pdf  # ℃ from the fallback font, embedded


def test_the_same_snapshot_gives_the_same_bytes() -> None:
    snap = snapshot(80, chart=_chart("line"))
    first = render_report(snap, "zh_CN")
    render_report(snapshot(5, chart=_chart("pie")), "en")  # other documents in between change nothing
    assert render_report(snap, "zh_CN") == first
    assert render_report(replace(snap, generated_by="李会计"), "zh_CN") != first
