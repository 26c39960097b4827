"""Importing customers: encodings, XLSX, dry run, error file, all-or-nothing, create-or-update."""

from __future__ import annotations

import csv
import io
from datetime import datetime
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from desktop_app.services.customer_import import ImportOptions, run_import, write_problems
from desktop_app.services.customer_list import list_ids, load_rows
from desktop_app.services.customers import CustomerFilter, get_customer
from desktop_app.services.import_table import auto_mapping, date_value, read_table, text_value

HEADER = ["客户名称", "简称", "电话", "地区", "状态", "标签", "备注", "负责人", "创建时间"]
CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def uscc(body: str) -> str:
    total = sum(CHARSET.index(ch) * w for ch, w in zip(body, WEIGHTS, strict=True))
    return body + CHARSET[(31 - total % 31) % 31]


def good_rows(count: int) -> list[list[object]]:
    rows: list[list[object]] = []
    for n in range(count):
        rows.append([f"华北贸易{n:04d}有限公司", f"华贸{n}", f"1380000{n:04d}", "北京", "正式客户", "重点,华北",
                     f'第{n}行备注，含"引号"\n和换行', "north1", "2024-03-15"])
    return rows


def save(path: Path, rows: list[list[object]], header: list[str] = HEADER) -> Path:
    if path.suffix == ".xlsx":
        book = Workbook()
        sheet = book.active
        sheet.append(header)
        for row in rows:
            sheet.append(row)
        book.save(path)
        return path
    buffer = io.StringIO()
    csv.writer(buffer).writerows([header, *rows])
    encoding = {"utf8bom": "utf-8-sig", "gbk": "gbk", "utf16": "utf-16"}[path.stem.split("-")[-1]]
    path.write_bytes(buffer.getvalue().encode(encoding))
    return path


def options(path: Path, mode: str = "create", key: str = "name") -> ImportOptions:
    header, _ = read_table(path)
    return ImportOptions(auto_mapping(header), mode=mode, match_key=key)


def snapshot(context) -> list[tuple]:  # type: ignore[no-untyped-def]
    rows = load_rows(context, list_ids(context, CustomerFilter(), order="name"))
    return [(r.name, r.short_name, r.phone, r.region, r.status, r.tags, r.owner_name) for r in rows]


def test_cells_are_cleaned_like_excel_users_expect() -> None:
    assert text_value("1.38E+10") == "13800000000"
    assert text_value(13812345678.0) == "13812345678"
    assert text_value("１３８１２３４５６７８") == "13812345678"
    assert date_value(45366) == datetime.fromisoformat("2024-03-15T00:00:00+00:00")
    assert date_value("2024/03/15").date().isoformat() == "2024-03-15"
    with pytest.raises(ValueError):
        date_value("sometime")


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_the_same_file_in_three_formats_gives_identical_customers(org, tmp_path: Path, db_url) -> None:  # type: ignore[no-untyped-def]
    rows = good_rows(1000)
    results = []
    admin = org["contexts"]["admin"]
    from desktop_app.services.customers import delete_customer

    for name in ("customers-utf8bom.csv", "customers-gbk.csv", "customers.xlsx"):
        path = save(tmp_path / name, rows)
        dry = run_import(admin, path, options(path))
        assert dry.ok and (dry.rows, dry.created) == (1000, 1000) and not dry.committed
        report = run_import(admin, path, options(path), dry_run=False)
        assert report.committed and report.created == 1000
        results.append(snapshot(admin))
        for customer_id in list_ids(admin):
            delete_customer(admin, customer_id)
    assert results[0] == results[1] == results[2]
    first = ("华北贸易0000有限公司", "华贸0", "13800000000", "北京", "active", "重点,华北", "华北销售一")
    assert results[0][0] == first


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_bad_rows_are_reported_and_nothing_is_imported(org, tmp_path: Path, db_url) -> None:  # type: ignore[no-untyped-def]
    admin = org["contexts"]["admin"]
    rows = good_rows(30)
    bad = [
        ["", "缺名称", "", "", "", "", "", "", ""],
        ["电话错误公司", "", "12345", "", "", "", "", "", ""],
        ["邮箱行公司", "", "", "", "", "", "", "", ""],
        ["状态错误公司", "", "", "", "休眠", "", "", "", ""],
        ["负责人不存在公司", "", "", "", "", "", "", "nobody", ""],
        ["日期错误公司", "", "", "", "", "", "", "", "去年"],
        ["超长" * 150, "", "", "", "", "", "", "", ""],
        ["x" * 1_000_000, "", "", "", "", "", "", "", ""],  # a 1 MB cell
        [rows[0][0], "", "", "", "", "", "", "", ""],  # the same key twice in the file
    ]
    bad += [[f"错误电话{n}公司", "", f"999{n}", "", "", "", "", "", ""] for n in range(11)]
    assert len(bad) == 20
    path = save(tmp_path / "mixed-utf8bom.csv", rows + bad)
    report = run_import(admin, path, options(path), dry_run=False)
    assert not report.committed and len(report.problems) == 19  # the e-mail row has no e-mail column: fine
    assert list_ids(admin) == []
    problems = {p.row: p for p in report.problems}
    assert problems[32].column == "客户名称" and "name" in problems[32].reason
    assert "11 digits" in problems[33].reason and problems[33].column == "电话"
    assert problems[40].code == "import.duplicate_key" and "twice" in problems[40].reason
    errors = tmp_path / "errors.xlsx"
    write_problems(report, errors)
    sheet = load_workbook(errors).active
    assert sheet.max_row == 20 and [c.value for c in sheet[1]] == ["row", "column", "reason"]


@pytest.mark.parametrize("db_url", ["sqlite", "postgresql", "mariadb"], indirect=True)
def test_a_second_import_in_create_or_update_mode_changes_nothing(org, tmp_path: Path, db_url) -> None:  # type: ignore[no-untyped-def]
    admin = org["contexts"]["admin"]
    path = save(tmp_path / "small-gbk.csv", good_rows(20))
    assert run_import(admin, path, options(path, "upsert"), dry_run=False).created == 20
    again = run_import(admin, path, options(path, "upsert"), dry_run=False)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 20)
    changed = good_rows(20)
    changed[3][3] = "天津"
    path2 = save(tmp_path / "changed-utf16.csv", changed)
    third = run_import(admin, path2, options(path2, "upsert"), dry_run=False)
    assert (third.created, third.updated, third.unchanged) == (0, 1, 19)
    customer = load_rows(admin, list_ids(admin, CustomerFilter(text="华北贸易0003")))[0]
    assert customer.region == "天津"
    assert get_customer(admin, customer.id).data.notes.startswith("第3行备注，含\"引号\"\n")


def test_a_salesperson_cannot_import(org, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from desktop_app.errors import PermissionDenied

    path = save(tmp_path / "x-utf8bom.csv", good_rows(2))
    with pytest.raises(PermissionDenied):
        run_import(org["contexts"]["north1"], path, options(path))


# --- custom fields ----------------------------------------------------------------------------------

CUSTOM_HEADER = ["客户名称", "电话", "客户等级", "合同金额", "签约日期"]


def define_fields(context) -> dict[str, object]:  # type: ignore[no-untyped-def]
    from desktop_app.services.custom_fields import CustomFieldInfo, save_field

    saved = {}
    for data in (CustomFieldInfo(0, "", "客户等级", "choice", ("A级", "B级", "C级"), position=1),
                 CustomFieldInfo(0, "contract_value", "合同金额", "number", position=2),
                 CustomFieldInfo(0, "", "签约日期", "date", position=3)):
        info, _changes = save_field(context, data)
        saved[info.label] = info
    return saved


def custom_options(path: Path, context, mode: str = "create") -> ImportOptions:  # type: ignore[no-untyped-def]
    from desktop_app.services.customer_import import import_fields

    header, _ = read_table(path)
    return ImportOptions(auto_mapping(header, import_fields(context)), mode=mode, match_key="name")


def stored_custom(context) -> dict[str, tuple[dict[str, str] | None, str]]:  # type: ignore[no-untyped-def]
    from sqlalchemy import select

    from desktop_app.models import Customer

    session = context.database.session(write=False)
    try:
        return {name: (custom, text) for name, custom, text in session.execute(
            select(Customer.name, Customer.custom, Customer.search_text))}
    finally:
        session.close()


def test_custom_fields_are_import_targets_matched_by_label_or_key(admin_context) -> None:  # type: ignore[no-untyped-def]
    from desktop_app.services.customer_import import import_fields
    from desktop_app.services.import_table import preset_mapping

    define_fields(admin_context)
    fields = import_fields(admin_context)
    header = ["客户名称", " 客户 等级 ", "CONTRACT_VALUE", "级别", "备注"]
    assert auto_mapping(header, fields) == {"name": "客户名称", "custom.khdj": " 客户 等级 ",
                                            "custom.contract_value": "CONTRACT_VALUE", "tier": "级别",
                                            "notes": "备注"}
    assert auto_mapping(header) == {"name": "客户名称", "tier": "级别", "notes": "备注"}
    preset = {"name": "客户名称", "custom.qyrq": "备注", "custom.gone": "级别"}
    assert preset_mapping(header, preset, fields) == {"name": "客户名称", "custom.qyrq": "备注"}


def test_custom_columns_are_imported_canonical_and_searchable(admin_context, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    define_fields(admin_context)
    rows: list[list[object]] = [["北京科技有限公司", "13812345678", "a级", "１２，３４５.５０", "2026年1月5日"],
                                ["上海贸易有限公司", "13912345678", "B级", "", ""]]
    path = save(tmp_path / "custom-gbk.csv", rows, CUSTOM_HEADER)
    dry = run_import(admin_context, path, custom_options(path, admin_context))
    assert dry.ok and dry.created == 2 and stored_custom(admin_context) == {}
    report = run_import(admin_context, path, custom_options(path, admin_context), dry_run=False)
    assert report.committed and report.created == 2, report.problems
    stored = stored_custom(admin_context)
    assert stored["北京科技有限公司"][0] == {"khdj": "A级", "contract_value": "12345.50", "qyrq": "2026-01-05"}
    assert stored["上海贸易有限公司"][0] == {"khdj": "B级"}
    assert "a级" in stored["北京科技有限公司"][1].lower()  # choice values are searched
    found = load_rows(admin_context, list_ids(admin_context, CustomerFilter(text="A级")))
    assert [r.name for r in found] == ["北京科技有限公司"]

    again = run_import(admin_context, path, custom_options(path, admin_context, "upsert"), dry_run=False)
    assert (again.created, again.updated, again.unchanged, again.batch_id) == (0, 0, 2, None)
    assert stored_custom(admin_context) == stored


def test_bad_custom_values_are_reported_with_row_and_column(admin_context, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    define_fields(admin_context)
    rows: list[list[object]] = [["北京科技有限公司", "13812345678", "A级", "100", "2026-01-05"],
                                ["上海贸易有限公司", "13912345678", "D级", "200", "2026-02-30"],
                                ["广州电子有限公司", "13712345678", "C级", "很多", "2026/3/1"]]
    path = save(tmp_path / "bad.xlsx", rows, CUSTOM_HEADER)
    report = run_import(admin_context, path, custom_options(path, admin_context), dry_run=False)
    assert not report.committed and stored_custom(admin_context) == {}
    assert [(p.row, p.column, p.code) for p in report.problems] == [
        (3, "客户等级", "custom_field.choice_invalid"), (3, "签约日期", "custom_field.date_invalid"),
        (4, "合同金额", "custom_field.number_invalid")]
    assert "客户等级" in report.problems[0].reason and "A级" in report.problems[0].reason
    errors = tmp_path / "errors.xlsx"
    write_problems(report, errors)
    sheet = load_workbook(errors).active
    assert [c.value for c in sheet[2]][:2] == [3, "客户等级"] and sheet.max_row == 4


def test_required_custom_field_must_be_mapped_and_filled_on_create(admin_context, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from desktop_app.services.custom_fields import CustomFieldInfo, save_field

    save_field(admin_context, CustomFieldInfo(0, "", "客户等级", "choice", ("A级", "B级"), required=True))
    path = save(tmp_path / "plain-utf8bom.csv", [["北京科技有限公司", "13812345678"]], ["客户名称", "电话"])
    report = run_import(admin_context, path, custom_options(path, admin_context))
    assert [(p.row, p.code, p.params["label"]) for p in report.problems] == [
        (1, "custom_field.value_required", "客户等级")]
    path = save(tmp_path / "empty-utf8bom.csv", [["北京科技有限公司", "13812345678", ""]],
                ["客户名称", "电话", "客户等级"])
    report = run_import(admin_context, path, custom_options(path, admin_context))
    assert [(p.row, p.column, p.code) for p in report.problems] == [(2, "客户等级", "custom_field.value_required")]
