"""Printed labels (Chinese by default, English on request) and the number and date formats.

Documents are printed in the customer's language, not the user's, so they carry their own small table
instead of the Qt translation files. Our documents are 账单 (bills), never 发票: official VAT invoices come
from the national tax platform only.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal

__all__ = ["LANGUAGES", "Labels", "amount", "day", "labels", "money", "period", "quantity", "rate", "stamp",
           "unit_price"]

_ZH = {
    "bill": "账单", "credit_note": "冲销账单", "red_letter": "红字", "receipt": "收据", "statement": "对账单",
    "copy": "副本", "void": "作废", "draft": "草稿",
    "number": "账单编号", "credit_number": "冲销单编号", "original": "原账单", "issue_date": "出账日期",
    "due_date": "到期日", "period": "账期", "period_to": "至", "customer": "客户", "customer_code": "客户编号",
    "tax_id": "税号", "address": "地址", "contact": "联系人", "phone": "电话", "bank": "开户行",
    "account": "账号", "description": "品名/摘要", "line_period": "期间", "quantity": "数量", "unit": "单位",
    "unit_price": "单价", "net": "金额", "tax_rate": "税率", "tax": "税额", "gross": "价税合计",
    "total_net": "合计金额", "total_tax": "合计税额", "total_gross": "价税合计", "in_words": "大写",
    "exempt": "免税", "subtotal": "小计", "credit_applied": "冲抵金额", "wallet_applied": "预付余额抵扣",
    "wallet_returned": "退回预付钱包", "credited_to_account": "计入客户账户",
    "amount_due": "应付金额", "payment": "付款方式", "notes": "备注", "terms": "条款",
    "prices_incl": "单价含税", "prices_excl": "单价不含税", "continued": "续", "page": "第 {0}/{1} 页",
    "receipt_number": "收据编号", "date": "日期", "received_on": "收款日期", "received_from": "今收到",
    "amount": "金额",
    "method": "付款方式", "reference": "参考号", "settles": "核销账单", "applied": "核销金额",
    "unapplied": "未核销金额（预收）", "received_by": "收款人", "stamp": "收款单位（盖章）",
    "opening": "期初余额", "closing": "期末余额", "aging": "账龄", "statement_period": "对账期间",
    "generated": "生成时间", "kind": "类型", "doc_number": "单号", "debit": "借方",
    "credit": "贷方", "balance": "余额", "memo": "摘要", "period_debit": "本期应收", "period_credit": "本期收款及冲销",
    "kind_bill": "账单", "kind_payment": "收款", "kind_credit_note": "冲销账单", "kind_refund": "退款",
    "no_entries": "本期无往来", "aging_total": "合计", "without_prices": "不含价格",
    "currency": "币种", "words_of": "（大写）", "figures": "（小写）", "colon": "：",
}

_EN = {
    "bill": "BILL", "credit_note": "CREDIT NOTE", "red_letter": "Reversal", "receipt": "RECEIPT",
    "statement": "STATEMENT", "copy": "COPY", "void": "VOID", "draft": "DRAFT",
    "number": "Bill no.", "credit_number": "Credit note no.", "original": "Original bill", "issue_date": "Date",
    "due_date": "Due date", "period": "Period", "period_to": "to", "customer": "Bill to",
    "customer_code": "Customer no.", "tax_id": "Tax ID", "address": "Address", "contact": "Contact",
    "phone": "Phone", "bank": "Bank", "account": "Account", "description": "Description",
    "line_period": "Period", "quantity": "Qty", "unit": "Unit", "unit_price": "Unit price", "net": "Net",
    "tax_rate": "Tax rate", "tax": "Tax", "gross": "Gross", "total_net": "Total net", "total_tax": "Total tax",
    "total_gross": "Total", "in_words": "In words", "exempt": "Exempt", "subtotal": "Subtotal",
    "credit_applied": "Credit applied", "wallet_applied": "Prepaid balance applied",
    "wallet_returned": "Returned to the prepaid wallet", "credited_to_account": "Credited to the account",
    "amount_due": "Amount due",
    "payment": "Payment", "notes": "Notes", "terms": "Terms", "prices_incl": "Unit prices include tax",
    "prices_excl": "Unit prices exclude tax", "continued": "continued", "page": "Page {0}/{1}",
    "receipt_number": "Receipt no.", "date": "Date", "received_on": "Received on",
    "received_from": "Received from", "amount": "Amount",
    "method": "Method", "reference": "Reference", "settles": "Bills settled", "applied": "Applied",
    "unapplied": "Unapplied (on account)", "received_by": "Received by", "stamp": "Company stamp",
    "opening": "Opening balance", "closing": "Closing balance", "aging": "Aging",
    "statement_period": "Period", "generated": "Generated", "kind": "Type", "doc_number": "Number",
    "debit": "Debit", "credit": "Credit", "balance": "Balance", "memo": "Description", "period_debit": "Billed",
    "period_credit": "Paid and credited", "kind_bill": "Bill", "kind_payment": "Payment",
    "kind_credit_note": "Credit note", "kind_refund": "Refund", "no_entries": "No movements in this period",
    "aging_total": "Total", "without_prices": "without prices", "currency": "Currency",
    "words_of": " in words", "figures": "", "colon": ": ",
}

LANGUAGES = {"zh_CN": _ZH, "en": _EN}
Labels = dict[str, str]


def labels(language: str) -> Labels:
    """The label table for ``language`` ("zh_CN" or "en"); ValueError for any other."""
    try:
        return LANGUAGES[language]
    except KeyError:
        raise ValueError(f"unknown document language {language!r}; expected one of {sorted(LANGUAGES)}") from None


def amount(value: Decimal) -> str:
    """``Decimal("-16409.02")`` → ``"-16,409.02"``: thousands separators, two places, exact (no float)."""
    if not value:
        value = abs(value)  # no "-0.00"
    return f"{value:,.2f}"


def money(value: Decimal, currency: str) -> str:
    """An amount with its currency: ``¥16,409.02`` for CNY, ``-¥5.00``, ``USD 3.00`` otherwise."""
    text = amount(abs(value))
    sign = "-" if value < 0 else ""
    if currency == "CNY":
        return f"{sign}¥{text}"
    return f"{sign}{currency} {text}"


def quantity(text: str) -> str:
    """An exact decimal text with thousands separators and no exponent: ``"12500.5"`` → ``"12,500.5"``."""
    return f"{Decimal(text):,f}"


def unit_price(text: str | None) -> str:
    """A unit price with at least two places and every stored digit: ``"0.0015"``, ``"1,200.00"``."""
    if text is None:
        return ""
    value = Decimal(text)
    if value.as_tuple().exponent > -2:  # type: ignore[operator]
        value = value.quantize(Decimal("0.01"))  # exact: only adds zeros
    return f"{value:,f}"


def rate(text: str | None, exempt: str) -> str:
    """``"0.06"`` → ``"6%"``, ``"0.015"`` → ``"1.5%"``, None → the 免税 label."""
    if text is None:
        return exempt
    percent = (Decimal(text) * 100).normalize()
    return f"{percent:f}%"


def day(value: date | None) -> str:
    return value.isoformat() if value is not None else ""


def stamp(value: datetime) -> str:
    return value.strftime("%Y-%m-%d %H:%M")


def period(start: date | None, end: date | None, joiner: str) -> str:
    """A half-open period [start, end) printed with its last day: 2025-01-01 至 2025-01-31."""
    if start is None and end is None:
        return ""
    last = end - timedelta(days=1) if end is not None and (start is None or end > start) else end
    return f"{day(start)} {joiner} {day(last)}".strip()
