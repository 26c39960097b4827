"""The first run, driven like a user would: wizard → main window; then log-in on the next start."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QApplication, QMessageBox, QWizard

from desktop_app.app import Controller, start
from desktop_app.config import DeviceConfig, Paths, load_config, save_config
from desktop_app.views import i18n, ops
from desktop_app.views.login import LoginDialog
from desktop_app.views.main_window import MainWindow
from desktop_app.views.wizard import ADMIN_PAGE, COMPANY_PAGE, DATABASE_PAGE, SetupWizard

COMPANY = "北京本机科技有限公司"


@pytest.fixture
def chinese(benji_paths: Paths) -> Iterator[Paths]:
    save_config(benji_paths, DeviceConfig(language="zh_CN"))
    yield benji_paths
    i18n.install("en")


def _close(controller: Controller) -> None:
    ops.wait_idle()
    for widget in (controller.window, controller.dialog):
        if widget is not None:
            widget.close()
    if controller.state.database is not None:
        controller.state.database.dispose()


def _run_wizard(qtbot, controller: Controller, shots: Path | None = None) -> MainWindow:  # type: ignore[no-untyped-def]
    wizard = controller.dialog
    assert isinstance(wizard, SetupWizard)
    assert wizard.currentId() == DATABASE_PAGE
    assert wizard.database_page.form.embedded.isChecked()
    if shots:
        wizard.grab().save(str(shots / "wizard-database.png"))
    qtbot.mouseClick(wizard.button(QWizard.WizardButton.NextButton), qtbot_left())
    assert wizard.currentId() == COMPANY_PAGE
    fields = wizard.company_page.fields
    type_text(qtbot, fields["name"], COMPANY)
    qtbot.keyClicks(fields["tax_id"], "91110000600037341X")  # a typing error in the check digit
    qtbot.mouseClick(wizard.button(QWizard.WizardButton.NextButton), qtbot_left())
    assert wizard.currentId() == COMPANY_PAGE
    assert "统一社会信用代码无效" in wizard.company_page.errors.label.text()
    fields["tax_id"].clear()
    qtbot.keyClicks(fields["tax_id"], "91110000600037341L")
    qtbot.keyClicks(fields["phone"], "010-88886666")
    type_text(qtbot, fields["address"], "北京市海淀区中关村大街1号")
    if shots:
        wizard.grab().save(str(shots / "wizard-company.png"))
    qtbot.mouseClick(wizard.button(QWizard.WizardButton.NextButton), qtbot_left())
    assert wizard.currentId() == ADMIN_PAGE
    admin = wizard.admin_page
    admin.login.clear()
    qtbot.keyClicks(admin.login, "zhangwei")
    type_text(qtbot, admin.display_name, "张伟")
    qtbot.keyClicks(admin.password, "Benji-2026!")
    qtbot.keyClicks(admin.confirm, "Benji-2026!")
    qtbot.mouseClick(wizard.button(QWizard.WizardButton.FinishButton), qtbot_left())
    qtbot.waitUntil(lambda: controller.window is not None and controller.window.isVisible(), timeout=20_000)
    return controller.window


def type_text(qtbot, edit, text: str) -> None:  # type: ignore[no-untyped-def]
    """Type like a user: key clicks for ASCII; Chinese arrives committed by the input method."""
    if text.isascii():
        qtbot.keyClicks(edit, text)
    else:
        edit.setFocus()
        edit.insert(text)


def qtbot_left():  # type: ignore[no-untyped-def]
    from PySide6.QtCore import Qt

    return Qt.MouseButton.LeftButton


def test_wizard_then_main_window_in_chinese(qtbot, chinese: Paths, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    controller = start(QApplication.instance(), chinese)
    try:
        window = _run_wizard(qtbot, controller, shots=tmp_path)
        home = window.sections["home"]
        qtbot.waitUntil(lambda: home.company_name.text() == COMPANY, timeout=10_000)
        assert window.sidebar.item(0).text() == "首页"
        assert home.title.text() == "欢迎，张伟"
        assert "管理员" in window.status_user.text()
        assert str(chinese.default_database) in window.status_database.text()
        metrics = QFontMetrics(home.title.font())
        assert all(metrics.inFontUcs4(ord(ch)) for ch in "欢迎首页公司")  # the shipped CJK font draws them
        shot = tmp_path / "main-window.png"
        window.grab().save(str(shot))
        assert shot.stat().st_size > 10_000
        config = load_config(chinese)
        assert config.profile is not None and config.profile.path == str(chinese.default_database)
    finally:
        _close(controller)


def test_next_start_asks_to_log_in(qtbot, chinese: Paths) -> None:  # type: ignore[no-untyped-def]
    first = start(QApplication.instance(), chinese)
    _run_wizard(qtbot, first)
    _close(first)
    second = start(QApplication.instance(), chinese)
    try:
        dialog = second.dialog
        assert isinstance(dialog, LoginDialog)
        qtbot.waitUntil(lambda: dialog.log_in_button.isEnabled(), timeout=15_000)
        assert dialog.company.text() == COMPANY
        assert dialog.login.text() == "zhangwei"  # remembered from the last log-in
        qtbot.keyClicks(dialog.password, "wrong-password")
        qtbot.mouseClick(dialog.log_in_button, qtbot_left())
        qtbot.waitUntil(lambda: "登录名或密码错误" in dialog.status.text(), timeout=10_000)
        dialog.password.clear()
        qtbot.keyClicks(dialog.password, "Benji-2026!")
        qtbot.mouseClick(dialog.log_in_button, qtbot_left())
        qtbot.waitUntil(lambda: second.window is not None and second.window.isVisible(), timeout=10_000)
    finally:
        _close(second)


def test_a_newer_database_is_refused_at_log_in(qtbot, chinese: Paths) -> None:  # type: ignore[no-untyped-def]
    import sqlite3

    first = start(QApplication.instance(), chinese)
    _run_wizard(qtbot, first)
    _close(first)
    with sqlite3.connect(chinese.default_database) as raw:
        raw.execute("UPDATE alembic_version SET version_num = '0999_newer'")
    raw.close()
    second = start(QApplication.instance(), chinese)
    try:
        dialog = second.dialog
        qtbot.waitUntil(lambda: "更新版本" in dialog.status.text(), timeout=15_000)
        assert "0999_newer" in dialog.status.text()
        assert dialog.log_in_button.text() == "重试"
    finally:
        _close(second)


def test_unexpected_errors_reach_the_error_dialog(qtbot, benji_paths: Paths) -> None:  # type: ignore[no-untyped-def]
    def boom(_progress: ops.Progress) -> None:
        raise RuntimeError("disk on fire")

    ops.run(None, boom, write=False)
    qtbot.waitUntil(lambda: any(w.objectName() == "errorDialog" and w.isVisible()
                                for w in QApplication.topLevelWidgets()), timeout=5_000)
    box = next(w for w in QApplication.topLevelWidgets() if w.objectName() == "errorDialog")
    assert isinstance(box, QMessageBox)
    assert "Nothing was saved" in box.text()
    assert "disk on fire" in box.detailedText()
    box.close()
