"""Products and coupons on SQLite, PostgreSQL and MariaDB: validation, optimistic locking, permissions."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest
from catalog_samples import seed_products
from sqlalchemy import func, select

from desktop_app.errors import ConcurrentEdit, DomainError, PermissionDenied, ValidationFailed
from desktop_app.messages import describe
from desktop_app.models import AuditEntry, Coupon
from desktop_app.models import Product as ProductRow
from desktop_app.services.catalog import (
    CouponInfo,
    ProductInfo,
    list_coupons,
    list_products,
    save_coupon,
    save_product,
    set_coupon_active,
    set_product_active,
)

VOICE = ProductInfo(0, "voice", "语音通话", description="国内通话", category="电信基础", unit="分钟", tax_rate="0.09")


def _counts(context) -> tuple[int, int, int]:  # type: ignore[no-untyped-def]
    with context.unit_of_work(write=False) as uow:
        return (uow.session.scalar(select(func.count()).select_from(ProductRow)) or 0,
                uow.session.scalar(select(func.count()).select_from(Coupon)) or 0,
                uow.session.scalar(select(func.count()).select_from(AuditEntry)) or 0)


def test_products_are_created_listed_updated_and_audited(admin_context) -> None:  # type: ignore[no-untyped-def]
    created, changes = save_product(admin_context, VOICE)
    assert changes.catalog and created.id and created.version == 1
    assert (created.code, created.tax_rate, created.unit, created.active) == ("voice", "0.09", "分钟", True)
    updated, changes = save_product(admin_context, replace(created, name=" 语音  通话 ", tax_rate="0.06"))
    assert changes.catalog and updated.name == "语音 通话" and updated.tax_rate == "0.06"
    assert updated.version == 2
    same, changes = save_product(admin_context, updated)
    assert not changes and same == updated
    assert list_products(admin_context) == [updated]
    with admin_context.unit_of_work(write=False) as uow:
        entries = [json.loads(detail) for detail in uow.session.scalars(
            select(AuditEntry.detail).where(AuditEntry.action == "product.save").order_by(AuditEntry.seq))]
    assert len(entries) == 2
    assert entries[0]["created"] is True
    assert entries[1]["changed"] == {"name": ["语音通话", "语音 通话"], "tax_rate": ["0.09", "0.06"]}


def test_every_usual_rate_and_exempt_are_accepted(admin_context) -> None:  # type: ignore[no-untyped-def]
    products = seed_products(admin_context)
    assert products["prepaid"].tax_rate == "exempt"
    for index, rate in enumerate(("0.13", "0.03", "0.01", "0", "EXEMPT")):
        info, _ = save_product(admin_context, ProductInfo(0, f"p{index}", "产品", tax_rate=rate))
        assert info.tax_rate == ("exempt" if rate == "EXEMPT" else rate)


@pytest.mark.parametrize("data, code, field", [
    (replace(VOICE, code=""), "catalog.code_invalid", "code"),
    (replace(VOICE, code="has space"), "catalog.code_invalid", "code"),
    (replace(VOICE, code="x" * 41), "catalog.code_invalid", "code"),
    (replace(VOICE, name="  "), "catalog.name_required", "name"),
    (replace(VOICE, unit="u" * 21), "catalog.text_too_long", "unit"),
    (replace(VOICE, tax_rate="9%"), "product.tax_rate_invalid", "tax_rate"),
    (replace(VOICE, tax_rate="1"), "product.tax_rate_invalid", "tax_rate"),
    (replace(VOICE, tax_rate="-0.01"), "product.tax_rate_invalid", "tax_rate"),
    (replace(VOICE, tax_rate="0.12345"), "product.tax_rate_invalid", "tax_rate"),
    (replace(VOICE, tax_rate="NaN"), "product.tax_rate_invalid", "tax_rate"),
])
def test_bad_products_are_refused_with_the_field(admin_context, data: ProductInfo, code: str,  # type: ignore[no-untyped-def]
                                                 field: str) -> None:
    before = _counts(admin_context)
    with pytest.raises(ValidationFailed) as caught:
        save_product(admin_context, data)
    assert (caught.value.code, caught.value.params["field"]) == (code, field)
    assert not describe(caught.value).startswith("The action could not be completed")
    assert _counts(admin_context) == before


def test_codes_are_unique_ignoring_case_and_fixed(admin_context) -> None:  # type: ignore[no-untyped-def]
    created, _ = save_product(admin_context, VOICE)
    with pytest.raises(ValidationFailed) as caught:
        save_product(admin_context, replace(VOICE, code="VOICE"))
    assert caught.value.code == "catalog.code_taken" and caught.value.params["taken"] == "VOICE"
    with pytest.raises(ValidationFailed) as caught:
        save_product(admin_context, replace(created, code="voice2"))
    assert caught.value.code == "product.code_fixed"


def test_a_stale_edit_is_refused(admin_context) -> None:  # type: ignore[no-untyped-def]
    created, _ = save_product(admin_context, VOICE)
    save_product(admin_context, replace(created, name="语音"))
    with pytest.raises(ConcurrentEdit) as caught:
        save_product(admin_context, replace(created, name="通话"))
    assert caught.value.params["record"] == "product" and caught.value.params["by"] == "管理员"
    with pytest.raises(ConcurrentEdit):
        set_product_active(admin_context, created.id, False, created.version)
    assert list_products(admin_context)[0].name == "语音"
    with pytest.raises(DomainError) as missing:
        save_product(admin_context, replace(created, id=created.id + 99))
    assert missing.value.code == "record.not_found"


def test_deactivated_products_leave_the_list_and_come_back(admin_context) -> None:  # type: ignore[no-untyped-def]
    created, _ = save_product(admin_context, VOICE)
    off, changes = set_product_active(admin_context, created.id, False, created.version)
    assert changes.catalog and not off.active
    assert list_products(admin_context) == [] and list_products(admin_context, include_inactive=True) == [off]
    again, changes = set_product_active(admin_context, off.id, False, off.version)
    assert not changes and again == off
    on, _ = set_product_active(admin_context, off.id, True, off.version)
    assert on.active and list_products(admin_context) == [on]


def test_sales_and_managers_view_but_change_nothing(org) -> None:  # type: ignore[no-untyped-def]
    admin, sales, manager = (org["contexts"][name] for name in ("admin", "north1", "manager"))
    created, _ = save_product(admin, VOICE)
    coupon, _ = save_coupon(admin, CouponInfo(0, "NEW50", "新客立减", {"kind": "fixed", "value": "50.00"}))
    before = _counts(admin)
    assert list_products(sales) == [created] and list_coupons(sales) == [coupon]
    for attempt in (lambda c: save_product(c, replace(VOICE, code="sms")),
                    lambda c: save_product(c, replace(created, name="改名")),
                    lambda c: set_product_active(c, created.id, False, created.version),
                    lambda c: save_coupon(c, replace(coupon, name="改名")),
                    lambda c: set_coupon_active(c, coupon.id, False, coupon.version)):
        for context in (sales, manager):
            with pytest.raises(PermissionDenied):
                attempt(context)
    assert _counts(admin) == before
    assert list_products(admin) == [created]


def test_coupons_are_validated_by_the_engine(admin_context) -> None:  # type: ignore[no-untyped-def]
    coupon, changes = save_coupon(admin_context, CouponInfo(
        0, "SPRING20", "春季八折", {"kind": "percentage", "value": "0.2", "duration": "repeating", "periods": 3}))
    assert changes.catalog and coupon.version == 1
    assert coupon.discount == {"code": "SPRING20", "name": "春季八折", "kind": "percentage", "value": "0.2",
                               "duration": "repeating", "periods": 3}
    with pytest.raises(DomainError) as caught:
        save_coupon(admin_context, CouponInfo(0, "BAD", "坏券", {"kind": "percentage", "value": "20"}))
    error = caught.value
    assert error.code == "coupon.discount_invalid"
    assert (error.params["path"], error.params["problem_code"]) == ("discount.value", "plan.rate.out_of_range")
    assert describe(error) == ("The coupon's discount has a problem at discount.value: Write a percentage as a "
                               "fraction from 0 to 1 (0.025 = 2.5 %), not 20.")
    with pytest.raises(DomainError) as caught:
        save_coupon(admin_context, CouponInfo(0, "BAD", "坏券", {"kind": "fixed", "value": 5}))
    assert (caught.value.params["path"], caught.value.params["problem_code"]) == ("discount.value",
                                                                                 "plan.field.not_decimal")
    with pytest.raises(DomainError) as caught:
        save_coupon(admin_context, CouponInfo(0, "BAD", "坏券", {"kind": "fixed", "value": "5.00",
                                                                "duration": "repeating"}))
    assert caught.value.params["problem_code"] == "plan.discount.periods_required"
    updated, _ = save_coupon(admin_context, replace(coupon, discount={**coupon.discount, "periods": 6}))
    assert updated.discount["periods"] == 6 and updated.version == 2
    with pytest.raises(ConcurrentEdit):
        save_coupon(admin_context, replace(coupon, name="旧"))
    off, _ = set_coupon_active(admin_context, coupon.id, False, updated.version)
    assert list_coupons(admin_context) == [] and list_coupons(admin_context, include_inactive=True) == [off]


@pytest.mark.parametrize("typed, stored", [("6E-2", "0.06"), ("0.060", "0.06"), ("+0.09", "0.09"), ("-0", "0"),
                                           ("0.13", "0.13"), ("0.0100", "0.01"), ("EXEMPT", "exempt")])
def test_a_tax_rate_has_one_spelling(typed: str, stored: str) -> None:
    from desktop_app.services.catalog import clean_tax_rate

    assert clean_tax_rate(typed) == stored
