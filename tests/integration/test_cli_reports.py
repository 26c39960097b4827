"""`report list` and `report run` of the admin CLI, in-process, on SQLite, PostgreSQL and MariaDB: real reports
(revenue by month, payment collection, aging) over bills and payments seeded with tests/services/report_samples.py,
written as XLSX, CSV and PDF with the right totals; filters by code and login, saved settings, the audit entry,
and the operator's mistakes (exit 2 with one line)."""

from __future__ import annotations

import csv
import io
import re
import sys
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader
from test_cli_bills import ADMIN_PASSWORD, cli_db  # noqa: F401 - the CLI's database (company, administrator "it")

from desktop_app.cli import build_parser, main

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "services"))
from report_samples import Line, at, bill, noon, payment

D = Decimal
TODAY = date(2026, 11, 20)
A_LINES = (Line("99.00", "0.09", product="svc"), Line("30.00"))  # 价税合计 129.00
B_LINES = (Line("1000.00", "0.03"),)
CREDIT = (Line("100.00", "0.03"),)


def _sums(*groups: tuple[tuple[Line, ...], int]) -> tuple[Decimal, Decimal, Decimal]:
    """Net, tax and gross of the seeded lines (sign -1 for a credit note), as the bills hold them."""
    net = tax = gross = D("0.00")
    for lines, sign in groups:
        for line in lines:
            part = line.split()
            net, tax, gross = net + sign * part[0], tax + sign * part[1], gross + sign * part[2]
    return net, tax, gross


@pytest.fixture
def seeded(cli_db: Any) -> dict[str, Any]:  # noqa: F811
    """Two customers of "it": bills in October and November 2026, a credit note, a draft, payments, a refund."""
    from desktop_app.services.auth import log_in
    from desktop_app.services.context import Context
    from desktop_app.services.customers import CustomerInput, create_customer

    it = at(Context(cli_db, log_in(Context(cli_db), "it", ADMIN_PASSWORD).actor()), noon(TODAY))
    a, _ = create_customer(it, CustomerInput(name="北京甲科技有限公司"))
    b, _ = create_customer(it, CustomerInput(name="上海乙网络有限公司"))
    a_october = bill(it, a.id, date(2026, 10, 5), A_LINES, due=date(2026, 10, 20))
    b_october = bill(it, b.id, date(2026, 10, 20), B_LINES, due=date(2026, 11, 4))
    bill(it, a.id, date(2026, 11, 2), (Line("10.00"),), due=date(2026, 11, 17))
    bill(it, b.id, date(2026, 10, 25), CREDIT, kind="credit_note", original=b_october)
    bill(it, a.id, date(2026, 10, 26), (Line("777.00"),), status="draft")  # never counted
    payment(it, a.id, "129.00", date(2026, 10, 8), "alipay", settles=[(a_october, "129.00")])
    payment(it, b.id, "900.00", date(2026, 10, 22), "bank", settles=[(b_october, "900.00")])
    payment(it, b.id, "50.00", date(2026, 10, 28), "bank", kind="refund")
    payment(it, a.id, "10.00", date(2026, 11, 3), "cash")
    return {"it": it, "a": a, "b": b, "db": cli_db}


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """An empty folder for the reports (the CLI's home with its SQLite database is in tmp_path too)."""
    made = tmp_path / "out"
    made.mkdir()
    return made


def test_report_commands_have_help() -> None:
    for argv in (["report", "--help"], ["report", "list", "--help"], ["report", "run", "--help"]):
        with pytest.raises(SystemExit) as caught:
            build_parser().parse_args(argv)
        assert caught.value.code == 0


def test_report_list_names_every_report(capsys: pytest.CaptureFixture[str]) -> None:
    from desktop_app.services.reports import REPORTS

    assert main(["report", "list"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [line.split()[0] for line in lines] == list(REPORTS)
    assert any(line.startswith("revenue_by_period") and "收入（按月） / Revenue by month" in line for line in lines)
    assert any(line.startswith("aging") and "--as-of" in line for line in lines)


def test_revenue_by_month_to_xlsx_holds_the_seeded_totals(seeded: dict[str, Any], capsys: pytest.CaptureFixture[str],
                                                          folder: Path) -> None:
    target = folder / "收入-2026-10.xlsx"
    assert main(["report", "run", "revenue_by_period", "--period", "2026-10", "--out", str(target)]) == 0
    out = capsys.readouterr().out
    assert re.fullmatch(rf"wrote revenue_by_period \(收入（按月）, 2026年10月\): 1 rows to {re.escape(str(target))} "
                        r"\([\d,]+ bytes\)\n", out), out
    sheet = load_workbook(target).worksheets[0]
    header = [cell.value for cell in sheet[1]]
    totals = [cell.value for cell in sheet[sheet.max_row]]
    net, tax, gross = _sums((A_LINES, 1), (B_LINES, 1), (CREDIT, -1))
    assert gross == D("1029.00")
    for label, expected in (("金额", net), ("税额", tax), ("价税合计", gross)):
        value = totals[header.index(label)]
        assert isinstance(value, (int, float)) and D(str(value)) == expected, (label, value, expected)
    assert sheet.freeze_panes == "A2"
    with seeded["db"].engine.connect() as connection:
        logged = connection.exec_driver_sql(
            "SELECT user_login, detail FROM audit_log WHERE action = 'report.export'").all()
    assert len(logged) == 1 and logged[0][0] == "system" and target.name in logged[0][1]


def test_filters_by_customer_code_owner_and_product(seeded: dict[str, Any], capsys: pytest.CaptureFixture[str],
                                                    folder: Path) -> None:
    target = folder / "r.csv"

    def gross(*options: str) -> Decimal:
        assert main(["report", "run", "revenue_by_period", "--period", "2026-10", "--out", str(target),
                     *options]) == 0, capsys.readouterr().err
        rows = list(csv.reader(io.StringIO(target.read_text(encoding="utf-8-sig"))))
        return D(rows[-1][rows[0].index("价税合计")])

    assert gross("--customer", seeded["a"].code.lower()) == D("129.00")
    assert gross("--customer", seeded["b"].code) == D("900.00")  # 1,000.00 less the credit note
    assert gross("--owner", "IT") == D("1029.00")
    assert gross("--product", "svc") == D("99.00")  # only the lines of that product
    assert gross("--plan", "std") == D("0.00")  # the seeded bills belong to no subscription
    assert gross("--tier", "金卡") == D("0.00")
    capsys.readouterr()


def test_collections_to_csv_in_english(seeded: dict[str, Any], capsys: pytest.CaptureFixture[str],
                                       folder: Path) -> None:
    target = folder / "collections.csv"
    assert main(["report", "run", "collections", "--period", "2026-10", "--out", str(target), "--language", "en"]) == 0
    assert capsys.readouterr().out.startswith("wrote collections (Payment collection, October 2026): 3 rows to ")
    data = target.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    header = rows[0]
    assert header[0] == "Day" and "Net collected" in header
    assert [row[0] for row in rows[1:4]] == ["2026-10-08", "2026-10-22", "2026-10-28"]
    net = header.index("Net collected")
    assert [row[net] for row in rows[1:]] == ["129.00", "900.00", "-50.00", "979.00"]
    assert rows[-1][header.index("Alipay")] == "129.00" and rows[-1][header.index("Refunds")] == "50.00"


def test_aging_to_pdf_at_a_day(seeded: dict[str, Any], capsys: pytest.CaptureFixture[str], folder: Path) -> None:
    target = folder / "aging.pdf"
    assert main(["report", "run", "aging", "--as-of", "2026-11-30", "--out", str(target)]) == 0
    assert capsys.readouterr().out.startswith("wrote aging (应收账龄, ")
    reader = PdfReader(str(target))
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert "应收账龄" in text and "上海测试有限公司" in text and "2026-11-30" in text
    assert "¥100.00" in text  # B's bill: 1,000.00 less 900.00 paid
    assert f"第 1/{len(reader.pages)} 页" in text and "由 System 于 " in text


def test_saved_settings_and_options_over_them(seeded: dict[str, Any], capsys: pytest.CaptureFixture[str],
                                              folder: Path) -> None:
    from desktop_app.services.reports import ReportFilter, parse_period
    from desktop_app.services.reports.saved import save_report_settings

    flt = ReportFilter(parse_period("2026-10", TODAY), customer_id=seeded["a"].id)
    save_report_settings(seeded["it"], "revenue_by_period", "甲公司", flt)
    target = folder / "saved.csv"

    def last(*options: str) -> list[str]:
        assert main(["report", "run", "revenue_by_period", "--out", str(target), "--settings", "甲公司",
                     *options]) == 0, capsys.readouterr().err
        return list(csv.reader(io.StringIO(target.read_text(encoding="utf-8-sig"))))[-1]

    assert last()[-1] == "129.00"
    assert last("--settings-user", "it")[-1] == "129.00"
    assert last("--period", "2026-11")[-1] == "10.00"  # the period given here wins
    assert last("--customer", seeded["b"].code)[-1] == "900.00"
    out = capsys.readouterr().out
    assert out.count("wrote revenue_by_period") == 4 and "2026年11月" in out


def test_mistakes_exit_2_with_one_line(seeded: dict[str, Any], capsys: pytest.CaptureFixture[str],
                                       folder: Path) -> None:
    out = str(folder / "r.xlsx")
    cases = [
        (["nope", "--period", "2026-10", "--out", out], "no report called 'nope'; `report list` shows the names"),
        (["aging", "--out", str(folder / "r.txt")], "--out: name a .xlsx, .csv or .pdf file"),
        (["aging", "--out", str(folder / "missing" / "r.pdf")], "no such folder: "),
        (["aging", "--out", str(folder)], "--out: name a .xlsx"),
        (["revenue_by_period", "--out", out], "give the period: --period 2026-10"),
        (["revenue_by_period", "--period", "2026-13", "--out", out],
         'The period "2026-13" is not understood: enter a month (2026-10)'),
        (["revenue_by_period", "--period", "2026-10", "--out", out, "--customer", "C-NOPE"],
         "no customer with the code 'C-NOPE'"),
        (["revenue_by_period", "--period", "2026-10", "--out", out, "--owner", "ghost"],
         "no user with the login 'ghost'"),
        (["revenue_by_period", "--period", "2026-10", "--out", out, "--department", "火星部"],
         "no department '火星部'"),
        (["revenue_by_period", "--period", "2026-10", "--out", out, "--plan", "gold"], "no plan with the code 'gold'"),
        (["sales_performance", "--period", "2026-10", "--out", out, "--product", "svc", "--customer", "x"],
         "the report sales_performance does not filter by --product, --customer; it takes: --department --owner "
         "--tier"),
        (["aging", "--as-of", "2026-02-30", "--out", out], "--as-of: give a date as YYYY-MM-DD, not '2026-02-30'"),
        (["revenue_by_period", "--settings", "没有", "--out", out], 'Nothing is saved under the name "没有".'),
    ]
    for argv, message in cases:
        assert main(["report", "run", *argv]) == 2, argv
        captured = capsys.readouterr()
        assert captured.out == "" and captured.err.startswith("error: ") and message in captured.err, (argv, captured)
        assert captured.err.count("\n") == 1
    assert sorted(path.name for path in folder.iterdir()) == []  # nothing written
