"""Receipts, statements and combining PDFs for batch printing."""

from __future__ import annotations

import io
import re
from dataclasses import replace
from datetime import date
from decimal import Decimal

import document_samples as samples
import pytest
from pypdf import PdfReader, PdfWriter

from desktop_app.documents import StatementEntry, combine, render_bill, render_receipt, render_statement


def test_a_receipt_shows_the_payment_in_words_and_the_bills_it_settles() -> None:
    pdf = render_receipt(samples.receipt())
    page = PdfReader(io.BytesIO(pdf)).pages[0]
    assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == (595, 420)  # A5 landscape
    printed = samples.text(pdf)
    for expected in ("收据", "SK-2026-000456", "2026-12-10", "上海星河数据服务有限公司", "¥20,000.00",
                     "人民币贰万元整", "银行转账", "CMB20261210-88123", "ZD-2026-000123 16,409.02",
                     "ZD-2026-000098 2,500.00", "未核销金额（预收） 1,090.98", "收款人：李会计", "第 1/1 页"):
        assert expected in printed
    assert "副本" not in printed and "副本 / COPY" in samples.text(render_receipt(samples.receipt(), copy=True))


def test_a_receipt_settling_many_bills_continues_on_further_pages() -> None:
    settles = tuple((f"ZD-2026-{index:06d}", Decimal("10.00")) for index in range(60))
    pages = samples.pages(render_receipt(samples.receipt(settles=settles, amount=Decimal("600.00"),
                                                         unapplied=Decimal("0.00"))))
    with_rows = [page for page in pages if "ZD-2026-0000" in page]
    assert len(with_rows) > 1 and all("核销账单 核销金额" in page for page in with_rows)
    assert all(number in "".join(pages) for number, _ in settles)
    assert "未核销" not in "".join(pages)
    on_account = samples.text(render_receipt(samples.receipt(settles=(), amount=Decimal("500.00"),
                                                             unapplied=Decimal("500.00"))))
    assert "未核销金额（预收） ¥500.00" in on_account and "核销账单" not in on_account


def test_a_statement_shows_balances_every_movement_and_the_aging() -> None:
    doc = samples.statement()
    printed = samples.text(render_statement(doc))
    for expected in ("对账单", "2026-10-01 至 2026-12-31", "2027-01-02 09:30", "上海星河数据服务有限公司",
                     "2026-10-01 期初余额 1,200.00", "2026-12-31 期末余额 20,000.02 20,361.60 838.42",
                     "期初余额 本期应收 本期收款及冲销 期末余额", "¥1,200.00 ¥20,000.02 ¥20,361.60 ¥838.42",
                     "2026-10-02 收款 SK-2026-000401 银行转账 1,500.00 2,200.00",
                     "2026-10-04 冲销账单 HC-2026-000007 冲销重复计费 861.60 17,747.42",
                     "2026-10-06 退款 TK-2026-000003 退还多付款 252.58 0.00",
                     "账龄", "未到期 1–30天 31–60天 61–90天 90天以上 合计", "838.42 0.00 0.00 0.00 0.00 838.42"):
        assert expected in printed
    assert "-252.58" in printed  # the balance after the large payment


def test_a_long_statement_repeats_its_header_and_an_empty_one_says_so() -> None:
    entries = tuple(StatementEntry(date(2026, 10, 1), "bill", f"ZD-2026-{n:06d}", "账单", Decimal("1.00"),
                                   Decimal(0), Decimal(n + 1)) for n in range(150))
    pages = samples.pages(render_statement(replace(samples.statement(), entries=entries,
                                                   closing_balance=Decimal("150.00"))))
    assert len(pages) >= 3
    assert all("日期 类型 单号 摘要 借方 贷方 余额" in page for page in pages)
    assert f"第 {len(pages)}/{len(pages)} 页" in pages[-1] and "期末余额" in pages[-1]
    empty = samples.text(render_statement(replace(samples.statement(), entries=(), aging=())))
    assert "本期无往来" in empty and "账龄" not in empty


def test_combine_joins_rendered_pdfs_in_order() -> None:
    parts = [render_bill(samples.long_bill(60)), render_receipt(samples.receipt()), render_bill(samples.credit_note())]
    joined = combine(parts)
    reader = PdfReader(io.BytesIO(joined), strict=True)
    assert len(reader.pages) == 5
    texts = samples.pages(joined)
    assert "第 1/3 页" in texts[0] and "第 3/3 页" in texts[2]
    assert "SK-2026-000456" in texts[3] and "冲销账单" in texts[4]
    assert [round(float(page.mediabox.height)) for page in reader.pages] == [842, 842, 842, 420, 842]
    assert combine(parts) == joined
    names = re.findall(rb"/BaseFont /(\w+\+[\w-]+)", joined)
    assert len(names) == len(set(names)) >= 3  # each part's font subsets keep their own names


def test_combine_refuses_what_it_cannot_join() -> None:
    with pytest.raises(ValueError):
        combine([])
    with pytest.raises(ValueError):
        combine([b"%PDF-1.4 not really"])
    encrypted = io.BytesIO()
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(render_bill(samples.bill()))))
    writer.encrypt("secret")
    writer.write(encrypted)
    with pytest.raises(ValueError, match="encrypted"):
        combine([render_bill(samples.bill()), encrypted.getvalue()])
