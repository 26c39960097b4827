"""The first-run wizard's demo company option: unchecked by default; checked, the demo is filled after set-up
on the worker (with fewer customers here, to keep the test short)."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication, QWizard
from sqlalchemy import func, select

from desktop_app.app import start
from desktop_app.config import Paths
from desktop_app.models import Bill, Customer, User
from desktop_app.views import ops, wizard_demo
from desktop_app.views.wizard import ADMIN_PAGE, COMPANY_PAGE, SetupWizard


def test_the_wizard_fills_the_demo_company(qtbot, benji_paths: Paths, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(wizard_demo, "CUSTOMERS", 20)
    steps: list[str] = []
    real_step_text = wizard_demo.step_text
    monkeypatch.setattr(wizard_demo, "step_text", lambda step: steps.append(step) or real_step_text(step))
    controller = start(QApplication.instance(), benji_paths)
    try:
        wizard = controller.dialog
        assert isinstance(wizard, SetupWizard)
        wizard.next()
        assert wizard.currentId() == COMPANY_PAGE
        wizard.company_page.fields["name"].setText("演示科技有限公司")
        wizard.next()
        assert wizard.currentId() == ADMIN_PAGE
        page = wizard.admin_page
        assert not page.demo.isChecked()
        assert "Demo-2026!" in page.demo.findChildren(type(page.errors.label))[-1].text()
        page.login.setText("zhangwei")
        page.password.setText("Benji-2026!")
        page.confirm.setText("Benji-2026!")
        page.demo.checkbox.setChecked(True)
        qtbot.mouseClick(wizard.button(QWizard.WizardButton.FinishButton), qtbot_left())
        qtbot.waitUntil(lambda: controller.window is not None and controller.window.isVisible(), timeout=30_000)
        assert wizard.outcome is not None and wizard.outcome.demo is not None
        assert wizard.outcome.demo.customers == 20
        assert steps[0] == "staff" and "payments" in steps
        with controller.state.database.engine.connect() as connection:
            assert connection.scalar(select(func.count()).select_from(Customer)) == 20
            assert (connection.scalar(select(func.count()).select_from(Bill)) or 0) > 20
            assert connection.scalar(select(User.login).where(User.login == "demo_clerk")) == "demo_clerk"
    finally:
        ops.wait_idle()
        for widget in (controller.window, controller.dialog):
            if widget is not None:
                widget.close()
        if controller.state.database is not None:
            controller.state.database.dispose()


def qtbot_left():  # type: ignore[no-untyped-def]
    from PySide6.QtCore import Qt

    return Qt.MouseButton.LeftButton
