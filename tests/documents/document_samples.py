"""Sample snapshots for the document tests and bench/documents.py (no database, no Qt)."""

from __future__ import annotations

import io
import re
from dataclasses import replace
from datetime import date, datetime
from decimal import Decimal

from pypdf import PdfReader

from desktop_app.billing.tax import split_inclusive
from desktop_app.documents import (
    BillDocument,
    Branding,
    Company,
    DocumentLine,
    Party,
    ReceiptDocument,
    StatementDocument,
    StatementEntry,
)

COMPANY = Company(
    name="北京本机云科技有限公司",
    address="北京市海淀区中关村大街27号 中关村大厦 12层 1205室",
    phone="010-6266 8800",
    tax_id="91110108MA01ABCD2X",
    bank_name="招商银行北京中关村支行",
    bank_account="1109 0812 3410 201",
)
BRANDING = Branding(
    footer="北京本机云科技有限公司 · 客服热线 400-800-1234 · 本账单不作为增值税发票，发票由国家税务平台开具",
    terms="请于到期日前付款。逾期未付的，自到期日次日起按日万分之五计收滞纳金。如对账单有异议，请于收到后7日内联系我们。",
    payment_instructions="户名：北京本机云科技有限公司\n开户行：招商银行北京中关村支行\n账号：1109 0812 3410 201\n"
                         "转账时请在附言中注明账单编号。",
    qr_text="https://pay.example.cn/bill/ZD-2026-000123",
)
CUSTOMER = Party(
    code="C-000815",
    name="上海星河数据服务有限公司",
    address="上海市浦东新区张江高科技园区碧波路690号 3号楼 5层",
    tax_id="91310115MA1K4XYZ7Q",
    contact="王丽",
    phone="021-5080 1234",
)

# (description, period, quantity, unit, unit price, gross, rate): 8 lines, two rates, 价税合计 16,409.02.
LINES = (
    ("云服务器 ECS 4核8G（包月）", "2026-11-01–2026-11-30", "2", "台", "1299.00", "2598.00", "0.06"),
    ("对象存储 OSS", "2026-11-01–2026-11-30", "500", "GB", "0.12", "60.00", "0.06"),
    ("短信通知（按量计费）", "2026-10-01–2026-10-31", "12480", "条", "0.045", "561.60", "0.06"),
    ("流量 data", "2026-10-01–2026-10-31", "1536.5", "GB", "0.80", "1229.20", "0.06"),
    ("语音通话时长（不足1分钟按1分钟）", "2026-10-01–2026-10-31", "8342", "分钟", "0.12", "1001.04", "0.09"),
    ("400 电话月租", "2026-11-01–2026-11-30", "1", "月", "300.00", "300.00", "0.09"),
    ("技术支持服务（年度）", "2026-11-01–2027-10-31", "1", "年", "9600.00", "9600.00", "0.06"),
    ("CRM 坐席（按用户数）", "2026-11-01–2026-11-30", "18", "个", "58.8433", "1059.18", "0.06"),
)


def line(description: str, period: str, quantity: str, unit: str, price: str | None, gross: str,
         rate: str | None) -> DocumentLine:
    split = split_inclusive(Decimal(gross), Decimal(rate or "0"))
    return DocumentLine(description, period, quantity, unit, price, split.net, rate, split.tax, split.gross)


def bill_from(lines: tuple[DocumentLine, ...], **changes: object) -> BillDocument:
    """A bill whose totals are the exact sums of its lines."""
    doc = BillDocument(
        number="ZD-2026-000123", issue_date=date(2026, 11, 30), due_date=date(2026, 12, 15),
        period_start=date(2026, 11, 1), period_end=date(2026, 12, 1), currency="CNY", tax_inclusive=True,
        company=COMPANY, branding=BRANDING, customer=CUSTOMER, lines=lines,
        total_net=sum((x.net for x in lines), Decimal("0.00")),
        total_tax=sum((x.tax for x in lines), Decimal("0.00")),
        total_gross=sum((x.gross for x in lines), Decimal("0.00")),
        notes="11月起短信单价下调至0.045元/条。",
    )
    return replace(doc, amount_due=None, **changes)  # type: ignore[arg-type]


def bill(lines: tuple[DocumentLine, ...] | None = None, **changes: object) -> BillDocument:
    """The typical one-page bill: 8 lines at 6 % and 9 %, 价税合计 ¥16,409.02 (or the given lines)."""
    return bill_from(lines if lines is not None else tuple(line(*spec) for spec in LINES), **changes)


def long_bill(count: int = 60) -> BillDocument:
    """A bill of ``count`` lines (several pages)."""
    specs = [LINES[index % len(LINES)] for index in range(count)]
    lines = tuple(line(f"{index + 1:03d} {spec[0]}", *spec[1:]) for index, spec in enumerate(specs))
    return bill_from(lines)


def credit_note() -> BillDocument:
    lines = (line("冲销：短信通知（按量计费）重复计费", "2026-10-01–2026-10-31", "-12480", "条", "0.045",
                  "-561.60", "0.06"),
             line("冲销：400 电话月租", "2026-11-01–2026-11-30", "-1", "月", "300.00", "-300.00", "0.09"))
    return bill_from(lines, number="HC-2026-000007", original_number="ZD-2026-000123", due_date=None,
                     notes="因系统重复计费，冲销原账单部分金额。")


def receipt(**changes: object) -> ReceiptDocument:
    doc = ReceiptDocument(
        number="SK-2026-000456", date=date(2026, 12, 10), company=COMPANY, branding=BRANDING, customer=CUSTOMER,
        amount=Decimal("20000.00"), method="银行转账", reference="CMB20261210-88123",
        settles=(("ZD-2026-000123", Decimal("16409.02")), ("ZD-2026-000098", Decimal("2500.00"))),
        unapplied=Decimal("1090.98"), received_by="李会计", notes="多付部分转入预付余额。",
    )
    return replace(doc, **changes)  # type: ignore[arg-type]


def statement(entries: int = 7) -> StatementDocument:
    kinds = (("bill", "ZD-2026-000098", "10月账单", Decimal("2500.00"), Decimal(0)),
             ("payment", "SK-2026-000401", "银行转账", Decimal(0), Decimal("1500.00")),
             ("bill", "ZD-2026-000123", "11月账单", Decimal("16409.02"), Decimal(0)),
             ("credit_note", "HC-2026-000007", "冲销重复计费", Decimal(0), Decimal("861.60")),
             ("payment", "SK-2026-000456", "银行转账", Decimal(0), Decimal("18000.00")),
             ("refund", "TK-2026-000003", "退还多付款", Decimal("252.58"), Decimal(0)),
             ("bill", "ZD-2026-000150", "12月账单", Decimal("838.42"), Decimal(0)))
    balance = Decimal("1200.00")
    rows = []
    for index in range(entries):
        kind, number, text, debit, credit = kinds[index % len(kinds)]
        balance += debit - credit
        rows.append(StatementEntry(date(2026, 10, 1 + index % 28), kind, number, text, debit, credit, balance))
    return StatementDocument(
        company=COMPANY, branding=BRANDING, customer=CUSTOMER, date_from=date(2026, 10, 1),
        date_to=date(2026, 12, 31), opening_balance=Decimal("1200.00"), entries=tuple(rows), closing_balance=balance,
        aging=(("未到期", Decimal("838.42")), ("1–30天", Decimal("0.00")), ("31–60天", Decimal("0.00")),
               ("61–90天", Decimal("0.00")), ("90天以上", Decimal("0.00"))),
        generated_at=datetime(2027, 1, 2, 9, 30),
    )


def pages(pdf: bytes) -> list[str]:
    """The text of each page line by line as laid out, runs of spaces shortened to one."""
    result = []
    for page in PdfReader(io.BytesIO(pdf), strict=True).pages:
        lines = (re.sub(r"\s+", " ", line).strip() for line in page.extract_text(extraction_mode="layout").splitlines())
        result.append("\n".join(line for line in lines if line))
    return result


def text(pdf: bytes) -> str:
    return "\n".join(pages(pdf))
