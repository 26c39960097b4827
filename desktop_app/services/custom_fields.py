"""Admin-defined customer fields (自定义字段): text, number, date or choice, on the form and in the list.

A definition lives in ``custom_fields``; a customer's values live in ``customers.custom`` as a dict
key -> text (numbers as canonical decimal strings, dates as ISO). Fields are deactivated, never deleted,
so the values stay. The value functions here are pure: customers.py and the import call them.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from sqlalchemy import ColumnElement, and_, func, or_, select
from sqlalchemy.orm import Session

from desktop_app.errors import DomainError, ValidationFailed
from desktop_app.models import Customer, CustomField
from desktop_app.services import validation as check
from desktop_app.services.changes import Changes
from desktop_app.services.context import Context, check_version

KINDS = ("text", "number", "date", "choice")
SEARCHED = ("text", "choice")  # kinds whose values go into the customer's search text
KEY = re.compile(r"[a-z][a-z0-9_]{0,39}\Z")
# keys that would be confused with the built-in customer fields (forms, imports, exports)
RESERVED = frozenset(Customer.__table__.columns.keys()) | {"owner", "department", "custom", "contacts"}
MAX_CHOICES, MAX_CHOICE, MAX_TEXT, MAX_LABEL = 50, 60, 500, 60
INT_DIGITS, DECIMALS = 15, 6
_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]+")
_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)\Z")
_GROUPED = re.compile(r"[+-]?\d{1,3}(,\d{3})+(\.\d*)?\Z")
_DATE = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?\Z|(\d{4})(\d{2})(\d{2})\Z")


@dataclass(frozen=True)
class CustomFieldInfo:
    """A field definition. ``id`` 0 and ``version`` 0: not saved yet (``save_field`` creates it)."""

    id: int
    key: str
    label: str
    kind: str = "text"
    choices: tuple[str, ...] = ()
    required: bool = False
    in_list: bool = True
    position: int = 0
    active: bool = True
    version: int = 0


def _info(row: CustomField) -> CustomFieldInfo:
    return CustomFieldInfo(row.id, row.key, row.label, row.kind, tuple(row.choices or ()), row.required,
                           row.in_list, row.position, row.active, row.version)


def fields_in(session: Session, active_only: bool = True) -> list[CustomFieldInfo]:
    """The definitions, in form order (for services that already hold a session)."""
    query = select(CustomField).order_by(CustomField.position, CustomField.id)
    if active_only:
        query = query.where(CustomField.active)
    return [_info(row) for row in session.scalars(query)]


def list_fields(context: Context, active_only: bool = True) -> list[CustomFieldInfo]:
    context.require("customers.view")
    with context.unit_of_work(write=False) as uow:
        return fields_in(uow.session, active_only)


# --- definitions ----------------------------------------------------------------------------------

def key_from_label(label: str, taken: Iterable[str] = ()) -> str:
    """A key for a label: Chinese as pinyin initials, other text as a lower-case slug, made unique.
    客户等级 → khdj, "VIP 等级" → vip_dj, "Contract value" → contract_value."""
    from pypinyin import Style, lazy_pinyin

    parts = []
    for piece in re.split(f"({_HAN.pattern})", unicodedata.normalize("NFKC", label)):
        if _HAN.fullmatch(piece):
            parts.append("".join(lazy_pinyin(piece, style=Style.FIRST_LETTER)))
        else:
            parts.append(re.sub(r"[^a-z0-9]+", "_", piece.lower()))
    base = re.sub(r"_+", "_", "_".join(p for p in parts if p)).strip("_")[:36] or "field"
    if not base[0].isalpha():
        base = f"f_{base}"[:36]
    used = set(taken) | RESERVED
    key, n = base, 1
    while key in used:
        n += 1
        key = f"{base}_{n}"
    return key


def _choices(data: CustomFieldInfo) -> tuple[str, ...]:
    if data.kind != "choice":
        return ()
    items = [c.strip() for c in data.choices if c.strip()]
    if not items:
        raise ValidationFailed("custom_field.choices_required", "choices")
    if len(items) > MAX_CHOICES:
        raise ValidationFailed("custom_field.too_many_choices", "choices", maximum=MAX_CHOICES)
    seen: set[str] = set()
    for item in items:
        check.length(item, "choices", MAX_CHOICE)
        if item.casefold() in seen:
            raise ValidationFailed("custom_field.choice_twice", "choices", choice=item)
        seen.add(item.casefold())
    return tuple(items)


def _validated(data: CustomFieldInfo) -> CustomFieldInfo:
    label = " ".join(data.label.split())
    if not label:
        raise ValidationFailed("custom_field.label_required", "label")
    check.length(label, "label", MAX_LABEL)
    if data.kind not in KINDS:
        raise ValidationFailed("custom_field.kind_invalid", "kind")
    key = data.key.strip().lower()
    if key and not KEY.match(key):
        raise ValidationFailed("custom_field.key_invalid", "key")
    if key in RESERVED:
        raise ValidationFailed("custom_field.key_reserved", "key", key=key)
    if not 0 <= data.position <= 9999:
        raise ValidationFailed("custom_field.position_invalid", "position")
    return replace(data, label=label, key=key, choices=_choices(data))


def save_field(context: Context, data: CustomFieldInfo) -> tuple[CustomFieldInfo, Changes]:
    """Create (``data.id`` 0) or update a definition. The key and the kind are fixed once created."""
    context.require("settings.edit")
    clean = _validated(data)
    with context.unit_of_work() as uow:
        session = uow.session
        others = session.execute(select(CustomField.id, CustomField.key, CustomField.label)
                                 .where(CustomField.id != clean.id)).all()
        if any(label.casefold() == clean.label.casefold() for _, _, label in others):
            raise ValidationFailed("custom_field.label_taken", "label", label=clean.label)
        if clean.id:
            row = session.get(CustomField, clean.id)
            if row is None:
                raise DomainError("record.not_found")
            check_version(row, data.version, "custom_field")
            if clean.kind != row.kind:
                raise ValidationFailed("custom_field.kind_fixed", "kind")
            if clean.key and clean.key != row.key:
                raise ValidationFailed("custom_field.key_fixed", "key")
            before = _info(row)
        else:
            key = clean.key or key_from_label(clean.label, (k for _, k, _ in others))
            if any(k == key for _, k, _ in others):
                raise ValidationFailed("custom_field.key_taken", "key", key=key)
            row = CustomField(key=key, kind=clean.kind, active=True)
            session.add(row)
            before = None
        row.label, row.choices, row.required = clean.label, list(clean.choices), clean.required
        row.in_list, row.position = clean.in_list, clean.position
        row.updated_at, row.updated_by = context.clock(), context.actor.display_name
        session.flush()
        after = _info(row)
        if before is None:
            uow.audit("custom_field.save", "custom_field", row.id, created=True, key=row.key, label=row.label,
                      kind=row.kind, choices=row.choices, required=row.required, in_list=row.in_list)
        else:
            changed = {name: [getattr(before, name), getattr(after, name)]
                       for name in ("label", "choices", "required", "in_list", "position")
                       if getattr(before, name) != getattr(after, name)}
            if not changed:
                return before, Changes()
            uow.audit("custom_field.save", "custom_field", row.id, key=row.key, changed=changed)
        uow.commit()
    return after, Changes(custom_fields=True)


def _set_active(context: Context, field_id: int, active: bool, version: int | None) -> tuple[CustomFieldInfo, Changes]:
    context.require("settings.edit")
    with context.unit_of_work() as uow:
        row = uow.session.get(CustomField, field_id)
        if row is None:
            raise DomainError("record.not_found")
        if version is not None:
            check_version(row, version, "custom_field")
        if row.active == active:
            return _info(row), Changes()
        row.active = active
        row.updated_at, row.updated_by = context.clock(), context.actor.display_name
        uow.session.flush()
        result = _info(row)
        uow.audit("custom_field.reactivate" if active else "custom_field.deactivate", "custom_field", row.id,
                  key=row.key, label=row.label)
        uow.commit()
    return result, Changes(custom_fields=True)


def deactivate(context: Context, field_id: int, version: int | None = None) -> tuple[CustomFieldInfo, Changes]:
    """Take the field off the form and the list; the customers' values stay (reactivate shows them again)."""
    return _set_active(context, field_id, False, version)


def reactivate(context: Context, field_id: int, version: int | None = None) -> tuple[CustomFieldInfo, Changes]:
    return _set_active(context, field_id, True, version)


# --- values ---------------------------------------------------------------------------------------

def _fail(code: str, field: CustomFieldInfo, **params: Any) -> ValidationFailed:
    return ValidationFailed(code, field.key, key=field.key, label=field.label, **params)


def parse_number(raw: str) -> Decimal | None:
    """1234.50, -3, １，２３４.５０ or 1,234.5 as a Decimal (never float); None when it is not a number."""
    text = re.sub(r"\s+", "", unicodedata.normalize("NFKC", raw)).replace("，", ",")
    if "," in text:
        if not _GROUPED.match(text):
            return None
        text = text.replace(",", "")
    if not _NUMBER.match(text):
        return None
    try:
        value = Decimal(text)
    except InvalidOperation:
        return None
    return abs(value) if value.is_zero() else value


def number_text(value: Decimal) -> str:
    return format(value, "f")


def parse_date(raw: str) -> date | None:
    """2026-01-05, 2026/1/5, 2026.1.5, 2026年1月5日 or 20260105; None when it is not a date."""
    match = _DATE.match(unicodedata.normalize("NFKC", raw).strip())
    if match is None:
        return None
    year, month, day = (int(g) for g in (match.groups()[:3] if match.group(1) else match.groups()[3:]))
    try:
        return date(year, month, day)
    except ValueError:
        return None


def clean_value(field: CustomFieldInfo, raw: str) -> str:
    """The value as stored ('' for none), or ValidationFailed naming the field by key and label."""
    text = str(raw or "").strip()
    if not text:
        if field.required:
            raise _fail("custom_field.value_required", field)
        return ""
    if field.kind == "number":
        number = parse_number(text)
        if number is None:
            raise _fail("custom_field.number_invalid", field)
        whole, _, decimals = number_text(abs(number)).partition(".")
        if len(whole.lstrip("0")) > INT_DIGITS or len(decimals) > DECIMALS:
            raise _fail("custom_field.number_too_big", field, digits=INT_DIGITS, decimals=DECIMALS)
        return number_text(number)
    if field.kind == "date":
        day = parse_date(text)
        if day is None:
            raise _fail("custom_field.date_invalid", field)
        return day.isoformat()
    if field.kind == "choice":
        if text in field.choices:
            return text
        folded = {unicodedata.normalize("NFKC", c).casefold(): c for c in field.choices}
        found = folded.get(unicodedata.normalize("NFKC", text).casefold())
        if found is None:
            raise _fail("custom_field.choice_invalid", field, choices="、".join(field.choices))
        return found
    if len(text) > MAX_TEXT:
        raise _fail("custom_field.text_too_long", field, maximum=MAX_TEXT)
    return text


def clean_values(fields: Iterable[CustomFieldInfo], given: Iterable[tuple[str, str]],
                 stored: Mapping[str, Any] | None, *, creating: bool) -> dict[str, str] | None:
    """The customer's new ``custom`` dict (a new object, or None when empty).

    Only the active fields named in ``given`` change; values of other keys (fields not on the caller's
    form, deactivated or unknown fields) stay as stored. Required fields are checked for the keys given,
    and for every active field when ``creating``."""
    values = {str(k): str(v) for k, v in (stored or {}).items()}
    wanted = dict(given)
    for field in fields:
        if field.key in wanted or (creating and field.required):
            values[field.key] = clean_value(field, wanted.get(field.key, values.get(field.key, "")))
    return {k: v for k, v in values.items() if v != ""} or None


def value_pairs(custom: Mapping[str, Any] | None) -> tuple[tuple[str, str], ...]:
    """A customer's stored values as sorted (key, value) pairs: hashable, for frozen dataclasses."""
    return tuple(sorted((str(k), str(v)) for k, v in (custom or {}).items() if v not in (None, "")))


def row_custom(customer: Customer) -> tuple[tuple[str, str], ...]:
    """The values a list row carries (the list shows the in-list fields among them)."""
    return value_pairs(customer.custom)


def changed_values(before: Mapping[str, Any] | None, after: Mapping[str, Any] | None) -> dict[str, list[str]]:
    """The audit diff of two ``custom`` dicts, as ``{"custom.key": [old, new]}``."""
    old, new = dict(before or {}), dict(after or {})
    return {f"custom.{k}": [str(old.get(k, "")), str(new.get(k, ""))]
            for k in sorted(set(old) | set(new)) if old.get(k, "") != new.get(k, "")}


def search_values(session: Session, custom: Mapping[str, Any] | None) -> list[str]:
    """The text and choice values, for the customer's search text (one query, only when it has values)."""
    if not custom:
        return []
    keys = set(session.scalars(select(CustomField.key).where(CustomField.kind.in_(SEARCHED))))
    return [str(v) for k, v in sorted(custom.items()) if k in keys and v]


def filter_values(raw: str) -> tuple[str, ...]:
    """The stored forms a filter value may match exactly: as typed, as an ISO date, as a number at each
    scale the store may hold (1234.5 finds 1234.50)."""
    text = raw.strip()
    forms = {text}
    day = parse_date(text)
    if day is not None:
        forms.add(day.isoformat())
    number = parse_number(text)
    if number is not None:
        exponent = number.normalize().as_tuple().exponent
        low = max(0, -exponent) if isinstance(exponent, int) else 0
        try:
            forms.update(number_text(number.quantize(Decimal(1).scaleb(-n))) for n in range(low, DECIMALS + 1))
        except InvalidOperation:  # more digits than any stored number has
            pass
    return tuple(sorted(forms))


def filter_conditions(pairs: Iterable[tuple[str, str]]) -> list[ColumnElement[bool]]:
    """Per (key, value): text fields contain the value (any case); other kinds equal it."""
    conditions: list[ColumnElement[bool]] = []
    for key, raw in pairs:
        if not key or not raw.strip():
            continue
        value = Customer.custom[key].as_string()
        kind = select(CustomField.kind).where(CustomField.key == key).scalar_subquery()
        contains = func.lower(value).contains(raw.strip().lower(), autoescape=True)
        conditions.append(or_(and_(kind == "text", contains),
                              and_(kind != "text", value.in_(filter_values(raw)))))
    return conditions


def export_cell(field: CustomFieldInfo, value: str) -> object:
    """A value for a spreadsheet cell: numbers as Decimal, dates as dates, the rest as text."""
    if value and field.kind == "number":
        number = parse_number(value)
        return value if number is None else number
    if value and field.kind == "date":
        day = parse_date(value)
        return value if day is None else day
    return value
