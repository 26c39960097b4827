"""Customers on SQLite, PostgreSQL and MariaDB: validation, codes, scope, masking, search, duplicates, pool."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest

from desktop_app.errors import ConcurrentEdit, DomainError, PermissionDenied, ValidationFailed
from desktop_app.services.contacts import ContactData, add_follow_up, due_follow_ups, list_contacts, save_contact
from desktop_app.services.context import Context
from desktop_app.services.customer_list import list_ids, load_rows, search
from desktop_app.services.customers import (
    CustomerFilter,
    CustomerInput,
    create_customer,
    delete_customer,
    get_customer,
    update_customer,
)
from desktop_app.services.pool import assign, auto_return, claim, return_to_pool
from desktop_app.services.settings import set_setting

BEIJING = CustomerInput(name="北京科技有限公司", short_name="北科", tax_id="91110000600037341L",
                        phone="13812345678", region="北京", tags="重点,华北")


def names(rows) -> set[str]:  # type: ignore[no-untyped-def]
    return {row.name for row in rows}


def test_create_gives_a_code_and_keeps_search_columns(org) -> None:  # type: ignore[no-untyped-def]
    north1 = org["contexts"]["north1"]
    detail, changes = create_customer(north1, BEIJING)
    assert changes.customers and detail.code.startswith("C2") and len(detail.code) == 10
    assert detail.owner_name == "华北销售一" and detail.department_name == "华北组"
    second, _ = create_customer(north1, CustomerInput(name="上海贸易有限公司"))
    assert int(second.code[-5:]) == int(detail.code[-5:]) + 1


@pytest.mark.parametrize("data, code, field", [
    (CustomerInput(name=" "), "customer.name_required", "name"),
    (CustomerInput(name="甲", tax_id="91110000600037341X"), "company.tax_id_invalid", "tax_id"),
    (CustomerInput(name="甲", phone="12345"), "phone.invalid", "phone"),
    (CustomerInput(name="甲", email="no-at-sign"), "email.invalid", "email"),
    (CustomerInput(name="甲", status="sleeping"), "customer.status_invalid", "status"),
    (CustomerInput(name="甲" * 201), "text.too_long", "name"),
])
def test_validation_names_the_field(org, data: CustomerInput, code: str, field: str) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationFailed) as caught:
        create_customer(org["contexts"]["north1"], data)
    assert (caught.value.code, caught.value.params["field"]) == (code, field)
    assert list_ids(org["contexts"]["admin"]) == []


def test_scopes_and_the_pool(org) -> None:  # type: ignore[no-untyped-def]
    c = org["contexts"]
    create_customer(c["north1"], BEIJING)
    create_customer(c["north2"], CustomerInput(name="天津物流有限公司"))
    create_customer(c["south1"], CustomerInput(name="广州电子有限公司"))
    create_customer(c["admin"], CustomerInput(name="公海客户有限公司", phone="13900001111"), owner_id=None)
    everything = {"北京科技有限公司", "天津物流有限公司", "广州电子有限公司", "公海客户有限公司"}
    assert names(load_rows(c["admin"], list_ids(c["admin"]))) == everything
    assert names(load_rows(c["manager"], list_ids(c["manager"]))) == everything  # the sales tree + pool
    assert names(load_rows(c["north1"], list_ids(c["north1"]))) == {"北京科技有限公司", "公海客户有限公司"}
    assert names(load_rows(c["clerk"], list_ids(c["clerk"]))) == everything  # billing clerk: all
    pool_row = next(r for r in load_rows(c["north1"], list_ids(c["north1"], CustomerFilter(pool=True))))
    assert pool_row.in_pool and pool_row.phone == "139****1111"  # masked until claimed
    own = next(r for r in load_rows(c["north1"], list_ids(c["north1"], CustomerFilter(pool=False))))
    assert own.phone == "13812345678"
    clerk_row = next(r for r in load_rows(c["clerk"], list_ids(c["clerk"])) if r.name == "北京科技有限公司")
    assert clerk_row.phone == "138****5678"  # the billing clerk's field rule
    other_id = next(r.id for r in load_rows(c["admin"], list_ids(c["admin"])) if r.name == "广州电子有限公司")
    with pytest.raises(DomainError) as caught:
        get_customer(c["north1"], other_id)
    assert caught.value.code == "record.not_found"
    assert load_rows(c["north1"], [other_id]) == []  # rows are re-checked, not trusted by id


@pytest.mark.parametrize("query", ["bjkj", "beijing", "BeiJing", "北科", "5678", "91110000600037341L", "王经理",
                                   "ｂｊｋｊ", "bei jing"])
def test_search_finds_by_every_form(org, query: str) -> None:  # type: ignore[no-untyped-def]
    north1 = org["contexts"]["north1"]
    detail, _ = create_customer(north1, BEIJING)
    create_customer(north1, CustomerInput(name="上海贸易有限公司"))
    save_contact(north1, detail.id, None, ContactData("王经理", "采购经理", "010-66668888", is_primary=True))
    assert names(search(north1, query)) == {"北京科技有限公司"}


@pytest.mark.parametrize("query", ["' OR 1=1 --", "%", "_", "\\"])
def test_search_is_literal(org, query: str) -> None:  # type: ignore[no-untyped-def]
    north1 = org["contexts"]["north1"]
    create_customer(north1, BEIJING)
    create_customer(north1, CustomerInput(name="百分之百%有限公司"))
    expected = {"百分之百%有限公司"} if query == "%" else set()
    assert names(search(north1, query)) == expected


def test_duplicates_tell_only_what_the_user_may_know(org) -> None:  # type: ignore[no-untyped-def]
    c = org["contexts"]
    create_customer(c["north1"], BEIJING)
    with pytest.raises(DomainError) as hidden:
        create_customer(c["south1"], CustomerInput(name="别的名字", tax_id=BEIJING.tax_id))
    assert hidden.value.code == "customer.duplicate_owned"
    assert hidden.value.params == {"match": "tax_id", "owner": "华北销售一", "in_pool": False, "number": "",
                                   "name": ""}
    with pytest.raises(DomainError) as seen:
        create_customer(c["manager"], CustomerInput(name="北京科技（有限公司）"))
    assert seen.value.code == "customer.duplicate_visible" and seen.value.params["name"] == "北京科技有限公司"
    create_customer(c["manager"], CustomerInput(name="北京科技（有限公司）"), allow_similar_name=True)
    with pytest.raises(DomainError) as phone:
        create_customer(c["south1"], CustomerInput(name="另一家", phone="13812345678"))
    assert phone.value.params["match"] == "phone"


def test_a_stale_save_is_rejected(org) -> None:  # type: ignore[no-untyped-def]
    c = org["contexts"]
    detail, _ = create_customer(c["north1"], BEIJING)
    update_customer(c["manager"], detail.id, replace(detail.data, address="经理改的地址"))
    with pytest.raises(ConcurrentEdit) as caught:
        update_customer(c["north1"], detail.id, replace(detail.data, address="销售改的地址"))
    assert caught.value.params["by"] == "销售经理"
    assert get_customer(c["north1"], detail.id).data.address == "经理改的地址"


def test_update_and_delete_need_the_rights(org) -> None:  # type: ignore[no-untyped-def]
    c = org["contexts"]
    detail, _ = create_customer(c["north1"], BEIJING)
    with pytest.raises(PermissionDenied):
        delete_customer(c["north1"], detail.id)  # sales may not delete
    with pytest.raises(PermissionDenied):
        update_customer(c["auditor"], detail.id, detail.data)
    delete_customer(c["admin"], detail.id)
    assert list_ids(c["admin"]) == []


def test_pool_claim_limit_assign_and_return(org) -> None:  # type: ignore[no-untyped-def]
    c = org["contexts"]
    set_setting(c["admin"], "pool.holding_limit", 1)
    first, _ = create_customer(c["admin"], CustomerInput(name="公海一号有限公司"), owner_id=None)
    second, _ = create_customer(c["admin"], CustomerInput(name="公海二号有限公司"), owner_id=None)
    claim(c["north1"], first.id)
    assert get_customer(c["north1"], first.id).owner_name == "华北销售一"
    with pytest.raises(DomainError) as limit:
        claim(c["north1"], second.id)
    assert limit.value.code == "pool.limit_reached" and limit.value.params["limit"] == 1
    with pytest.raises(DomainError) as taken:
        claim(c["south1"], first.id)
    assert taken.value.code in ("record.not_found", "pool.already_owned")
    with pytest.raises(PermissionDenied):
        assign(c["north1"], second.id, org["ids"]["north2"])  # sales cannot assign
    assign(c["manager"], second.id, org["ids"]["south1"])
    assert get_customer(c["south1"], second.id).owner_name == "华南销售"
    return_to_pool(c["north1"], first.id, "no budget")
    assert get_customer(c["north2"], first.id).owner_id is None


def test_auto_return_after_n_days_without_follow_up(org) -> None:  # type: ignore[no-untyped-def]
    c = org["contexts"]
    quiet, _ = create_customer(c["north1"], CustomerInput(name="久未跟进有限公司"))
    busy, _ = create_customer(c["north1"], CustomerInput(name="常联系有限公司"))
    later = c["north1"].clock() + timedelta(days=20)
    add_follow_up(Context(c["north1"].database, c["north1"].actor, lambda: later), busy.id, "call", "约了下周拜访")
    in_31_days = c["admin"].clock() + timedelta(days=31)
    assert auto_return(c["admin"], now=in_31_days) == 1
    assert get_customer(c["admin"], quiet.id).owner_id is None
    assert get_customer(c["admin"], busy.id).owner_id == org["ids"]["north1"]


def test_follow_ups_and_the_due_list(org) -> None:  # type: ignore[no-untyped-def]
    c = org["contexts"]
    detail, _ = create_customer(c["north1"], BEIJING)
    tomorrow = c["north1"].clock() + timedelta(days=1)
    add_follow_up(c["north1"], detail.id, "visit", "拜访了王经理", next_contact_at=tomorrow)
    assert due_follow_ups(c["north1"]) == []
    due = due_follow_ups(c["north1"], until=tomorrow + timedelta(hours=1))
    assert [(d.customer_name, d.kind) for d in due] == [("北京科技有限公司", "visit")]
    assert due_follow_ups(c["south1"], until=tomorrow + timedelta(hours=1)) == []
    with pytest.raises(ValidationFailed):
        add_follow_up(c["north1"], detail.id, "dance", "?")
    contacts = list_contacts(c["clerk"], detail.id)
    assert contacts == []


def test_exports_defuse_formulas_and_respect_scope(org, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from openpyxl import load_workbook

    from desktop_app.services.exports import export_customers

    c = org["contexts"]
    create_customer(c["north1"], CustomerInput(name='=HYPERLINK("x")', tags="-1+1"))
    create_customer(c["south1"], CustomerInput(name="广州电子有限公司"))
    csv_path, xlsx_path = tmp_path / "mine.csv", tmp_path / "mine.xlsx"
    assert export_customers(c["north1"], CustomerFilter(), csv_path) == 1
    text = csv_path.read_text(encoding="utf-8-sig")
    assert "'=HYPERLINK" in text and "'-1+1" in text and "广州" not in text
    assert export_customers(c["admin"], CustomerFilter(), xlsx_path) == 2
    sheet = load_workbook(xlsx_path).active
    values = [cell.value for row in sheet.iter_rows() for cell in row]
    assert "'=HYPERLINK(\"x\")" in values and "广州电子有限公司" in values
    assert not any(isinstance(v, str) and v.startswith("=") for v in values)


def test_child_records_do_not_make_an_open_profile_stale(org) -> None:  # type: ignore[no-untyped-def]
    north1 = org["contexts"]["north1"]
    detail, _ = create_customer(north1, BEIJING)
    save_contact(north1, detail.id, None, ContactData("赵工", phone="13700001111"))
    add_follow_up(north1, detail.id, "call", "电话沟通报价")
    saved, _ = update_customer(north1, detail.id, replace(detail.data, address="北京市朝阳区"))
    assert saved.data.address == "北京市朝阳区" and saved.last_followup_at is not None
    assert names(search(north1, "赵工")) == {"北京科技有限公司"}


def test_merge_moves_every_child_record(org) -> None:  # type: ignore[no-untyped-def]
    from desktop_app.services.contacts import list_follow_ups
    from desktop_app.services.pool import merge

    c = org["contexts"]
    keep, _ = create_customer(c["north1"], CustomerInput(name="北京科技有限公司"))
    dup, _ = create_customer(c["north1"], CustomerInput(name="北京科技公司(重复)", phone="13812345678",
                                                        tax_id=BEIJING.tax_id), allow_similar_name=True)
    save_contact(c["north1"], dup.id, None, ContactData("王经理", phone="13700002222"))
    add_follow_up(c["north1"], dup.id, "call", "重复客户上的跟进")
    with pytest.raises(PermissionDenied):
        merge(c["north1"], dup.id, keep.id)  # sales may not delete
    merge(c["manager"], dup.id, keep.id)
    merged = get_customer(c["north1"], keep.id)
    assert merged.data.phone == "13812345678" and merged.data.tax_id == BEIJING.tax_id
    assert [x.data.name for x in list_contacts(c["north1"], keep.id)] == ["王经理"]
    assert [f.content for f in list_follow_ups(c["north1"], keep.id)] == ["重复客户上的跟进"]
    with pytest.raises(DomainError):
        get_customer(c["admin"], dup.id)
    assert names(search(c["north1"], "王经理")) == {"北京科技有限公司"}
