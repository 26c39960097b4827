"""Users, roles, effective access, audit viewer and idle lock, driven with pytest-qt in zh_CN."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import ADMIN_PASSWORD
from PySide6.QtCore import Qt

from desktop_app.config import DatabaseProfile, DeviceConfig
from desktop_app.services.access import Scope
from desktop_app.services.auth import CurrentUser
from desktop_app.views import i18n, ops
from desktop_app.views.state import AppState

pytestmark = pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)


@pytest.fixture
def admin_state(org, benji_paths, qapp) -> Iterator[AppState]:  # type: ignore[no-untyped-def]
    from desktop_app.views import look

    look.apply(qapp)
    i18n.install("zh_CN")
    admin = org["contexts"]["admin"]
    actor = admin.actor
    state = AppState(benji_paths, DeviceConfig(profile=DatabaseProfile(path="benji.db")))
    state.database, state.context = admin.database, admin
    state.user = CurrentUser(actor.user_id, actor.login, actor.display_name, False, actor.access)
    yield state
    ops.wait_idle()
    i18n.install("en")


@pytest.fixture(autouse=True)
def confirm_with_admin_password(monkeypatch: pytest.MonkeyPatch) -> None:
    for module in ("users", "roles"):
        monkeypatch.setattr(f"desktop_app.views.pages.{module}.ask_password", lambda *_a: ADMIN_PASSWORD)


def settle(qtbot) -> None:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: not ops.busy(), timeout=10_000)


def test_user_editor_creates_a_user_in_a_department(qtbot, admin_state: AppState, org, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from desktop_app.views.pages.users import UsersPage

    page = UsersPage(admin_state)
    qtbot.addWidget(page)
    page.resize(1000, 600)
    settle(qtbot)
    assert page.model.rowCount() == 7
    qtbot.mouseClick(page.new_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.editor is not None and page.editor.isVisible(), timeout=5_000)
    editor = page.editor
    qtbot.keyClicks(editor.login, "north3")
    editor.display_name.setText("华北销售三")
    qtbot.keyClicks(editor.phone, "13900000009")
    editor.department.setCurrentIndex(editor.department.findData(org["departments"]["north"]))
    sales = next(i for i in range(editor.roles.count()) if editor.roles.item(i).text() == "销售")
    editor.roles.item(sales).setCheckState(Qt.CheckState.Checked)
    qtbot.keyClicks(editor.password, "Initial-pass-1")
    editor.grab().save(str(tmp_path / "user-editor.png"))
    editor.save()
    qtbot.waitUntil(lambda: not editor.isVisible(), timeout=10_000)
    settle(qtbot)
    logins = [page.model.rows[i].login for i in range(page.model.rowCount())]
    assert "north3" in logins
    created = next(u for u in page.model.rows if u.login == "north3")
    assert created.department_name == "华北组" and created.role_names == ("Sales",)
    assert page._status(created) == "需修改密码"
    page.grab().save(str(tmp_path / "users.png"))


def test_role_editor_copies_and_edits_a_role(qtbot, admin_state: AppState, monkeypatch, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from desktop_app.services.roles import list_roles
    from desktop_app.views.pages import roles as roles_page

    page = roles_page.RolesPage(admin_state)
    qtbot.addWidget(page)
    page.resize(1100, 700)
    settle(qtbot)
    editor = page.editor
    editor.list.setCurrentRow(next(i for i, r in enumerate(editor.roles) if r.name == "Sales"))
    assert not editor.save_button.isEnabled() and not editor.grid.scopes["customers"].isEnabled()
    monkeypatch.setattr(roles_page.QInputDialog, "getText", lambda *_a, **_k: ("大客户销售", True))
    editor.copy()
    settle(qtbot)
    assert editor.current().name == "大客户销售" and editor.save_button.isEnabled()
    customers = editor.grid.resources.index("customers")
    delete = editor.grid.table.item(customers, 3)
    delete.setCheckState(Qt.CheckState.Checked)
    scope = editor.grid.scopes["customers"]
    scope.setCurrentIndex(scope.findData(int(Scope.DEPARTMENT)))
    page.grab().save(str(tmp_path / "roles.png"))
    editor.save()
    settle(qtbot)
    saved = next(r for r in list_roles(admin_state.context) if r.name == "大客户销售")
    assert "delete" in saved.grants.resources["customers"].actions
    assert saved.grants.resources["customers"].scope is Scope.DEPARTMENT


def test_effective_access_shows_the_merge(qtbot, admin_state: AppState, org, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from desktop_app.views.pages.roles import RolesPage

    page = RolesPage(admin_state)
    qtbot.addWidget(page)
    page.resize(1100, 700)
    page.tabs.setCurrentIndex(1)
    view = page.effective
    settle(qtbot)
    view.user.setCurrentIndex(view.user.findData(org["ids"]["north1"]))
    settle(qtbot)
    grid = view.grid
    row = grid.resources.index("customers")
    assert grid.table.item(row, 1).checkState() == Qt.CheckState.Checked  # create
    assert grid.table.item(row, 3).checkState() == Qt.CheckState.Unchecked  # delete
    assert grid.scopes["customers"].currentText() == "本人"
    assert "销售" in view.roles.text()
    page.grab().save(str(tmp_path / "effective-access.png"))


def test_audit_viewer_lists_verifies_and_detects_tampering(qtbot, admin_state: AppState, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from desktop_app.views.pages.audit import AuditPage

    page = AuditPage(admin_state)
    qtbot.addWidget(page)
    page.resize(1100, 600)
    settle(qtbot)
    actions = {row.action for row in page.model.rows}
    assert {"user.create", "user.login", "department.create"} <= actions
    page.verify()
    qtbot.waitUntil(lambda: "完整" in page.result.text(), timeout=10_000)
    page.grab().save(str(tmp_path / "audit.png"))
    with admin_state.database.engine.begin() as connection:
        connection.exec_driver_sql("DROP TRIGGER audit_log_no_update")
        connection.exec_driver_sql("UPDATE audit_log SET user_login = 'mallory' WHERE seq = 4")
    page.verify()
    qtbot.waitUntil(lambda: "第 4 条" in page.result.text(), timeout=10_000)


def test_idle_lock_keeps_unsaved_input(qtbot, admin_state: AppState, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from desktop_app.views.main_window import MainWindow

    admin_state.config = DeviceConfig(profile=admin_state.config.profile, extra={"idle_lock_minutes": 0.01})
    window = MainWindow(admin_state)
    qtbot.addWidget(window)
    window.show()
    window.show_section("company")
    settle(qtbot)
    company = window.sections["company"]
    company.fields["address"].setText("尚未保存的地址")
    qtbot.waitUntil(lambda: window.lock_dialog is not None and window.lock_dialog.isVisible(), timeout=5_000)
    lock = window.lock_dialog
    lock.grab().save(str(tmp_path / "lock.png"))
    qtbot.keyClicks(lock.password, "wrong-password")
    lock.unlock()
    qtbot.waitUntil(lambda: "不正确" in lock.status.text(), timeout=5_000)
    lock.password.clear()
    qtbot.keyClicks(lock.password, ADMIN_PASSWORD)
    lock.unlock()
    qtbot.waitUntil(lambda: window.lock_dialog is None, timeout=5_000)
    assert company.fields["address"].text() == "尚未保存的地址" and company.is_dirty()
    company._fill(company.loaded)  # discard the input, or closing the window would ask about it
    window.close()
