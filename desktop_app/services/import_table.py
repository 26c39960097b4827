"""The old system's file: reading CSV (UTF-8, UTF-8 with BOM, GBK/GB18030, UTF-16) and XLSX, matching its
headers to customer fields (known spellings, custom field labels, saved presets), and reading cells
(full-width characters, phones Excel turned into 1.38E+10, Excel serial dates). No database here: the
import itself is services/customer_import.py.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from desktop_app.services import custom_fields as cf
from desktop_app.services.customers import EDITABLE

TARGETS = ("code", *EDITABLE, "owner", "created_at")
CUSTOM = "custom."  # prefix of a custom field's target: custom.<key>
# header spellings recognised without a preset (lower-cased, spaces removed)
ALIASES: dict[str, tuple[str, ...]] = {
    "code": ("code", "编号", "客户编号", "客户代码"),
    "name": ("name", "名称", "客户名称", "公司名称", "客户"),
    "short_name": ("short_name", "简称", "客户简称"),
    "kind": ("kind", "类型", "客户类型"),
    "industry": ("industry", "行业"),
    "region": ("region", "地区", "区域", "省份"),
    "address": ("address", "地址"),
    "tier": ("tier", "会员级别", "级别"),
    "status": ("status", "状态"),
    "source": ("source", "来源", "客户来源"),
    "tags": ("tags", "标签"),
    "tax_id": ("tax_id", "税号", "统一社会信用代码", "信用代码"),
    "invoice_title": ("invoice_title", "开票抬头", "发票抬头"),
    "bank_name": ("bank_name", "开户行", "开户银行"),
    "bank_account": ("bank_account", "银行账号", "账号"),
    "phone": ("phone", "电话", "手机", "联系电话"),
    "email": ("email", "邮箱", "电子邮箱", "e-mail"),
    "notes": ("notes", "备注"),
    "pinyin_override": ("pinyin", "拼音"),
    "owner": ("owner", "负责人", "负责人登录名", "归属销售"),
    "created_at": ("created_at", "创建时间", "创建日期"),
}
KIND_WORDS = {"企业": "company", "公司": "company", "个人": "individual"}
STATUS_WORDS = {"潜在": "prospect", "潜在客户": "prospect", "正式": "active", "正式客户": "active",
                "暂停": "suspended", "已暂停": "suspended", "关闭": "closed", "已关闭": "closed"}


# --- reading files --------------------------------------------------------------------------------

def _decode(raw: bytes) -> str:
    if raw.startswith(b"\xef\xbb\xbf"):
        return raw[3:].decode("utf-8")
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return raw.decode("utf-16")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("gb18030")  # what Excel writes for Chinese CSV on a Chinese Windows (GBK superset)


def read_table(path: Path) -> tuple[list[str], list[list[Any]]]:
    """Header and rows as read; XLSX cells keep their types (numbers, datetimes)."""
    if path.suffix.lower() == ".xlsx":
        from openpyxl import load_workbook  # type: ignore[import-untyped]

        book = load_workbook(path, read_only=True, data_only=True)
        sheet = book.worksheets[0]
        values = [list(row) for row in sheet.iter_rows(values_only=True)]
        book.close()
    else:
        text = _decode(path.read_bytes())
        csv.field_size_limit(max(csv.field_size_limit(), 16 * 1024 * 1024))  # old systems export 1 MB notes
        values = [list(row) for row in csv.reader(io.StringIO(text, newline=""))]
    values = [row for row in values if any(cell not in (None, "") for cell in row)]
    if not values:
        return [], []
    header = [str(cell or "").strip() for cell in values[0]]
    return header, values[1:]


def custom_target(key: str) -> str:
    return f"{CUSTOM}{key}"


def _header_key(text: str) -> str:
    return re.sub(r"\s+", "", text).lower()


def auto_mapping(header: list[str], fields: Sequence[cf.CustomFieldInfo] = ()) -> dict[str, str]:
    """target field -> source column, from known header spellings (English or Chinese); a custom field
    takes a column headed by its label or its key that no built-in field took (the export's headers)."""
    found: dict[str, str] = {}
    for column in header:
        key = _header_key(column)
        for target, names in ALIASES.items():
            if key in names and target not in found:
                found[target] = column
    taken = set(found.values())
    for field_info in fields:
        spellings = {_header_key(field_info.label), _header_key(field_info.key)}
        match = next((c for c in header if c not in taken and _header_key(c) in spellings), None)
        if match is not None:
            found[custom_target(field_info.key)] = match
            taken.add(match)
    return found


def preset_mapping(header: list[str], preset: dict[str, str],
                   fields: Sequence[cf.CustomFieldInfo] = ()) -> dict[str, str]:
    """A saved mapping (preset) applied to this file: the preset's columns where the file has them; a field
    the preset leaves out is not imported; a field whose column this file lacks keeps the automatic guess.
    Custom fields count only when active (``fields``)."""
    guessed = auto_mapping(header, fields)
    known = {*TARGETS, *(custom_target(f.key) for f in fields)}
    mapping: dict[str, str] = {}
    for target, column in preset.items():
        if target not in known:
            continue
        if column in header:
            mapping[target] = column
        elif target in guessed:
            mapping[target] = guessed[target]
    return mapping


# --- cleaning cells ---------------------------------------------------------------------------------

EXCEL_EPOCH = datetime(1899, 12, 30, tzinfo=UTC)


FOLDED = ("phone", "tax_id", "bank_account", "email", "code")  # full-width digits and letters made half-width


def text_value(value: Any, fold: bool = True) -> str:
    """A cell as text; with ``fold`` full-width characters become half-width (for numbers and codes, not
    for names or notes, whose Chinese punctuation stays), and phone numbers that Excel turned into
    1.38E+10 are restored."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, int):
        return str(value)
    text = (unicodedata.normalize("NFKC", str(value)) if fold else str(value)).strip()
    if re.fullmatch(r"\d+(\.\d+)?[eE]\+\d+", text):
        try:
            number = Decimal(text)
        except InvalidOperation:
            return text
        if number == number.to_integral_value():
            return str(int(number))
    return text


def date_value(value: Any) -> datetime | None:
    """A date cell: a real date, an ISO text, or an Excel serial day number (45000 → 2023-03-15)."""
    if value in (None, ""):
        return None
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=UTC)
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day, tzinfo=UTC)
    text = text_value(value)
    if re.fullmatch(r"\d{4,5}(\.\d+)?", text):
        days = Decimal(text)
        return EXCEL_EPOCH + timedelta(days=int(days), seconds=int((days % 1) * 86400))
    for pattern in ("%Y-%m-%d", "%Y/%m/%d", "%Y-%m-%d %H:%M:%S", "%Y/%m/%d %H:%M", "%Y年%m月%d日"):
        try:
            return datetime.strptime(text, pattern).replace(tzinfo=UTC)
        except ValueError:
            continue
    raise ValueError(text)
