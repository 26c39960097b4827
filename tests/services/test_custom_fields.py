"""Admin-defined custom fields on SQLite, PostgreSQL and MariaDB: definitions, values, list, filter, search."""

from __future__ import annotations

import json
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import func, select

from desktop_app.errors import ConcurrentEdit, PermissionDenied, ValidationFailed
from desktop_app.models import AuditEntry, CustomField
from desktop_app.services.custom_fields import (
    CustomFieldInfo,
    clean_value,
    deactivate,
    filter_values,
    key_from_label,
    list_fields,
    reactivate,
    save_field,
)
from desktop_app.services.customer_list import list_ids, load_rows, search
from desktop_app.services.customers import CustomerFilter, CustomerInput, create_customer, get_customer, update_customer

GRADE = CustomFieldInfo(0, "", "客户等级", "choice", ("A", "B", "C"), required=False, in_list=True, position=1)
NOTE = CustomFieldInfo(0, "", "采购偏好", "text", position=2)
VALUE = CustomFieldInfo(0, "contract_value", "Contract value", "number", position=3, in_list=False)
SIGNED = CustomFieldInfo(0, "", "签约日期", "date", position=4)


def define(context, *fields: CustomFieldInfo) -> dict[str, CustomFieldInfo]:  # type: ignore[no-untyped-def]
    saved = {}
    for data in fields:
        info, changes = save_field(context, data)
        assert changes.custom_fields and info.id and info.version
        saved[info.label] = info
    return saved


def test_each_kind_is_defined_with_a_key_and_listed_in_order(admin_context) -> None:  # type: ignore[no-untyped-def]
    saved = define(admin_context, SIGNED, VALUE, NOTE, GRADE)
    assert saved["客户等级"].key == "khdj" and saved["采购偏好"].key == "cgph"
    assert saved["Contract value"].key == "contract_value" and saved["签约日期"].key == "qyrq"
    assert saved["客户等级"].choices == ("A", "B", "C")
    listed = list_fields(admin_context)
    assert [f.label for f in listed] == ["客户等级", "采购偏好", "Contract value", "签约日期"]
    assert [f.kind for f in listed] == ["choice", "text", "number", "date"]
    same_label = save_field(admin_context, CustomFieldInfo(0, "", "khdj", "text"))[0]  # a key from a label
    assert same_label.key == "khdj_2"
    with admin_context.unit_of_work(write=False) as uow:
        entries = uow.session.scalars(select(AuditEntry).where(AuditEntry.action == "custom_field.save")).all()
        assert len(entries) == 5 and json.loads(entries[0].detail)["created"] is True


@pytest.mark.parametrize("data, code, field", [
    (CustomFieldInfo(0, "", "  ", "text"), "custom_field.label_required", "label"),
    (CustomFieldInfo(0, "", "长" * 61, "text"), "text.too_long", "label"),
    (CustomFieldInfo(0, "", "等级", "colour"), "custom_field.kind_invalid", "kind"),
    (CustomFieldInfo(0, "9lives", "等级", "text"), "custom_field.key_invalid", "key"),
    (CustomFieldInfo(0, "Grade-A", "等级", "text"), "custom_field.key_invalid", "key"),
    (CustomFieldInfo(0, "phone", "座机", "text"), "custom_field.key_reserved", "key"),
    (CustomFieldInfo(0, "", "等级", "choice"), "custom_field.choices_required", "choices"),
    (CustomFieldInfo(0, "", "等级", "choice", ("", " ")), "custom_field.choices_required", "choices"),
    (CustomFieldInfo(0, "", "等级", "choice", tuple(str(n) for n in range(51))), "custom_field.too_many_choices",
     "choices"),
    (CustomFieldInfo(0, "", "等级", "choice", ("A", "B", "a")), "custom_field.choice_twice", "choices"),
    (CustomFieldInfo(0, "", "等级", "text", position=-1), "custom_field.position_invalid", "position"),
])
def test_invalid_definitions_are_refused(admin_context, data, code: str, field: str) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationFailed) as caught:
        save_field(admin_context, data)
    assert (caught.value.code, caught.value.params["field"]) == (code, field)
    assert list_fields(admin_context, active_only=False) == []


def test_kind_and_key_are_fixed_labels_and_keys_unique(admin_context) -> None:  # type: ignore[no-untyped-def]
    grade = define(admin_context, GRADE)["客户等级"]
    with pytest.raises(ValidationFailed) as caught:
        save_field(admin_context, replace(grade, kind="text"))
    assert caught.value.code == "custom_field.kind_fixed"
    with pytest.raises(ValidationFailed) as caught:
        save_field(admin_context, replace(grade, key="grade"))
    assert caught.value.code == "custom_field.key_fixed"
    with pytest.raises(ValidationFailed) as caught:
        save_field(admin_context, replace(NOTE, label="客户等级"))
    assert caught.value.code == "custom_field.label_taken"
    with pytest.raises(ValidationFailed) as caught:
        save_field(admin_context, replace(NOTE, key="khdj"))
    assert caught.value.code == "custom_field.key_taken"
    edited, changes = save_field(admin_context, replace(grade, label="等级", choices=("A", "B", "C", "D"),
                                                          in_list=False))
    assert changes.custom_fields and edited.version == grade.version + 1 and edited.key == "khdj"
    assert edited.choices == ("A", "B", "C", "D") and not edited.in_list
    unchanged, changes = save_field(admin_context, edited)
    assert not changes and unchanged == edited


def test_values_are_validated_and_normalised() -> None:
    number = CustomFieldInfo(1, "amount", "金额", "number")
    day = CustomFieldInfo(2, "signed", "签约日期", "date")
    grade = CustomFieldInfo(3, "grade", "客户等级", "choice", ("A级", "B级"), required=True)
    text = CustomFieldInfo(4, "note", "备注二", "text")
    assert clean_value(number, "１，２３４.５０") == "1234.50"
    assert clean_value(number, " -1,234,567.8 ") == "-1234567.8"
    assert clean_value(number, "0.00") == "0.00" and clean_value(number, "-0") == "0"
    assert clean_value(number, "") == ""
    assert clean_value(day, "2026年1月5日") == "2026-01-05"
    assert clean_value(day, "2026/1/5") == clean_value(day, "2026-01-05") == clean_value(day, "20260105")
    assert clean_value(grade, "Ａ级") == "A级"  # full-width typed, the defined spelling stored
    assert clean_value(text, "  常规  ") == "常规"
    for field, raw, code in [(number, "12,34", "custom_field.number_invalid"),
                             (number, "1e5", "custom_field.number_invalid"),
                             (number, "abc", "custom_field.number_invalid"),
                             (number, "1" * 16, "custom_field.number_too_big"),
                             (number, "1.1234567", "custom_field.number_too_big"),
                             (day, "2026-02-30", "custom_field.date_invalid"),
                             (day, "明天", "custom_field.date_invalid"),
                             (grade, "C级", "custom_field.choice_invalid"),
                             (grade, " ", "custom_field.value_required"),
                             (text, "字" * 501, "custom_field.text_too_long")]:
        with pytest.raises(ValidationFailed) as caught:
            clean_value(field, raw)
        assert caught.value.code == code, raw
        assert caught.value.params["field"] == field.key and caught.value.params["label"] == field.label
    assert "1234.50" in filter_values("1234.5") and "2026-01-05" in filter_values("2026年1月5日")


def test_values_stored_shown_in_detail_and_list_rows(org) -> None:  # type: ignore[no-untyped-def]
    c = org["contexts"]
    fields = define(c["admin"], GRADE, NOTE, VALUE, SIGNED)
    grade, note, value, signed = (fields[k].key for k in ("客户等级", "采购偏好", "Contract value", "签约日期"))
    data = CustomerInput(name="北京科技有限公司", custom=((grade, "B"), (note, "只买国产服务器"),
                                                   (value, "１，２３４.５０"), (signed, "2026年1月5日")))
    detail, _ = create_customer(c["north1"], data)
    assert dict(detail.data.custom) == {grade: "B", note: "只买国产服务器", value: "1234.50",
                                        signed: "2026-01-05"}
    row = load_rows(c["north1"], [detail.id])[0]
    assert dict(row.custom)[grade] == "B" and dict(row.custom)[value] == "1234.50"
    edited, changes = update_customer(c["north1"], detail.id, replace(detail.data, custom=((grade, "C"), (note, ""))))
    assert changes.customers and dict(edited.data.custom) == {grade: "C", value: "1234.50", signed: "2026-01-05"}
    with c["admin"].unit_of_work(write=False) as uow:
        entry = uow.session.scalars(select(AuditEntry).where(AuditEntry.action == "customer.update")).one()
        assert json.loads(entry.detail)["changed"] == {f"custom.{grade}": ["B", "C"],
                                                        f"custom.{note}": ["只买国产服务器", ""]}
    kept, _ = update_customer(c["north1"], detail.id, replace(edited.data, phone="13812345678", custom=()))
    assert dict(kept.data.custom) == dict(edited.data.custom)  # a caller without custom values keeps them


def test_required_values_are_enforced_naming_the_field(org) -> None:  # type: ignore[no-untyped-def]
    c = org["contexts"]
    grade = define(c["admin"], replace(GRADE, required=True))["客户等级"]
    with pytest.raises(ValidationFailed) as caught:
        create_customer(c["north1"], CustomerInput(name="北京科技有限公司"))
    assert caught.value.code == "custom_field.value_required"
    assert caught.value.params == {"field": grade.key, "key": grade.key, "label": "客户等级"}
    with pytest.raises(ValidationFailed) as caught:
        create_customer(c["north1"], CustomerInput(name="北京科技有限公司", custom=((grade.key, "Z"),)))
    assert caught.value.code == "custom_field.choice_invalid" and caught.value.params["choices"] == "A、B、C"
    assert list_ids(c["admin"]) == []
    detail, _ = create_customer(c["north1"], CustomerInput(name="北京科技有限公司", custom=((grade.key, "a"),)))
    assert dict(detail.data.custom) == {grade.key: "A"}
    with pytest.raises(ValidationFailed):
        update_customer(c["north1"], detail.id, replace(detail.data, custom=((grade.key, ""),)))


def test_filter_by_choice_number_date_and_text_and_search(org) -> None:  # type: ignore[no-untyped-def]
    c = org["contexts"]
    fields = define(c["admin"], GRADE, NOTE, VALUE, SIGNED)
    grade, note, value, signed = (fields[k].key for k in ("客户等级", "采购偏好", "Contract value", "签约日期"))
    for name, values in [("北京科技有限公司", {grade: "A", note: "偏好华为服务器", value: "100", signed: "2026-01-05"}),
                         ("上海贸易有限公司", {grade: "B", note: "Prefers DELL servers", value: "100.50"}),
                         ("广州电子有限公司", {note: "无 A"})]:
        create_customer(c["north1"], CustomerInput(name=name, custom=tuple(values.items())))

    def found(*pairs: tuple[str, str], text: str = "") -> set[str]:
        rows = load_rows(c["north1"], list_ids(c["north1"], CustomerFilter(text=text, custom=pairs)))
        return {r.name for r in rows}

    assert found((grade, "A")) == {"北京科技有限公司"}  # equality for choices
    assert found((grade, "B")) == {"上海贸易有限公司"}
    assert found((note, "华为")) == {"北京科技有限公司"}  # text: contains
    assert found((note, "dell")) == {"上海贸易有限公司"}  # any case
    assert found((note, "servers"), (grade, "B")) == {"上海贸易有限公司"}
    assert found((value, "100.5")) == {"上海贸易有限公司"} and found((value, "100")) == {"北京科技有限公司"}
    assert found((signed, "2026/1/5")) == {"北京科技有限公司"}
    assert found(("no_such_field", "A")) == set()
    assert found((note, "100%")) == set()  # wildcards are literal
    assert {r.name for r in search(c["north1"], "华为服务器")} == {"北京科技有限公司"}
    assert {r.name for r in search(c["north1"], "dell")} == {"上海贸易有限公司"}
    assert search(c["north1"], "100.50") == []  # numbers are not search text
    assert found((grade, "A"), text="bjkj") == {"北京科技有限公司"}


def test_a_salesperson_cannot_define_fields(org) -> None:  # type: ignore[no-untyped-def]
    c = org["contexts"]
    with pytest.raises(PermissionDenied):
        save_field(c["north1"], GRADE)
    grade = define(c["admin"], GRADE)["客户等级"]
    for action in (lambda: save_field(c["north1"], replace(grade, label="改名")),
                   lambda: deactivate(c["north1"], grade.id)):
        with pytest.raises(PermissionDenied):
            action()
    assert [f.label for f in list_fields(c["north1"])] == ["客户等级"]  # but sees them, to fill them in
    assert list_fields(c["north1"])[0].version == grade.version and list_fields(c["north1"])[0].active
    with c["admin"].unit_of_work(write=False) as uow:
        assert uow.session.scalar(select(func.count()).select_from(CustomField)) == 1


def test_deactivated_field_leaves_the_form_but_values_stay(org) -> None:  # type: ignore[no-untyped-def]
    c = org["contexts"]
    grade = define(c["admin"], replace(GRADE, required=True))["客户等级"]
    detail, _ = create_customer(c["north1"], CustomerInput(name="北京科技有限公司", custom=((grade.key, "B"),)))
    off, changes = deactivate(c["admin"], grade.id, grade.version)
    assert changes.custom_fields and not off.active
    assert list_fields(c["north1"]) == [] and list_fields(c["admin"], active_only=False)[0].key == grade.key
    assert dict(get_customer(c["north1"], detail.id).data.custom) == {grade.key: "B"}  # the value stays
    second, _ = create_customer(c["north1"], CustomerInput(name="上海贸易有限公司"))  # no longer required
    assert second.data.custom == ()
    edited, _ = update_customer(c["north1"], detail.id, replace(detail.data, address="北京",
                                                                  custom=((grade.key, "not editable"),)))
    assert dict(edited.data.custom) == {grade.key: "B"}  # kept as stored, not editable while inactive
    on, _ = reactivate(c["admin"], grade.id)
    assert on.active and list_fields(c["north1"])[0].key == grade.key
    with c["admin"].unit_of_work(write=False) as uow:
        actions = set(uow.session.scalars(select(AuditEntry.action).where(AuditEntry.entity == "custom_field")))
        assert actions == {"custom_field.save", "custom_field.deactivate", "custom_field.reactivate"}


def test_concurrent_edit_of_a_definition_is_refused(admin_context) -> None:  # type: ignore[no-untyped-def]
    grade = define(admin_context, GRADE)["客户等级"]
    save_field(admin_context, replace(grade, label="等级"))  # someone else, first
    with pytest.raises(ConcurrentEdit) as caught:
        save_field(admin_context, replace(grade, choices=("A", "B")))
    assert caught.value.params["by"] == "管理员"
    with pytest.raises(ConcurrentEdit):
        deactivate(admin_context, grade.id, grade.version)
    assert list_fields(admin_context)[0].choices == ("A", "B", "C")


def test_export_has_the_custom_columns(org, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from openpyxl import load_workbook  # type: ignore[import-untyped]

    from desktop_app.services.exports import export_customers

    c = org["contexts"]
    fields = define(c["admin"], GRADE, VALUE, SIGNED)
    grade, value, signed = (fields[k].key for k in ("客户等级", "Contract value", "签约日期"))
    create_customer(c["north1"], CustomerInput(name="北京科技有限公司", custom=((grade, "A"), (value, "1,234.50"),
                                                                          (signed, "2026-01-05"))))
    path = tmp_path / "customers.xlsx"
    assert export_customers(c["admin"], CustomerFilter(), path) == 1
    sheet = load_workbook(path).active
    header, line = [cell.value for cell in sheet[1]], [cell.value for cell in sheet[2]]
    assert header[-3:] == ["客户等级", "Contract value", "签约日期"]
    assert line[-3] == "A" and Decimal(str(line[-2])) == Decimal("1234.50") and str(line[-1])[:10] == "2026-01-05"
    csv_path = tmp_path / "customers.csv"
    export_customers(c["admin"], CustomerFilter(custom=((grade, "B"),)), csv_path)
    assert csv_path.read_text(encoding="utf-8-sig").splitlines()[0].endswith("客户等级,Contract value,签约日期")


def test_key_from_label() -> None:
    assert key_from_label("客户等级") == "khdj"
    assert key_from_label("VIP 等级") == "vip_dj"
    assert key_from_label("Contract value (CNY)") == "contract_value_cny"
    assert key_from_label("2025 预算") == "f_2025_ys"
    assert key_from_label("Region") == "region_2"  # a built-in field's name
    assert key_from_label("!!!") == "field"
    assert key_from_label("客户等级", taken=["khdj", "khdj_2"]) == "khdj_3"


def test_merge_fills_the_custom_values_the_target_lacks(org) -> None:  # type: ignore[no-untyped-def]
    from desktop_app.services.pool import merge

    c = org["contexts"]
    fields = define(c["admin"], GRADE, NOTE)
    grade, note = fields["客户等级"].key, fields["采购偏好"].key
    keep, _ = create_customer(c["admin"], CustomerInput(name="保留客户有限公司", custom=((grade, "A"),)))
    gone, _ = create_customer(c["admin"], CustomerInput(name="重复客户有限公司",
                                                        custom=((grade, "C"), (note, "偏好华为服务器"))))
    merge(c["admin"], gone.id, keep.id)
    assert dict(get_customer(c["admin"], keep.id).data.custom) == {grade: "A", note: "偏好华为服务器"}
    assert {r.name for r in search(c["admin"], "华为服务器")} == {"保留客户有限公司"}
