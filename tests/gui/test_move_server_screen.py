"""升级到局域网服务器 in the GUI against a real PostgreSQL server, in zh_CN: Test connection (as the owner;
a wrong owner is told what to enter), the user's password asked again, the move with its progress, the new
profile saved with the app user's password in the keyring, the message for the other desktops, and the
program closing. Screenshots: /tmp/move_png/*.png."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from conftest import ADMIN_PASSWORD
from screens import settle, state_for
from server_kit import APP_PASSWORD, OWNER_PASSWORD, admin_url, base_url, drop_server

from desktop_app import credentials
from desktop_app.config import load_config
from desktop_app.services.server_setup import ServerNames, create
from desktop_app.views import move_server_dialog
from desktop_app.views.move_server_dialog import MoveToServerDialog

pytestmark = [pytest.mark.server, pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)]
SHOTS = Path("/tmp/move_png")


@pytest.fixture
def names() -> Any:
    base_url("postgresql")  # fails (CI) or skips without a PostgreSQL server
    suffix = f"{os.getpid()}"
    names = ServerNames(database=f"benji_gui_{suffix}", owner=f"benji_gui_o_{suffix}", app=f"benji_gui_a_{suffix}")
    drop_server("postgresql", names)
    create(admin_url("postgresql"), names, OWNER_PASSWORD, APP_PASSWORD)
    yield names
    drop_server("postgresql", names)


def test_move_this_desktop_to_the_server(qtbot: Any, org: Any, benji_paths: Any, chinese: Any, names: Any,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    state = state_for(org, "admin", benji_paths)
    dialog = MoveToServerDialog(state)
    qtbot.addWidget(dialog)
    dialog.show()
    base = base_url("postgresql")
    dialog.host.setText(base.host or "127.0.0.1")
    dialog.port.setValue(base.port or 5432)
    dialog.database.setText(names.database)
    dialog.owner.setText(names.app)  # the app user cannot create the tables: said so, move stays off
    dialog.app.setText(names.app)
    dialog.owner_password.setText(OWNER_PASSWORD)  # keyClicks types ASCII only; these hold quotes and 业务
    dialog.app_password.setText(APP_PASSWORD)
    dialog.test_connection()
    qtbot.waitUntil(lambda: dialog.test_button.isEnabled(), timeout=10_000)
    assert "无权在其中创建数据表" in dialog.status.text()  # zh_CN
    assert not dialog.move_button.isEnabled()
    dialog.owner.setText(names.owner)
    dialog.test_connection()
    qtbot.waitUntil(lambda: dialog.move_button.isEnabled(), timeout=10_000)
    SHOTS.mkdir(parents=True, exist_ok=True)
    dialog.grab().save(str(SHOTS / "ready.png"))

    quits: list[bool] = []
    monkeypatch.setattr(move_server_dialog, "ask_password", lambda *_a: ADMIN_PASSWORD)
    monkeypatch.setattr("desktop_app.views.pages.backup.quit_app", lambda: quits.append(True))
    dialog.move_button.click()
    qtbot.waitUntil(lambda: dialog.report is not None, timeout=60_000)
    settle(qtbot)
    assert dialog.report.rows > 0 and dialog.report.counts["users"] == len(org["ids"])
    profile = load_config(benji_paths).profile
    assert profile is not None and profile.kind == "postgresql" and profile.user == names.app
    assert credentials.load_password(profile.secret_key()) == APP_PASSWORD
    box = dialog.moved_box
    assert box.isVisible() and names.app in box.text() and names.database in box.text()
    box.grab().save(str(SHOTS / "moved.png"))
    box.accept()
    assert quits == [True]
