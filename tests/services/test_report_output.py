"""Report outputs (services/reports/output.py): XLSX read back with openpyxl (numbers as numbers to the fen, number
formats, header row, frozen panes, Info and Chart sheets), CSV (BOM, plain numbers), PDF; formulas defused;
permissions (reports.export / reports.print), the audit entries, and nothing left behind when writing fails.
The file formats are checked without a database; the service on SQLite, PostgreSQL and MariaDB."""

from __future__ import annotations

import csv
import io
from dataclasses import replace
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader
from report_samples import Line, at, bill, noon

from desktop_app.documents.report_snapshot import Card, Chart, Column, Label, ReportSnapshot, Series
from desktop_app.errors import DomainError, PermissionDenied, ValidationFailed
from desktop_app.services.audit import AuditFilter, list_entries
from desktop_app.services.customers import CustomerInput, create_customer
from desktop_app.services.reports import ReportFilter, output, parse_period, run_report
from desktop_app.services.reports.output import export_report, record_report_print, report_pdf, write_csv, write_xlsx

D = Decimal
COLUMNS = (
    Column("customer", "text", Label("客户", "Customer")),
    Column("day", "date", Label("出账日期", "Issued")),
    Column("bills", "count", Label("账单数", "Bills")),
    Column("gross", "money", Label("价税合计", "Gross")),
    Column("share", "percent", Label("占比", "Share")),
    Column("used", "quantity", Label("用量", "Usage")),
)
ROWS = (
    ("北京甲科技有限公司", date(2026, 10, 3), 12, D("12345678.91"), D("0.6123"), D("1536.5")),
    ("=HYPERLINK(\"http://x\",\"点我\")", date(2026, 10, 9), 1, D("0.01"), D("0.0001"), D("0.125")),
    ("-2+3", None, 0, D("-5.00"), None, D("7")),
    ("@SUM(A1:A2)", date(2026, 10, 31), 1234567, D("1000000.00"), D("0.3876"), None),
)
TOTALS = ("合计", None, 1234580, D("13345674.92"), D("1"), D("1543.625"))


def snapshot(**changes: Any) -> ReportSnapshot:
    made = ReportSnapshot(
        name="collections", title=Label("收款统计", "Payment collection"),
        period_label=Label("2026年10月", "October 2026"),
        filters=((Label("负责人", "Owner"), "华北销售一"), (Label("会员级别", "Tier"), "=gold")),
        columns=COLUMNS, rows=ROWS, totals=TOTALS,
        chart=Chart("bar", Label("按方式", "By method"), ("现金", "银行转账", "支付宝"),
                    (Series(Label("收款", "Collected"), (D("1234.50"), D("88000.00"), D("0.01"))),
                     Series(Label("退款", "Refunded"), (D("0.00"), D("-20.00"), D("0.00"))))),
        cards=(Card("collected", Label("本月收款", "Collected"), D("89234.51")),),
        notes=(Label("金额单位：元。", "Amounts in yuan."),), company="北京本机云科技有限公司", generated_by="管理员",
        generated_at=datetime(2026, 10, 31, 16, 5, tzinfo=UTC))
    return replace(made, **changes)


def _decimal(value: Any) -> Decimal:
    assert isinstance(value, (int, float)) and not isinstance(value, bool), value
    return D(str(value))


def test_xlsx_holds_numbers_dates_and_formats_under_a_frozen_header(tmp_path: Path) -> None:
    path = tmp_path / "r.xlsx"
    write_xlsx(snapshot(), path, "zh_CN")
    book = load_workbook(path)
    assert book.sheetnames == ["收款统计", "信息", "图表"]
    sheet = book["收款统计"]
    assert sheet.freeze_panes == "A2"
    header = [cell.value for cell in sheet[1]]
    assert header == ["客户", "出账日期", "账单数", "价税合计", "占比", "用量"]
    assert all(cell.font.b for cell in sheet[1])
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert len(rows) == len(ROWS) + 1
    for got, want in zip(rows, (*ROWS, TOTALS), strict=True):
        for value, expected, column in zip(got, want, COLUMNS, strict=True):
            if expected is None:
                assert value is None
            elif column.kind in ("count", "money", "percent", "quantity"):
                assert _decimal(value) == expected, (column.key, value, expected)  # to the fen, not text
            elif column.kind == "date":
                assert isinstance(value, datetime) and value.date() == expected
            else:
                assert isinstance(value, str)
    assert rows[0][3] == 12345678.91 and rows[1][3] == 0.01
    texts = [row[0] for row in rows]
    assert texts == ["北京甲科技有限公司", "'=HYPERLINK(\"http://x\",\"点我\")", "'-2+3", "'@SUM(A1:A2)", "合计"]
    formats = {column.key: sheet.cell(row=2, column=index).number_format
               for index, column in enumerate(COLUMNS, start=1)}
    assert formats == {"customer": "General", "day": "yyyy-mm-dd", "bills": "#,##0",
                       "gross": '"¥"#,##0.00;-"¥"#,##0.00', "share": "0.0%", "used": "#,##0.000"}
    last = sheet.max_row
    assert sheet.cell(row=last, column=1).value == "合计" and all(cell.font.b for cell in sheet[last])
    assert not sheet.cell(row=2, column=1).font.b
    assert sheet.column_dimensions["A"].width >= 18  # wide enough for the Chinese names
    info = {row[0]: row[1] for row in book["信息"].iter_rows(values_only=True)}
    assert info["报表"] == "收款统计" and info["期间"] == "2026年10月" and info["负责人"] == "华北销售一"
    assert info["会员级别"] == "'=gold" and info["本月收款"] == 89234.51 and info["行数"] == 4
    assert info["生成时间"] == "2026-11-01 00:05 (Asia/Shanghai)" and info["说明"] == "金额单位：元。"
    chart_sheet = book["图表"]
    assert [list(row) for row in chart_sheet.iter_rows(values_only=True)] == [
        ["类别", "收款", "退款"], ["现金", 1234.5, 0], ["银行转账", 88000, -20], ["支付宝", 0.01, 0]]
    assert len(chart_sheet._charts) == 1  # a native chart over the figures


def test_xlsx_in_english_and_without_chart_or_totals(tmp_path: Path) -> None:
    path = tmp_path / "r.xlsx"
    write_xlsx(snapshot(chart=None, totals=None, rows=()), path, "en")
    book = load_workbook(path)
    assert book.sheetnames == ["Payment collection", "Info"]
    assert [cell.value for cell in book.worksheets[0][1]] == ["Customer", "Issued", "Bills", "Gross", "Share", "Usage"]
    assert book.worksheets[0].max_row == 1


def test_csv_has_a_bom_a_header_plain_numbers_and_defused_text(tmp_path: Path) -> None:
    path = tmp_path / "r.csv"
    write_csv(snapshot(), path, "zh_CN")
    data = path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[0] == ["客户", "出账日期", "账单数", "价税合计", "占比", "用量"]
    assert rows[1] == ["北京甲科技有限公司", "2026-10-03", "12", "12345678.91", "0.6123", "1536.5"]
    assert rows[2] == ["'=HYPERLINK(\"http://x\",\"点我\")", "2026-10-09", "1", "0.01", "0.0001", "0.125"]
    assert rows[3] == ["'-2+3", "", "0", "-5.00", "", "7"]
    assert rows[-1] == ["合计", "", "1234580", "13345674.92", "1", "1543.625"]
    assert len(rows) == 6


# --- the service, on every backend --------------------------------------------------------------------------

@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """An empty folder for the files (tmp_path holds the SQLite database)."""
    made = tmp_path / "out"
    made.mkdir()
    return made


def _audit(context: Any, action: str) -> list[dict[str, Any]]:
    return [dict(row.detail) for row in list_entries(context, AuditFilter(action=action))]


def test_export_writes_each_format_and_audits_it(admin_context: Any, folder: Path) -> None:
    snap = snapshot()
    for suffix in (".xlsx", ".csv", ".pdf"):
        target = folder / f"收款统计{suffix}"
        assert export_report(admin_context, snap, target, "zh_CN") == target
        assert target.stat().st_size > 0
    assert PdfReader(str(folder / "收款统计.pdf")).pages[0].extract_text().count("¥12,345,678.91") == 1
    entries = _audit(admin_context, "report.export")
    assert sorted((entry["format"], entry["file"]) for entry in entries) == [
        ("csv", "收款统计.csv"), ("pdf", "收款统计.pdf"), ("xlsx", "收款统计.xlsx")]
    assert all(entry["report"] == "collections" and entry["rows"] == 4 and entry["period"] == "October 2026"
               for entry in entries)
    assert sorted(path.name for path in folder.iterdir()) == ["收款统计.csv", "收款统计.pdf", "收款统计.xlsx"]


def test_print_preview_is_not_audited_and_printing_is(admin_context: Any) -> None:
    pdf = report_pdf(admin_context, snapshot(), "en")
    assert pdf.startswith(b"%PDF") and "Payment collection" in PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    assert _audit(admin_context, "report.print") == []
    record_report_print(admin_context, snapshot())
    assert _audit(admin_context, "report.print") == [{"period": "October 2026", "report": "collections", "rows": 4}]


def test_export_and_print_need_their_permissions(org: dict[str, Any], folder: Path) -> None:
    for login in ("north1", "auditor"):  # both may view reports, neither export nor print them
        context = org["contexts"][login]
        for suffix, permission in ((".xlsx", "reports.export"), (".csv", "reports.export"), (".pdf", "reports.print")):
            with pytest.raises(PermissionDenied) as refused:
                export_report(context, snapshot(), folder / f"r{suffix}", "zh_CN")
            assert refused.value.params == {"action": permission}
        with pytest.raises(PermissionDenied):
            report_pdf(context, snapshot(), "zh_CN")
        with pytest.raises(PermissionDenied):
            record_report_print(context, snapshot())
    assert list(folder.iterdir()) == []
    clerk = org["contexts"]["clerk"]  # the billing clerk has every report action
    export_report(clerk, snapshot(), folder / "r.csv", "en")
    assert _audit(org["contexts"]["admin"], "report.export")[0]["file"] == "r.csv"


def test_bad_requests_are_refused_before_anything_is_written(admin_context: Any, folder: Path) -> None:
    with pytest.raises(ValidationFailed) as caught:
        export_report(admin_context, snapshot(), folder / "r.docx", "zh_CN")
    assert caught.value.code == "report.format_unsupported" and caught.value.params["suffix"] == ".docx"
    with pytest.raises(ValidationFailed) as caught:
        export_report(admin_context, snapshot(), folder / "r.xlsx", "fr")
    assert caught.value.code == "report.language_invalid"
    with pytest.raises(DomainError) as missing:
        export_report(admin_context, snapshot(), folder / "nowhere" / "r.xlsx", "zh_CN")
    assert missing.value.code == "report.folder_missing"
    assert list(folder.iterdir()) == [] and _audit(admin_context, "report.export") == []


@pytest.mark.parametrize("suffix", [".xlsx", ".csv", ".pdf"])
def test_a_failure_half_way_leaves_the_old_file_and_nothing_else(admin_context: Any, folder: Path,
                                                                  monkeypatch: pytest.MonkeyPatch, suffix: str) -> None:
    target = folder / f"nightly{suffix}"
    target.write_bytes(b"yesterday's report")

    def broken(snap: ReportSnapshot, path: Path, language: str) -> None:
        path.write_bytes(b"half a file")  # something is written, then it fails
        raise RuntimeError("disk pulled out")

    for writer in ("write_xlsx", "write_csv", "_write_pdf"):
        monkeypatch.setattr(output, writer, broken)
    with pytest.raises(RuntimeError, match="disk pulled out"):
        export_report(admin_context, snapshot(), target, "zh_CN")
    assert [path.name for path in folder.iterdir()] == [target.name]
    assert target.read_bytes() == b"yesterday's report"
    assert _audit(admin_context, "report.export") == []


def test_a_file_held_open_elsewhere_is_reported(admin_context: Any, folder: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    target = folder / "r.xlsx"

    def locked(source: Any, destination: Any) -> None:  # Windows, when Excel has the file open
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(output.os, "replace", locked)
    with pytest.raises(DomainError) as caught:
        export_report(admin_context, snapshot(), target, "zh_CN")
    assert caught.value.code == "report.file_in_use" and caught.value.params == {"file": str(target)}
    assert list(folder.iterdir()) == [] and _audit(admin_context, "report.export") == []


def test_a_real_report_exports_its_totals_to_the_fen(admin_context: Any, folder: Path) -> None:
    """Revenue by month on seeded bills and a credit note: the XLSX totals row equals the seeded sums."""
    context = at(admin_context, noon(date(2026, 11, 20)))
    first, _ = create_customer(context, CustomerInput(name="北京甲科技有限公司"))
    second, _ = create_customer(context, CustomerInput(name="上海乙网络有限公司"))
    bills = [
        bill(context, first.id, date(2026, 9, 3), [Line("99.00", "0.09"), Line("30.00"), Line("10.00")]),
        bill(context, second.id, date(2026, 10, 15), [Line("1010.00", "0.01"), Line("1000.00", "0.03")]),
        bill(context, second.id, date(2026, 11, 2), [Line("12345.67", "0.13")]),
    ]
    bill(context, first.id, date(2026, 10, 20), [Line("30.00")], kind="credit_note", original=bills[0])
    bill(context, first.id, date(2026, 10, 21), [Line("500.00")], status="draft")  # never counted
    period = parse_period("2026-09-01..2026-11-30", date(2026, 11, 20))
    snap = run_report(context, "revenue_by_period", ReportFilter(period))
    path = export_report(context, snap, folder / "revenue.xlsx", "zh_CN")
    sheet = load_workbook(path).worksheets[0]
    header = [cell.value for cell in sheet[1]]
    last = [cell.value for cell in sheet[sheet.max_row]]
    gross = _decimal(last[header.index("价税合计")])
    net = _decimal(last[header.index("金额")])
    tax = _decimal(last[header.index("税额")])
    assert gross == D("139.00") + D("2010.00") + D("12345.67") - D("30.00")
    assert tax == D("10.44") + D("10.00") + D("29.13") + D("1420.30") - D("1.70")  # per line, half-up
    assert net + tax == gross
    assert sheet.cell(row=sheet.max_row, column=header.index("价税合计") + 1).number_format.endswith("0.00")
    months = [row[0] for row in sheet.iter_rows(min_row=2, max_row=sheet.max_row - 1, values_only=True)]
    assert len(months) == 3
