"""The import wizard: mapping presets (save, choose, delete) and "Undo this import" on its last page."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox, QWizard
from screens import settle, state_for
from sqlalchemy import func, select

from desktop_app.models import Customer
from desktop_app.services.import_undo import list_batches
from desktop_app.services.saved_views import list_views
from desktop_app.views import import_mapping, import_wizard, ops
from desktop_app.views.state import AppState

pytestmark = pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)



@pytest.fixture
def idle(qapp) -> Iterator[None]:  # type: ignore[no-untyped-def]
    yield
    ops.wait_idle()



def open_wizard(qtbot, state: AppState, source: Path) -> import_wizard.ImportWizard:  # type: ignore[no-untyped-def]
    wizard = import_wizard.ImportWizard(state)
    qtbot.addWidget(wizard)
    wizard.open()
    wizard.file_page.path.setText(str(source))
    wizard.next()
    settle(qtbot)  # the presets arrive in the background
    return wizard


def customer_count(context) -> int:  # type: ignore[no-untyped-def]
    session = context.database.session(write=False)
    try:
        return int(session.scalar(select(func.count()).select_from(Customer)) or 0)
    finally:
        session.close()


def test_save_choose_and_delete_a_mapping_preset(qtbot, org, benji_paths, idle, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                 monkeypatch) -> None:
    state = state_for(org, "admin", benji_paths)
    source = tmp_path / "old.csv"  # headers nobody would guess
    source.write_bytes("公司,手机号,所在地区\n北京科技有限公司,13812345678,北京\n".encode("gbk"))
    wizard = open_wizard(qtbot, state, source)
    page = wizard.mapping_page
    assert wizard.currentId() == import_wizard.MAPPING_PAGE and page.mapping() == {}
    assert page.preset.count() == 1 and not page.delete_preset.isEnabled()
    for target, column in (("name", "公司"), ("phone", "手机号"), ("region", "所在地区")):
        page.combos[target].setCurrentIndex(page.combos[target].findData(column))
    page.mode.setCurrentIndex(page.mode.findData("upsert"))
    monkeypatch.setattr(import_mapping.QInputDialog, "getText", lambda *_a, **_k: ("Old system", True))
    page.save_preset.click()
    settle(qtbot)
    [saved] = list_views(state.context, "import_mapping")
    assert saved.name == "Old system" and saved.data["mapping"] == {"name": "公司", "phone": "手机号",
                                                                   "region": "所在地区"}
    assert page.preset.currentText() == "Old system" and page.delete_preset.isEnabled()
    wizard.reject()

    again = open_wizard(qtbot, state, source)
    page = again.mapping_page
    assert page.mapping() == {} and page.mode.currentData() == "create"
    page.preset.setCurrentIndex(page.preset.findData(saved.id))
    assert page.mapping() == {"name": "公司", "phone": "手机号", "region": "所在地区"}
    assert page.mode.currentData() == "upsert"
    monkeypatch.setattr(QMessageBox, "question", lambda *_a, **_k: QMessageBox.StandardButton.Yes)
    page.delete_preset.click()
    settle(qtbot)
    assert list_views(state.context, "import_mapping") == [] and page.preset.count() == 1
    assert page.mapping() == {"name": "公司", "phone": "手机号", "region": "所在地区"}  # the combos stay as they are


def test_import_then_undo_this_import(qtbot, org, benji_paths, idle, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    state = state_for(org, "admin", benji_paths)
    published: list[object] = []
    state.bus.changed.connect(published.append)
    source = tmp_path / "customers.csv"
    source.write_bytes("客户名称,电话,地区\n北京科技有限公司,13812345678,北京\n上海贸易有限公司,13912345678,上海\n"
                       .encode())
    wizard = open_wizard(qtbot, state, source)
    wizard.next()
    check = wizard.check_page
    qtbot.waitUntil(lambda: check.report is not None and check.isComplete(), timeout=10_000)
    wizard.button(QWizard.WizardButton.CommitButton).click()
    qtbot.waitUntil(lambda: wizard.currentId() == import_wizard.DONE_PAGE, timeout=10_000)
    assert wizard.result_report.committed and wizard.result_report.created == 2
    assert customer_count(state.context) == 2 and published
    done = wizard.done_page
    assert not done.undo_button.isHidden() and "2 new customers" in done.summary.text()
    asked: list[str] = []

    def question(_parent, _title, text, *_a, **_k):  # type: ignore[no-untyped-def]
        asked.append(text)
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", question)
    done.undo_button.click()
    qtbot.waitUntil(lambda: done.undo_report is not None, timeout=10_000)
    assert asked and "2 customers" in asked[0]
    assert customer_count(state.context) == 0 and list_batches(state.context)[0].undone
    assert (done.undo_report.deleted, done.undo_report.restored) == (2, 0)
    assert not done.undo_button.isEnabled() and "undone" in done.summary.text()
    assert len(published) == 2


def test_the_mapping_page_offers_and_auto_maps_custom_fields(qtbot, org, benji_paths, idle, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                            monkeypatch) -> None:
    from desktop_app.services.custom_fields import CustomFieldInfo, save_field

    state = state_for(org, "admin", benji_paths)
    save_field(state.context, CustomFieldInfo(0, "", "客户等级", "choice", ("A级", "B级"), position=1))
    save_field(state.context, CustomFieldInfo(0, "contract_value", "合同金额", "number", position=2))
    source = tmp_path / "old.csv"
    source.write_bytes("客户名称,客户等级,金额\n北京科技有限公司,a级,１２００\n".encode("gbk"))
    wizard = open_wizard(qtbot, state, source)
    page = wizard.mapping_page
    targets = list(page.combos)
    assert targets == [*import_wizard.TARGETS, "custom.khdj", "custom.contract_value"]
    labels = [page.grid.labelForField(page.combos[t]).text() for t in targets[-2:]]
    assert labels == ["客户等级", "合同金额"]
    assert page.mapping() == {"name": "客户名称", "custom.khdj": "客户等级"}
    combo = page.combos["custom.contract_value"]
    combo.setCurrentIndex(combo.findData("金额"))
    monkeypatch.setattr(import_mapping.QInputDialog, "getText", lambda *_a, **_k: ("Old system", True))
    page.save_preset.click()
    settle(qtbot)
    [saved] = list_views(state.context, "import_mapping")
    assert saved.data["mapping"] == {"name": "客户名称", "custom.khdj": "客户等级", "custom.contract_value": "金额"}
    combo.setCurrentIndex(0)
    page.preset.setCurrentIndex(0)
    page.preset.setCurrentIndex(page.preset.findData(saved.id))  # the preset brings the custom column back
    assert page.mapping()["custom.contract_value"] == "金额"

    wizard.next()
    check = wizard.check_page
    qtbot.waitUntil(lambda: check.report is not None and check.isComplete(), timeout=10_000)
    wizard.button(QWizard.WizardButton.CommitButton).click()
    qtbot.waitUntil(lambda: wizard.currentId() == import_wizard.DONE_PAGE, timeout=10_000)
    session = state.context.database.session(write=False)
    try:
        assert session.scalars(select(Customer.custom)).one() == {"khdj": "A级", "contract_value": "1200"}
    finally:
        session.close()
