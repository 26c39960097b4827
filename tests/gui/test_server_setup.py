"""The wizard against a real LAN server: set up from one desktop, join from a second."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import MemoryKeyring, server_url
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWizard
from sqlalchemy import make_url

from desktop_app.app import start
from desktop_app.config import Paths, load_config
from desktop_app.views import ops
from desktop_app.views.login import LoginDialog
from desktop_app.views.wizard import COMPANY_PAGE, SetupWizard

pytestmark = pytest.mark.server
SECRET = "Lan-Secret-Never-In-Files-7"


def _fill_server(qtbot, wizard: SetupWizard, url: str, port: int | None = None) -> None:  # type: ignore[no-untyped-def]
    parsed = make_url(url)
    form = wizard.database_page.form
    form.server.setChecked(True)
    form.kind.setCurrentIndex(form.kind.findData("postgresql"))
    form.host.setText(parsed.host or "")
    form.port.setValue(port or parsed.port or 5432)
    form.database.setText(parsed.database or "")
    form.user.setText(parsed.username or "")
    qtbot.keyClicks(form.password, SECRET)  # the test server trusts local connections; any password works


def _desktop(tmp_path: Path, name: str, monkeypatch: pytest.MonkeyPatch) -> Paths:
    monkeypatch.setenv("BENJI_HOME", str(tmp_path / name))
    return Paths.default()


def test_set_up_on_a_server_then_join_from_a_second_desktop(qtbot, tmp_path: Path, db_url_pg: str,  # type: ignore[no-untyped-def]
                                                            monkeypatch, memory_keyring: MemoryKeyring) -> None:
    first_paths = _desktop(tmp_path, "desk1", monkeypatch)
    first = start(QApplication.instance(), first_paths)
    wizard = first.dialog
    _fill_server(qtbot, wizard, db_url_pg)
    qtbot.mouseClick(wizard.button(QWizard.WizardButton.NextButton), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: wizard.currentId() == COMPANY_PAGE, timeout=10_000)  # tested, then moved on
    wizard.company_page.fields["name"].setText("局域网测试公司")
    wizard.next()
    admin = wizard.admin_page
    for edit, value in ((admin.password, "Admin-pass-1"), (admin.confirm, "Admin-pass-1")):
        edit.setText(value)
    qtbot.mouseClick(wizard.button(QWizard.WizardButton.FinishButton), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: first.window is not None, timeout=20_000)
    assert "postgresql" in first.window.status_database.text()
    ops.wait_idle()
    first.window.close()
    first.state.database.dispose()

    profile = load_config(first_paths).profile
    assert profile is not None and profile.kind == "postgresql"
    assert memory_keyring.get_password("Benji CRM", profile.secret_key()) == SECRET
    for path in first_paths.config_dir.parent.rglob("*"):
        if path.is_file():
            assert SECRET.encode() not in path.read_bytes(), path

    second_paths = _desktop(tmp_path, "desk2", monkeypatch)
    second = start(QApplication.instance(), second_paths)
    joining = second.dialog
    _fill_server(qtbot, joining, db_url_pg)
    joining.database_page.form.test_connection()
    qtbot.waitUntil(lambda: joining.database_page.joins_existing(), timeout=10_000)
    assert "已完成初始化" in joining.database_page.form.status.text() or "already set up" in \
        joining.database_page.form.status.text()
    assert joining.button(QWizard.WizardButton.FinishButton).isVisible()
    qtbot.mouseClick(joining.button(QWizard.WizardButton.FinishButton), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: isinstance(second.dialog, LoginDialog), timeout=20_000)
    login = second.dialog
    qtbot.waitUntil(lambda: login.company.text() == "局域网测试公司", timeout=10_000)
    ops.wait_idle()
    login.close()
    if second.state.database is not None:
        second.state.database.dispose()


@pytest.fixture
def db_url_pg() -> str:
    from conftest import _wipe

    url = server_url("postgresql")
    _wipe(url)
    return url
