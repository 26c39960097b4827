"""The catalog JSON file on SQLite, PostgreSQL and MariaDB: export → import → export is identical; a dry run
saves nothing; a malformed file is refused with the JSON path of its first error and nothing saved."""

from __future__ import annotations

import copy
import json
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from catalog_samples import packs, seed_products, usage_plan
from sqlalchemy import delete

from desktop_app.errors import DomainError, PermissionDenied
from desktop_app.messages import describe
from desktop_app.models import Coupon, Plan, PlanVersionRow
from desktop_app.models import Product as ProductRow
from desktop_app.services.catalog import CouponInfo, save_coupon, save_product
from desktop_app.services.catalog_io import (
    export_catalog,
    import_catalog,
    import_catalog_file,
    read_catalog,
    write_catalog,
)
from desktop_app.services.plans import archive_plan, create_plan, list_plans, list_versions, publish, save_draft


def _catalog(context) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    """Products, a coupon, a plan with retired/published/draft versions (the retired one sold voice at 9 %,
    the catalog says 6 % now), an archived plan."""
    products = seed_products(context)
    save_coupon(context, CouponInfo(0, "NEW50", "新客立减", {"kind": "fixed", "value": "50.00", "duration": "once"}))
    plan, _, _ = create_plan(context, "packs", "通信套餐", "语音 短信 流量", packs("99.00"))
    publish(context, plan.id)
    save_product(context, replace(products["voice"], tax_rate="0.06"))
    save_draft(context, plan.id, packs("109.00"))
    publish(context, plan.id)
    save_draft(context, plan.id, packs("119.00"))
    usage, _, _ = create_plan(context, "usage", "按量套餐", "", usage_plan())
    archive_plan(context, usage.id)
    return export_catalog(context)


def _wipe(context) -> None:  # type: ignore[no-untyped-def]
    with context.unit_of_work() as uow:
        for model in (PlanVersionRow, Plan, Coupon, ProductRow):
            uow.session.execute(delete(model))
        uow.commit()


def test_export_import_export_is_identical(admin_context, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    exported = _catalog(admin_context)
    assert [p["code"] for p in exported["products"]] == ["data", "prepaid", "sms", "svc", "voice"]
    [packs_plan, usage] = exported["plans"]
    assert [(v["number"], v["status"]) for v in packs_plan["versions"]] == [(1, "retired"), (2, "published"),
                                                                            (3, "draft")]
    assert packs_plan["versions"][0]["definition"]["products"][0]["tax_rate"] == "0.09"
    assert usage["archived"] is True
    path = tmp_path / "catalog.json"
    assert write_catalog(admin_context, path) == 5 + 1 + 2
    assert read_catalog(path) == exported
    same = import_catalog_file(admin_context, path, dry_run=False)  # into the same installation: nothing to do
    assert not same.committed and not same.changes and same.products_created == same.versions_updated == 0
    _wipe(admin_context)
    assert export_catalog(admin_context)["products"] == []
    dry = import_catalog_file(admin_context, path)
    assert (dry.committed, dry.products_created, dry.coupons_created, dry.plans_created, dry.versions_created) == (
        False, 5, 1, 2, 4)
    assert export_catalog(admin_context)["plans"] == []  # a dry run saves nothing
    report = import_catalog_file(admin_context, path, dry_run=False)
    assert report.committed and report.changes.catalog and report.versions_created == 4
    assert export_catalog(admin_context) == exported
    assert json.dumps(export_catalog(admin_context), ensure_ascii=False) == json.dumps(exported, ensure_ascii=False)
    [listed] = list_plans(admin_context)
    assert (listed.code, listed.published_number, listed.draft_number) == ("packs", 2, 3)


def test_an_import_updates_by_code_and_publishing_retires_the_old_version(admin_context) -> None:  # type: ignore[no-untyped-def]
    seed_products(admin_context)
    plan, _, _ = create_plan(admin_context, "packs", "通信套餐", "", packs("99.00"))
    publish(admin_context, plan.id)
    data = export_catalog(admin_context)
    data["products"][0]["name"] = "数据流量"
    data["plans"][0]["versions"][0]["status"] = "retired"
    data["plans"][0]["versions"].append({"number": 2, "status": "published",
                                         "definition": {**packs("89.00"), "code": "packs", "name": "通信套餐"}})
    report = import_catalog(admin_context, data, dry_run=False)
    assert (report.products_updated, report.versions_created, report.versions_updated) == (1, 1, 1)
    assert [(v.number, v.status) for v in list_versions(admin_context, plan.id)] == [(2, "published"),
                                                                                     (1, "retired")]


def _bad(exported: dict[str, Any], change: Any) -> dict[str, Any]:
    data = copy.deepcopy(exported)
    change(data)
    return data


def _tiers(data: dict[str, Any]) -> None:
    data["plans"][1]["versions"][0]["definition"]["charges"][4]["tiers"][1]["start"] = "900"


MALFORMED = [
    (lambda d: d.update(format="other"), "$.format", "catalog.format_unknown"),
    (lambda d: d.update(version=2), "$.version", "catalog.version_unsupported"),
    (lambda d: d.update(extra=1), "$.extra", "catalog.unknown_key"),
    (lambda d: d.update(products={}), "$.products", "catalog.wrong_type"),
    (lambda d: d["products"][1].update(tax_rate="9%"), "$.products[1].tax_rate", "product.tax_rate_invalid"),
    (lambda d: d["products"][1].update(active="yes"), "$.products[1].active", "catalog.wrong_type"),
    (lambda d: d["products"][2].pop("name"), "$.products[2].name", "catalog.required"),
    (lambda d: d["products"][3].update(code="DATA"), "$.products[3].code", "catalog.duplicate"),
    (lambda d: d["coupons"][0]["discount"].update(value="-5"), "$.coupons[0].discount.value", "plan.amount.negative"),
    (lambda d: d["plans"][0]["versions"][1].update(status="live"), "$.plans[0].versions[1].status",
     "catalog.status_invalid"),
    (lambda d: d["plans"][0]["versions"][1].update(number=1), "$.plans[0].versions[1].number", "catalog.duplicate"),
    (_tiers, "$.plans[1].versions[0].definition.charges[4].tiers[1].start", "plan.tiers.not_contiguous"),
    (lambda d: d["plans"][0]["versions"][2]["definition"]["charges"][0].update(price=99.5),
     "$.plans[0].versions[2].definition.charges[0].price", "plan.field.not_decimal"),
    (lambda d: d["plans"][0]["versions"][2]["definition"]["charges"][1].update(product="fax"),
     "$.plans[0].versions[2].definition.charges[1].product", "plan.product.unknown"),
    (lambda d: d["plans"][0]["versions"].append({"number": 4, "status": "draft",
                                                 "definition": d["plans"][0]["versions"][2]["definition"]}),
     "$.plans[0].versions", "catalog.version_state"),
]


@pytest.mark.parametrize("change, path, problem", MALFORMED)
def test_a_malformed_catalog_is_refused_with_the_path_and_nothing_saved(  # type: ignore[no-untyped-def]
        admin_context, change: Any, path: str, problem: str) -> None:
    exported = _catalog(admin_context)
    _wipe(admin_context)
    with pytest.raises(DomainError) as caught:
        import_catalog(admin_context, _bad(exported, change), dry_run=False)
    error = caught.value
    assert (error.code, error.params["path"], error.params["problem_code"]) == ("catalog.invalid", path, problem)
    text = describe(error)
    assert text.startswith(f"The catalog file was not imported and nothing was saved. At {path}: ")
    assert "{" not in text and "The action could not" not in text
    assert export_catalog(admin_context)["products"] == []


def test_the_deep_tier_error_and_problems_only_the_database_knows(admin_context) -> None:  # type: ignore[no-untyped-def]
    exported = _catalog(admin_context)
    data = copy.deepcopy(exported)
    data["plans"][0]["versions"][1]["definition"]["charges"].append(
        {"kind": "usage", "code": "texts", "name": "短信", "product": "sms", "meter": "sms", "model": "volume",
         "tiers": [{"start": "0", "up_to": "1000", "unit_price": "0.05"},
                   {"start": "1000", "up_to": "800", "unit_price": "0.04"},
                   {"start": "800", "up_to": None, "unit_price": "0.03"}]})
    with pytest.raises(DomainError) as caught:
        import_catalog(admin_context, data)
    assert caught.value.params["path"] == "$.plans[0].versions[1].definition.charges[3].tiers[1].up_to"
    changed = copy.deepcopy(exported)  # a published version cannot change
    changed["plans"][0]["versions"][1]["definition"]["charges"][0]["price"] = "1.00"
    changed["products"][0]["name"] = "改名"
    with pytest.raises(DomainError) as caught:
        import_catalog(admin_context, changed, dry_run=False)
    assert (caught.value.params["path"], caught.value.params["problem_code"]) == (
        "$.plans[0].versions[1].definition", "catalog.version_conflict")
    assert export_catalog(admin_context) == exported  # the product rename was not saved either
    stranger = copy.deepcopy(exported)
    stranger["products"] = stranger["products"][1:]  # "data" neither in the file nor ... wiped below
    _wipe(admin_context)
    with pytest.raises(DomainError) as caught:
        import_catalog(admin_context, stranger)
    assert (caught.value.params["path"], caught.value.params["problem_code"]) == (
        "$.plans[0].versions[0].definition.charges[2].product", "plan.product.not_in_catalog")


def test_a_file_that_is_not_json_names_line_and_column(tmp_path: Path) -> None:
    path = tmp_path / "broken.json"
    path.write_text('{"format": "benji-catalog",\n  "version": 1,,\n}', encoding="utf-8")
    with pytest.raises(DomainError) as caught:
        read_catalog(path)
    assert caught.value.params["problem_code"] == "catalog.not_json"
    assert (caught.value.params["line"], caught.value.params["column"]) == (2, 16)
    assert "line 2, column 16" in describe(caught.value)


def test_only_who_may_import_and_export(org) -> None:  # type: ignore[no-untyped-def]
    admin, sales, auditor = org["contexts"]["admin"], org["contexts"]["north1"], org["contexts"]["auditor"]
    exported = _catalog(admin)
    for context in (sales, auditor):
        with pytest.raises(PermissionDenied):
            export_catalog(context)
        with pytest.raises(PermissionDenied):
            import_catalog(context, exported)
