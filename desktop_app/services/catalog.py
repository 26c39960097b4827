"""Products (产品/服务) and coupons (优惠券): the catalog the plans are built from.

A product carries the tax rate of what is sold (voice 9 %, SMS and data 6 %, goods 13 %, exempt 免税);
plans name products by code and take their name, unit and tax rate from here (services/plans.py).
Products and coupons are deactivated, never deleted: published plan versions keep what they sold.
Permission resource ``products``: ``view`` to read, ``create`` / ``edit`` to change. A coupon that takes a
fixed amount off has a price: it follows the field rule ``products.unit_price`` (``price_rules.py``) — "****"
or None where masked or hidden; a role that may not change prices keeps the stored amount when it sends the
marker back, and is refused (``AmountNotEditable``) a new or changed amount.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from decimal import Decimal, InvalidOperation
from typing import Any, TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop_app.billing import plan as engine
from desktop_app.billing.discounts import Discount
from desktop_app.billing.errors import PlanInvalid
from desktop_app.billing.exact import decimal_places
from desktop_app.billing.plan_json import discount_from_dict, discount_to_dict
from desktop_app.billing.validation import TAX_RATE_PLACES, discount_problems
from desktop_app.errors import DomainError, ValidationFailed
from desktop_app.models import Coupon
from desktop_app.models import Product as ProductRow
from desktop_app.services import amounts, price_rules
from desktop_app.services.access import FieldRule
from desktop_app.services.billing_errors import wrapped
from desktop_app.services.changes import Changes
from desktop_app.services.context import Context, check_version

InfoT = TypeVar("InfoT")

CODE = re.compile(r"\w[\w.\-]{0,39}\Z")
"""Codes of products, coupons and plans: 1 to 40 letters, digits, ``_ . -`` (no spaces); case matters."""
EXEMPT = "exempt"
TAX_RATES = ("0.13", "0.09", "0.06", "0.03", "0.01", "0", EXEMPT)
"""The usual Chinese VAT rates (any exact fraction 0 <= r < 1 with at most 4 decimals is accepted)."""
MAX_NAME, MAX_CATEGORY, MAX_UNIT, MAX_DESCRIPTION = 200, 60, 20, 2000


@dataclass(frozen=True)
class ProductInfo:
    """A product. ``id`` 0 and ``version`` 0: not saved yet (``save_product`` creates it)."""

    id: int
    code: str
    name: str
    description: str = ""
    category: str = ""
    unit: str = ""
    tax_rate: str = "0.06"  # "0.13" "0.09" "0.06" "0.03" "0.01" "0" or "exempt"
    active: bool = True
    version: int = 0


@dataclass(frozen=True)
class CouponInfo:
    """A coupon; ``discount`` is the ``billing.plan_json.discount_to_dict`` form (its code and name are
    the coupon's). ``id`` 0 and ``version`` 0: not saved yet."""

    id: int
    code: str
    name: str
    discount: dict[str, Any] = field(default_factory=dict)
    active: bool = True
    version: int = 0


# --- shared checks ---------------------------------------------------------------------------------

def clean_code(value: str, field_name: str = "code") -> str:
    code = value.strip()
    if not CODE.match(code):
        raise ValidationFailed("catalog.code_invalid", field_name)
    return code


def clean_name(value: str, field_name: str = "name") -> str:
    name = " ".join(value.split())
    if not name:
        raise ValidationFailed("catalog.name_required", field_name)
    return clean_text(name, field_name, MAX_NAME)


def clean_text(value: str, field_name: str, maximum: int) -> str:
    text = value.strip()
    if len(text) > maximum:
        raise ValidationFailed("catalog.text_too_long", field_name, maximum=maximum)
    return text


def clean_tax_rate(value: str, field_name: str = "tax_rate") -> str:
    text = value.strip()
    if text.lower() == EXEMPT:
        return EXEMPT
    try:
        rate = Decimal(text)
    except InvalidOperation:
        raise ValidationFailed("product.tax_rate_invalid", field_name, value=text) from None
    if not rate.is_finite() or not Decimal(0) <= rate < 1 or decimal_places(rate) > TAX_RATE_PLACES:
        raise ValidationFailed("product.tax_rate_invalid", field_name, value=text)
    return canonical_rate(rate)


def canonical_rate(rate: Decimal) -> str:
    """One spelling per rate, so exports and comparisons agree: 6E-2, 0.060 and +0.06 are all "0.06"."""
    return format(abs(rate).normalize(), "f")  # abs: "-0" is 0


def check_code_free(session: Session, model: Any, code: str, own_id: int) -> None:
    """Codes are compared ignoring case, so two backends with different collations agree."""
    taken = session.scalars(select(model.code).where(model.id != own_id)).all()
    if any(other.casefold() == code.casefold() for other in taken):
        raise ValidationFailed("catalog.code_taken", "code", taken=code)


def engine_product(row: ProductRow | ProductInfo) -> engine.Product:
    """The pricing engine's Product for a catalog row (its tax rate a Decimal, None when exempt)."""
    rate = None if row.tax_rate == EXEMPT else Decimal(row.tax_rate)
    return engine.Product(row.code, row.name, row.unit, rate, row.description, row.category, row.active)


# --- products --------------------------------------------------------------------------------------

def _product_info(row: ProductRow) -> ProductInfo:
    return ProductInfo(row.id, row.code, row.name, row.description, row.category, row.unit, row.tax_rate,
                       row.active, row.version)


def clean_product(data: ProductInfo) -> ProductInfo:
    """The product as it will be stored, or ValidationFailed naming the field."""
    return replace(data, code=clean_code(data.code), name=clean_name(data.name),
                   description=clean_text(data.description, "description", MAX_DESCRIPTION),
                   category=clean_text(data.category, "category", MAX_CATEGORY),
                   unit=clean_text(data.unit, "unit", MAX_UNIT), tax_rate=clean_tax_rate(data.tax_rate))


def list_products(context: Context, include_inactive: bool = False) -> list[ProductInfo]:
    context.require("products.view")
    with context.unit_of_work(write=False) as uow:
        query = select(ProductRow).order_by(ProductRow.code)
        if not include_inactive:
            query = query.where(ProductRow.active)
        return [_product_info(row) for row in uow.session.scalars(query)]


_PRODUCT_FIELDS = ("name", "description", "category", "unit", "tax_rate")


def store_product(session: Session, clean: ProductInfo, row: ProductRow | None, context: Context) -> ProductRow:
    """Create (``row`` None) or update a product row from cleaned data (no permission check, no commit)."""
    if row is None:
        check_code_free(session, ProductRow, clean.code, 0)
        row = ProductRow(code=clean.code, active=clean.active)
        session.add(row)
    elif clean.code != row.code:
        raise ValidationFailed("product.code_fixed", "code")
    for name in _PRODUCT_FIELDS:
        setattr(row, name, getattr(clean, name))
    row.updated_at, row.updated_by = context.clock(), context.actor.display_name
    return row


def save_product(context: Context, data: ProductInfo) -> tuple[ProductInfo, Changes]:
    """Create (``data.id`` 0) or update a product (optimistic: ``data.version`` as loaded). The code is fixed."""
    context.require("products.edit" if data.id else "products.create")
    clean = clean_product(data)
    with context.unit_of_work() as uow:
        session = uow.session
        row = None
        if clean.id:
            row = session.get(ProductRow, clean.id)
            if row is None:
                raise DomainError("record.not_found")
            check_version(row, data.version, "product")
            before = _product_info(row)
            if all(getattr(before, name) == getattr(clean, name) for name in ("code", *_PRODUCT_FIELDS)):
                return before, Changes()
        row = store_product(session, clean, row, context)
        session.flush()
        after = _product_info(row)
        if clean.id:
            changed = {name: [getattr(before, name), getattr(after, name)]
                       for name in _PRODUCT_FIELDS if getattr(before, name) != getattr(after, name)}
            uow.audit("product.save", "product", row.id, code=row.code, changed=changed)
        else:
            uow.audit("product.save", "product", row.id, created=True, code=row.code, name=row.name,
                      unit=row.unit, tax_rate=row.tax_rate, category=row.category)
        uow.commit()
    return after, Changes(catalog=True)


def set_product_active(context: Context, product_id: int, active: bool, version: int) -> tuple[ProductInfo, Changes]:
    """Deactivate (new plan drafts can no longer use it; published versions keep it) or reactivate."""
    return _set_active(context, ProductRow, "product", product_id, active, version, _product_info)


# --- coupons ---------------------------------------------------------------------------------------

def _coupon_info(row: Coupon) -> CouponInfo:
    return CouponInfo(row.id, row.code, row.name, dict(row.discount), row.active, row.version)


def coupon_discount(code: str, name: str, raw: object, path: str = "discount") -> Discount:
    """The engine's Discount for a coupon (its code and name the coupon's), or DomainError
    ``coupon.discount_invalid`` with the path and the problem (``discount.value``: rate.out_of_range)."""
    if not isinstance(raw, dict):
        raise DomainError("coupon.discount_invalid", path=path, problem_code="plan.field.wrong_type",
                          expected="object")
    try:
        discount = discount_from_dict({**raw, "code": code, "name": name}, path)
    except PlanInvalid as error:
        raise wrapped("coupon.discount_invalid", error) from None
    problems = discount_problems(discount, path)
    if problems:
        raise wrapped("coupon.discount_invalid", problems[0])
    return discount


def clean_coupon(data: CouponInfo) -> CouponInfo:
    code, name = clean_code(data.code), clean_name(data.name)
    discount = coupon_discount(code, name, data.discount)
    return replace(data, code=code, name=name, discount=discount_to_dict(discount))


def list_coupons(context: Context, include_inactive: bool = False) -> list[CouponInfo]:
    context.require("products.view")
    with context.unit_of_work(write=False) as uow:
        query = select(Coupon).order_by(Coupon.code)
        if not include_inactive:
            query = query.where(Coupon.active)
        return [_shown_coupon(context, _coupon_info(row)) for row in uow.session.scalars(query)]


def _shown_coupon(context: Context, info: CouponInfo) -> CouponInfo:
    return replace(info, discount=price_rules.withhold_discount(info.discount, amounts.rule(context, amounts.PRICES)))


def _held_price(context: Context, session: Session, data: CouponInfo) -> CouponInfo:
    """``data`` with the stored amount kept where a role that may not change prices sent the marker back;
    ``AmountNotEditable`` when it would set or change a fixed amount."""
    if amounts.configured(context, amounts.PRICES) is FieldRule.EDITABLE:
        return data
    row = session.get(Coupon, data.id) if data.id else None
    stored = dict(row.discount) if row is not None else {}
    given = dict(data.discount)
    if given.get("kind") == price_rules.FIXED and given.get("value") in (amounts.MASK, None, ""):
        given["value"] = stored.get("value")
    if price_rules.coupon_price(given) != price_rules.coupon_price(stored):
        raise amounts.AmountNotEditable(amounts.PRICES)
    return replace(data, discount=given)


def store_coupon(session: Session, clean: CouponInfo, row: Coupon | None, context: Context) -> Coupon:
    """Create (``row`` None) or update a coupon row from cleaned data (no permission check, no commit)."""
    if row is None:
        check_code_free(session, Coupon, clean.code, 0)
        row = Coupon(code=clean.code, active=clean.active)
        session.add(row)
    elif clean.code != row.code:
        raise ValidationFailed("coupon.code_fixed", "code")
    row.name, row.discount = clean.name, dict(clean.discount)
    row.updated_at, row.updated_by = context.clock(), context.actor.display_name
    return row


def save_coupon(context: Context, data: CouponInfo) -> tuple[CouponInfo, Changes]:
    """Create (``data.id`` 0) or update a coupon (optimistic: ``data.version`` as loaded). The code is fixed."""
    context.require("products.edit" if data.id else "products.create")
    with context.unit_of_work(write=False) as uow:  # checked before anything is written
        data = _held_price(context, uow.session, data)
    clean = clean_coupon(data)
    with context.unit_of_work() as uow:
        session = uow.session
        row = None
        if clean.id:
            row = session.get(Coupon, clean.id)
            if row is None:
                raise DomainError("record.not_found")
            check_version(row, data.version, "coupon")
            before = _coupon_info(row)
            if (before.code, before.name, before.discount) == (clean.code, clean.name, clean.discount):
                return _shown_coupon(context, before), Changes()
        row = store_coupon(session, clean, row, context)
        session.flush()
        after = _coupon_info(row)
        uow.audit("coupon.save", "coupon", row.id, created=not clean.id, code=row.code, name=row.name,
                  discount=row.discount)
        uow.commit()
    return _shown_coupon(context, after), Changes(catalog=True)


def set_coupon_active(context: Context, coupon_id: int, active: bool, version: int) -> tuple[CouponInfo, Changes]:
    """Deactivate (no longer given out or priced by the calculator) or reactivate a coupon."""
    return _set_active(context, Coupon, "coupon", coupon_id, active, version,
                       lambda row: _shown_coupon(context, _coupon_info(row)))


def _set_active(context: Context, model: Any, what: str, row_id: int, active: bool, version: int,
                info: Callable[[Any], InfoT]) -> tuple[InfoT, Changes]:
    """Switch a catalog record (product or coupon) on or off: versioned, audited, nothing if unchanged."""
    context.require("products.edit")
    with context.unit_of_work() as uow:
        row = uow.session.get(model, row_id)
        if row is None:
            raise DomainError("record.not_found")
        check_version(row, version, what)
        if row.active == active:
            return info(row), Changes()
        row.active = active
        row.updated_at, row.updated_by = context.clock(), context.actor.display_name
        uow.session.flush()
        result = info(row)
        uow.audit(f"{what}.reactivate" if active else f"{what}.deactivate", what, row.id, code=row.code)
        uow.commit()
    return result, Changes(catalog=True)
