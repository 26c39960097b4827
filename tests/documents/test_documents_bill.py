"""Bills and credit notes: what the printed PDF says (text extracted with pypdf)."""

from __future__ import annotations

import io
from dataclasses import replace
from decimal import Decimal

import document_samples as samples
import pytest
from pypdf import PdfReader

from desktop_app.documents import BillDocument, render_bill
from desktop_app.documents.labels import amount


def test_a_bill_shows_its_facts_every_line_and_the_totals() -> None:
    doc = samples.bill()
    printed = samples.text(render_bill(doc))
    for expected in ("账单", "ZD-2026-000123", "2026-11-30", "2026-12-15",
                     "2026-11-01 至 2026-11-30",  # the half-open period ends on 2026-12-01
                     "上海星河数据服务有限公司", "91310115MA1K4XYZ7Q", "王丽", "北京本机云科技有限公司",
                     "1109 0812 3410 201", "第 1/1 页"):
        assert expected in printed
    for line in doc.lines:
        row = f"{amount(line.net)} {'9%' if line.tax_rate == '0.09' else '6%'} {amount(line.tax)} {amount(line.gross)}"
        assert line.description[:10] in printed and row in printed
    assert "12,480 条 0.045" in printed and "18 个 58.8433" in printed  # exact quantities and unit prices
    assert "1,193.62 9% 107.42 1,301.04" in printed  # subtotal at 9 %
    assert "14,252.80 6% 855.18 15,107.98" in printed  # subtotal at 6 %
    assert "¥15,446.42" in printed and "¥962.60" in printed and "¥16,409.02" in printed
    assert "人民币壹万陆仟肆佰零玖元零贰分" in printed
    assert "2026-12-01" not in printed


def test_one_rate_has_no_subtotals_and_exempt_lines_print_as_exempt() -> None:
    one_rate = samples.bill_from(tuple(x for x in samples.bill().lines if x.tax_rate == "0.06"))
    assert "小计" not in samples.text(render_bill(one_rate))
    exempt = samples.line("技术咨询（免税）", "2026-11", "1", "次", "500.00", "500.00", None)
    printed = samples.text(render_bill(samples.bill_from((*samples.bill().lines, exempt))))
    assert "500.00 免税 0.00 500.00" in printed
    assert "小计 税率 免税 500.00 免税 0.00 500.00" in printed


def test_a_long_bill_breaks_across_pages_with_the_table_header_repeated() -> None:
    doc = samples.long_bill(60)
    pages = samples.pages(render_bill(doc))
    assert len(pages) == 3
    for number, page in enumerate(pages, start=1):
        assert f"第 {number}/3 页" in page
        assert "品名/摘要 期间 数量 单位 单价 金额 税率 税额 价税合计" in page
    printed = "\n".join(pages)
    positions = [printed.index(line.description[:10]) for line in doc.lines]
    assert positions == sorted(positions)  # every line, in order
    assert "人民币" in pages[-1] and "¥119,311.94" in pages[-1]
    assert "ZD-2026-000123" in pages[1]  # the running header on continuation pages


def test_the_copy_mark_appears_only_on_copies() -> None:
    original = samples.text(render_bill(samples.bill()))
    copy = samples.text(render_bill(samples.bill(), copy=True))
    assert "副本" not in original and "COPY" not in original
    assert "副本 / COPY" in copy  # the header mark
    assert "副本 COPY" in copy  # the watermark


def test_without_prices_prints_quantities_but_no_prices_or_totals() -> None:
    doc = samples.bill(notes="")
    printed = samples.text(render_bill(doc, without_prices=True))
    assert "品名/摘要 期间 数量 单位\n" in printed and "12,480 条" in printed and "不含价格" in printed
    for absent in ("单价", "税额", "价税合计", "合计金额", "大写", "人民币", "¥", "1,299.00", "0.045", "2,450.94",
                   "付款方式"):
        assert absent not in printed
    assert not any(amount(line.gross) in printed for line in doc.lines if line.gross != 0)


def test_a_credit_note_is_marked_and_names_the_original_bill() -> None:
    printed = samples.text(render_bill(samples.credit_note()))
    assert "冲销账单" in printed and "红字" in printed
    assert "HC-2026-000007" in printed and "ZD-2026-000123" in printed
    assert "-529.81 6% -31.79 -561.60" in printed
    assert "-¥861.60" in printed and "人民币负捌佰陆拾壹元陆角整" in printed


def test_a_credit_note_shows_what_went_back_to_the_prepaid_wallet() -> None:
    doc = replace(samples.credit_note(), wallet_applied=Decimal("300.00"), amount_due=Decimal("-561.60"))
    printed = samples.text(render_bill(doc))
    assert "退回预付钱包 -¥300.00" in printed and "计入客户账户 -¥561.60" in printed
    assert "预付余额抵扣" not in printed and "应付金额" not in printed
    english = samples.text(render_bill(doc, language="en"))
    assert "Returned to the prepaid wallet -¥300.00" in english and "Credited to the account -¥561.60" in english


def test_the_amount_due_shows_when_a_wallet_or_credit_was_applied() -> None:
    doc = samples.bill(wallet_applied=Decimal("1000.00"), credit_applied=Decimal("409.02"))
    assert doc.amount_due == Decimal("15000.00")
    printed = samples.text(render_bill(doc))
    assert "冲抵金额 -¥409.02" in printed and "预付余额抵扣 -¥1,000.00" in printed
    assert "应付金额 ¥15,000.00" in printed and "人民币壹万伍仟元整" in printed
    assert "应付金额" not in samples.text(render_bill(samples.bill()))


def test_english_labels_and_other_currencies() -> None:
    printed = samples.text(render_bill(samples.bill(), language="en", copy=True))
    for expected in ("BILL", "Bill no.", "Due date", "Unit price", "Total net", "Page 1/1", "COPY"):
        assert expected in printed
    assert "出账日期" not in printed and "副本" not in printed
    usd = samples.text(render_bill(replace(samples.bill(), currency="USD")))
    assert "USD 16,409.02" in usd and "人民币" not in usd and "大写" not in usd
    with pytest.raises(ValueError, match="language"):
        render_bill(samples.bill(), language="fr")


def test_void_bills_and_draft_previews_are_marked() -> None:
    assert "作废 VOID" in samples.text(render_bill(samples.bill(status="void")))
    assert "草稿 DRAFT" in samples.text(render_bill(samples.bill(status="draft")))
    paid = samples.text(render_bill(samples.bill(status="paid")))
    assert "作废" not in paid and "草稿" not in paid


def test_the_payment_qr_code_is_drawn_only_when_configured() -> None:
    def rectangles(doc: BillDocument) -> int:
        contents = PdfReader(io.BytesIO(render_bill(doc))).pages[0].get_contents()
        assert contents is not None
        return contents.get_data().count(b" re")

    with_qr = rectangles(samples.bill())
    without = rectangles(samples.bill(branding=replace(samples.BRANDING, qr_text="")))
    assert with_qr - without > 100  # the dark modules of a version-3 code
    assert "付款方式" in samples.text(render_bill(samples.bill(branding=replace(samples.BRANDING, qr_text=""))))
