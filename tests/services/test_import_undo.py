"""Undoing an import while nothing depends on it, and saved views (import mapping presets), on every backend."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from sqlalchemy import func, select

from desktop_app.errors import DomainError, PermissionDenied, ValidationFailed
from desktop_app.models import AuditEntry, Customer, ImportBatch, ImportChange, SavedView
from desktop_app.services.contacts import ContactData, add_follow_up, save_contact
from desktop_app.services.customer_import import ImportOptions, run_import
from desktop_app.services.customers import CustomerInput, create_customer, get_customer, update_customer
from desktop_app.services.import_table import auto_mapping, preset_mapping, read_table
from desktop_app.services.import_undo import list_batches, undo_import
from desktop_app.services.saved_views import delete_view, find_view, list_views, save_view

HEADER = ["客户名称", "电话", "地区", "备注"]


def save_csv(path: Path, rows: list[list[str]], header: list[str] = HEADER) -> Path:
    buffer = io.StringIO()
    csv.writer(buffer).writerows([header, *rows])
    path.write_bytes(buffer.getvalue().encode("utf-8-sig"))
    return path


def rows(count: int, region: str = "北京", start: int = 0) -> list[list[str]]:
    return [[f"导入测试{n:03d}有限公司", f"1390000{n:04d}", region, f"第{n}行"] for n in range(start, start + count)]


def do_import(context, path: Path, mode: str = "create", key: str = "name"):  # type: ignore[no-untyped-def]
    header, _ = read_table(path)
    report = run_import(context, path, ImportOptions(auto_mapping(header), mode, key), dry_run=False)
    assert report.committed, report.problems
    return report


def customers(context) -> list[tuple]:  # type: ignore[no-untyped-def]
    """Every customer as stored, with its search text and version, sorted by code."""
    session = context.database.session(write=False)
    try:
        return [tuple(row) for row in session.execute(
            select(Customer.code, Customer.name, Customer.phone, Customer.region, Customer.notes, Customer.search_text,
                   Customer.version).order_by(Customer.code))]
    finally:
        session.close()


def count(context, model) -> int:  # type: ignore[no-untyped-def]
    session = context.database.session(write=False)
    try:
        return int(session.scalar(select(func.count()).select_from(model)) or 0)
    finally:
        session.close()


def customer_id(context, name: str) -> int:  # type: ignore[no-untyped-def]
    session = context.database.session(write=False)
    try:
        return int(session.scalar(select(Customer.id).where(Customer.name == name)))  # type: ignore[arg-type]
    finally:
        session.close()


def test_undo_of_a_create_import_removes_exactly_those_customers(org, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    admin = org["contexts"]["admin"]
    create_customer(admin, CustomerInput(name="早就有的客户有限公司", phone="13700000000"))
    before = customers(admin)
    report = do_import(admin, save_csv(tmp_path / "new.csv", rows(5)))
    assert report.batch_id is not None and report.created == 5
    assert count(admin, ImportChange) == 5 and len(customers(admin)) == 6
    [batch] = list_batches(admin)
    assert (batch.id, batch.created, batch.updated, batch.undone, batch.file_name) == (report.batch_id, 5, 0, False,
                                                                                       "new.csv")
    undo, changes = undo_import(admin, report.batch_id)
    assert (undo.deleted, undo.restored) == (5, 0) and changes.customers
    assert customers(admin) == before
    [batch] = list_batches(admin)
    assert batch.undone and batch.undone_by == admin.actor.display_name
    session = admin.database.session(write=False)
    try:
        audit = session.scalars(select(AuditEntry).where(AuditEntry.action == "customer.import_undo")).one()
        assert '"deleted": 5' in audit.detail and audit.entity_id == str(report.batch_id)
        assert f'"batch_id": {report.batch_id}' in session.scalars(
            select(AuditEntry.detail).where(AuditEntry.action == "customer.import")).one()
    finally:
        session.close()


def test_undo_of_a_create_or_update_import_restores_the_old_values(org, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    admin = org["contexts"]["admin"]
    do_import(admin, save_csv(tmp_path / "first.csv", rows(4)))
    before = customers(admin)
    changed = rows(4, region="上海")
    changed[0][3] = "改过的备注"
    report = do_import(admin, save_csv(tmp_path / "second.csv", changed + rows(2, start=10)), mode="upsert")
    assert (report.created, report.updated, report.unchanged) == (2, 4, 0)
    assert {row[3] for row in customers(admin)} == {"上海", "北京"}
    undo, _ = undo_import(admin, report.batch_id)
    assert (undo.deleted, undo.restored) == (2, 4)
    after = customers(admin)
    # the same values and search text; the version moved on (undo is a change of its own)
    assert [row[:6] for row in after] == [row[:6] for row in before]
    assert all(new[6] > old[6] for new, old in zip(after, before, strict=True))
    with pytest.raises(DomainError) as twice:
        undo_import(admin, report.batch_id)
    assert twice.value.code == "import.already_undone"
    assert customers(admin) == after


@pytest.mark.parametrize("what", ["edit", "follow_up", "contact"])
def test_undo_is_refused_once_an_imported_customer_was_worked_on(org, tmp_path: Path, what: str) -> None:  # type: ignore[no-untyped-def]
    admin = org["contexts"]["admin"]
    report = do_import(admin, save_csv(tmp_path / "new.csv", rows(3)))
    target = customer_id(admin, "导入测试001有限公司")
    if what == "edit":
        detail = get_customer(admin, target)
        update_customer(admin, target, CustomerInput(**{**detail.data.__dict__, "region": "天津"}))
    elif what == "follow_up":
        add_follow_up(admin, target, "call", "问了报价")
    else:
        save_contact(admin, target, None, ContactData("张三", phone="13600000000"))
    before, batches = customers(admin), list_batches(admin)
    with pytest.raises(DomainError) as refused:
        undo_import(admin, report.batch_id)
    assert refused.value.code == "import.undo_blocked" and refused.value.params["count"] == 1
    assert refused.value.params["codes"] == get_customer(admin, target).code
    assert customers(admin) == before and list_batches(admin) == batches and not batches[0].undone


def test_an_update_import_is_blocked_by_a_later_edit_of_an_updated_customer(org, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    admin = org["contexts"]["admin"]
    do_import(admin, save_csv(tmp_path / "first.csv", rows(2)))
    report = do_import(admin, save_csv(tmp_path / "second.csv", rows(2, region="广州")), mode="update")
    target = customer_id(admin, "导入测试000有限公司")
    detail = get_customer(admin, target)
    update_customer(admin, target, CustomerInput(**{**detail.data.__dict__, "notes": "手工改的"}))
    before = customers(admin)
    with pytest.raises(DomainError) as refused:
        undo_import(admin, report.batch_id)
    assert refused.value.code == "import.undo_blocked"
    assert customers(admin) == before


def test_who_may_see_and_undo_an_import(org, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    c = org["contexts"]
    report = do_import(c["admin"], save_csv(tmp_path / "new.csv", rows(2)))
    before = customers(c["admin"])
    with pytest.raises(PermissionDenied):
        undo_import(c["north1"], report.batch_id)
    with pytest.raises(PermissionDenied):
        list_batches(c["north1"])
    assert list_batches(c["manager"]) == []  # a manager sees their own imports only
    with pytest.raises(DomainError) as hidden:
        undo_import(c["manager"], report.batch_id)
    assert hidden.value.code == "record.not_found"
    with pytest.raises(DomainError) as missing:
        undo_import(c["admin"], 999_999)
    assert missing.value.code == "record.not_found"
    assert customers(c["admin"]) == before
    mine = do_import(c["manager"], save_csv(tmp_path / "mine.csv", rows(1, start=50)))
    assert [b.id for b in list_batches(c["manager"])] == [mine.batch_id]
    assert [b.id for b in list_batches(c["admin"])] == [mine.batch_id, report.batch_id]  # newest first


def test_an_import_that_changes_nothing_has_no_batch(org, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    admin = org["contexts"]["admin"]
    path = save_csv(tmp_path / "same.csv", rows(2))
    do_import(admin, path, mode="upsert")
    again = do_import(admin, path, mode="upsert")
    assert again.batch_id is None and again.unchanged == 2 and count(admin, ImportBatch) == 1


# --- saved views ------------------------------------------------------------------------------------

def test_presets_save_list_overwrite_delete(org) -> None:  # type: ignore[no-untyped-def]
    admin = org["contexts"]["admin"]
    first, changes = save_view(admin, "import_mapping", "  旧系统导出  ", {"mapping": {"name": "客户名称"}})
    assert first.name == "旧系统导出" and not changes
    save_view(admin, "import_mapping", "Another", {"mapping": {"phone": "电话"}, "mode": "upsert"})
    assert [v.name for v in list_views(admin, "import_mapping")] == ["Another", "旧系统导出"]
    again, _ = save_view(admin, "import_mapping", "旧系统导出", {"mapping": {"name": "名称"}})
    assert again.id == first.id and count(admin, SavedView) == 2
    assert find_view(admin, "import_mapping", "旧系统导出").data == {"mapping": {"name": "名称"}}
    assert list_views(admin, "customer_filter") == []
    delete_view(admin, first.id)
    assert [v.name for v in list_views(admin, "import_mapping")] == ["Another"]
    with pytest.raises(DomainError) as gone:
        find_view(admin, "import_mapping", "旧系统导出")
    assert gone.value.code == "view.not_found"


def test_preset_names_and_kinds_are_checked(org) -> None:  # type: ignore[no-untyped-def]
    admin = org["contexts"]["admin"]
    with pytest.raises(ValidationFailed) as empty:
        save_view(admin, "import_mapping", "   ", {})
    assert (empty.value.code, empty.value.params["field"]) == ("view.name_required", "name")
    with pytest.raises(ValidationFailed) as long:
        save_view(admin, "import_mapping", "名" * 61, {})
    assert long.value.code == "view.name_too_long" and long.value.params["maximum"] == 60
    assert save_view(admin, "import_mapping", "名" * 60, {})[0].name == "名" * 60
    with pytest.raises(DomainError) as kind:
        save_view(admin, "report_layout", "x", {})
    assert kind.value.code == "view.kind_invalid"
    with pytest.raises(PermissionDenied):  # a salesperson may save list filters, not import presets
        save_view(org["contexts"]["north1"], "import_mapping", "x", {})


def test_one_user_cannot_see_or_delete_anothers_views(org) -> None:  # type: ignore[no-untyped-def]
    c = org["contexts"]
    theirs, _ = save_view(c["north1"], "customer_filter", "北京客户", {"region": "北京"})
    mine, _ = save_view(c["north2"], "customer_filter", "北京客户", {"region": "北京", "tier": "vip"})
    assert [v.id for v in list_views(c["north2"], "customer_filter")] == [mine.id]
    assert find_view(c["north2"], "customer_filter", "北京客户").id == mine.id
    with pytest.raises(DomainError) as foreign:
        delete_view(c["north2"], theirs.id)
    assert foreign.value.code == "record.not_found"
    assert [v.id for v in list_views(c["north1"], "customer_filter")] == [theirs.id]
    with pytest.raises(DomainError) as other:
        find_view(c["north2"], "customer_filter", "北京客户", login="north1")
    assert other.value.code == "view.not_found"


def test_the_system_actor_reads_anyones_preset_by_name(org) -> None:  # type: ignore[no-untyped-def]
    from desktop_app.services.context import Context

    c = org["contexts"]
    system = Context(c["admin"].database)
    save_view(c["admin"], "import_mapping", "旧系统", {"mapping": {"name": "客户"}})
    assert find_view(system, "import_mapping", "旧系统").data == {"mapping": {"name": "客户"}}
    save_view(c["manager"], "import_mapping", "旧系统", {"mapping": {"name": "名称"}})
    with pytest.raises(DomainError) as ambiguous:
        find_view(system, "import_mapping", "旧系统")
    assert ambiguous.value.code == "view.ambiguous" and ambiguous.value.params["logins"] == "admin, manager"
    assert find_view(system, "import_mapping", "旧系统", login="manager").data == {"mapping": {"name": "名称"}}
    assert list_views(system, "import_mapping") == []
    with pytest.raises(DomainError) as no_user:
        save_view(system, "import_mapping", "x", {})
    assert no_user.value.code == "view.user_required"


def test_a_preset_maps_the_columns_the_file_has() -> None:
    header = ["公司", "手机号", "备注"]
    preset = {"name": "公司", "phone": "手机号", "region": "所在地区", "unknown": "x"}
    # 备注 is recognised by its header but the preset leaves notes out; 所在地区 is missing from this file
    assert preset_mapping(header, preset) == {"name": "公司", "phone": "手机号"}
    guessed = preset_mapping(["公司", "地区"], {"name": "公司", "region": "所在地区"})
    assert guessed == {"name": "公司", "region": "地区"}


def test_undo_restores_the_custom_values_an_upsert_changed(org, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from desktop_app.services.custom_fields import CustomFieldInfo, save_field
    from desktop_app.services.customer_import import import_fields

    admin = org["contexts"]["admin"]
    save_field(admin, CustomFieldInfo(0, "", "客户等级", "choice", ("A级", "B级"), position=1))
    save_field(admin, CustomFieldInfo(0, "contract_value", "合同金额", "number", position=2))
    save_field(admin, CustomFieldInfo(0, "", "签约日期", "date", position=3))
    header = ["客户名称", "电话", "客户等级", "合同金额"]

    def custom_import(path: Path, mode: str):  # type: ignore[no-untyped-def]
        mapping = auto_mapping(read_table(path)[0], import_fields(admin))
        report = run_import(admin, path, ImportOptions(mapping, mode, "name"), dry_run=False)
        assert report.committed, report.problems
        return report

    def stored() -> dict[str, tuple]:
        session = admin.database.session(write=False)
        try:
            return {name: (custom, text) for name, custom, text in session.execute(
                select(Customer.name, Customer.custom, Customer.search_text))}
        finally:
            session.close()

    custom_import(save_csv(tmp_path / "first.csv", [["甲公司", "13900000001", "A级", "100"],
                                                    ["乙公司", "13900000002", "", "200"]], header), "create")
    target = customer_id(admin, "甲公司")
    detail = get_customer(admin, target)  # a value the file does not have stays as it is
    update_customer(admin, target, CustomerInput(**{**detail.data.__dict__, "custom": (("qyrq", "2026-01-05"),)}))
    before = stored()
    assert before["甲公司"][0] == {"khdj": "A级", "contract_value": "100", "qyrq": "2026-01-05"}
    second = save_csv(tmp_path / "second.csv", [["甲公司", "13900000001", "B级", "１００"],
                                               ["乙公司", "13900000002", "A级", "250"]], header)
    report = custom_import(second, "upsert")
    assert (report.created, report.updated, report.unchanged) == (0, 2, 0)
    after = stored()
    assert after["甲公司"][0] == {"khdj": "B级", "contract_value": "100", "qyrq": "2026-01-05"}
    assert after["乙公司"][0] == {"khdj": "A级", "contract_value": "250"}
    assert "b级" in after["甲公司"][1].lower() and "a级" not in after["甲公司"][1].lower()
    session = admin.database.session(write=False)
    try:
        befores = {c.customer_id: c.before for c in session.scalars(
            select(ImportChange).where(ImportChange.batch_id == report.batch_id))}
    finally:
        session.close()
    assert befores[target] == {"custom.khdj": "A级"}
    assert befores[customer_id(admin, "乙公司")] == {"custom.khdj": "", "custom.contract_value": "200"}
    undo, _ = undo_import(admin, report.batch_id)
    assert (undo.deleted, undo.restored) == (0, 2)
    assert stored() == before
