"""The customer list (lazy model), search, the detail form and pool actions, in zh_CN."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from screens import settle, state_for

from desktop_app.services.customers import CustomerInput, create_customer

pytestmark = pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)





@pytest.fixture
def seeded(org):  # type: ignore[no-untyped-def]
    from desktop_app.services.settings import set_setting

    c = org["contexts"]
    set_setting(c["admin"], "pool.holding_limit", 1000)
    create_customer(c["north1"], CustomerInput(name="北京科技有限公司", phone="13812345678", region="北京"))
    for n in range(450):
        create_customer(c["north1"], CustomerInput(name=f"华北客户{n:03d}有限公司", region="天津"))
    create_customer(c["south1"], CustomerInput(name="广州电子有限公司"))
    create_customer(c["admin"], CustomerInput(name="公海客户有限公司", phone="13900001111"), owner_id=None)
    return org


def test_lazy_list_search_and_scope(qtbot, qtmodeltester, seeded, benji_paths, chinese, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from desktop_app.views.pages.customers import CustomersPage

    page = CustomersPage(state_for(seeded, "north1", benji_paths))
    qtbot.addWidget(page)
    page.resize(1100, 600)
    settle(qtbot)
    model = page.model
    assert model.rowCount() == 200  # the first page; the rest loads as the table scrolls
    qtbot.waitUntil(lambda: page.count.text() == "共 452 个客户", timeout=5_000)  # own 451 + the pool, counted apart
    qtmodeltester.check(model)
    page.show()

    def scrolled_to_the_end() -> bool:
        page.table.scrollToBottom()  # the view asks for the next page when it reaches the end
        return model.rowCount() == 452  # never the south's customer

    qtbot.waitUntil(scrolled_to_the_end, timeout=5_000)
    assert not model.canFetchMore()
    names = {model.row_at(model.index(i, 0)).name for i in range(model.rowCount())}
    assert len(names) == 452  # pages follow each other without a gap or a repeat
    assert "广州电子有限公司" not in names
    page.grab().save(str(tmp_path / "customers.png"))
    qtbot.keyClicks(page.search, "bjkj")
    qtbot.waitUntil(lambda: model.rowCount() == 1, timeout=5_000)
    assert model.data(model.index(0, 1)) == "北京科技有限公司"
    page.search.clear()
    page.region.setText("北")
    page.reload()
    settle(qtbot)
    assert model.rowCount() == 1
    page.region.clear()
    page.reload()
    settle(qtbot)
    page.table.horizontalHeader().sectionClicked.emit(1)  # by name
    settle(qtbot)
    page.table.horizontalHeader().setSortIndicator(1, Qt.SortOrder.DescendingOrder)
    page.table.horizontalHeader().sectionClicked.emit(1)
    settle(qtbot)
    assert model.data(model.index(0, 1)) == "华北客户449有限公司"
    page.show_which.setCurrentIndex(page.show_which.findData("pool"))
    settle(qtbot)
    assert model.rowCount() == 1
    assert model.data(model.index(0, 7)) == "139****1111"
    page.table.selectRow(0)
    page.claim()
    settle(qtbot)
    page.show_which.setCurrentIndex(page.show_which.findData("mine"))
    settle(qtbot)
    qtbot.waitUntil(lambda: page.count.text() == "共 452 个客户", timeout=5_000)
    assert not page.owner.isVisibleTo(page)  # a salesperson has only themself as owner


def test_detail_form_creates_and_edits(qtbot, seeded, benji_paths, chinese, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from desktop_app.views.pages.customers import CustomersPage

    page = CustomersPage(state_for(seeded, "north1", benji_paths))
    qtbot.addWidget(page)
    settle(qtbot)
    page.new_customer()
    dialog = page.dialog
    form = dialog.profile
    form.edits["name"].setText("北京科技有限公司")  # a duplicate of the seeded one
    dialog.save()
    qtbot.waitUntil(lambda: form.errors.label.isVisible(), timeout=5_000)
    assert "客户已存在" in form.errors.label.text()
    form.edits["name"].setText("深圳创新有限公司")
    qtbot.keyClicks(form.edits["phone"], "0755-88886666")
    dialog.save()
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=5_000)
    settle(qtbot)
    page.search.setText("szcx")
    qtbot.waitUntil(lambda: page.model.rowCount() == 1, timeout=5_000)
    page.table.selectRow(0)
    page.open_selected()
    detail = page.dialog
    qtbot.waitUntil(lambda: detail.detail is not None, timeout=5_000)
    assert detail.profile.edits["phone"].text() == "0755-88886666"
    detail.tabs.setCurrentIndex(1)
    contacts = detail.contacts
    contacts.name.setText("李总")
    qtbot.keyClicks(contacts.phone, "13500001234")
    contacts.add()
    qtbot.waitUntil(lambda: contacts.model.rowCount() == 1, timeout=5_000)
    detail.tabs.setCurrentIndex(0)
    detail.profile.edits["address"].setText("深圳市南山区")
    detail.save()
    settle(qtbot)
    assert detail.detail.data.address == "深圳市南山区"
    detail.grab().save(str(tmp_path / "customer.png"))
    detail.close()
    page.search.setText("李总")
    qtbot.waitUntil(lambda: page.model.rowCount() == 1, timeout=5_000)
    assert page.model.data(page.model.index(0, 1)) == "深圳创新有限公司"


def test_import_wizard_dry_run_errors_then_import(qtbot, org, benji_paths, chinese, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QWizard

    from desktop_app.views.pages.customers import CustomersPage

    page = CustomersPage(state_for(org, "admin", benji_paths))
    qtbot.addWidget(page)
    settle(qtbot)
    source = tmp_path / "旧系统客户.csv"
    source.write_bytes("客户名称,电话,地区,负责人\n北京科技有限公司,1.38E+10,北京,north1\n坏公司,123,上海,\n"
                       .encode("gbk"))
    page.import_customers()
    wizard = page.importer
    wizard.file_page.path.setText(str(source))
    wizard.next()
    assert wizard.mapping_page.combos["phone"].currentData() == "电话"
    assert wizard.mapping_page.combos["owner"].currentData() == "负责人"
    wizard.next()
    check = wizard.check_page
    qtbot.waitUntil(lambda: check.report is not None, timeout=10_000)
    assert len(check.report.problems) == 1 and not check.isComplete()
    assert check.model.rows[0].row == 3 and check.model.rows[0].column == "电话"
    wizard.grab().save(str(tmp_path / "import-problems.png"))
    source.write_bytes("客户名称,电话,地区,负责人\n北京科技有限公司,1.38E+10,北京,north1\n".encode("gbk"))
    wizard.back()
    wizard.next()
    qtbot.waitUntil(lambda: check.report is not None and check.isComplete(), timeout=10_000)
    assert check.report.created == 1
    wizard.button(QWizard.WizardButton.CommitButton).click()  # "Import"; then the last page offers undo
    qtbot.waitUntil(lambda: wizard.result_report is not None, timeout=10_000)
    assert wizard.result_report.committed
    settle(qtbot)
    assert page.model.rowCount() == 1
    row = page.model.row_at(page.model.index(0, 0))
    assert (row.name, row.phone, row.owner_name) == ("北京科技有限公司", "13800000000", "华北销售一")


def test_merge_from_the_list(qtbot, org, benji_paths, chinese, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QMessageBox

    from desktop_app.views.pages import customers as customers_page

    c = org["contexts"]
    keep, _ = create_customer(c["admin"], CustomerInput(name="保留客户有限公司"))
    create_customer(c["admin"], CustomerInput(name="重复客户有限公司"))
    page = customers_page.CustomersPage(state_for(org, "admin", benji_paths))
    qtbot.addWidget(page)
    settle(qtbot)
    page.search.setText("重复")
    page.reload()
    settle(qtbot)
    page.table.selectRow(0)
    monkeypatch.setattr(customers_page.QInputDialog, "getText", lambda *_a, **_k: (keep.code, True))
    monkeypatch.setattr(customers_page.QMessageBox, "question", lambda *_a, **_k: QMessageBox.StandardButton.Yes)
    page.merge()
    settle(qtbot)
    page.search.clear()
    page.reload()
    settle(qtbot)
    assert page.model.rowCount() == 1
    assert page.model.row_at(page.model.index(0, 0)).name == "保留客户有限公司"


def test_owner_filter_and_saved_filters(qtbot, seeded, benji_paths, chinese, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QInputDialog, QMessageBox

    from desktop_app.views.pages.customers import CustomersPage

    page = CustomersPage(state_for(seeded, "manager", benji_paths))
    qtbot.addWidget(page)
    settle(qtbot)
    assert page.owner.isVisibleTo(page) and page.department.isVisibleTo(page)
    qtbot.waitUntil(lambda: page.count.text() == "共 453 个客户", timeout=5_000)
    qtbot.waitUntil(lambda: page.owner.findData(seeded["ids"]["south1"]) > 0, timeout=5_000)
    page.owner.setCurrentIndex(page.owner.findData(seeded["ids"]["south1"]))
    qtbot.waitUntil(lambda: page.model.rowCount() == 1, timeout=5_000)
    assert page.model.data(page.model.index(0, 1)) == "广州电子有限公司"
    page.owner.setCurrentIndex(0)
    page.department.setCurrentIndex(page.department.findText("华北组"))
    page.region.setText("北京")
    page.reload()
    settle(qtbot)
    assert page.model.rowCount() == 1
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("华北的北京客户", True))
    page.saved_filters.save()
    qtbot.waitUntil(lambda: page.saved_filters.combo.currentText() == "华北的北京客户", timeout=5_000)
    page.department.setCurrentIndex(0)
    page.region.clear()
    page.reload()
    qtbot.waitUntil(lambda: page.model.rowCount() == 200, timeout=5_000)
    page.saved_filters.combo.setCurrentIndex(1)
    page.saved_filters.combo.activated.emit(1)
    assert page.department.currentText() == "华北组" and page.region.text() == "北京"
    qtbot.waitUntil(lambda: page.model.rowCount() == 1, timeout=5_000)
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    page.saved_filters.delete()
    qtbot.waitUntil(lambda: page.saved_filters.combo.count() == 1, timeout=5_000)  # only the prompt is left
