"""Plans and their versions on SQLite, PostgreSQL and MariaDB: drafts, publishing, grandfathering,
the editor's problem list, duplicate and archive, permissions; every engine code has a sentence."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from catalog_samples import packs, seed_products
from sqlalchemy import func, select

from desktop_app.billing.errors import PLAN_ERROR_CODES, PRICE_INPUT_ERROR_CODES
from desktop_app.errors import ConcurrentEdit, DomainError, PermissionDenied
from desktop_app.messages import _templates, describe
from desktop_app.models import AuditEntry, Plan, PlanVersionRow
from desktop_app.services.calculator import CalculatorInput, quote_version
from desktop_app.services.catalog import list_products, save_product, set_product_active
from desktop_app.services.plans import (
    archive_plan,
    check_definition,
    create_plan,
    duplicate_plan,
    get_version,
    list_plans,
    list_versions,
    publish,
    save_draft,
)

JANUARY = CalculatorInput(date(2025, 1, 1), date(2025, 2, 1))


def _rows(context) -> tuple[int, int, int]:  # type: ignore[no-untyped-def]
    with context.unit_of_work(write=False) as uow:
        return tuple(uow.session.scalar(select(func.count()).select_from(model)) or 0  # type: ignore[return-value]
                     for model in (Plan, PlanVersionRow, AuditEntry))


def test_a_plan_is_created_as_draft_1_and_published(admin_context) -> None:  # type: ignore[no-untyped-def]
    seed_products(admin_context)
    plan, draft, changes = create_plan(admin_context, "packs", "通信套餐", "语音 短信 流量", packs())
    assert changes.catalog and (plan.draft_number, plan.published_number, plan.archived) == (1, None, False)
    assert (draft.number, draft.status, draft.published_at, draft.published_by) == (1, "draft", None, "")
    definition = draft.definition
    assert (definition["code"], definition["name"], definition["version"]) == ("packs", "通信套餐", 1)
    assert definition["description"] == "语音 短信 流量"
    assert [p["code"] for p in definition["products"]] == ["voice", "sms", "data"]
    assert definition["products"][0] == {"code": "voice", "name": "语音通话", "unit": "分钟", "tax_rate": "0.09",
                                         "description": "", "category": "电信基础", "active": True}
    published, _ = publish(admin_context, plan.id)
    assert (published.id, published.status, published.published_by) == (draft.id, "published", "管理员")
    assert published.published_at is not None
    [listed] = list_plans(admin_context)
    assert (listed.published_number, listed.draft_number) == (1, None) and listed.version > plan.version
    with pytest.raises(DomainError) as caught:
        publish(admin_context, plan.id)
    assert caught.value.code == "plan.no_draft"


def test_editing_a_published_plan_makes_version_2_and_version_1_keeps_its_price(admin_context) -> None:  # type: ignore[no-untyped-def]
    """Acceptance 3: a subscription on the old version (it keeps its version id) is billed at the old price."""
    seed_products(admin_context)
    plan, v1, _ = create_plan(admin_context, "packs", "通信套餐", "", packs("99.00"))
    publish(admin_context, plan.id)
    v2, changes = save_draft(admin_context, plan.id, packs("109.00"))
    assert changes.catalog and (v2.number, v2.status) != (v1.number, "draft") and v2.id != v1.id
    assert (v2.number, v2.status, v2.definition["version"]) == (2, "draft", 2)
    again, _ = save_draft(admin_context, plan.id, packs("119.00"), name="通信套餐（新）")
    assert (again.id, again.number) == (v2.id, 2)  # the one draft is updated
    assert again.definition["name"] == "通信套餐（新）"
    publish(admin_context, plan.id)
    versions = list_versions(admin_context, plan.id)
    assert [(v.number, v.status) for v in versions] == [(2, "published"), (1, "retired")]
    assert get_version(admin_context, v1.id).definition["charges"][0]["price"] == "99.00"
    assert get_version(admin_context, v1.id).definition["name"] == "通信套餐"
    old, new = quote_version(admin_context, v1.id, JANUARY), quote_version(admin_context, v2.id, JANUARY)
    assert (old.lines[0].gross, old.lines[0].tax, old.total_gross) == (Decimal("99.00"), Decimal("8.17"),
                                                                       Decimal("139.00"))
    assert (new.lines[0].gross, new.total_gross) == (Decimal("119.00"), Decimal("159.00"))
    v3, _ = save_draft(admin_context, plan.id, packs("129.00"))
    assert v3.number == 3
    assert [v.status for v in list_versions(admin_context, plan.id)] == ["draft", "published", "retired"]
    [summary] = list_plans(admin_context)
    assert (summary.published_number, summary.draft_number, summary.name) == (2, 3, "通信套餐（新）")


def test_products_come_from_the_catalog(admin_context) -> None:  # type: ignore[no-untyped-def]
    products = seed_products(admin_context)
    stale = {**packs(), "products": [{"code": "voice", "name": "旧名", "unit": "次", "tax_rate": "0.13"}]}
    plan, draft, _ = create_plan(admin_context, "packs", "通信套餐", "", stale)
    voice = draft.definition["products"][0]
    assert (voice["tax_rate"], voice["name"], voice["unit"]) == ("0.09", "语音通话", "分钟")
    publish(admin_context, plan.id)
    save_product(admin_context, replace(products["voice"], tax_rate="0.06"))  # the law changes
    voice_v1 = get_version(admin_context, draft.id).definition["products"][0]
    assert voice_v1["tax_rate"] == "0.09"  # the published version keeps what it sold
    v2, _ = save_draft(admin_context, plan.id, packs())
    assert v2.definition["products"][0]["tax_rate"] == "0.06"
    voice = next(p for p in list_products(admin_context) if p.code == "voice")
    set_product_active(admin_context, voice.id, False, voice.version)
    problems = check_definition(admin_context, packs())
    assert [(p.code, p.path) for p in problems] == [("plan.product.inactive", "charges[0].product")]
    with pytest.raises(DomainError) as caught:
        publish(admin_context, plan.id)  # the draft's product was deactivated since
    assert caught.value.code == "plan.definition_invalid"
    assert caught.value.params["problem_code"] == "plan.product.inactive"
    unknown = packs()
    unknown["charges"][1]["product"] = "fax"
    assert [(p.code, p.path, p.params["product"]) for p in check_definition(admin_context, unknown)] == [
        ("plan.product.inactive", "charges[0].product", "voice"),
        ("plan.product.not_in_catalog", "charges[1].product", "fax")]


def test_check_definition_lists_every_problem_with_its_path(admin_context) -> None:  # type: ignore[no-untyped-def]
    seed_products(admin_context)
    bad: dict[str, Any] = {"charges": [
        {"kind": "usage", "code": "texts", "name": "短信", "product": "sms", "meter": "sms", "model": "graduated",
         "tiers": [{"start": "0", "up_to": "1000", "unit_price": "0.05"},
                   {"start": "1000", "up_to": "500", "unit_price": "0.04"},
                   {"start": "500", "up_to": None, "unit_price": "0.031234567"}]},
        {"kind": "recurring", "code": "texts", "name": "", "product": "svc", "price": "-1", "interval": "month"},
    ]}
    problems = check_definition(admin_context, bad)
    assert [(p.code, p.path) for p in problems] == [
        ("plan.tiers.not_increasing", "charges[0].tiers[1].up_to"),
        ("plan.price.too_many_decimals", "charges[0].tiers[2].unit_price"),
        ("plan.code.duplicate", "charges[1].code"),
        ("plan.name.empty", "charges[1].name"),
        ("plan.price.negative", "charges[1].price"),
    ]
    first = problems[0]
    assert first.params == {"value": "500", "start": "1000", "path": "charges[0].tiers[1].up_to"}
    assert first.message == "The upper limit of this tier (500) must be above its start (1000)."
    assert problems[2].params["value"] == "texts"
    assert check_definition(admin_context, packs()) == []
    shape = check_definition(admin_context, {"charges": [{"kind": "usage", "code": "c", "name": "c", "product": "sms",
                                                          "meter": "m", "model": "per_unit", "unit_price": 0.1}]})
    assert [(p.code, p.path) for p in shape] == [("plan.field.not_decimal", "charges[0].unit_price")]
    before = _rows(admin_context)
    with pytest.raises(DomainError) as caught:
        create_plan(admin_context, "sms", "短信套餐", "", bad)
    error = caught.value
    assert error.code == "plan.definition_invalid"
    assert (error.params["path"], error.params["problem_code"]) == ("charges[0].tiers[1].up_to",
                                                                    "plan.tiers.not_increasing")
    assert describe(error) == ("The plan has a problem at charges[0].tiers[1].up_to: The upper limit of this tier "
                               "(500) must be above its start (1000).")
    assert _rows(admin_context) == before


def test_a_bad_draft_is_refused_and_the_old_one_stays(admin_context) -> None:  # type: ignore[no-untyped-def]
    seed_products(admin_context)
    plan, draft, _ = create_plan(admin_context, "packs", "通信套餐", "", packs())
    broken = packs()
    broken["charges"][0]["interval"] = "fortnight"
    with pytest.raises(DomainError) as caught:
        save_draft(admin_context, plan.id, broken, name="新名字")
    assert caught.value.params["path"] == "charges[0].interval"
    assert caught.value.params["problem_code"] == "plan.field.unknown_value"
    assert "fortnight" in describe(caught.value)
    assert list_versions(admin_context, plan.id) == [draft]
    assert list_plans(admin_context)[0].name == "通信套餐"


def test_stale_plan_edits_are_refused(admin_context) -> None:  # type: ignore[no-untyped-def]
    seed_products(admin_context)
    plan, _, _ = create_plan(admin_context, "packs", "通信套餐", "", packs())
    save_draft(admin_context, plan.id, packs("98.00"), version=plan.version)
    with pytest.raises(ConcurrentEdit):
        save_draft(admin_context, plan.id, packs("97.00"), version=plan.version)
    with pytest.raises(ConcurrentEdit):
        publish(admin_context, plan.id, version=plan.version)
    assert list_versions(admin_context, plan.id)[0].definition["charges"][0]["price"] == "98.00"


def test_duplicate_and_archive(admin_context) -> None:  # type: ignore[no-untyped-def]
    seed_products(admin_context)
    plan, _, _ = create_plan(admin_context, "packs", "通信套餐", "说明", packs())
    publish(admin_context, plan.id)
    save_draft(admin_context, plan.id, packs("89.00"))
    copy, changes = duplicate_plan(admin_context, plan.id, "packs-2026", "通信套餐 2026")
    assert changes.catalog and (copy.code, copy.description, copy.draft_number, copy.published_number) == (
        "packs-2026", "说明", 1, None)
    [draft] = list_versions(admin_context, copy.id)
    assert draft.definition["charges"][0]["price"] == "89.00"  # the latest version
    assert (draft.definition["code"], draft.definition["version"]) == ("packs-2026", 1)
    with pytest.raises(DomainError) as caught:
        duplicate_plan(admin_context, plan.id, "PACKS", "重复")
    assert caught.value.code == "catalog.code_taken"
    assert archive_plan(admin_context, plan.id).catalog
    assert [p.code for p in list_plans(admin_context)] == ["packs-2026"]
    assert [p.code for p in list_plans(admin_context, include_archived=True)] == ["packs", "packs-2026"]
    for attempt in (lambda: save_draft(admin_context, plan.id, packs()), lambda: publish(admin_context, plan.id)):
        with pytest.raises(DomainError) as caught:
            attempt()
        assert caught.value.code == "plan.archived"
    published = list_versions(admin_context, plan.id)[1]
    assert quote_version(admin_context, published.id, JANUARY).total_gross == Decimal("139.00")  # still priceable
    assert not archive_plan(admin_context, plan.id)
    assert archive_plan(admin_context, plan.id, archived=False).catalog
    assert publish(admin_context, plan.id)[0].number == 2


def test_who_may_do_what(org) -> None:  # type: ignore[no-untyped-def]
    admin, sales, manager, auditor = (org["contexts"][n] for n in ("admin", "north1", "manager", "auditor"))
    seed_products(admin)
    plan, draft, _ = create_plan(admin, "packs", "通信套餐", "", packs())
    before = _rows(admin)
    for context in (sales, manager, auditor):
        assert [p.code for p in list_plans(context)] == ["packs"]
        assert list_versions(context, plan.id) == [draft]
        assert check_definition(context, packs()) == []
        for attempt in (lambda c: create_plan(c, "x", "x", "", packs()),
                        lambda c: save_draft(c, plan.id, packs("1.00")),
                        lambda c: publish(c, plan.id),
                        lambda c: duplicate_plan(c, plan.id, "y", "y"),
                        lambda c: archive_plan(c, plan.id)):
            with pytest.raises(PermissionDenied):
                attempt(context)
    assert _rows(admin) == before


def test_every_engine_code_has_a_sentence_that_formats() -> None:
    templates = _templates()
    codes = {f"plan.{code}" for code in PLAN_ERROR_CODES | PRICE_INPUT_ERROR_CODES}
    assert sorted(codes - set(templates)) == []
    sample = {"value": "1", "expected": "2", "allowed": "a, b", "model": "graduated", "places": 6, "start": "0",
              "max": "1", "min": "2", "module": "m", "product": "p", "tier": "t", "charge": "c", "duration": "once",
              "top_up": "t", "end": "e", "period_start": "s", "period_end": "e", "day": "d", "at": "a", "path": "x"}
    for code in sorted(codes):
        text = describe(DomainError(code, **sample))
        assert "{" not in text and not text.startswith("The action could not"), code
    wrappers = [DomainError("plan.definition_invalid", path="charges[0].price", problem_code="plan.price.negative",
                            value="-1"),
                DomainError("plan.input_invalid", path="seats", problem_code="plan.input.seats_negative", value=-1),
                DomainError("catalog.invalid", path="$.products[0].code", problem_code="catalog.code_invalid",
                            field="code")]
    for error in wrappers:
        text = describe(error)
        assert error.params["path"] in text and not re.search(r"[{}]", text), text
